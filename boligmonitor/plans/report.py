"""The goals table (section 5 of an agreement) and the annual report (indberetning) as one dict — the shape every
face shows: the web page and its JSON twin, ``boligmonitor-web plan report``, the DOCX/PDF/XLSX documents.

Every number in it is a published cell of the vintage or a hand-entered value with its source. A suppressed cell
stays suppressed ("diskretioneret"), and the status of a goal that needs it says so. A plan over several areas
gets one row per area: the areas are never summed here (see :mod:`boligmonitor.plans.geography`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from boligmonitor.plans import status as st
from boligmonitor.plans.budget import budget_by_year
from boligmonitor.plans.checks import check_plan
from boligmonitor.plans.data import CachedData, PlanData, Value, reference_unit
from boligmonitor.plans.geography import plan_areas, plan_municipality
from boligmonitor.plans.model import Agreement, ListTarget, Measure, Strategy
from boligmonitor.plans.periods import PERIOD_IDS, FundingPeriod, load_period
from boligmonitor.plans.targets import describe
from boligmonitor.plans.values import IndicatorInfo, indicator_info, manual_years, value
from boligmonitor.rules.texts import Text

Plan = Strategy | Agreement


def _text(t: Text | None) -> dict[str, str] | None:
    return None if t is None else {"da": t.da, "en": t.en}


def period_of(plan: Plan) -> FundingPeriod | None:
    if isinstance(plan, Agreement) and plan.funding_period in PERIOD_IDS:
        return load_period(plan.funding_period)
    return None


def actual_year(plan: Plan, data: PlanData, info: IndicatorInfo, year: int) -> int | None:
    """The newest year up to the report year that has numbers: the vintage's data years, or the years of the
    hand-entered values."""
    years = data.years() if info.in_catalogue else manual_years(plan, info.id)
    earlier = [y for y in years if y <= year]
    return max(earlier) if earlier else None


def _pair(plan: Plan, data: PlanData, info: IndicatorInfo, area_id: str | None, municipality: int | None,
          year: int) -> dict[str, Any]:
    area = value(plan, data, info, "area", area_id, year) if area_id is not None else Value()
    mun = value(plan, data, info, "municipality", str(municipality), year) if municipality is not None else Value()
    return {"year": year, "area": area.as_dict(), "municipality": mun.as_dict(), "_area": area, "_mun": mun}


def _public(cell: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in cell.items() if not k.startswith("_")}


def goal_row(plan: Plan, data: PlanData, year: int, *, focus: dict[str, Any], goal: dict[str, Any],
             measure: Measure, info: IndicatorInfo, area_id: str | None, municipality: int | None,
             fixed: bool = False) -> dict[str, Any]:
    """One indicator of one goal for one area: baseline, actual, the series between, the target and the status."""
    baseline_year = measure.baseline_year or plan.baseline_year
    now = actual_year(plan, data, info, year)
    base = _pair(plan, data, info, area_id, municipality, baseline_year)
    act = _pair(plan, data, info, area_id, municipality, now) if now is not None else None
    series = [_public(_pair(plan, data, info, area_id, municipality, y))
              for y in range(baseline_year, (now if now is not None else baseline_year - 1) + 1)]
    target = measure.target
    out: dict[str, Any] = {
        "focus_area": focus, "goal": goal, "fixed": fixed, "area_id": area_id,
        "indicator": {"id": info.id, "label": info.label.da, "label_en": info.label.en, "unit": info.unit,
                      "source": info.source.da, "source_en": info.source.en, "direction": info.direction},
        "baseline": _public(base),
        "actual": _public(act) if act is not None else {"year": None, "area": Value().as_dict(),
                                                        "municipality": Value().as_dict()},
        "series": series,
        "target": None,
        "status": "no_target" if target is None else "no_data",
    }
    if target is None or isinstance(target, ListTarget):
        return out
    ref_b = ref_n = None
    if target.kind == "relative" and municipality is not None:
        unit = reference_unit(data, target.reference, municipality)
        if unit is not None:
            ref_b = value(plan, data, info, unit[0], unit[1], baseline_year)
            ref_n = value(plan, data, info, unit[0], unit[1], now) if now is not None else Value()
    judgement = None
    if act is not None:
        judgement = st.judge(target, year=now or year, baseline_year=baseline_year, baseline=base["_area"],
                             actual=act["_area"], direction=info.direction, reference_baseline=ref_b,
                             reference_now=ref_n)
        out["status"] = judgement.status
    text = describe(target, info.unit, info.direction)
    out["target"] = {"kind": target.kind, "text": _text(text), "by": target.by,
                     "value": judgement.final.value if judgement is not None and judgement.final else None}
    return out


def _focus(plan: Plan, fa_key: str, title: str, theme: str | None, title_en: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"key": fa_key, "title": title, "theme": theme}
    if title_en is not None:
        out["title_en"] = title_en
    return out


def fixed_goal_rows(plan: Plan, data: PlanData, year: int) -> list[dict[str, Any]]:
    """Section 5: the funding period's fixed goals and indicators, baseline for the area and the municipality from
    the plan's baseline year, the actual of the newest year up to ``year``, the data source named."""
    period = period_of(plan)
    if period is None:
        return []
    municipality = plan_municipality(plan, data)
    areas: list[str | None] = [a["area_id"] for a in plan_areas(plan, data)] or [None]
    rows = []
    for g in period.fixed_goals:
        theme = period.theme(g.theme)
        focus = _focus(plan, g.theme, theme.name.da if theme else g.theme, g.theme,
                       theme.name.en if theme else g.theme)
        goal = {"key": f"lbf_{g.theme}", "title": g.goal.da, "title_en": g.goal.en}
        for ind in g.indicators:
            info = indicator_info(ind.id, data, period)
            for area_id in areas:
                rows.append(goal_row(plan, data, year, focus=focus, goal=goal, measure=Measure(indicator=ind.id),
                                     info=info, area_id=area_id, municipality=municipality, fixed=True))
    return rows


def plan_goal_rows(plan: Plan, data: PlanData, year: int) -> list[dict[str, Any]]:
    """The plan's own goals, each indicator it is measured by, per area (list targets are in :func:`list_rows`)."""
    period = period_of(plan)
    municipality = plan_municipality(plan, data)
    areas: list[str | None] = [a["area_id"] for a in plan_areas(plan, data)] or [None]
    rows = []
    for fa in plan.focus_areas:
        focus = _focus(plan, fa.key, fa.title, fa.theme)
        for g in fa.goals:
            goal = {"key": g.key, "title": g.title}
            for m in g.measured_by:
                if isinstance(m.target, ListTarget):
                    continue
                info = indicator_info(m.indicator, data, period, m.label)
                for area_id in areas:
                    rows.append(goal_row(plan, data, year, focus=focus, goal=goal, measure=m, info=info,
                                         area_id=area_id, municipality=municipality))
    return rows


def list_count(plan: Plan, data: PlanData, lists: list[str], list_year: int) -> tuple[int, int] | None:
    """(areas of the plan on any of ``lists``, areas whose decision is undetermined) in ``list_year``; None when
    the vintage has no lists that year."""
    if list_year not in data.list_years():
        return None
    scope = {a["area_id"] for a in plan_areas(plan, data)}
    members = data.list_members(list_year)
    undetermined = data.undetermined(list_year)
    on = {a for c in lists for a in members.get(c, set())} & scope
    open_ = ({a for c in lists for a in undetermined.get(c, set())} & scope) - on
    return len(on), len(open_)


def list_rows(plan: Plan, data: PlanData, year: int) -> list[dict[str, Any]]:
    """List targets, each list year from the plan's baseline year to the report year: the plan's areas on the
    lists, the target of that year (on the straight line), the status."""
    out = []
    for fa in plan.focus_areas:
        for g in fa.goals:
            for m in g.measured_by:
                t = m.target
                if not isinstance(t, ListTarget):
                    continue
                baseline_year = m.baseline_year or plan.baseline_year
                base = list_count(plan, data, t.lists, baseline_year)
                base_count = base[0] if base is not None and base[1] == 0 else None
                for y in range(baseline_year, year + 1):
                    counted = list_count(plan, data, t.lists, y)
                    j = st.judge_list(t, year=y, baseline_year=baseline_year, baseline_count=base_count,
                                      count=None if counted is None else counted[0],
                                      undetermined=0 if counted is None else counted[1])
                    out.append({"goal_key": g.key, "goal": {"key": g.key, "title": g.title},
                                "focus_area": fa.key, "lists": list(t.lists), "year": y,
                                "count": None if counted is None else counted[0],
                                "undetermined": None if counted is None else counted[1],
                                "target": None if j.now is None else j.now.value,
                                "target_text": _text(describe(t, "count")), "by": t.by, "status": j.status})
    return out


def activities(plan: Plan, year: int) -> list[dict[str, Any]]:
    """Every activity of the delaftaler with its status and narrative as the year's report gives them."""
    report = next((r for r in getattr(plan, "reports", []) if r.year == year), None)
    reported = {a.activity: a for a in report.activities} if report is not None else {}
    out = []
    for fa in plan.focus_areas:
        if fa.delaftale is None:
            continue
        for a in fa.delaftale.activities:
            r = reported.get(a.key)
            out.append({"key": a.key, "title": a.title, "focus_area": fa.key,
                        "status": r.status if r is not None else a.status,
                        "narrative": r.narrative if r is not None else ""})
    return out


def milestones(plan: Plan, year: int, today: dt.date) -> list[dict[str, Any]]:
    """Milestones due up to the end of the report year (or today, if earlier) and not done in time are late."""
    if not isinstance(plan, Agreement):
        return []
    as_of = min(today, dt.date(year, 12, 31))
    out = []
    for m in plan.milestones:
        done_late = m.status == "done" and m.done_on is not None and m.done_on > m.due
        open_late = m.status == "open" and m.due < as_of
        out.append({"key": m.key, "title": m.title, "due": m.due.isoformat(), "status": m.status,
                    "done_on": m.done_on.isoformat() if m.done_on else None, "late": done_late or open_late})
    return out


def budget(plan: Plan) -> list[dict[str, Any]]:
    """Budget and spent per year, by funding source, with the local co-financing share."""
    return budget_by_year(plan) if isinstance(plan, Agreement) else []


def report_state(plan: Plan, year: int) -> dict[str, Any] | None:
    report = next((r for r in getattr(plan, "reports", []) if r.year == year), None)
    if report is None:
        return None
    return {"status": report.status, "submitted": _iso(report.submitted), "approved": _iso(report.approved),
            "approved_by": report.approved_by, "reported": _iso(report.reported), "narrative": report.narrative}


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def plan_header(plan: Plan, data: PlanData) -> dict[str, Any]:
    period = period_of(plan)
    code = plan_municipality(plan, data)
    mun = data.municipality(code) if code is not None else None
    return {
        "kind": plan.kind, "key": plan.key, "title": plan.title,
        "period": {"start": plan.period.start.isoformat(), "end": plan.period.end.isoformat()},
        "areas": [{"area_id": a["area_id"], "name": a["name"], "kind": a["kind"]} for a in plan_areas(plan, data)],
        "municipality": {"code": code, "name": mun["name"] if mun else None},
        "funding_period": None if period is None else {"id": period.id, "name": period.name.da,
                                                       "name_en": period.name.en},
        "baseline_year": plan.baseline_year,
    }


def goals_table(plan: Plan, data: PlanData, year: int | None = None) -> list[dict[str, Any]]:
    """Section 5: the fixed goals (agreements of a funding period with fixed goals) and the plan's own goals."""
    data = data if isinstance(data, CachedData) else CachedData(data)
    y = year if year is not None else max(data.years(), default=plan.baseline_year)
    return fixed_goal_rows(plan, data, y) + plan_goal_rows(plan, data, y)


def annual_report(plan: Plan, data: PlanData, year: int, today: dt.date | None = None) -> dict[str, Any]:
    """The annual report of ``year`` in the shape of issue 10 (both languages for sentences; ``label``/``title``
    are Danish with an ``_en`` twin)."""
    day = today or dt.date.today()
    data = CachedData(data)
    return {
        "plan": plan_header(plan, data),
        "year": year,
        "vintage": dict(data.vintage()),
        "goals": goals_table(plan, data, year),
        "lists": list_rows(plan, data, year),
        "activities": activities(plan, year),
        "milestones": milestones(plan, year, day),
        "budget": budget(plan),
        "checks": [c.as_dict() for c in check_plan(plan, data, today=day)],
        "report": report_state(plan, year),
    }
