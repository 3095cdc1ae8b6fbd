"""Use cases: the pipeline run and the bundle it writes."""
