"""The map coloured by a composite index: the same numbers the index core computes from the bundle, the preset's own
class colours, the method named, and nothing a viewer may not see."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from boligmonitor import api
from boligmonitor.index.compute import compute_index
from boligmonitor.index.data import BundleIndexData
from boligmonitor.index.presets import load_preset
from boligmonitor.indicators.catalogue import LABELS
from boligmonitor.web import models as m
from boligmonitor.web import queries, svg
from tests.web.test_map_page import _area_links, _svg


@pytest.mark.parametrize("preset", ["aarhus", "kobenhavn_atlas", "imd", "berlin_mss"])
def test_the_map_shows_what_the_index_core_computes_from_the_bundle(client_for: Any, synth_bundle: Path,
                                                                     preset: str) -> None:
    c = client_for("analyst")
    twin = c.get(f"/map.json?preset={preset}").json()
    assert twin["mode"] == "index" and twin["preset"] == preset
    expected = compute_index(BundleIndexData(api.open_bundle(synth_bundle)), load_preset(preset), twin["year"])
    rows = {r.unit_id: r for r in expected.rows}
    assert twin["features"]
    for f in twin["features"]:
        r = rows[f["area_id"]]
        assert (f["value"], f["rank"], f["status"]) == (r.value, r.rank, r.status)
        assert f["class"] == (r.klass.id if r.klass else None)
    # the method is named in full: preset, fingerprint, data year, vintage
    assert expected.method.spec.fingerprint() in twin["method"] and str(twin["year"]) in twin["method"]


def test_classes_get_the_presets_own_colours_and_no_index_is_grey(client_for: Any) -> None:
    c = client_for("analyst")
    twin = c.get("/map.json?preset=aarhus&colour=class").json()
    colours = {k["id"]: k["colour"] for k in twin["classes"]}
    page = c.get("/map/?preset=aarhus&colour=class").content.decode()
    links = _area_links(_svg(page))
    for f in twin["features"]:
        if f["area_id"] not in links:
            continue
        fill = links[f["area_id"]].get("fill")
        assert fill == (colours[f["class"]] if f["value"] is not None else "#d9d9d9")
    assert set(colours.values()) <= {"#2e7d32", "#f9a825", "#ef6c00", "#c62828"}  # aarhus.yaml's four colours
    assert "Metode:" in page and "aarhus" in page


def test_index_values_colour_higher_darker(client_for: Any) -> None:
    c = client_for("analyst")
    twin = c.get("/map.json?preset=imd&colour=index").json()
    links = _area_links(_svg(c.get("/map/?preset=imd&colour=index").content.decode()))
    shade = {f["area_id"]: svg.SEQUENTIAL.index(links[f["area_id"]].get("fill")) for f in twin["features"]
             if f["value"] is not None and f["area_id"] in links}
    value = {f["area_id"]: f["value"] for f in twin["features"]}
    assert len(set(shade.values())) >= 2
    for a in shade:
        for b in shade:
            if value[a] < value[b]:
                assert shade[a] <= shade[b]


def test_a_suppressed_input_gives_no_index_grey_and_says_why(client_for: Any) -> None:
    # Berlin MSS's rule: an area with a suppressed input gets no index. Suppress one published input in the database
    # (the test's transaction is rolled back) and the map must not colour that area or show a value for it.
    c = client_for("analyst")
    queries._index_result.cache_clear()
    before = c.get("/map.json?preset=berlin_mss").json()
    target = next(f for f in before["features"] if f["value"] is not None)
    v = m.Vintage.objects.get(published=True)
    n = m.IndicatorValue.objects.filter(vintage=v, unit_type="area", unit_id=target["area_id"], year=before["year"],
                                        indicator_id="outside_labour_18_64").update(
        value=None, numerator=None, denominator=None, suppression="primary")
    assert n == 1
    queries._index_result.cache_clear()
    try:
        after = {f["area_id"]: f for f in c.get("/map.json?preset=berlin_mss").json()["features"]}
        f = after[target["area_id"]]
        assert f["value"] is None and f["rank"] is None and f["class"] is None
        assert f"{LABELS['outside_labour_18_64'][0]}: diskretioneret" in f["note"]  # suppressed, not "missing"
        links = _area_links(_svg(c.get("/map/?preset=berlin_mss").content.decode()))
        shape = links[target["area_id"]]
        assert shape.get("fill") == "#d9d9d9"
        assert shape.find("{http://www.w3.org/2000/svg}title").text == f"{f['name']}: {f['note']}"
    finally:
        queries._index_result.cache_clear()


def test_an_index_is_not_shown_to_a_viewer_who_may_not_see_its_inputs(client_for: Any) -> None:
    # every shipped preset uses income (not in the public profile): the public is asked to log in
    public = client_for("public")
    r = public.get("/map.json?preset=kobenhavn_atlas")
    assert r.status_code == 403 and "login" in r.json()["error"]["message"]
    assert public.get("/map/?preset=kobenhavn_atlas").status_code == 302  # the page sends them to the login
    # a municipality user sees the index on the map of its own municipality, where it sees every indicator
    v = m.Vintage.objects.get(published=True)
    area = m.Area.objects.filter(vintage=v, kind="statutory").order_by("area_id").first()
    assert area is not None
    kommune = client_for("municipality")
    own = kommune.get(f"/map.json?preset=kobenhavn_atlas&municipality={area.municipality_code}")
    assert own.status_code == 200 and own.json()["features"] and own.json()["scope"] == "own"
    # ... computed over exactly the areas it may see every input of (its own), as on the index page: no rank or
    # class carries anything of another municipality's income
    whole = kommune.get("/map.json?preset=kobenhavn_atlas").json()
    own_areas = sorted(m.Area.objects.filter(vintage=v, municipality_code=area.municipality_code)
                       .values_list("area_id", flat=True))
    assert sorted(f["area_id"] for f in whole["features"]) == own_areas
    expected = compute_index(queries.VintageIndexData(v), load_preset("kobenhavn_atlas"), whole["year"], own_areas)
    assert {f["area_id"]: (f["value"], f["rank"], f["class"]) for f in whole["features"]} == {
        r.unit_id: (r.value, r.rank, r.klass.id if r.klass else None) for r in expected.rows}


@pytest.mark.parametrize("preset", ["nope", "../index/presets/aarhus", "/etc/passwd", "aarhus.yaml"])
def test_only_shipped_presets_by_name(client_for: Any, preset: str) -> None:
    r = client_for("analyst").get("/map.json", {"preset": preset})
    assert r.status_code == 404
    assert "there is no index preset" in client_for("analyst").get(
        "/map.json", {"preset": preset, "lang": "en"}).json()["error"]["message"]


def test_the_public_colouring_by_class_gets_a_preset_it_may_see(client_for: Any) -> None:
    """The map's choice of presets is the viewer's (queries.presets_for): the public choosing "class" without a
    preset gets one built from public indicators, not the login, and is offered only those presets."""
    c = client_for("public")
    assert "lovkriterier" in queries.preset_names(), "a preset built only from public indicators ships"
    page = c.get("/map/?colour=class")
    assert page.status_code == 200, page.get("Location")
    twin = c.get("/map.json?colour=class").json()
    assert twin["preset"] == "lovkriterier" and twin["mode"] == "index"
    api_twin = c.get("/api/map?colour=class").json()
    assert api_twin["preset"] == "lovkriterier"
    offered = set(_options(page.content.decode(), "preset"))
    assert "lovkriterier" in offered and "kobenhavn_atlas" not in offered
    analyst = set(_options(client_for("analyst").get("/map/?colour=class").content.decode(), "preset"))
    assert {"kobenhavn_atlas", "lovkriterier"} <= analyst


def _options(page: str, name: str) -> list[str]:
    import re

    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert select, f"no <select name={name}> on the page"
    return re.findall(r'<option value="([^"]*)"', select[1])
