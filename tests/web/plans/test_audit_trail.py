"""Every change of a plan is in the audit log: each step of a signed agreement's life through the one writer (a
section saved, a revision edited, proposed and approved, an annual report started, edited, submitted and approved,
an attachment added and removed) leaves an audit event naming the plan, the change and who made it; and every
saved version of the plan has its event."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from boligmonitor.web import models as m
from boligmonitor.web.plans import actions
from boligmonitor.web.plans import models as pm
from tests.web.plans import factories as f


def _events(plan: pm.Plan) -> list[m.AuditEvent]:
    return list(m.AuditEvent.objects.filter(detail__plan=plan.pk).order_by("id"))


def test_every_change_of_a_plan_is_audited(db: Any) -> None:
    editor, board = f.editor_of_plan_area(), f.board()
    ed, bd = f.viewer(editor), f.viewer(board)
    plan = f.create(f.agreement_doc(status="signed"), by=editor)
    assert [e.action for e in _events(plan)] == ["plan_create"]

    def step(action: str, who: Any, change: Callable[[pm.Plan], pm.Plan], **detail: Any) -> pm.Plan:
        before = len(_events(plan))
        changed = change(plan)
        new = _events(plan)[before:]
        match = [e for e in new if e.action == action and all(e.detail.get(k) == v for k, v in detail.items())]
        assert match, (action, [(e.action, e.detail) for e in new])
        assert match[0].user_id == who.pk
        return changed

    def budget(doc: dict[str, Any]) -> None:
        doc["budget"][0]["spent"] = 500000

    def vision(doc: dict[str, Any]) -> None:
        doc["vision"] = "En ny vision"

    plan = step("plan_update", editor, lambda p: actions.update(p, "budget", budget, ed, editor), section="budget")
    plan = step("plan_revision_edit", editor, lambda p: actions.update(p, "texts", vision, ed, editor),
                section="texts")
    plan = step("plan_revision_propose", editor, lambda p: actions.propose_revision(p, "Ny vision", ed, editor))
    plan = step("plan_revision_approved", board, lambda p: actions.decide_revision(p, True, bd, board))
    year = plan.document["period"]["start"][:4]
    plan = step("plan_update", editor, lambda p: actions.start_report(p, int(year), ed, editor), section="reports")
    plan = step("plan_update", editor, lambda p: actions.edit_report(p, int(year), "Året gik godt", {}, ed, editor),
                section="reports")
    plan = step("plan_report", editor, lambda p: actions.transition_report(p, int(year), "submitted", ed, editor),
                status="submitted")
    plan = step("plan_report", board, lambda p: actions.transition_report(p, int(year), "approved", bd, board),
                status="approved")
    pdf = io.BytesIO(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    row = actions.add_attachment(plan, "beredskabsplan", "Beredskabsplan", pdf, "beredskab.pdf", ed, editor)
    assert [e.action for e in _events(plan)][-2:] == ["plan_update", "plan_attachment"]
    plan = pm.Plan.objects.get(pk=plan.pk)
    before = len(_events(plan))
    actions.delete_attachment(plan, row.pk, ed, editor)
    assert "plan_attachment_delete" in [e.action for e in _events(plan)[before:]]
    plan = pm.Plan.objects.get(pk=plan.pk)

    # every saved version (the working copies of the revision too) has an event at or after it
    events = _events(plan)
    for version in plan.versions.order_by("number"):
        assert any(e.at >= version.saved_at for e in events), (version.number, version.action)
    assert plan.versions.count() >= 10 and len(events) >= plan.versions.count()
