"""The forecast page (issue 11): each statutory area's probability of being on each list one to three list years
after a published list, from the law's own rule functions applied to simulated futures of the criteria
(:mod:`boligmonitor.forecast.lists`), and the backtest that says how far to trust it (Brier score and calibration
against "same list as last year", :mod:`boligmonitor.forecast.backtest`). One function, :func:`forecast_page`, serves
the page, its JSON twin, the CSV/XLSX downloads and ``/api/forecast``.

Who sees what (ADR 0013 §9): the forecast reads only published cells of the public profile and published decisions,
so every viewer gets the rows of the areas they may see at all (``queries._areas``). What costs CPU is rationed: a
forecast takes seconds, so it is computed once per worker for each (vintage, as-of list, horizon) and kept; the public
may ask for the latest list's forecast only (earlier as-of lists are the backtest's business, and each one costs a
fresh computation), logged-in users for any list. The backtest of a vintage is computed once and kept in the
database (every worker reads the same copy), since it forecasts from every past list.

Every face says what this is: a computation from the data vintage, never an official list.
"""

from __future__ import annotations

import dataclasses
import html
import json
import threading
from functools import lru_cache
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from boligmonitor import output
from boligmonitor.errors import NotFound
from boligmonitor.forecast.backtest import backtest
from boligmonitor.forecast.lists import Forecast, forecast
from boligmonitor.forecast.tables import forecast_method, forecast_rows
from boligmonitor.published import SYNTHETIC_BANNER
from boligmonitor.rules.texts import CATEGORY_LABELS, Text, number
from boligmonitor.web import exportcache, exports, params, queries
from boligmonitor.web import models as m
from boligmonitor.web.access import Viewer
from boligmonitor.web.queries import Forbidden
from boligmonitor.web.views import _download, _int, _json, _vintage, guarded, lang_of, viewer
from boligmonitor.web.watch_page import paginate, vintage_data, visible

HORIZONS = (1, 2, 3)
FUTURES = 1000  # as the CLI's default, so `boligmonitor forecast` gives the same probabilities
SEED = 1
BACKTEST_FUTURES = 200  # fewer than the docs' 500: the Brier scores differ in the third decimal (docs/performance.md)
BACKTEST_HORIZON = 3

T = {
    "title": Text("Fremskrivning af listerne", "Forecast of the lists"),
    "intro": Text("Sandsynligheden for, at hvert område er på hver liste de næste et til tre år, beregnet med "
                  "lovens egne regler på 1.000 simulerede forløb af kriteriernes tal. Læs en sandsynlighed som: "
                  "af områder som dette var omtrent så mange på listen.",
                  "The probability of each area being on each list in the next one to three years, computed by the "
                  "law's own rules on 1,000 simulated futures of the criteria's figures. Read a probability as: of "
                  "areas like this, about that many were on the list."),
    "computed": Text("Fremskrivning beregnet af boligmonitor ud fra dataudgaven {label} — ikke "
                     "en officiel liste og ingen afgørelse.",
                     "Forecast computed by boligmonitor from the data vintage {label} — not an "
                     "official list and no decision."),
    "as_of": Text("Fra listen", "From the list"), "horizon": Text("År frem", "Years ahead"),
    "municipality": Text("Kommune", "Municipality"), "organisation": Text("Boligorganisation", "Housing organisation"),
    "category": Text("Liste", "List"), "all": Text("Alle", "All"), "show": Text("Vis", "Show"),
    "area": Text("Område", "Area"), "now": Text("På listen nu", "On the list now"),
    "summary": Text("Forventet antal på listerne", "Expected number on the lists"),
    "expected": Text("Forventet antal (summen af sandsynlighederne)", "Expected number (the sum of the "
                     "probabilities)"),
    "listed_now": Text("På listen {year}", "On the list {year}"),
    "per_area": Text("Pr. område", "Per area"), "nothing": Text("0 % på alle lister", "0 % on every list"),
    "undetermined": Text("Kan ikke afgøres (manglende tal)", "Cannot be decided (missing figures)"),
    "download": Text("Hent", "Download"), "yes": Text("ja", "yes"), "no": Text("nej", "no"),
    "count": Text("{n} områder vist af {total}", "{n} areas shown of {total}"),
    "page": Text("Side {page} af {pages}", "Page {page} of {pages}"), "previous": Text("Forrige", "Previous"),
    "next": Text("Næste", "Next"), "method": Text("Metoden", "The method"),
    "trust": Text("Hvor meget kan man stole på den? Backtest", "How far to trust it: the backtest"),
    "trust_intro": Text(
        "Fra hver tidligere liste {first}–{last} er listerne de næste op til {h} år fremskrevet med kun de data, der "
        "fandtes dengang ({futures} forløb pr. område), og sammenlignet med de afgørelser, dataudgaven derefter "
        "traf. Brier-score: gennemsnittet af (sandsynlighed − udfald)², 0 er perfekt; altid at sige 50 % giver "
        "0,25. Til sammenligning: »samme liste som sidste år«.",
        "From every past list {first}–{last} the lists of the next up to {h} years were forecast with only the data "
        "available then ({futures} futures per area) and compared with the decisions the vintage then made. Brier "
        "score: the mean of (probability − outcome)², 0 is perfect; always saying 50 % scores 0.25. For "
        "comparison: \"same list as last year\"."),
    "years_ahead": Text("År frem", "Years ahead"), "forecasts": Text("Fremskrivninger", "Forecasts"),
    "events": Text("På listen", "On the list"), "brier": Text("Brier: fremskrivning", "Brier: forecast"),
    "persistence": Text("Brier: samme som sidste år", "Brier: same as last year"),
    "skill": Text("Forbedring", "Skill"),
    "legend_forecast": Text("Fremskrivningen", "The forecast"),
    "legend_persistence": Text("Samme som sidste år", "Same as last year"),
    "skill_note": Text("Forbedring = 1 − fremskrivning / samme som sidste år: 0,5 betyder halvt så stor fejl.",
                       "Skill = 1 − forecast / same as last year: 0.5 means half the error."),
    "calibration": Text("Kalibrering: af fremskrivningerne med en sandsynlighed i hvert interval, hvor stor en "
                        "andel kom på listen?",
                        "Calibration: of the forecasts with a probability in each band, what share came true?"),
    "band": Text("Sandsynlighed", "Probability"), "mean_p": Text("Gns. sandsynlighed", "Mean probability"),
    "observed": Text("Andel på listen", "Share on the list"),
    "chart_brier": Text("Brier-score pr. antal år frem: fremskrivningen (mørk) og »samme som sidste år« (lys); "
                        "lavere er bedre.",
                        "Brier score by years ahead: the forecast (dark) and \"same as last year\" (light); lower is "
                        "better."),
    "chart_calibration": Text("Kalibrering: gennemsnitlig sandsynlighed (vandret) mod andelen, der kom på listen "
                              "(lodret); punkterne bør ligge på diagonalen. Punktets størrelse: antal "
                              "fremskrivninger.",
                              "Calibration: mean probability (across) against the share that came true (up); the "
                              "points should lie on the diagonal. A point's size: the number of forecasts."),
    "no_backtest": Text("Dataudgaven har for få lister til en backtest.", "The vintage has too few lists for a "
                        "backtest."),
    "docs": Text("Backtesten på hele det syntetiske Danmark og modellens grænser: docs/forecast-backtest.md.",
                 "The backtest on the whole synthetic Denmark and the model's limits: docs/forecast-backtest.md."),
    "login_as_of": Text("Fremskrivninger fra tidligere lister kræver login; offentligt vises fremskrivningen fra "
                        "den seneste liste.",
                        "Forecasts from earlier lists require logging in; the public sees the forecast from the "
                        "latest list."),
}

COLUMNS = [
    ("area_id", "Område-id", "Area id"), ("name", "Navn", "Name"), ("municipality", "Kommune", "Municipality"),
    ("list_year", "Listeår", "List year"), ("category", "Kategori-id", "Category id"),
    ("category_label", "Kategori", "Category"), ("probability", "Sandsynlighed", "Probability"),
    ("p_undetermined", "Kan ikke afgøres", "Cannot be decided"), ("member_as_of", "På listen nu", "On the list now"),
    ("horizon", "År frem", "Years ahead"),
]


# ---------------------------------------------------------------------------------------------------- computation

@lru_cache(maxsize=8)
def _forecast(vintage_id: int, checksum: str, as_of: int, horizon: int) -> Forecast:
    """One forecast over every area, once per worker (seconds of CPU at 2,000 areas)."""
    v = m.Vintage.objects.get(pk=vintage_id)
    return forecast(vintage_data(v), as_of, horizon, FUTURES, SEED)


_backtest_lock = threading.Lock()


def backtest_summary(v: m.Vintage, lang: str) -> dict[str, Any] | None:
    """The vintage's backtest (None when it has too few lists), from the database, else computed once and stored."""
    raw = _backtest_raw(v.pk, v.checksum)
    if raw is None:
        return None
    labels = {c: CATEGORY_LABELS[c].pick(lang) for c in CATEGORY_LABELS}
    return raw | {"by_category": [r | {"category_label": labels.get(r["category"], r["category"])}
                                  for r in raw["by_category"]]}


@lru_cache(maxsize=4)
def _backtest_raw(vintage_id: int, checksum: str) -> dict[str, Any] | None:
    v = m.Vintage.objects.get(pk=vintage_id)
    key = exportcache.cache_key(v, ("forecast-backtest", BACKTEST_FUTURES, BACKTEST_HORIZON, SEED), "")
    with _backtest_lock:  # one computation per worker; another worker may store the same result first
        hit = m.ExportCache.objects.filter(key=key).values_list("body", flat=True).first()
        if hit is not None:
            stored: dict[str, Any] | None = json.loads(bytes(hit))
            return stored
        result = _compute_backtest(v)
        try:
            with transaction.atomic():
                m.ExportCache.objects.create(key=key, vintage=v, body=json.dumps(result).encode("utf-8"))
        except IntegrityError:
            pass
        return result


def _compute_backtest(v: m.Vintage) -> dict[str, Any] | None:
    data = vintage_data(v)
    years = data.list_years()
    if len(years) < 4:  # the backtest starts at the third list and needs a later one to score
        return None
    bt = backtest(data, BACKTEST_HORIZON, BACKTEST_FUTURES, SEED)
    return {
        "as_of_years": [bt.as_of_years[0], bt.as_of_years[-1]], "futures": bt.futures, "seed": bt.seed,
        "horizon": bt.horizon, "undetermined_outcomes": bt.undetermined_outcomes(),
        "by_horizon": [{"horizon": h, **bt.brier(h)} for h in range(1, bt.horizon + 1)],
        "by_category": [{"category": c, **bt.brier(1, c)} for c in sorted({p.category for p in bt.pairs})],
        "calibration": bt.calibration(),
    }


# ---------------------------------------------------------------------------------------------------- data

def check_settings(v: m.Vintage, who: Viewer, as_of: int | None, horizon: int | None, lang: str) -> tuple[int, int]:
    years = vintage_data(v).list_years()
    if not years:
        raise NotFound(Text("dataudgaven har ingen lister", "the data vintage has no lists").pick(lang))
    h = HORIZONS[-1] if horizon is None else horizon
    if h not in HORIZONS:
        raise NotFound(Text(f"'horizon' skal være 1, 2 eller 3 (år frem), ikke {h}",
                            f"'horizon' must be 1, 2 or 3 (years ahead), not {h}").pick(lang))
    y = params.list_year(v, as_of, lang) or years[-1]
    if y not in years:
        raise NotFound(Text(f"listeår {y} findes ikke i denne dataudgave; den har {years[0]}–{years[-1]}",
                            f"list year {y} is not in this data vintage; it has {years[0]}–{years[-1]}").pick(lang))
    if y != years[-1] and who.is_public:
        raise Forbidden(T["login_as_of"].pick(lang))
    return y, h


def forecast_page(v: m.Vintage, who: Viewer, as_of: int | None, horizon: int | None, municipality: int | None,
                  org: str | None, category: str | None, page: int | None, lang: str,
                  everything: bool = False, with_backtest: bool = True) -> dict[str, Any]:
    """The forecast as the viewer may see it, filtered, one page of areas (``everything``: all, for downloads)."""
    y, h = check_settings(v, who, as_of, horizon, lang)
    fc = _forecast(v.pk, v.checksum, y, h)
    if category and category not in {r["category"] for r in fc.rows}:
        raise NotFound(Text(f"'{category[:40]}' er ikke en liste i fremskrivningen; listerne er "
                            f"{', '.join(sorted({r['category'] for r in fc.rows}))}",
                            f"'{category[:40]}' is not a list of the forecast; the lists are "
                            f"{', '.join(sorted({r['category'] for r in fc.rows}))}").pick(lang))
    data = vintage_data(v)
    shown = visible(v, who, municipality, org)
    rows = [r for r in forecast_rows(fc, data, lang) if r["area_id"] in shown
            and (category is None or r["category"] == category)]
    summary = _summary(rows, fc, lang)
    best: dict[str, float] = {}
    for r in rows:
        best[r["area_id"]] = max(best.get(r["area_id"], 0.0), r["probability"])
    areas = sorted(best, key=lambda a: (-best[a], a))  # the likeliest first
    total = len(areas)
    if not everything:
        areas, page, pages = paginate(areas, page, lang)
    else:
        page, pages = 1, 1
    wanted = set(areas)
    order = {a: i for i, a in enumerate(areas)}
    rows = sorted((r for r in rows if r["area_id"] in wanted), key=lambda r: (order[r["area_id"]], r["list_year"],
                                                                               r["category"]))
    # the method's lists of areas with gaps name only areas this viewer may see
    mine = dataclasses.replace(fc, unknown_inputs={a: x for a, x in fc.unknown_inputs.items() if a in shown},
                               started_from={a: x for a, x in fc.started_from.items() if a in shown})
    method = {k: x for k, x in fc.method.items() if k != "vintage"} | {"text": forecast_method(mine, lang)}
    return {
        "vintage": queries.vintage_info(v), "as_of": y, "horizon": h, "list_years": fc.list_years,
        "as_of_years": data.list_years() if not who.is_public else [data.list_years()[-1]],
        "municipality": municipality, "org": org, "category": category, "page": page, "pages": pages,
        "total": total, "computed": T["computed"].format(label=v.label).pick(lang),
        "method": method, "summary": summary, "rows": rows,
        "backtest": backtest_summary(v, lang) if with_backtest else None,
    }


def _summary(rows: list[dict[str, Any]], fc: Forecast, lang: str) -> list[dict[str, Any]]:
    """Per list year and list: the expected number on it (the sum of the probabilities) and the number on it in the
    as-of year, over the rows shown."""
    out: dict[tuple[int, str], dict[str, Any]] = {}
    for r in rows:
        s = out.setdefault((r["list_year"], r["category"]), {
            "list_year": r["list_year"], "category": r["category"], "category_label": r["category_label"],
            "expected": 0.0, "on_list_now": 0})
        s["expected"] += r["probability"]
        s["on_list_now"] += r["member_as_of"] is True
    for s in out.values():
        s["expected"] = round(s["expected"], 2)
    return sorted(out.values(), key=lambda s: (s["list_year"], s["category"]))


# ---------------------------------------------------------------------------------------------------- charts

def brier_chart(rows: list[dict[str, Any]], lang: str) -> str:
    """Grouped bars: the forecast's Brier score and "same as last year"'s, per years ahead (SVG, no script)."""
    rows = [r for r in rows if r["n"]]
    if not rows:
        return ""
    width, height, left, bottom, top = 360, 200, 48, 36, 22
    top_value = max(max(r["forecast"], r["persistence"]) for r in rows) * 1.15 or 0.01
    group = (width - left - 8) / len(rows)
    bar = group / 3

    def y(value: float) -> float:
        return round(top + (height - top - bottom) * (1 - value / top_value), 1)

    title = T["chart_brier"].pick(lang)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" role="img" '
           f'aria-labelledby="brier-title"><title id="brier-title">{html.escape(title)}</title>',
           f'<line x1="{left}" y1="{y(0)}" x2="{width - 8}" y2="{y(0)}" stroke="#333"/>']
    for tick in (0, top_value / 2, top_value / 1.15):
        out.append(f'<text x="{left - 4}" y="{y(tick) + 4}" font-size="10" text-anchor="end">'
                   f'{number(tick, 3, lang)}</text>')
    for i, r in enumerate(rows):
        x0 = left + i * group + bar / 2
        for j, (key, colour) in enumerate((("forecast", "#0072B2"), ("persistence", "#9ecae1"))):
            value = r[key]
            what = T["brier" if key == "forecast" else "persistence"].pick(lang)
            label = f"{T['years_ahead'].pick(lang)} {r['horizon']}: {what} {number(value, 3, lang)}"
            out.append(f'<rect x="{round(x0 + j * bar, 1)}" y="{y(value)}" width="{round(bar, 1)}" '
                       f'height="{round(y(0) - y(value), 1)}" fill="{colour}" stroke="#333"><title>'
                       f'{html.escape(label)}</title></rect>')
        out.append(f'<text x="{round(x0 + bar, 1)}" y="{height - bottom + 14}" font-size="11" '
                   f'text-anchor="middle">{r["horizon"]}</text>')
    for j, (key, colour) in enumerate((("legend_forecast", "#0072B2"), ("legend_persistence", "#9ecae1"))):
        lx = left + 8 + j * 150  # the legend, so the chart reads without its title
        out.append(f'<rect x="{lx}" y="2" width="10" height="10" fill="{colour}" stroke="#333"/>'
                   f'<text x="{lx + 14}" y="11" font-size="11">{html.escape(T[key].pick(lang))}</text>')
    out.append(f'<text x="{left + (width - left) / 2}" y="{height - 6}" font-size="11" text-anchor="middle">'
               f'{html.escape(T["years_ahead"].pick(lang))}</text></svg>')
    return "".join(out)


def calibration_chart(bins: list[dict[str, Any]], lang: str) -> str:
    """Reliability diagram: each probability band's mean probability against the share that came true."""
    shown = [b for b in bins if b["n"]]
    if not shown:
        return ""
    size, pad, far = 260, 48, 20  # room for the axes' numbers and titles on the left and below, "100 %" on the right
    most = max(b["n"] for b in shown)

    def xy(p: float, o: float) -> tuple[float, float]:
        return round(pad + p * (size - pad - far), 1), round(size - pad - o * (size - pad - far), 1)

    title = T["chart_calibration"].pick(lang)
    x0, y0 = xy(0, 0)
    x1, y1 = xy(1, 1)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="{size}" role="img" '
           f'aria-labelledby="calibration-title"><title id="calibration-title">{html.escape(title)}</title>',
           f'<rect x="{x0}" y="{y1}" width="{x1 - x0}" height="{y0 - y1}" fill="none" stroke="#333"/>',
           f'<line x1="{x0}" y1="{y0}" x2="{x1}" y2="{y1}" stroke="#999" stroke-dasharray="4 3"/>']
    for t in (0, 0.5, 1):
        tx, ty = xy(t, t)
        out.append(f'<text x="{tx}" y="{y0 + 14}" font-size="10" text-anchor="middle">{number(t * 100, 0, lang)} %'
                   f'</text><text x="{x0 - 4}" y="{ty + 4}" font-size="10" text-anchor="end">'
                   f'{number(t * 100, 0, lang)} %</text>')
    mid = (y0 + y1) / 2
    out.append(f'<text x="{(x0 + x1) / 2}" y="{size - 8}" font-size="11" text-anchor="middle">'
               f'{html.escape(T["mean_p"].pick(lang))}</text><text x="12" y="{mid}" font-size="11" '
               f'text-anchor="middle" transform="rotate(-90 12 {mid})">{html.escape(T["observed"].pick(lang))}</text>')
    for b in shown:
        cx, cy = xy(b["mean_probability"], b["observed"])
        r = round(2.5 + 6 * (b["n"] / most) ** 0.5, 1)
        label = (f"{number(b['low'] * 100, 0, lang)}–{number(b['high'] * 100, 0, lang)} %: "
                 f"{T['mean_p'].pick(lang)} {number(b['mean_probability'] * 100, 1, lang)} %, "
                 f"{T['observed'].pick(lang)} {number(b['observed'] * 100, 1, lang)} % (n = {b['n']})")
        out.append(f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="#0072B2" fill-opacity="0.7" stroke="#333"><title>'
                   f'{html.escape(label)}</title></circle>')
    out.append("</svg>")
    return "".join(out)


def probability_bar(p: float) -> str:
    """A 48-pixel bar for one probability (the number stands next to it)."""
    w = round(48 * p, 1)
    return (f'<svg class="bar" width="50" height="10" aria-hidden="true"><rect x="0.5" y="0.5" width="49" height="9" '
            f'fill="#fff" stroke="#999"/><rect x="1" y="1" width="{w}" height="8" fill="#0072B2"/></svg>')


# ---------------------------------------------------------------------------------------------------- view

def _percent(p: float | None, lang: str) -> str:
    return "" if p is None else number(p * 100, 1, lang) + " %"


def _pivot(data: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """Rows for the page: per area its lists, each with the probability of every list year (a list with 0 % in every
    year that the area is not on now is left out; the area says so when that is every list)."""
    yes, no = T["yes"].pick(lang), T["no"].pick(lang)
    areas: dict[str, dict[str, Any]] = {}
    for r in data["rows"]:
        a = areas.setdefault(r["area_id"], {"area_id": r["area_id"], "name": r["name"],
                                            "municipality": r["municipality"], "lists": {}})
        c = a["lists"].setdefault(r["category"], {"category": r["category"], "label": r["category_label"],
                                                 "now": {True: yes, False: no}.get(r["member_as_of"], "–"),
                                                 "member": r["member_as_of"], "cells": {}})
        c["cells"][r["list_year"]] = {"p": r["probability"], "text": _percent(r["probability"], lang),
                                      "bar": probability_bar(r["probability"]),
                                      "undetermined": _percent(r["p_undetermined"], lang)
                                      if r["p_undetermined"] else ""}
    out = []
    for a in areas.values():
        lists = [c for c in a["lists"].values() if c["member"] is True or any(
            x["p"] > 0 or x["undetermined"] for x in c["cells"].values())]
        for c in lists:
            c["cells"] = [c["cells"].get(y) for y in data["list_years"]]
        out.append({**a, "lists": lists})
    return out


def _export(request: HttpRequest, v: m.Vintage, who: Viewer, data: dict[str, Any], fmt: str,
            lang: str) -> HttpResponse:
    banner = " · ".join(x for x in (SYNTHETIC_BANNER if v.synthetic else "", data["computed"]) if x)
    name = f"{'fremskrivning' if lang == 'da' else 'forecast'}-{data['as_of']}"

    def body() -> bytes:
        if fmt == "csv":
            return exports.to_csv(data["rows"], COLUMNS, lang, banner)
        headers = {k: en if lang == "en" else da for k, da, en in COLUMNS}
        about = [(T["method"].pick(lang), " ".join(data["method"]["text"])), ("", data["computed"])]
        return output.xlsx_bytes(data["rows"], name, headers, ("yes", "no") if lang == "en" else ("ja", "nej"),
                                 banner, about, "Om data" if lang == "da" else "About the data")

    parts = ("forecast", fmt, request.GET.urlencode())
    content = exportcache.public_download(request, v, parts, lang, who.is_public, body)
    kind = "text/csv; charset=utf-8" if fmt == "csv" else \
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _download(request, content, f"{name}.{fmt}", kind, "forecast")


@guarded
def forecast_view(request: HttpRequest, fmt: str = "html") -> HttpResponse:
    who, lang = viewer(request), lang_of(request)
    v = _vintage(request)
    chosen = (_int(request, "as_of"), _int(request, "horizon"), _int(request, "municipality"),
              request.GET.get("org") or None, request.GET.get("category") or None)
    if fmt in ("csv", "xlsx"):
        data = forecast_page(v, who, *chosen, None, lang, everything=True, with_backtest=False)
        return _export(request, v, who, data, fmt, lang)
    data = forecast_page(v, who, *chosen, _int(request, "page"), lang)
    if fmt == "json":
        return _json(data)
    if fmt != "html":
        raise NotFound(Text(f"fremskrivningen findes ikke som .{fmt}; brug .json, .csv eller .xlsx",
                            f"the forecast has no .{fmt} form; use .json, .csv or .xlsx").pick(lang))
    options = queries.filter_options(v)
    data["areas"] = _pivot(data, lang)
    data["t"] = {k: t.pick(lang) for k, t in T.items()}
    data["municipalities"] = options["municipalities"]
    data["organisations"] = options["organisations"]
    data["categories"] = sorted({(s["category"], s["category_label"]) for s in data["summary"]} |
                                ({(data["category"], CATEGORY_LABELS[data["category"]].pick(lang))}
                                 if data["category"] else set()), key=lambda c: c[1])
    data["summary_table"] = _summary_table(data, lang)
    data["listed_now"] = T["listed_now"].format(year=data["as_of"]).pick(lang)
    data["count"] = T["count"].format(n=len(data["areas"]), total=data["total"]).pick(lang)
    data["page_text"] = T["page"].format(page=data["page"], pages=data["pages"]).pick(lang)
    bt = data["backtest"]
    if bt is not None:
        data["trust_intro"] = T["trust_intro"].format(first=bt["as_of_years"][0], last=bt["as_of_years"][1],
                                                      h=bt["horizon"], futures=bt["futures"]).pick(lang)
        data["brier_svg"] = brier_chart(bt["by_horizon"], lang)
        data["calibration_svg"] = calibration_chart(bt["calibration"], lang)
        for r in bt["by_horizon"] + bt["by_category"]:
            r["shown"] = {k: "–" if r[k] is None else number(r[k], 3 if k != "skill" else 2, lang)
                          for k in ("forecast", "persistence", "skill")}
            r["shown"] |= {"n": number(r["n"], 0, lang), "events": number(r["events"], 0, lang)}
        for b in bt["calibration"]:
            b["shown"] = {"band": f"{number(b['low'] * 100, 0, lang)}–{number(b['high'] * 100, 0, lang)} %",
                          "n": number(b["n"], 0, lang),
                          "mean": _percent(b["mean_probability"], lang), "observed": _percent(b["observed"], lang)}
    query = request.GET.copy()
    query.pop("page", None)
    data["query"] = query.urlencode()
    return render(request, "monitor/forecast.html", data)


def _summary_table(data: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """The summary as one row per list, one column per list year (a list not in force that year is blank)."""
    rows: dict[str, dict[str, Any]] = {}
    for s in data["summary"]:
        r = rows.setdefault(s["category"], {"label": s["category_label"], "now": s["on_list_now"], "cells": {}})
        r["now"] = max(r["now"], s["on_list_now"])
        r["cells"][s["list_year"]] = number(s["expected"], 1, lang)
    return [{**r, "cells": [r["cells"].get(y, "") for y in data["list_years"]]} for r in rows.values()]
