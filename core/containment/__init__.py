"""Keeping plugin code and input data from harming the run: stdout reserved, scorer time limits, terminal-safe text."""
