"""The composite-index page (issue 11): choose a preset or build your own, see every area's value, rank and class with
the method named in full, and on request each rank's interval over 1,000 other reasonable choices and which choice
moves ranks most. One function, :func:`index_page`, serves the page, its JSON twin, the CSV/XLSX downloads and
``/api/index``.

Who is compared with whom: analysts and administrators see every area, so the index is computed over all of them
(the same cached result the map colours with). Any other viewer gets an index computed only over the areas whose every
input they may see, so neither a value, a rank nor a statistic carries anything of an area or indicator they may not
see; the page says so. A municipality narrows the computation the same way (statistics and ranks among its areas),
as ``boligmonitor index --municipality`` does. A viewer is offered only the presets they get an index of
(``queries.presets_for``), and a page without a preset shows one of those: the public, who see only the public
profile, get the statutory criteria's preset (``lovkriterier``) instead of being sent to the login.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from boligmonitor.errors import NotFound, UserError
from boligmonitor.index import texts as tx
from boligmonitor.index.compute import compute_index
from boligmonitor.index.presets import load_preset, preset_names
from boligmonitor.index.result import IndexResult
from boligmonitor.index.sensitivity import SensitivityResult, sensitivity
from boligmonitor.index.spec import Aggregation, IndexSpec, Normalisation, build_spec, compatible
from boligmonitor.index.weights import WeightError
from boligmonitor.indicators.catalogue import DIRECTION, LABELS
from boligmonitor.published import SYNTHETIC_BANNER
from boligmonitor.rules.texts import Text, number
from boligmonitor.web import exportcache, exports, params, queries
from boligmonitor.web import models as m
from boligmonitor.web.access import PUBLIC_INDICATORS, Viewer
from boligmonitor.web.queries import Forbidden
from boligmonitor.web.views import _data_year, _download, _int, _json, _vintage, guarded, lang_of, viewer

CUSTOM = "custom"
CUSTOM_NORMALISATIONS = ("zscore", "minmax", "percentile", "rank", "exponential", "reference")
RUNS = (0, 100, 1000)  # Monte Carlo runs a page may ask for
CHART_ROWS = 60

T = {
    "title": Text("Sammensat indeks", "Composite index"),
    "intro": Text("Alle områder på én skala: hver indikator normaliseres, vægtes og lægges sammen efter en metode, som "
                  "står under tabellen. Højere værdi og rang 1 betyder mest udsat.",
                  "Every area on one scale: each indicator is normalised, weighted and combined by a method named "
                  "below the table. A higher value and rank 1 mean most disadvantaged."),
    "preset": Text("Metode", "Method"), "custom": Text("Eget indeks (vælg nedenfor)", "Own index (choose below)"),
    "year": Text("Dataår", "Data year"), "municipality": Text("Kommune", "Municipality"),
    "all": Text("Hele landet", "Whole country"), "runs": Text("Følsomhed (Monte Carlo)", "Sensitivity (Monte Carlo)"),
    "none": Text("ingen", "none"), "show": Text("Vis", "Show"),
    "build": Text("Byg dit eget indeks", "Build your own index"), "indicators": Text("Indikatorer", "Indicators"),
    "normalisation": Text("Normalisering", "Normalisation"), "reference": Text("Reference", "Reference"),
    "weights": Text("Vægte", "Weights"), "aggregation": Text("Aggregering", "Aggregation"),
    "groups": Text("Antal grupper", "Number of groups"), "missing": Text("Manglende input", "Missing inputs"),
    "exclude": Text("intet indeks for området", "no index for the area"),
    "reweight": Text("vægt de offentliggjorte op", "weight the published ones up"),
    "rank": Text("Rang", "Rank"), "area": Text("Område", "Area"), "value": Text("Værdi", "Value"),
    "class": Text("Klasse", "Class"), "note": Text("Note", "Note"), "interval": Text("90 %-interval", "90 % interval"),
    "method_title": Text("Metoden", "The method"), "stands_for": Text("svarer til", "corresponds to"),
    "substitute": Text("erstatter", "stands in for"), "direction": Text("Retning", "Direction"),
    "weight": Text("Vægt", "Weight"), "up": Text("højere er mere udsat", "higher is more disadvantaged"),
    "down": Text("lavere er mere udsat", "lower is more disadvantaged"),
    "not_covered": Text("Ikke med (ingen data)", "Not covered (no data)"),
    "assumptions": Text("Vores antagelser", "Our assumptions"), "sources": Text("Kilder", "Sources"),
    "sensitivity": Text("Følsomhed", "Sensitivity"),
    "effects": Text("Ét valg ad gangen: hvor meget flytter rangene?", "One choice at a time: how far do ranks move?"),
    "choice": Text("Valg", "Choice"), "alternative": Text("Alternativ", "Alternative"),
    "mean_shift": Text("Gns. ændring af rang", "Mean rank change"), "max_shift": Text("Største", "Largest"),
    "moved": Text("Områder flyttet", "Areas moved"), "skipped": Text("Ikke mulige", "Not possible"),
    "download": Text("Hent", "Download"), "classes": Text("Klasser", "Classes"), "notes": Text("Noter", "Notes"),
    "scope_all": Text("Beregnet over alle {n} områder i dataudgaven.", "Computed over all {n} areas of the vintage."),
    "scope_municipality": Text("Beregnet over kommunens {n} områder: statistik og rang er blandt dem.",
                               "Computed over the municipality's {n} areas: statistics and ranks are among them."),
    "scope_own": Text("Beregnet over de {n} områder, hvor du må se alle indikatorerne; statistik og rang er blandt "
                      "dem.",
                      "Computed over the {n} areas whose every indicator you may see; statistics and ranks are "
                      "among them."),
    "moves": Text("Det valg, der flytter rangene mest: {dim} (gns. {shift} pladser).",
                  "The choice that moves ranks most: {dim} (mean {shift} places)."),
    "chart": Text("Rang med 90 %-interval over {runs} Monte Carlo-kørsler (1 = mest udsat); prikken er den "
                  "offentliggjorte rang, stregen medianen. De {k} højest rangerede vises.",
                  "Rank with its 90 % interval over {runs} Monte Carlo runs (1 = most disadvantaged); the dot is the "
                  "published rank, the bar the median. The {k} highest ranked are shown."),
    "login_runs": Text("Følsomhedsberegningen kræver login.", "The sensitivity analysis requires logging in."),
    "login": Text("dette indeks bygger på indikatorer, der kun vises efter login",
                  "this index uses indicators that are shown only after logging in"),
}

NORM_LABEL = {k: v.format(ref=tx.REFERENCE_UNIT["municipality"]) for k, v in tx.NORMALISATION.items()}


class FormProblem(UserError):
    """A choice in the build-your-own form that cannot work; the message is in the page's language."""


@dataclass(frozen=True)
class Choice:
    preset: str  # a shipped preset's name, or CUSTOM
    spec: IndexSpec


def choose(preset: str | None, custom: dict[str, Any], lang: str, shown: list[str] | None = None) -> Choice:
    """The definition asked for: a shipped preset by name (never a path: the web reads no file a user names), or one
    built from the form's fields; without a name, the default among the presets ``shown`` to this viewer."""
    name = preset or queries.default_preset(preset_names() if shown is None else shown)
    if name != CUSTOM:
        if name not in preset_names():
            raise NotFound(Text(f"der er ingen indeks-metode '{name[:40]}'; vælg en af {', '.join(preset_names())}",
                                f"there is no index preset '{name[:40]}'; choose one of {', '.join(preset_names())}"
                                ).pick(lang))
        return Choice(name, load_preset(name))
    return Choice(CUSTOM, custom_spec(custom, lang))


def custom_indicators() -> list[str]:
    """Catalogue indicators with a better side (the form cannot ask for a direction)."""
    return [i for i in LABELS if DIRECTION.get(i) in ("lower", "higher")]


def custom_spec(f: dict[str, Any], lang: str) -> IndexSpec:
    ids = [i for i in f.get("ind") or [] if i]
    if not ids:
        raise FormProblem(Text("Vælg mindst én indikator.", "Choose at least one indicator.").pick(lang))
    unknown = [i for i in ids if i not in custom_indicators()]
    if unknown or len(set(ids)) != len(ids) or len(ids) > 12:
        raise FormProblem(Text(f"Ukendte eller gentagne indikatorer (højst 12): {', '.join(unknown)[:80]}",
                               f"Unknown or repeated indicators (at most 12): {', '.join(unknown)[:80]}").pick(lang))
    norm = _one(f, "norm", CUSTOM_NORMALISATIONS, "zscore", lang)
    ref = _one(f, "ref", ("municipality", "region", "nation"), "municipality", lang)
    weights = _one(f, "weights", ("equal", "pca"), "equal", lang)
    agg = _one(f, "agg", ("arithmetic", "geometric"), "arithmetic", lang)
    missing = _one(f, "missing", ("exclude", "reweight"), "exclude", lang)
    groups = f.get("groups") or 5
    if not isinstance(groups, int) or not 2 <= groups <= 10:
        raise FormProblem(Text("Antal grupper skal være 2-10.", "The number of groups must be 2-10.").pick(lang))
    if not compatible(Normalisation.model_validate({"method": norm, "reference": ref}),
                      Aggregation.model_validate({"method": agg})):
        raise FormProblem(Text(
            f"Et geometrisk gennemsnit kræver scorer, der aldrig er negative, og '{norm}' kan give negative. Vælg en "
            "anden normalisering eller vægtet gennemsnit.",
            f"A geometric mean needs scores that are never negative, and '{norm}' can give negative ones. Choose "
            "another normalisation or the weighted mean.").pick(lang))
    alternatives = [{"method": n} for n in ("zscore", "percentile", "minmax") if n != norm]
    if norm != "reference":
        alternatives.append({"method": "reference", "reference": "municipality"})
    return build_spec({
        "id": "eget_indeks", "name": {"da": "Eget indeks", "en": "Own index"},
        "indicators": [{"id": i} for i in ids],
        "normalisation": {"method": norm, "reference": ref}, "weights": {"method": weights},
        "aggregation": {"method": agg}, "classes": {"method": "quantiles", "count": groups},
        "missing": {"rule": missing},
        "sensitivity": {"normalisation": alternatives, "aggregation": [{"method": "geometric"}],
                        "weights": ["equal", "pca"]},
    }, "web form")


def _one(f: dict[str, Any], key: str, allowed: tuple[str, ...], default: str, lang: str) -> str:
    value = f.get(key) or default
    if value not in allowed:
        raise FormProblem(Text(f"'{key}' skal være en af {', '.join(allowed)}",
                               f"'{key}' must be one of {', '.join(allowed)}").pick(lang))
    return str(value)


def scored_units(v: m.Vintage, who: Viewer, spec: IndexSpec, municipality: int | None, lang: str
                 ) -> tuple[list[str] | None, str]:
    """The areas to compute over (None: every unit of the vintage) and which scope that is."""
    areas = queries._areas(v, who)
    if municipality is not None:
        areas = {a: x for a, x in areas.items() if x.municipality_code == municipality}
        if not areas:
            raise NotFound(Text(f"ingen områder i kommune {municipality}, som du må se",
                                f"no areas you may see in municipality {municipality}").pick(lang))
    if who.sees_everything:
        return (None, "scope_all") if municipality is None else (sorted(areas), "scope_municipality")
    allowed = sorted(a for a, x in areas.items() if queries.index_allowed(who, spec.ids(), [x]))
    if not allowed:
        raise Forbidden(T["login"].pick(lang))
    return allowed, "scope_own"


@lru_cache(maxsize=8)
def _cached_sensitivity(vintage_id: int, checksum: str, preset: str, year: int, runs: int) -> SensitivityResult:
    """A shipped preset's Monte Carlo over every unit, once per worker (a vintage never changes)."""
    v = m.Vintage.objects.get(pk=vintage_id)
    return sensitivity(queries.VintageIndexData(v), load_preset(preset), year, runs=runs, seed=1)


def compute(v: m.Vintage, choice: Choice, year: int, units: list[str] | None, runs: int, lang: str
            ) -> tuple[IndexResult, SensitivityResult | None]:
    shared = choice.preset != CUSTOM and units is None  # the map's cached result, and a cached Monte Carlo
    try:
        if runs:
            s = (_cached_sensitivity(v.pk, v.checksum, choice.preset, year, runs) if shared
                 else sensitivity(queries.VintageIndexData(v), choice.spec, year, runs=runs, seed=1, units=units))
            return queries.worded(s.nominal, v, lang), s
        if shared:
            return queries.index_result(v, choice.preset, year, lang), None
        return compute_index(queries.VintageIndexData(v), choice.spec, year, units), None
    except WeightError as exc:
        raise FormProblem(exc.text.pick(lang)) from None


def index_page(v: m.Vintage, who: Viewer, preset: str | None, custom: dict[str, Any], year: int | None,
               municipality: int | None, runs: int, lang: str) -> dict[str, Any]:
    if runs not in RUNS:
        raise NotFound(Text(f"runs skal være en af {', '.join(map(str, RUNS))}",
                            f"runs must be one of {', '.join(map(str, RUNS))}").pick(lang))
    if runs and who.is_public:
        raise Forbidden(T["login_runs"].pick(lang))
    choice = choose(preset, custom, lang, queries.presets_for(v, who))
    year = year or v.last_data_year
    units, scope = scored_units(v, who, choice.spec, municipality, lang)
    result, sens = compute(v, choice, year, units, runs, lang)
    visible = queries._areas(v, who)
    names = {int(k): n for k, n in queries.municipality_names(v).items()}
    rows = [r for r in result.flat(lang, names) if r["area_id"] in visible and (units is None or r["area_id"] in units)]
    rows.sort(key=lambda r: (r["rank"] is None, r["rank"] or 0, r["area_id"]))  # rank order; no index last
    ranked = sum(1 for r in result.rows if r.rank is not None)
    out: dict[str, Any] = {
        "vintage": queries.vintage_info(v), "preset": choice.preset, "year": year, "municipality": municipality,
        "runs": runs, "scope": T[scope].format(n=len(units) if units is not None else len(result.rows)).pick(lang),
        "method": result.method.as_dict(lang), "rows": rows, "ranked": ranked,
        "classes": _class_counts(result, rows, lang), "sensitivity": None,
    }
    if sens is not None:
        by = {i.unit_id: i for i in sens.intervals}
        for r in rows:
            i = by.get(r["area_id"])
            r |= {"rank_median": None if i is None else i.median, "rank_low": None if i is None else i.low,
                  "rank_high": None if i is None else i.high}
        top = sens.ranking[0] if sens.ranking else None
        out["sensitivity"] = {
            "runs": sens.runs, "seed": sens.seed, "effects": sens.effect_rows(lang),
            "ranking": [{"dimension": d, "label": tx.DIMENSION[d].pick(lang), "mean_shift": s}
                        for d, s in sens.ranking],
            "skipped": sens.skipped,
            "moves_most": None if top is None else T["moves"].format(
                dim=tx.DIMENSION[top[0]], shift=Text(number(top[1], 1, "da"), number(top[1], 1, "en"))).pick(lang)}
    return out


def _class_counts(result: IndexResult, rows: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    shown = {r["area_id"] for r in rows}
    counts: dict[str, int] = {}
    for r in result.rows:
        if r.klass is not None and r.unit_id in shown:
            counts[r.klass.id] = counts.get(r.klass.id, 0) + 1
    return [{"id": c.id, "label": c.label.pick(lang), "colour": c.colour, "count": counts.get(c.id, 0)}
            for c in queries._classes(result)]


# ------------------------------------------------------------------------------------------------------------- chart

def rank_chart(rows: list[dict[str, Any]], n: int, runs: int, lang: str) -> str:
    """Ranks with their intervals as an SVG drawn on the server (no script): the CHART_ROWS highest ranked."""
    shown = sorted((r for r in rows if r.get("rank_low") is not None), key=lambda r: (r["rank"], r["area_id"]))
    shown = shown[:CHART_ROWS]
    if not shown:
        return ""
    width, left, right, top, step = 720, 230, 16, 22, 16
    height = top + step * len(shown) + 8
    span = max(n - 1, 1)

    def x(rank: float) -> float:
        return round(left + (rank - 1) / span * (width - left - right), 1)

    title = T["chart"].format(runs=runs, k=len(shown)).pick(lang)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" role="img" '
           f'aria-labelledby="rank-chart-title" class="rank-chart"><title id="rank-chart-title">{html.escape(title)}'
           "</title>"]
    for tick in sorted({1, max(1, n // 4), max(1, n // 2), max(1, 3 * n // 4), n}):
        out.append(f'<line x1="{x(tick)}" y1="{top - 6}" x2="{x(tick)}" y2="{height - 4}" stroke="#ccc"/>'
                   f'<text x="{x(tick)}" y="{top - 9}" font-size="10" text-anchor="middle">{tick}</text>')
    for k, r in enumerate(shown):
        y = top + step * k + step / 2
        name = r["name"] if len(r["name"]) <= 32 else r["name"][:31] + "…"
        label = Text(f"{r['name']}: rang {r['rank']}, interval {r['rank_low']}–{r['rank_high']}, median "
                     f"{number(r['rank_median'], 1, 'da')}",
                     f"{r['name']}: rank {r['rank']}, interval {r['rank_low']}–{r['rank_high']}, median "
                     f"{number(r['rank_median'], 1, 'en')}").pick(lang)
        out.append(f"<g><title>{html.escape(label)}</title>"
                   f'<text x="{left - 6}" y="{y + 4}" font-size="11" text-anchor="end">{html.escape(name)}</text>'
                   f'<line x1="{x(r["rank_low"])}" y1="{y}" x2="{x(r["rank_high"])}" y2="{y}" stroke="#555" '
                   f'stroke-width="2"/><line x1="{x(r["rank_median"])}" y1="{y - 5}" x2="{x(r["rank_median"])}" '
                   f'y2="{y + 5}" stroke="#555"/><circle cx="{x(r["rank"])}" cy="{y}" r="4" fill="#b71c1c"/></g>')
    out.append("</svg>")
    return "".join(out)


# -------------------------------------------------------------------------------------------------------------- view

COLUMNS = [
    ("rank", "Rang", "Rank"), ("area_id", "Område-id", "Area id"), ("name", "Område", "Area"),
    ("municipality", "Kommune", "Municipality"), ("value", "Værdi", "Value"), ("class", "Klasse-id", "Class id"),
    ("class_label", "Klasse", "Class"), ("status", "Status", "Status"), ("coverage", "Vægt dækket", "Weight covered"),
    ("note", "Note", "Note"), ("rank_low", "Rang, nedre", "Rank, low"), ("rank_high", "Rang, øvre", "Rank, high"),
    ("method", "Metode", "Method"),
]


def form_of(request: HttpRequest) -> dict[str, Any]:
    q = request.GET
    groups = params.parse_int(q.get("groups"), "groups", lang_of(request))
    return {"ind": q.getlist("ind"), "norm": q.get("norm"), "ref": q.get("ref"), "weights": q.get("weights"),
            "agg": q.get("agg"), "missing": q.get("missing"), "groups": groups}


@guarded
def composite(request: HttpRequest, fmt: str = "html") -> HttpResponse:
    who, lang = viewer(request), lang_of(request)
    v = _vintage(request)
    form = form_of(request)
    runs = _int(request, "runs") or 0
    municipality = _int(request, "municipality")
    preset = request.GET.get("preset") or None
    try:
        data = index_page(v, who, preset, form, _data_year(request, v), municipality, runs, lang)
    except FormProblem as exc:
        if fmt != "html":
            raise
        data = {"error": str(exc), "rows": [], "preset": CUSTOM, "runs": runs, "municipality": municipality,
                "year": _data_year(request, v) or v.last_data_year, "vintage": queries.vintage_info(v)}
    if fmt == "json":
        return _json(data)
    if fmt in ("csv", "xlsx"):
        banner = SYNTHETIC_BANNER if v.synthetic else ""
        name = f"indeks-{data['preset']}-{data['year']}"
        parts = ("index", fmt, request.GET.urlencode())

        def body() -> bytes:
            if fmt == "csv":
                return exports.to_csv(data["rows"], COLUMNS, lang, banner)
            return exports.to_xlsx(data["rows"], COLUMNS, lang, name, banner)

        content = exportcache.public_download(request, v, parts, lang, who.is_public, body)
        kind = "text/csv; charset=utf-8" if fmt == "csv" else \
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return _download(request, content, f"{name}.{fmt}", kind, "index")
    if fmt != "html":
        raise NotFound(f"the index page has no .{fmt} form; use .json, .csv or .xlsx")
    notes = 0
    for r in data["rows"]:
        r["shown"] = None if r["value"] is None else number(r["value"], 2, lang)
        r["colour"] = next((c["colour"] for c in data.get("classes", []) if c["id"] == r["class"]), None)
        if r["note"]:  # a sentence: listed under the table, so rows stay one line high on a phone
            notes += 1
            r["note_no"] = notes
    n = data.get("ranked", 0)
    data["chart"] = rank_chart(data["rows"], n, runs, lang) if data.get("sensitivity") else ""
    data["t"] = {k: t.pick(lang) for k, t in T.items()}
    shown = queries.presets_for(v, who)  # a preset this viewer would be refused is not offered
    data["presets"] = [p for p in queries.preset_options(lang) if p["id"] in shown]
    data["years"] = list(range(v.first_data_year, v.last_data_year + 1))
    data["municipalities"] = queries.filter_options(v)["municipalities"]
    data["run_options"] = [r for r in RUNS if r == 0 or not who.is_public]
    data["form"] = form
    data["custom_indicators"] = [{"id": i, "label": queries.indicator_label(i, lang)} for i in custom_indicators()
                                 if not who.is_public or i in PUBLIC_INDICATORS]
    data["normalisations"] = [{"id": k, "label": NORM_LABEL[k].pick(lang)} for k in CUSTOM_NORMALISATIONS]
    data["references"] = [{"id": k, "label": t.pick(lang)} for k, t in tx.REFERENCE_UNIT.items()]
    data["weight_options"] = [{"id": k, "label": tx.WEIGHTS[k].pick(lang)} for k in ("equal", "pca")]
    data["aggregations"] = [{"id": k, "label": tx.AGGREGATION[k].pick(lang)} for k in ("arithmetic", "geometric")]
    data["query"] = request.GET.urlencode()
    if "method" in data:
        words = {**T, "dynamics": Text("Udvikling", "Dynamics")}  # the method's choices: normalisation, weights ...
        data["choices"] = [(words[k].pick(lang), c) for k, c in data["method"]["choices"].items()]
    return render(request, "monitor/composite.html", data)
