"""Per-creator lists and sums built from flat Arrow arrays and offsets, shared by the engine and text matching."""
