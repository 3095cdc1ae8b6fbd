"""The plans' one writer: validated as a whole, within scope, all or nothing, audited; revisions of a signed
agreement wait for the board; the annual report's workflow only moves the way the roles allow."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from boligmonitor.web import models as m
from boligmonitor.web.plans import actions
from boligmonitor.web.plans import models as pm
from boligmonitor.web.plans.messages import PlanRefused
from tests.web.plans import factories as f


def _snapshot(plan: pm.Plan) -> tuple[Any, ...]:
    plan.refresh_from_db()
    return (copy.deepcopy(plan.document), plan.pending, plan.version, plan.versions.count(),
            sorted(plan.area_rows.values_list("area_id", flat=True)))


def test_create_stores_document_index_version_and_audit(db: Any) -> None:
    plan = f.create(f.agreement_doc())
    area = f.plan_area()
    assert plan.kind == "agreement" and plan.key == "aftale-test" and plan.status == "draft"
    assert plan.municipality_code == area.municipality_code
    assert list(plan.area_rows.values_list("area_id", flat=True)) == [area.area_id]
    assert set(area.org_ids) <= set(plan.org_rows.values_list("org_id", flat=True))
    assert plan.versions.count() == 1 and plan.versions.get().action == "create"
    assert m.AuditEvent.objects.filter(action="plan_create", detail__plan=plan.pk).exists()
    assert plan.published is False


def test_create_outside_the_creators_scope_is_refused(db: Any) -> None:
    other = m.Municipality.objects.filter(vintage=f.vintage()).exclude(
        code=f.plan_area().municipality_code).first()
    assert other is not None
    outsider = f.user("kommune-anden", "municipality", municipality_code=other.code)
    with pytest.raises(PlanRefused) as exc:
        f.create(f.agreement_doc(), by=outsider)
    assert exc.value.status == 403 and "egen kommune" in exc.value.pick("da")
    assert not pm.Plan.objects.exists()
    analyst = m.Profile.objects.get(user__username="analyst").user
    with pytest.raises(PlanRefused):
        f.create(f.agreement_doc(), by=analyst)  # analysts read, never write


def test_duplicate_key_is_refused_and_nothing_saved(db: Any) -> None:
    f.create(f.agreement_doc())
    with pytest.raises(PlanRefused) as exc:
        f.create(f.agreement_doc(title="En anden"))
    assert exc.value.status == 409 and "aftale-test" in exc.value.pick("da")
    assert pm.Plan.objects.count() == 1 and pm.PlanVersion.objects.count() == 1


def test_an_invalid_change_saves_nothing_and_says_where(db: Any) -> None:
    editor = f.editor_of_plan_area()
    plan = f.create(f.agreement_doc(), by=editor)
    before = _snapshot(plan)

    def bad(doc: dict[str, Any]) -> None:
        doc["title"] = "Ny titel"  # a valid change that must not survive the invalid one next to it
        doc["budget"][0]["amount"] = -5
        doc["milestones"][0]["due"] = "31-12-2024"

    with pytest.raises(PlanRefused) as exc:
        actions.update(plan, "budget", bad, f.viewer(editor), editor, expected_version=plan.version)
    assert _snapshot(plan) == before
    locs = [tuple(e["loc"]) for e in exc.value.errors]
    assert ("budget", 0, "amount") in locs and ("milestones", 0, "due") in locs
    da, en = exc.value.pick("da"), exc.value.pick("en")
    assert "budget[0].amount: beløb: skal være mindst 0" in da and "Intet blev gemt" in da
    assert "amount: must be at least 0" in en and "Nothing was saved" in en


def test_a_form_from_an_older_version_is_refused(db: Any) -> None:
    editor = f.editor_of_plan_area()
    plan = f.create(f.agreement_doc(), by=editor)
    old = plan.version
    actions.update(plan, "texts", lambda d: d.update(vision="Første"), f.viewer(editor), editor,
                   expected_version=old)
    with pytest.raises(PlanRefused) as exc:
        actions.update(plan, "texts", lambda d: d.update(vision="Anden"), f.viewer(editor), editor,
                       expected_version=old)
    assert exc.value.status == 409
    plan.refresh_from_db()
    assert plan.document["vision"] == "Første"


def test_board_and_analyst_may_not_edit(db: Any) -> None:
    plan = f.create(f.agreement_doc())
    for u in (f.board(), m.Profile.objects.get(user__username="analyst").user):
        with pytest.raises(PlanRefused) as exc:
            actions.update(plan, "texts", lambda d: d.update(vision="x"), f.viewer(u), u)
        assert exc.value.status == 403
    plan.refresh_from_db()
    assert plan.document["vision"] == "Visionen"


def _signed(editor: Any) -> pm.Plan:
    plan = f.create(f.agreement_doc(), by=editor)
    return actions.update(plan, "basics", lambda d: d.update(status="signed"), f.viewer(editor), editor)


def test_a_signed_agreement_changes_only_through_an_approved_revision(db: Any) -> None:
    editor, board = f.editor_of_plan_area(), f.board()
    plan = _signed(editor)
    plan = actions.update(plan, "texts", lambda d: d.update(vision="Ny vision"), f.viewer(editor), editor)
    assert plan.document["vision"] == "Visionen"  # still the agreement in force
    assert plan.pending["vision"] == "Ny vision" and plan.pending_state == "editing"
    # meanwhile the running plan is kept up to date directly, and that survives the revision
    plan = actions.update(plan, "milestones", lambda d: d["milestones"][0].update(status="done"),
                          f.viewer(editor), editor)
    with pytest.raises(PlanRefused):
        actions.propose_revision(plan, "  ", f.viewer(editor), editor)  # a revision needs its reason
    with pytest.raises(PlanRefused) as early:
        actions.decide_revision(plan, True, f.viewer(board), board)  # nothing proposed yet
    assert early.value.status == 409
    plan = actions.propose_revision(plan, "Ny vision efter seminaret", f.viewer(editor), editor)
    with pytest.raises(PlanRefused) as blocked:
        actions.update(plan, "texts", lambda d: d.update(vision="Tredje"), f.viewer(editor), editor)
    assert blocked.value.status == 409  # the board decides first
    with pytest.raises(PlanRefused) as not_board:
        actions.decide_revision(plan, True, f.viewer(editor), editor)
    assert not_board.value.status == 403
    plan = actions.decide_revision(plan, True, f.viewer(board), board)
    assert plan.document["vision"] == "Ny vision" and plan.pending is None
    assert plan.document["milestones"][0]["status"] == "done"
    rev = plan.document["revisions"][-1]
    assert rev["status"] == "approved" and rev["approved_by"] == "board" and rev["why"] == "Ny vision efter seminaret"
    last = plan.versions.order_by("-number").first()
    assert last.in_force and last.action.endswith(":approved") and last.username == "board"
    assert m.AuditEvent.objects.filter(action="plan_revision_approved", detail__plan=plan.pk).exists()


def test_a_rejected_revision_is_recorded_and_changes_nothing(db: Any) -> None:
    editor, board = f.editor_of_plan_area(), f.board()
    plan = _signed(editor)
    plan = actions.update(plan, "texts", lambda d: d.update(vision="Ny vision"), f.viewer(editor), editor)
    plan = actions.propose_revision(plan, "Forslag", f.viewer(editor), editor)
    plan = actions.decide_revision(plan, False, f.viewer(board), board)
    assert plan.document["vision"] == "Visionen" and plan.pending is None
    assert plan.document["revisions"][-1]["status"] == "rejected"


def test_annual_report_workflow_follows_the_roles(db: Any) -> None:
    editor, board = f.editor_of_plan_area(), f.board()
    plan = f.create(f.agreement_doc(), by=editor)
    year = plan.document["baseline_year"] + 1
    plan = actions.start_report(plan, year, f.viewer(editor), editor)
    report = plan.document["reports"][0]
    assert report["status"] == "draft" and [a["activity"] for a in report["activities"]] == ["jobcafe"]
    with pytest.raises(PlanRefused) as skip:
        actions.transition_report(plan, year, "approved", f.viewer(board), board)  # not submitted yet
    assert skip.value.status == 409
    plan = actions.edit_report(plan, year, "Året gik godt", {"jobcafe": ("running", "Åben to dage om ugen")},
                               f.viewer(editor), editor)
    plan = actions.transition_report(plan, year, "submitted", f.viewer(editor), editor)
    with pytest.raises(PlanRefused):
        actions.edit_report(plan, year, "Ændret bagefter", {}, f.viewer(editor), editor)  # locked once submitted
    with pytest.raises(PlanRefused) as own:
        actions.transition_report(plan, year, "approved", f.viewer(editor), editor)  # the board approves
    assert own.value.status == 403
    plan = actions.transition_report(plan, year, "approved", f.viewer(board), board)
    with pytest.raises(PlanRefused):
        actions.transition_report(plan, year, "reported", f.viewer(board), board)  # editors report to LBF
    plan = actions.transition_report(plan, year, "reported", f.viewer(editor), editor)
    r = plan.document["reports"][0]
    assert r["status"] == "reported" and r["approved_by"] == "board" and r["submitted"] and r["reported"]
    assert r["narrative"] == "Året gik godt" and r["activities"][0]["narrative"] == "Åben to dage om ugen"
    statuses = list(m.AuditEvent.objects.filter(action="plan_report").order_by("id")
                    .values_list("detail__status", flat=True))
    assert statuses == ["submitted", "approved", "reported"]


def test_the_board_may_send_a_report_back(db: Any) -> None:
    editor, board = f.editor_of_plan_area(), f.board()
    plan = f.create(f.agreement_doc(), by=editor)
    year = plan.document["baseline_year"] + 1
    plan = actions.start_report(plan, year, f.viewer(editor), editor)
    plan = actions.transition_report(plan, year, "submitted", f.viewer(editor), editor)
    plan = actions.transition_report(plan, year, "draft", f.viewer(board), board)
    assert plan.document["reports"][0]["status"] == "draft" and plan.document["reports"][0]["submitted"] is None
