"""The plan pages: create a plan with forms, see section 5 fill in from the vintage, edit parts (Danish numbers,
errors on the field and nothing saved), the report workflow and revisions through the pages, JSON twins that agree
with the pages and the API."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

from boligmonitor.web import models as m
from boligmonitor.web.plans import models as pm
from tests.web.plans import factories as f


def _new_agreement(c: Client, key: str = "ny-aftale", **extra: Any) -> Any:
    v, area = f.vintage(), f.plan_area()
    form = {"new-kind": "agreement", "new-key": key, "head-title": "Ny aftale", "head-funding_period": "lbf_2019_26",
            "head-areas": [area.area_id], "head-period_start": f"{v.last_data_year - 2}-10-01",
            "head-period_end": f"{v.last_data_year + 2}-09-30", "head-baseline_year": str(v.last_data_year - 3),
            "head-status": "draft", **extra}
    return c.post("/plans/new/?kind=agreement", form)


def _cell(unit_type: str, unit_id: str, year: int, indicator: str) -> m.IndicatorValue | None:
    return m.IndicatorValue.objects.filter(vintage=f.vintage(), unit_type=unit_type, unit_id=unit_id, year=year,
                                           indicator_id=indicator).first()


def _same(shown: dict[str, Any], cell: m.IndicatorValue | None) -> bool:
    """A shown Value is exactly the published cell: suppressed without numbers, else the same three numbers."""
    if cell is None:
        return shown["value"] is None and not shown["suppressed"]
    if cell.suppression is not None:
        return shown["suppressed"] and shown["value"] is None and shown["numerator"] is None
    return (shown["value"], shown["numerator"], shown["denominator"]) == (cell.value, cell.numerator,
                                                                          cell.denominator)


def test_create_an_agreement_and_see_the_baselines_fill_in(db: Any) -> None:
    editor = f.editor_of_plan_area()
    c = f.client(editor)
    r = _new_agreement(c)
    assert r.status_code == 302, r.content.decode()[:2000]
    plan = pm.Plan.objects.get(key="ny-aftale")
    area = f.plan_area()
    roles = {p["role"] for p in plan.document["parties"]}
    assert "municipality" in roles and "housing_organisation" in roles  # parties from the chosen area
    data = c.get(f"/plans/{plan.pk}.json").json()
    base = plan.document["baseline_year"]
    fixed = [g for g in data["goals"] if g.get("fixed")]
    assert len(fixed) == 9  # LBF's nine fixed indicators (section 5 of seed 001)
    checked = 0
    for g in fixed:
        ind = g["indicator"]["id"]
        if g["indicator"]["unit"] == "manual":
            continue
        assert g["baseline"]["year"] == base
        assert _same(g["baseline"]["area"], _cell("area", area.area_id, base, ind)), ind
        assert _same(g["baseline"]["municipality"], _cell("municipality", str(area.municipality_code), base, ind))
        checked += 1
    assert checked == 7
    page = c.get(f"/plans/{plan.pk}/").content.decode()
    assert "5. Overordnede mål og indikatorer for den boligsociale indsats" in page
    assert "Andel 15-29-årige, der er sigtet mindst én gang" in page


def test_the_new_plan_form_refuses_bad_input_and_saves_nothing(db: Any) -> None:
    c = f.client(f.editor_of_plan_area())
    r = _new_agreement(c, key="Ugyldig Nøgle", **{"head-period_end": "2000-01-01"})
    assert r.status_code == 400
    page = r.content.decode()
    assert "små bogstaver a-z" in page  # the key, in Danish, on its field
    assert "slutdatoen ligger før startdatoen" in page
    assert not pm.Plan.objects.exists()


def test_budget_form_takes_danish_numbers_and_refuses_without_saving(db: Any) -> None:
    editor = f.editor_of_plan_area()
    plan = f.create(f.agreement_doc(), by=editor)
    c = f.client(editor)
    page = c.get(f"/plans/{plan.pk}/edit/budget/")
    assert page.status_code == 200
    base = plan.document["baseline_year"] + 1

    def row(i: int, year: int, party: str, source: str, amount: str, spent: str = "") -> dict[str, str]:
        return {f"rows-{i}-year": str(year), f"rows-{i}-activity": "", f"rows-{i}-party": party,
                f"rows-{i}-source": source, f"rows-{i}-amount": amount, f"rows-{i}-spent": spent,
                f"rows-{i}-note": ""}

    form = {"version": str(plan.version), "rows-TOTAL_FORMS": "3", "rows-INITIAL_FORMS": "2",
            "rows-MIN_NUM_FORMS": "0", "rows-MAX_NUM_FORMS": "1000",
            **row(0, base, "LBF", "lbf", "750.000", "12.345,5"), **row(1, base, "Kommunen", "municipality", "250000"),
            **row(2, base, "Boligorganisationen", "housing_organisation", "1.000,25")}
    r = c.post(f"/plans/{plan.pk}/edit/budget/", form)
    assert r.status_code == 302, r.content.decode()[:3000]
    plan.refresh_from_db()
    assert [(b["amount"], b["spent"]) for b in plan.document["budget"]] == [(750000.0, 12345.5), (250000.0, None),
                                                                             (1000.25, None)]
    before = (plan.document, plan.version)
    for change, message in ((row(1, base, "Kommunen", "municipality", "-5"), "beløb: skal være mindst 0"),
                            (row(2, base, "", "other", "10"), "Dette felt er påkrævet"),
                            (row(2, base, "X", "other", "ti kroner"), "Skriv et tal")):
        bad = {**form, "version": str(plan.version), "rows-INITIAL_FORMS": "3", **change}
        r = c.post(f"/plans/{plan.pk}/edit/budget/", bad)
        assert r.status_code == 400, message
        text = r.content.decode()
        assert "Intet blev gemt" in text and message in text, message
        plan.refresh_from_db()
        assert (plan.document, plan.version) == before


def test_a_goal_with_a_target_in_percent(db: Any) -> None:
    editor = f.editor_of_plan_area()
    plan = f.create(f.agreement_doc(), by=editor)
    c = f.client(editor)
    url = f"/plans/{plan.pk}/focus/beskaeftigelse/goals/flere-i-job/edit/"
    page = c.get(url)
    assert page.status_code == 200
    form = {"version": str(plan.version), "rows-TOTAL_FORMS": "2", "rows-INITIAL_FORMS": "1",
            "rows-MIN_NUM_FORMS": "0", "rows-MAX_NUM_FORMS": "1000",
            "rows-0-indicator": "outside_labour_18_64", "rows-0-target_kind": "relative",
            "rows-0-reference": "municipality", "rows-0-close_gap": "50", "rows-0-by": "2030",
            "rows-1-indicator": "employed_or_student_18_64", "rows-1-target_kind": "absolute",
            "rows-1-target_value": "62,5", "rows-1-direction": "at_least", "rows-1-by": "2030"}
    r = c.post(url, form)
    assert r.status_code == 302, r.content.decode()[:3000]
    plan.refresh_from_db()
    measures = plan.document["focus_areas"][0]["goals"][0]["measured_by"]
    assert measures[1]["target"] == {"kind": "absolute", "value": 0.625, "direction": "at_least", "by": 2030}
    assert measures[0]["target"]["close_gap"] == 0.5
    again = c.get(url).content.decode()
    assert 'value="62,5"' in again  # shown in percent again, with a decimal comma
    data = c.get(f"/plans/{plan.pk}.json").json()
    row = next(g for g in data["goals"] if g["indicator"]["id"] == "employed_or_student_18_64")
    assert row["target"]["kind"] == "absolute" and row["status"] in (
        "achieved", "on_track", "off_track", "not_achieved", "no_data", "suppressed")


def test_report_workflow_and_revision_through_the_pages(db: Any) -> None:
    editor, board = f.editor_of_plan_area(), f.board()
    plan = f.create(f.agreement_doc(), by=editor)
    c, b = f.client(editor), f.client(board)
    year = plan.document["baseline_year"] + 1
    r = c.post(f"/plans/{plan.pk}/reports/", {"year": str(year), "version": str(plan.version)})
    assert r.status_code == 302
    url = f"/plans/{plan.pk}/reports/{year}/"
    page = c.get(url).content.decode()
    assert "Indsend til bestyrelsen" in page and "Godkend" not in page
    plan.refresh_from_db()
    assert c.post(url, {"do": "transition", "to": "submitted", "version": plan.version}).status_code == 302
    assert c.post(url, {"do": "transition", "to": "approved"}).status_code == 403  # editors do not approve
    assert "Godkend (bestyrelsen)" in b.get(url).content.decode()
    assert b.post(url, {"do": "transition", "to": "approved"}).status_code == 302
    twin = c.get(f"/plans/{plan.pk}/reports/{year}.json").json()
    assert twin["report"]["status"] == "approved" and twin["report"]["approved_by"] == "board"
    api = c.get(f"/api/plans/{plan.pk}/reports/{year}").json()
    assert api["goals"] == twin["goals"] and api["report"] == twin["report"]
    # a signed agreement: the change waits for the board
    plan.refresh_from_db()
    form = {"version": str(plan.version), "head-title": plan.document["title"],
            "head-funding_period": "lbf_2019_26", "head-areas": plan.document["areas"],
            "head-period_start": plan.document["period"]["start"], "head-period_end": plan.document["period"]["end"],
            "head-baseline_year": str(plan.document["baseline_year"]), "head-status": "signed"}
    assert c.post(f"/plans/{plan.pk}/edit/basics/", form).status_code == 302
    plan.refresh_from_db()
    texts = {"version": str(plan.version), "head-vision": "Ny vision", "head-working_principles": "Et\nTo"}
    assert c.post(f"/plans/{plan.pk}/edit/texts/", texts).status_code == 302
    plan.refresh_from_db()
    assert plan.document["vision"] == "Visionen" and plan.pending["working_principles"] == ["Et", "To"]
    rev = f"/plans/{plan.pk}/revisions/"
    assert c.post(rev, {"do": "propose", "why": "Ny vision", "version": plan.version}).status_code == 302
    assert b.post(rev, {"do": "approve"}).status_code == 302
    plan.refresh_from_db()
    assert plan.document["vision"] == "Ny vision" and plan.document["revisions"][-1]["status"] == "approved"
    history = c.get(f"/plans/{plan.pk}/revisions.json").json()
    assert [v["number"] for v in history["versions"]] == sorted((v["number"] for v in history["versions"]),
                                                                reverse=True)
    assert any(v["action"].endswith(":approved") and v["username"] == "board" for v in history["versions"])


def test_page_json_twin_and_api_agree(db: Any) -> None:
    editor = f.editor_of_plan_area()
    plan = f.create(f.agreement_doc(), by=editor)
    c = f.client(editor)
    twin = c.get(f"/plans/{plan.pk}.json").json()
    api = c.get(f"/api/plans/{plan.pk}").json()
    for key in ("goals", "lists", "budget", "milestones", "document"):
        assert twin[key] == api[key], key
    assert c.get(f"/api/plans/{plan.pk}/goals").json()["goals"] == twin["goals"]
    listed = c.get("/plans.json").json()["plans"]
    assert [p["id"] for p in listed] == [p["id"] for p in c.get("/api/plans").json()["plans"]]
    html = c.get(f"/plans/{plan.pk}/").content.decode()
    assert plan.document["title"] in html and f'href="/plans/{plan.pk}.json"' in html


def test_english_pages(db: Any) -> None:
    editor = f.editor_of_plan_area()
    plan = f.create(f.agreement_doc(), by=editor)
    c = f.client(editor)
    html = c.get(f"/plans/{plan.pk}/?lang=en").content.decode()
    assert re.search(r"<html lang=\"en\"", html)
    assert "Share of 15-29-year-olds charged at least once" in html  # the fixed indicators' English labels
    bad = c.post(f"/plans/{plan.pk}/edit/milestones/?lang=en", {
        "version": str(plan.version), "rows-TOTAL_FORMS": "1", "rows-INITIAL_FORMS": "1", "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "1000", "rows-0-key": "kickoff", "rows-0-title": "", "rows-0-due": "2024-12-01",
        "rows-0-status": "open"})
    assert bad.status_code == 400
    assert "This field is required" in bad.content.decode()
