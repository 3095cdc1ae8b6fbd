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
BUNDLE_FORMAT = 4  # 4: manifest carries the catalogue's relations; suppression codes of complementary suppression

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


def check_destination(out: Path, overwrite: bool = False, data: Path | None = None) -> None:
    """Refuse a bundle destination that would fail or destroy something, before any work is done.

    ``--overwrite`` replaces a folder only when it holds a bundle and nothing else: the pipeline must never
    delete the input data (``run --data d --out d --overwrite`` did) nor any other folder given by mistake.
    """
    if out.is_symlink():
        raise BundleError(f"--out {out}: the path is a symbolic link. Give the real folder (or a new one).")
    if data is not None:
        o, d = out.resolve(), data.resolve()
        if o == d or o in d.parents or d in o.parents:
            raise BundleError(f"--out {out}: the bundle folder must be apart from the data folder {data} (not the "
                              "same, not inside it, not around it). Choose another folder for the bundle.")
    if out.exists():
        if not out.is_dir():
            raise BundleError(f"--out {out}: a file with this name exists. Choose a folder name for the bundle.")
        entries = sorted(p.name for p in out.iterdir())
        if not entries:
            return
        if not overwrite:
            raise BundleError(f"{out}: the folder exists and is not empty. Bundles are immutable: choose a new "
                              "folder, or pass --overwrite to replace it.")
        if not _holds_only_a_bundle(out, entries):
            foreign = [e for e in entries if e not in (*FILES, "manifest.json")]
            shown = ", ".join(foreign[:3]) + (", …" if len(foreign) > 3 else "")
            what = f"it holds other things ({shown})" if foreign else "its manifest.json is not a bundle's"
            raise BundleError(f"--out {out}: --overwrite only replaces a bundle folder, and {what}. Nothing was "
                              "changed. Choose a new folder for the bundle.")
        return
    parent = next((p for p in out.parents if p.exists() or p.is_symlink()), None)
    if parent is not None and not parent.is_dir():
        raise BundleError(f"--out {out}: cannot create the folder, because {parent} is a file.")
    if parent is not None and not os.access(parent, os.W_OK | os.X_OK):
        raise BundleError(f"--out {out}: no permission to create a folder in {parent}.")


def _holds_only_a_bundle(out: Path, entries: list[str]) -> bool:
    if not set(entries) <= {*FILES, "manifest.json"} or "manifest.json" not in entries:
        return False
    try:
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(manifest, dict) and "bundle_format" in manifest


def _share_with_group(folder: Path) -> None:
    """mkdtemp makes the folder 0700: only its owner could read it. The web application runs as another user in
    the owner's group, so the bundle is group-readable (folder 0750, files 0640) and nothing for others."""
    for f in folder.iterdir():
        f.chmod(0o640)
    folder.chmod(0o750)


def write_bundle(out: Path, indicators: pa.Table, classifications: pa.Table, registry: dict[str, Any],
                 manifest: dict[str, Any], overwrite: bool = False) -> Path:
    """Write all files to a temporary sibling folder, then move it into place (all or nothing)."""
    check_destination(out, overwrite)  # again at the end: the folder may have changed while the pipeline ran
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".bundle-", dir=out.parent))
    except OSError as exc:
        raise BundleError(f"--out {out}: the bundle folder cannot be created ({exc.strerror}).") from None
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
        _share_with_group(tmp)
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
