"""Reading small tables the way Danish files come: UTF-8 or Windows-1252, ',' or ';', decimal comma.

Used for the registry, the criterion-values file and (through :func:`sniff_csv`) the person-level CSV reader.
Every value is first read as text so that a bad cell becomes a :class:`~boligmonitor.errors.Problem` naming
its file, row and column instead of a parser exception. Row numbers are file line numbers (header = line 1).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from boligmonitor.errors import InputFileError, Problem

TRUE_WORDS = {"true", "1", "ja", "j", "yes", "y", "sand", "t"}
FALSE_WORDS = {"false", "0", "nej", "n", "no", "falsk", "f"}


@dataclass(frozen=True)
class CsvDialect:
    encoding: str
    delimiter: str


def detect_encoding(raw: bytes, name: str) -> str:
    """UTF-8 (with or without BOM) when the bytes decode as UTF-8, else Windows-1252; else a clear error."""
    try:
        raw.decode("utf-8")
        return "utf-8-sig"
    except UnicodeDecodeError:
        pass
    try:
        raw.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError as exc:
        raise InputFileError(
            [
                Problem(
                    file=name,
                    message=f"the file is neither UTF-8 nor Windows-1252 (undecodable byte at offset {exc.start})",
                    fix="save the file as UTF-8 (Excel: 'CSV UTF-8') or as Windows-1252",
                )
            ]
        ) from None


def detect_delimiter(header_line: str) -> str:
    """Danish exports use ';' (because ',' is the decimal mark); others use ','."""
    return ";" if header_line.count(";") > header_line.count(",") else ","


def sniff_csv(path: Path, sample_bytes: int = 1 << 20) -> CsvDialect:
    """Find encoding and delimiter from the start of a (possibly large) CSV file."""
    with path.open("rb") as fh:
        raw = fh.read(sample_bytes)
    # A multi-byte character may be cut at the end of the sample; trim up to 3 bytes before judging.
    encoding = None
    for cut in range(4):
        try:
            raw[: len(raw) - cut].decode("utf-8")
            encoding = "utf-8-sig"
            break
        except UnicodeDecodeError:
            continue
    if encoding is None:
        encoding = detect_encoding(raw, str(path))
    first = raw.decode(encoding, errors="replace").splitlines()[0] if raw else ""
    return CsvDialect(encoding=encoding, delimiter=detect_delimiter(first))


@dataclass
class TextTable:
    """A table read as text: column names, rows of strings (None = empty) and their file row numbers."""

    name: str
    columns: list[str]
    rows: list[list[str | None]]
    row_numbers: list[int]
    decimal_comma: bool = False

    def column(self, col: str) -> list[str | None]:
        i = self.columns.index(col)
        return [r[i] for r in self.rows]


def read_text_table(path: Path) -> TextTable:
    """Read a CSV or Parquet file into a :class:`TextTable`."""
    name = str(path)
    if not path.exists():
        raise InputFileError([Problem(file=name, message="file not found", fix="check the path")])
    if path.suffix.lower() == ".parquet":
        table = pq.read_table(path)
        cols = table.column_names
        data = [table.column(c).to_pylist() for c in cols]
        as_text = [[None if v is None else str(v) for v in row] for row in zip(*data, strict=True)]
        return TextTable(name, cols, as_text, list(range(1, len(as_text) + 1)))
    raw = path.read_bytes()
    encoding = detect_encoding(raw, name)
    text = raw.decode(encoding)
    if not text.strip():
        raise InputFileError([Problem(file=name, message="the file is empty", fix="add a header row and data")])
    delimiter = detect_delimiter(text.splitlines()[0])
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip() for h in next(reader)]
    rows: list[list[str | None]] = []
    numbers: list[int] = []
    problems: list[Problem] = []
    for line_no, row in enumerate(reader, start=2):
        if not row or all(not c.strip() for c in row):
            continue
        if len(row) != len(header):
            problems.append(
                Problem(
                    file=name,
                    row=line_no,
                    message=f"expected {len(header)} fields separated by '{delimiter}', found {len(row)}",
                    fix="check for a stray separator or a missing field in this row",
                )
            )
            continue
        rows.append([c.strip() or None for c in row])
        numbers.append(line_no)
    if problems:
        raise InputFileError(problems)
    return TextTable(name, header, rows, numbers, decimal_comma=delimiter == ";")


# --- typed column parsing -----------------------------------------------------------------------------------


def parse_int(v: str, decimal_comma: bool) -> int:
    s = v.replace(".", "") if decimal_comma and "," not in v else v  # "1.234" is a thousands mark in ';' files
    return int(s)


def parse_decimal(v: str, decimal_comma: bool) -> Decimal:
    s = v.strip()
    if decimal_comma or ("," in s and "." not in s):
        s = s.replace(".", "").replace(",", ".") if "," in s else s
    try:
        d = Decimal(s)
    except InvalidOperation:
        raise ValueError(v) from None
    if not d.is_finite():
        raise ValueError(v)
    return d


def parse_bool(v: str, decimal_comma: bool) -> bool:
    s = v.strip().lower()
    if s in TRUE_WORDS:
        return True
    if s in FALSE_WORDS:
        return False
    raise ValueError(v)


def parse_date(v: str, decimal_comma: bool) -> dt.date:
    s = v.strip()
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(s, fmt).date()
        except ValueError:
            continue
    raise ValueError(v)


def parse_str(v: str, decimal_comma: bool) -> str:
    return v


PARSERS: dict[str, tuple[Callable[[str, bool], Any], str]] = {
    "int": (parse_int, "a whole number"),
    "decimal": (parse_decimal, "a number (decimal point or comma)"),
    "bool": (parse_bool, "true/false (or ja/nej, 1/0)"),
    "date": (parse_date, "a date as YYYY-MM-DD (or DD-MM-YYYY)"),
    "str": (parse_str, "text"),
}


@dataclass(frozen=True)
class Column:
    """One column of a contract: name, kind, whether it may be empty, allowed values, and a description."""

    name: str
    kind: str
    required: bool = True
    nullable: bool = False
    allowed: Sequence[str] | None = None
    description: str = ""
    example: str = ""


@dataclass
class ParsedTable:
    name: str
    records: list[dict[str, Any]]
    row_numbers: list[int]
    problems: list[Problem] = field(default_factory=list)


def parse_table(table: TextTable, columns: Sequence[Column], fix_hint: str = "") -> ParsedTable:
    """Check a text table against a contract and convert it; collect every problem instead of stopping."""
    problems: list[Problem] = []
    present = set(table.columns)
    for col in columns:
        if col.required and col.name not in present:
            problems.append(
                Problem(
                    file=table.name,
                    column=col.name,
                    message="required column is missing",
                    fix=f"add a column '{col.name}' ({PARSERS[col.kind][1]}){fix_hint}",
                )
            )
    known = {c.name for c in columns}
    for extra in table.columns:
        if extra not in known:
            problems.append(
                Problem(
                    file=table.name,
                    column=extra,
                    message="unknown column",
                    fix=f"remove or rename it; the expected columns are {', '.join(sorted(known))}",
                )
            )
    if problems:
        return ParsedTable(table.name, [], [], problems)
    records: list[dict[str, Any]] = []
    idx = {c: table.columns.index(c) for c in table.columns}
    for row, line in zip(table.rows, table.row_numbers, strict=True):
        rec: dict[str, Any] = {}
        for col in columns:
            raw = row[idx[col.name]] if col.name in idx else None
            if raw is None:
                if not col.nullable:
                    problems.append(
                        Problem(table.name, "value is empty", f"fill in {PARSERS[col.kind][1]}", line, col.name)
                    )
                rec[col.name] = None
                continue
            parser, expected = PARSERS[col.kind]
            try:
                value = parser(raw, table.decimal_comma)
            except (ValueError, TypeError):
                problems.append(Problem(table.name, f"expected {expected}", "correct the value", line, col.name, raw))
                continue
            if col.allowed is not None and str(value) not in col.allowed:
                problems.append(
                    Problem(
                        table.name,
                        "value is not one of the allowed codes",
                        "use one of: " + ", ".join(col.allowed),
                        line,
                        col.name,
                        raw,
                    )
                )
                continue
            rec[col.name] = value
        records.append(rec)
    return ParsedTable(table.name, records, list(table.row_numbers), problems)
