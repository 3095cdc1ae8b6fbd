"""Downloads built from the same data as the pages: CSV (Danish conventions by default), XLSX and PDF."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.template.loader import render_to_string
from openpyxl import Workbook

LIST_COLUMNS = [
    ("list_year", "Listeår", "List year"), ("category_label", "Kategori", "Category"),
    ("area_id", "Område-id", "Area id"), ("name", "Område", "Area"), ("municipality", "Kommune", "Municipality"),
    ("member", "På listen", "On the list"), ("change", "Ændring", "Change"),
    ("criteria_met", "Kriterier opfyldt", "Criteria met"),
    ("consecutive_years", "År i træk", "Consecutive years"), ("difference", "Hvad ændrede sig", "What changed"),
]


def _header(columns: list[tuple[str, str, str]], lang: str) -> list[str]:
    return [en if lang == "en" else da for _, da, en in columns]


def _cell(value: Any, lang: str) -> Any:
    if isinstance(value, bool):
        return ("ja" if value else "nej") if lang == "da" else ("yes" if value else "no")
    return "" if value is None else value


def to_csv(rows: list[dict[str, Any]], columns: list[tuple[str, str, str]], lang: str, banner: str = "") -> bytes:
    """Danish Excel opens ``;``-separated UTF-8 with a BOM and decimal commas; English gets ``,`` and points."""
    buf = io.StringIO()
    delimiter = ";" if lang == "da" else ","
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    if banner:
        w.writerow([f"# {banner}"])
    w.writerow(_header(columns, lang))
    for r in rows:
        out = []
        for key, _, _ in columns:
            v = _cell(r.get(key), lang)
            if isinstance(v, float) and lang == "da":
                v = f"{v}".replace(".", ",")
            out.append(v)
        w.writerow(out)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def to_xlsx(rows: list[dict[str, Any]], columns: list[tuple[str, str, str]], lang: str, title: str,
            banner: str = "") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    if banner:
        ws.append([banner])
    ws.append(_header(columns, lang))
    for r in rows:
        ws.append([_cell(r.get(k), lang) for k, _, _ in columns])
    ws.freeze_panes = ws.cell(row=3 if banner else 2, column=1)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def to_pdf(template: str, context: dict[str, Any]) -> bytes:
    """Render a print template to PDF. WeasyPrint is imported here: it is slow to import and only exports need it."""
    from weasyprint import HTML

    html = render_to_string(template, context)
    pdf: bytes = HTML(string=html, base_url=None).write_pdf()
    return pdf
