"""The CLI's read commands in every format and both languages, over the session's synthetic bundle."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from rich.console import Console
from typer.testing import CliRunner

from boligmonitor import api, cli
from boligmonitor.cli import app
from boligmonitor.rules.classify import categories_in_force
from boligmonitor.rules.texts import CATEGORY_LABELS

runner = CliRunner()


@pytest.fixture(autouse=True)
def wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rich fixes the width when the console is made; a wide one keeps table cells on one line."""
    monkeypatch.setattr(cli, "out", Console(width=250))


def _listed_year(bundle: Path) -> tuple[int, str]:
    """The latest list year with a member, and one member's area id."""
    for year in reversed(api.available_years(bundle)):
        rows = [r for r in api.lists(bundle, year) if r["member"]]
        if rows:
            return year, rows[0]["area_id"]
    raise AssertionError("the synthetic bundle has no list members")


def test_lists_in_every_format_agree_with_the_python_api(synth_bundle: Path, tmp_path: Path) -> None:
    year, _ = _listed_year(synth_bundle)
    expected = api.lists(synth_bundle, year)
    args = ["lists", "--bundle", str(synth_bundle), "--year", str(year)]
    as_json = runner.invoke(app, [*args, "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    doc = json.loads(as_json.output)
    assert doc["rows"] == json.loads(json.dumps(expected, default=str))
    assert doc["synthetic"] is True and doc["notice"].startswith("SYNTETISKE DATA")
    assert set(doc["members"]) == {CATEGORY_LABELS[c].da for c in categories_in_force(year)}, "empty lists as 0"
    assert sum(doc["members"].values()) == sum(1 for r in expected if r["member"])
    as_csv = runner.invoke(app, [*args, "--format", "csv"])
    banner, body = as_csv.output.split("\n", 1)
    assert banner.startswith("# SYNTETISKE DATA")
    rows = list(csv.DictReader(io.StringIO(body), delimiter=";"))
    assert [r["Område"] for r in rows] == [r["area_id"] for r in expected]
    assert [r["Kategori"] for r in rows] == [r["category_label"] for r in expected], "labels, not ids"
    assert {r["Ændring"] for r in rows} <= {"ny", "fortsat", "forlod", ""}
    xlsx = tmp_path / "lists.xlsx"
    assert runner.invoke(app, [*args, "--format", "xlsx", "--output", str(xlsx)]).exit_code == 0
    sheet = load_workbook(xlsx).active
    assert sheet is not None and sheet.max_row == len(expected) + 2  # the synthetic marker, the header, the rows
    assert str(sheet["A1"].value).startswith("SYNTETISKE DATA")
    table = runner.invoke(app, [*args, "--format", "table"])
    first = next(r for r in expected if r["member"])
    assert first["category_label"] in table.output and first["name"] in table.output and "områder" in table.output


def test_explain_speaks_danish_by_default_and_english_on_request(synth_bundle: Path) -> None:
    year, area = _listed_year(synth_bundle)
    args = ["explain", "--bundle", str(synth_bundle), "--area", area, "--year", str(year)]
    da = runner.invoke(app, args)
    en = runner.invoke(app, [*args, "--lang", "en"])
    assert da.exit_code == 0 and en.exit_code == 0, (da.output, en.output)
    assert "Beboere (mindst)" in da.output and "Residents (at least)" not in da.output
    assert "Residents (at least)" in en.output and "Beboere (mindst)" not in en.output
    assert "på listen" in da.output and "on the list" in en.output
    assert "≥ 1.000" in da.output and ">=" not in da.output and "≥ 1,000" in en.output
    assert "Almenboligloven § 61 a" in da.output and "common/resident_floor" not in da.output, "the law, not an id"
    history = en.output.split("History: ")[1]
    assert "omraade" not in history and any(w in history for w in ("area", "society", "letting")), history
    share = next(c for d in api.explain(synth_bundle, area, year)["decisions"] for c in d["criteria"]
                 if c["unit"] == "share" and c["value"] is not None)
    percent = f"{share['value'] * 100:.2f}"
    assert f"{percent.replace('.', ',')} %" in da.output and f"{percent} %" in en.output
    as_json = json.loads(runner.invoke(app, [*args, "--format", "json", "--lang", "en"]).output)
    assert as_json["synthetic"] is True and as_json["notice"].startswith("SYNTETISKE DATA")
    labels = {c["label"] for d in as_json["decisions"] for c in d["criteria"]}
    assert {c["comparator_sign"] for d in as_json["decisions"] for c in d["criteria"]} <= {"≥", "≤", ">", "<", ""}
    assert "Residents (at least)" in labels
    paths = [c["exit_path"] for d in as_json["decisions"] for c in d["criteria"]]
    assert paths == [c["exit_path"] for d in api.explain(synth_bundle, area, year, "en")["decisions"]
                     for c in d["criteria"]]
    assert any(p.endswith("residents") for p in paths), "the margin reads as the same sentence the web shows"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "boligmonitor.cli", *args], capture_output=True, text=True,
                          check=False)


def test_bad_language_and_old_bundle_are_user_errors(synth_bundle: Path, tmp_path: Path) -> None:
    bad = _cli("lists", "--bundle", str(synth_bundle), "--lang", "sv")
    assert bad.returncode == 2 and "Fejl: --lang skal være da eller en (fik 'sv')" in bad.stderr
    assert "Traceback" not in bad.stderr
    old = tmp_path / "old"
    shutil.copytree(synth_bundle, old)
    manifest = json.loads((old / "manifest.json").read_text(encoding="utf-8"))
    manifest["bundle_format"] = 2
    (old / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    proc = _cli("explain", "--bundle", str(old), "--area", "A0001")
    assert proc.returncode == 6 and "bundtformat 2" in proc.stderr and "'boligmonitor run'" in proc.stderr
    assert str(old / "manifest.json") in proc.stderr, "paths are not wrapped"
    assert "Traceback" not in proc.stderr
