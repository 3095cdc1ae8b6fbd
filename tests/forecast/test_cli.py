"""``boligmonitor watchlist`` and ``boligmonitor forecast`` (issue 11's pinned commands) over the session's synthetic
bundle: every format, both languages, the method named, user errors without a traceback."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from rich.console import Console
from typer.testing import CliRunner

from boligmonitor import api, cli
from boligmonitor.cli import app
from boligmonitor.forecast.data import from_bundle
from boligmonitor.forecast.lists import forecast
from boligmonitor.forecast.watchlist import watchlist
from tests.integration.corpus import run_in_process

runner = CliRunner()


@pytest.fixture(autouse=True)
def wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "out", Console(width=250))


def test_forecast_pinned_columns_in_csv_and_json(synth_bundle: Path) -> None:
    args = ["forecast", "--bundle", str(synth_bundle), "--as-of", "2021", "--horizon", "2", "--futures", "40"]
    res = runner.invoke(app, [*args, "--format", "csv"])
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines[0].startswith("# SYNTETISKE DATA")
    rows = list(csv.DictReader(io.StringIO("\n".join(lines[1:])), delimiter=";"))
    assert {"area_id", "list_year", "category", "probability"} <= set(rows[0])
    assert {r["list_year"] for r in rows} == {"2022", "2023"}
    # the same numbers as the Python function, written with a decimal comma
    fc = forecast(from_bundle(api.open_bundle(synth_bundle)), 2021, 2, 40)
    want = {(r["area_id"], str(r["list_year"]), r["category"]): r["probability"] for r in fc.rows}
    for r in rows:
        assert float(r["probability"].replace(",", ".")) == pytest.approx(want[(r["area_id"], r["list_year"],
                                                                                 r["category"])], abs=1e-4)
    doc = json.loads(runner.invoke(app, [*args, "--format", "json", "--lang", "en"]).stdout)
    assert doc["synthetic"] is True
    assert doc["method"]["as_of"] == 2021 and doc["method"]["data_years"][1] == 2020
    assert doc["method"]["text"][0].startswith("Forecast as of the list of 2021")
    assert len(doc["rows"]) == len(rows)


def test_forecast_table_in_danish_and_english(synth_bundle: Path) -> None:
    args = ["forecast", "--bundle", str(synth_bundle), "--futures", "30", "--horizon", "1"]
    da = runner.invoke(app, args)
    en = runner.invoke(app, [*args, "--lang", "en"])
    assert da.exit_code == 0 and en.exit_code == 0, (da.output, en.output)
    assert "Fremskrivning pr. listen" in da.output and "Sandsynlighed" in da.output
    assert "Forecast as of the list of" in en.output and "Probability" in en.output
    assert "SYNTETISKE DATA" in da.output


def test_forecast_xlsx_and_no_change(synth_bundle: Path, tmp_path: Path) -> None:
    target = tmp_path / "f.xlsx"
    res = runner.invoke(app, ["forecast", "--bundle", str(synth_bundle), "--model", "no_change", "--format", "xlsx",
                              "--output", str(target)])
    assert res.exit_code == 0, res.output
    sheet = load_workbook(target).active
    assert sheet is not None
    assert str(sheet.cell(1, 1).value).startswith("SYNTETISKE DATA")
    head = [c.value for c in sheet[2]]
    assert head[:2] == ["area_id", "name"] and "probability" in head
    probs = {sheet.cell(r, head.index("probability") + 1).value for r in range(3, sheet.max_row + 1)}
    assert probs <= {0, 1}  # one future: every probability is 0 or 1


def test_backtest_from_the_command_line(synth_bundle: Path) -> None:
    res = runner.invoke(app, ["forecast", "--bundle", str(synth_bundle), "--backtest", "--horizon", "1",
                              "--as-of", "2022", "--futures", "20", "--format", "json"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["as_of_years"] == [2022, 2023, 2024]
    tables = {r["table"] for r in doc["rows"]}
    assert tables == {"by_horizon", "by_category", "calibration"}
    h1 = next(r for r in doc["rows"] if r["table"] == "by_horizon")
    assert h1["horizon"] == 1 and h1["n"] > 0 and 0 <= h1["forecast"] <= 1


def test_watchlist_in_every_format(synth_bundle: Path, tmp_path: Path) -> None:
    w = watchlist(from_bundle(api.open_bundle(synth_bundle)))
    args = ["watchlist", "--bundle", str(synth_bundle)]
    table = runner.invoke(app, args)
    assert table.exit_code == 0, table.output
    assert "Overvågningsliste for listen" in table.output and "Markeringer" in table.output
    en = runner.invoke(app, [*args, "--lang", "en"])
    assert "Watchlist for the list of" in en.output and "Flags" in en.output
    as_csv = runner.invoke(app, [*args, "--format", "csv", "--lang", "en"]).output.splitlines()
    rows = list(csv.DictReader(io.StringIO("\n".join(as_csv[1:]))))
    assert [r["area_id"] for r in rows] == [a.area_id for a in w.areas]
    assert {"area_id", "lists", "flags", "why", "nearest"} <= set(rows[0])
    doc = json.loads(runner.invoke(app, [*args, "--format", "json", "--lines"]).output)
    assert doc["method"]["close"]["share"] == 0.05
    assert {"category", "criterion", "value", "threshold", "persons", "direction"} <= set(doc["rows"][0])
    target = tmp_path / "w.xlsx"
    assert runner.invoke(app, [*args, "--format", "xlsx", "--output", str(target)]).exit_code == 0
    assert load_workbook(target).active is not None


@pytest.mark.parametrize(("argv", "code", "words"), [
    (["watchlist", "--year", "1999"], 7, "--year 1999"),
    (["watchlist", "--flag", "red"], 7, "--flag red"),
    (["forecast", "--as-of", "1999"], 7, "--as-of 1999"),
    (["forecast", "--horizon", "9"], 2, "--horizon"),
    (["forecast", "--futures", "0"], 2, "--futures"),
    (["forecast", "--model", "crystal_ball"], 2, "--model"),
    (["forecast", "--format", "pdf"], 2, "--format"),
])
def test_user_errors_without_a_traceback(synth_bundle: Path, argv: list[str], code: int, words: str) -> None:
    res = run_in_process([*argv, "--bundle", str(synth_bundle)])
    assert res.code == code, res
    assert words in res.stderr and "Traceback" not in res.stderr + res.stdout


def test_a_missing_bundle_is_a_bundle_error(tmp_path: Path) -> None:
    for command in ("watchlist", "forecast"):
        res = run_in_process([command, "--bundle", str(tmp_path / "nothing")])
        assert res.code == 6 and "bundle folder not found" in res.stderr and "Traceback" not in res.stderr
