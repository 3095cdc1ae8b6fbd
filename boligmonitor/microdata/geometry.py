"""Generated geometry for synthetic areas: a small hexagon inside the area's real municipality.

Invented areas have no real place, but they should sit where their municipality is, so the map of a synthetic
bundle looks like Denmark and zooming to a municipality shows its areas. Each statutory area (and each area that
contains none) gets a centre drawn inside the largest part of its municipality's packaged outline
(``boligmonitor.geo``): near the municipality's label point (towns are rarely at the edge), at least its own radius
from the border, and apart from the areas already placed. An area that contains a statutory area (a helhedsplan) is
drawn a little larger around it. Placement is deterministic: a random generator seeded by the synthetic data's seed
and the municipality code alone, so it never consumes the persons' random numbers and the same seed always gives
the same map. Coordinates are longitude/latitude (WGS 84) rounded to about a metre.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from typing import Any

import numpy as np

from boligmonitor.geo.outlines import packaged
from boligmonitor.geo.shapes import in_polygon, polygon_area
from boligmonitor.geo.simplify import METRES_PER_DEGREE_LAT, METRES_PER_DEGREE_LON, Point

STATUTORY_RADIUS_M = 320.0  # a hexagon of about 0.27 km²: the size of a typical almen boligområde
CONTAINING_FACTOR = 1.3  # a helhedsplan area around its statutory area
USABLE_SHARE = 0.12  # at most this share of a municipality is covered by areas (a crowded one gets smaller hexagons)
TRIES = 400


def _metres(p: Point) -> Point:
    return p[0] * METRES_PER_DEGREE_LON, p[1] * METRES_PER_DEGREE_LAT


def _degrees(x: float, y: float) -> list[float]:
    return [round(x / METRES_PER_DEGREE_LON, 5), round(y / METRES_PER_DEGREE_LAT, 5)]


def hexagon(centre: Point, radius: float) -> list[list[float]]:
    """A closed hexagon ring around ``centre`` (metres) as longitude/latitude positions."""
    ring = [_degrees(centre[0] + radius * math.cos(math.pi / 3 * k + math.pi / 6),
                     centre[1] + radius * math.sin(math.pi / 3 * k + math.pi / 6)) for k in range(6)]
    return [*ring, ring[0]]


class _Municipality:
    """The largest part of one municipality in metres, with a fast distance to its border."""

    def __init__(self, code: int) -> None:
        outlines = packaged()
        self.polygon = [[_metres(p) for p in ring] for ring in outlines.rings(code)[0]]
        self.label = _metres(outlines.municipalities[code].label)
        starts = np.array([p for ring in self.polygon for p in ring[:-1]])
        ends = np.array([p for ring in self.polygon for p in ring[1:]])
        self._a, self._d = starts, ends - starts
        self._len2 = np.maximum((self._d * self._d).sum(axis=1), 1e-9)
        self.area = polygon_area(self.polygon)

    def clearance(self, p: Point) -> float:
        """Distance to the border (0 outside)."""
        if not in_polygon(p, self.polygon):
            return 0.0
        q = np.array(p)
        t = np.clip(((q - self._a) * self._d).sum(axis=1) / self._len2, 0.0, 1.0)
        return float(np.sqrt((((self._a + t[:, None] * self._d) - q) ** 2).sum(axis=1)).min())


def _place(mun: _Municipality, count: int, rng: random.Random) -> tuple[list[Point], float]:
    """``count`` centres inside the municipality, and the radius they were placed for."""
    radius = min(STATUTORY_RADIUS_M, math.sqrt(mun.area * USABLE_SHARE / max(count, 1)) / 2)
    spread = math.sqrt(mun.area) / 5  # most areas near the town centre, some farther out
    centres: list[Point] = []
    gap = 2.6 * radius * CONTAINING_FACTOR
    while len(centres) < count:
        for _ in range(TRIES):
            p = (rng.gauss(mun.label[0], spread), rng.gauss(mun.label[1], spread)) if rng.random() < 0.8 else (
                mun.label[0] + rng.uniform(-1, 1) * spread * 3, mun.label[1] + rng.uniform(-1, 1) * spread * 3)
            if mun.clearance(p) > radius * CONTAINING_FACTOR * 1.05 and all(
                    math.hypot(p[0] - c[0], p[1] - c[1]) >= gap for c in centres):
                centres.append(p)
                break
        else:  # crowded: accept closer neighbours and smaller areas rather than fail
            gap *= 0.8
            radius *= 0.9
    return centres, radius


def area_geometry(municipalities: list[dict[str, Any]], areas: list[dict[str, Any]],
                  members: list[dict[str, Any]], seed: int = 1) -> dict[str, Any]:
    """A GeoJSON FeatureCollection with one generated hexagon per area, inside its municipality."""
    known = set(packaged().municipalities)
    codes = {int(m["municipality_code"]) for m in municipalities}
    afd_sets: dict[str, set[str]] = defaultdict(set)
    for m in members:
        afd_sets[str(m["area_id"])].add(str(m["afdeling_id"]))
    statutory = {str(a["area_id"]) for a in areas if a["kind"] == "statutory"}
    mun_of = {str(a["area_id"]): int(a["municipality_code"]) for a in areas}
    anchor: dict[str, str] = {}
    for a in areas:  # draw an area that contains a statutory area around it
        aid = str(a["area_id"])
        if aid in statutory:
            continue
        inside = sorted(s for s in statutory if afd_sets.get(s) and afd_sets[s] <= afd_sets.get(aid, set())
                        and mun_of[s] == mun_of[aid])
        if inside:
            anchor[aid] = inside[0]
    own: dict[int, list[str]] = defaultdict(list)  # municipality -> areas placed on their own, in id order
    for a in sorted(areas, key=lambda r: str(r["area_id"])):
        if str(a["area_id"]) not in anchor:
            own[int(a["municipality_code"])].append(str(a["area_id"]))
    centre: dict[str, Point] = {}
    radius: dict[int, float] = {}
    for code in sorted(own):
        if code not in known or code not in codes:
            continue  # a municipality the package has no outline for: its areas get no shape (the map leaves them out)
        rng = random.Random(f"boligmonitor synth geometry {seed} {code}")
        centres, radius[code] = _place(_Municipality(code), len(own[code]), rng)
        centre.update(zip(own[code], centres, strict=True))
    features = []
    for a in areas:
        aid, code = str(a["area_id"]), int(a["municipality_code"])
        key = anchor.get(aid, aid)
        shape = None
        if key in centre:
            r = radius[code] * (CONTAINING_FACTOR if aid in anchor else 1.0)
            shape = {"type": "Polygon", "coordinates": [hexagon(centre[key], r)]}
        features.append({"type": "Feature", "properties": {"area_id": aid, "name": a["name"], "generated": True},
                         "geometry": shape})
    return {"type": "FeatureCollection", "name": "area_geometry (generated inside the real municipality)",
            "features": features}
