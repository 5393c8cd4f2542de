"""What users see: result columns, the ranking (spilled and merged), writers, the table and explain."""
