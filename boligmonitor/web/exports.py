"""Downloads built from the same data as the pages: CSV (Danish conventions by default), XLSX and PDF."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from boligmonitor import output
from boligmonitor.rules.texts import Text

LIST_COLUMNS = [
    ("list_year", "Listeår", "List year"), ("category_label", "Kategori", "Category"),
    ("area_id", "Område-id", "Area id"), ("name", "Område", "Area"), ("municipality", "Kommune", "Municipality"),
    ("member", "På listen", "On the list"), ("change_label", "Ændring", "Change"),
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
            banner: str = "", vintage: dict[str, Any] | None = None, computed: bool = False) -> bytes:
    """``vintage`` (queries.vintage_info) adds the sheet that names the data behind the numbers; ``computed`` says
    there that the lists are computed from the vintage, not the ministry's official lists."""
    headers, yes_no = _choices(columns, lang)
    about = about_rows(vintage, lang, computed) if vintage else None
    return output.xlsx_bytes(rows, title, headers, yes_no, banner, about, "About" if lang == "en" else "Om data")


def about_rows(vintage: dict[str, Any], lang: str, computed: bool = False) -> list[tuple[str, Any]]:
    """What a download's numbers come from: vintage, data and list years, rules version, disclosure settings."""
    en = lang == "en"
    rows: list[tuple[str, Any]] = [
        ("Data vintage" if en else "Dataudgave", vintage["label"]),
        ("Vintage id" if en else "Dataudgave-id", vintage["id"]),
        ("Checksum" if en else "Kontrolsum", vintage["checksum"]),
        ("Data years" if en else "Dataår", "–".join(str(y) for y in vintage["data_years"])),
        ("List years" if en else "Listeår", "–".join(str(y) for y in vintage["list_years"])),
        ("Rules version" if en else "Regelversion", vintage["rules_version"]),
        ("Program version" if en else "Programversion", vintage["code_version"]),
        ("Disclosure control: minimum count" if en else "Diskretionering: mindste antal", vintage["minimum_count"]),
        ("Disclosure control" if en else "Diskretionering",
         "cells with fewer persons are suppressed, and so are cells from which they could be worked out"
         if en else "celler med færre personer er diskretioneret, og det samme er celler, de kan regnes ud fra"),
        ("Synthetic data" if en else "Syntetiske data", ("yes" if en else "ja") if vintage["synthetic"]
         else ("no" if en else "nej")),
    ]
    if computed:
        rows.append(("Lists" if en else "Lister", LISTS_COMPUTED.pick(lang).format(label=vintage["label"])))
    return rows


LISTS_COMPUTED = Text("Beregnet af boligmonitor ud fra dataudgaven {label} – ikke ministeriets officielle liste.",
                      "Computed by boligmonitor from the data vintage {label} – not the ministry's official list.")


def to_pdf(template: str, context: dict[str, Any]) -> bytes:
    """Render a print template to PDF. WeasyPrint is imported here: it is slow to import and only exports need it."""
    from weasyprint import HTML

    html = render_to_string(template, context)
    pdf: bytes = HTML(string=html, base_url=None).write_pdf()
    return pdf
