"""`boligmonitor index` in every format and both languages, over the session's synthetic bundle: the pinned columns
(area_id, value, rank, class), the method named on every result, and user errors without a traceback."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from rich.console import Console
from typer.testing import CliRunner

from boligmonitor import api, cli
from boligmonitor.index.compute import compute_index
from boligmonitor.index.data import BundleIndexData
from boligmonitor.index.presets import load_preset, preset_names

runner = CliRunner()
PINNED = ("area_id", "value", "rank", "class")


@pytest.fixture(autouse=True)
def wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "out", Console(width=250))


def expected(bundle: Path, preset: str, year: int | None = None) -> dict[str, tuple[float | None, int | None]]:
    r = compute_index(BundleIndexData(api.open_bundle(bundle)), load_preset(preset), year)
    return {x.unit_id: (x.value, x.rank) for x in r.rows}


@pytest.mark.parametrize("preset", preset_names())
def test_csv_has_the_pinned_columns_and_the_core_values(synth_bundle: Path, preset: str) -> None:
    res = runner.invoke(cli.app, ["index", "--bundle", str(synth_bundle), "--preset", preset, "--format", "csv",
                                  "--lang", "en"])
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert lines[0].startswith("# SYNTETISKE DATA / SYNTHETIC DATA")
    rows = list(csv.DictReader(io.StringIO("\n".join(lines[1:])), delimiter=","))
    assert rows and all(k in rows[0] for k in (*PINNED, "method"))
    want = expected(synth_bundle, preset)
    assert {r["area_id"] for r in rows} == set(want)
    for r in rows:
        value, rank = want[r["area_id"]]
        assert (r["value"] == "") == (value is None) and (r["rank"] == "") == (rank is None)
        if value is not None:
            assert float(r["value"]) == pytest.approx(value, abs=1e-4) and int(r["rank"]) == rank
        assert f"[{preset} {load_preset(preset).fingerprint()}]" in r["method"]


def test_danish_csv_uses_semicolons_and_decimal_commas(synth_bundle: Path) -> None:
    res = runner.invoke(cli.app, ["index", "--bundle", str(synth_bundle), "--preset", "kobenhavn_atlas",
                                  "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO("\n".join(res.output.splitlines()[1:])), delimiter=";"))
    scored = [r for r in rows if r["value"]]
    assert scored and all("," in r["value"] or r["value"].isdigit() for r in scored)
    assert {r["status"] for r in rows} <= {"beregnet", "intet indeks", "indgår ikke"}


def test_json_names_the_method_and_carries_the_sensitivity(synth_bundle: Path) -> None:
    res = runner.invoke(cli.app, ["index", "--bundle", str(synth_bundle), "--preset", "imd", "--format", "json",
                                  "--sensitivity", "60", "--lang", "en"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert doc["synthetic"] is True
    m = doc["method"]
    assert m["preset"] == "imd" and m["fingerprint"] == load_preset("imd").fingerprint()
    assert m["rules_version"] == api.open_bundle(synth_bundle).manifest["rules_version"]
    assert set(m["choices"]) >= {"normalisation", "weights", "aggregation", "classes", "missing"}
    assert m["not_covered"] and any(i["substitute"] for i in m["indicators"])
    rows = doc["rows"]
    assert all(k in rows[0] for k in (*PINNED, "rank_low", "rank_high"))
    for r in rows:
        if r["rank"] is not None:
            assert r["rank_low"] <= r["rank"] <= r["rank_high"]
    assert doc["sensitivity"]["runs"] == 60 and doc["sensitivity"]["ranking"]


def test_xlsx_has_the_pinned_columns(synth_bundle: Path, tmp_path: Path) -> None:
    out = tmp_path / "indeks.xlsx"
    res = runner.invoke(cli.app, ["index", "--bundle", str(synth_bundle), "--preset", "aarhus", "--format", "xlsx",
                                  "--output", str(out)])
    assert res.exit_code == 0, res.output
    ws = load_workbook(out).active
    assert ws is not None
    assert str(ws.cell(1, 1).value).startswith("SYNTETISKE DATA")
    header = [c.value for c in ws[2]]
    assert all(k in header for k in PINNED)


def test_table_speaks_danish_by_default_and_english_on_request(synth_bundle: Path) -> None:
    args = ["index", "--bundle", str(synth_bundle), "--preset", "berlin_mss", "--sensitivity", "30"]
    da, en = runner.invoke(cli.app, args), runner.invoke(cli.app, [*args, "--lang", "en"])
    assert da.exit_code == 0 and en.exit_code == 0, da.output
    da_text, en_text = " ".join(da.output.split()), " ".join(en.output.split())
    assert "SYNTETISKE DATA" in da_text and f"[berlin_mss {load_preset('berlin_mss').fingerprint()}]" in da_text
    assert "Rang" in da_text and "manglende input: intet indeks" in da_text and "erstatter" in da_text
    assert "Det valg, der flytter rangene mest" in da_text
    assert "Rank" in en_text and "missing inputs: no index" in en_text and "stands in for" in en_text
    assert "The choice that moves ranks most" in en_text


def test_municipality_narrows_the_areas(synth_bundle: Path) -> None:
    b = api.open_bundle(synth_bundle)
    code = int(b.registry["areas"][0]["municipality_code"])
    res = runner.invoke(cli.app, ["index", "--bundle", str(synth_bundle), "--preset", "imd", "--format", "json",
                                  "--municipality", str(code)])
    rows = json.loads(res.output)["rows"]
    mine = {a["area_id"] for a in b.registry["areas"] if int(a["municipality_code"]) == code}
    assert {r["area_id"] for r in rows} == mine


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    # the expected texts are the English ones (the CLI speaks Danish unless told otherwise)
    return subprocess.run([sys.executable, "-m", "boligmonitor.cli", *args], capture_output=True, text=True,
                          check=False, env={**os.environ, "BOLIGMONITOR_LANG": "en"})


def test_user_errors_name_the_problem_and_print_no_traceback(synth_bundle: Path, tmp_path: Path) -> None:
    b = str(synth_bundle)
    unknown = _cli("index", "--bundle", b, "--preset", "odense")
    assert unknown.returncode == 10 and "no preset named 'odense'" in unknown.stderr
    year = _cli("index", "--bundle", b, "--preset", "imd", "--year", "1990")
    assert year.returncode == 7 and "no data year 1990" in year.stderr
    early = _cli("index", "--bundle", b, "--preset", "berlin_mss", "--year", "2006")
    assert early.returncode == 7 and "compares 2006 with 2004" in early.stderr
    bad = tmp_path / "mit.yaml"
    bad.write_text("id: mit\nname: {da: Mit, en: Mine}\nindicators: [{id: nej}]\nnormalisation: {method: zscore}\n"
                   "classes: {method: quantiles, count: 4}\n", encoding="utf-8")
    broken = _cli("index", "--bundle", b, "--preset", str(bad))
    assert broken.returncode == 10 and "indicators[0].id: 'nej' is not an indicator" in broken.stderr
    runs = _cli("index", "--bundle", b, "--preset", "imd", "--sensitivity", "-1")
    assert runs.returncode == 2 and "--sensitivity must be from 0" in runs.stderr
    muni = _cli("index", "--bundle", b, "--preset", "imd", "--municipality", "9999")
    assert muni.returncode == 7 and "municipality 9999" in muni.stderr
    for r in (unknown, year, early, broken, runs, muni):
        assert "Traceback" not in r.stderr and r.stdout == ""
