"""The area page's charts: indicators grouped by theme, each on an axis where every line is visible.

Rules (issue 12): shares are drawn in percent from 0 to a round ceiling (never above 100 %), ratios in "×" from 0,
means from 0; ticks are round numbers; an indicator has one unit everywhere (the table next to the chart writes it
the same way). A count (residents) is drawn for the area only: the nation's residents would flatten the area's line.
Legends are HTML next to the charts (they wrap instead of being cut). Turnout exists only in election years: a year in
which the whole country has no turnout is a year without an election, and says so.
"""

from __future__ import annotations

import math
from html import escape
from typing import Any

from boligmonitor.rules.texts import Text, number
from boligmonitor.web.briefing_texts import CHART_GROUPS, LABELS
from boligmonitor.web.svg import LINE_COLOURS, LINE_DASH

GROUPS: dict[str, tuple[str, ...]] = {
    "composition": ("residents", "nonwestern_share", "origin_dansk_share", "origin_indvandrer_vestlig_share",
                    "origin_indvandrer_ikke_vestlig_share", "origin_efterkommer_vestlig_share",
                    "origin_efterkommer_ikke_vestlig_share", "female_share", "age_0_5_share", "age_6_17_share",
                    "age_18_29_share", "age_30_49_share", "age_50_64_share", "age_65plus_share"),
    "work_education": ("outside_labour_18_64", "outside_labour_18_64_avg2", "outside_labour_18_64_avg4",
                       "employed_or_student_18_64", "basic_education_30_59", "higher_education_30_59",
                       "edu_grundskole_30_59_share", "edu_gymnasial_30_59_share", "edu_erhvervsfaglig_30_59_share",
                       "edu_kort_videregaaende_30_59_share", "edu_mellemlang_videregaaende_30_59_share",
                       "edu_lang_videregaaende_30_59_share", "edu_ukendt_30_59_share"),
    "income": ("mean_income_15_64", "income_ratio_region"),
    "crime": ("convicted_18plus", "convicted_18plus_avg2", "convicted_18plus_avg4", "convicted_ratio_national_avg2",
              "convicted_15plus", "charged_15plus"),
    "lbf": ("daycare_1_5", "grade_9th_avg", "turnout_18plus", "in_education_16_29", "basic_not_in_education_18_29",
            "neet_15_29", "charged_15_29"),
}
AREA_ONLY_KINDS = ("count",)
# The law writes the income criterion as a percentage of the region's (under 55 pct.), and the criteria table shows
# it so: the chart and its table use the same unit.
SHOWN_AS = {"income_ratio_region": "share"}
ELECTION_INDICATORS = ("turnout_18plus",)
WIDTH, HEIGHT = 400, 210
LEFT, RIGHT, TOP, BOTTOM = 58, 14, 12, 30
FONT = 13


def group_of(indicator_id: str) -> str:
    return next((g for g, ids in GROUPS.items() if indicator_id in ids), "lbf")


def value_text(value: float | None, kind: str, lang: str) -> str:
    """One unit per kind, the same in the chart, its table and the criteria: 12,3 %, 0,55×, 1.234."""
    if value is None:
        return "–"
    if kind == "share":
        return f"{number(value * 100, 1, lang)} %"
    if kind == "ratio":
        return f"{number(value, 2, lang)}×"
    if kind == "mean":
        return number(value, 0 if abs(value) >= 100 else 1, lang)
    return number(value, 0, lang)


def _scaled(value: float, kind: str) -> float:
    return value * 100 if kind == "share" else value


def nice_axis(top: float, kind: str) -> tuple[float, float]:
    """(ceiling, step): the smallest round step (1, 2, 2.5 or 5 times a power of ten) that reaches ``top`` in at
    most five steps, and the ceiling it gives; shares stop at 100 %."""
    top = max(top, 1e-9)
    power = 10.0 ** (math.floor(math.log10(top)) - 1)
    for _ in range(4):
        for m in (1, 2, 2.5, 5):
            step = m * power
            n = math.ceil(top / step - 1e-9)
            if n <= 5:
                ceiling = max(n, 1) * step
                return (min(ceiling, 100.0) if kind == "share" else ceiling), step
        power *= 10
    return top, top  # pragma: no cover - four decades always hold a step


def _tick_text(v: float, kind: str, step: float, lang: str) -> str:
    decimals = 0 if float(step).is_integer() else (1 if float(step * 10).is_integer() else 2)
    text = number(v, decimals, lang)
    return f"{text} %" if kind == "share" else f"{text}×" if kind == "ratio" else text


def no_election_years(item: dict[str, Any]) -> set[int]:
    """Years without an election: the whole country has no turnout (a suppressed or missing national cell)."""
    if item["indicator_id"] not in ELECTION_INDICATORS:
        return set()
    nation = next((s for s in item["series"] if s["unit_type"] == "nation"), None)
    if nation is None:
        return set()
    return {p["year"] for p in nation["points"] if p["value"] is None}


def chart_svg(item: dict[str, Any], names: dict[str, str], lang: str) -> str:
    """One indicator's lines over the years; an empty string when no value is published."""
    kind = item["kind"]
    series = [s for s in item["series"] if kind not in AREA_ONLY_KINDS or s["unit_type"] == "area"]
    pts = [_scaled(p["value"], kind) for s in series for p in s["points"] if p["value"] is not None]
    if not pts:
        return ""
    years = [p["year"] for p in series[0]["points"]]
    x0, x1 = min(years), max(years)
    ceiling, step = nice_axis(max(pts), kind)
    pw, ph = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def sx(year: float) -> float:
        return LEFT + (year - x0) / max(1, x1 - x0) * pw

    def sy(v: float) -> float:
        return TOP + ph - min(v, ceiling) / ceiling * ph

    title = escape(item["label"])
    desc = escape(", ".join(names.get(s["unit_type"], s["unit_type"]) for s in series))
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" class="chart" '
           f'aria-label="{title}"><title>{title}</title><desc>{desc}</desc>']
    k = 0
    while k * step <= ceiling + 1e-9:
        v = k * step
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{sy(v):.1f}" y2="{sy(v):.1f}" stroke="#e5e5e5"/>'
                   f'<text x="{LEFT - 6}" y="{sy(v) + 4:.1f}" text-anchor="end" font-size="{FONT}">'
                   f'{_tick_text(v, kind, step, lang)}</text>')
        k += 1
    every = max(1, math.ceil(len(years) / 5))
    for yr in years[::every]:
        out.append(f'<text x="{sx(yr):.1f}" y="{HEIGHT - 10}" text-anchor="middle" font-size="{FONT}">{yr}</text>')
    for s in series:
        colour, dash = LINE_COLOURS[s["unit_type"]], LINE_DASH[s["unit_type"]]
        width = 3 if s["unit_type"] == "area" else 2
        segments: list[list[str]] = [[]]
        for p in s["points"]:
            if p["value"] is None:
                segments.append([])
                continue
            segments[-1].append(f"{sx(p['year']):.1f},{sy(_scaled(p['value'], kind)):.1f}")
        for seg in segments:
            if len(seg) > 1:
                out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="{width}" '
                           f'stroke-dasharray="{dash}" points="{" ".join(seg)}"/>')
            elif seg:
                cx, cy = seg[0].split(",")
                out.append(f'<circle cx="{cx}" cy="{cy}" r="3" fill="{colour}"/>')
    out.append("</svg>")
    return "".join(out)


def legend(names: dict[str, str]) -> list[dict[str, str]]:
    return [{"unit_type": u, "name": names.get(u, u), "colour": LINE_COLOURS[u], "dash": LINE_DASH[u]}
            for u in ("area", "municipality", "region", "nation")]


def _table(item: dict[str, Any], lang: str, no_election: set[int]) -> list[dict[str, Any]]:
    series = [s for s in item["series"] if item["kind"] not in AREA_ONLY_KINDS or s["unit_type"] == "area"]
    rows = []
    for pts in zip(*(s["points"] for s in series), strict=True):
        year = pts[0]["year"]
        cells = []
        for p in pts:
            if year in no_election:
                cells.append(LABELS["no_election"].pick(lang))
            elif p.get("suppressed"):
                cells.append("◆")
            else:
                cells.append(value_text(p["value"], item["kind"], lang))
        rows.append({"year": year, "cells": cells})
    return rows


def grouped(profile: list[dict[str, Any]], names: dict[str, str], lang: str, draw: bool = True
            ) -> list[dict[str, Any]]:
    """The profile in the page's groups, each item with its chart, its table and the units its columns show."""
    out: dict[str, dict[str, Any]] = {g: {"group": g, "label": CHART_GROUPS[g].pick(lang), "items": []}
                                      for g in GROUPS}
    for item in profile:
        item = {**item, "kind": SHOWN_AS.get(item["indicator_id"], item["kind"])}
        no_election = no_election_years(item)
        units = [s["unit_type"] for s in item["series"]
                 if item["kind"] not in AREA_ONLY_KINDS or s["unit_type"] == "area"]
        out[group_of(item["indicator_id"])]["items"].append({
            "indicator_id": item["indicator_id"], "label": item["label"], "kind": item["kind"],
            "criterion": item["criterion"], "svg": chart_svg(item, names, lang) if draw else "",
            "unit": item["kind"],
            "columns": [names.get(u, u) for u in units], "table": _table(item, lang, no_election),
            "note": LABELS["no_election_note"].pick(lang) if no_election else "",
            "area_only": item["kind"] in AREA_ONLY_KINDS,
        })
    order = {i: n for ids in GROUPS.values() for n, i in enumerate(ids)}
    for g in out.values():
        g["items"].sort(key=lambda x: order.get(x["indicator_id"], 99))
    return [g for g in out.values() if g["items"]]


def group_label(group: str, lang: str) -> str:
    return CHART_GROUPS.get(group, Text(group, group)).pick(lang)
