"""Rendering rows for the CLI: Rich tables, CSV (Danish-friendly), JSON and XLSX."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

FORMATS = ("table", "csv", "json", "xlsx")
# A spreadsheet reads a cell starting with one of these as a formula (or, for tab and CR, may strip them and read
# what follows as one). Names and labels come from registries we do not control, so such text is kept as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text(value: str) -> str:
    """CSV has no cell types: a leading apostrophe is what Excel and LibreOffice take as "this is text"."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _cell(v: Any, yes_no: tuple[str, str] = ("ja", "nej"), decimal: str = ".") -> str:
    if v is None:
        return ""
    if v is True:
        return yes_no[0]
    if v is False:
        return yes_no[1]
    if isinstance(v, float):
        return f"{v:.4f}".rstrip("0").rstrip(".").replace(".", decimal)
    if isinstance(v, (list, dict)):
        return json.dumps(v, ensure_ascii=False)
    return str(v)


def _csv_cell(v: Any, yes_no: tuple[str, str], decimal: str) -> str:
    # Only text is neutralised: numbers we format ourselves (a negative one starts with '-') stay numbers.
    return as_text(v) if isinstance(v, str) else _cell(v, yes_no, decimal)


def to_csv(rows: list[dict[str, Any]], headers: dict[str, str] | None = None, delimiter: str = ";",
           decimal: str = ".", yes_no: tuple[str, str] = ("ja", "nej"), banner: str = "") -> str:
    """Rows as CSV. ``headers`` maps keys to column titles (and picks the columns); ``banner`` is a first line."""
    buf = io.StringIO()
    keys = list(headers) if headers else (list(rows[0].keys()) if rows else [])
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    if banner:
        w.writerow([as_text(f"# {banner}")])
    if keys:
        w.writerow([as_text(headers[k]) for k in keys] if headers else [as_text(k) for k in keys])
        for r in rows:
            w.writerow([_csv_cell(r.get(k), yes_no, decimal) for k in keys])
    return buf.getvalue()


def xlsx_bytes(rows: list[dict[str, Any]], sheet: str = "boligmonitor", headers: dict[str, str] | None = None,
               yes_no: tuple[str, str] = ("ja", "nej"), banner: str = "",
               about: list[tuple[str, Any]] | None = None, about_title: str = "Om data") -> bytes:
    """Rows as an XLSX workbook a reader can work with at once: numbers stay numbers, columns are as wide as their
    text, the header row is frozen and carries an autofilter. ``about`` (label, value) pairs go on a second sheet
    that names where the numbers come from (vintage, rules version, disclosure settings)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = _sheet_name(sheet)
    keys = list(headers) if headers else (list(rows[0].keys()) if rows else [])
    if banner:
        _append(ws, [banner])
    if keys:
        _append(ws, [headers[k] for k in keys] if headers else keys)
        header_row = ws.max_row
        for r in rows:
            _append(ws, [v if (isinstance(v, (int, float, str)) and not isinstance(v, bool)) or v is None
                         else _cell(v, yes_no) for v in (r.get(k) for k in keys)])
        ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
        ws.auto_filter.ref = f"A{header_row}:{_column_letter(len(keys))}{ws.max_row}"
        _fit_columns(ws, header_row)
    if about:
        info = wb.create_sheet(_sheet_name(about_title))
        for label, value in about:
            _append(info, [label, value if isinstance(value, (int, float, str)) or value is None else _cell(value)])
        _fit_columns(info, 1)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


XLSX_MAX_WIDTH = 60  # characters; longer text wraps in the reader's eye, not across the screen


def _sheet_name(name: str) -> str:
    """Excel refuses sheet names over 31 characters or with any of []:*?/\\."""
    return "".join("_" if ch in "[]:*?/\\" else ch for ch in name)[:31] or "boligmonitor"


def _column_letter(n: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(n))


def _fit_columns(ws: Any, header_row: int) -> None:
    """Each column as wide as its longest cell from the header down (a banner above the header does not count)."""
    widths: dict[int, int] = {}
    for row in ws.iter_rows(min_row=header_row):
        for cell in row:
            if cell.value is not None:
                text = f"{cell.value:.4f}".rstrip("0") if isinstance(cell.value, float) else str(cell.value)
                widths[cell.column] = max(widths.get(cell.column, 0), len(text))
    for col, width in widths.items():
        ws.column_dimensions[_column_letter(col)].width = min(XLSX_MAX_WIDTH, width + 2)


def _append(ws: Any, values: list[Any]) -> None:
    """Append a row; text that looks like a formula is stored as text (openpyxl would write "=..." as a formula)."""
    ws.append(values)
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
            cell.data_type = "s"
            cell.quotePrefix = True  # and stays text when someone edits the cell in Excel


def to_xlsx(rows: list[dict[str, Any]], path: Path, sheet: str = "boligmonitor") -> None:
    path.write_bytes(xlsx_bytes(rows, sheet))


def render(rows: list[dict[str, Any]], fmt: str, console: Console, title: str = "",
           output: Path | None = None, columns: list[str] | None = None) -> None:
    """Print or write rows in the requested format."""
    if columns:
        rows = [{k: r.get(k) for k in columns} for r in rows]
    if fmt == "json":
        text = json.dumps(rows, ensure_ascii=False, indent=2, default=str)
    elif fmt == "csv":
        text = to_csv(rows)
    elif fmt == "xlsx":
        target = output or Path("boligmonitor.xlsx")
        to_xlsx(rows, target)
        console.print(f"Wrote {len(rows)} rows to {target}")
        return
    else:
        table = Table(title=title or None, show_lines=False)
        for k in (rows[0].keys() if rows else ["(ingen rækker)"]):
            table.add_column(k, overflow="fold")  # a long name wraps onto the next line, never cut to "Mjølnerp…"
        for r in rows:
            table.add_row(*(_cell(v) for v in r.values()))
        console.print(table)
        return
    if output:
        output.write_text(text, encoding="utf-8")
        console.print(f"Wrote {len(rows)} rows to {output}")
    else:
        print(text, end="" if text.endswith("\n") else "\n")
