"""Checks on person-year rows. Every problem is reported (with up to five example rows), none stops the others.

Row checks are SQL conditions evaluated inside the single aggregation scan (so validating costs almost nothing
extra); cross-row checks (duplicate person-years, unknown codes) run on their own or on the aggregated groups.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pyarrow.parquet as pq

from boligmonitor.errors import Problem
from boligmonitor.microdata.readers import PersonSource
from boligmonitor.microdata.schema import COLUMNS_BY_NAME

EXAMPLES = 5


@dataclass(frozen=True)
class RowCheck:
    name: str
    column: str
    condition: str  # SQL: true for a bad row
    message: str
    fix: str
    show: str  # SQL for the value to show


def row_checks(source: PersonSource) -> list[RowCheck]:
    checks = []
    for name in source.columns:
        col = COLUMNS_BY_NAME[name]
        q = f'"{name}"'
        raw = f'"raw__{name}"' if name in source.cast_columns else q
        if name in source.cast_columns:
            expected = {"INTEGER": "a whole number", "DOUBLE": "a number", "BOOLEAN": "true/false (or ja/nej, 1/0)",
                        "VARCHAR": "text"}[col.duck_type]
            checks.append(RowCheck(f"type_{name}", name, f"{raw} IS NOT NULL AND {q} IS NULL",
                                   f"expected {expected}", "correct the value or the column type", raw))
        if not col.nullable:
            checks.append(RowCheck(f"empty_{name}", name, f"{raw} IS NULL", "value is empty",
                                   f"fill in {col.description.lower()}", "NULL"))
        if col.allowed:
            allowed = ", ".join(f"'{a}'" for a in col.allowed)
            checks.append(RowCheck(f"code_{name}", name, f"{q} IS NOT NULL AND {q} NOT IN ({allowed})",
                                   "value is not one of the allowed codes", "use one of: " + ", ".join(col.allowed),
                                   q))
        if col.min_value is not None or col.max_value is not None:
            lo, hi = col.min_value, col.max_value
            cond = " OR ".join(x for x in (f"{q} < {lo}" if lo is not None else "",
                                           f"{q} > {hi}" if hi is not None else "") if x)
            checks.append(RowCheck(f"range_{name}", name, f"{q} IS NOT NULL AND ({cond})",
                                   f"value outside the allowed range {lo}–{hi}",
                                   "correct the value (negative ages and shares above 1 are impossible)", q))
    return checks


def row_problems(con: duckdb.DuckDBPyConnection, checks: list[RowCheck], counts: dict[str, int]) -> list[Problem]:
    """Turn the counts from the scan into problems with example rows."""
    out = []
    for check in checks:
        n = counts.get(check.name, 0)
        if not n:
            continue
        rows = con.sql(
            f"SELECT __file, __row, CAST({check.show} AS VARCHAR) FROM persons WHERE {check.condition} "
            f"ORDER BY __file, __row LIMIT {EXAMPLES}"
        ).fetchall()
        for i, (file, row, value) in enumerate(rows):
            more = f" ({n - EXAMPLES} more rows have the same problem)" if i == len(rows) - 1 and n > EXAMPLES else ""
            out.append(Problem(str(file), check.message + more, check.fix, int(row), check.column, value))
    return out


def duplicate_problems(con: duckdb.DuckDBPyConnection, source: PersonSource) -> list[Problem]:
    """(year, person_id) must be unique. Fast path: files already strictly increasing by integer person_id."""
    if source.sorted_by_person_hint and _strictly_increasing_per_year(con, source):
        return []
    dups = con.sql(
        "SELECT year, person_id, count(*) AS n, min(__file) AS f, list(__row ORDER BY __row)[1:3] AS r "
        "FROM persons GROUP BY year, person_id HAVING count(*) > 1 ORDER BY year, person_id LIMIT 6"
    ).fetchall()
    total = 0
    if dups:
        total = con.sql("SELECT count(*) FROM (SELECT 1 FROM persons GROUP BY year, person_id HAVING count(*) > 1)"
                        ).fetchall()[0][0]
    out = []
    for i, (year, _pid, n, file, rows) in enumerate(dups[:EXAMPLES]):
        more = f" ({total - EXAMPLES} more duplicated person-years)" if i == EXAMPLES - 1 and total > EXAMPLES else ""
        out.append(Problem(str(file), f"duplicate person-year: the same person_id appears {n} times in {year} "
                           f"(rows {', '.join(map(str, rows))}){more}", "keep one row per person per year",
                           int(rows[0]), "person_id"))
    return out


def _single_year(pf: pq.ParquetFile) -> int | None:
    """The one data year a file holds, from its column statistics (no data read); None if not provable."""
    if "year" not in pf.schema_arrow.names:
        return None
    col = pf.schema_arrow.names.index("year")
    lows, highs = set(), set()
    for i in range(pf.metadata.num_row_groups):
        stats = pf.metadata.row_group(i).column(col).statistics
        if stats is None or not stats.has_min_max or stats.null_count:
            return None
        lows.add(stats.min)
        highs.add(stats.max)
    return lows.pop() if len(lows | highs) == 1 else None


def _strictly_increasing_per_year(con: duckdb.DuckDBPyConnection, source: PersonSource) -> bool:
    """Cheap exact check when every file holds one year and integer ids in increasing order."""
    years_seen: set[int] = set()
    for path in source.files:
        if path.suffix != ".parquet":
            return False
        year = _single_year(pq.ParquetFile(path))
        if year is None:
            return False
        if year in years_seen:
            return False
        years_seen.add(year)
        ids = pq.read_table(path, columns=["person_id"]).column("person_id").to_numpy()
        if ids.dtype.kind not in "iu" or (len(ids) > 1 and not bool(np.all(ids[1:] > ids[:-1]))):
            return False
    return True
