"""Rank and compare areas (issue 12 §4): the data behind /rank/ and /compare/, their JSON twins, downloads and API.

* One kind of area at a time in a ranking: a helhedsplan area contains statutory areas, so ranking both together
  would count the same residents twice.
* Every area that is not ranked says why: its cell is suppressed, there is no value that year, or the viewer's role
  does not show that indicator for it.
* Each area is seen next to its municipality, its region and the nation (the same comparison the area page draws,
  for the indicators the viewer may see for that area).
* The cost does not grow with the number of areas: areas come from the per-worker cache, cells from one query per
  unit type (area, municipality, region, nation), list status from one query.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from boligmonitor.errors import NotFound
from boligmonitor.rules.texts import CATEGORY_LABELS, Text, number
from boligmonitor.web import models as m
from boligmonitor.web import queries
from boligmonitor.web.access import Viewer

KINDS = ("statutory", "helhedsplan", "custom")
KIND_LABELS: dict[str, Text] = {
    "statutory": Text("Boligområde efter loven", "Statutory housing area"),
    "helhedsplan": Text("Helhedsplanområde", "Comprehensive-plan area"),
    "custom": Text("Eget område", "Own area"),
}
UNIT_LABELS: dict[str, Text] = {
    "municipality": Text("Kommune", "Municipality"), "region": Text("Region", "Region"),
    "nation": Text("Hele landet", "Denmark"),
}
STATUSES = ("listed", "not_listed")  # besides a category id
STATUS_LABELS: dict[str, Text] = {
    "listed": Text("på en liste", "on a list"), "not_listed": Text("ikke på nogen liste", "on no list"),
}
REASONS: dict[str, Text] = {
    "suppressed": Text("diskretioneret: for få personer bag tallet", "suppressed: too few persons behind the figure"),
    "no_data": Text("ingen værdi i dataåret {year}", "no value in data year {year}"),
    "not_shown": Text("indikatoren vises kun for egne områder efter login",
                      "this indicator is shown only for your own areas after logging in"),
}
NOT_LISTED = Text("ikke på nogen liste", "on no list")
MAX_COMPARED = 8
PICKER_LIMIT = 60
MANY_UNITS = 100


def _pick(t: Text, lang: str, **values: object) -> str:
    return (t.format(**values) if values else t).pick(lang)


def status_year(v: m.Vintage, data_year: int) -> int:
    """The list whose newest data year is ``data_year`` (a list of 1 December Y uses data year Y-1), kept within
    the vintage's list years: list status next to a data year refers to that list."""
    return min(max(data_year + 1, v.first_list_year), v.last_list_year)


def list_status(v: m.Vintage, list_year: int) -> dict[str, list[str]]:
    """Each listed area's categories in a list year, strongest first (one query)."""
    out: dict[str, list[str]] = defaultdict(list)
    for a, c in m.Classification.objects.filter(vintage=v, list_year=list_year, member=True).values_list(
            "area_id", "category"):
        out[a].append(c)
    return {a: sorted(cs, key=queries.STRENGTH.index) for a, cs in out.items()}


def _status_text(cats: list[str], lang: str) -> str:
    return ", ".join(CATEGORY_LABELS[c].pick(lang) for c in cats) if cats else NOT_LISTED.pick(lang)


def _check_status(status: str | None, lang: str) -> None:
    if status and status not in STATUSES and status not in CATEGORY_LABELS:
        choices = ", ".join([*STATUSES, *CATEGORY_LABELS])
        raise NotFound(Text(f"'status' skal være en af {choices}", f"'status' must be one of {choices}").pick(lang))


def _has_status(cats: list[str], status: str | None) -> bool:
    if not status:
        return True
    if status == "listed":
        return bool(cats)
    if status == "not_listed":
        return not cats
    return status in cats


def _check_indicator(indicator: str, lang: str) -> None:
    if indicator not in queries.INDICATOR_META:
        raise NotFound(Text(f"indikatoren '{indicator[:40]}' findes ikke; se /api/indicators for kataloget",
                            f"unknown indicator '{indicator[:40]}'; see /api/indicators for the catalogue").pick(lang))


def cells(v: m.Vintage, year: int, indicators: Iterable[str], units: dict[str, set[str]],
          ) -> dict[tuple[str, str], dict[str, dict[str, Any]]]:
    """Published cells of one data year: (unit_type, unit_id) -> indicator -> cell, one query per unit type.

    One indicator (rank) is read through the (indicator, year, unit type) index; several (compare) through the
    (unit type, unit) index with the indicators picked here: SQLite given both lists walks the indicator index once
    per indicator over every area (190 ms at 2,000 areas against 3 ms)."""
    wanted = set(indicators)
    out: dict[tuple[str, str], dict[str, dict[str, Any]]] = defaultdict(dict)
    for unit_type, ids in units.items():
        if not ids or not wanted:
            continue
        qs = m.IndicatorValue.objects.filter(vintage=v, unit_type=unit_type, year=year)
        if len(wanted) == 1:
            qs = qs.filter(indicator_id=next(iter(wanted)))
        if len(wanted) > 1 or len(ids) <= MANY_UNITS:  # building an IN of 2,000 ids costs more than reading all
            qs = qs.filter(unit_id__in=sorted(ids))
        for uid, ind, num, den, val, sup in qs.values_list("unit_id", "indicator_id", "numerator", "denominator",
                                                           "value", "suppression"):
            if ind in wanted and uid in ids:
                out[(unit_type, uid)][ind] = {"value": val, "numerator": num, "denominator": den,
                                              "suppression": sup}
    return out


def _value(cell: dict[str, Any] | None) -> float | None:
    return None if cell is None or cell["suppression"] is not None else cell["value"]


def _names(v: m.Vintage) -> tuple[dict[int, str], dict[int, str]]:
    municipalities = {c: n for c, n in m.Municipality.objects.filter(vintage=v).values_list("code", "name")}
    regions = {c: n for c, n in m.Region.objects.filter(vintage=v).values_list("code", "name")}
    return municipalities, regions


# ---------------------------------------------------------------------------------------------------- rank

def rank_page(v: m.Vintage, viewer: Viewer, indicator: str, year: int | None = None, within: str = "nation",
              code: int | None = None, lang: str = "da", kind: str = "statutory",
              status: str | None = None) -> dict[str, Any]:
    """Areas of one kind ranked on one indicator (highest first, equal values share a rank) within the nation, a
    region or a municipality, optionally only those with a list status; with the reference values beside them."""
    if within not in queries.SCOPES:
        raise NotFound(Text(f"'within' skal være en af {', '.join(queries.SCOPES)}",
                            f"'within' must be one of {', '.join(queries.SCOPES)}").pick(lang))
    if kind not in KINDS:
        raise NotFound(Text(f"'kind' skal være en af {', '.join(KINDS)}",
                            f"'kind' must be one of {', '.join(KINDS)}").pick(lang))
    _check_indicator(indicator, lang)
    _check_status(status, lang)
    year = year or v.last_data_year
    list_year = status_year(v, year)
    statuses = list_status(v, list_year)
    areas = {a: x for a, x in queries._areas(v, viewer).items() if x.kind == kind
             and (within == "nation" or (within == "region" and x.region_code == code)
                  or (within == "municipality" and x.municipality_code == code))
             and _has_status(statuses.get(a, []), status)}
    shown = {a for a, x in areas.items() if (viewer.indicators_for(x) is None
                                             or indicator in (viewer.indicators_for(x) or ()))}
    municipalities, regions = _names(v)
    found = cells(v, year, [indicator], {
        "area": shown, "municipality": {str(areas[a].municipality_code) for a in shown},
        "region": {str(areas[a].region_code) for a in shown}, "nation": {"DK"} if shown else set()})
    value = {a: _value(found.get(("area", a), {}).get(indicator)) for a in shown}
    ranked = sorted((a for a in shown if value[a] is not None), key=lambda a: (-(value[a] or 0.0), a))
    rows, previous, place = [], None, 0
    for i, a in enumerate(ranked):
        if value[a] != previous:
            place, previous = i + 1, value[a]
        x = areas[a]
        rows.append({"rank": place, "area_id": a, "name": x.name, "kind": x.kind, "kind_label": _pick(
            KIND_LABELS[x.kind], lang), "municipality_code": x.municipality_code,
            "municipality": municipalities.get(x.municipality_code, ""), "region": regions.get(x.region_code, ""),
            "value": value[a], "status": _status_text(statuses.get(a, []), lang) if x.kind == "statutory" else "",
            "municipality_value": _value(found.get(("municipality", str(x.municipality_code)), {}).get(indicator)),
            "region_value": _value(found.get(("region", str(x.region_code)), {}).get(indicator)),
            "nation_value": _value(found.get(("nation", "DK"), {}).get(indicator))})
    not_ranked = []
    for a in sorted(set(areas) - set(ranked), key=lambda a: (areas[a].name, a)):
        cell = found.get(("area", a), {}).get(indicator)
        reason = "not_shown" if a not in shown else "no_data" if cell is None else "suppressed"
        not_ranked.append({"area_id": a, "name": areas[a].name, "reason": reason,
                           "reason_text": _pick(REASONS[reason], lang, year=year)})
    return {"vintage": queries.vintage_info(v), "indicator": indicator,
            "indicator_label": queries.indicator_label(indicator, lang),
            "kind_of_value": queries.INDICATOR_META[indicator]["kind"], "year": year, "within": within,
            "code": code, "area_kind": kind, "status": status or "", "status_year": list_year,
            "rows": rows, "not_ranked": not_ranked}


# ---------------------------------------------------------------------------------------------------- compare

def compare_page(v: m.Vintage, viewer: Viewer, area_ids: list[str], year: int | None = None,
                 lang: str = "da") -> dict[str, Any]:
    """Up to eight areas side by side on every indicator the viewer may see for all of them, in one data year, with
    a column for each of their municipalities, their regions and the nation, and each area's list status."""
    if not area_ids:
        raise NotFound(Text("vælg mindst ét område at sammenligne (area=A0001&area=A0002)",
                            "choose at least one area to compare (area=A0001&area=A0002)").pick(lang))
    year = year or v.last_data_year
    every = {a.area_id: a for a in queries._vintage_areas(v.pk, v.checksum, False)}
    chosen: list[m.Area] = []
    for a in dict.fromkeys(area_ids):  # the same area twice is one column
        x = every.get(a)
        if x is None or not viewer.may_see(x):  # as get_area: unseen and nonexistent answer alike
            raise NotFound(Text(f"området '{a[:40]}' findes ikke i dataudgave {v.pk}",
                                f"area '{a[:40]}' is not in data vintage {v.pk}").pick(lang))
        chosen.append(x)
    dropped = len(chosen) - MAX_COMPARED
    chosen = chosen[:MAX_COMPARED]
    allowed: set[str] = set(queries.INDICATOR_META)
    for x in chosen:
        ind = viewer.indicators_for(x)
        if ind is not None:
            allowed &= ind
    municipalities, regions = _names(v)
    mun_codes = sorted({x.municipality_code for x in chosen}, key=lambda c: municipalities.get(c, ""))
    reg_codes = sorted({x.region_code for x in chosen})
    columns = [{"unit_type": "area", "unit_id": x.area_id, "name": x.name,
                "kind_label": _pick(KIND_LABELS[x.kind], lang)} for x in chosen]
    columns += [{"unit_type": "municipality", "unit_id": str(c), "name": municipalities.get(c, str(c)),
                 "kind_label": _pick(UNIT_LABELS["municipality"], lang)} for c in mun_codes]
    columns += [{"unit_type": "region", "unit_id": str(c), "name": regions.get(c, str(c)),
                 "kind_label": _pick(UNIT_LABELS["region"], lang)} for c in reg_codes]
    columns.append({"unit_type": "nation", "unit_id": "DK", "name": _pick(UNIT_LABELS["nation"], lang),
                    "kind_label": ""})
    units: dict[str, set[str]] = defaultdict(set)
    for c in columns:
        units[c["unit_type"]].add(c["unit_id"])
    found = cells(v, year, allowed, units)
    rows = []
    for ind_id, meta in queries.INDICATOR_META.items():
        if ind_id not in allowed:
            continue
        area_cells = [found.get(("area", x.area_id), {}).get(ind_id) for x in chosen]
        if all(c is None for c in area_cells):
            continue
        rows.append({"indicator_id": ind_id, "label": queries.indicator_label(ind_id, lang), "kind": meta["kind"],
                     "values": [queries._point(year, found.get((c["unit_type"], c["unit_id"]), {}).get(ind_id))
                                for c in columns]})
    list_year = status_year(v, year)
    statuses = list_status(v, list_year)
    return {"vintage": queries.vintage_info(v), "year": year, "status_year": list_year,
            "areas": [{"area_id": x.area_id, "name": x.name, "kind": x.kind,
                       "kind_label": _pick(KIND_LABELS[x.kind], lang),
                       "municipality": municipalities.get(x.municipality_code, ""),
                       "status": _status_text(statuses.get(x.area_id, []), lang) if x.kind == "statutory" else ""}
                      for x in chosen],
            "columns": columns, "rows": rows,
            "note": "" if dropped <= 0 else Text(
                f"højst {MAX_COMPARED} områder sammenlignes; de første {MAX_COMPARED} er vist",
                f"at most {MAX_COMPARED} areas are compared; the first {MAX_COMPARED} are shown").pick(lang)}


def picker(v: m.Vintage, viewer: Viewer, q: str = "", status: str | None = None, kind: str | None = None,
           lang: str = "da") -> dict[str, Any]:
    """The areas to choose from on the compare page: searched by name, area id or municipality, filtered by kind
    and list status (in the newest list), at most PICKER_LIMIT of them."""
    _check_status(status, lang)
    if kind and kind not in KINDS:
        raise NotFound(Text(f"'kind' skal være en af {', '.join(KINDS)}",
                            f"'kind' must be one of {', '.join(KINDS)}").pick(lang))
    statuses = list_status(v, v.last_list_year)
    needle = q.strip().casefold()
    found = []
    for a in queries.area_index(v, viewer):
        cats = statuses.get(a["area_id"], [])
        if kind and a["kind"] != kind:
            continue
        if status and (a["kind"] != "statutory" or not _has_status(cats, status)):
            continue
        if needle and not any(needle in str(a[k]).casefold() for k in ("name", "area_id", "municipality")):
            continue
        found.append({**a, "kind_label": _pick(KIND_LABELS[a["kind"]], lang),
                      "status": _status_text(cats, lang) if a["kind"] == "statutory" else ""})
    return {"q": q, "status": status or "", "kind": kind or "", "count": len(found),
            "matches": found[:PICKER_LIMIT], "limit": PICKER_LIMIT, "list_year": v.last_list_year}


def filter_choices(lang: str) -> dict[str, list[dict[str, str]]]:
    """The kinds and list statuses for the forms' choice lists."""
    return {"kinds": [{"id": k, "label": t.pick(lang)} for k, t in KIND_LABELS.items()],
            "statuses": [{"id": k, "label": t.pick(lang)} for k, t in STATUS_LABELS.items()]
            + [{"id": c, "label": t.pick(lang)} for c, t in CATEGORY_LABELS.items()]}


def shown(value: float | None, kind: str, lang: str) -> str:
    """A value as the pages write it (templatetags.monitor.by_kind: shares in percent with one decimal, ratios with
    two, means with none from 100 up), without Django's per-call locale lookups: a ranking of 2,000 areas writes
    8,000 numbers, and those lookups were half its time."""
    if value is None:
        return "–"
    if kind == "share":
        return f"{number(round(float(value) * 100, 1), 1, lang)} %"
    if kind == "ratio":
        return number(round(float(value), 2), 2, lang)
    if kind == "mean":
        digits = 0 if abs(float(value)) >= 100 else 1
        return number(round(float(value), digits), digits, lang)
    return number(round(float(value)), 0, lang)
