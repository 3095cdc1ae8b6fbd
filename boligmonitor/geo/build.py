"""Build the package's municipality outlines from the DAGI GeoJSON (run by hand when the source changes).

    python -m boligmonitor.geo.build /work/shared/geo/municipalities.geojson boligmonitor/geo/data/municipalities.json

What it does: drops the -999 third coordinate (not an altitude), quantises to 1e-5 degrees (about 1 m; shared
borders stay exactly shared), cuts the rings into shared arcs and simplifies each arc once with Douglas–Peucker at
100 m on the ground, and stores the arcs delta-encoded as integers (see ``outlines`` for the format). Each
municipality keeps its DST code (``lau_1``), its Danish and English name, its region and a point for its label.
"""

from __future__ import annotations

import itertools
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from boligmonitor.geo.shapes import label_point, polygon_area
from boligmonitor.geo.simplify import Point, build_topology, to_metres

QUANTUM = 1e-5  # degrees per integer step
TOLERANCE_M = 100.0
SOURCE = ("Geodatastyrelsen & Danske Kommuner, DAGI / FOT, 2014-02-13, 1:500,000 (via the public repository "
          "magnuslarsen/geoJSON-Danish-Municipalities, forked from Neogeografen/dagi)")
ATTRIBUTION = {"da": "Kommunegrænser: Kilde: Geodatastyrelsen og Danske Kommuner, DAGI (2014), forenklet",
               "en": "Municipal boundaries: source: Geodatastyrelsen and Danske Kommuner, DAGI (2014), simplified"}


def _metres(p: Point) -> Point:
    return to_metres((p[0] * QUANTUM, p[1] * QUANTUM))


def build(source: dict[str, Any], tolerance_m: float = TOLERANCE_M) -> dict[str, Any]:
    """The package file's content from a DAGI-style FeatureCollection (properties lau_1, label_dk, label_en,
    iso_3166_2; Polygon or MultiPolygon)."""
    parts: dict[int, list[list[list[Point]]]] = defaultdict(list)
    names: dict[int, dict[str, Any]] = {}
    for feature in source["features"]:
        props, geometry = feature["properties"], feature["geometry"]
        code = int(props["lau_1"])
        iso = str(props.get("iso_3166_2") or "")
        names[code] = {"name_da": props["label_dk"], "name_en": props.get("label_en") or props["label_dk"],
                       "region_code": 1000 + int(iso[3:]) if iso.startswith("DK-") else None}
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        for polygon in polygons:
            parts[code].append([[(round(p[0] / QUANTUM), round(p[1] / QUANTUM)) for p in ring] for ring in polygon])
    order = []  # (code, polygon number, ring number) of every ring, in the order the topology gets them
    rings = []
    for code in sorted(parts):
        # the largest part first: the map labels it and the synthetic areas are placed in it
        parts[code].sort(key=lambda poly: -polygon_area([[_metres(p) for p in r] for r in poly]))
        for pi, polygon in enumerate(parts[code]):
            for ri, ring in enumerate(polygon):
                order.append((code, pi, ri))
                rings.append(ring)
    topology = build_topology(rings).simplified(tolerance_m, _metres)
    refs: dict[int, list[list[list[int]]]] = defaultdict(list)
    for (code, pi, _ri), ring_refs in zip(order, topology.rings, strict=True):
        if pi == len(refs[code]):
            refs[code].append([])
        refs[code][pi].append(ring_refs)
    municipalities = []
    for code in sorted(parts):
        main = [[_metres(p) for p in topology.ring(r)] for r in refs[code][0]]
        lx, ly = label_point(main)
        municipalities.append({"code": code, **names[code],
                               "label": [round(lx / to_metres((1, 0))[0] / QUANTUM),
                                         round(ly / to_metres((0, 1))[1] / QUANTUM)],
                               "polygons": refs[code]})
    return {"format": 1, "source": SOURCE, "attribution": ATTRIBUTION, "simplified_m": tolerance_m,
            "quantum": QUANTUM, "arcs": [_encode(a) for a in topology.arcs], "municipalities": municipalities}


def _encode(arc: list[Point]) -> list[int]:
    """First point as is, then differences: small integers, a third of the text of plain coordinates."""
    out = [int(arc[0][0]), int(arc[0][1])]
    for (x0, y0), (x1, y1) in itertools.pairwise(arc):
        out += [int(x1 - x0), int(y1 - y0)]
    return out


def main(argv: list[str]) -> None:
    src, dst = Path(argv[0]), Path(argv[1])
    data = build(json.loads(src.read_text(encoding="utf-8")))
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    points = sum(len(a) // 2 for a in data["arcs"])
    print(f"{len(data['municipalities'])} municipalities, {len(data['arcs'])} arcs, {points} points, "
          f"{dst.stat().st_size / 1024:.0f} KiB -> {dst}")


if __name__ == "__main__":
    main(sys.argv[1:])
