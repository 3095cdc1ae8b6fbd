"""Downloads built from the same data as the pages: CSV (Danish conventions by default), XLSX and PDF."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from boligmonitor import output

LIST_COLUMNS = [
    ("list_year", "Listeår", "List year"), ("category_label", "Kategori", "Category"),
    ("area_id", "Område-id", "Area id"), ("name", "Område", "Area"), ("municipality", "Kommune", "Municipality"),
    ("member", "På listen", "On the list"), ("change", "Ændring", "Change"),
    ("criteria_met", "Kriterier opfyldt", "Criteria met"),
    ("consecutive_years", "År i træk", "Consecutive years"), ("difference", "Hvad ændrede sig", "What changed"),
]


def _choices(columns: list[tuple[str, str, str]], lang: str) -> tuple[dict[str, str], tuple[str, str]]:
    headers = {key: en if lang == "en" else da for key, da, en in columns}
    return headers, ("yes", "no") if lang == "en" else ("ja", "nej")


def to_csv(rows: list[dict[str, Any]], columns: list[tuple[str, str, str]], lang: str, banner: str = "") -> bytes:
    """Danish Excel opens ``;``-separated UTF-8 with a BOM and decimal commas; English gets ``,`` and points."""
    headers, yes_no = _choices(columns, lang)
    text = output.to_csv(rows, headers, ";" if lang == "da" else ",", "," if lang == "da" else ".", yes_no, banner)
    return ("\ufeff" + text).encode("utf-8")


def to_xlsx(rows: list[dict[str, Any]], columns: list[tuple[str, str, str]], lang: str, title: str,
            banner: str = "") -> bytes:
    headers, yes_no = _choices(columns, lang)
    return output.xlsx_bytes(rows, title, headers, yes_no, banner)


def to_pdf(template: str, context: dict[str, Any]) -> bytes:
    """Render a print template to PDF. WeasyPrint is imported here: it is slow to import and only exports need it."""
    from weasyprint import HTML

    html = render_to_string(template, context)
    pdf: bytes = HTML(string=html, base_url=None).write_pdf()
    return pdf
