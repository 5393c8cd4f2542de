"""Engagement benchmarks: expected rates as curves of follower count, and calibrating them from data."""
