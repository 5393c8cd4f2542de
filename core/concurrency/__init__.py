"""Threads shared by reading, scoring and writing: computing an iterator's next items ahead."""
