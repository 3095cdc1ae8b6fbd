"""Master data: regions, municipalities, organisations, afdelinger and areas with dated membership."""
