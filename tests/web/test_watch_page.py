"""The watchlist page, its JSON twin, downloads and /api/watchlist: the core's numbers from the database (the same as
`boligmonitor watchlist` on the bundle), withheld stays withheld, filters, two languages, and no area outside what
the viewer may see."""

from __future__ import annotations

import csv
import html
import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from boligmonitor import api
from boligmonitor.forecast.data import from_bundle
from boligmonitor.forecast.texts import FLAGS
from boligmonitor.forecast.watchlist import watchlist
from boligmonitor.web import models as m
from tests.web.conftest import ROLES

WITHHELD_YEAR = 2014  # the session bundle's list with a withheld criterion (the test checks it is there)
FLAG_YEAR = 2015  # a list with flags


def _core(bundle: Path, year: int | None = None) -> Any:
    return watchlist(from_bundle(api.open_bundle(bundle)), year)


@pytest.mark.parametrize("year", [None, WITHHELD_YEAR, FLAG_YEAR, 2018])
def test_the_page_shows_the_cores_watchlist_of_the_bundle(client_for: Any, synth_bundle: Path,
                                                          year: int | None) -> None:
    c = client_for("analyst")
    query = "" if year is None else f"?year={year}"
    data = c.get(f"/watchlist.json{query}").json()
    core = _core(synth_bundle, year)
    assert data["year"] == core.year
    rows = {r["area_id"]: r for r in data["rows"]}
    assert set(rows) == {a.area_id for a in core.areas}  # every statutory area, listed or not
    expected = {r["area_id"]: r for r in core.rows("da")}
    for a, r in rows.items():
        assert {k: r[k] for k in expected[a]} == expected[a]
    lines = {(ln["area_id"], ln["category"], ln["criterion"]): ln for ln in core.lines("da")}
    got = {(a, ln["category"], ln["criterion"]): ln for a, r in rows.items() for ln in r["lines"]}
    assert got.keys() == lines.keys()
    for k, ln in got.items():
        for field in ("value", "value_text", "threshold_text", "gap", "gap_points", "persons", "exit_path",
                      "direction", "met"):
            assert ln[field] == lines[k][field], (k, field)
    assert c.get(f"/api/watchlist{query}").json() == data  # the API answers what the twin answers
    page = html.unescape(c.get(f"/watchlist/{query}").content.decode())
    assert data["method"]["text"] in page and data["computed"] in page
    for r in data["rows"]:
        assert r["name"] in page and r["nearest"] in page and r["why"] in page
        for ln in r["lines"]:
            assert ln["exit_path"] in page and ln["value_text"] in page


def test_a_withheld_criterion_stays_withheld_on_every_face(client_for: Any, synth_bundle: Path) -> None:
    c = client_for("analyst")
    withheld = [ln for ln in _core(synth_bundle, WITHHELD_YEAR).lines("da") if ln["value"] is None]
    assert withheld, "the session bundle no longer has a withheld criterion in this list year"
    data = c.get(f"/watchlist.json?year={WITHHELD_YEAR}").json()
    for w in withheld:
        row = next(r for r in data["rows"] if r["area_id"] == w["area_id"])
        ln = next(x for x in row["lines"] if (x["category"], x["criterion"]) == (w["category"], w["criterion"]))
        assert ln["value"] is None and ln["gap"] is None and ln["persons"] is None and ln["direction"] == "unknown"
        assert ln["value_text"] == "tilbageholdt"
    text = c.get(f"/watchlist.csv?year={WITHHELD_YEAR}&detail=lines").content.decode("utf-8-sig")
    table = list(csv.DictReader(io.StringIO("\n".join(text.splitlines()[1:])), delimiter=";"))
    cells = [r for r in table if r["Område-id"] == withheld[0]["area_id"]
             and r["Kriterium"] == withheld[0]["criterion_label"] and r["Kategori-id"] == withheld[0]["category"]]
    assert cells and all(r["Værdi"] == "" and r["Værdi (tekst)"] == "tilbageholdt" for r in cells)


def test_filters_by_municipality_organisation_and_flag(client_for: Any, synth_bundle: Path) -> None:
    c = client_for("analyst")
    core = _core(synth_bundle, FLAG_YEAR)
    every = c.get(f"/watchlist.json?year={FLAG_YEAR}").json()
    some = core.areas[0]
    by_m = c.get(f"/watchlist.json?year={FLAG_YEAR}&municipality={some.municipality_code}").json()
    assert {r["area_id"] for r in by_m["rows"]} == {a.area_id for a in core.areas
                                                     if a.municipality_code == some.municipality_code}
    org = some.organisations[0]
    by_o = c.get(f"/watchlist.json?year={FLAG_YEAR}&org={org}").json()
    assert {r["area_id"] for r in by_o["rows"]} == {a.area_id for a in core.areas if org in a.organisations}
    flagged = [f for f in FLAGS if any(f in a.flag_ids() for a in core.areas)]
    assert flagged
    for f in flagged:
        got = c.get(f"/watchlist.json?year={FLAG_YEAR}&flag={f}").json()
        assert {r["area_id"] for r in got["rows"]} == {a.area_id for a in core.areas if f in a.flag_ids()}
        assert next(x["count"] for x in every["flags"] if x["flag"] == f) == len(got["rows"])
    assert len(every["rows"]) > len(by_m["rows"])  # the filter narrowed something


def test_bad_input_is_a_clear_answer_in_both_languages(client_for: Any) -> None:
    c = client_for("analyst")
    r = c.get("/watchlist.json?flag=nosuchflag")
    assert r.status_code == 404 and "approaching" in r.json()["error"]["message"]
    assert "er ikke en markering" in r.json()["error"]["message"]
    assert "is not a watchlist flag" in c.get("/watchlist.json?flag=x&lang=en").json()["error"]["message"]
    assert c.get("/watchlist.json?year=1999").status_code == 404
    assert c.get("/watchlist.json?page=99").status_code == 404
    assert c.get("/watchlist.json?page=0").status_code == 404
    assert c.get("/watchlist.json?year=abc").status_code == 400
    assert c.get("/watchlist.pdf").status_code == 404
    assert c.get("/api/watchlist?flag=nosuchflag").status_code == 404


def test_english_on_request_danish_by_default(client_for: Any) -> None:
    c = client_for("public")
    da = html.unescape(c.get("/watchlist/").content.decode())
    en = html.unescape(c.get("/watchlist/?lang=en").content.decode())
    assert "Overvågningsliste" in da and "Ikke en officiel liste" in da and "Afstand til hver grænse" in da
    assert "Watchlist" in en and "Not an official list" in en and "Distance to each line" in en
    assert 'href="/watchlist/"' in da and 'href="/forecast/"' in da  # the navigation


def test_downloads_in_danish_and_english_with_the_banner(client_for: Any) -> None:
    c = client_for("analyst")
    data = c.get(f"/watchlist.json?year={FLAG_YEAR}").json()
    text = c.get(f"/watchlist.csv?year={FLAG_YEAR}").content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("# SYNTETISKE DATA") and "Ikke en officiel liste" in lines[0]
    table = list(csv.DictReader(io.StringIO("\n".join(lines[1:])), delimiter=";"))
    assert [r["Område-id"] for r in table] == [r["area_id"] for r in data["rows"]]
    assert [r["Markeringer"] for r in table] == [r["flags"] for r in data["rows"]]
    per_line = c.get(f"/watchlist.csv?year={FLAG_YEAR}&detail=lines&lang=en").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO("\n".join(per_line.splitlines()[1:]))))
    assert len(rows) == sum(len(r["lines"]) for r in data["rows"]) and "Residents from the line" in rows[0]
    ws = load_workbook(io.BytesIO(c.get(f"/watchlist.xlsx?year={FLAG_YEAR}&lang=en").content)).active
    assert ws is not None and [x.value for x in ws[2]][:3] == ["Area id", "Name", "Municipality"]
    assert "Not an official list" in str(ws["A1"].value)


def test_pages_of_fifty_areas(client_for: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from boligmonitor.web import watch_page

    monkeypatch.setattr(watch_page, "PAGE_SIZE", 3)
    c = client_for("analyst")
    first = c.get("/watchlist.json").json()
    assert first["pages"] == -(-first["total"] // 3) and len(first["rows"]) == 3
    seen = [r["area_id"] for p in range(1, first["pages"] + 1)
            for r in c.get(f"/watchlist.json?page={p}").json()["rows"]]
    assert len(seen) == len(set(seen)) == first["total"]
    body = c.get("/watchlist.csv").content.decode("utf-8-sig")
    assert len(body.splitlines()) == first["total"] + 2  # downloads hold every area: banner, header, rows


@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_the_watchlist_of_the_areas_it_may_see(client_for: Any, role: str) -> None:
    """Its inputs are public-profile cells and published decisions (ADR 0013 §9): every role sees every statutory
    area's entry (and, as everywhere, nothing it may not see)."""
    c = client_for(role)
    statutory = set(m.Area.objects.filter(vintage__published=True, kind="statutory")
                    .values_list("area_id", flat=True))
    for url in ("/watchlist.json", "/api/watchlist"):
        r = c.get(url)
        assert r.status_code == 200, (role, url)
        assert {x["area_id"] for x in r.json()["rows"]} == statutory
    assert c.get("/watchlist/").status_code == 200 and c.get("/watchlist.xlsx").status_code == 200
