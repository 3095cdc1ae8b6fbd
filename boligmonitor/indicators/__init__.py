"""Declarative indicator catalogue, DuckDB engine and disclosure control (the only code reading person rows)."""
