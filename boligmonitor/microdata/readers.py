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
import pyarrow.parquet as pq

from boligmonitor.errors import InputFileError, Problem
from boligmonitor.microdata.schema import COLUMNS_BY_NAME, PERSON_COLUMNS
from boligmonitor.tabular import sniff_csv

INT_TYPES = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "HUGEINT"}
FLOAT_TYPES = {"FLOAT", "DOUBLE"} | INT_TYPES
BOOL_WORDS_TRUE = ("true", "1", "ja", "j", "t", "yes", "sand")
BOOL_WORDS_FALSE = ("false", "0", "nej", "n", "f", "no", "falsk")


@dataclass
class PersonSource:
    """The typed view ``persons`` plus what is known about its raw columns."""

    files: list[Path]
    columns: list[str]  # contract columns present
    cast_columns: dict[str, str]  # column -> raw type, for columns that had to be converted
    sorted_by_person_hint: bool  # every file's person_id is int; used for the fast duplicate check
    kind: str = "parquet"  # parquet | csv


def _files(folder: Path) -> tuple[list[Path], str]:
    if not folder.is_dir():
        raise InputFileError([Problem(str(folder), "persons folder not found", "check the --data path")])
    parquet = sorted(folder.rglob("*.parquet"))
    csvs = sorted(folder.rglob("*.csv"))
    if parquet and csvs:
        raise InputFileError([Problem(str(folder), "both Parquet and CSV files found",
                                      "keep one format in persons/")])
    if not parquet and not csvs:
        raise InputFileError([Problem(str(folder), "no .parquet or .csv files found", "add person-year files")])
    return (parquet, "parquet") if parquet else (csvs, "csv")


def _sql_list(paths: list[Path]) -> str:
    return "[" + ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths) + "]"


def _typed_expr(col: str, raw_type: str, decimal_comma: bool) -> tuple[str, bool]:
    """SQL for reading ``col`` as its contract type; second value says whether a conversion happens."""
    want = COLUMNS_BY_NAME[col].duck_type
    q = f'"{col}"'
    if want == "VARCHAR":
        return (q if raw_type == "VARCHAR" else f"CAST({q} AS VARCHAR)"), False
    if want == "INTEGER" and raw_type in INT_TYPES:
        return (q if raw_type == "INTEGER" else f"CAST({q} AS INTEGER)"), False
    if want == "DOUBLE" and raw_type in FLOAT_TYPES:
        return (q if raw_type == "DOUBLE" else f"CAST({q} AS DOUBLE)"), False
    if want == "BOOLEAN" and raw_type == "BOOLEAN":
        return q, False
    text = f"trim(CAST({q} AS VARCHAR))"
    if want == "BOOLEAN":
        t = ", ".join(f"'{w}'" for w in BOOL_WORDS_TRUE)
        f = ", ".join(f"'{w}'" for w in BOOL_WORDS_FALSE)
        return f"CASE WHEN lower({text}) IN ({t}) THEN true WHEN lower({text}) IN ({f}) THEN false END", True
    if want == "DOUBLE" and decimal_comma:
        text = f"replace({text}, ',', '.')"
    return f"TRY_CAST({text} AS {want})", True


def open_persons(con: duckdb.DuckDBPyConnection, folder: Path) -> PersonSource:
    """Create the views ``persons_raw`` and ``persons`` over the folder's files."""
    files, kind = _files(folder)
    decimal_comma = False
    if kind == "parquet":
        first_schema = pq.read_schema(files[0])
        hive = "year" not in first_schema.names and any("year=" in str(p) for p in files)
        con.sql(
            f"CREATE OR REPLACE VIEW persons_raw AS SELECT * FROM read_parquet({_sql_list(files)}, "
            f"hive_partitioning={'true' if hive else 'false'}, union_by_name=true, filename='__file', "
            "file_row_number=true)"
        )
        row_expr = "file_row_number + 1"
    else:
        tables = []
        for path in files:
            dialect = sniff_csv(path)
            decimal_comma = decimal_comma or dialect.delimiter == ";"
            try:
                t = pacsv.read_csv(
                    path,
                    read_options=pacsv.ReadOptions(encoding=dialect.encoding.replace("-sig", ""),
                                                   block_size=1 << 24),
                    parse_options=pacsv.ParseOptions(delimiter=dialect.delimiter),
                    convert_options=pacsv.ConvertOptions(
                        column_types={c.name: pa.string() for c in PERSON_COLUMNS},
                        strings_can_be_null=True,
                        null_values=[""],
                    ),
                )
            except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
                raise InputFileError([Problem(str(path), f"the CSV file cannot be read ({exc})",
                                              "save as UTF-8 or Windows-1252 with one header row")]) from None
            names = [n.lstrip("\ufeff") for n in t.column_names]
            t = t.rename_columns(names)
            t = t.append_column("__file", pa.array([str(path)] * t.num_rows))
            t = t.append_column("__row", pa.array(range(2, t.num_rows + 2), type=pa.int64()))
            tables.append(t)
        table = pa.concat_tables(tables, promote_options="default")
        con.register("persons_csv", table)
        con.sql("CREATE OR REPLACE VIEW persons_raw AS SELECT * FROM persons_csv")
        row_expr = "__row"
    raw_types = {r[0]: r[1] for r in con.sql("DESCRIBE persons_raw").fetchall()}
    problems = []
    for col in PERSON_COLUMNS:
        if col.required and col.name not in raw_types:
            problems.append(Problem(str(folder), "required column is missing", f"add a column '{col.name}' "
                                    f"({col.description})", column=col.name))
    known = {c.name for c in PERSON_COLUMNS} | {"__file", "__row", "file_row_number"}
    for extra in raw_types:
        if extra not in known:
            problems.append(Problem(str(folder), "unknown column", "remove or rename it (see docs/data-contracts.md)",
                                    column=extra))
    if problems:
        raise InputFileError(problems, f"{len(problems)} problem(s) in the person-year files; nothing was written")
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
