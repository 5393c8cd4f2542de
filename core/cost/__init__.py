"""What hiring a creator costs: fees from a rate card, and the value a fee buys (engagements, reach)."""
