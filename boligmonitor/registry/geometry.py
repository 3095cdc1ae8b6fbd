"""The optional geometry of a registry, checked here so the map never meets bad shapes:

* ``registry/area_geometry.geojson``: one feature per area, keyed by ``properties.area_id``;
* ``registry/municipality_geometry.geojson``: the municipalities' outlines, keyed by ``properties.municipality_code``
  (or DAGI's ``lau_1``), any number of features per municipality (DAGI has one per island). When given, it replaces
  the outlines shipped with the package (DAGI 2014) on the map, e.g. with a newer DAGI extract. An optional
  top-level ``"attribution"`` text is shown next to the map.

The web map draws every ring of a Polygon or MultiPolygon as lon/lat pairs. Anything it cannot draw — another
geometry type, a position with three numbers, a ring that does not close, NaN, a latitude of 400 — is refused at
the door with the feature's number, instead of being stored in a bundle and breaking the public map later.
Self-intersection is not checked: the map still draws such a polygon, only oddly.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from boligmonitor.errors import InputFileError, Problem
from boligmonitor.geo.outlines import municipality_code_of
from boligmonitor.tabular import file_problem

GEOMETRY_TYPES = ("Polygon", "MultiPolygon")
MAX_PROBLEMS = 20  # a file with thousands of bad features needs the first few and a count, not all of them


def load_geometry(path: Path, area_ids: set[str]) -> dict[str, Any]:
    """Read and check the area GeoJSON; every problem is listed (up to :data:`MAX_PROBLEMS`), nothing is
    half-loaded."""
    name = str(path)
    data = _read_collection(path, "export the areas as one GeoJSON FeatureCollection")
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for i, feat in enumerate(data["features"], start=1):
        problems += _feature_problems(name, i, feat, area_ids, seen)
    _raise_if(problems, name)
    return dict(data)


MAX_ATTRIBUTION = 300


def load_municipality_geometry(path: Path, codes: set[int]) -> dict[str, Any]:
    """Read and check the municipality GeoJSON (same rules as the area geometry; keyed by municipality code)."""
    name = str(path)
    data = _read_collection(path, "export the municipalities as one GeoJSON FeatureCollection")
    problems: list[Problem] = []
    attribution = data.get("attribution")
    if attribution is not None and (not isinstance(attribution, str) or len(attribution) > MAX_ATTRIBUTION):
        problems.append(Problem(name, f"\"attribution\" must be a text of at most {MAX_ATTRIBUTION} characters",
                                "write the source as the data's licence asks for it, e.g. \"Kilde: "
                                "Geodatastyrelsen og Danske Kommuner, DAGI\"", column="attribution"))
    for i, feat in enumerate(data["features"], start=1):
        problems += _municipality_feature_problems(name, i, feat, codes)
    _raise_if(problems, name)
    return dict(data)


def _municipality_feature_problems(name: str, i: int, feat: Any, codes: set[int]) -> list[Problem]:
    where = f"feature {i}"
    if not isinstance(feat, dict) or feat.get("type") != "Feature":
        return [Problem(name, f"{where} is not a GeoJSON Feature object", "each entry of features must be "
                        "{\"type\": \"Feature\", \"properties\": {...}, \"geometry\": {...}}")]
    props = feat.get("properties")
    code = municipality_code_of(props)
    out = []
    if code is None:
        shown = props.get("municipality_code", props.get("lau_1")) if isinstance(props, dict) else None
        out.append(Problem(name, f"{where}: properties.municipality_code (or lau_1) is missing or not a "
                           "municipality code", "set properties.municipality_code to the DST code, e.g. 101",
                           column="municipality_code", value=None if shown is None else str(shown)[:40]))
    elif code not in codes:
        out.append(Problem(name, f"{where}: municipality {code} is not in municipalities",
                           "remove the feature (e.g. 411 Christiansø belongs to no municipality) or add the "
                           "municipality to municipalities.csv", column="municipality_code", value=str(code)))
    geometry = feat.get("geometry")
    if geometry is None:
        out.append(Problem(name, f"{where}: no geometry", "remove the feature or give its outline"))
        return out
    reason = geometry_problem(geometry)
    if reason:
        out.append(Problem(name, f"{where}: invalid geometry: {reason}",
                           "export valid Polygon or MultiPolygon shapes in longitude/latitude (WGS 84); drop a "
                           "third value (DAGI files carry -999 there)"))
    return out


def _raise_if(problems: list[Problem], name: str) -> None:
    if problems:
        shown = problems[:MAX_PROBLEMS]
        more = len(problems) - len(shown)
        summary = f"{len(problems)} problem(s) in {name}" + (f" (first {len(shown)} shown)" if more else "")
        raise InputFileError(shown, summary + "; nothing was loaded")


def _read_collection(path: Path, fix: str) -> dict[str, Any]:
    """The file as a GeoJSON FeatureCollection (an object with a list of features), or the reason it is not."""
    name = str(path)
    problem = file_problem(path)
    if problem is not None:
        raise InputFileError([problem])
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InputFileError([Problem(name, "the file is not UTF-8 text", "export the file as GeoJSON (UTF-8)")]
                             ) from None
    except json.JSONDecodeError as exc:
        # the decoder's position, not its excerpt: the message stays free of file content
        raise InputFileError([Problem(name, f"not valid JSON (at line {exc.lineno}, column {exc.colno})",
                                      "export the file as GeoJSON", exc.lineno)]) from None
    except (ValueError, RecursionError):
        raise InputFileError([Problem(name, "not usable JSON (a number with thousands of digits, or nesting "
                                      "thousands of levels deep)", "export the file as GeoJSON")]) from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not isinstance(
            data.get("features"), list):
        raise InputFileError([Problem(name, "expected a GeoJSON FeatureCollection: an object with "
                                      "\"type\": \"FeatureCollection\" and a list of \"features\"", fix)])
    return data


def _feature_problems(name: str, i: int, feat: Any, area_ids: set[str], seen: dict[str, int]) -> list[Problem]:
    """Problems of feature number ``i`` (counted from 1 in the features list; reported in the row slot)."""
    where = f"feature {i}"
    if not isinstance(feat, dict) or feat.get("type") != "Feature":
        return [Problem(name, f"{where} is not a GeoJSON Feature object", "each entry of features must be "
                        "{\"type\": \"Feature\", \"properties\": {...}, \"geometry\": {...}}")]
    props = feat.get("properties")
    aid = props.get("area_id") if isinstance(props, dict) else None
    out = []
    if not isinstance(aid, str) or aid not in area_ids:
        out.append(Problem(name, f"{where}: properties.area_id is missing or not in areas",
                           "set properties.area_id to an area_id listed in areas.csv", column="area_id",
                           value=None if aid is None else str(aid)[:40]))
    elif aid in seen:
        out.append(Problem(name, f"{where}: a second shape for area {aid} (first in feature {seen[aid]})",
                           "keep one feature per area (use a MultiPolygon for an area in several parts)",
                           column="area_id", value=aid))
    else:
        seen[aid] = i
    geometry = feat.get("geometry")
    if geometry is None:
        return out  # an area without a shape is allowed: the map leaves it out
    reason = geometry_problem(geometry)
    if reason:
        out.append(Problem(name, f"{where}: invalid geometry: {reason}",
                           "export valid Polygon or MultiPolygon shapes in longitude/latitude (WGS 84)"))
    return out


def geometry_problem(geometry: Any) -> str | None:
    """What is wrong with a GeoJSON geometry, in one phrase; None if the map can draw it."""
    if not isinstance(geometry, dict):
        return "the geometry is not an object"
    kind = geometry.get("type")
    if kind not in GEOMETRY_TYPES:
        return f"type {str(kind)[:40]!r} is not Polygon or MultiPolygon"
    coords = geometry.get("coordinates")
    polygons = [coords] if kind == "Polygon" else coords
    if not isinstance(polygons, list) or not polygons:
        return "no coordinates"
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            return "a polygon has no rings"
        for ring in polygon:
            reason = _ring_problem(ring)
            if reason:
                return reason
    return None


def _ring_problem(ring: Any) -> str | None:
    if not isinstance(ring, list) or len(ring) < 4:
        return "a ring needs at least four positions (a triangle plus the closing position)"
    for pos in ring:
        if not isinstance(pos, list) or len(pos) != 2:
            return "each position must be [longitude, latitude] (two numbers, no altitude)"
        lon, lat = pos
        if not all(isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in pos):
            return "a coordinate is not a finite number"
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            return "a position lies outside longitude −180…180 / latitude −90…90 (projected coordinates?)"
    if ring[0] != ring[-1]:
        return "a ring is not closed (its last position must equal its first)"
    return None
