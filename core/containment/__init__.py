"""Keeping plugin code from harming the run: stdout reserved for results, scorer time limits."""
