"""Exports never carry a live spreadsheet formula: text that starts like one stays text, in CSV and XLSX alike."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from openpyxl import load_workbook

from boligmonitor import output

DANGEROUS = ["=HYPERLINK(\"http://x\",\"klik\")", "+1+2", "-2+3", "@SUM(A1)", "\tTab", "\rCR"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_csv_text_that_looks_like_a_formula_becomes_text(text: str) -> None:
    rows = [{"name": text, "value": -1.5}]
    parsed = list(csv.reader(io.StringIO(output.to_csv(rows, {"name": "Navn", "value": "Værdi"}, decimal=",")),
                             delimiter=";"))
    assert parsed[1][0] == "'" + text
    assert parsed[1][1] == "-1,5"  # a number we format ourselves is not touched, even when negative


def test_csv_leaves_ordinary_text_alone() -> None:
    rows = [{"name": "Ærtebjerg Øst – afd. 3"}, {"name": "'quoted"}]
    parsed = list(csv.reader(io.StringIO(output.to_csv(rows)), delimiter=";"))
    assert [r[0] for r in parsed[1:]] == ["Ærtebjerg Øst – afd. 3", "'quoted"]


def test_xlsx_text_that_looks_like_a_formula_is_stored_as_text() -> None:
    rows = [{"name": t, "value": -2} for t in DANGEROUS]
    body = output.xlsx_bytes(rows, "t", {"name": "=Navn", "value": "Værdi"}, banner="=banner")
    sheet = zipfile.ZipFile(io.BytesIO(body)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet  # no formula element anywhere
    ws = load_workbook(io.BytesIO(body)).active
    assert ws is not None
    values = [(c.value, c.data_type, c.quotePrefix) for c in ws["A"]]
    assert values[0] == ("=banner", "s", True)
    assert values[1] == ("=Navn", "s", True)
    # an XML parser may read a stored CR back as LF; the point is that it is text, not what happens to line ends
    assert [v[0].replace("\r", "\n") for v in values[2:]] == [t.replace("\r", "\n") for t in DANGEROUS]
    assert all(v[1] == "s" and v[2] for v in values[2:])
    assert [c.value for c in ws["B"]][2:] == [-2] * len(DANGEROUS)  # numbers stay numbers


def test_cli_xlsx_file_has_no_formula(tmp_path: object) -> None:
    from pathlib import Path

    target = Path(str(tmp_path)) / "x.xlsx"
    output.to_xlsx([{"name": "=1+1"}], target)
    ws = load_workbook(target).active
    assert ws is not None
    assert ws["A2"].data_type == "s" and ws["A2"].value == "=1+1"
