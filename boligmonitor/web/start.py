"""The start page for each role (issue 12 §1).

* municipality, housing organisation, board: "Mine områder" — the areas in the viewer's scope with their list status,
  the change since last year, the criterion closest to its threshold with the margin, and the plans covering them.
* national analyst and administrator: the national picture — areas on each list per year, areas new and left.
* the public: what the lists are and the latest lists.
Every role gets a search box (name, area id or municipality) over the areas it may see.

Reads go through ``queries`` (areas, lists, vintage) and the plans app's own query functions; one query for the
scope's whole list history and one for the latest year's criteria, however many areas are in scope.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Count

from boligmonitor.rules import categories_in_force, list_date
from boligmonitor.rules.texts import CATEGORY_LABELS, date_text
from boligmonitor.web import area_status, queries
from boligmonitor.web import models as m
from boligmonitor.web.access import Viewer
from boligmonitor.web.briefing_texts import LIST_EXPLAINED, MARGIN_KIND, START
from boligmonitor.web.plans import queries as plan_queries

SCOPED_ROLES = ("municipality", "organisation", "board")
SEARCH_LIMIT = 50


def kind_of(viewer: Viewer) -> str:
    if viewer.role in SCOPED_ROLES:
        return "mine"
    return "national" if viewer.sees_everything else "public"


def search(v: m.Vintage, viewer: Viewer, q: str) -> list[dict[str, Any]]:
    """Areas the viewer may see whose name, id or municipality contains ``q`` (case and spacing ignored)."""
    needle = " ".join(q.split()).casefold()
    if not needle:
        return []
    hits = [a for a in queries.area_index(v, viewer)
            if needle in a["name"].casefold() or needle in a["area_id"].casefold()
            or needle in a["municipality"].casefold()]
    return hits[:SEARCH_LIMIT]


def _plans_by_area(v: m.Vintage, viewer: Viewer, lang: str) -> dict[str, list[dict[str, Any]]]:
    """The plans the viewer may read, by the areas they cover (through the plans app's own query)."""
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for p in plan_queries.plan_list(viewer, v, lang)["plans"]:
        for area_id in p["areas"]:
            out[area_id].append({"id": p["id"], "title": p["title"], "kind_text": p["kind_text"],
                                 "status_text": p["status_text"], "href": f"/plans/{p['id']}/"})
    return out


def _contained(v: m.Vintage, areas: list[m.Area], statutory: set[str]) -> dict[str, list[str]]:
    """For each non-statutory area: the statutory areas sharing an afdeling with it at the end of the latest data
    year (a board's helhedsplan area shows the lists of the areas it holds)."""
    wrappers = [a.area_id for a in areas if a.kind != "statutory"]
    if not wrappers:
        return {}
    day = dt.date(v.last_data_year, 12, 31)
    members = m.Membership.objects.filter(vintage=v, valid_from__lte=day).exclude(valid_to__lt=day)
    afd: dict[str, set[str]] = defaultdict(set)
    for area_id, afdeling in members.filter(area_id__in=wrappers).values_list("area_id", "afdeling_id"):
        afd[afdeling].add(area_id)
    out: dict[str, list[str]] = defaultdict(list)
    for area_id, afdeling in members.filter(afdeling_id__in=sorted(afd)).values_list("area_id", "afdeling_id"):
        if area_id in statutory:
            for w in afd[afdeling]:
                if area_id not in out[w]:
                    out[w].append(area_id)
    return out


def my_areas(v: m.Vintage, viewer: Viewer, lang: str) -> list[dict[str, Any]]:
    """The viewer's own areas (full profile), each with its standing in the latest list year and its plans."""
    visible = queries._areas(v, viewer)
    mine = [a for a in visible.values() if viewer.full_profile(a)]
    contained = _contained(v, mine, {a for a, x in visible.items() if x.kind == "statutory"})
    statutory_ids = sorted({a.area_id for a in mine if a.kind == "statutory"}
                           | {s for ids in contained.values() for s in ids})
    year = v.last_list_year
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    history = m.Classification.objects.filter(vintage=v, area_id__in=statutory_ids)
    for area_id, y, category, member in history.values_list("area_id", "list_year", "category", "member"):
        rows[area_id].append({"list_year": y, "category": category, "member": member, "criteria": []})
    latest = {(a, c): crit for a, c, crit in history.filter(list_year=year)
              .values_list("area_id", "category", "criteria")}
    for area_id, rs in rows.items():
        for r in rs:
            if r["list_year"] == year:
                r["criteria"] = latest.get((area_id, r["category"])) or []
    plans = _plans_by_area(v, viewer, lang)
    names = queries.municipality_names(v)

    def entry(a: m.Area, inside: str | None = None) -> dict[str, Any]:
        st = area_status.standing(rows[a.area_id], year, lang) if a.area_id in rows else None
        near = st["closest"] if st else None
        if near is not None:
            near = {**near, "kind_text": MARGIN_KIND[near["kind"]].pick(lang)}
        return {"area_id": a.area_id, "name": a.name, "kind": a.kind,
                "municipality": names.get(str(a.municipality_code), ""), "within": inside,
                "lists": st["lists"] if st else [], "undetermined": st["undetermined"] if st else [],
                "entered": st["entered"] if st else [], "left": st["left"] if st else [],
                "compared_with": st["compared_with"] if st else None, "closest": near,
                "plans": plans.get(a.area_id, []),
                "contains": [{"area_id": s, "name": visible[s].name} for s in contained.get(a.area_id, [])
                             if s in visible]}

    out = []
    for a in sorted(mine, key=lambda x: (x.kind != "statutory", x.name)):
        out.append(entry(a))
        for s in contained.get(a.area_id, []):
            if s in visible and not viewer.full_profile(visible[s]):
                out.append(entry(visible[s], inside=a.name))
    return out


def national(v: m.Vintage, viewer: Viewer, lang: str) -> dict[str, Any]:
    """Areas on each list per list year (one grouped query) and the areas new and left in the latest year."""
    years = list(range(v.first_list_year, v.last_list_year + 1))
    grouped = (m.Classification.objects.filter(vintage=v, member=True).order_by()
               .values("list_year", "category").annotate(n=Count("id")))
    counts = {(g["list_year"], g["category"]): g["n"] for g in grouped}
    in_force = {y: set(categories_in_force(y)) for y in years}
    columns = [{"category": c, "label": CATEGORY_LABELS[c].pick(lang)} for c in area_status.HISTORY_ORDER
               if any(c in in_force[y] for y in years)]
    table = [{"year": y, "cells": [counts.get((y, c["category"]), 0) if c["category"] in in_force[y] else None
                                   for c in columns]} for y in reversed(years)]
    page = queries.list_page(v, viewer, v.last_list_year, lang=lang)
    moves = []
    for c in page["categories"]:
        new = [r for r in page["rows"] if r["category"] == c["category"] and r["change"] == "new"]
        left = [r for r in page["rows"] if r["category"] == c["category"] and r["change"] == "left"]
        moves.append({"category": c["category"], "label": c["label"], "members": c["members"],
                      "new": [{"area_id": r["area_id"], "name": r["name"], "municipality": r["municipality"],
                               "difference": r["difference"]} for r in new],
                      "left": [{"area_id": r["area_id"], "name": r["name"], "municipality": r["municipality"],
                                "difference": r["difference"]} for r in left]})
    return {"columns": columns, "counts": table, "moves": moves}


def public(v: m.Vintage, viewer: Viewer, lang: str) -> dict[str, Any]:
    page = queries.list_page(v, viewer, v.last_list_year, lang=lang)
    cats = categories_in_force(v.last_list_year)
    return {"lists": page["categories"],
            "explained": [{"category": c, "label": CATEGORY_LABELS[c].pick(lang),
                           "text": LIST_EXPLAINED[c].pick(lang)} for c in cats if c in LIST_EXPLAINED],
            "computed": START["computed"].format(label=v.label).pick(lang)}


def start_page(v: m.Vintage, viewer: Viewer, lang: str, q: str = "") -> dict[str, Any]:
    """The start page's data for this viewer (the page and its JSON twin)."""
    kind = kind_of(viewer)
    year = v.last_list_year
    out: dict[str, Any] = {"vintage": queries.vintage_info(v), "kind": kind, "year": year,
                           "list_date": list_date(year).isoformat(), "list_date_text": date_text(list_date(year))
                           .pick(lang), "q": q, "results": search(v, viewer, q) if q.strip() else None}
    if kind == "mine":
        out["areas"] = my_areas(v, viewer, lang)
    elif kind == "national":
        out.update(national(v, viewer, lang))
    else:
        out.update(public(v, viewer, lang))
    return out
