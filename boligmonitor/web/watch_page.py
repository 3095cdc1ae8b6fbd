"""The early-warning watchlist page (issue 11): every statutory area, listed or not, with its distance to each
statutory line (the classification's own margins, in residents and percentage points; a withheld margin stays
withheld), the direction of the last lists and the flags of :mod:`boligmonitor.forecast.watchlist`. One function,
:func:`watch_page`, serves the page, its JSON twin, the CSV/XLSX downloads and ``/api/watchlist``.

Who sees what: every input is a published cell of the public profile or a published decision (ADR 0013 §9), so the
rows are those of the areas the viewer may see at all (``queries._areas``: the statutory areas for everyone, plus the
viewer's own scope). The watchlist itself is computed once per worker, vintage and list year over every area (the
rule functions run on what-ifs: about two seconds at 2,000 areas) and filtered per request; an area's flags depend
on its own rows only, so the filtering changes nothing in the rows that remain.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from boligmonitor import output
from boligmonitor.errors import NotFound
from boligmonitor.forecast import data as watch_data
from boligmonitor.forecast.texts import DIRECTIONS, FLAGS, WATCH_COLUMNS
from boligmonitor.forecast.watchlist import Watchlist, watchlist
from boligmonitor.published import SYNTHETIC_BANNER
from boligmonitor.rules.texts import Text, number
from boligmonitor.web import exportcache, exports, params, queries, svg
from boligmonitor.web import models as m
from boligmonitor.web.access import Viewer
from boligmonitor.web.views import _download, _int, _json, _vintage, guarded, lang_of, viewer

PAGE_SIZE = 50  # areas per page: each brings a table of its 10-25 lines

T = {
    "title": Text("Overvågningsliste", "Watchlist"),
    "intro": Text("Alle lovens områder, på en liste eller ej: afstanden til hver grænse i lovens kriterier (i "
                  "beboere og procentpoint), retningen over de seneste lister og markeringer for områder, der nærmer "
                  "sig eller er på vej af en liste.",
                  "Every statutory area, listed or not: the distance to each line of the law's criteria (in residents "
                  "and percentage points), the direction over the latest lists, and flags for areas approaching or "
                  "leaving a list."),
    "computed": Text("Beregnet af boligmonitor ud fra dataudgaven {label}. Ikke en officiel "
                     "liste: de officielle lister offentliggøres af Social- og Boligministeriet.",
                     "Computed by boligmonitor from the data vintage {label}. Not an official "
                     "list: the official lists are published by the Ministry of Social Affairs and Housing."),
    "year": Text("Listeår", "List year"), "municipality": Text("Kommune", "Municipality"),
    "organisation": Text("Boligorganisation", "Housing organisation"), "flag": Text("Markering", "Flag"),
    "all": Text("Alle", "All"), "show": Text("Vis", "Show"), "area": Text("Område", "Area"),
    "lists": Text("På listen", "On the list"), "flags": Text("Markeringer", "Flags"),
    "nearest": Text("Nærmeste grænse", "Nearest line"), "none": Text("ingen", "none"),
    "lines": Text("Afstand til hver grænse ({n})", "Distance to each line ({n})"),
    "category": Text("Kategori", "Category"), "criterion": Text("Kriterium", "Criterion"),
    "value": Text("Værdi", "Value"), "line": Text("Grænse", "Line"), "met": Text("Opfyldt", "Met"),
    "distance": Text("Afstand", "Distance"), "persons": Text("Hvad der skal til", "What it takes"),
    "direction": Text("Retning", "Direction"), "pace": Text("År til grænsen i samme tempo", "Years to the line at "
                                                             "this pace"),
    "download": Text("Hent", "Download"), "per_area": Text("ét område pr. række", "one area per row"),
    "per_line": Text("én grænse pr. række", "one line per row"),
    "count": Text("{n} områder vist af {total}", "{n} areas shown of {total}"),
    "page": Text("Side {page} af {pages}", "Page {page} of {pages}"), "previous": Text("Forrige", "Previous"),
    "next": Text("Næste", "Next"), "why": Text("Hvorfor", "Why"), "method": Text("Metoden", "The method"),
    "flag_counts": Text("Markeringer i alt", "Flags in total"),
    "udsat_distance": Text("Beboere fra udsat", "Residents from vulnerable"),
    "omdannelse": Text("Omdannelse", "Transformation"),
    "yes": Text("ja", "yes"), "no": Text("nej", "no"), "unknown": Text("ukendt", "unknown"),
    "points": Text("{x} procentpoint", "{x} percentage points"),
    "forecast": Text("Sandsynligheden for næste lister: se fremskrivningen.",
                     "The probability of the next lists: see the forecast."),
}

AREA_COLUMNS = [
    ("area_id", "Område-id", "Area id"), ("name", "Navn", "Name"), ("municipality", "Kommune", "Municipality"),
    ("list_year", "Listeår", "List year"), ("lists", "Lister", "Lists"), ("flags", "Markeringer", "Flags"),
    ("flag_ids", "Markerings-id", "Flag ids"), ("nearest", "Nærmeste grænse", "Nearest line"),
    ("why", "Hvorfor", "Why"), ("udsat_distance", "Beboere fra udsat", "Residents from vulnerable"),
    ("organisations", "Boligorganisationer", "Housing organisations"),
]
LINE_COLUMNS = [
    ("area_id", "Område-id", "Area id"), ("name", "Navn", "Name"), ("municipality", "Kommune", "Municipality"),
    ("list_year", "Listeår", "List year"), ("category", "Kategori-id", "Category id"),
    ("category_label", "Kategori", "Category"), ("criterion_label", "Kriterium", "Criterion"),
    ("value", "Værdi", "Value"), ("value_text", "Værdi (tekst)", "Value (text)"),
    ("threshold_text", "Grænse", "Line"), ("met", "Opfyldt", "Met"),
    ("gap_points", "Afstand, procentpoint", "Distance, percentage points"), ("gap", "Afstand", "Distance"),
    ("persons", "Beboere fra grænsen", "Residents from the line"), ("exit_path", "Hvad der skal til", "What it takes"),
    ("direction_text", "Retning", "Direction"), ("change_per_year", "Ændring om året", "Change a year"),
    ("years_at_pace", "År til grænsen i samme tempo", "Years to the line at this pace"),
    ("close", "Tæt på", "Close"), ("flags", "Markeringer", "Flags"),
]
# the area's own fields, repeated on every line by the core, are left out of the nested lines
LINE_KEYS = [k for k, _, _ in LINE_COLUMNS if k not in ("area_id", "name", "municipality", "list_year", "flags")]
LINE_KEYS += ["criterion", "threshold", "comparator", "unit", "direction", "alone"]


# ---------------------------------------------------------------------------------------------------- shared

@lru_cache(maxsize=2)
def _vintage_data(vintage_id: int, checksum: str) -> watch_data.Vintage:
    """The vintage as the watchlist and the forecast read it, built once per worker (a vintage never changes)."""
    return queries.watch_vintage(m.Vintage.objects.get(pk=vintage_id))


def vintage_data(v: m.Vintage) -> watch_data.Vintage:
    return _vintage_data(v.pk, v.checksum)


def computed_label(v: m.Vintage, lang: str) -> str:
    return T["computed"].format(label=v.label).pick(lang)


def visible(v: m.Vintage, who: Viewer, municipality: int | None, org: str | None) -> dict[str, m.Area]:
    """The areas this viewer may see (the one access rule), narrowed by the filters."""
    areas = queries._areas(v, who)
    if municipality is not None:
        areas = {a: x for a, x in areas.items() if x.municipality_code == municipality}
    if org:
        areas = {a: x for a, x in areas.items() if org in (x.org_ids or [])}
    return areas


def check_flag(flag: str | None, lang: str) -> str | None:
    if flag and flag not in FLAGS:
        raise NotFound(Text(f"'{flag[:40]}' er ikke en markering på overvågningslisten; markeringerne er "
                            f"{', '.join(FLAGS)}",
                            f"'{flag[:40]}' is not a watchlist flag; the flags are {', '.join(FLAGS)}").pick(lang))
    return flag or None


def paginate(items: list[Any], page: int | None, lang: str) -> tuple[list[Any], int, int]:
    """One page of ``items``: (items, page, pages); a page past the end is a 404 naming the last one."""
    pages = max(1, math.ceil(len(items) / PAGE_SIZE))
    page = 1 if page is None else page
    if not 1 <= page <= pages:
        raise NotFound(Text(f"side {page} findes ikke; der er {pages}", f"page {page} does not exist; there are "
                            f"{pages}").pick(lang))
    return items[(page - 1) * PAGE_SIZE: page * PAGE_SIZE], page, pages


# ---------------------------------------------------------------------------------------------------- data

@lru_cache(maxsize=8)
def _watchlist(vintage_id: int, checksum: str, year: int) -> Watchlist:
    """Every area's watchlist entry for one list year, once per worker."""
    return watchlist(_vintage_data(vintage_id, checksum), year)


def _check_year(v: m.Vintage, year: int | None, lang: str) -> int:
    years = vintage_data(v).list_years()
    if not years:
        raise NotFound(Text("dataudgaven har ingen lister", "the data vintage has no lists").pick(lang))
    y = params.list_year(v, year, lang) or years[-1]
    if y not in years:
        raise NotFound(Text(f"listeår {y} findes ikke i denne dataudgave; den har {years[0]}–{years[-1]}",
                            f"list year {y} is not in this data vintage; it has {years[0]}–{years[-1]}").pick(lang))
    return y


def watch_page(v: m.Vintage, who: Viewer, year: int | None, municipality: int | None, org: str | None,
               flag: str | None, page: int | None, lang: str, everything: bool = False) -> dict[str, Any]:
    """The watchlist as the viewer may see it, filtered, one page of areas (``everything``: all, for downloads)."""
    flag = check_flag(flag, lang)
    y = _check_year(v, year, lang)
    w = _watchlist(v.pk, v.checksum, y)
    shown = visible(v, who, municipality, org)
    areas = [a for a in w.areas if a.area_id in shown]
    counts = {f: sum(1 for a in areas if f in a.flag_ids()) for f in FLAGS}
    if flag is not None:
        areas = [a for a in areas if flag in a.flag_ids()]
    # flagged areas first (in the flags' order), then the nearest line in residents: the page starts where to look
    order = list(FLAGS)

    def key(a: Any) -> tuple[int, int, str]:
        ids = a.flag_ids()
        near = a.nearest()
        return (min((order.index(f) for f in ids), default=len(order)),
                near.persons if near is not None and near.persons is not None else 10**9, a.area_id)

    areas.sort(key=key)
    total = len(areas)
    if not everything:
        areas, page, pages = paginate(areas, page, lang)
    else:
        page, pages = 1, 1
    # the core's rows and lines of this page's areas only (their sentences cost time: 5,000 lines at 200 areas)
    page_of = Watchlist(w.year, areas, w.method)
    by_area: dict[str, list[dict[str, Any]]] = {}
    for ln in page_of.lines(lang):
        by_area.setdefault(ln["area_id"], []).append(ln)
    rows = []
    core_rows = {r["area_id"]: r for r in page_of.rows(lang)}
    for a in areas:
        r = dict(core_rows[a.area_id])
        r["assessable"] = a.assessable
        r["omdannelse"] = a.omdannelse
        r["lines"] = [{k: ln[k] for k in LINE_KEYS} for ln in by_area.get(a.area_id, [])]
        rows.append(r)
    method = {k: w.method[k] for k in ("list_year", "close", "flat_per_year", "trend_years", "rules_version")}
    return {
        "vintage": queries.vintage_info(v), "year": y, "list_years": vintage_data(v).list_years(),
        "municipality": municipality, "org": org, "flag": flag, "page": page, "pages": pages, "total": total,
        "computed": computed_label(v, lang),
        "method": method | {"text": w.method["text"].pick(lang)},
        "flags": [{"flag": f, "label": FLAGS[f].pick(lang), "count": counts[f]} for f in FLAGS],
        "rows": rows,
    }


def line_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per area and line, for the per-line download."""
    out = []
    for r in data["rows"]:
        for ln in r["lines"]:
            out.append({"area_id": r["area_id"], "name": r["name"], "municipality": r["municipality"],
                        "list_year": r["list_year"], "flags": r["flags"], **ln})
    return out


# ---------------------------------------------------------------------------------------------------- view

def _distance(ln: dict[str, Any], lang: str) -> str:
    """A line's distance in its own unit: percentage points for a share, the ratio's own units, residents."""
    if ln["gap"] is None:
        return ""
    if ln["unit"] == "share":
        return T["points"].format(x=Text(number(ln["gap_points"], 1, "da"), number(ln["gap_points"], 1, "en"))
                                  ).pick(lang)
    return number(ln["gap"], 0 if ln["unit"] == "persons" else 2, lang)


def _decorate(data: dict[str, Any], lang: str) -> None:
    """Display fields for the template (the JSON twin has the plain values)."""
    yes, no, unknown = T["yes"].pick(lang), T["no"].pick(lang), T["unknown"].pick(lang)
    for r in data["rows"]:
        r["lines_title"] = T["lines"].format(n=len(r["lines"])).pick(lang)
        r["badges"] = [{"flag": f, "label": FLAGS[f].pick(lang), "colour": svg.FLAG_COLOURS.get(f, "#999")}
                       for f in r["flag_ids"]]
        for ln in r["lines"]:
            ln["met_text"] = {True: yes, False: no}.get(ln["met"], unknown)
            ln["distance"] = _distance(ln, lang)
            ln["pace"] = "" if ln["years_at_pace"] is None else number(ln["years_at_pace"], 1, lang)
            ln["direction_text"] = DIRECTIONS[ln["direction"]].pick(lang)


def _export(request: HttpRequest, v: m.Vintage, who: Viewer, data: dict[str, Any], fmt: str, lang: str,
            lines: bool) -> HttpResponse:
    rows = line_rows(data) if lines else [r | {"organisations": ", ".join(r["organisations"]),
                                                "flag_ids": ", ".join(r["flag_ids"])} for r in data["rows"]]
    columns = LINE_COLUMNS if lines else AREA_COLUMNS
    banner = " · ".join(x for x in (SYNTHETIC_BANNER if v.synthetic else "", data["computed"]) if x)
    name = f"{'overvaagningsliste' if lang == 'da' else 'watchlist'}-{data['year']}"
    if lines:
        name += "-graenser" if lang == "da" else "-lines"

    def body() -> bytes:
        if fmt == "csv":
            return exports.to_csv(rows, columns, lang, banner)
        headers = {k: en if lang == "en" else da for k, da, en in columns}
        about = [(T["method"].pick(lang), data["method"]["text"]), ("", data["computed"])]
        return output.xlsx_bytes(rows, name, headers, ("yes", "no") if lang == "en" else ("ja", "nej"), banner,
                                 about, "Om data" if lang == "da" else "About the data")

    parts = ("watchlist", fmt, request.GET.urlencode())
    content = exportcache.public_download(request, v, parts, lang, who.is_public, body)
    kind = "text/csv; charset=utf-8" if fmt == "csv" else \
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _download(request, content, f"{name}.{fmt}", kind, "watchlist")


@guarded
def watch(request: HttpRequest, fmt: str = "html") -> HttpResponse:
    who, lang = viewer(request), lang_of(request)
    v = _vintage(request)
    chosen = (_int(request, "year"), _int(request, "municipality"), request.GET.get("org") or None,
              request.GET.get("flag") or None)
    if fmt in ("csv", "xlsx"):
        data = watch_page(v, who, *chosen, None, lang, everything=True)
        return _export(request, v, who, data, fmt, lang, request.GET.get("detail") == "lines")
    data = watch_page(v, who, *chosen, _int(request, "page"), lang)
    if fmt == "json":
        return _json(data)
    if fmt != "html":
        raise NotFound(Text(f"overvågningslisten findes ikke som .{fmt}; brug .json, .csv eller .xlsx",
                            f"the watchlist has no .{fmt} form; use .json, .csv or .xlsx").pick(lang))
    _decorate(data, lang)
    options = queries.filter_options(v)
    data["t"] = {k: t.pick(lang) for k, t in T.items()}
    data["columns"] = {k: t.pick(lang) for k, t in WATCH_COLUMNS.items()}
    data["municipalities"] = options["municipalities"]
    data["organisations"] = options["organisations"]
    for f in data["flags"]:
        f["colour"] = svg.FLAG_COLOURS.get(f["flag"], "#999")
    data["count"] = T["count"].format(n=len(data["rows"]), total=data["total"]).pick(lang)
    data["page_text"] = T["page"].format(page=data["page"], pages=data["pages"]).pick(lang)
    query = request.GET.copy()
    query.pop("page", None)
    data["query"] = query.urlencode()
    data["download_query"] = data["query"]
    return render(request, "monitor/watchlist.html", data)
