"""Open a persons/ folder as one DuckDB view, typed by the contract, without loading it into memory.

Parquet: one file per year or hive-partitioned by ``year=YYYY``. CSV: UTF-8 or Windows-1252, ',' or ';', decimal
point or comma. Every row keeps its file and row number (``__file``, ``__row``) so errors can point at it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv

from boligmonitor.errors import InputFileError, Problem
from boligmonitor.microdata.files import parquet_footers, person_files
from boligmonitor.microdata.schema import COLUMNS_BY_NAME, PERSON_COLUMNS
from boligmonitor.tabular import header_problems, sniff_csv

INT_TYPES = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "HUGEINT"}
FLOAT_TYPES = {"FLOAT", "DOUBLE"} | INT_TYPES
BOOL_WORDS_TRUE = ("true", "1", "ja", "j", "t", "yes", "sand")
BOOL_WORDS_FALSE = ("false", "0", "nej", "n", "f", "no", "falsk")
# Numbers written as text must look like numbers: DuckDB's own casts also take "0x10", "1_000", "3e1" and round
# "34.5" to an INTEGER 35, so text is matched first. A whole number may carry a zero fraction ("34.0": what
# pandas writes for an integer column with gaps); a DOUBLE may use an exponent (machine-written shares such as
# 1e-05), and range checks catch the absurd ones (1e999 reads as infinity).
INT_TEXT = "[+-]?[0-9]+([.]0+)?"  # after a decimal comma is made a point
DOUBLE_TEXT = "[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]{1,3})?"
EXAMPLE_ROWS = 5


@dataclass
class PersonSource:
    """The typed view ``persons`` plus what is known about its raw columns."""

    files: list[Path]
    columns: list[str]  # contract columns present
    cast_columns: dict[str, str]  # column -> raw type, for columns that had to be converted
    sorted_by_person_hint: bool  # every file's person_id is int; used for the fast duplicate check
    kind: str = "parquet"  # parquet | csv


def _sql_list(paths: list[Path]) -> str:
    return "[" + ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths) + "]"


def _typed_expr(col: str, raw_type: str, decimal_comma: bool) -> tuple[str, bool]:
    """SQL for reading ``col`` as its contract type; second value says whether a conversion happens."""
    want = COLUMNS_BY_NAME[col].duck_type
    q = f'"{col}"'
    if want == "VARCHAR":
        return (q if raw_type == "VARCHAR" else f"CAST({q} AS VARCHAR)"), False
    if want == "INTEGER" and raw_type == "INTEGER":
        return q, False
    if want == "INTEGER" and raw_type in INT_TYPES:
        return f"TRY_CAST({q} AS INTEGER)", True  # a BIGINT beyond INTEGER is a type problem, not a crash
    if want == "DOUBLE" and raw_type in FLOAT_TYPES:
        return (q if raw_type == "DOUBLE" else f"CAST({q} AS DOUBLE)"), False
    if want == "BOOLEAN" and raw_type == "BOOLEAN":
        return q, False
    text = f"trim(CAST({q} AS VARCHAR))"
    if want == "BOOLEAN":
        t = ", ".join(f"'{w}'" for w in BOOL_WORDS_TRUE)
        f = ", ".join(f"'{w}'" for w in BOOL_WORDS_FALSE)
        return f"CASE WHEN lower({text}) IN ({t}) THEN true WHEN lower({text}) IN ({f}) THEN false END", True
    if decimal_comma:
        text = f"replace({text}, ',', '.')"
    if want == "INTEGER":  # the cast itself reads "34.0" as 34 (and would round "34.5": the pattern stops that)
        return f"CASE WHEN regexp_full_match({text}, '{INT_TEXT}') THEN TRY_CAST({text} AS INTEGER) END", True
    return f"CASE WHEN regexp_full_match({text}, '{DOUBLE_TEXT}') THEN TRY_CAST({text} AS DOUBLE) END", True


def _column_problems(columns_by_file: dict[Path, list[str]], implied: set[str]) -> list[Problem]:
    """Per file: the required columns it lacks (one problem per file) and the columns nobody knows.

    Checked file by file because DuckDB's union of the files fills a column missing from one year with NULL:
    without this, a file without 'age' reads as 70,231 rows of "value is empty".
    """
    required = [c.name for c in PERSON_COLUMNS if c.required and c.name not in implied]
    known = {c.name for c in PERSON_COLUMNS}
    some_have = {c for names in columns_by_file.values() for c in names}
    out = []
    for path, names in columns_by_file.items():
        missing = [c for c in required if c not in names]
        others = len(columns_by_file) > 1 and all(c in some_have for c in missing)
        note = " (the other files have it)" if others else ""
        if len(missing) == 1:
            out.append(Problem(str(path), "required column is missing" + note,
                               f"add a column '{missing[0]}' ({COLUMNS_BY_NAME[missing[0]].description})",
                               column=missing[0]))
        elif missing:
            out.append(Problem(str(path), "required columns are missing: " + ", ".join(f"'{c}'" for c in missing)
                               + note.replace("it)", "them)"), "add these columns (see docs/data-contracts.md)"))
        for extra in names:
            if extra not in known:
                out.append(Problem(str(path), "unknown column", "remove or rename it (see docs/data-contracts.md)",
                                   column=extra))
    return out


def _read_csv(path: Path) -> tuple[pa.Table, bool]:
    """One person-year CSV as text columns (the reader converts them); second value: decimal comma in use."""
    with path.open("rb") as fh:
        start = fh.read(1 << 16)
    if not start.strip() and path.stat().st_size <= len(start):  # nothing, or only blank lines
        raise InputFileError([Problem(str(path), "the file is empty", "add a header row and the person rows")])
    dialect = sniff_csv(path)
    encoding = dialect.encoding.replace("-sig", "")
    ragged = [0]  # a count: a file whose every line is ragged must not cost a list of millions

    def skip(_row: pacsv.InvalidRow) -> str:
        ragged[0] += 1
        return "skip"

    try:
        t = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(encoding=encoding, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(delimiter=dialect.delimiter, invalid_row_handler=skip),
            convert_options=pacsv.ConvertOptions(
                column_types={c.name: pa.string() for c in PERSON_COLUMNS},
                strings_can_be_null=True,
                null_values=[""],
            ),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        # pyarrow's parse messages quote the offending line; only the kind of failure is shown (protection 6)
        text = str(exc)
        if "invalid UTF8" in text:  # the encoding is judged from the first megabyte; a later byte disagrees
            reason = "it starts as UTF-8 but later holds bytes that are not UTF-8 (mixed encodings)"
        elif isinstance(exc, pa.ArrowInvalid):
            reason = text.split(":")[0]
        else:
            reason = f"{exc.reason} at byte {exc.start}"
        raise InputFileError([Problem(str(path), f"the CSV file cannot be read ({reason})",
                                      "save the whole file as UTF-8 or as Windows-1252, with one header row")]
                             ) from None
    if ragged[0]:
        raise InputFileError(_ragged_problems(path, dialect.delimiter, encoding, ragged[0]))
    names = [n.lstrip("\ufeff") for n in t.column_names]
    if not any(n in COLUMNS_BY_NAME for n in names):
        # None of the names is ours: most likely the header row is missing and the "names" are the first
        # person's cells, so they are not repeated here (data-protection property 6).
        raise InputFileError([Problem(str(path), f"the first line has none of the expected column names "
                                      f"({len(names)} unknown names, not shown: without a header they may be a "
                                      "person's values)", "add the header row (see docs/data-contracts.md)", 1)])
    problems = header_problems(str(path), names)
    if problems:
        raise InputFileError(problems)
    return t.rename_columns(names), dialect.delimiter == ";"


def _ragged_problems(path: Path, delimiter: str, encoding: str, count: int) -> list[Problem]:
    """Rows with too many or too few fields, by line number; the lines themselves are never shown.

    Line numbers are only known when pyarrow reads serially, so the file is read a second time that way, on this
    error path only.
    """
    found: list[tuple[int | None, int, int]] = []

    def note(row: pacsv.InvalidRow) -> str:
        if len(found) < EXAMPLE_ROWS:
            found.append((row.number, row.expected_columns, row.actual_columns))
        return "skip"

    pacsv.read_csv(path, read_options=pacsv.ReadOptions(encoding=encoding, use_threads=False),
                   parse_options=pacsv.ParseOptions(delimiter=delimiter, invalid_row_handler=note),
                   convert_options=pacsv.ConvertOptions(column_types={c.name: pa.string() for c in PERSON_COLUMNS}))
    out = []
    for i, (line, expected, actual) in enumerate(found):
        more = f" ({count - len(found)} more rows like it)" if i == len(found) - 1 and count > len(found) else ""
        out.append(Problem(str(path), f"expected {expected} fields separated by '{delimiter}', found {actual}{more}",
                           "check for a stray separator, an unclosed quote or a missing field in this row", line))
    return out


def open_persons(con: duckdb.DuckDBPyConnection, folder: Path) -> PersonSource:
    """Create the views ``persons_raw`` and ``persons`` over the folder's files."""
    files, kind = person_files(folder)
    decimal_comma = False
    problems: list[Problem] = []
    columns_by_file: dict[Path, list[str]] = {}
    implied: set[str] = set()
    if kind == "parquet":
        footers, problems = parquet_footers(files)
        if problems:
            raise InputFileError(problems, f"{len(problems)} problem(s) in the person-year files; nothing was "
                                 "written")
        first_names = footers[files[0]].schema_arrow.names
        hive = "year" not in first_names and any("year=" in str(p) for p in files)
        if hive:
            implied.add("year")
        for path, pf in footers.items():
            columns_by_file[path] = pf.schema_arrow.names
            if pf.metadata.num_rows == 0:
                problems.append(Problem(str(path), "the file holds no rows", "remove it or export the year again"))
        problems += _column_problems(columns_by_file, implied)
        if problems:
            raise InputFileError(problems, f"{len(problems)} problem(s) in the person-year files; nothing was "
                                 "written")
        con.sql(
            f"CREATE OR REPLACE VIEW persons_raw AS SELECT * FROM read_parquet({_sql_list(files)}, "
            f"hive_partitioning={'true' if hive else 'false'}, union_by_name=true, filename='__file', "
            "file_row_number=true)"
        )
        row_expr = "file_row_number + 1"
    else:
        tables = []
        for path in files:
            try:
                t, comma = _read_csv(path)
            except InputFileError as exc:
                problems += exc.problems
                continue
            decimal_comma = decimal_comma or comma
            columns_by_file[path] = t.column_names
            if t.num_rows == 0:
                problems.append(Problem(str(path), "the file has a header but no rows",
                                        "add the person rows or remove the file"))
            t = t.append_column("__file", pa.array([str(path)] * t.num_rows, type=pa.string()))
            t = t.append_column("__row", pa.array(range(2, t.num_rows + 2), type=pa.int64()))
            tables.append(t)
        problems += _column_problems(columns_by_file, implied)
        if problems:
            raise InputFileError(problems, f"{len(problems)} problem(s) in the person-year files; nothing was "
                                 "written")
        table = pa.concat_tables(tables, promote_options="default")
        con.register("persons_csv", table)
        con.sql("CREATE OR REPLACE VIEW persons_raw AS SELECT * FROM persons_csv")
        row_expr = "__row"
    raw_types = {r[0]: r[1] for r in con.sql("DESCRIBE persons_raw").fetchall()}
    present = [c.name for c in PERSON_COLUMNS if c.name in raw_types]
    select = []
    casts: dict[str, str] = {}
    for name in present:
        expr, converted = _typed_expr(name, raw_types[name], decimal_comma)
        if converted:
            casts[name] = raw_types[name]
            select.append(f'"{name}" AS "raw__{name}"')
        select.append(f'{expr} AS "{name}"')
    con.sql(
        "CREATE OR REPLACE VIEW persons AS SELECT " + ", ".join(select)
        + f", __file, {row_expr} AS __row FROM persons_raw"
    )
    return PersonSource(files, present, casts, raw_types.get("person_id") in INT_TYPES, kind)
