"""`brandfit report`: one self-contained HTML page with the summary, ranked table, cards, charts and re-weighting."""
