"""The CLI shows what follows from a status (with why), undetermined rows apart from those that left, and values
that agree with their decisions."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from boligmonitor import api, cli

runner = CliRunner()


def _persisting(bundle: Path) -> tuple[str, int]:
    """An area and list year where an obligation continues after the area left its list (§ 168 a)."""
    b = api.open_bundle(bundle)
    for area in sorted({r["area_id"] for r in api.lists(b, api.available_years(b)[-1])} | {"A0005"}):
        for year in api.available_years(b):
            info = api.explain(b, area, year)
            if any(o["basis"] == "persists" and o["id"] == "afvisning_51c" for o in info["obligations"]):
                return area, year
    raise AssertionError("the synthetic bundle has no former hårdt ghettoområde")


def test_explain_shows_obligations_that_continue_after_the_list(synth_bundle: Path) -> None:
    area, year = _persisting(synth_bundle)
    args = ["explain", "--bundle", str(synth_bundle), "--area", area, "--year", str(year)]
    da_run, en_run = runner.invoke(cli.app, args), runner.invoke(cli.app, [*args, "--lang", "en"])
    assert da_run.exit_code == 0 and en_run.exit_code == 0, da_run.output
    # the console wraps at its width; compare the words
    da, en = " ".join(da_run.output.split()), " ".join(en_run.output.split())
    assert "Forpligtelser" in da and "Gælder fortsat, selv om området ikke længere er" in da
    assert "§ 168 a, stk. 6" in da
    assert "Obligations" in en and "Continues although the area is no longer" in en
    assert f"liste pr. {api.explain(synth_bundle, area, year)['list_date_text']}" in da


def test_lists_table_keeps_undetermined_rows_apart_from_those_that_left() -> None:
    rows = [{"category_label": "Udsat boligområde", "area_id": "A1", "name": "Nord", "municipality": "K",
             "criteria_met": 1, "change": "undetermined", "member": None, "difference": "kan ikke afgøres: X"},
            {"category_label": "Udsat boligområde", "area_id": "A2", "name": "Syd", "municipality": "K",
             "criteria_met": 1, "change": "left", "member": False, "difference": "Y: ikke længere opfyldt"}]
    with cli.out.capture() as captured:
        cli._print_lists(rows, 2024, "da")
    text = captured.get()
    assert "Forlod listen: Syd (Y: ikke længere opfyldt)" in text
    assert "Kan ikke afgøres: Nord (kan ikke afgøres: X)" in text
    assert "Forlod listen: Nord" not in text


def test_cli_criterion_value_never_contradicts_met() -> None:
    c = {"label": "x", "value": 0.4, "threshold": 0.4, "comparator": ">", "met": True, "unit": "share",
         "withheld": None, "exit_path": "", "data_years": [2023], "parameter": "p"}
    row = cli._criterion_row(c, "da")
    assert row["Værdi"] == "> 40,00 %" and row["Tærskel"] == "> 40,00 %"
    row = cli._criterion_row({**c, "value": 0.40000008}, "en")
    assert row["Value"] == "40.00001 %"
