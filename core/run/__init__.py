"""A scoring run end to end: the pipeline, worker processes, Dask/Spark, read-ahead, memory and progress."""
