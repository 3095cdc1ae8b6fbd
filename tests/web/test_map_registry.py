"""A registry may bring its own municipality outlines (registry/municipality_geometry.geojson, e.g. a newer DAGI
extract): checked like the area geometry, carried in the bundle, drawn on the map instead of the packaged ones."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from boligmonitor import api
from boligmonitor.errors import InputFileError
from boligmonitor.geo.build import build
from boligmonitor.geo.outlines import DATA_FILE
from boligmonitor.registry.model import load_registry
from boligmonitor.web import models as m
from boligmonitor.web.actions import import_bundle
from boligmonitor.web.bundle_checks import check_municipality_geometry
from boligmonitor.web.refusal import ImportRefused
from tests.integration.corpus import Case, check, data_folder, run_args, run_in_process
from tests.web.test_map_page import NS, _svg

SOURCE = Path("/work/shared/geo/municipalities.geojson")
# København (a square with a hole where Frederiksberg lies, plus an island) and Frederiksberg (the hole) as DAGI
# writes them: lau_1 as text, one feature per part
OUTER = [[12.40, 55.60], [12.70, 55.60], [12.70, 55.75], [12.40, 55.75], [12.40, 55.60]]
HOLE = [[12.50, 55.66], [12.55, 55.66], [12.55, 55.70], [12.50, 55.70], [12.50, 55.66]]
ISLAND = [[12.72, 55.62], [12.74, 55.62], [12.74, 55.63], [12.72, 55.62]]


def dagi_style(**extra: Any) -> dict[str, Any]:
    return {"type": "FeatureCollection", "attribution": "Kilde: Geodatastyrelsen, DAGI 2024 (test)", **extra,
            "features": [
                {"type": "Feature", "properties": {"lau_1": "101", "label_dk": "København"},
                 "geometry": {"type": "Polygon", "coordinates": [OUTER, HOLE]}},
                {"type": "Feature", "properties": {"lau_1": "101"},
                 "geometry": {"type": "Polygon", "coordinates": [ISLAND]}},
                {"type": "Feature", "properties": {"municipality_code": 147},
                 "geometry": {"type": "MultiPolygon", "coordinates": [[list(reversed(HOLE))]]}}]}


def with_outlines(content: Any, raw: bytes | None = None) -> Any:
    def build_case(root: Path) -> list[str]:
        data = data_folder(root)
        path = data / "registry" / "municipality_geometry.geojson"
        path.write_bytes(raw if raw is not None else json.dumps(content).encode("utf-8"))
        return run_args(root)
    return build_case


def feature(code: Any, geometry: Any) -> dict[str, Any]:
    return {"type": "Feature", "properties": {"municipality_code": code}, "geometry": geometry}


def poly(ring: list[list[float]]) -> dict[str, Any]:
    return {"type": "Polygon", "coordinates": [ring]}


FIX = "export valid Polygon or MultiPolygon shapes in longitude/latitude"
BROKEN = [
    Case("not-json", with_outlines(None, b'{"type": "FeatureCollection", '), 3,
         ("municipality_geometry.geojson", "not valid JSON")),
    Case("no-code", with_outlines({"type": "FeatureCollection", "features": [feature(None, poly(OUTER))]}), 3,
         ("feature 1: properties.municipality_code (or lau_1) is missing", "set properties.municipality_code")),
    Case("christiansoe", with_outlines({"type": "FeatureCollection", "features": [feature(411, poly(OUTER))]}), 3,
         ("feature 1: municipality 411 is not in municipalities", "411 Christiansø belongs to no municipality")),
    Case("dagi-altitude", with_outlines({"type": "FeatureCollection", "features": [
        feature(101, poly([[*p, -999.0] for p in OUTER]))]}), 3,
         ("feature 1: invalid geometry: each position must be [longitude, latitude]", FIX, "-999")),
    Case("open-ring", with_outlines({"type": "FeatureCollection", "features": [
        feature(101, poly([*OUTER[:-1], [12.41, 55.6]]))]}), 3, ("feature 1: invalid geometry: a ring is not closed",)),
    Case("no-geometry", with_outlines({"type": "FeatureCollection", "features": [feature(147, None)]}), 3,
         ("feature 1: no geometry",)),
    Case("long-attribution", with_outlines(dagi_style(attribution="x" * 301)), 3,
         ('"attribution" must be a text of at most 300 characters',)),
    Case("a-list", with_outlines([feature(101, poly(OUTER))]), 3, ("expected a GeoJSON FeatureCollection",
                                                                   "export the municipalities as one")),
]


@pytest.mark.parametrize("case", BROKEN, ids=[c.name for c in BROKEN])
def test_broken_municipality_outlines_are_refused_clearly(case: Case, tmp_path: Path) -> None:
    check(case, tmp_path)  # exit 3, the words, no traceback, nothing written


def test_dagi_style_outlines_load_and_travel_in_the_bundle(tmp_path: Path) -> None:
    with_outlines(dagi_style())(tmp_path)
    reg = load_registry(tmp_path / "data" / "registry")
    assert reg.municipality_geometry is not None and len(reg.municipality_geometry["features"]) == 3
    assert not any("no outline" in n for n in reg.notices)
    out = run_in_process(run_args(tmp_path))
    assert out.code == 0, out.text
    record = json.loads((tmp_path / "bundle" / "registry.json").read_text(encoding="utf-8"))
    assert record["municipality_geometry"] == reg.municipality_geometry


def test_a_municipality_without_an_outline_is_a_notice(tmp_path: Path) -> None:
    only = dagi_style()
    only["features"] = only["features"][:2]
    with_outlines(only)(tmp_path)
    reg = load_registry(tmp_path / "data" / "registry")
    assert any("no outline for 1 municipality(ies) (147)" in n for n in reg.notices)


def test_a_bundle_without_outlines_has_no_such_key(tmp_path: Path) -> None:
    data_folder(tmp_path)
    api.run(tmp_path / "data", tmp_path / "bundle")
    assert "municipality_geometry" not in json.loads((tmp_path / "bundle" / "registry.json").read_text("utf-8"))


@pytest.mark.django_db
def test_the_map_draws_the_registrys_outlines_and_credits_them(tmp_path: Path, client_for: Any) -> None:
    with_outlines(dagi_style())(tmp_path)
    api.run(tmp_path / "data", tmp_path / "bundle")
    vintage = import_bundle(tmp_path / "bundle").vintage
    stored = dict(m.Municipality.objects.filter(vintage=vintage).values_list("code", "geometry"))
    assert stored[101]["type"] == "MultiPolygon" and len(stored[101]["coordinates"]) == 2  # both features of 101
    c = client_for("analyst")
    page = c.get(f"/map/?vintage={vintage.pk}").content.decode()
    root = _svg(page)
    shapes = [e for e in root.iter() if e.get("class") == "municipality"]
    assert len(shapes) == 2  # the registry's two municipalities, not the packaged 98
    assert "Kommunegrænser: Kilde: Geodatastyrelsen, DAGI 2024 (test)" in page
    assert "DAGI (2014)" not in page
    twin = c.get(f"/map.json?vintage={vintage.pk}&lang=en").json()
    assert twin["outlines"]["attribution"] == "Municipal boundaries: Kilde: Geodatastyrelsen, DAGI 2024 (test)"
    # København's hole is Frederiksberg: drawn with the even-odd rule, one shared border
    mun = {a.get("href"): a[0] for a in root.iter(f"{{{NS['s']}}}a") if a.get("href", "").startswith("/map/")}
    assert mun[f"/map/?vintage={vintage.pk}&municipality=101"].get("fill-rule") == "evenodd"


@pytest.mark.parametrize(("change", "words"), [
    (lambda g: g["features"][0]["properties"].update(lau_1="999"), "unknown municipality"),
    (lambda g: g["features"][0]["geometry"].update(type="Point"), "invalid geometry"),
    (lambda g: g.update(attribution="x" * 400), "at most 300 characters"),
    (lambda g: g.update(features="none"), "expected a GeoJSON FeatureCollection"),
])
def test_an_altered_bundles_outlines_are_refused_at_import(change: Any, words: str) -> None:
    geometry = dagi_style()
    change(geometry)
    reg = {"municipalities": [{"municipality_code": 101}, {"municipality_code": 147}],
           "municipality_geometry": geometry}
    with pytest.raises(ImportRefused) as info:
        check_municipality_geometry(reg, "b/registry.json")
    assert words in info.value.text.en


def test_the_registry_refuses_outlines_for_unknown_municipalities_before_anything_else(tmp_path: Path) -> None:
    with_outlines({"type": "FeatureCollection", "features": [feature(411, poly(OUTER))]})(tmp_path)
    with pytest.raises(InputFileError, match="municipality 411 is not in municipalities"):
        load_registry(tmp_path / "data" / "registry")


@pytest.mark.skipif(not SOURCE.exists(), reason="the DAGI source file is only on the project's machine")
def test_the_package_file_is_what_build_makes_from_the_source() -> None:
    shipped = json.loads((Path(__file__).parents[2] / "boligmonitor" / "geo" / DATA_FILE).read_text("utf-8"))
    assert build(json.loads(SOURCE.read_text(encoding="utf-8"))) == shipped
