"""Whom to hire with a budget: candidates from scored creators, the integer program, the roster."""
