"""Every kind of bad upload: a clear message in the page's language, nothing imported, one audit entry, no file
left behind. Each case alters the session's good bundle in one way; bundle-level alterations re-seal the
checksums, so the refusal comes from the web application's own checks, not from a checksum mismatch."""

from __future__ import annotations

import io
import math
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.test import override_settings

from boligmonitor.web import models as m
from tests.web.bundles import copy_bundle, edit_column, edit_json, first_row, reseal, upload, zip_folder

Builder = Callable[[Path], bytes]


def _bundle(change: Callable[[Path], Any], seal: bool = True) -> Builder:
    def build(b: Path) -> bytes:
        change(b)
        if seal:
            reseal(b, note="altered")
        return zip_folder(b)
    return build


def _published_share(values: list[Any], t: pa.Table, value: Any) -> None:
    values[first_row(t, indicator_id="outside_labour_18_64", suppressed=False)] = value


def _suppressed(values: list[Any], t: pa.Table, value: Any) -> None:
    values[first_row(t, suppressed=True)] = value


def _zip_entries(entries: dict[str, bytes], symlink: str | None = None, encrypted: str | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name)
            if name == symlink:
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
            z.writestr(info, data)
    raw = bytearray(buf.getvalue())
    if encrypted is not None:  # zipfile cannot write encrypted entries: set the flag in the central directory
        at = raw.index(b"PK\x01\x02" + raw[raw.index(b"PK\x01\x02") + 4:][:0])
        while at >= 0:
            length = int.from_bytes(raw[at + 28:at + 30], "little")
            if raw[at + 46:at + 46 + length].decode() == encrypted:
                raw[at + 8] |= 0x1
            at = raw.find(b"PK\x01\x02", at + 46)
    return bytes(raw)


def _files(b: Path, prefix: str = "bundle/") -> dict[str, bytes]:
    return {prefix + f.name: f.read_bytes() for f in sorted(b.iterdir())}


def _bomb(b: Path) -> bytes:
    """A real bundle plus 200 MiB of zeros that pack into a few hundred kB (ratio far above 100)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for f in sorted(b.iterdir()):
            if f.name != "indicators.parquet":
                z.write(f, "bundle/" + f.name)
        with z.open("bundle/indicators.parquet", "w") as out:
            zeros = bytes(1 << 20)
            for _ in range(200):
                out.write(zeros)
    return buf.getvalue()


def _damaged(b: Path) -> bytes:
    data = bytearray(_zip_entries(_files(b)))  # stored, not deflated: the Parquet bytes are there to damage
    i = data.index(b"PAR1") + 100
    data[i:i + 50] = bytes(50)  # the CRC no longer matches
    return bytes(data)


def _small(values: list[Any], t: pa.Table) -> None:
    _published_share(values, t, 3.0)


def _complement(values: list[Any], t: pa.Table) -> None:
    i = first_row(t, indicator_id="outside_labour_18_64", suppressed=False)
    values[i] = t.column("denominator")[i].as_py() - 2.0


def _touch_registry(b: Path) -> None:
    with (b / "registry.json").open("a", encoding="utf-8") as f:
        f.write(" ")


def _drop_criteria(b: Path) -> None:
    pq.write_table(pq.read_table(b / "classifications.parquet").drop_columns(["criteria_json"]),
                   b / "classifications.parquet")


def _member_as_text(b: Path) -> None:
    t = pq.read_table(b / "classifications.parquet")
    i = t.schema.get_field_index("member")
    pq.write_table(t.set_column(i, "member", pa.array([str(x) for x in t.column("member").to_pylist()])),
                   b / "classifications.parquet")


# (kind recorded in the audit log, upload, a phrase of the Danish message, a phrase of the English message)
CASES: list[tuple[str, Builder, str, str]] = [
    ("not_zip", lambda b: b"this is not a zip", "ikke en (hel) zip-fil", "not a zip file"),
    ("empty", lambda b: b"", "filen er tom", "the file is empty"),
    ("not_zip", _damaged, "ikke en (hel) zip-fil", "not a zip file"),
    ("zip_bomb", _bomb, "udpakket ville zip-filen fylde 200 MiB", "unpacked, the zip would take 200 MiB"),
    ("unsafe_path", lambda b: _zip_entries({"../evil/manifest.json": b"{}"}), "uden for bundlen",
     "outside the bundle"),
    ("unsafe_path", lambda b: _zip_entries({"/etc/manifest.json": b"{}"}), "uden for bundlen", "outside the bundle"),
    ("unsafe_path", lambda b: _zip_entries({**_files(b), "bundle/x/registry.json": b"/etc/passwd"},
                                           symlink="bundle/x/registry.json"), "uden for bundlen",
     "outside the bundle"),
    ("encrypted", lambda b: _zip_entries(_files(b), encrypted="bundle/manifest.json"), "krypteret", "encrypted"),
    ("unexpected_file", lambda b: zip_folder(b, extra={"bundle/run.sh": b"rm -rf /"}), "hører til en bundle",
     "not part of a bundle"),
    ("unexpected_file", lambda b: _zip_entries({**_files(b, "a/"), **_files(b, "b/")}), "mere end én bundle",
     "more than one bundle"),
    ("missing_manifest", lambda b: _zip_entries({k: v for k, v in _files(b).items() if "manifest" not in k}),
     "ingen manifest.json", "no manifest.json"),
    ("zip_too_many_entries", lambda b: _zip_entries({f"bundle/{i}.txt": b"" for i in range(30)}), "30 elementer",
     "30 entries"),
    ("checksum_mismatch", _bundle(_touch_registry, seal=False), "kontrolsummen passer ikke",
     "checksum does not match"),
    ("manifest_not_json", lambda b: ((b / "manifest.json").write_text("{oops"), zip_folder(b))[1],
     "ikke gyldig JSON", "not valid JSON"),
    ("wrong_format", _bundle(lambda b: edit_json(b, "manifest.json", lambda d: d.update(bundle_format=2))),
     "bundle-format 2", "bundle format 2"),
    ("no_minimum", _bundle(lambda b: edit_json(b, "manifest.json", lambda d: d["disclosure"].pop("minimum_count"))),
     "ingen diskretionsgrænse", "no disclosure minimum"),
    ("registry_not_json", _bundle(lambda b: (b / "registry.json").write_text("[1, 2", encoding="utf-8")),
     "ikke gyldig JSON", "not valid JSON"),
    ("registry_malformed", _bundle(lambda b: edit_json(b, "registry.json", lambda d: d["areas"][0].pop("name"))),
     "areas[0], kolonne 'name'", "areas[0], column 'name'"),
    ("registry_malformed", _bundle(lambda b: edit_json(b, "registry.json",
                                                       lambda d: d["areas"].append(dict(d["areas"][0])))),
     "står to gange", "appears twice"),
    ("registry_malformed", _bundle(lambda b: edit_json(b, "registry.json",
                                                       lambda d: d["areas"][0].update(name="x" * 300))),
     "1-200 tegn", "1-200 characters"),
    ("parquet_unreadable", _bundle(lambda b: (b / "indicators.parquet").write_bytes(b"PAR1 garbage PAR1")),
     "ikke en læsbar Parquet-fil", "not a readable Parquet file"),
    ("parquet_schema", _bundle(_drop_criteria), "kolonne 'criteria_json': kolonnen mangler",
     "column 'criteria_json': the column is missing"),
    ("parquet_schema", _bundle(_member_as_text), "kolonne 'member': typen er string",
     "column 'member': the type is string"),
    ("missing_values", _bundle(lambda b: edit_column(b, "classifications.parquet", "area_id",
                                                     lambda v, t: v.__setitem__(3, None))),
     "række 4 mangler en værdi", "row 4 lack a value"),
    ("unknown_area", _bundle(lambda b: edit_column(b, "classifications.parquet", "area_id",
                                                   lambda v, t: v.__setitem__(0, "NOWHERE"))),
     "nævner et område som registry.json ikke har", "name an area registry.json does not have"),
    ("category_not_in_force", _bundle(lambda b: edit_column(b, "classifications.parquet", "list_year",
                                                            lambda v, t: v.__setitem__(0, 1999))),
     "var ikke en liste i 1999", "was not a list in 1999"),
    ("criteria_not_json", _bundle(lambda b: edit_column(b, "classifications.parquet", "criteria_json",
                                                        lambda v, t: v.__setitem__(2, "[{oops"))),
     "række 3, kolonne 'criteria_json': ikke gyldig JSON", "row 3, column 'criteria_json': not valid JSON"),
    ("small_count", _bundle(lambda b: edit_column(b, "indicators.parquet", "numerator", _small)),
     "under sidens diskretionsgrænse 5", "below the site's disclosure minimum 5"),
    ("small_count", _bundle(lambda b: edit_column(b, "indicators.parquet", "numerator", _complement)),
     "nævner minus tæller er under", "denominator minus numerator is below"),
    ("suppressed_with_numbers", _bundle(lambda b: edit_column(b, "indicators.parquet", "numerator",
                                                              lambda v, t: _suppressed(v, t, 12.0))),
     "skjult men indeholder et tal", "suppressed but carries a number"),
    ("suppressed_without_reason", _bundle(lambda b: edit_column(b, "indicators.parquet", "suppression",
                                                                lambda v, t: _suppressed(v, t, None))),
     "skjult uden en begrundelse", "suppressed without a reason"),
    ("not_finite", _bundle(lambda b: edit_column(b, "indicators.parquet", "value",
                                                 lambda v, t: _published_share(v, t, math.nan))),
     "NaN eller uendelig", "NaN or an infinite value"),
    ("not_finite", _bundle(lambda b: edit_column(b, "indicators.parquet", "denominator",
                                                 lambda v, t: _published_share(v, t, math.inf))),
     "NaN eller uendelig", "NaN or an infinite value"),
    ("missing_counts", _bundle(lambda b: edit_column(b, "indicators.parquet", "denominator",
                                                     lambda v, t: _published_share(v, t, None))),
     "uden nævneren bag den", "without the denominator behind it"),
    ("unknown_indicator", _bundle(lambda b: edit_column(b, "indicators.parquet", "indicator_id",
                                                        lambda v, t: v.__setitem__(0, "made_up_share"))),
     "findes ikke i denne versions katalog", "not in this version's catalogue"),
]


def _counts() -> tuple[int, ...]:
    return (m.Vintage.objects.count(), m.IndicatorValue.objects.count(), m.Classification.objects.count(),
            m.Area.objects.count(), m.Membership.objects.count())


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize(("kind", "build", "da", "en"), CASES, ids=[f"{i:02d}-{c[0]}" for i, c in enumerate(CASES)])
def test_bad_upload_is_refused_clearly_and_audited(client_for: Any, synth_bundle: Path, tmp_path: Path, kind: str,
                                                   build: Builder, da: str, en: str, lang: str) -> None:
    data = build(copy_bundle(synth_bundle, tmp_path / "b"))
    uploads_dir = tmp_path / "uploads"
    admin = client_for("admin")
    before, last_event = _counts(), m.AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    with override_settings(UPLOAD_DIR=uploads_dir):
        r = admin.post(f"/import.json?lang={lang}", {"bundle": upload(data, "levering.zip")})
    assert r.status_code == 400, r.content
    error = r.json()["error"]
    assert error["reason"] == kind
    assert (da if lang == "da" else en) in error["message"]
    assert ("Intet blev importeret" if lang == "da" else "Nothing was imported") in error["message"]
    assert "Traceback" not in error["message"]
    assert _counts() == before
    events = list(m.AuditEvent.objects.filter(id__gt=last_event).values_list("action", "detail"))
    assert [(a, d["reason"]) for a, d in events] == [("import_failed", kind)]
    assert "levering.zip" in events[0][1]["source"]
    assert not uploads_dir.exists() or list(uploads_dir.iterdir()) == []  # the work folder is gone


def test_the_html_page_shows_the_refusal_in_the_pages_language(client_for: Any) -> None:
    admin = client_for("admin")
    da = admin.post("/import/", {"bundle": upload(b"junk")})
    en = admin.post("/import/?lang=en", {"bundle": upload(b"junk")})
    assert da.status_code == en.status_code == 400
    assert "ikke en (hel) zip-fil" in da.content.decode() and "not a zip file" in en.content.decode()


def test_a_form_without_a_file_is_refused_and_audited(client_for: Any) -> None:
    r = client_for("admin").post("/import.json?lang=en", {})
    assert r.status_code == 400 and r.json()["error"]["reason"] == "no_file"
    assert m.AuditEvent.objects.filter(action="import_failed", detail__reason="no_file").count() == 1


def test_two_files_are_refused_and_nothing_stays_on_disk(client_for: Any, tmp_path: Path) -> None:
    with override_settings(UPLOAD_DIR=tmp_path / "up"):
        r = client_for("admin").post("/import.json", {"bundle": [upload(b"a" * 10, "a.zip"), upload(b"b", "b.zip")]})
    assert r.status_code == 400 and r.json()["error"]["reason"] == "too_many_files"
    assert list((tmp_path / "up").iterdir()) == []
    assert m.AuditEvent.objects.filter(action="import_failed", detail__reason="too_many_files").count() == 1
