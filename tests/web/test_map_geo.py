"""The packaged municipality outlines and the simplification that made them (boligmonitor.geo)."""

from __future__ import annotations

import itertools
import json
import math
from pathlib import Path

import numpy as np
import pytest

from boligmonitor.geo import outlines as geo_outlines
from boligmonitor.geo.build import QUANTUM, TOLERANCE_M
from boligmonitor.geo.shapes import in_polygon, label_point, polygon_area
from boligmonitor.geo.simplify import (
    build_topology,
    douglas_peucker,
    ring_from_arcs,
    segment_distance,
    simplify_line,
    to_metres,
)
from boligmonitor.registry.denmark import municipalities as dst_municipalities

SOURCE = Path("/work/shared/geo/municipalities.geojson")  # the DAGI source; only on the project's machine


# ------------------------------------------------------------------------------------------ Douglas–Peucker

@pytest.mark.parametrize(("points", "tolerance", "kept"), [
    # a bump of 0.4 under a tolerance of 1 goes; the line is its two ends
    ([(0, 0), (1, 0.4), (2, 0)], 1.0, [0, 2]),
    # a peak of 2 above it stays; then (1, 0.4) is 0.4·… from (0,0)–(3,2): |2·1 − 3·0.4| / √13 = 0.8/√13 < 1 → gone
    ([(0, 0), (1, 0.4), (3, 2), (4, 0)], 1.0, [0, 2, 3]),
    # with tolerance 0.2 the same point is kept: 0.8/√13 ≈ 0.222 > 0.2
    ([(0, 0), (1, 0.4), (3, 2), (4, 0)], 0.2, [0, 1, 2, 3]),
    # tolerance 0 keeps every point off the line, and drops exact collinear ones (distance 0 is not > 0)
    ([(0, 0), (1, 1), (2, 2), (3, 0)], 0.0, [0, 2, 3]),
    # two points and one point are their own simplification
    ([(0, 0), (5, 5)], 10.0, [0, 1]),
    ([(0, 0)], 10.0, [0]),
])
def test_douglas_peucker_spec(points: list[tuple[float, float]], tolerance: float, kept: list[int]) -> None:
    assert douglas_peucker(points, tolerance) == kept


def test_distance_is_to_the_segment_not_the_line() -> None:
    # (3, 0) lies on the line through (0,0)–(1,0) but 3 − 1 = 2 beyond its end
    assert segment_distance((3, 0), (0, 0), (1, 0)) == 2
    assert segment_distance((0.5, 2), (0, 0), (1, 0)) == 2
    assert segment_distance((4, 4), (1, 1), (1, 1)) == math.hypot(3, 3)


def test_a_point_beyond_the_end_of_a_segment_is_kept() -> None:
    # an out-and-back spike along the line: a line-distance simplification would drop its tip (distance 0)
    line = [(0.0, 0.0), (10.0, 0.0), (4.0, 0.0), (5.0, 0.0)]
    # (10, 0) is 10 − 5 = 5 beyond the end of (0,0)–(5,0); then (4, 0) is 5 − 4 = 1 from (10,0)–(5,0): not > 1
    assert douglas_peucker(line, 1.0) == [0, 1, 3]


def test_a_closed_ring_stays_closed() -> None:
    ring = [(math.cos(k / 20 * 2 * math.pi), math.sin(k / 20 * 2 * math.pi)) for k in range(20)]
    ring.append(ring[0])
    out = simplify_line(ring, 0.05)
    assert out[0] == out[-1] and 4 <= len(out) < len(ring)


# ------------------------------------------------------------------------------------------ shared borders

def _wiggly_pair() -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """Two squares side by side sharing a wiggly vertical border x ≈ 10 (small wiggles, one big one)."""
    border = [(10 + (0.3 if k % 2 else -0.3) + (3 if k == 7 else 0), float(k)) for k in range(11)]
    left = [(0.0, 0.0), *border, (0.0, 10.0), (0.0, 0.0)]
    right = [*reversed(border), (20.0, 0.0), (20.0, 10.0), border[-1]]  # the other side runs the border downwards
    return left, right


def test_neighbours_share_one_simplified_border() -> None:
    # A on the left; B (top) and C (bottom) on the right meet A's straight side at its middle point b5. Simplified
    # ring by ring, A would drop b5 (it is on a straight line for A) while B and C keep it (their corner): a sliver.
    b = [(10 + (0.3 if k % 2 else 0.0), float(k)) for k in range(11)]
    a_ring = [(0.0, 0.0), *b, (0.0, 10.0), (0.0, 0.0)]
    b_ring = [*reversed(b[5:]), (20.0, 5.0), (20.0, 10.0), b[10]]
    c_ring = [*reversed(b[:6]), (20.0, 0.0), (20.0, 5.0), b[5]]
    topo = build_topology([a_ring, b_ring, c_ring]).simplified(1.0)
    a, top, bottom = (ring_from_arcs(topo.arcs, refs) for refs in topo.rings)
    left_side = {p for p in a if p[0] >= 10}
    right_side = {p for p in top + bottom if p[0] <= 10.3}
    assert left_side == right_side == {b[0], b[5], b[10]}  # one line for both sides; the 0.3 wiggles are gone


def test_the_shared_border_is_stored_once() -> None:
    left, right = _wiggly_pair()
    topo = build_topology([left, right])
    used = [r if r >= 0 else ~r for refs in topo.rings for r in refs]
    assert len(used) - len(set(used)) == 1  # exactly one arc (the border) is used by both rings
    back = [r for refs in topo.rings for r in refs if r < 0]
    assert len(back) == 1  # ... once as stored and once reversed


def test_a_ring_never_collapses_below_a_triangle() -> None:
    islet = [(0.0, 0.0), (1.0, 0.1), (2.0, 0.0), (1.0, 0.2), (0.0, 0.0)]  # 0.2 high, tolerance 5
    topo = build_topology([islet]).simplified(5.0)
    assert len(set(topo.ring(topo.rings[0]))) >= 3


def test_an_enclave_shares_its_whole_ring() -> None:
    outer = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0), (0.0, 0.0)]
    hole = [(3.0, 3.0), (3.0, 6.0), (6.0, 6.0), (6.0, 3.0), (3.0, 3.0)]
    enclave = list(reversed(hole))
    topo = build_topology([outer, hole, enclave])
    assert len(topo.arcs) == 2  # the outer ring, and the one ring hole and enclave share
    assert topo.rings[1] == [1] and topo.rings[2] == [~1]  # the enclave runs it the other way round


# ------------------------------------------------------------------------------------------ shapes

def test_label_point_lies_inside_a_crescent() -> None:
    # a C shape: its centroid (about (2.3, 5)) is in the empty middle; the label must be on the shape
    c = [(0, 0), (10, 0), (10, 2), (2, 2), (2, 8), (10, 8), (10, 10), (0, 10), (0, 0)]
    ring = [(float(x), float(y)) for x, y in c]
    p = label_point([ring])
    assert in_polygon(p, [ring])
    assert polygon_area([ring]) == 10 * 10 - 8 * 6


# ------------------------------------------------------------------------------------------ the package file

def test_every_dst_municipality_has_an_outline_in_its_region() -> None:
    out = geo_outlines.packaged()
    dst = {m.code: m for m in dst_municipalities()}
    assert set(dst) <= set(out.municipalities)
    assert set(out.municipalities) - set(dst) == {411}  # Christiansø: in no municipality, drawn as land
    for code, m in dst.items():
        assert out.municipalities[code].region_code == m.region_code, code
    assert out.municipalities[101].name("en") == "Copenhagen" and out.municipalities[101].name("da") == "København"


def test_each_label_lies_in_its_municipality() -> None:
    out = geo_outlines.packaged()
    for code, m in out.municipalities.items():
        main = out.rings(code)[0]
        assert in_polygon(m.label, main), code


def test_the_package_file_is_small_and_names_its_source() -> None:
    path = Path(geo_outlines.__file__).parent / geo_outlines.DATA_FILE
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert path.stat().st_size < 200_000
    assert sum(len(a) // 2 for a in raw["arcs"]) < 20_000  # of 41,157 in the source
    assert "DAGI" in raw["attribution"]["da"] and "Geodatastyrelsen og Danske Kommuner" in raw["attribution"]["da"]
    assert "DAGI" in raw["attribution"]["en"]
    for m in raw["municipalities"]:
        assert set(m) == {"code", "name_da", "name_en", "region_code", "label", "polygons"}


def test_neighbouring_municipalities_share_their_borders() -> None:
    out = geo_outlines.packaged()
    borders = [owners for owners in out.arc_owners.values() if len(owners) == 2]
    assert len(borders) > 150  # every land border between two of the 98 is one shared arc
    assert (101, 147) in borders  # København and Frederiksberg (an enclave)
    assert all(len(owners) <= 2 for owners in out.arc_owners.values())


@pytest.mark.skipif(not SOURCE.exists(), reason="the DAGI source file is only on the project's machine")
def test_every_source_point_is_within_100_m_of_the_shipped_outline() -> None:
    src = json.loads(SOURCE.read_text(encoding="utf-8"))
    out = geo_outlines.packaged()
    worst = 0.0
    by_code: dict[int, list[tuple[float, float]]] = {}
    for f in src["features"]:
        for ring in f["geometry"]["coordinates"]:
            by_code.setdefault(int(f["properties"]["lau_1"]), []).extend(to_metres((p[0], p[1])) for p in ring)
    for code, pts in by_code.items():
        segs = [(to_metres(a), to_metres(b)) for poly in out.rings(code) for ring in poly
                for a, b in itertools.pairwise(ring)]
        a = np.array([s[0] for s in segs])
        d = np.array([s[1] for s in segs]) - a
        p = np.array(pts)[:, None, :]
        t = np.clip(((p - a) * d).sum(-1) / np.maximum((d * d).sum(-1), 1e-12), 0, 1)
        dist = np.sqrt((((a + t[..., None] * d) - p) ** 2).sum(-1)).min(axis=1)
        worst = max(worst, float(dist.max()))
    # DP's 100 m, plus half a quantum step in each direction (about 0.7 m)
    assert 50 < worst <= TOLERANCE_M + math.hypot(*to_metres((QUANTUM, QUANTUM)))
