"""Follow-up as the site shows it: list targets counted on the database's decisions of each list year (not on the
plan's own numbers), and a missing annual report flagged on the plan and on the municipality's overview of plans
with what the period's rules say follows (payments stop under the 2011-14 rules)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from boligmonitor.web import models as m
from tests.web.plans import factories as f

LISTS = ["udsat_boligomraade", "parallelsamfund", "ghettoomraade"]


def _busiest_municipality() -> int:
    """The municipality whose almen areas are on the lists in most (area, year) pairs of the synthetic vintage."""
    v = f.vintage()
    kinds = dict(m.Area.objects.filter(vintage=v).values_list("area_id", "kind"))
    munis = dict(m.Area.objects.filter(vintage=v).values_list("area_id", "municipality_code"))
    pairs = m.Classification.objects.filter(vintage=v, category__in=LISTS, member=True).values_list("area_id",
                                                                                                    "list_year")
    counts = Counter(munis[a] for a, _ in set(pairs) if kinds.get(a) != "helhedsplan")
    assert counts, "the synthetic vintage has no areas on the lists"
    return counts.most_common(1)[0][0]


def _on_the_lists(municipality: int, year: int) -> tuple[int, int]:
    """(areas of the municipality on any of LISTS in ``year``, undecided ones not on any), from the database."""
    v = f.vintage()
    mine = set(m.Area.objects.filter(vintage=v, municipality_code=municipality).exclude(kind="helhedsplan")
               .values_list("area_id", flat=True))
    rows = m.Classification.objects.filter(vintage=v, list_year=year, category__in=LISTS).exclude(member=False)
    on = {a for a, member in rows.values_list("area_id", "member") if member and a in mine}
    open_ = {a for a, member in rows.values_list("area_id", "member") if member is None and a in mine} - on
    return len(on), len(open_)


def test_list_targets_are_counted_on_each_years_decisions(db: Any) -> None:
    v = f.vintage()
    code = _busiest_municipality()
    admin = f.user("plan-admin", "admin")
    base = v.first_list_year
    doc = f.strategy_doc("liste-strategi", municipality=code, scope={"all_almen_areas": True}, baseline_year=base,
                         period={"start": f"{base}-01-01", "end": "2030-12-31"})
    doc["focus_areas"][1]["goals"][0]["measured_by"][0]["target"] = {"kind": "list", "lists": LISTS, "change": -0.5,
                                                                     "by": 2030}
    plan = f.create(doc, by=admin)
    data = f.client(f.user("plan-analyst", "analyst")).get(
        f"/plans/{plan.pk}.json?year={v.last_data_year}").json()
    rows = {r["year"]: r for r in data["lists"]}
    assert sorted(rows) == list(range(base, v.last_data_year + 1))
    seen_on = 0
    for year, row in rows.items():
        on, open_ = _on_the_lists(code, year)
        assert (row["count"], row.get("undetermined") or 0) == (on, open_), year
        seen_on += on
    assert seen_on > 0  # the comparison covered years with areas on the lists, not only zeros

    # a strategy naming one area that is never on the lists counts none, whatever other areas do
    listed = set(m.Classification.objects.filter(vintage=v, category__in=LISTS).exclude(member=False)
                 .values_list("area_id", flat=True))
    quiet = m.Area.objects.filter(vintage=v, kind="statutory").exclude(area_id__in=listed).order_by("area_id").first()
    assert quiet is not None
    doc = f.strategy_doc("stille-strategi", municipality=quiet.municipality_code, scope={"areas": [quiet.area_id]},
                         baseline_year=base, period={"start": f"{base}-01-01", "end": "2030-12-31"})
    doc["focus_areas"][1]["goals"][0]["measured_by"][0]["target"] = {"kind": "list", "lists": LISTS, "at_most": 0,
                                                                     "by": 2030}
    plan = f.create(doc, by=admin)
    data = f.client(f.user("plan-analyst-2", "analyst")).get(
        f"/plans/{plan.pk}.json?year={v.last_data_year}").json()
    assert {r["year"]: r["count"] for r in data["lists"]} == {y: 0 for y in rows}


def test_a_missing_report_is_flagged_on_the_plan_and_the_municipalitys_overview(db: Any) -> None:
    editor = f.editor_of_plan_area()
    code = f.plan_area().municipality_code
    doc = f.agreement_doc("aftale-2011", funding_period="lbf_2011_14",
                          period={"start": "2012-01-01", "end": "2014-12-31"}, baseline_year=2011,
                          budget=[], milestones=[])
    doc["focus_areas"][0]["theme"] = None
    plan = f.create(doc, by=editor)
    c = f.client(editor)
    stop = "udbetalingerne af støtte stoppes"
    overview = c.get(f"/plans/?municipality={code}").content.decode()
    card = overview.split(f'href="/plans/{plan.pk}/"', 1)[1].split("</li>\n", 1)[0]
    assert "Indberetningen for 2012 er ikke indsendt" in overview and stop in overview, card
    listed = c.get(f"/plans.json?municipality={code}").json()["plans"]
    flags = next(p["flags"] for p in listed if p["id"] == plan.pk)
    assert sorted(x["code"] for x in flags) == ["report_outstanding"] * 3  # 2012, 2013 and 2014
    assert all(stop in x["text"] for x in flags)
    page = c.get(f"/plans/{plan.pk}/").content.decode()
    assert "Indberetningen for 2014 er ikke indsendt" in page and stop in page

    # the three reports submitted: no flag left on either page
    from boligmonitor.web.plans import actions

    for year in (2012, 2013, 2014):
        plan = actions.start_report(plan, year, f.viewer(editor), editor)
        plan = actions.transition_report(plan, year, "submitted", f.viewer(editor), editor)
    listed = c.get(f"/plans.json?municipality={code}").json()["plans"]
    assert next(p["flags"] for p in listed if p["id"] == plan.pk) == []
    assert "er ikke indsendt" not in c.get(f"/plans/{plan.pk}/").content.decode()
