"""The map coloured by the early-warning watchlist: the flags the watchlist core computes from the bundle, one colour
per flag, a filter by flag, and the database read as the core reads a bundle (a suppressed cell has no number)."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from boligmonitor import api
from boligmonitor.forecast.data import SUPPRESSED, from_bundle
from boligmonitor.forecast.texts import FLAGS
from boligmonitor.forecast.watchlist import flags_by_area
from boligmonitor.web import models as m
from boligmonitor.web import queries, svg
from tests.web.test_map_page import _area_links, _svg


@functools.cache
def _flags(bundle: Path) -> dict[int, dict[str, list[str]]]:
    """The watchlist core's flags per list year, computed from the bundle file (the newest years first)."""
    vintage = from_bundle(api.open_bundle(bundle))
    return {y: flags_by_area(vintage, y) for y in sorted(vintage.list_years(), reverse=True)[:6]}


def _flagged_year(bundle: Path) -> int:
    return next(y for y, flags in _flags(bundle).items() if any(flags.values()))


def test_the_map_shows_the_flags_the_watchlist_core_computes_from_the_bundle(client_for: Any,
                                                                             synth_bundle: Path) -> None:
    c = client_for("public")
    assert c.get("/map.json?colour=watchlist").json()["year"] == max(_flags(synth_bundle))  # the newest by default
    for year, expected in _flags(synth_bundle).items():
        twin = c.get(f"/map.json?colour=watchlist&year={year}").json()
        assert twin["mode"] == "watchlist"
        got = {f["area_id"]: f["flags"] for f in twin["features"]}
        assert got == {a: [f for f in FLAGS if f in flags] for a, flags in expected.items()}
        assert set(got) == {a.area_id for a in m.Area.objects.filter(vintage__published=True, kind="statutory")}
    assert _flagged_year(synth_bundle)  # some year has flagged areas


def test_each_flag_has_its_colour_and_the_filter_shows_one(client_for: Any, synth_bundle: Path,
                                                            monkeypatch: Any) -> None:
    c = client_for("public")
    year = _flagged_year(synth_bundle)
    twin = c.get(f"/map.json?colour=watchlist&year={year}").json()
    links = _area_links(_svg(c.get(f"/map/?colour=watchlist&year={year}").content.decode()))
    for f in twin["features"]:
        want = svg.FLAG_COLOURS[f["flags"][0]] if f["flags"] else "#d9d9d9"
        assert links[f["area_id"]].get("fill") == want
        if f["flags"]:
            names = [FLAGS[x].da for x in f["flags"]]
            title = links[f["area_id"]].find("{http://www.w3.org/2000/svg}title")
            assert title is not None and title.text == f"{f['name']}: {', '.join(names)}"
    # several flags on one area: the first in FLAGS' order colours it, the filter shows one flag only
    ids = sorted(f["area_id"] for f in twin["features"])
    given = {ids[0]: ["near_floor", "approaching"], ids[1]: ["near_floor"], ids[2]: ["omdannelse"]}
    monkeypatch.setattr(queries, "_watch_flags", lambda *args: given)
    fills = {a: e.get("fill") for a, e in _area_links(_svg(c.get("/map/?colour=watchlist").content.decode())).items()}
    assert fills[ids[0]] == svg.FLAG_COLOURS["approaching"] and fills[ids[1]] == svg.FLAG_COLOURS["near_floor"]
    assert fills[ids[2]] == svg.FLAG_COLOURS["omdannelse"] and fills[ids[3]] == "#d9d9d9"
    only = {a: e.get("fill") for a, e in _area_links(_svg(c.get(
        "/map/?colour=watchlist&flag=near_floor").content.decode())).items()}
    assert only[ids[0]] == only[ids[1]] == svg.FLAG_COLOURS["near_floor"]
    assert only[ids[2]] == only[ids[3]] == "#d9d9d9"
    assert len(set(svg.FLAG_COLOURS.values())) == len(FLAGS) and set(svg.FLAG_COLOURS) == set(FLAGS)


def test_an_unknown_flag_is_a_clear_404(client_for: Any) -> None:
    c = client_for("public")
    r = c.get("/map.json?colour=watchlist&flag=bogus")
    assert r.status_code == 404 and "ikke et flag på overvågningslisten" in r.json()["error"]["message"]
    assert "not a watchlist flag" in c.get("/map.json?colour=watchlist&flag=bogus&lang=en").json()["error"]["message"]
    assert c.get("/map.json?colour=rainbow").status_code == 404


def test_the_database_is_read_as_the_bundle_is_a_suppressed_cell_has_no_number(db: Any, synth_bundle: Path) -> None:
    v = m.Vintage.objects.get(published=True)
    from_db = queries.watch_vintage(v)
    from_file = from_bundle(api.open_bundle(synth_bundle))
    assert from_db.cells == from_file.cells
    assert from_db.list_years() == from_file.list_years()
    cell = m.IndicatorValue.objects.filter(vintage=v, unit_type="area", indicator_id="outside_labour_18_64",
                                           suppression__isnull=True).first()
    assert cell is not None
    m.IndicatorValue.objects.filter(pk=cell.pk).update(numerator=None, denominator=None, value=None,
                                                       suppression="primary")
    assert queries.watch_vintage(v).cell("area", cell.unit_id, cell.year, "outside_labour_18_64") == SUPPRESSED
