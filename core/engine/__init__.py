"""Scoring a batch: building scorers from rules, running them, checking their columns, tiers and verdicts."""
