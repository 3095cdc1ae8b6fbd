"""The aggregate bundle: the contract between the pipeline and everything else (DESIGN.md §5).

A bundle is a folder with ``indicators.parquet``, ``classifications.parquet`` and ``manifest.json``. It is
written to a temporary folder and renamed into place, so a failed run leaves nothing behind. The manifest
holds SHA-256 checksums; :func:`open_bundle` refuses a bundle whose files do not match them.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from boligmonitor.errors import BundleError

FILES = ("indicators.parquet", "classifications.parquet", "registry.json")
BUNDLE_FORMAT = 3  # 3: every published sentence in Danish and English (label_en, notes as {da, en})

INDICATORS_SCHEMA = pa.schema([
    ("unit_type", pa.string()), ("unit_id", pa.string()), ("year", pa.int32()), ("indicator_id", pa.string()),
    ("numerator", pa.float64()), ("denominator", pa.float64()), ("value", pa.float64()),
    ("suppressed", pa.bool_()), ("suppression", pa.string()),
])
CLASSIFICATIONS_SCHEMA = pa.schema([
    ("area_id", pa.string()), ("list_year", pa.int32()), ("list_date", pa.string()), ("rule_set", pa.string()),
    ("category", pa.string()), ("member", pa.bool_()), ("criteria_met", pa.int32()),
    ("consecutive_years", pa.int32()), ("criteria_json", pa.string()), ("notes_json", pa.string()),
    ("rules_version", pa.string()),
])


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def write_bundle(out: Path, indicators: pa.Table, classifications: pa.Table, registry: dict[str, Any],
                 manifest: dict[str, Any], overwrite: bool = False) -> Path:
    """Write all files to a temporary sibling folder, then move it into place (all or nothing)."""
    if out.exists() and any(out.iterdir()) and not overwrite:
        raise BundleError(f"{out}: the folder exists and is not empty. Bundles are immutable: choose a new "
                          "folder, or pass --overwrite to replace it.")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".bundle-", dir=out.parent))
    try:
        # No statistics timestamps or writer-dependent metadata beyond the pinned versions: reproducible bytes.
        pq.write_table(indicators.cast(INDICATORS_SCHEMA), tmp / "indicators.parquet", compression="zstd")
        pq.write_table(classifications.cast(CLASSIFICATIONS_SCHEMA), tmp / "classifications.parquet",
                       compression="zstd")
        (tmp / "registry.json").write_text(json.dumps(registry, indent=1, ensure_ascii=False, sort_keys=True)
                                           + "\n", encoding="utf-8")
        manifest = dict(manifest)
        manifest["checksums"] = {name: sha256(tmp / name) for name in FILES}
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True)
                                           + "\n", encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out


@dataclass
class Bundle:
    path: Path
    manifest: dict[str, Any]
    indicators: pa.Table
    classifications: pa.Table
    registry: dict[str, Any]

    @property
    def synthetic(self) -> bool:
        return bool(self.manifest.get("data", {}).get("synthetic"))


def open_bundle(path: Path) -> Bundle:
    """Read and verify a bundle; a missing file or a checksum mismatch is a clear error."""
    if not path.is_dir():
        raise BundleError(f"{path}: bundle folder not found. Create one with 'boligmonitor run'.")
    mpath = path / "manifest.json"
    if not mpath.exists():
        raise BundleError(f"{path}: manifest.json is missing; this is not a complete bundle.")
    try:
        manifest = json.loads(mpath.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BundleError(f"{mpath}: not valid JSON ({exc}).") from None
    if not isinstance(manifest, dict) or manifest.get("bundle_format") != BUNDLE_FORMAT:
        found = manifest.get("bundle_format") if isinstance(manifest, dict) else None
        raise BundleError(f"{mpath}: bundle format {found!r}, this version reads format {BUNDLE_FORMAT}. "
                          "Re-run 'boligmonitor run' to write the bundle again.")
    sums = manifest.get("checksums", {})
    for name in FILES:
        f = path / name
        if not f.exists():
            raise BundleError(f"{f}: missing from the bundle.")
        if sums.get(name) != sha256(f):
            raise BundleError(f"{f}: checksum does not match manifest.json; the bundle was changed after it was "
                              "written. Re-run the pipeline to get a trustworthy bundle.")
    registry = json.loads((path / "registry.json").read_text(encoding="utf-8"))
    return Bundle(path, manifest, pq.read_table(path / "indicators.parquet"),
                  pq.read_table(path / "classifications.parquet"), registry)
