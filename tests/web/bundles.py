"""Altered copies of the session's bundle, for import tests: change a file, then (optionally) re-seal the
checksums so that only the web application's own checks stand between the alteration and the database."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from boligmonitor.runs.bundle import FILES, sha256


def copy_bundle(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


def reseal(b: Path, note: str | None = None) -> Path:
    """New checksums for every file (and optionally a note, so that the bundle is a new vintage)."""
    manifest = json.loads((b / "manifest.json").read_text(encoding="utf-8"))
    manifest["checksums"] = {name: sha256(b / name) for name in FILES}
    if note is not None:
        manifest["note"] = note
    (b / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return b


def edit_json(b: Path, name: str, change: Callable[[Any], Any]) -> Path:
    """``change`` edits the parsed JSON in place (what it returns is ignored)."""
    data = json.loads((b / name).read_text(encoding="utf-8"))
    change(data)
    (b / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return b


def edit_column(b: Path, name: str, column: str, change: Callable[[list[Any], pa.Table], None]) -> Path:
    """Change one column of a Parquet file in place (``change`` edits the Python list), keeping its type."""
    t = pq.read_table(b / name)
    values = t.column(column).to_pylist()
    change(values, t)
    i = t.schema.get_field_index(column)
    t = t.set_column(i, t.schema.field(i), pa.array(values, t.schema.field(i).type))
    pq.write_table(t, b / name)
    return b


def first_row(t: pa.Table, **where: Any) -> int:
    """Index of the first row whose columns equal ``where`` (as Python values)."""
    cols = {k: t.column(k).to_pylist() for k in where}
    return next(i for i in range(t.num_rows) if all(cols[k][i] == v for k, v in where.items()))


def zip_folder(b: Path, prefix: str = "bundle/", extra: dict[str, bytes] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for f in sorted(b.iterdir()):
            z.write(f, prefix + f.name)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buf.getvalue()


def upload(data: bytes, name: str = "bundle.zip") -> io.BytesIO:
    f = io.BytesIO(data)
    f.name = name
    return f
