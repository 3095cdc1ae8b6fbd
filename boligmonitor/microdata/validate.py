"""Checks on person-year rows. Every problem is reported (with up to five example rows), none stops the others.

Row checks are SQL conditions. Counting the rows that fail them is the expensive part at national scale, so
:func:`count_failures` first tries to *prove* a check clean without reading rows, and evaluates only what it
cannot prove:

* a "value is empty" check is proved by the Parquet files' own null counts (exact, written per row group);
* an integer range check is proved by the row groups' min/max statistics;
* an allowed-codes check is proved by the column's distinct values (one small DuckDB aggregation);
* everything else (CSV input, floats, converted columns, missing statistics) is counted by one SQL pass.

A check that cannot be proved clean is always counted exactly; the proofs only ever skip work whose answer is 0.
Cross-row checks (duplicate person-years, unknown codes) run on their own or on the aggregated groups.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pyarrow.parquet as pq

from boligmonitor.errors import Problem, shorten
from boligmonitor.microdata.readers import PersonSource
from boligmonitor.microdata.schema import COLUMNS_BY_NAME
from boligmonitor.tabular import number_text

EXAMPLES = 5
EXPECTED = {
    "INTEGER": "a whole number in plain digits (e.g. 34; not 34.5, 3e1, 0x10 or 1_000)",
    "DOUBLE": "a number (e.g. 0.25 or 0,25; not inf, nan or 0x1)",
    "BOOLEAN": "true/false (or ja/nej, 1/0)",
    "VARCHAR": "text",
}


def _bound(x: float | None) -> str:
    return "…" if x is None else number_text(x)


@dataclass(frozen=True)
class RowCheck:
    name: str
    column: str
    condition: str  # SQL: true for a bad row
    message: str
    fix: str
    show: str  # SQL for the value to show
    kind: str = "sql"  # empty | range | code | type: which cheap proof may apply


def row_checks(source: PersonSource) -> list[RowCheck]:
    checks = []
    for name in source.columns:
        col = COLUMNS_BY_NAME[name]
        q = f'"{name}"'
        raw = f'"raw__{name}"' if name in source.cast_columns else q
        if name in source.cast_columns:
            checks.append(RowCheck(f"type_{name}", name, f"{raw} IS NOT NULL AND {q} IS NULL",
                                   f"expected {EXPECTED[col.duck_type]}", "correct the value or the column type",
                                   raw, "type"))
        if not col.nullable:
            checks.append(RowCheck(f"empty_{name}", name, f"{raw} IS NULL", "value is empty",
                                   f"fill in {col.description.lower()}", "NULL", "empty"))
        if col.allowed:
            allowed = ", ".join(f"'{a}'" for a in col.allowed)
            checks.append(RowCheck(f"code_{name}", name, f"{q} IS NOT NULL AND {q} NOT IN ({allowed})",
                                   "value is not one of the allowed codes", "use one of: " + ", ".join(col.allowed),
                                   q, "code"))
        if col.min_value is not None or col.max_value is not None:
            lo, hi = col.min_value, col.max_value
            # NaN is out of range too (DuckDB orders it above every number, but say it explicitly)
            cond = " OR ".join(x for x in (f"{q} < {lo}" if lo is not None else "",
                                           f"{q} > {hi}" if hi is not None else "",
                                           f"isnan({q})" if col.duck_type == "DOUBLE" else "") if x)
            checks.append(RowCheck(f"range_{name}", name, f"{q} IS NOT NULL AND ({cond})",
                                   f"value outside the allowed range {_bound(lo)} to {_bound(hi)}",
                                   col.range_hint or "correct the value", raw, "range"))  # the cell as written
    return checks


def count_failures(con: duckdb.DuckDBPyConnection, source: PersonSource, checks: list[RowCheck]) -> dict[str, int]:
    """Rows failing each check: proved 0 from metadata where possible, counted exactly otherwise."""
    stats = _ParquetStats(source) if source.kind == "parquet" else None
    counts: dict[str, int] = {}
    todo: list[RowCheck] = []
    for check in checks:
        converted = check.column in source.cast_columns
        proved_by_stats = stats is not None and not converted and (
            (check.kind == "empty" and stats.no_nulls(check.column))
            or (check.kind == "range" and stats.within(check.column)))
        if proved_by_stats or (check.kind == "code" and _distinct_allowed(con, check.column)):
            counts[check.name] = 0
        else:
            todo.append(check)
    if todo:
        with every_value(con):
            row = con.sql("SELECT " + ", ".join(f"count_if({c.condition})" for c in todo) + " FROM persons"
                          ).fetchall()[0]
        counts |= {c.name: int(n) for c, n in zip(todo, row, strict=True)}
    return counts


@contextmanager
def every_value(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Evaluate row conditions on every value, not on what the Parquet statistics promise.

    DuckDB folds conditions using Parquet min/max statistics, and float statistics leave NaN out: with that
    optimiser step on, isnan() on a column whose statistics say [0, 0] is folded to false, and a pushed-down
    filter skips the row group (both found by a test with a NaN share). Checks must look at the values, so both
    steps are off while they run.
    """
    con.sql("SET disabled_optimizers = 'statistics_propagation,filter_pushdown'")
    try:
        yield
    finally:
        con.sql("RESET disabled_optimizers")


def _distinct_allowed(con: duckdb.DuckDBPyConnection, column: str) -> bool:
    allowed = COLUMNS_BY_NAME[column].allowed or ()
    values = con.sql(f'SELECT DISTINCT "{column}" FROM persons').fetchall()
    return all(v is None or v in allowed for (v,) in values)


class _ParquetStats:
    """Row-group statistics of every file, per column; a proof fails (returns False) when any is missing."""

    def __init__(self, source: PersonSource) -> None:
        self.files = [pq.ParquetFile(p) for p in source.files]

    def _column_stats(self, column: str) -> list[pq.Statistics] | None:
        out = []
        for pf in self.files:
            stats = _row_group_statistics(pf, column)
            if stats is None:
                return None
            out += stats
        return out

    def no_nulls(self, column: str) -> bool:
        stats = self._column_stats(column)
        return stats is not None and all(st.null_count == 0 for st in stats)

    def within(self, column: str) -> bool:
        col = COLUMNS_BY_NAME[column]
        if col.duck_type != "INTEGER":
            return False  # float statistics leave NaN out, so they cannot prove a float range
        stats = self._column_stats(column)
        if stats is None or not all(st.has_min_max or st.null_count == st.num_values for st in stats):
            return False
        lo = col.min_value if col.min_value is not None else float("-inf")
        hi = col.max_value if col.max_value is not None else float("inf")
        return all(not st.has_min_max or (lo <= st.min and st.max <= hi) for st in stats)


def row_problems(con: duckdb.DuckDBPyConnection, checks: list[RowCheck], counts: dict[str, int]) -> list[Problem]:
    """Turn the counts from the scan into problems with example rows."""
    out = []
    for check in checks:
        n = counts.get(check.name, 0)
        if not n:
            continue
        with every_value(con):
            rows = con.sql(
                f"SELECT __file, __row, CAST({check.show} AS VARCHAR) FROM persons WHERE {check.condition} "
                f"ORDER BY __file, __row LIMIT {EXAMPLES}"
            ).fetchall()
        for i, (file, row, value) in enumerate(rows):
            more = f" ({n - EXAMPLES} more rows have the same problem)" if i == len(rows) - 1 and n > EXAMPLES else ""
            shown = None if value is None else shorten(value)
            out.append(Problem(str(file), check.message + more, check.fix, int(row), check.column, shown))
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


def _row_group_statistics(pf: pq.ParquetFile, column: str) -> list[pq.Statistics] | None:
    """Every row group's statistics for ``column``; None if the column is missing or any row group lacks them.

    A column missing from one file is NULL there (``union_by_name``), so nothing can be proved from the others.
    """
    names = pf.schema_arrow.names
    if column not in names:
        return None
    idx = names.index(column)
    out = []
    for i in range(pf.metadata.num_row_groups):
        st = pf.metadata.row_group(i).column(idx).statistics
        if st is None or not st.has_null_count:
            return None
        out.append(st)
    return out


def _single_year(pf: pq.ParquetFile) -> int | None:
    """The one data year a file holds, from its column statistics (no data read); None if not provable."""
    stats = _row_group_statistics(pf, "year")
    if stats is None or any(st.null_count or not st.has_min_max for st in stats):
        return None
    values = {st.min for st in stats} | {st.max for st in stats}
    return values.pop() if len(values) == 1 else None


def _strictly_increasing_per_year(con: duckdb.DuckDBPyConnection, source: PersonSource) -> bool:
    """Cheap exact check when every file holds one year and integer ids in increasing order."""
    years = []
    for path in source.files:
        if path.suffix != ".parquet":
            return False
        year = _single_year(pq.ParquetFile(path))
        if year is None:
            return False
        years.append(year)
    if len(set(years)) != len(years):
        return False
    # Reading and comparing release the GIL, so the files are checked two at a time (2 cores).
    with ThreadPoolExecutor(max_workers=2) as pool:
        return all(pool.map(_ids_increasing, source.files))


def _ids_increasing(path: Path) -> bool:
    # Row group by row group: ParquetFile.read_row_group is ~3x faster here than read_table's dataset layer.
    pf = pq.ParquetFile(path)
    last = None
    for i in range(pf.metadata.num_row_groups):
        ids = pf.read_row_group(i, columns=["person_id"], use_threads=False).column(0).to_numpy()
        if ids.dtype.kind not in "iu":
            return False
        if len(ids) and last is not None and not ids[0] > last:
            return False
        if len(ids) > 1 and not bool(np.all(ids[1:] > ids[:-1])):
            return False
        if len(ids):
            last = ids[-1]
    return True
