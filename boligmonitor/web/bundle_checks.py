"""What the web application's tables need from a bundle, checked before anything is written.

A bundle made by the pipeline always passes; these checks exist for bundles that were altered or made elsewhere,
so that a malformed registry, manifest or classification is a clear refusal instead of a database error half-way
through an import (which the transaction would undo, but as a traceback for the administrator).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from boligmonitor.errors import BoligmonitorError
from boligmonitor.geo.outlines import municipality_code_of
from boligmonitor.registry.geometry import geometry_problem
from boligmonitor.rules import categories_in_force
from boligmonitor.rules.texts import Text
from boligmonitor.runs.bundle import Bundle
from boligmonitor.web import models as m
from boligmonitor.web.refusal import refuse, rows_text, where

INT_MIN, INT_MAX = -(2**31), 2**31 - 1  # IntegerField is 32 bits on PostgreSQL

# registry key -> (model, field in registry -> (type, model field for the length limit), unique key)
REGISTRY: dict[str, tuple[type[Any], dict[str, tuple[str, str | None]], str | None]] = {
    "regions": (m.Region, {"region_code": ("int", None), "name": ("str", "name")}, "region_code"),
    "municipalities": (m.Municipality, {"municipality_code": ("int", None), "name": ("str", "name"),
                                        "region_code": ("int", None)}, "municipality_code"),
    "organisations": (m.Organisation, {"org_id": ("str", "org_id"), "name": ("str", "name")}, "org_id"),
    "afdelinger": (m.Afdeling, {"afdeling_id": ("str", "afdeling_id"), "org_id": ("str", "org_id"),
                                "number": ("int", None), "name": ("str", "name"),
                                "municipality_code": ("int", None), "dwellings": ("int", None)}, "afdeling_id"),
    "areas": (m.Area, {"area_id": ("str", "area_id"), "name": ("str", "name"), "municipality_code": ("int", None),
                       "kind": ("str", "kind")}, "area_id"),
    "area_members": (m.Membership, {"area_id": ("str", "area_id"), "afdeling_id": ("str", "afdeling_id"),
                                    "valid_from": ("date", None), "valid_to": ("date?", None)}, None),
}
CLASSIFICATION_TEXT = ("area_id", "list_date", "rule_set", "category", "rules_version")
CLASSIFICATION_REQUIRED = (*CLASSIFICATION_TEXT, "list_year", "criteria_met", "criteria_json", "notes_json")
INDICATOR_TEXT = ("unit_type", "unit_id", "indicator_id", "suppression")
INDICATOR_REQUIRED = ("unit_type", "unit_id", "year", "indicator_id", "suppressed")


@dataclass(frozen=True)
class Parsed:
    """The classifications' JSON columns, parsed once here and stored as they are."""

    criteria: list[list[dict[str, Any]]]
    notes: list[list[Any]]


def check_bundle(bundle: Bundle, name: str) -> Parsed:
    check_manifest(bundle.manifest, f"{name}/manifest.json")
    check_registry(bundle.registry, f"{name}/registry.json")
    check_municipality_geometry(bundle.registry, f"{name}/registry.json")
    check_columns(bundle.indicators, f"{name}/indicators.parquet", INDICATOR_REQUIRED, INDICATOR_TEXT,
                  m.IndicatorValue)
    check_columns(bundle.classifications, f"{name}/classifications.parquet", CLASSIFICATION_REQUIRED,
                  CLASSIFICATION_TEXT, m.Classification)
    return check_classifications(bundle, f"{name}/classifications.parquet")


def check_manifest(man: dict[str, Any], label: str) -> None:
    disclosure = man.get("disclosure")
    minimum = disclosure.get("minimum_count") if isinstance(disclosure, dict) else None
    if not (_is_int(minimum) and int(minimum or 0) >= 1):
        raise refuse("no_minimum", where(label, column="disclosure.minimum_count"),
                     Text("ingen diskretionsgrænse angivet (forventet et helt tal på mindst 1)",
                          "no disclosure minimum recorded (expected a whole number of at least 1)"))
    data = man.get("data")
    for key in ("list_years", "data_years"):
        years = data.get(key) if isinstance(data, dict) else None
        if not isinstance(years, list) or not years or not all(_is_int(y) and 1900 <= y <= 2200 for y in years):
            raise refuse("manifest_malformed", where(label, column=f"data.{key}"),
                         Text("forventede en ikke-tom liste af årstal", "expected a non-empty list of years"))
    for key, limit in (("rules_version", m.Vintage._meta.get_field("rules_version").max_length),
                       ("code_version", m.Vintage._meta.get_field("code_version").max_length)):
        value = man.get(key)
        if not isinstance(value, str) or not value or len(value) > (limit or 0):
            raise refuse("manifest_malformed", where(label, column=key),
                         Text(f"forventede en tekst på 1-{limit} tegn", f"expected a text of 1-{limit} characters"))


def check_registry(reg: dict[str, Any], label: str) -> None:
    for key, (model, fields, unique) in REGISTRY.items():
        items = reg.get(key)
        if not isinstance(items, list):
            raise refuse("registry_malformed", where(label, column=key),
                         Text("forventede en liste", "expected a list"))
        seen: set[Any] = set()
        for i, item in enumerate(items):
            at = f"{label}: {key}[{i}]"
            if not isinstance(item, dict):
                raise refuse("registry_malformed", where(at), Text("forventede et objekt", "expected an object"))
            for field, (kind, model_field) in fields.items():
                limit = model._meta.get_field(model_field).max_length if model_field else None
                problem = _field_problem(item.get(field), kind, limit)
                if problem is not None:
                    raise refuse("registry_malformed", where(at, column=field), problem)
            if unique is not None:
                if item[unique] in seen:
                    raise refuse("registry_malformed", where(at, column=unique),
                                 Text(f"{item[unique]!r} står to gange", f"{item[unique]!r} appears twice"))
                seen.add(item[unique])
    geometry = reg.get("area_geometry")
    if geometry is not None:
        features = geometry.get("features") if isinstance(geometry, dict) else None
        if not isinstance(features, list) or not all(
                isinstance(f, dict) and isinstance(f.get("properties"), dict)
                and isinstance(f["properties"].get("area_id"), str) for f in features):
            raise refuse("registry_malformed", where(label, column="area_geometry"),
                         Text("forventede GeoJSON-features med properties.area_id",
                              "expected GeoJSON features with properties.area_id"))


def check_municipality_geometry(reg: dict[str, Any], label: str) -> None:
    """The optional municipality outlines: each feature names a municipality of this registry and has a shape the map
    can draw (the registry's own rules), the attribution fits its column."""
    collection = reg.get("municipality_geometry")
    if collection is None:
        return
    at = where(label, column="municipality_geometry")
    features = collection.get("features") if isinstance(collection, dict) else None
    if not isinstance(features, list):
        raise refuse("registry_malformed", at, Text("forventede en GeoJSON FeatureCollection",
                                                    "expected a GeoJSON FeatureCollection"))
    codes = {r.get("municipality_code") for r in reg.get("municipalities", []) if isinstance(r, dict)}
    attribution = collection.get("attribution")
    limit = m.Vintage._meta.get_field("outline_attribution").max_length or 0
    if attribution is not None and (not isinstance(attribution, str) or len(attribution) > limit):
        raise refuse("registry_malformed", at, Text(f"attribution skal være en tekst på højst {limit} tegn",
                                                    f"attribution must be a text of at most {limit} characters"))
    for i, f in enumerate(features, start=1):
        code = municipality_code_of(f.get("properties")) if isinstance(f, dict) else None
        problem = geometry_problem(f.get("geometry")) if isinstance(f, dict) else "not a feature"
        if code not in codes or problem:
            raise refuse("registry_malformed", at, Text(
                f"feature {i}: {'ukendt kommune' if code not in codes else 'ugyldig geometri: ' + str(problem)}",
                f"feature {i}: {'unknown municipality' if code not in codes else 'invalid geometry: ' + str(problem)}"))


def _field_problem(value: Any, kind: str, limit: int | None) -> Text | None:
    if kind == "int":
        if not _is_int(value) or not INT_MIN <= value <= INT_MAX:
            return Text("forventede et helt tal", "expected a whole number")
    elif kind == "str":
        if not isinstance(value, str) or not value or len(value) > (limit or 0):
            return Text(f"forventede en tekst på 1-{limit} tegn", f"expected a text of 1-{limit} characters")
    elif value is not None or kind == "date":
        try:
            dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            return Text("forventede en dato ÅÅÅÅ-MM-DD", "expected a date YYYY-MM-DD")
    return None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_columns(table: pa.Table, label: str, required: tuple[str, ...], texts: tuple[str, ...],
                  model: type[Any]) -> None:
    """No missing value where the database needs one; no text longer than its column."""
    for col in required:
        missing = pc.is_null(table.column(col))
        n = pc.sum(pc.cast(missing, "int64")).as_py() or 0
        if n:
            raise refuse("missing_values", where(label, column=col),
                         Text(f"{rows_text(_first_rows(missing), n).da} mangler en værdi",
                              f"{rows_text(_first_rows(missing), n).en} lack a value"))
    for col in texts:
        limit = model._meta.get_field(col).max_length
        too_long = pc.fill_null(pc.greater(pc.utf8_length(table.column(col)), limit), False)
        n = pc.sum(pc.cast(too_long, "int64")).as_py() or 0
        if n:
            rows = rows_text(_first_rows(too_long), n)
            raise refuse("text_too_long", where(label, column=col),
                         Text(f"{rows.da}: teksten er længere end {limit} tegn",
                              f"{rows.en}: the text is longer than {limit} characters"))


def _first_rows(mask: pa.ChunkedArray | pa.Array, k: int = 3) -> list[int]:
    """1-based numbers of the first rows where ``mask`` holds."""
    return [i + 1 for i in pc.indices_nonzero(pc.fill_null(mask, False)).to_pylist()[:k]]


def check_classifications(bundle: Bundle, label: str) -> Parsed:
    t = bundle.classifications
    areas = {a["area_id"] for a in bundle.registry["areas"]}
    unknown = pc.invert(pc.is_in(t.column("area_id"), pa.array(sorted(areas), pa.string())))
    n = pc.sum(pc.cast(unknown, "int64")).as_py() or 0
    if n:
        rows = rows_text(_first_rows(unknown), n)
        raise refuse("unknown_area", where(label, column="area_id"),
                     Text(f"{rows.da} nævner et område som registry.json ikke har",
                          f"{rows.en} name an area registry.json does not have"))
    years, cats = t.column("list_year").to_pylist(), t.column("category").to_pylist()
    for year, cat in sorted(set(zip(years, cats, strict=True))):
        try:
            in_force = categories_in_force(year)
        except (BoligmonitorError, ValueError):
            in_force = []
        if cat not in in_force:
            row = next(i for i, pair in enumerate(zip(years, cats, strict=True)) if pair == (year, cat)) + 1
            raise refuse("category_not_in_force", where(label, row, "category"),
                         Text(f"'{cat}' var ikke en liste i {year}", f"'{cat}' was not a list in {year}"))
    criteria = [_json_list(s, label, i, "criteria_json") for i, s in enumerate(t.column("criteria_json").to_pylist())]
    for i, items in enumerate(criteria):
        if not all(isinstance(c, dict) and c.get("met") in (True, False, None) for c in items):
            raise refuse("criteria_malformed", where(label, i + 1, "criteria_json"),
                         Text("forventede en liste af kriterier, hver med 'met' som true, false eller null",
                              "expected a list of criteria, each with 'met' true, false or null"))
    notes = [_json_list(s, label, i, "notes_json") for i, s in enumerate(t.column("notes_json").to_pylist())]
    return Parsed(criteria, notes)


def _json_list(text: str, label: str, i: int, column: str) -> list[Any]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise refuse(f"{column.removesuffix('_json')}_not_json", where(label, i + 1, column),
                     Text(f"ikke gyldig JSON ({exc.msg})", f"not valid JSON ({exc.msg})")) from None
    if not isinstance(value, list):
        raise refuse(f"{column.removesuffix('_json')}_malformed", where(label, i + 1, column),
                     Text("forventede en JSON-liste", "expected a JSON list"))
    return value
