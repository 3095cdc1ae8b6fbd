"""Parts several plan documents share: the goals table (section 5), a focus area's facts, delaftale and theory of
change, the budget lines, the checks, and the funding period's names."""

from __future__ import annotations

from typing import Any

from boligmonitor.plans.model import Agreement, FocusArea, Strategy
from boligmonitor.web.plans import charts
from boligmonitor.web.plans.documents.outline import (
    Cell,
    Outline,
    cell,
    date_str,
    localized,
    money,
    period_text,
    text_of,
    value_cell,
)
from boligmonitor.web.plans.documents.words import STATES, pick, t


def as_table(goals_table: dict[str, Any] | list[dict[str, Any]] | None) -> dict[str, Any]:
    """The goals table as the report dict: the whole annual report, or only its ``goals`` rows."""
    if goals_table is None:
        return {}
    if isinstance(goals_table, list):
        return {"goals": goals_table}
    return goals_table


def period_rules(period_id: str | None) -> Any:
    """The funding period's rules (names of themes and required documents), or None for a period the release does
    not know: the document is still written, with the ids the plan names."""
    if not period_id:
        return None
    from boligmonitor.plans.periods import load_period

    try:
        return load_period(period_id)
    except KeyError:
        return None


def theme_name(rules: Any, theme_id: str | None, lang: str) -> str:
    theme = rules.theme(theme_id) if rules is not None and theme_id else None
    return theme.name.text.pick(lang) if theme is not None else (theme_id or "")


def area_names(table: dict[str, Any]) -> dict[str, str]:
    return {a["area_id"]: a.get("name") or a["area_id"] for a in (table.get("plan") or {}).get("areas") or []}


def indicator_label(row: dict[str, Any], lang: str) -> str:
    ind = row.get("indicator") or {}
    return localized(ind, "label", lang) or str(ind.get("id", ""))


def target_text(target: dict[str, Any] | None, lang: str) -> str:
    return text_of((target or {}).get("text"), lang)


# -- section 5 --------------------------------------------------------------------------------------------------------


def several_areas(table: dict[str, Any]) -> bool:
    """A plan over several areas has one row per area (the areas are never summed); the table then names them."""
    return len({g.get("area_id") for g in table.get("goals") or [] if g.get("area_id")}) > 1


def goal_headers(table: dict[str, Any], lang: str, with_target: bool = False) -> list[str]:
    heads = [t("goal", lang), t("indicator", lang)]
    if several_areas(table):
        heads.append(t("area_value", lang))
    heads += [t("baseline_area", lang), t("baseline_municipality", lang)]
    return heads + ([t("target", lang)] if with_target else []) + [t("source", lang)]


def goal_rows(table: dict[str, Any], lang: str, with_target: bool = False) -> list[list[Cell | None]]:
    """One row per goal indicator (and area), the goal written once over its rows, as in the template's table."""
    names, per_area = area_names(table), several_areas(table)
    goals = table.get("goals") or []
    rows: list[list[Cell | None]] = []
    i = 0
    while i < len(goals):
        key = (goals[i]["focus_area"]["key"], goals[i]["goal"]["key"])
        j = i
        while j < len(goals) and (goals[j]["focus_area"]["key"], goals[j]["goal"]["key"]) == key:
            j += 1
        for k in range(i, j):
            g = goals[k]
            ind = g.get("indicator") or {}
            unit = str(ind.get("unit") or "manual")
            base = g.get("baseline") or {}
            row: list[Cell | None] = [cell(localized(g["goal"], "title", lang), rowspan=j - i) if k == i else None,
                                      cell(indicator_label(g, lang))]
            if per_area:
                row.append(cell(names.get(g.get("area_id") or "", g.get("area_id") or "")))
            row += [value_cell(base.get("area"), unit, lang), value_cell(base.get("municipality"), unit, lang)]
            if with_target:
                row.append(cell(target_text(g.get("target"), lang)))
            row.append(cell(localized(ind, "source", lang)))
            rows.append(row)
        i = j
    return rows


# -- focus areas ------------------------------------------------------------------------------------------------------


def facts(out: Outline, fa: FocusArea) -> None:
    """Facts drafted from the data appear once the user has accepted or edited them; drafts and dropped ones not."""
    kept = [f.text for f in fa.facts if f.status in ("accepted", "edited")]
    if kept:
        out.h(4, t("facts", out.lang))
        out.ul(kept)


def indicator_labels(table: dict[str, Any], lang: str) -> dict[str, str]:
    return {g["indicator"]["id"]: indicator_label(g, lang) for g in table.get("goals") or [] if g.get("indicator")}


def activity_titles(plan: Agreement | Strategy) -> dict[str, str]:
    return {a.key: a.title for fa in plan.focus_areas if fa.delaftale for a in fa.delaftale.activities}


def theory_of_change(out: Outline, fa: FocusArea, labels: dict[str, str], titles: dict[str, str]) -> None:
    toc = fa.theory_of_change
    if toc is None:
        return
    out.h(3, t("toc", out.lang, title=fa.title))
    out.figure(charts.theory_of_change(toc, fa.title, out.lang, titles, labels, width=charts.PRINT_WIDTH))


def delaftale(out: Outline, fa: FocusArea) -> None:
    lang, d = out.lang, fa.delaftale
    if d is None:
        return
    out.h(3, f"{t('delaftale', lang)}: {fa.title}")
    if d.signed:
        out.p(t("signed_on", lang, date=date_str(d.signed, lang)), "muted")
    if d.sub_goals:
        out.h(4, t("sub_goals", lang))
        out.ul(d.sub_goals)
    if d.activities:
        out.h(4, t("activities", lang))
        out.table([t("activity", lang), t("responsible", lang), t("partners", lang), t("target_group", lang),
                   t("period", lang), t("status", lang), t("outputs", lang)],
                  [[cell(a.title), cell(a.responsible), cell(", ".join(a.partners)), cell(a.target_group),
                    cell(period_text(a.period, lang)), cell(pick(STATES, a.status, lang)), cell("; ".join(a.outputs))]
                   for a in d.activities])
    if d.roles:
        out.h(4, t("roles", lang))
        out.p(d.roles)


# -- money and checks -------------------------------------------------------------------------------------------------


def source_name(source: str, lang: str) -> str:
    return t("lbf" if source == "lbf" else f"src_{source}", lang)


def budget_lines(out: Outline, plan: Agreement) -> None:
    lang = out.lang
    out.table([t("year", lang), t("activity", lang), t("party", lang), t("funding_source", lang), t("amount", lang),
               t("spent", lang)],
              [[cell(b.year), cell(b.activity or ""), cell(b.party), cell(source_name(b.source, lang)),
                cell(money(b.amount, lang)), cell(money(b.spent, lang))]
               for b in sorted(plan.budget, key=lambda b: b.year)])


def checks(out: Outline, found: list[dict[str, Any]]) -> None:
    lang = out.lang
    if not found:
        out.p(t("none", lang), "muted")
        return
    out.table([t("severity", lang), t("text", lang), t("rule_source", lang)],
              [[cell(t("error" if c.get("severity") == "error" else "warning", lang),
                     bold=c.get("severity") == "error"),
                cell(text_of(c.get("text"), lang)), cell(c.get("source", ""))] for c in found])
