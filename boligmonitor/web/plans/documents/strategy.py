"""The municipal strategy (Horsens, Copenhagen): vision → focus areas → goals with the indicators each is measured
by (baseline for the area and the municipality from the data, the target), the strategy of change with its
theories of change, and the values entered by hand with their sources."""

from __future__ import annotations

from typing import Any

from boligmonitor.plans.model import Strategy
from boligmonitor.web.plans import charts
from boligmonitor.web.plans.documents import parts
from boligmonitor.web.plans.documents.outline import Outline, cell, period_text, vintage_text
from boligmonitor.web.plans.documents.words import STATES, pick, t


def strategy_outline(plan: Strategy, table: dict[str, Any], lang: str = "da") -> Outline:
    info = table.get("plan") or {}
    municipality = (info.get("municipality") or {}).get("name") or str(plan.municipality)
    out = Outline(plan.title, t("strategy_title", lang), lang, bool((table.get("vintage") or {}).get("synthetic")))
    out.h(0, plan.title)
    names = parts.area_names(table)
    scope = (t("all_almen", lang) if plan.scope.all_almen_areas
             else ", ".join(names.get(a, a) for a in plan.scope.areas))
    out.fields([
        (t("municipality", lang), municipality),
        (t("organisations", lang), ", ".join(plan.organisations)),
        (t("period", lang), period_text(plan.period, lang)),
        (t("scope", lang), scope),
        (t("baseline_year", lang), str(plan.baseline_year)),
        (t("status", lang), pick(STATES, plan.status, lang)),
    ])
    out.h(1, t("vision", lang))
    out.text_or_empty(plan.vision)
    out.h(1, t("focus_areas", lang))
    goals = table.get("goals") or []
    for fa in plan.focus_areas:
        out.h(2, fa.title)
        out.p(fa.description)
        if fa.problem_complex:
            out.h(3, t("problem", lang))
            out.p(fa.problem_complex)
        parts.facts(out, fa)
        for goal in fa.goals:
            out.h(3, goal.title)
            out.p(goal.description)
        own = {**table, "goals": [g for g in goals if g["focus_area"]["key"] == fa.key]}
        if own["goals"]:
            out.h(4, t("goals_table", lang))
            out.table(parts.goal_headers(own, lang, with_target=True), parts.goal_rows(own, lang, with_target=True))
    out.h(1, t("change_strategy", lang))
    out.text_or_empty(plan.change_strategy)
    labels, titles = parts.indicator_labels(table, lang), parts.activity_titles(plan)
    for fa in plan.focus_areas:
        parts.theory_of_change(out, fa, labels, titles)
    if plan.manual_values:
        out.h(1, t("manual_values", lang))
        out.table([t("indicator", lang), t("unit_type", lang), t("year", lang), t("value", lang), t("source", lang),
                   t("respondents", lang)],
                  [[cell(labels.get(m.indicator, m.indicator)),
                    cell(t("area_value" if m.unit == "area" else "municipality_value", lang)), cell(m.year),
                    cell(charts.format_value(m.value, "manual", lang)), cell(m.source),
                    cell("" if m.respondents is None else m.respondents)] for m in plan.manual_values])
    out.p(vintage_text(table, lang), "muted")
    return out
