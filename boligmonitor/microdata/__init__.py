"""The person-year contract: schema, readers (Parquet, Danish CSV), validation and synthetic data."""
