"""Municipality outlines as the map draws them: shared arcs plus, per municipality, its polygons as arc references.

Two sources give the same shape: the outlines shipped with the package (:func:`packaged`, built by ``build`` from
DAGI 2014) and a user's own GeoJSON (:func:`from_geojson`, the registry's optional
``municipality_geometry.geojson``, e.g. a newer DAGI extract). Because neighbours share arcs, a border is one line:
the map draws it once and knows which two municipalities (and regions) it separates.

Package file format (``data/municipalities.json``, version 1): ``quantum`` degrees per integer step; ``arcs`` as
flat integer lists ``[x0, y0, dx1, dy1, ...]`` (longitude, latitude; each point after the first as a difference);
per municipality ``code``, ``name_da``, ``name_en``, ``region_code``, ``label`` (a point for its name, integers) and
``polygons``: a list of polygons, each a list of rings (outer first, then holes), each ring a list of arc
references (``i`` = arc ``i`` as stored, ``-i-1`` = reversed). The largest polygon comes first.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

from boligmonitor.geo.shapes import bounds, label_point, polygon_area
from boligmonitor.geo.simplify import Point, Topology, build_topology, ring_from_arcs, simplify_line, to_metres

DATA_FILE = "data/municipalities.json"
USER_QUANTUM = 1e-6  # a user's shared borders may differ in the last float digits; 0.1 m makes them equal


@dataclass(frozen=True)
class Municipality:
    code: int
    name_da: str
    name_en: str
    region_code: int | None
    polygons: tuple[tuple[tuple[int, ...], ...], ...]  # polygon -> ring -> arc references
    label: Point

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_da


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one object per source, a cache key
class Outlines:
    """Arcs in longitude/latitude and the municipalities built from them."""

    arcs: tuple[tuple[Point, ...], ...]
    municipalities: dict[int, Municipality]
    attribution: dict[str, str]  # 'da' and 'en'
    source: str
    key: str  # names this set of outlines in caches (the package file, or a vintage's checksum)

    def rings(self, code: int) -> list[list[list[Point]]]:
        """The municipality's polygons as closed rings of (longitude, latitude)."""
        return [[ring_from_arcs(self.arcs, refs) for refs in polygon]
                for polygon in self.municipalities[code].polygons]

    @cached_property
    def arc_owners(self) -> dict[int, tuple[int, ...]]:
        """Which municipalities run along each arc: one for a coast, two for a border."""
        owners: dict[int, set[int]] = defaultdict(set)
        for code, m in self.municipalities.items():
            for polygon in m.polygons:
                for refs in polygon:
                    for ref in refs:
                        owners[ref if ref >= 0 else ~ref].add(code)
        return {i: tuple(sorted(c)) for i, c in owners.items()}

    def bounds(self, codes: list[int] | None = None) -> tuple[float, float, float, float]:
        """(west, south, east, north) of the given municipalities (all by default)."""
        chosen = self.municipalities if codes is None else codes
        arcs = {ref if ref >= 0 else ~ref for c in chosen for polygon in self.municipalities[c].polygons
                for refs in polygon for ref in refs}
        return bounds([self.arcs[i] for i in sorted(arcs)])

    def attribution_text(self, lang: str) -> str:
        return self.attribution["en" if lang == "en" else "da"]


def _decode(flat: list[int], quantum: float) -> tuple[Point, ...]:
    x, y = flat[0], flat[1]
    out = [(x * quantum, y * quantum)]
    for k in range(2, len(flat), 2):
        x += flat[k]
        y += flat[k + 1]
        out.append((x * quantum, y * quantum))
    return tuple(out)


@lru_cache(maxsize=1)
def packaged() -> Outlines:
    """The 98 municipalities (and Christiansø) shipped with the package, decoded once per process."""
    raw = json.loads(resources.files("boligmonitor.geo").joinpath(DATA_FILE).read_text(encoding="utf-8"))
    if raw.get("format") != 1:
        raise ValueError(f"unknown format of the packaged outlines: {raw.get('format')!r}")
    q = float(raw["quantum"])
    munis = {int(m["code"]): Municipality(
        int(m["code"]), m["name_da"], m["name_en"], m["region_code"],
        tuple(tuple(tuple(int(r) for r in ring) for ring in polygon) for polygon in m["polygons"]),
        (m["label"][0] * q, m["label"][1] * q)) for m in raw["municipalities"]}
    return Outlines(tuple(_decode(a, q) for a in raw["arcs"]), munis, dict(raw["attribution"]), raw["source"],
                    "package")


USER_ATTRIBUTION = {"da": "Kommunegrænser: leveret med data (registry/municipality_geometry.geojson)",
                    "en": "Municipal boundaries: supplied with the data (registry/municipality_geometry.geojson)"}


def from_geojson(collection: dict[str, Any], municipalities: dict[int, tuple[str, int | None]],
                 key: str) -> Outlines:
    """A user's municipality outlines (already checked by the registry) in the map's shape.

    ``municipalities`` maps each code to (name, region code); features for codes not in it are left out (the
    registry refuses them, so this only matters for a hand-made collection). The user's own attribution (a
    top-level ``"attribution"`` text) is shown next to the map when there is one.
    """
    rings: list[list[Point]] = []
    order: list[tuple[int, int]] = []  # (code, polygon number) per ring
    first_ring: list[bool] = []
    polygons_of: dict[int, int] = defaultdict(int)
    for feature in collection.get("features", []):
        code = municipality_code_of(feature.get("properties") or {})
        geometry = feature.get("geometry")
        if code is None or code not in municipalities or not geometry:
            continue
        polys = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        for polygon in polys:
            for k, ring in enumerate(polygon):
                rings.append([(round(p[0] / USER_QUANTUM) * USER_QUANTUM, round(p[1] / USER_QUANTUM) * USER_QUANTUM)
                              for p in ring])
                order.append((code, polygons_of[code]))
                first_ring.append(k == 0)
            polygons_of[code] += 1
    topology: Topology = build_topology(rings)
    parts: dict[int, dict[int, list[tuple[int, ...]]]] = defaultdict(lambda: defaultdict(list))
    for (code, pi), refs in zip(order, topology.rings, strict=True):
        parts[code][pi].append(tuple(refs))
    munis = {}
    arcs = tuple(tuple(a) for a in topology.arcs)
    for code, by_polygon in parts.items():
        polygons = [tuple(by_polygon[pi]) for pi in sorted(by_polygon)]
        metric = [[[to_metres(p) for p in ring_from_arcs(arcs, r)] for r in poly] for poly in polygons]
        ordered = sorted(zip(polygons, metric, strict=True), key=lambda pm: -polygon_area(pm[1]))
        # the label search measures distances to every edge: on a full-resolution outline, search a copy simplified
        # to a hundredth of its size (a label needs no detail)
        w, s, e, n = bounds(ordered[0][1])
        coarse = max(200.0, math.hypot(e - w, n - s) / 100)
        lx, ly = label_point([simplify_line(r, coarse) for r in ordered[0][1]], steps=12)
        name, region = municipalities[code]
        munis[code] = Municipality(code, name, name, region, tuple(p for p, _ in ordered),
                                   (lx / to_metres((1, 0))[0], ly / to_metres((0, 1))[1]))
    own = collection.get("attribution")
    attribution = {"da": f"Kommunegrænser: {own}", "en": f"Municipal boundaries: {own}"} if isinstance(
        own, str) and own.strip() else dict(USER_ATTRIBUTION)
    return Outlines(arcs, munis, attribution, "registry/municipality_geometry.geojson", key)


def municipality_code_of(properties: Any) -> int | None:
    """The DST code a feature names: ``municipality_code``, or DAGI's ``lau_1`` (a number, or up to six digits as
    text); None when it names none."""
    if not isinstance(properties, dict):
        return None
    for name in ("municipality_code", "lau_1"):
        value = properties.get(name)
        if isinstance(value, bool):
            return None
        if isinstance(value, int):
            return value
        if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= 6:
            return int(value.strip())
    return None
