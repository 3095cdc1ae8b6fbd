"""Corpus, part 3: the registry, its GeoJSON and the data folder's dataset.json.

A repeated membership row counted an afdeling's residents twice, invalid geometry was stored and broke the public
map, and a broken dataset.json crashed the run after all the work was done. Each is now refused up front.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from tests.integration.corpus import Case, check, data_folder, read_registry, registry_table, rewrite_registry, run_args


def case(name: str, edit: Callable[[Path], Any], *words: str, subprocess: bool = False) -> Case:
    """A ``run`` case on good data whose data folder is then changed by ``edit(data)``."""

    def build(root: Path) -> list[str]:
        edit(data_folder(root))
        return run_args(root)

    return Case(name, build, 3, words, subprocess=subprocess)


def cell(table: str, row: int, column: str, value: str) -> Callable[[Path], None]:
    """Set one registry cell (``row`` counts data rows from 0; the file line is row + 2)."""

    def edit(data: Path) -> None:
        header, records = read_registry(data, table)
        records[row][column] = value
        rewrite_registry(data, table, header, records)

    return edit


def add_members(*extra: dict[str, str]) -> Callable[[Path], None]:
    def edit(data: Path) -> None:
        header, records = read_registry(data, "area_members")
        rewrite_registry(data, "area_members", header, records + list(extra))

    return edit


def geo(content: Any, raw: bytes | None = None) -> Callable[[Path], None]:
    def edit(data: Path) -> None:
        path = data / "registry" / "area_geometry.geojson"
        path.write_bytes(raw if raw is not None else json.dumps(content).encode("utf-8"))

    return edit


SQUARE = [[12.5, 55.6], [12.6, 55.6], [12.6, 55.7], [12.5, 55.7], [12.5, 55.6]]


def feature(area: str = "A", geometry: Any = None, **props: Any) -> dict[str, Any]:
    shape = {"type": "Polygon", "coordinates": [SQUARE]} if geometry is None else geometry
    return {"type": "Feature", "properties": {"area_id": area, **props}, "geometry": shape}


def collection(*features: Any) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": list(features)}


def polygon(ring: list[Any]) -> dict[str, Any]:
    return {"type": "Polygon", "coordinates": [ring]}


def mark(content: bytes) -> Callable[[Path], None]:
    return lambda data: (data / "dataset.json").write_bytes(content)


MEMBER = {"area_id": "A", "afdeling_id": "AFD1", "valid_from": "2000-01-01", "valid_to": ""}
GEO_FIX = "Fix: export valid Polygon or MultiPolygon shapes"

CASES = [
    # memberships
    case("membership-repeated", add_members(MEMBER), "area_members.csv, row 4, column 'afdeling_id'",
         "twice for overlapping periods (also in row 2)", "counted twice", subprocess=True),
    case("membership-overlapping-periods", add_members({**MEMBER, "valid_from": "2015-01-01"}),
         "area_members.csv, row 4", "overlapping periods"),
    case("membership-date-not-a-date", cell("area_members", 0, "valid_from", "2010-13-45"),
         "area_members.csv, row 2, column 'valid_from'", "expected a date"),
    case("membership-ends-before-it-starts", cell("area_members", 0, "valid_to", "1999-01-01"),
         "area_members.csv, row 2, column 'valid_to'", "before valid_from"),
    case("membership-afdeling-unknown", cell("area_members", 0, "afdeling_id", "AFD99"), "row 2", "AFD99"),
    # codes and counts
    case("municipality-code-hex", cell("municipalities", 0, "municipality_code", "0x65"),
         "municipalities.csv, row 2, column 'municipality_code'", "expected a whole number in plain digits"),
    case("municipality-code-zero", cell("municipalities", 0, "municipality_code", "0"),
         "municipalities.csv, row 2", "outside the allowed range 1–9999"),
    case("dwellings-underscore", cell("afdelinger", 0, "dwellings", "1_000"), "afdelinger.csv, row 2, column "
         "'dwellings'", "plain digits"),
    case("dwellings-5000-digits", cell("afdelinger", 0, "dwellings", "9" * 5000), "afdelinger.csv, row 2",
         "5,000 characters"),
    case("dwellings-negative", cell("afdelinger", 1, "dwellings", "-3"), "afdelinger.csv, row 3, column "
         "'dwellings'", "outside the allowed range 0–100,000"),
    case("dwellings-fraction", cell("afdelinger", 1, "dwellings", "12.5"), "afdelinger.csv, row 3",
         "expected a whole number"),
    case("area-kind-unknown", cell("areas", 0, "kind", "ghetto"), "areas.csv, row 2, column 'kind'",
         "allowed codes"),
    case("area-municipality-unknown", cell("areas", 0, "municipality_code", "999"), "areas.csv, row 2",
         "unknown code"),
    # broken registry files
    case("regions-header-only", lambda d: registry_table(d, "regions").write_text("region_code,name\n"),
         "regions.csv: the table has a header but no rows"),
    case("areas-is-a-folder", lambda d: (registry_table(d, "areas").unlink(), registry_table(d, "areas").mkdir()),
         "areas.csv: expected a file, found a folder"),
    case("areas-dangling-link", lambda d: (registry_table(d, "areas").unlink(),
                                           os.symlink(d / "nowhere.csv", registry_table(d, "areas"))),
         "areas.csv: the file is a symbolic link to"),
    case("areas-nul-byte", lambda d: registry_table(d, "areas").write_bytes(
        registry_table(d, "areas").read_bytes().replace(b"statutory", b"statu\x00tory")),
        "areas.csv: the file contains NUL bytes"),
    case("areas-ragged", lambda d: registry_table(d, "areas").write_text(
        registry_table(d, "areas").read_text(encoding="utf-8") + "C,Område C,101,statutory,extra\n",
        encoding="utf-8"), "areas.csv, row 4", "expected 4 fields"),
    case("areas-duplicate-header", lambda d: registry_table(d, "areas").write_text(
        "area_id,name,name,kind\nA,x,y,statutory\n", encoding="utf-8"), "areas.csv, row 1, column 'name'",
        "appears twice"),
    case("areas-corrupt-parquet", lambda d: (registry_table(d, "areas").unlink(),
                                             (d / "registry" / "areas.parquet").write_bytes(b"PAR1 not really")),
         "areas.parquet: not a readable Parquet file"),
    case("afdelinger-typed-parquet-fraction", lambda d: (
        pq.write_table(__import__("pyarrow").table({"afdeling_id": ["AFD1"], "org_id": ["O1"], "number": [1.5],
                                                    "name": ["x"], "municipality_code": [101], "dwellings": [10]}),
                       d / "registry" / "afdelinger.parquet"), registry_table(d, "afdelinger").unlink()),
        "afdelinger.parquet, row 1, column 'number'", "whole number"),
    # geometry
    case("geojson-not-json", geo(None, b"{\"type\": \"FeatureCollection\", "), "area_geometry.geojson, row 1",
         "not valid JSON (at line 1"),
    case("geojson-a-list", geo([feature()]), "area_geometry.geojson: expected a GeoJSON FeatureCollection"),
    case("geojson-features-not-a-list", geo({"type": "FeatureCollection", "features": {"A": 1}}),
         "expected a GeoJSON FeatureCollection"),
    case("geojson-not-utf8", geo(None, b"\xff\xfe{}"), "area_geometry.geojson: the file is not UTF-8"),
    case("geojson-point", geo(collection(feature(geometry={"type": "Point", "coordinates": [12.5, 55.6]}))),
         "feature 1: invalid geometry: type 'Point' is not Polygon or MultiPolygon", GEO_FIX, subprocess=True),
    case("geojson-ring-open", geo(collection(feature(geometry=polygon([*SQUARE[:-1], [12.51, 55.6]])))),
         "feature 1: invalid geometry: a ring is not closed"),
    case("geojson-ring-too-short", geo(collection(feature(geometry=polygon(SQUARE[:2])))), "at least four"),
    case("geojson-altitude", geo(collection(feature(geometry=polygon([[*p, 10.0] for p in SQUARE])))),
         "[longitude, latitude] (two numbers, no altitude)"),
    case("geojson-nan", geo(None, json.dumps(collection(feature(geometry=polygon(
        [SQUARE[0], [float("nan"), 55.6], *SQUARE[2:]])))).encode()), "a coordinate is not a finite number"),
    case("geojson-string-coordinate", geo(collection(feature(geometry=polygon(
        [SQUARE[0], ["12.6", "55.6"], *SQUARE[2:]])))), "a coordinate is not a finite number"),
    case("geojson-projected-coordinates", geo(collection(feature(geometry=polygon(
        [[720000, 6170000], [720100, 6170000], [720100, 6170100], [720000, 6170000]])))),
        "outside longitude"),
    case("geojson-multipolygon-empty", geo(collection(feature(geometry={"type": "MultiPolygon", "coordinates": []}))),
         "no coordinates"),
    case("geojson-unknown-area", geo(collection(feature("Z"))), "feature 1: properties.area_id is missing or not "
         "in areas", "(value 'Z')"),
    case("geojson-area-twice", geo(collection(feature("A"), feature("B"), feature("A"))),
         "feature 3: a second shape for area A (first in feature 1)"),
    case("geojson-feature-not-an-object", geo(collection("A")), "feature 1 is not a GeoJSON Feature object"),
    case("geojson-5000-digit-number", geo(None, b'{"type": "FeatureCollection", "features": [' + b"9" * 5000 + b"]}"),
         "not usable JSON"),
    case("geojson-is-a-folder", lambda d: (d / "registry" / "area_geometry.geojson").mkdir(),
         "area_geometry.geojson: expected a file, found a folder"),
    # dataset.json
    case("dataset-json-invalid", mark(b"{synthetic: true}"), "dataset.json, row 1", "not valid JSON",
         subprocess=True),
    case("dataset-json-a-list", mark(b"[true]"), "dataset.json: expected a JSON object, found list"),
    case("dataset-json-synthetic-text", mark(b'{"synthetic": "yes"}'), "dataset.json, column 'synthetic'",
         "must be true or false"),
    case("dataset-json-note-number", mark(b'{"note": 5}'), "dataset.json, column 'note'", "must be text"),
    case("dataset-json-not-utf8", mark(b'{"note": "\xe6\xf8\xe5"}'), "dataset.json: the file is not UTF-8"),
    case("dataset-json-bom", mark(b'\xef\xbb\xbf{"synthetic": false}'), "byte-order mark"),
    case("dataset-json-deep", mark(b"[" * 100_000 + b"]" * 100_000), "dataset.json: not usable JSON"),
    case("dataset-json-folder", lambda d: (d / "dataset.json").mkdir(), "dataset.json: expected a file, found a "
         "folder"),
    case("dataset-json-dangling", lambda d: os.symlink(d / "gone.json", d / "dataset.json"),
         "dataset.json: the file is a symbolic link to"),
    case("dataset-json-empty", mark(b""), "dataset.json, row 1", "not valid JSON"),
]


@pytest.mark.parametrize("c", CASES, ids=[c.name for c in CASES])
def test_broken_registry_is_refused_clearly(c: Case, tmp_path: Path) -> None:
    check(c, tmp_path)


def test_area_spanning_municipalities_is_a_warning(tmp_path: Path) -> None:
    """Allowed (areas may cross a border), but said: on the CLI's error stream and in the manifest."""
    from tests.integration.corpus import run_in_process

    data = data_folder(tmp_path)
    cell("afdelinger", 0, "municipality_code", "147")(data)
    # persons in AFD1 live in 147 now too, or the person/afdeling municipality check refuses the data
    persons = (data / "persons" / "persons.csv").read_text(encoding="utf-8").replace(",AFD1,101,", ",AFD1,147,")
    (data / "persons" / "persons.csv").write_text(persons, encoding="utf-8")
    outcome = run_in_process(run_args(tmp_path))
    assert outcome.code == 0, outcome.text
    assert "area A is registered in municipality 101 but its afdelinger lie in 147" in outcome.stderr
    manifest = json.loads((tmp_path / "bundle" / "manifest.json").read_text(encoding="utf-8"))
    assert any("area A is registered" in n for n in manifest["data"]["notices"])


def test_valid_geometry_and_dataset_mark_pass(tmp_path: Path) -> None:
    """A MultiPolygon, an area without a shape (null geometry) and a Danish note are all fine."""
    from boligmonitor import api

    data = data_folder(tmp_path)
    multi = {"type": "MultiPolygon", "coordinates": [[SQUARE], [[[p[0] + 1, p[1]] for p in SQUARE]]]}
    geo(collection(feature("A", geometry=multi), {**feature("B"), "geometry": None}))(data)
    mark('{"synthetic": false, "note": "Testdata for Ærø"}'.encode())(data)
    api.run(data, tmp_path / "bundle")
    registry = json.loads((tmp_path / "bundle" / "registry.json").read_text(encoding="utf-8"))
    assert [f["properties"]["area_id"] for f in registry["area_geometry"]["features"]] == ["A", "B"]
