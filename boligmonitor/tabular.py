"""Reading small tables the way Danish files come: UTF-8 or Windows-1252, ',' or ';', decimal comma.

Used for the registry, the criterion-values file and (through :func:`sniff_csv`) the person-level CSV reader.
Every value is first read as text so that a bad cell becomes a :class:`~boligmonitor.errors.Problem` naming
its file, row and column instead of a parser exception. Row numbers are file line numbers (header = line 1).
"""

from __future__ import annotations

import csv
import datetime as dt
import errno
import io
import os
import re
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from boligmonitor.errors import InputFileError, Problem, shorten

TRUE_WORDS = {"true", "1", "ja", "j", "yes", "y", "sand", "t"}
FALSE_WORDS = {"false", "0", "nej", "n", "no", "falsk", "f"}


@dataclass(frozen=True)
class CsvDialect:
    encoding: str
    delimiter: str


def detect_encoding(raw: bytes, name: str) -> str:
    """UTF-8 (with or without BOM) when the bytes decode as UTF-8, else Windows-1252; else a clear error."""
    if b"\x00" in raw:
        # UTF-16 (Excel's "Unicode text") and binary files both have NUL bytes; neither is a CSV we can read,
        # and decoding them as Windows-1252 only produces a confusing column count further on.
        utf16 = raw.startswith((b"\xff\xfe", b"\xfe\xff"))
        raise InputFileError([Problem(name, "the file is UTF-16 text" if utf16 else
                                      "the file contains NUL bytes (binary data, or UTF-16 text)",
                                      "save the file as CSV in UTF-8 (Excel: 'CSV UTF-8') or Windows-1252")])
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
    if encoding is None or b"\x00" in raw:
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


def file_problem(path: Path, what: str = "file") -> Problem | None:
    """Why ``path`` cannot be read as a plain file, or None when it can.

    Checked before any parser touches the path: a folder, a pipe (opening it would wait forever), a dangling link
    or a link loop each get their own sentence instead of an OSError (or a hang) deep inside a reader.
    """
    name = str(path)
    try:
        st = path.stat()  # follows links
    except FileNotFoundError:
        if path.is_symlink():
            return Problem(name, f"the {what} is a symbolic link to {os.readlink(path)}, which does not exist",
                           "point the link at the real file or remove it")
        return Problem(name, f"{what} not found", "check the path")
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Problem(name, "the path is a loop of symbolic links", "replace the link with the file itself")
        return Problem(name, f"the {what} cannot be opened ({exc.strerror})", "check the path and its permissions")
    if stat.S_ISDIR(st.st_mode):
        return Problem(name, f"expected a {what}, found a folder", "remove or rename the folder")
    if not stat.S_ISREG(st.st_mode):
        return Problem(name, f"expected a {what}, found a pipe, socket or device",
                       "copy the data into an ordinary file")
    try:
        with path.open("rb") as fh:
            fh.read(1)
    except OSError as exc:
        reason = "permission denied" if exc.errno in (errno.EACCES, errno.EPERM) else exc.strerror
        return Problem(name, f"the {what} cannot be read ({reason})",
                       "give the user running boligmonitor read access to the file")
    return None


def parquet_problem(path: Path) -> Problem:
    """A Parquet file pyarrow cannot open. The library's own text is not shown: it is about bytes, not the fix."""
    empty = path.stat().st_size == 0
    return Problem(str(path), "the file is empty" if empty else
                   "not a readable Parquet file (truncated, corrupt, or another format named .parquet)",
                   "export the table again as Parquet (or save it as CSV with the ending .csv)")


def read_text_table(path: Path) -> TextTable:
    """Read a CSV or Parquet file into a :class:`TextTable`."""
    name = str(path)
    problem = file_problem(path)
    if problem is not None:
        raise InputFileError([problem])
    if path.suffix.lower() == ".parquet":
        try:
            table = pq.read_table(path)
        except (pa.ArrowException, OSError):
            raise InputFileError([parquet_problem(path)]) from None
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
    rows: list[list[str | None]] = []
    numbers: list[int] = []
    problems: list[Problem] = []
    try:
        header = [h.strip() for h in next(reader)]
        problems += header_problems(name, header)
        for row in reader:
            line_no = reader.line_num
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
    except csv.Error as exc:
        # csv's messages name the defect ("line contains NUL", "field larger than field limit"), never the cell
        problems.append(Problem(name, f"the CSV file cannot be parsed ({exc})",
                                "save it again as CSV (UTF-8 or Windows-1252) from the program that made it",
                                reader.line_num))
    if problems:
        raise InputFileError(problems)
    return TextTable(name, header, rows, numbers, decimal_comma=delimiter == ";")


def header_problems(name: str, header: list[str]) -> list[Problem]:
    """Empty and repeated column names: either would make a cell's column ambiguous."""
    out = []
    seen: set[str] = set()
    for i, col in enumerate(header, start=1):
        if not col:
            out.append(Problem(name, f"column {i} of the header has no name", "name the column or delete it", 1))
        elif col in seen:
            out.append(Problem(name, "the column name appears twice in the header", "keep one of them", 1, col))
        seen.add(col)
    return out


# --- typed column parsing -----------------------------------------------------------------------------------


# Numbers are read by pattern first, then converted: int() and Decimal() also take "1_000", " ٣ ", "0x10"-like
# oddities, exponents ("1e999999999" makes Fraction() compute 10**999999999, a hang) and "inf"/"nan". People type
# these tables, so only what a person means by a number passes: digits, a sign, one decimal mark.
MAX_DIGITS = 30
_INT = re.compile(r"[+-]?[0-9]+")
_INT_THOUSANDS = re.compile(r"[+-]?[0-9]{1,3}(?:\.[0-9]{3})+")  # 1.234 in a ';' file
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)")
_DECIMAL_COMMA = re.compile(r"([+-]?)([0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+),([0-9]+)")  # 1.234,5 or 0,435


def _digits(s: str) -> int:
    return sum(ch.isdigit() for ch in s)


def parse_int(v: str, decimal_comma: bool) -> int:
    s = v.strip()
    if decimal_comma and _INT_THOUSANDS.fullmatch(s):
        s = s.replace(".", "")
    if not _INT.fullmatch(s) or _digits(s) > MAX_DIGITS:
        raise ValueError(v)
    return int(s)


def parse_decimal(v: str, decimal_comma: bool) -> Decimal:
    s = v.strip()
    if "," in s:
        if not decimal_comma and "." in s:
            raise ValueError(v)  # 1,234.5: a thousands comma is not a Danish number and not ours to guess
        m = _DECIMAL_COMMA.fullmatch(s)
        if m is None:
            raise ValueError(v)
        s = f"{m[1]}{m[2].replace('.', '')}.{m[3]}"
    if not _DECIMAL.fullmatch(s) or _digits(s) > MAX_DIGITS:
        raise ValueError(v)
    try:
        return Decimal(s)
    except InvalidOperation:
        raise ValueError(v) from None


def parse_percent(v: str, decimal_comma: bool) -> Decimal:
    """A percentage, optionally written with its sign: "43,5", "43,5 %" and "0,8%" are all percentages."""
    s = v.strip()
    return parse_decimal(s[:-1] if s.endswith("%") else s, decimal_comma)


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
    "int": (parse_int, "a whole number in plain digits (e.g. 2024; not 2024.5, 2e3 or 0x7E8)"),
    "decimal": (parse_decimal, "a number with a decimal point or comma (e.g. 43,5; no exponent, no 1_000)"),
    "percent": (parse_percent, "a percentage (e.g. 43,5 or 43,5 %)"),
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
    min_value: int | float | None = None  # inclusive bounds; a value outside them is a problem, not a guess
    max_value: int | float | None = None
    range_fix: str = "correct the value"

    def range_text(self) -> str:
        lo = "" if self.min_value is None else number_text(self.min_value)
        hi = "" if self.max_value is None else number_text(self.max_value)
        return f"{lo}–{hi}" if lo or hi else ""


def number_text(x: float) -> str:
    """A bound as a person writes it: 10,000,000 rather than 1e7, 0.5 rather than 0.50000, 2100 (a year)."""
    if not float(x).is_integer():
        return f"{x:g}"
    return f"{int(x):,}" if abs(x) >= 10_000 else str(int(x))


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
                problems.append(Problem(table.name, f"expected {expected}", "correct the value", line, col.name,
                                        shorten(raw)))
                continue
            if (col.min_value is not None and value < col.min_value) or (
                    col.max_value is not None and value > col.max_value):
                problems.append(Problem(table.name, f"value outside the allowed range {col.range_text()}",
                                        col.range_fix, line, col.name, shorten(raw)))
                continue
            if col.allowed is not None and str(value) not in col.allowed:
                problems.append(
                    Problem(
                        table.name,
                        "value is not one of the allowed codes",
                        "use one of: " + ", ".join(col.allowed),
                        line,
                        col.name,
                        shorten(raw),
                    )
                )
                continue
            rec[col.name] = value
        records.append(rec)
    return ParsedTable(table.name, records, list(table.row_numbers), problems)
