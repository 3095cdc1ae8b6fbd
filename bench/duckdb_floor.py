"""The floor for any DuckDB `run`: only the person-level work the pandas reference does, nothing else.

One DuckDB query over the same Parquet files computes the ten sums the statutory criteria need (the same ten
that `pandas_reference.py` computes) per (year, afdeling, municipality). No validation, no area profile, no
disclosure control, no roll-up, no classification, no bundle. Whatever a DuckDB engine does, its `run` cannot be
faster than this query, so `pandas time / floor time` is the best ratio a DuckDB `run` could reach on this machine.

Usage: python bench/duckdb_floor.py DATA_DIR   (prints the best of three wall times and the rows it read)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import duckdb

LAW_SUMS = """
    count(*) AS residents,
    count_if(origin IN ('indvandrer_ikke_vestlig', 'efterkommer_ikke_vestlig')) AS nonwestern,
    count_if(age BETWEEN 18 AND 64) AS pop_18_64,
    sum(CASE WHEN age BETWEEN 18 AND 64 THEN outside_labour_or_education ELSE 0 END) AS outside,
    count_if(age BETWEEN 30 AND 59) AS pop_30_59,
    count_if(age BETWEEN 30 AND 59 AND education_dk IN ('grundskole', 'ukendt')) AS basic,
    count_if(age >= 18) AS pop_18plus,
    count_if(age >= 18 AND convicted) AS convicted_18plus,
    count_if(taxable AND age BETWEEN 15 AND 64 AND NOT in_education) AS income_n,
    sum(CASE WHEN taxable AND age BETWEEN 15 AND 64 AND NOT in_education THEN gross_income ELSE 0 END) AS income_sum
"""


def floor(data: Path, repeat: int = 3) -> tuple[float, int]:
    """Best wall time of the law-sums query over ``data/persons``, and the number of person rows it summed."""
    con = duckdb.connect()
    files = str(data / "persons" / "*.parquet").replace("'", "''")
    sql = (f"SELECT year, afdeling_id, municipality_code, {LAW_SUMS} FROM read_parquet('{files}') "
           "GROUP BY year, afdeling_id, municipality_code")
    best, rows = float("inf"), 0
    for _ in range(repeat):
        t = time.perf_counter()
        result = con.sql(sql).to_arrow_table()
        best = min(best, time.perf_counter() - t)
        rows = int(sum(result.column("residents").to_pylist()))
    return best, rows


if __name__ == "__main__":
    seconds, n = floor(Path(sys.argv[1]))
    print(f"law sums over {n:,} person rows: best of 3 {seconds:.2f} s")
