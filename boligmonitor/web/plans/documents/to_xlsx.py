"""The annual report as a workbook (openpyxl): goals, their series, list targets, activities, budget, milestones,
checks, and a sheet naming the vintage, the rules version and the disclosure settings.

Every sheet has a bold frozen header with an autofilter and columns as wide as their text. Numbers stay numbers
(shares as fractions shown in per cent); a suppressed value is the text "diskretioneret", so no sum, formula or
chart in the workbook can take it for a number. Text that a spreadsheet would read as a formula is stored as text
(as boligmonitor/output.py does for the lists).
"""

from __future__ import annotations

import io
from typing import Any

from boligmonitor.output import FORMULA_STARTS
from boligmonitor.published import SYNTHETIC_BANNER
from boligmonitor.rules.texts import CATEGORY_LABELS
from boligmonitor.web.plans.documents import parts
from boligmonitor.web.plans.documents.outline import clean, localized, text_of
from boligmonitor.web.plans.documents.words import SOURCES, STATES, STATUS, UNITS, pick, t

SHARE_FMT, NUMBER_FMT, MONEY_FMT = "0.0%", "#,##0.0", "#,##0"


def _sheet(wb: Any, title: str, headers: list[str], rows: list[list[Any]]) -> Any:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title[:31])
    ws.append(headers)
    for c in ws[1]:
        c.font = Font(bold=True)
    for row in rows:
        ws.append([clean(v) if isinstance(v, str) else v for v in row])
        for c in ws[ws.max_row]:
            if isinstance(c.value, str) and c.value.startswith(FORMULA_STARTS):
                c.data_type = "s"
                c.quotePrefix = True  # and it stays text when someone edits the cell
    for idx, head in enumerate(headers, start=1):
        width = max([len(head)] + [len(str(r[idx - 1])) for r in rows if r[idx - 1] is not None])
        ws.column_dimensions[get_column_letter(idx)].width = min(60, max(8, width + 2))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"
    return ws


def _number_formats(ws: Any, units: list[str], cols: tuple[int, ...]) -> None:
    """Row by row: shares in per cent, other values with one decimal (row ``i`` of ``units`` is sheet row i + 2)."""
    for i, unit in enumerate(units):
        for col in cols:
            c = ws.cell(row=i + 2, column=col)
            if isinstance(c.value, (int, float)):
                c.number_format = SHARE_FMT if unit == "share" else NUMBER_FMT


def _value(v: dict[str, Any] | None, lang: str) -> Any:
    """The number itself; the word for a suppressed cell (whatever numbers it carries); empty for no value."""
    if not v:
        return None
    if v.get("suppressed"):
        return t("suppressed", lang)
    return None if v.get("value") is None else float(v["value"])


def write_xlsx(report: dict[str, Any], lang: str) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    goals = report.get("goals") or []
    names = parts.area_names(report)
    units = [str((g.get("indicator") or {}).get("unit") or "manual") for g in goals]
    ws = _sheet(wb, t("sheet_goals", lang),
                [t("focus_area", lang), t("goal", lang), t("indicator", lang), t("area_value", lang), t("unit", lang),
                 t("source", lang), t("baseline_year_col", lang), t("baseline_area", lang),
                 t("baseline_municipality", lang), t("actual_year", lang), t("actual_area", lang),
                 t("actual_municipality", lang), t("target_text", lang), t("target_year", lang),
                 t("target_value", lang), t("status", lang)],
                [[localized(g["focus_area"], "title", lang), localized(g["goal"], "title", lang),
                  parts.indicator_label(g, lang), names.get(g.get("area_id") or "", g.get("area_id") or ""),
                  pick(UNITS, unit, lang), localized(g.get("indicator"), "source", lang),
                  (g.get("baseline") or {}).get("year"), _value((g.get("baseline") or {}).get("area"), lang),
                  _value((g.get("baseline") or {}).get("municipality"), lang), (g.get("actual") or {}).get("year"),
                  _value((g.get("actual") or {}).get("area"), lang),
                  _value((g.get("actual") or {}).get("municipality"), lang),
                  parts.target_text(g.get("target"), lang), (g.get("target") or {}).get("by"),
                  (g.get("target") or {}).get("value"), pick(STATUS, g.get("status"), lang)]
                 for g, unit in zip(goals, units, strict=True)])
    _number_formats(ws, units, (8, 9, 11, 12, 15))

    series, series_units = [], []
    for g, unit in zip(goals, units, strict=True):
        for p in sorted(g.get("series") or [], key=lambda p: p["year"]):
            series.append([localized(g["focus_area"], "title", lang), localized(g["goal"], "title", lang),
                           parts.indicator_label(g, lang), names.get(g.get("area_id") or "", g.get("area_id") or ""),
                           p["year"], _value(p.get("area"), lang), _value(p.get("municipality"), lang)])
            series_units.append(unit)
    ws = _sheet(wb, t("sheet_series", lang), [t("focus_area", lang), t("goal", lang), t("indicator", lang),
                                              t("area_value", lang), t("year", lang), t("area_value", lang),
                                              t("municipality_value", lang)], series)
    _number_formats(ws, series_units, (6, 7))

    _sheet(wb, t("sheet_lists", lang), [t("goal", lang), t("lists", lang), t("year", lang), t("count", lang),
                                        t("target", lang), t("target_text", lang), t("status", lang)],
           [[localized(r.get("goal"), "title", lang) or r.get("goal_key"),
             ", ".join(pick(CATEGORY_LABELS, c, lang) for c in r.get("lists") or []), r.get("year"), r.get("count"),
             r.get("target"),
             text_of(r.get("target_text"), lang), pick(STATUS, r.get("status"), lang)]
            for r in report.get("lists") or []])
    _sheet(wb, t("sheet_activities", lang), [t("activity", lang), t("focus_area", lang), t("status", lang),
                                             t("narrative", lang)],
           [[a.get("title") or a.get("key"), a.get("focus_area", ""), pick(STATES, a.get("status"), lang),
             a.get("narrative", "")] for a in report.get("activities") or []])
    budget = report.get("budget") or []
    ws = _sheet(wb, t("sheet_budget", lang),
                [t("year", lang), t("budget", lang), t("spent", lang)] + [parts.source_name(s, lang) for s in SOURCES]
                + [t("local_share", lang)],
                [[b.get("year"), b.get("budget"), b.get("spent")] + [(b.get("by_source") or {}).get(s) for s in SOURCES]
                 + [b.get("local_cofinancing_share")] for b in budget])
    for row in ws.iter_rows(min_row=2, min_col=2, max_col=8):
        for c in row:
            c.number_format = SHARE_FMT if c.column == 8 else MONEY_FMT
    _sheet(wb, t("sheet_milestones", lang), [t("milestone", lang), t("due", lang), t("status", lang), t("late", lang)],
           [[m.get("title") or m.get("key"), m.get("due"), pick(STATES, m.get("status"), lang),
             t("yes" if m.get("late") else "no", lang)] for m in report.get("milestones") or []])
    _sheet(wb, t("sheet_checks", lang), [t("severity", lang), t("code", lang), t("text", lang), t("rule_source", lang)],
           [[t("error" if c.get("severity") == "error" else "warning", lang), c.get("code", ""),
             text_of(c.get("text"), lang), c.get("source", "")] for c in report.get("checks") or []])
    _about(wb, report, lang)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _about(wb: Any, report: dict[str, Any], lang: str) -> None:
    v = report.get("vintage") or {}
    disclosure = v.get("disclosure") or {}
    years = v.get("data_years") or []
    rows: list[list[Any]] = [[SYNTHETIC_BANNER, ""]] if v.get("synthetic") else []
    rows += [
        [t("plan", lang), (report.get("plan") or {}).get("title", "")], [t("year", lang), report.get("year")],
        [t("vintage", lang), v.get("label", "")], [t("rules_version", lang), v.get("rules_version", "")],
        [t("data_years", lang), "–".join(str(y) for y in years)],
        [t("synthetic", lang), t("yes" if v.get("synthetic") else "no", lang)],
        [t("disclosure_minimum", lang), disclosure.get("minimum_count", t("not_stated", lang))],
        [t("disclosure_rule", lang), disclosure.get("rule", t("not_stated", lang))],
        [t("made_by", lang), "boligmonitor"],
    ]
    _sheet(wb, t("sheet_about", lang), [t("data", lang), t("value", lang)], rows)
