"""Text the scorers read: term syntax, normalization, the texts of a batch and term matching."""
