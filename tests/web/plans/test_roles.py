"""Every role on every plan page, JSON twin, document and API endpoint: what it may read, edit and approve.

The expectations are worked out here from the roles' scopes and the registry (not from plans/access.py): a draft
agreement for the board's area, and a published strategy for the first statutory area's municipality."""

from __future__ import annotations

from typing import Any

import pytest

from boligmonitor.web import models as m
from boligmonitor.web.plans import actions
from tests.web.conftest import ROLES
from tests.web.plans import factories as f


def _orgs_owning(area_id: str) -> set[str]:
    afd = m.Membership.objects.filter(vintage=f.vintage(), area_id=area_id).values_list("afdeling_id", flat=True)
    return set(m.Afdeling.objects.filter(vintage=f.vintage(), afdeling_id__in=list(afd))
               .values_list("org_id", flat=True))


def _in_scope(role: str, municipality: int, areas: set[str], orgs: set[str]) -> bool:
    profile = m.Profile.objects.filter(user__username=role).first()
    if profile is None:
        return False
    if role == "municipality":
        return profile.municipality_code == municipality
    if role == "organisation":
        return profile.org_id in orgs
    if role == "board":
        return bool(set(profile.area_ids) & areas)
    return role in ("analyst", "admin")


@pytest.fixture
def plans(db: Any) -> dict[str, Any]:
    h, s = f.plan_area(), f.statutory_area()
    draft = f.create(f.agreement_doc(key="udkast"))
    strategy_doc = f.strategy_doc(key="offentlig", status="published")
    admin = m.Profile.objects.get(user__username="admin").user
    published = f.create(strategy_doc, by=admin)
    year = draft.document["baseline_year"] + 1
    editor = f.editor_of_plan_area()
    actions.start_report(draft, year, f.viewer(editor), editor)
    return {
        "draft": (draft, h.municipality_code, {h.area_id}, _orgs_owning(h.area_id) | {
            p["org_id"] for p in draft.document["parties"] if p.get("org_id")}, year),
        "published": (published, s.municipality_code, {s.area_id}, _orgs_owning(s.area_id), None),
    }


def _urls(pid: int, fa: str, year: int | None) -> dict[str, list[str]]:
    read = [f"/plans/{pid}/", f"/plans/{pid}.json", f"/plans/{pid}.yaml", f"/plans/{pid}/focus/{fa}/",
            f"/plans/{pid}/focus/{fa}.json", f"/plans/{pid}/attachments/", f"/plans/{pid}/attachments.json",
            f"/api/plans/{pid}", f"/api/plans/{pid}/goals", f"/api/plans/{pid}/file"]
    internal = [f"/plans/{pid}/revisions/", f"/plans/{pid}/revisions.json"]
    if year is not None:
        internal += [f"/plans/{pid}/reports/{year}/", f"/plans/{pid}/reports/{year}.json",
                     f"/api/plans/{pid}/reports/{year}"]
    edit = [f"/plans/{pid}/edit/texts/", f"/plans/{pid}/edit/texts.json", f"/plans/{pid}/edit/basics/",
            f"/plans/{pid}/focus/{fa}/edit/goals/"]
    return {"read": read, "internal": internal, "edit": edit}


@pytest.mark.parametrize("role", ROLES)
def test_plan_role_matrix(client_for: Any, plans: dict[str, Any], role: str) -> None:
    c = client_for(role)
    for name, (plan, municipality, areas, orgs, year) in plans.items():
        scope = _in_scope(role, municipality, areas, orgs)
        reads = plan.published or scope or role in ("analyst", "admin")
        internals = role != "public" and (scope or role in ("analyst", "admin"))
        edits = role == "admin" or (role in ("municipality", "organisation") and scope)
        fa = plan.document["focus_areas"][0]["key"]
        urls = _urls(plan.pk, fa, year)
        for url in urls["read"]:
            got = c.get(url).status_code
            assert got == (200 if reads else 404), (role, name, url, got)
        for url in urls["internal"]:
            got = c.get(url).status_code
            assert got == (200 if internals else 404), (role, name, url, got)
        for url in urls["edit"]:
            got = c.get(url).status_code
            if edits:
                expected = 200
            elif not reads:
                expected = 404  # a plan one may not read does not exist for one
            elif role == "public":
                expected = 403 if url.endswith(".json") else 302  # to the login page
            else:
                expected = 403
            assert got == expected, (role, name, url, got)
    listed = {p["id"] for p in c.get("/plans.json").json()["plans"]}
    api = {p["id"] for p in c.get("/api/plans").json()["plans"]}
    expected_list = {plan.pk for plan, mun, areas, orgs, _ in plans.values()
                     if plan.published or _in_scope(role, mun, areas, orgs) or role in ("analyst", "admin")}
    assert listed == api == expected_list, role
    creates = role in ("municipality", "organisation", "admin")
    got = c.get("/plans/new/").status_code
    assert got == (200 if creates else 302 if role == "public" else 403), (role, got)


def test_a_plan_one_may_not_read_answers_as_one_that_does_not_exist(client_for: Any, plans: dict[str, Any]) -> None:
    draft = plans["draft"][0]
    c = client_for("public")
    for url in (f"/plans/{draft.pk}.json", f"/api/plans/{draft.pk}"):
        hidden = c.get(url)
        missing = c.get(url.replace(str(draft.pk), "999999"))
        assert hidden.status_code == missing.status_code == 404
        assert hidden.content.decode().replace(str(draft.pk), "999999") == missing.content.decode()
        assert draft.key not in hidden.content.decode()


def test_the_public_sees_no_drafts_of_a_published_plan(client_for: Any, plans: dict[str, Any]) -> None:
    draft = plans["draft"][0]
    editor = f.editor_of_plan_area()
    plan = actions.update(draft, "basics", lambda d: d.update(status="signed", published=True), f.viewer(editor),
                          editor)
    year = plans["draft"][4]
    public = client_for("public")
    doc = public.get(f"/plans/{plan.pk}.json").json()["document"]
    assert doc["reports"] == []  # the draft report is not public
    assert public.get(f"/plans/{plan.pk}/reports/{year}.json").status_code == 404
    assert public.get(f"/plans/{plan.pk}/revisions.json").status_code == 404
    assert public.get(f"/plans/{plan.pk}.json").json()["checks"] == []
    board = client_for("board")
    assert board.get(f"/plans/{plan.pk}/reports/{year}.json").status_code == 200
    # approved, it becomes public
    board_user = f.board()
    plan = actions.transition_report(plan, year, "submitted", f.viewer(editor), editor)
    plan = actions.transition_report(plan, year, "approved", f.viewer(board_user), board_user)
    assert public.get(f"/plans/{plan.pk}/reports/{year}.json").status_code == 200


def test_editors_of_other_municipalities_and_organisations_neither_read_drafts_nor_edit(
        client_for: Any, plans: dict[str, Any]) -> None:
    draft, published = plans["draft"][0], plans["published"][0]
    used = {plans["draft"][1], plans["published"][1]}
    other = m.Municipality.objects.filter(vintage=f.vintage()).exclude(code__in=used).first()
    assert other is not None
    for u in (f.user("kommune-anden", "municipality", municipality_code=other.code),
              f.user("org-anden", "organisation", org_id="ORG-NOT-IN-ANY-PLAN")):
        c = f.client(u)
        assert c.get(f"/plans/{draft.pk}.json").status_code == 404, u.username
        assert c.get(f"/plans/{published.pk}.json").status_code == 200, u.username
        assert c.get(f"/plans/{published.pk}/edit/texts/").status_code == 403, u.username
        r = c.post(f"/plans/{published.pk}/edit/texts/", {"version": published.version, "head-vision": "x"})
        assert r.status_code == 403, u.username
        assert c.get(f"/plans/{published.pk}/revisions.json").status_code == 404, u.username
    published.refresh_from_db()
    assert published.document["vision"] != "x"
