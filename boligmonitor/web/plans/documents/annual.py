"""The annual report (indberetning) of a plan: per goal indicator the baseline, target and actual for the area and
the municipality with a target-vs-actual chart; list targets; activities; milestones; budget against spending; the
checks of the plan. Built from the report dict of :mod:`boligmonitor.plans.report` alone."""

from __future__ import annotations

from typing import Any

from boligmonitor.rules.texts import CATEGORY_LABELS, number
from boligmonitor.web.plans import charts
from boligmonitor.web.plans.documents import parts
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
    vintage_text,
)
from boligmonitor.web.plans.documents.words import SOURCES, STATES, STATUS, pick, t


def status_cell(status: str | None, lang: str) -> Cell:
    return Cell(pick(STATUS, status, lang), suppressed=status == "suppressed")


def report_outline(report: dict[str, Any], lang: str = "da") -> Outline:
    info = report.get("plan") or {}
    out = Outline(t("report_title", lang, year=report.get("year")), info.get("title", ""), lang,
                  bool((report.get("vintage") or {}).get("synthetic")))
    out.h(0, f"{out.title}: {out.subtitle}")
    _header(out, report)
    _goals(out, report)
    _lists(out, report.get("lists") or [])
    lang = out.lang
    out.h(1, t("r3", lang))
    acts = report.get("activities") or []
    titles = {g["focus_area"]["key"]: localized(g["focus_area"], "title", lang) for g in report.get("goals") or []}
    if acts:
        out.table([t("activity", lang), t("focus_area", lang), t("status", lang), t("narrative", lang)],
                  [[cell(a.get("title") or a.get("key")),
                    cell(titles.get(a.get("focus_area", ""), a.get("focus_area"))),
                    cell(pick(STATES, a.get("status"), lang)), cell(a.get("narrative", ""))] for a in acts])
    else:
        out.p(t("none", lang), "muted")
    out.h(1, t("r4", lang))
    ms = report.get("milestones") or []
    if ms:
        out.table([t("milestone", lang), t("due", lang), t("status", lang), t("late", lang)],
                  [[cell(m.get("title") or m.get("key")), cell(date_str(m.get("due"), lang)),
                    cell(pick(STATES, m.get("status"), lang)),
                    cell(t("yes" if m.get("late") else "no", lang), bold=bool(m.get("late")))] for m in ms])
    else:
        out.p(t("none", lang), "muted")
    _budget(out, report.get("budget") or [])
    out.h(1, t("r6", lang))
    parts.checks(out, report.get("checks") or [])
    return out


def _header(out: Outline, report: dict[str, Any]) -> None:
    lang = out.lang
    info = report.get("plan") or {}
    rep = report.get("report") or {}
    fp = info.get("funding_period") or None
    pairs = [
        (t("area_name", lang), ", ".join(f"{a.get('name') or a['area_id']} ({a['area_id']})"
                                         for a in info.get("areas") or [])),
        (t("municipality", lang), str((info.get("municipality") or {}).get("name") or "")),
        (t("period", lang), period_text(info.get("period"), lang)),
        (t("baseline_year", lang), str(info.get("baseline_year") or "")),
        (t("funding_period", lang), localized(fp, "name", lang) if fp else ""),
        (t("report_status", lang), pick(STATES, rep.get("status"), lang) if rep else t("no_report", lang)),
    ]
    for key in ("submitted", "approved", "reported"):
        pairs.append((t(key, lang), date_str(rep.get(key), lang)))
    pairs.append((t("approved_by", lang), str(rep.get("approved_by") or "")))
    pairs.append((t("data", lang), vintage_text(report, lang)))
    out.fields(pairs)
    out.p(rep.get("narrative"))


def _goals(out: Outline, report: dict[str, Any]) -> None:
    lang = out.lang
    names = parts.area_names(report)
    municipality = str(((report.get("plan") or {}).get("municipality") or {}).get("name") or "")
    out.h(1, t("r1", lang))
    out.p(t("r1_intro", lang, vintage=(report.get("vintage") or {}).get("label", "")))
    goals = report.get("goals") or []
    per_area = parts.several_areas(report)
    # The year of the baseline and of the actual value: in the header when every row has the same, else in
    # each cell (a survey measured in other years than the registers).
    years = {k: {(g.get(k) or {}).get("year") for g in goals} for k in ("baseline", "actual")}
    common = {k: next(iter(ys)) if len(ys) == 1 else None for k, ys in years.items()}

    def at(g: dict[str, Any], key: str, unit_type: str, unit: str) -> Cell:
        part = g.get(key) or {}
        c = value_cell(part.get(unit_type), unit, lang)
        if common[key] is None and part.get("year") is not None and c.text != "–":
            c.text += f" ({part['year']})"
        return c

    def head(key: str, word: str) -> str:
        return t(word, lang) + (f" ({common[key]})" if common[key] is not None else "")

    rows: list[list[Cell | None]] = []
    for k, g in enumerate(goals):
        unit = str((g.get("indicator") or {}).get("unit") or "manual")
        same_goal = k > 0 and (goals[k - 1]["focus_area"]["key"], goals[k - 1]["goal"]["key"]) == (
            g["focus_area"]["key"], g["goal"]["key"])
        span = 1
        while k + span < len(goals) and (goals[k + span]["focus_area"]["key"], goals[k + span]["goal"]["key"]) == (
                g["focus_area"]["key"], g["goal"]["key"]):
            span += 1
        rows.append([None if same_goal else cell(localized(g["goal"], "title", lang), rowspan=span),
                     cell(parts.indicator_label(g, lang))]
                    + ([cell(names.get(g.get("area_id") or "", g.get("area_id") or ""))] if per_area else [])
                    + [at(g, "baseline", "area", unit), at(g, "baseline", "municipality", unit),
                       at(g, "actual", "area", unit), at(g, "actual", "municipality", unit),
                       cell(parts.target_text(g.get("target"), lang)), status_cell(g.get("status"), lang)])
    out.table([t("goal", lang), t("indicator", lang)] + ([t("area_value", lang)] if per_area else [])
              + [head("baseline", "baseline_area"), head("baseline", "baseline_municipality"),
                 head("actual", "actual_area"), head("actual", "actual_municipality"), t("target", lang),
                 t("status", lang)], rows)
    last = None
    for g in goals:
        if g["focus_area"]["key"] != last:
            last = g["focus_area"]["key"]
            out.h(2, localized(g["focus_area"], "title", lang))
        area = names.get(g.get("area_id") or "", "")
        out.h(3, f"{localized(g['goal'], 'title', lang)}: {parts.indicator_label(g, lang)}"
              + (f" ({area})" if per_area and area else ""))
        out.figure(charts.target_chart(g, lang, area or (next(iter(names.values())) if len(names) == 1 else ""),
                                       municipality, width=charts.PRINT_WIDTH))
        target = parts.target_text(g.get("target"), lang)
        out.p(" · ".join(x for x in (f"{t('status', lang)}: {pick(STATUS, g.get('status'), lang)}",
                                     f"{t('target', lang)}: {target}" if target else "",
                                     f"{t('source', lang)}: {localized(g.get('indicator'), 'source', lang)}") if x),
              "muted")


def _lists(out: Outline, lists: list[dict[str, Any]]) -> None:
    if not lists:
        return
    lang = out.lang

    def count(r: dict[str, Any]) -> str:
        if r.get("count") is None:
            return "–"
        open_ = r.get("undetermined") or 0
        return number(r["count"], 0, lang) + (f" ({t('undetermined', lang, n=open_)})" if open_ else "")

    def target(r: dict[str, Any]) -> str:
        v = r.get("target")
        return "" if v is None else number(float(v), 0 if float(v).is_integer() else 1, lang)

    out.h(1, t("r2", lang))
    out.table([t("goal", lang), t("lists", lang), t("year", lang), t("count", lang), t("target", lang),
               t("target_text", lang), t("status", lang)],
              [[cell(localized(r.get("goal"), "title", lang) or r.get("goal_key")),
                cell(", ".join(pick(CATEGORY_LABELS, c, lang) for c in r.get("lists") or [])), cell(r.get("year")),
                cell(count(r)),
                cell(target(r)), cell(text_of(r.get("target_text"), lang)), status_cell(r.get("status"), lang)]
               for r in lists])


def _budget(out: Outline, budget: list[dict[str, Any]]) -> None:
    lang = out.lang
    out.h(1, t("r5", lang))
    if not budget:
        out.p(t("none", lang), "muted")
        return
    out.table([t("year", lang), t("budget", lang), t("spent", lang)] + [parts.source_name(s, lang) for s in SOURCES]
              + [t("local_share", lang)],
              [[cell(b.get("year")), cell(money(b.get("budget"), lang)), cell(money(b.get("spent"), lang))]
               + [cell(money((b.get("by_source") or {}).get(s), lang)) for s in SOURCES]
               + [cell(charts.format_value(b.get("local_cofinancing_share"), "share", lang))] for b in budget])
