"""The map page: municipality outlines under the areas, zoom to a region or municipality, colours, labels, links."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from boligmonitor.web import models as m
from boligmonitor.web import svg

NS = {"s": "http://www.w3.org/2000/svg"}


def _svg(page: str) -> ET.Element:
    """The map's SVG as XML (it must be well-formed: WeasyPrint and every browser read it as such)."""
    start = page.index('<svg xmlns="http://www.w3.org/2000/svg" viewBox')
    return ET.fromstring(page[start: page.index("</svg>", start) + len("</svg>")])


def _area_links(root: ET.Element) -> dict[str, ET.Element]:
    """Area id -> its shape (path or circle), for every area link on the map."""
    out = {}
    for a in root.iter(f"{{{NS['s']}}}a"):
        href = a.get("href", "")
        if href.startswith("/areas/"):
            shapes = list(a)
            assert len(shapes) == 1
            out[href.split("/")[2]] = shapes[0]
    return out


def _statutory_by_region() -> tuple[int, list[int], set[str]]:
    """A region with statutory areas, its municipalities and its statutory areas."""
    v = m.Vintage.objects.get(published=True)
    area = m.Area.objects.filter(vintage=v, kind="statutory").order_by("area_id").first()
    assert area is not None
    codes = list(m.Municipality.objects.filter(vintage=v, region_code=area.region_code).values_list("code", flat=True))
    ids = set(m.Area.objects.filter(vintage=v, kind="statutory", municipality_code__in=codes)
              .values_list("area_id", flat=True))
    return area.region_code, codes, ids


def test_municipality_outlines_are_drawn_under_the_areas_with_the_attribution(client_for: Any) -> None:
    c = client_for("public")
    page = c.get("/map/").content.decode()
    root = _svg(page)
    shapes = [e for e in root.iter() if e.get("class") == "municipality"]
    assert len(shapes) == 99  # the 98 municipalities and Christiansø (land in no municipality)
    zoom = [a for a in root.iter(f"{{{NS['s']}}}a") if a.get("href", "").startswith("/map/?municipality=")]
    assert len(zoom) == 98  # each municipality is a link to its own map; Christiansø is not one
    children = list(root)
    first_area = next(i for i, e in enumerate(children) if e.tag.endswith("a") and e.get("href", "").startswith(
        "/areas/"))
    last_outline = max(i for i, e in enumerate(children) if e.tag.endswith("path") or (
        e.tag.endswith("a") and e.get("href", "").startswith("/map/")))
    assert last_outline < first_area  # outlines and borders first: the areas are on top and can be clicked
    assert "Kilde: Geodatastyrelsen og Danske Kommuner, DAGI" in page
    english = c.get("/map/?lang=en").content.decode()
    assert "source: Geodatastyrelsen and Danske Kommuner, DAGI" in english
    twin = c.get("/map.json").json()
    assert "DAGI" in twin["outlines"]["attribution"] and twin["view"] == {"kind": "nation", "code": None,
                                                                          "name": "Danmark"}


def test_zoom_to_a_region_shows_its_areas_and_names_its_municipalities(client_for: Any) -> None:
    c = client_for("public")
    region, codes, ids = _statutory_by_region()
    twin = c.get(f"/map.json?region={region}").json()
    assert twin["view"]["kind"] == "region" and twin["view"]["code"] == region
    assert {f["area_id"] for f in twin["features"]} == ids
    assert {f["municipality_code"] for f in twin["features"]} <= set(codes)
    page = c.get(f"/map/?region={region}").content.decode()
    root = _svg(page)
    assert set(_area_links(root)) == ids
    labels = {t.text for t in root.iter(f"{{{NS['s']}}}text")}
    names = dict(m.Municipality.objects.filter(code__in=codes).values_list("code", "name"))
    assert labels & set(names.values())  # municipality names are written on the map (those that fit)
    assert labels <= set(names.values()) | {"Bornholm og Christiansø (flyttet)"}
    # the form's single choice is the same view
    assert c.get(f"/map.json?zoom=r{region}").json()["features"] == twin["features"]


def test_zoom_to_a_municipality_draws_its_areas_as_shapes_not_dots(client_for: Any) -> None:
    c = client_for("public")
    v = m.Vintage.objects.get(published=True)
    area = m.Area.objects.filter(vintage=v, kind="statutory").order_by("area_id").first()
    assert area is not None
    nation = _area_links(_svg(c.get("/map/").content.decode()))
    assert nation[area.area_id].tag.endswith("circle")  # a 0.3 km² area is a dot on a map of the country
    page = c.get(f"/map/?municipality={area.municipality_code}").content.decode()
    local = _area_links(_svg(page))
    assert local[area.area_id].tag.endswith("path")  # ... and its own shape in its municipality
    same = set(m.Area.objects.filter(vintage=v, kind="statutory", municipality_code=area.municipality_code)
               .values_list("area_id", flat=True))
    assert set(local) == same
    twin = c.get(f"/map.json?municipality={area.municipality_code}").json()
    assert twin["view"]["kind"] == "municipality" and {f["area_id"] for f in twin["features"]} == same
    # the links up: the country and the municipality's region
    assert f'href="/map/?region={area.region_code}"' in page and 'href="/map/"' in page


def test_a_zoom_that_does_not_exist_is_a_clear_404(client_for: Any) -> None:
    c = client_for("public")
    r = c.get("/map.json?municipality=9999")
    assert r.status_code == 404 and "kommune 9999 findes ikke" in r.json()["error"]["message"]
    r = c.get("/map.json?region=77&lang=en")
    assert r.status_code == 404 and "region 77 is not in this data vintage" in r.json()["error"]["message"]
    assert c.get("/map.json?region=abc").status_code == 400
    assert c.get("/map.json?unit=street&indicator=residents").status_code == 404


def test_list_status_colours_each_area_by_its_strongest_list(client_for: Any) -> None:
    c = client_for("public")
    row = m.Classification.objects.filter(member=True).order_by("-list_year", "area_id").first()
    assert row is not None
    twin = c.get(f"/map.json?year={row.list_year}").json()
    links = _area_links(_svg(c.get(f"/map/?year={row.list_year}").content.decode()))
    for f in twin["features"]:
        assert links[f["area_id"]].get("fill") == svg.CATEGORY_COLOURS[f["category"]]
    listed = [f for f in twin["features"] if f["categories"]]
    unlisted = [f for f in twin["features"] if not f["categories"]]
    assert listed and unlisted
    assert all(links[f["area_id"]].get("fill") == "#d9d9d9" for f in unlisted)
    assert any(f["area_id"] == row.area_id for f in listed)


def test_an_indicator_colours_higher_values_darker_and_suppressed_grey(client_for: Any) -> None:
    c = client_for("analyst")
    v = m.Vintage.objects.get(published=True)
    twin = c.get("/map.json?indicator=nonwestern_share").json()
    links = _area_links(_svg(c.get("/map/?indicator=nonwestern_share").content.decode()))
    shade = {f["area_id"]: svg.SEQUENTIAL.index(links[f["area_id"]].get("fill"))
             for f in twin["features"] if f["value"] is not None and f["area_id"] in links}
    values = {f["area_id"]: f["value"] for f in twin["features"]}
    assert len(set(shade.values())) >= 3
    for a in shade:
        for b in shade:
            if values[a] < values[b]:
                assert shade[a] <= shade[b], (a, b)  # never lighter for a higher value
    grey = [f["area_id"] for f in twin["features"] if f["value"] is None and f["area_id"] in links]
    assert all(links[a].get("fill") == "#d9d9d9" for a in grey)
    # every value is the bundle's published cell, and a suppressed cell has none
    cells = {r.unit_id: r for r in m.IndicatorValue.objects.filter(
        vintage=v, unit_type="area", indicator_id="nonwestern_share", year=twin["year"])}
    for f in twin["features"]:
        cell = cells.get(f["area_id"])
        assert f["value"] == (cell.value if cell else None)
        assert f["suppressed"] == bool(cell and cell.suppression)


def test_an_indicator_shows_every_area_the_viewer_may_see_status_only_statutory(client_for: Any) -> None:
    analyst, public = client_for("analyst"), client_for("public")
    kinds = {f["kind"] for f in analyst.get("/map.json?indicator=residents").json()["features"]}
    assert kinds >= {"statutory", "helhedsplan"}
    assert {f["kind"] for f in public.get("/map.json?indicator=residents").json()["features"]} == {"statutory"}
    assert {f["kind"] for f in analyst.get("/map.json").json()["features"]} == {"statutory"}


def test_municipalities_coloured_by_an_indicator(client_for: Any) -> None:
    c = client_for("public")
    v = m.Vintage.objects.get(published=True)
    region, codes, _ = _statutory_by_region()
    twin = c.get(f"/map.json?indicator=nonwestern_share&unit=municipality&region={region}").json()
    assert [r["code"] for r in twin["municipalities"]] == sorted(codes) and twin["features"] == []
    cells = {int(r.unit_id): r for r in m.IndicatorValue.objects.filter(
        vintage=v, unit_type="municipality", indicator_id="nonwestern_share", year=twin["year"])}
    for r in twin["municipalities"]:
        assert r["value"] == cells[r["code"]].value and r["suppressed"] == bool(cells[r["code"]].suppression)
    page = c.get(f"/map/?indicator=nonwestern_share&unit=municipality&region={region}").content.decode()
    root = _svg(page)
    coloured = {a.get("href"): a[0].get("fill") for a in root.iter(f"{{{NS['s']}}}a")
                if a.get("href", "").startswith("/map/")}
    top = max((r for r in twin["municipalities"] if r["value"] is not None), key=lambda r: r["value"])
    assert coloured[f"/map/?indicator=nonwestern_share&unit=municipality&municipality={top['code']}"] == \
        svg.SEQUENTIAL[-1]
    assert not any(e.get("tabindex") == "-1" for e in root.iter(f"{{{NS['s']}}}a"))  # the coloured units are tabbed
    # outside the full-scope roles, municipalities show only the public profile's indicators
    assert c.get("/map.json?indicator=grade_9th_avg&unit=municipality").status_code == 403
    assert client_for("analyst").get("/map.json?indicator=grade_9th_avg&unit=municipality").status_code == 200


def test_every_area_is_a_labelled_link_and_municipalities_are_out_of_the_tab_order(client_for: Any) -> None:
    c = client_for("public")
    twin = c.get("/map.json").json()
    root = _svg(c.get("/map/").content.decode())
    links = [a for a in root.iter(f"{{{NS['s']}}}a") if a.get("href", "").startswith("/areas/")]
    drawn = {f["area_id"] for f in twin["features"] if f["geometry"]}
    assert sorted(a.get("href").split("/")[2] for a in links) == sorted(drawn)  # each exactly once
    names = {f["area_id"]: f["name"] for f in twin["features"]}
    for a in links:
        aid = a.get("href").split("/")[2]
        assert a.get("aria-label", "").startswith(names[aid] + ": ")
        assert a[0].find("s:title", NS).text == a.get("aria-label")
        assert a.get("tabindex") is None
    zoom = [a for a in root.iter(f"{{{NS['s']}}}a") if a.get("href", "").startswith("/map/")]
    assert zoom and all(a.get("tabindex") == "-1" for a in zoom)  # the zoom links under the map do the same
    assert root.get("role") == "group" and root.find("s:title", NS).text


def test_the_moved_islands_are_boxed_and_their_areas_moved_with_them(client_for: Any) -> None:
    c = client_for("public")
    root = _svg(c.get("/map/").content.decode())
    boxes = [r for r in root.iter(f"{{{NS['s']}}}rect") if r.get("stroke-dasharray")]
    assert len(boxes) == 1  # Bornholm and Christiansø, in a box near the rest of the country
    x = float(boxes[0].get("x"))
    assert x + float(boxes[0].get("width")) <= svg.MAP_WIDTH
    page = c.get("/map/?municipality=400").content.decode()
    assert not [r for r in _svg(page).iter(f"{{{NS['s']}}}rect") if r.get("stroke-dasharray")]


def test_other_choices_survive_a_zoom(client_for: Any) -> None:
    c = client_for("public")
    page = c.get("/map/?indicator=residents&year=2020").content.decode()
    hrefs = set(re.findall(r'href="(/map/\?[^"]*)"', page))
    assert any("indicator=residents" in h and "year=2020" in h and "region=" in h for h in hrefs)
    assert any("indicator=residents" in h and "year=2020" in h and "municipality=" in h for h in hrefs)


def test_the_api_answers_what_the_json_twin_answers(client_for: Any) -> None:
    c = client_for("analyst")
    region, codes, _ = _statutory_by_region()
    for query in (f"region={region}", f"municipality={codes[0]}", "indicator=residents&unit=municipality",
                  "preset=imd&colour=index", "colour=watchlist", f"colour=class&preset=aarhus&region={region}"):
        twin = c.get(f"/map.json?{query}").json()
        api = c.get(f"/api/map?{query}").json()
        assert api == twin, query
    assert c.get("/api/map?colour=rainbow").status_code == 404
    assert c.get("/api/map?region=99999999999").status_code == 400
