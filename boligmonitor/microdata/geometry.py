"""Generated geometry for synthetic areas: a schematic tile map, not real boundaries.

Real area boundaries are public (Social- og Boligstyrelsen) but cannot be downloaded here, and invented areas
have no real place anyway. Each municipality gets a hexagonal cell inside its region's block, with the blocks placed
roughly where the regions lie (Nordjylland top left, Hovedstaden top right, ...). An area is a small hexagon around
its municipality's cell centre; a helhedsplan area is drawn a little larger than the statutory area it contains.
Coordinates are longitude/latitude inside Denmark's bounding box so every GeoJSON tool accepts them.
"""

from __future__ import annotations

import math
from typing import Any

# region code -> (west longitude, north latitude, columns) of its block of municipality cells
_REGION_BLOCKS = {
    1081: (8.3, 57.7, 3),   # Nordjylland
    1082: (8.1, 56.75, 5),  # Midtjylland
    1083: (8.4, 55.75, 5),  # Syddanmark
    1084: (12.0, 56.15, 6),  # Hovedstaden
    1085: (11.2, 55.65, 4),  # Sjælland
}
_CELL_LON = 0.36
_CELL_LAT = 0.2


def _hexagon(lon: float, lat: float, radius_lon: float) -> list[list[float]]:
    radius_lat = radius_lon * 0.56  # 1° longitude is ~0.56° latitude in length at 56° N
    ring = [[round(lon + radius_lon * math.cos(math.pi / 3 * k + math.pi / 6), 5),
             round(lat + radius_lat * math.sin(math.pi / 3 * k + math.pi / 6), 5)] for k in range(6)]
    return [*ring, ring[0]]


def municipality_centres(municipalities: list[dict[str, Any]]) -> dict[int, tuple[float, float]]:
    """The schematic centre of every municipality cell, in code order within each region."""
    slot: dict[int, int] = {}
    out: dict[int, tuple[float, float]] = {}
    for m in sorted(municipalities, key=lambda r: int(r["municipality_code"])):
        region = int(m["region_code"])
        west, north, cols = _REGION_BLOCKS.get(region, (10.0, 57.0, 5))
        i = slot.get(region, 0)
        slot[region] = i + 1
        row, col = divmod(i, cols)
        lon = west + col * _CELL_LON + (_CELL_LON / 2 if row % 2 else 0)
        out[int(m["municipality_code"])] = (lon, north - row * _CELL_LAT)
    return out


def area_geometry(municipalities: list[dict[str, Any]], areas: list[dict[str, Any]],
                  members: list[dict[str, Any]]) -> dict[str, Any]:
    """A GeoJSON FeatureCollection with one generated polygon per area."""
    centres = municipality_centres(municipalities)
    afd_sets: dict[str, set[str]] = {}
    for m in members:
        afd_sets.setdefault(str(m["area_id"]), set()).add(str(m["afdeling_id"]))
    statutory = [a for a in areas if a["kind"] == "statutory"]
    index_in_mun: dict[str, tuple[int, int]] = {}
    for a in statutory:
        same = [b["area_id"] for b in statutory if b["municipality_code"] == a["municipality_code"]]
        index_in_mun[a["area_id"]] = (same.index(a["area_id"]), len(same))
    features = []
    for a in areas:
        aid = str(a["area_id"])
        anchor = aid
        if a["kind"] != "statutory":  # draw around the statutory area it contains, if any
            inside = [s["area_id"] for s in statutory if afd_sets.get(s["area_id"], set()) <= afd_sets.get(aid, set())
                      and afd_sets.get(s["area_id"])]
            anchor = inside[0] if inside else aid
        k, n = index_in_mun.get(anchor, (0, 1))
        cols = math.ceil(math.sqrt(n))
        step = _CELL_LON * 0.9 / cols  # a small grid inside the municipality cell
        row, col = divmod(k, cols)
        lon, lat = centres[int(a["municipality_code"])]
        lon += (col - (cols - 1) / 2) * step
        lat -= (row - (math.ceil(n / cols) - 1) / 2) * step * 0.56
        radius = step * (0.42 if a["kind"] == "statutory" else 0.5)
        features.append({
            "type": "Feature",
            "properties": {"area_id": aid, "name": a["name"], "generated": True},
            "geometry": {"type": "Polygon", "coordinates": [_hexagon(lon, lat, radius)]},
        })
    return {"type": "FeatureCollection", "name": "area_geometry (generated, schematic)", "features": features}
