"""Every XLSX boligmonitor writes (output.xlsx_bytes, shared by the CLI and the web) opens ready to work with:
columns as wide as their text, an autofilter on the header, the header frozen, and, when given, a sheet that names
the vintage, the rules version and the disclosure settings."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from boligmonitor.output import xlsx_bytes

ROWS = [{"name": "Lille Kløverlunden i Sydhavnen", "value": 0.1234, "on": True},
        {"name": "=HYPERLINK(\"x\")", "value": 12.5, "on": False}]
HEADERS = {"name": "Område", "value": "Værdi (%)", "on": "På listen"}


def _open(body: bytes):  # type: ignore[no-untyped-def]
    return load_workbook(io.BytesIO(body))


def test_columns_filter_and_frozen_header_with_and_without_a_banner() -> None:
    for banner, header_row in (("", 1), ("SYNTETISKE DATA / SYNTHETIC DATA", 2)):
        ws = _open(xlsx_bytes(ROWS, "lister/2024", HEADERS, banner=banner)).worksheets[0]
        assert ws.title == "lister_2024"  # '/' is not allowed in a sheet name
        assert [c.value for c in ws[header_row]] == list(HEADERS.values())
        assert ws.freeze_panes == f"A{header_row + 1}"
        assert ws.auto_filter.ref == f"A{header_row}:C{header_row + 2}"
        widths = {k: ws.column_dimensions[k].width for k in "ABC"}
        assert widths["A"] == len("Lille Kløverlunden i Sydhavnen") + 2  # the longest cell, not the banner
        assert widths["B"] == len("Værdi (%)") + 2 and widths["C"] == len("På listen") + 2


def test_a_very_long_text_does_not_make_a_column_wider_than_the_screen() -> None:
    ws = _open(xlsx_bytes([{"t": "x" * 500}], headers={"t": "Tekst"})).worksheets[0]
    assert ws.column_dimensions["A"].width == 60


def test_the_about_sheet_names_vintage_rules_and_disclosure() -> None:
    about = [("Dataudgave", "demo 2024"), ("Regelversion", "0.1.0+params.abc"), ("Diskretionering: mindst", 5)]
    wb = _open(xlsx_bytes(ROWS, "lister", HEADERS, about=about, about_title="Om data"))
    assert wb.sheetnames == ["lister", "Om data"]
    assert [tuple(c.value for c in row) for row in wb["Om data"].iter_rows()] == about
    assert _open(xlsx_bytes(ROWS, "lister", HEADERS)).sheetnames == ["lister"]  # nothing given, nothing invented
