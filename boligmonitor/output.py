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


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if v is True:
        return "ja"
    if v is False:
        return "nej"
    if isinstance(v, float):
        return f"{v:.4f}".rstrip("0").rstrip(".")
    if isinstance(v, (list, dict)):
        return json.dumps(v, ensure_ascii=False)
    return str(v)


def to_csv(rows: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    if rows:
        w = csv.DictWriter(buf, fieldnames=list(rows[0].keys()), delimiter=";")
        w.writeheader()
        for r in rows:
            w.writerow({k: _cell(v) for k, v in r.items()})
    return buf.getvalue()


def to_xlsx(rows: list[dict[str, Any]], path: Path, sheet: str = "boligmonitor") -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet[:31]
    if rows:
        ws.append(list(rows[0].keys()))
        for r in rows:
            ws.append([v if isinstance(v, (int, float, str)) or v is None else _cell(v) for v in r.values()])
    wb.save(path)


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
            table.add_column(k)
        for r in rows:
            table.add_row(*(_cell(v) for v in r.values()))
        console.print(table)
        return
    if output:
        output.write_text(text, encoding="utf-8")
        console.print(f"Wrote {len(rows)} rows to {output}")
    else:
        print(text, end="" if text.endswith("\n") else "\n")
