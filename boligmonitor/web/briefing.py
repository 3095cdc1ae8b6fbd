"""The area page as a briefing: a plain-language summary first, then the current law's criteria, the other law
versions folded, one list history over every category name since 2010, related areas, the charts in groups.

``area_briefing`` adds a ``briefing`` part to what ``queries.area_page`` returns (the page, its JSON twin and the PDF
read the same dict). Rule-set ids, parameter ids, the rules hash and category codes go to ``briefing.technical``
only; the page shows them inside a details element.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from boligmonitor.published import explain_from_rows, localised
from boligmonitor.rules import categories_in_force
from boligmonitor.rules.texts import CATEGORY_LABELS, NOTES, Text
from boligmonitor.web import area_status, queries
from boligmonitor.web import models as m
from boligmonitor.web.access import Viewer
from boligmonitor.web.briefing_texts import KIND, LABELS, MARGIN_KIND, SUMMARY

# Part of the cache key of the public area PDF: the cache keys on vintage, page and language only, so a PDF cached
# with an earlier layout would otherwise still be served after an upgrade. Change it when the PDF's content changes.
PDF_LAYOUT = "briefing-1"
# Versions of the criteria by first list year (criteria-sources.md), and the last list year of each.
LAW_VERSIONS = ((2010, 2012), (2013, 2017), (2018, 2020), (2021, None))


def law_version(year: int) -> tuple[int, int | None]:
    return next(v for v in reversed(LAW_VERSIONS) if year >= v[0])


def _joined(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + (" and " if lang == "en" else " og ") + items[-1]


def history_table(rows: list[dict[str, Any]], years: list[int], lang: str) -> dict[str, Any]:
    """Every category the law has named since 2010 as a column, every list year as a row: a list that did not exist
    in a year is marked so, whichever year the page shows."""
    status: dict[tuple[int, str], bool | None] = {(r["list_year"], r["category"]): r["member"] for r in rows}
    in_force = {y: set(categories_in_force(y)) for y in years}
    columns = []
    for c in area_status.HISTORY_ORDER:
        existed = [y for y in years if c in in_force[y]]
        if existed:
            columns.append({"category": c, "label": CATEGORY_LABELS[c].pick(lang),
                            "years": f"{existed[0]}–{existed[-1]}" if len(existed) > 1 else str(existed[0])})
    out_rows = []
    for y in years:
        cells = []
        for col in columns:
            c = col["category"]
            state = ("not_a_list" if c not in in_force[y] else "unknown" if (y, c) not in status
                     else "undetermined" if status[(y, c)] is None else "on" if status[(y, c)] else "off")
            cells.append({"category": c, "state": state})
        out_rows.append({"list_year": y, "cells": cells})
    return {"columns": columns, "rows": out_rows}


def _criteria_changes(rows: list[dict[str, Any]], year: int, category: str, lang: str) -> list[str]:
    now = next((r for r in rows if r["list_year"] == year and r["category"] == category), None)
    before = next((r for r in rows if r["list_year"] == year - 1 and r["category"] == category), None)
    if now is None or before is None:
        return []
    was = {c["id"]: c["met"] for c in before["criteria"]}
    return [NOTES["now_met" if c["met"] else "no_longer_met"].pick(lang).format(label=localised(c, "label", lang))
            for c in now["criteria"] if c["id"] in was and was[c["id"]] != c["met"] and c["met"] is not None]


def summary(name: str, explanation: dict[str, Any], rows: list[dict[str, Any]], first_year: int,
            lang: str) -> list[str]:
    """The briefing's opening sentences, each a complete statement."""
    year = explanation["list_year"]
    st = area_status.standing(rows, year, lang)
    date = explanation["list_date_text"]
    out: list[str] = []
    if st["lists"]:
        items = [SUMMARY["item"].format(label=x["label"], years=x["years"]).pick(lang) for x in st["lists"]]
        key = "on_one" if len(items) == 1 else "on_lists"
        out.append(SUMMARY[key].format(name=name, n=len(items), date=date, items=_joined(items, lang)).pick(lang))
    else:
        out.append(SUMMARY["on_none"].format(name=name, date=date).pick(lang))
        earlier = sorted({r["list_year"] for r in rows if r["member"] and r["list_year"] < year})
        if earlier:
            last = earlier[-1]
            labels = sorted({CATEGORY_LABELS[r["category"]].pick(lang) for r in rows
                             if r["member"] and r["list_year"] == last})
            out.append(SUMMARY["last_on"].format(year=last, labels=_joined(labels, lang)).pick(lang))
        else:
            out.append(SUMMARY["never_on"].format(first=first_year, year=year).pick(lang))
    if st["undetermined"]:
        out.append(SUMMARY["undetermined"].format(labels=_joined([x["label"] for x in st["undetermined"]], lang))
                   .pick(lang))
    main = area_status.main_decision(explanation["decisions"])
    if main is not None:
        met = [c["label"] for c in main["criteria"] if c["met"]]
        unknown = sum(1 for c in main["criteria"] if c["met"] is None)
        n, label = len(main["criteria"]), main["category_label"]
        out.append((SUMMARY["criteria"].format(label=label, k=len(met), n=n, met=_joined(met, lang)) if met
                    else SUMMARY["criteria_none"].format(label=label, n=n)).pick(lang))
        if unknown:
            out.append(SUMMARY["criteria_open"].format(k=unknown).pick(lang))
    near = st["closest"]
    if near is not None:
        out.append(SUMMARY[near["kind"]].format(category=near["category_label"], label=near["label"],
                                                margin=near["margin_text"]).pick(lang))
    prev = st["compared_with"]
    if prev is not None:
        if st["entered"]:
            out.append(SUMMARY["entered"].format(year=prev, labels=_joined([x["label"] for x in st["entered"]], lang))
                       .pick(lang))
        if st["left"]:
            out.append(SUMMARY["left"].format(year=prev, labels=_joined([x["label"] for x in st["left"]], lang))
                       .pick(lang))
        if not st["entered"] and not st["left"]:
            out.append(SUMMARY["no_change"].format(year=prev).pick(lang))
        if main is not None:
            changes = _criteria_changes(rows, year, main["category"], lang)
            if changes:
                out.append(SUMMARY["criteria_changed"].format(year=prev, changes="; ".join(changes)).pick(lang))
    return out


def _shown_decisions(decisions: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """Decisions as the page shows them: the margin column named for what it is (exit path or distance)."""
    out = []
    for d in decisions:
        kind = "exit" if d["member"] else "to_list" if d["member"] is False else "flip"
        out.append({**d, "margin_heading": MARGIN_KIND[kind].pick(lang), "margin_kind": kind})
    return out


def other_versions(rows: list[dict[str, Any]], area: dict[str, Any], year: int, years: list[int], synthetic: bool,
                   lang: str) -> list[dict[str, Any]]:
    """The area's decisions under every other version of the law, each at its latest list year in the vintage."""
    current = law_version(year)
    out = []
    for first, last in LAW_VERSIONS:
        if (first, last) == current:
            continue
        held = [y for y in years if y >= first and (last is None or y <= last)]
        if not held:
            continue
        shown = held[-1]
        ex = explain_from_rows(rows, {"name": area["name"], "municipality_code": area["municipality_code"]},
                               area["municipality"], shown, synthetic, lang)
        ex["decisions"].sort(key=lambda d: (0 if d["member"] else 1 if d["member"] is None else 2,
                                            area_status.STRENGTH.index(d["category"])))
        span = f"{held[0]}–{last or held[-1]}" if (last or held[-1]) != held[0] else str(held[0])
        out.append({"version": first, "list_year": shown, "list_date_text": ex["list_date_text"],
                    "title": LABELS["law_version"].format(version=first, years=span, year=shown).pick(lang),
                    "decisions": _shown_decisions(ex["decisions"], lang)})
    return out


def related(v: m.Vintage, viewer: Viewer, a: dict[str, Any], lang: str) -> dict[str, Any]:
    """A helhedsplan area's statutory areas (those sharing an afdeling with it on 31 December of the latest data
    year) and, for a statutory area, the helhedsplan areas it is part of; only areas the viewer may see."""
    day = dt.date(v.last_data_year, 12, 31)
    members = m.Membership.objects.filter(vintage=v, valid_from__lte=day).exclude(valid_to__lt=day)
    own = set(members.filter(area_id=a["area_id"]).values_list("afdeling_id", flat=True))
    others = set(members.filter(afdeling_id__in=sorted(own)).exclude(area_id=a["area_id"])
                 .values_list("area_id", flat=True))
    visible = {x.area_id: x for x in m.Area.objects.filter(vintage=v, area_id__in=sorted(others)) if viewer.may_see(x)}
    want = "statutory" if a["kind"] == "helhedsplan" else "helhedsplan" if a["kind"] == "statutory" else None
    found = [{"area_id": x.area_id, "name": x.name} for x in sorted(visible.values(), key=lambda x: x.name)
             if x.kind == want]
    key = "contains" if a["kind"] == "helhedsplan" else "part_of"
    sentence = (SUMMARY[key].format(names=_joined([f["name"] for f in found], lang)).pick(lang) if found else "")
    return {"kind": key, "areas": found, "sentence": sentence}


def technical(explanation: dict[str, Any] | None, v: dict[str, Any], a: dict[str, Any]) -> dict[str, Any]:
    """The ids behind the page, for those who want them (never in the page's running text)."""
    out: dict[str, Any] = {"area_kind": a["kind"], "vintage_checksum": v["checksum"],
                           "rules_version": v["rules_version"], "decisions": []}
    if explanation is not None:
        out["rules_version"] = explanation["rules_version"]
        out["decisions"] = [{"category": d["category"], "rule_set": d["rule_set"],
                             "parameters": [{"criterion": c["id"], "parameter": c.get("parameter")}
                                            for c in d["criteria"]]} for d in explanation["decisions"]]
    return out


def area_briefing(v: m.Vintage, viewer: Viewer, area_id: str, year: int | None, lang: str) -> dict[str, Any]:
    """``queries.area_page`` and the briefing on top of it."""
    data = queries.area_page(v, viewer, area_id, year, lang)
    a, explanation = data["area"], data["explanation"]
    years = list(range(v.first_list_year, v.last_list_year + 1))
    briefing: dict[str, Any] = {"kind_text": KIND.get(a["kind"], Text(a["kind"], a["kind"])).pick(lang),
                                "related": related(v, viewer, a, lang), "technical": technical(explanation,
                                                                                               data["vintage"], a)}
    if explanation is not None:
        rows = queries._classification_rows(v, area_id=a["area_id"])
        briefing["summary"] = summary(a["name"], explanation, rows, v.first_list_year, lang)
        briefing["decisions"] = _shown_decisions(explanation["decisions"], lang)
        briefing["other_versions"] = other_versions(rows, a, explanation["list_year"], years, v.synthetic, lang)
        briefing["history"] = history_table(rows, years, lang)
        briefing["standing"] = area_status.standing(rows, explanation["list_year"], lang)
    else:
        briefing["summary"] = []
    if briefing["related"]["sentence"]:
        briefing["summary"].append(briefing["related"]["sentence"])
    data["briefing"] = briefing
    return data

