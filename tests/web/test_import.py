"""Importing bundles: verified, atomic, idempotent, recorded; broken or tampered bundles change nothing."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from boligmonitor.errors import BundleError
from boligmonitor.runs.bundle import sha256
from boligmonitor.web import models as m
from boligmonitor.web.actions import import_bundle


def counts() -> tuple[int, ...]:
    return (m.Vintage.objects.count(), m.IndicatorValue.objects.count(), m.Classification.objects.count(),
            m.Area.objects.count())


def test_same_bundle_twice_changes_nothing(db: Any, synth_bundle: Path) -> None:
    before = counts()
    result = import_bundle(synth_bundle)
    assert not result.created
    assert counts() == before
    assert m.AuditEvent.objects.filter(action="import_unchanged").exists()


def test_import_records_vintage_rules_and_checksum(db: Any, synth_bundle: Path) -> None:
    v = m.Vintage.objects.get(published=True)
    manifest = json.loads((synth_bundle / "manifest.json").read_text(encoding="utf-8"))
    assert v.rules_version == manifest["rules_version"]
    assert v.synthetic is True
    assert len(v.checksum) == 64
    assert v.minimum_count == manifest["disclosure"]["minimum_count"]
    published_rows = pq.read_table(synth_bundle / "indicators.parquet").num_rows
    assert m.IndicatorValue.objects.filter(vintage=v).count() == published_rows


def _copy(src: Path, tmp_path: Path) -> Path:
    dst = tmp_path / "bundle"
    shutil.copytree(src, dst)
    return dst


def test_tampered_bundle_is_refused_and_changes_nothing(db: Any, synth_bundle: Path, tmp_path: Path) -> None:
    b = _copy(synth_bundle, tmp_path)
    t = pq.read_table(b / "indicators.parquet")
    pq.write_table(t.slice(1), b / "indicators.parquet")  # drop a row; checksum no longer matches
    before = counts()
    with pytest.raises(BundleError, match="checksum does not match"):
        import_bundle(b)
    assert counts() == before
    assert m.AuditEvent.objects.filter(action="import_failed").exists()


def _rewrite_with_checksums(b: Path, table: pa.Table) -> None:
    pq.write_table(table, b / "indicators.parquet")
    manifest = json.loads((b / "manifest.json").read_text(encoding="utf-8"))
    manifest["checksums"]["indicators.parquet"] = sha256(b / "indicators.parquet")
    manifest["note"] = "altered"
    (b / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def test_bundle_publishing_a_small_count_is_refused(db: Any, synth_bundle: Path, tmp_path: Path) -> None:
    """Even with consistent checksums, a published numerator below the minimum never enters the database."""
    b = _copy(synth_bundle, tmp_path)
    t = pq.read_table(b / "indicators.parquet")
    first_published = pc.index(t.column("suppressed"), False).as_py()
    nums = t.column("numerator").to_pylist()
    nums[first_published] = 3.0
    t = t.set_column(t.schema.get_field_index("numerator"), "numerator", pa.array(nums, pa.float64()))
    _rewrite_with_checksums(b, t)
    before = counts()
    with pytest.raises(BundleError, match="below the site's disclosure minimum 5"):
        import_bundle(b)
    assert counts() == before


def test_failure_half_way_leaves_nothing(db: Any, synth_bundle: Path, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    b = _copy(synth_bundle, tmp_path)
    manifest = json.loads((b / "manifest.json").read_text(encoding="utf-8"))
    manifest["note"] = "a different vintage"
    (b / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")

    def boom(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(m.Classification.objects, "bulk_create", boom)
    before = counts()
    with pytest.raises(RuntimeError):
        import_bundle(b)
    assert counts() == before


def test_second_vintage_lives_beside_the_first(db: Any, synth_bundle: Path, tmp_path: Path) -> None:
    b = _copy(synth_bundle, tmp_path)
    manifest = json.loads((b / "manifest.json").read_text(encoding="utf-8"))
    manifest["note"] = "re-delivered"
    (b / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    first = m.Vintage.objects.get(published=True)
    result = import_bundle(b, publish=False)
    assert result.created
    assert m.Vintage.objects.count() == 2
    assert m.Vintage.objects.get(published=True) == first


def test_cli_reports_a_clear_error(db: Any, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="bundle-mappen findes ikke"):  # Danish by default
        call_command("import_bundle", str(tmp_path / "nope"))
    with pytest.raises(CommandError, match="bundle folder not found"):
        call_command("import_bundle", str(tmp_path / "nope"), lang="en")


def _zip(folder: Path) -> io.BytesIO:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for f in folder.iterdir():
            z.write(f, f"bundle/{f.name}")
    buf.seek(0)
    buf.name = "bundle.zip"
    return buf


def test_upload_page_imports_for_admins_only(client_for: Any, synth_bundle: Path, tmp_path: Path) -> None:
    b = _copy(synth_bundle, tmp_path)
    manifest = json.loads((b / "manifest.json").read_text(encoding="utf-8"))
    manifest["note"] = "uploaded"
    (b / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert client_for("analyst").post("/import/", {"bundle": _zip(b)}).status_code == 403
    r = client_for("admin").post("/import.json", {"bundle": _zip(b)})
    assert r.status_code == 200, r.content
    assert r.json()["result"]["created"] is True
    again = client_for("admin").post("/import.json", {"bundle": _zip(b)})
    assert again.json()["result"]["created"] is False


def test_upload_of_garbage_is_a_clear_error(client_for: Any) -> None:
    junk = io.BytesIO(b"not a zip")
    junk.name = "x.zip"
    before = counts()
    r = client_for("admin").post("/import.json?lang=en", {"bundle": junk})
    assert r.status_code == 400
    assert r.json()["error"]["code"] == "bad_request"
    assert "not a zip file" in r.json()["error"]["message"]
    assert counts() == before
