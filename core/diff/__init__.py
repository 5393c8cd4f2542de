"""What changes between two rule files: their effective values, and what they do to a ranking."""
