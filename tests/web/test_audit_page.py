"""The audit log as administrators read it: every action and detail worded in Danish and English, filtered by
action, user and days, in pages."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from boligmonitor.web import audit_text
from boligmonitor.web import models as m
from boligmonitor.web.actions import audit

SOURCES = Path(__file__).resolve().parents[2] / "boligmonitor"


def test_every_action_the_code_records_has_a_wording() -> None:
    recorded = set()
    for path in SOURCES.rglob("*.py"):
        recorded |= set(re.findall(r'audit\(\s*"([a-z_]+)"', path.read_text(encoding="utf-8")))
    assert len(recorded) > 10
    assert sorted(recorded - audit_text.ACTIONS.keys()) == []
    for action, text in audit_text.ACTIONS.items():
        assert text.da and text.en, action


def test_actions_and_details_are_shown_in_the_readers_language(client_for: Any) -> None:
    audit("import_failed", None, source="bundle.zip", reason="too_large", error="the file is too large",
          error_da="filen er for stor")
    admin = client_for("admin")
    da = admin.get("/audit/?action=import_failed").content.decode()
    assert "Import afvist" in da and "filen er for stor" in da and "Kilde" in da
    assert "the file is too large" not in da
    en = admin.get("/audit/?action=import_failed&lang=en").content.decode()
    assert "Import refused" in en and "the file is too large" in en and "Source" in en
    data = admin.get("/audit.json?action=import_failed").json()
    assert data["total"] == 1 and data["events"][0]["detail"]["reason"] == "too_large"


def test_filter_and_pages(client_for: Any) -> None:
    for i in range(audit_text.PAGE_SIZE + 5):
        audit("export", None, file=f"f{i}.csv", what="lists")
    audit("publish", None, vintage=1)
    admin = client_for("admin")
    first = admin.get("/audit.json?action=export").json()
    assert first["total"] == audit_text.PAGE_SIZE + 5 and first["pages"] == 2
    assert len(first["events"]) == audit_text.PAGE_SIZE and {e["action"] for e in first["events"]} == {"export"}
    second = admin.get("/audit.json?action=export&page=2").json()
    assert len(second["events"]) == 5
    shown = {e["detail"]["file"] for e in first["events"] + second["events"]}
    assert len(shown) == audit_text.PAGE_SIZE + 5  # every event once, none twice
    assert admin.get("/audit.json?action=export&page=3").status_code == 400
    assert admin.get("/audit.json?from=30-11-2026").status_code == 400
    assert admin.get("/audit.json?from=2000-01-01&to=2000-01-02").json()["total"] == 0
    m.AuditEvent.objects.filter(pk=m.AuditEvent.objects.filter(action="publish").first().pk).update(
        username="someone")  # the newest publish event: the one above
    assert admin.get("/audit.json?user=someone").json()["total"] == 1
    page = admin.get("/audit/?action=export").content.decode()
    assert 'rel="next"' in page and "page=2" in page and "action=export" in page


def test_entries_of_earlier_versions_are_shown_in_danish_or_marked_as_english(client_for: Any) -> None:
    """Before refusals carried error_da, a refused import stored the exception's English message (str(exc)) as
    ``error``; the first web version stored 'not a zip file' for an upload that was no zip. Entries are never
    rewritten, so the page words them: Danish from the message catalogue, else the English original, marked."""
    m.AuditEvent.objects.create(username="chef", action="import_failed", detail={
        "source": "/srv/levering", "error": "/srv/levering: manifest.json is missing; this is not a complete bundle."})
    m.AuditEvent.objects.create(username="chef", action="import_failed", detail={
        "source": "levering.zip", "error": "not a zip file"})
    m.AuditEvent.objects.create(username="chef", action="import_failed", detail={
        "source": "b", "reason": "internal_error", "error": "KeyError"})
    admin = client_for("admin")
    lines = {e["detail"]["source"]: next(d for d in e["detail_lines"] if d["label"] == "Fejl")
             for e in admin.get("/audit.json?action=import_failed").json()["events"]}
    assert lines["/srv/levering"] == {"label": "Fejl", "value": "/srv/levering: manifest.json mangler; dette er ikke "
                                                                "et komplet bundt."}
    assert lines["levering.zip"]["value"] == "not a zip file" and lines["levering.zip"]["original"] == "en"
    assert lines["b"] == {"label": "Fejl", "value": "KeyError"}  # a class name, not a sentence: as stored
    page = admin.get("/audit/?action=import_failed").content.decode()
    assert "manifest.json mangler" in page and "manifest.json is missing" not in page
    assert '<span lang="en">not a zip file</span> <small class="original">(engelsk original' in page
    english = admin.get("/audit.json?action=import_failed&lang=en").json()["events"]
    shown = {e["detail"]["source"]: next(d for d in e["detail_lines"] if d["label"] == "Error") for e in english}
    assert shown["/srv/levering"]["value"].endswith("this is not a complete bundle.")
    assert "original" not in shown["levering.zip"]  # English on an English page is no note
