"""Synthetic areas are drawn inside their real municipality, apart from each other, the same way for the same seed."""

from __future__ import annotations

import math
from typing import Any

import pytest

from boligmonitor.geo.outlines import packaged
from boligmonitor.geo.shapes import in_polygon
from boligmonitor.microdata.geometry import STATUTORY_RADIUS_M, area_geometry
from boligmonitor.registry.denmark import municipalities


def _registry(per_municipality: int = 5) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Every real municipality with a few statutory areas of one afdeling each, and one helhedsplan around the first
    (its afdeling plus one more), as the synthetic generator makes them."""
    muns = [{"municipality_code": m.code, "name": m.name, "region_code": m.region_code} for m in municipalities()]
    areas, members = [], []
    for m in muns:
        code = m["municipality_code"]
        for k in range(per_municipality):
            aid = f"A{code}_{k}"
            areas.append({"area_id": aid, "name": aid, "municipality_code": code, "kind": "statutory"})
            members.append({"area_id": aid, "afdeling_id": f"AFD{code}_{k}"})
        areas.append({"area_id": f"H{code}", "name": "h", "municipality_code": code, "kind": "helhedsplan"})
        members += [{"area_id": f"H{code}", "afdeling_id": f"AFD{code}_0"},
                    {"area_id": f"H{code}", "afdeling_id": f"AFD{code}_x"}]
    return muns, areas, members


@pytest.fixture(scope="module")
def drawn() -> tuple[list[dict[str, Any]], dict[str, Any]]:
    muns, areas, members = _registry()
    return areas, area_geometry(muns, areas, members, seed=3)


def _centre(ring: list[list[float]]) -> tuple[float, float]:
    return sum(p[0] for p in ring[:-1]) / 6, sum(p[1] for p in ring[:-1]) / 6


def _metres(p: tuple[float, float]) -> tuple[float, float]:
    return p[0] * 111_320 * math.cos(math.radians(56)), p[1] * 110_574


def test_every_area_lies_inside_its_own_municipality(drawn: tuple[list[dict[str, Any]], dict[str, Any]]) -> None:
    areas, geo = drawn
    out = packaged()
    mun_of = {a["area_id"]: a["municipality_code"] for a in areas}
    outside = []
    for f in geo["features"]:
        ring = f["geometry"]["coordinates"][0]
        main = out.rings(mun_of[f["properties"]["area_id"]])[0]
        if not all(in_polygon((p[0], p[1]), main) for p in ring):
            outside.append(f["properties"]["area_id"])
    assert outside == []
    assert len(geo["features"]) == len(areas)


def test_statutory_areas_do_not_overlap(drawn: tuple[list[dict[str, Any]], dict[str, Any]]) -> None:
    areas, geo = drawn
    by_mun: dict[int, list[tuple[float, float]]] = {}
    kind = {a["area_id"]: (a["kind"], a["municipality_code"]) for a in areas}
    radius: dict[int, float] = {}
    for f in geo["features"]:
        k, code = kind[f["properties"]["area_id"]]
        ring = f["geometry"]["coordinates"][0]
        if k == "statutory":
            c = _metres(_centre(ring))
            by_mun.setdefault(code, []).append(c)
            radius[code] = math.dist(c, _metres((ring[0][0], ring[0][1])))
    for code, centres in by_mun.items():
        assert radius[code] <= STATUTORY_RADIUS_M * 1.01
        for i, a in enumerate(centres):
            for b in centres[i + 1:]:
                assert math.dist(a, b) >= 2 * radius[code], code


def test_a_helhedsplan_is_drawn_around_its_statutory_area(drawn: tuple[list[dict[str, Any]], dict[str, Any]]) -> None:
    _, geo = drawn
    shape = {f["properties"]["area_id"]: f["geometry"]["coordinates"][0] for f in geo["features"]}
    for code in (101, 751, 825):  # København, Aarhus, Læsø
        inner, outer = shape[f"A{code}_0"], shape[f"H{code}"]
        assert _centre(inner) == pytest.approx(_centre(outer), abs=1e-5)
        r_in = math.dist(_metres(_centre(inner)), _metres((inner[0][0], inner[0][1])))
        r_out = math.dist(_metres(_centre(outer)), _metres((outer[0][0], outer[0][1])))
        assert r_out > r_in * 1.2


def test_the_same_seed_draws_the_same_map_and_another_seed_another() -> None:
    muns, areas, members = _registry(2)
    first = area_geometry(muns, areas, members, seed=3)
    assert area_geometry(muns, areas, members, seed=3) == first
    assert area_geometry(muns, areas, members, seed=4) != first
    # the order the registry lists its areas in does not move them
    assert area_geometry(muns, list(reversed(areas)), members, seed=3)["features"] == list(
        reversed(first["features"]))
