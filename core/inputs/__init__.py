"""From files to creator batches: opening inputs, the readers, map files, value parsing and rejects."""
