"""Attached documents: the type is read from the bytes and must match the name, the size is bounded while the body
streams, files live outside the web root under random names and are served only to those who may read the plan;
a refused upload leaves nothing behind."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.test import Client, override_settings

from boligmonitor.web import models as m
from boligmonitor.web.plans import actions, storage
from boligmonitor.web.plans import models as pm
from tests.web.plans import factories as f

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<document/>")
    return buf.getvalue()


def _upload(data: bytes, name: str) -> io.BytesIO:
    fh = io.BytesIO(data)
    fh.name = name
    return fh


@pytest.fixture
def home(tmp_path: Path) -> Any:
    with override_settings(PLAN_ATTACHMENT_DIR=tmp_path / "att", PLAN_ATTACHMENT_MAX_BYTES=64 * 1024,
                           UPLOAD_DIR=tmp_path / "up"):
        yield tmp_path / "att"


def _status(c: Client, url: str) -> int:
    """GET and read to the end: the test client then closes a file response itself, with the database connection
    kept (calling close() directly fires request_finished, which closes the test's connection on PostgreSQL)."""
    r = c.get(url)
    if r.streaming:
        b"".join(r.streaming_content)
    return int(r.status_code)


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def _post(c: Client, plan: pm.Plan, data: bytes, name: str, kind: str = "beredskabsplan") -> Any:
    plan.refresh_from_db()
    return c.post(f"/plans/{plan.pk}/attachments/", {"kind": kind, "title": "Plan", "version": plan.version,
                                                     "file": _upload(data, name)})


def test_upload_checks_type_stores_outside_and_names_it_in_the_plan(db: Any, home: Path) -> None:
    editor = f.editor_of_plan_area()
    plan = f.create(f.agreement_doc(), by=editor)
    c = f.client(editor)
    r = _post(c, plan, PDF, "Beredskabsplan æøå.pdf")
    assert r.status_code == 302, r.content.decode()[:2000]
    row = pm.PlanAttachment.objects.get(plan=plan)
    assert row.file_type == "pdf" and row.file_name == "Beredskabsplan æøå.pdf" and row.size == len(PDF)
    stored = home / row.stored_name
    assert stored.read_bytes() == PDF and "æ" not in row.stored_name  # our own random name
    plan.refresh_from_db()
    assert {"kind": "beredskabsplan", "title": "Plan", "file_name": "Beredskabsplan æøå.pdf"} in \
        plan.document["attachments"]
    got = c.get(f"/plans/{plan.pk}/attachments/{row.pk}")
    assert got.status_code == 200 and b"".join(got.streaming_content) == PDF  # read to the end: closed
    assert got["Content-Type"] == "application/pdf" and "attachment" in got["Content-Disposition"]
    assert _post(c, plan, _docx(), "kommissorium.docx", "kommissorium").status_code == 302
    assert m.AuditEvent.objects.filter(action="plan_attachment", detail__plan=plan.pk).count() == 2
    # checks of the period see the documents now
    checks = {x["code"] for x in c.get(f"/plans/{plan.pk}.json").json()["checks"]}
    assert "document_missing" not in checks or all(
        "Beredskabsplan" not in x["text"]["da"] for x in c.get(f"/plans/{plan.pk}.json").json()["checks"])


@pytest.mark.parametrize(("data", "name", "status", "words"), [
    (b"just text, not a pdf", "falsk.pdf", 415, "ikke en PDF-fil"),
    (PDF, "script.exe", 415, "filtypen er ikke tilladt"),
    (PDF, "rapport.docx", 415, "ikke en DOCX-fil"),
    (b"PK\x03\x04 broken zip", "regneark.xlsx", 415, "ikke en XLSX-fil"),
    (b"", "tom.pdf", 400, "er tom"),  # Django's own check of the form, in Danish
])
def test_refused_uploads_leave_nothing(db: Any, home: Path, data: bytes, name: str, status: int, words: str) -> None:
    editor = f.editor_of_plan_area()
    plan = f.create(f.agreement_doc(), by=editor)
    before = (plan.version, plan.document)
    r = _post(f.client(editor), plan, data, name)
    assert r.status_code == status, r.content.decode()[:1500]
    assert words in r.content.decode() and "Intet blev gemt" in r.content.decode()
    assert _files(home) == [] and not pm.PlanAttachment.objects.exists()
    plan.refresh_from_db()
    assert (plan.version, plan.document) == before
    assert m.AuditEvent.objects.filter(action="plan_attachment_refused").exists()


def test_too_large_is_refused_while_streaming(db: Any, home: Path) -> None:
    editor = f.editor_of_plan_area()
    plan = f.create(f.agreement_doc(), by=editor)
    r = _post(f.client(editor), plan, PDF + b"0" * (65 * 1024), "stor.pdf")
    assert r.status_code == 413 and "64 KiB" not in r.content.decode()
    assert "større end grænsen" in r.content.decode()
    assert _files(home) == [] and not pm.PlanAttachment.objects.exists()


def test_only_editors_upload_and_only_readers_download(db: Any, home: Path) -> None:
    editor = f.editor_of_plan_area()
    plan = f.create(f.agreement_doc(), by=editor)
    assert _post(f.client(editor), plan, PDF, "plan.pdf").status_code == 302
    row = pm.PlanAttachment.objects.get(plan=plan)
    url = f"/plans/{plan.pk}/attachments/{row.pk}"
    for role in ("board", "analyst"):
        u = m.Profile.objects.get(user__username=role).user
        assert _post(f.client(u), plan, PDF, "x.pdf").status_code == 403, role  # not an editor of this plan
        assert _status(f.client(u), url) == 200, role  # but they read the plan
    outsider = f.user("org-udenfor", "organisation", org_id="NOT-AN-OWNER")
    assert _status(f.client(outsider), url) == 404  # as if the plan did not exist
    assert _status(Client(), url) in (302, 404)
    assert pm.PlanAttachment.objects.count() == 1 and len(_files(home)) == 1
    # published, the public may read it too
    actions.update(plan, "basics", lambda d: d.update(status="signed", published=True), f.viewer(editor), editor)
    assert _status(Client(), url) == 200


def test_delete_removes_file_row_and_name(db: Any, home: Path) -> None:
    editor = f.editor_of_plan_area()
    plan = f.create(f.agreement_doc(), by=editor)
    c = f.client(editor)
    assert _post(c, plan, PDF, "plan.pdf").status_code == 302
    row = pm.PlanAttachment.objects.get(plan=plan)
    plan.refresh_from_db()
    r = c.post(f"/plans/{plan.pk}/attachments/{row.pk}", {"do": "delete", "version": plan.version})
    assert r.status_code == 302
    plan.refresh_from_db()
    assert _files(home) == [] and not pm.PlanAttachment.objects.exists()
    assert not any(a.get("file_name") == "plan.pdf" for a in plan.document["attachments"])


def test_stored_names_are_never_paths(db: Any) -> None:
    with pytest.raises(ValueError):
        storage.path_of("../web.sqlite3")
    with pytest.raises(ValueError):
        storage.path_of(".hidden")
