"""Open a bundle for import: every file present, unchanged since it was written, readable and of the right shape.

The pipeline's ``open_bundle`` trusts what it wrote itself; the web application reads bundles from elsewhere (an
upload, a shared folder), so a malformed manifest, registry or Parquet file must be a clear refusal, not a
traceback. ``name`` is how the administrator knows the bundle (the uploaded zip's name or the folder).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from boligmonitor.rules.texts import Text
from boligmonitor.runs.bundle import (
    BUNDLE_FORMAT,
    CLASSIFICATIONS_SCHEMA,
    FILES,
    INDICATORS_SCHEMA,
    Bundle,
    sha256,
)
from boligmonitor.web.refusal import refuse, where

FIX_ZIP = Text("zip hele bundle-mappen som 'boligmonitor run' skrev den, uden at ændre filerne",
               "zip the whole bundle folder as 'boligmonitor run' wrote it, without changing the files")


def read_bundle(path: Path, name: str) -> Bundle:
    if not path.is_dir():
        raise refuse("missing_folder", where(name),
                     Text("bundle-mappen findes ikke", "bundle folder not found"),
                     Text("angiv mappen som 'boligmonitor run --out' skrev",
                          "give the folder 'boligmonitor run --out' wrote"))
    manifest = _manifest(path, name)
    sums = manifest.get("checksums")
    if not isinstance(sums, dict):
        raise refuse("manifest_malformed", where(f"{name}/manifest.json", column="checksums"),
                     Text("kontrolsummerne mangler", "the checksums are missing"))
    for file in FILES:
        f = path / file
        if not f.is_file():
            raise refuse("missing_file", where(f"{name}/{file}"),
                         Text("filen mangler i bundlen", "the file is missing from the bundle"), FIX_ZIP)
        if sums.get(file) != sha256(f):
            raise refuse("checksum_mismatch", where(f"{name}/{file}"),
                         Text("kontrolsummen passer ikke med manifest.json; filen er ændret efter den blev skrevet",
                              "checksum does not match manifest.json; the file was changed after it was written"),
                         FIX_ZIP)
    registry = _json_object(path / "registry.json", f"{name}/registry.json", "registry_not_json")
    indicators = _table(path / "indicators.parquet", f"{name}/indicators.parquet", INDICATORS_SCHEMA)
    classifications = _table(path / "classifications.parquet", f"{name}/classifications.parquet",
                             CLASSIFICATIONS_SCHEMA)
    return Bundle(path, manifest, indicators, classifications, registry)


def _manifest(path: Path, name: str) -> dict[str, Any]:
    label = f"{name}/manifest.json"
    if not (path / "manifest.json").is_file():
        raise refuse("missing_manifest", where(label),
                     Text("manifest.json mangler; det er ikke en hel bundle",
                          "manifest.json is missing; this is not a complete bundle"), FIX_ZIP)
    manifest = _json_object(path / "manifest.json", label, "manifest_not_json")
    if manifest.get("bundle_format") != BUNDLE_FORMAT:
        found = manifest.get("bundle_format")
        raise refuse("wrong_format", where(label, column="bundle_format"),
                     Text(f"bundle-format {found!r}; denne version læser format {BUNDLE_FORMAT}",
                          f"bundle format {found!r}; this version reads format {BUNDLE_FORMAT}"))
    return manifest


def _json_object(f: Path, label: str, kind: str) -> dict[str, Any]:
    try:
        data = json.loads(f.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise refuse(kind, where(label), Text("filen er ikke UTF-8-tekst", "the file is not UTF-8 text")) from None
    except json.JSONDecodeError as exc:
        raise refuse(kind, where(label, exc.lineno),
                     Text(f"ikke gyldig JSON ({exc.msg}, kolonne {exc.colno})",
                          f"not valid JSON ({exc.msg}, column {exc.colno})")) from None
    if not isinstance(data, dict):
        raise refuse(kind, where(label), Text("forventede et JSON-objekt ({...})", "expected a JSON object ({...})"))
    return data


def _table(f: Path, label: str, schema: pa.Schema) -> pa.Table:
    try:
        table = pq.read_table(f)
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise refuse("parquet_unreadable", where(label),
                     Text(f"ikke en læsbar Parquet-fil ({type(exc).__name__})",
                          f"not a readable Parquet file ({type(exc).__name__})")) from None
    for field in schema:
        if field.name not in table.column_names:
            raise refuse("parquet_schema", where(label, column=field.name),
                         Text(f"kolonnen mangler (forventet type {field.type})",
                              f"the column is missing (expected type {field.type})"))
        found = table.schema.field(field.name).type
        if found != field.type:
            raise refuse("parquet_schema", where(label, column=field.name),
                         Text(f"typen er {found}, forventet {field.type}",
                              f"the type is {found}, expected {field.type}"))
    return table.select(schema.names)
