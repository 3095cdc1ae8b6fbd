"""Pages. Each one parses its input, calls one function in queries.py and renders the result as HTML, or as its
JSON twin (the same URL with ``.json``), or as a download (``.csv``, ``.xlsx``, ``.pdf``)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from boligmonitor.errors import BoligmonitorError, NotFound
from boligmonitor.messages import localize
from boligmonitor.published import SYNTHETIC_BANNER
from boligmonitor.rules.texts import Text
from boligmonitor.web import (
    actions,
    compare_rank,
    exportcache,
    exports,
    params,
    queries,
    svg,
    tables,
    throttle,
    uploads,
)
from boligmonitor.web import models as m
from boligmonitor.web.access import Viewer, viewer_of
from boligmonitor.web.area_charts import grouped as chart_groups
from boligmonitor.web.area_charts import legend as chart_legend
from boligmonitor.web.audit_text import BadFilter, page_of
from boligmonitor.web.briefing import PDF_LAYOUT, area_briefing
from boligmonitor.web.briefing_texts import LABELS as BRIEFING_LABELS
from boligmonitor.web.briefing_texts import START as START_LABELS
from boligmonitor.web.briefing_texts import picked
from boligmonitor.web.compare_rank_texts import LABELS as RANK_TEXTS
from boligmonitor.web.formats import offers
from boligmonitor.web.queries import Forbidden
from boligmonitor.web.refusal import ImportRefused, refuse, where
from boligmonitor.web.site_vintage import lazy_published
from boligmonitor.web.start import kind_of, start_page

FORMATS = ("html", "json", "csv", "xlsx", "pdf")
# The first list year of each version of the criteria (criteria-sources.md): links on the area page.
LAW_VERSIONS = ((2010, "2010"), (2013, "2013"), (2018, "2018"), (2021, "2021"))


def lang_of(request: HttpRequest) -> str:
    return translation.get_language() or "da"


def viewer(request: HttpRequest) -> Viewer:
    cached: Viewer | None = getattr(request, "_viewer", None)
    if cached is None:
        cached = viewer_of(request.user)
        request._viewer = cached
    return cached


def error_body(code: str, message: str, status: int, **extra: Any) -> dict[str, Any]:
    """The one JSON error shape for pages' JSON twins and the API, its message in the request's language (the core
    raises in English; boligmonitor/messages.py has the Danish of each message)."""
    return {"error": {"code": code, "status": status, "message": localize(message, translation.get_language() or "da"),
                      **extra}}


def refusal_response(request: HttpRequest, exc: ImportRefused, status: int = 400) -> HttpResponse:
    """A refused import on the upload page (or its JSON twin), in the page's language."""
    message = exc.pick(lang_of(request))
    if request.path_info.endswith(".json"):
        return JsonResponse(error_body("bad_request", message, status, reason=exc.kind), status=status)
    return render(request, "monitor/upload.html", {"error": message}, status=status)


def _error(request: HttpRequest, fmt: str, status: int, code: str, message: str) -> HttpResponse:
    if fmt == "html":
        return render(request, "monitor/error.html", {"status": status, "message": message}, status=status)
    return JsonResponse(error_body(code, message, status), status=status)


def guarded(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Turn user errors into 404/403/400 answers in the requested format; bugs still raise."""
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, fmt: str | None = None, **kwargs: Any) -> HttpResponse:
        fmt = fmt or "html"
        if fmt not in FORMATS:
            return _error(request, "json", 404, "not_found", f"unknown format '{fmt}'")
        try:
            return view(request, *args, fmt=fmt, **kwargs)
        except NotFound as exc:
            return _error(request, fmt, 404, "not_found", str(exc))
        except Forbidden as exc:
            if fmt == "html" and not request.user.is_authenticated:
                return auth_views.redirect_to_login(request.get_full_path())
            return _error(request, fmt, 403, "forbidden", str(exc))
        except exportcache.RateLimited as exc:
            code = "too_many_requests" if exc.status == 429 else "busy"
            response = _error(request, fmt, exc.status, code, exc.text.pick(lang_of(request)))
            response["Retry-After"] = str(exc.retry_after)
            return response
        except BoligmonitorError as exc:
            return _error(request, fmt, 400, "bad_request", str(exc))
    return wrapper


def _int(request: HttpRequest, name: str) -> int | None:
    return params.parse_int(request.GET.get(name), name, lang_of(request))


def _int_post(request: HttpRequest, name: str) -> int:
    value = params.vintage_id(request.POST.get(name, ""), lang_of(request))
    if value is None:
        raise NotFound(Text(f"feltet '{name}' skal være et helt tal", f"form field '{name}' must be a whole number")
                       .pick(lang_of(request)))
    return value


def _json(data: dict[str, Any]) -> JsonResponse:
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def _download(request: HttpRequest, body: bytes, name: str, content_type: str, what: str) -> HttpResponse:
    actions.audit("export", request, file=name, what=what)
    resp = HttpResponse(body, content_type=content_type)
    resp["Content-Disposition"] = f'attachment; filename="{name}"'
    return resp


# On a page the banner speaks the page's language (files keep the bilingual SYNTHETIC_BANNER: they travel).
PAGE_BANNER = Text("SYNTETISKE DATA — opdigtede personer og områder", "SYNTHETIC DATA — invented persons and areas")


def site_context(request: HttpRequest) -> dict[str, Any]:
    from boligmonitor.web.users import ROLE_TEXTS  # users imports this module's helpers

    v = viewer(request)
    lang = lang_of(request)
    role = ROLE_TEXTS.get(v.role)
    return {"viewer": v, "lang": lang, "synthetic_banner": PAGE_BANNER.pick(lang),
            "json_twin": json_twin(request), "site_vintage": lazy_published(),
            "role_label": role.pick(lang) if role is not None else v.role}


def json_twin(request: HttpRequest) -> str:
    """The page's JSON twin: the same path with ``.json`` (``/`` -> ``/index.json``), the same query."""
    p = request.path
    base = "/index" if p == "/" else p[:-1] if p.endswith("/") else p.rsplit(".", 1)[0]
    q = request.GET.urlencode()
    return f"{base}.json" + (f"?{q}" if q else "")


def _vintage(request: HttpRequest) -> m.Vintage:
    return queries.choose_vintage(viewer(request), params.vintage_id(request.GET.get("vintage"), lang_of(request)))


def _list_year(request: HttpRequest, vintage: m.Vintage) -> int | None:
    return params.list_year(vintage, _int(request, "year"), lang_of(request))


def _data_year(request: HttpRequest, vintage: m.Vintage) -> int | None:
    return params.data_year(vintage, _int(request, "year"), lang_of(request))


# ------------------------------------------------------------------------------------------------ pages

@guarded
def home(request: HttpRequest, fmt: str = "html") -> HttpResponse:
    v = viewer(request)
    requested = params.vintage_id(request.GET.get("vintage"), lang_of(request))  # a bad one is a 404 here too
    try:
        vintage = queries.choose_vintage(v, requested)
    except NotFound as exc:
        if requested is not None:
            raise
        data: dict[str, Any] = {"vintage": None, "message": str(exc), "kind": kind_of(v)}  # nothing imported
    else:
        q = (request.GET.get("q") or "")[:100]
        data = start_page(vintage, v, lang_of(request), q)  # one start page per role (issue 12 §1)
    if fmt == "json":
        return _json(data)
    if fmt != "html":
        raise NotFound(Text(f"forsiden findes ikke som .{fmt}; brug .json", f"the start page has no .{fmt} form; "
                            "use .json").pick(lang_of(request)))
    data["t"] = picked(START_LABELS, lang_of(request), q=data.get("q", ""), year=data.get("year", ""),
                       prev=(data.get("year") or 1) - 1, date=data.get("list_date_text", ""),
                       n=len(data.get("areas") or []))
    return render(request, "monitor/home.html", data)


@guarded
def lists(request: HttpRequest, fmt: str = "html") -> HttpResponse:
    v, lang = viewer(request), lang_of(request)
    vintage = _vintage(request)
    chosen = (_list_year(request, vintage), request.GET.get("category") or None, _int(request, "municipality"),
              _int(request, "region"), request.GET.get("org") or None)
    data = queries.list_page(vintage, v, *chosen, lang)
    # computed here from the vintage's data, not the ministry's published list: every form says so
    data["computed_note"] = exports.LISTS_COMPUTED.pick(lang).format(label=data["vintage"]["label"])
    banner = SYNTHETIC_BANNER if vintage.synthetic else ""
    name = f"lister-{data['year']}"
    if fmt == "json":
        return _json(data)

    def export(render: Callable[[], bytes], content_type: str) -> HttpResponse:
        body = exportcache.public_download(request, vintage, ("lists", fmt, *chosen), lang, v.is_public, render)
        return _download(request, body, f"{name}.{fmt}", content_type, "lists")

    if fmt == "csv":
        return export(lambda: exports.to_csv(data["rows"], exports.LIST_COLUMNS, lang, _computed(banner, data, lang)),
                      "text/csv; charset=utf-8")
    if fmt == "xlsx":
        return export(lambda: exports.to_xlsx(data["rows"], exports.LIST_COLUMNS, lang, name, banner,
                                              data["vintage"], computed=True), XLSX)
    if fmt == "pdf":
        return export(lambda: exports.to_pdf("monitor/print_lists.html", {**data, "lang": lang, "banner": banner}),
                      "application/pdf")
    data["options"] = queries.filter_options(vintage)
    data["vintages"] = queries.vintages(v)
    data["query"] = request.GET.urlencode()
    return render(request, "monitor/lists.html", data)


def _chart_names(area: dict[str, Any], lang: str) -> dict[str, str]:
    return {"area": area["name"], "municipality": area["municipality"], "region": area["region"],
            "nation": "Hele landet" if lang == "da" else "Denmark"}


@guarded
def area(request: HttpRequest, area_id: str, fmt: str = "html") -> HttpResponse:
    """The area as a briefing (issue 12 §2): summary, criteria, history, related areas, charts in groups; the PDF
    in the same order with the other law versions in an appendix."""
    v, lang = viewer(request), lang_of(request)
    vintage = _vintage(request)
    year = _list_year(request, vintage)
    data = area_briefing(vintage, v, area_id, year, lang)  # also decides whether the viewer may see it
    if fmt == "json":
        return _json(data)
    names = _chart_names(data["area"], lang)
    t = picked(BRIEFING_LABELS, lang, date=(data["explanation"] or {}).get("list_date_text", ""))
    if fmt == "pdf":
        banner = SYNTHETIC_BANNER if vintage.synthetic else ""

        def pdf() -> bytes:
            groups = chart_groups(data["profile"], names, lang)
            return exports.to_pdf("monitor/print_area.html", {**data, "lang": lang, "banner": banner, "names": names,
                                                               "groups": groups, "t": t,
                                                               "legend": chart_legend(names)})

        body = exportcache.public_download(request, vintage, ("area", area_id, year, PDF_LAYOUT), lang, v.is_public,
                                           pdf)
        return _download(request, body, f"omraade-{area_id}.pdf", "application/pdf", f"area {area_id}")
    if fmt != "html":
        raise NotFound(Text(f"områdesiden findes ikke som .{fmt}; brug .json eller .pdf",
                            f"the area page has no .{fmt} form; use .json or .pdf").pick(lang))
    data["groups"] = chart_groups(data["profile"], names, lang)
    data["legend"] = chart_legend(names)
    data["names"] = names
    data["t"] = t
    data["query"] = request.GET.urlencode()
    data["law_versions"] = [(y, name) for y, name in LAW_VERSIONS
                            if vintage.first_list_year <= y <= vintage.last_list_year]
    return render(request, "monitor/area.html", data)


@guarded
def area_map(request: HttpRequest, fmt: str = "html") -> HttpResponse:
    v, lang = viewer(request), lang_of(request)
    vintage = _vintage(request)
    # the presets this viewer gets an index of: only those are offered, and the default is one of them (the public
    # choosing "class" without a preset got the site default, built on indicators shown only after login)
    shown = queries.presets_for(vintage, v)
    colour, indicator, preset = map_colour(request.GET.get("colour"), request.GET.get("indicator"),
                                           request.GET.get("preset"), lang, queries.default_preset(shown))
    region, municipality = _map_zoom(request)
    year = _data_year(request, vintage) if indicator or preset else _list_year(request, vintage)
    data = queries.map_page(vintage, v, year, request.GET.get("category") or None, indicator, lang, region=region,
                            municipality=municipality, unit=request.GET.get("unit") or "area", preset=preset,
                            watch=colour == "watchlist", flag=request.GET.get("flag") or None)
    data["colour"] = colour
    if fmt == "json":
        return _json(data)
    if fmt in ("csv", "xlsx"):  # the map's "same data as a table"
        if indicator:
            data["indicator_kind"] = queries.INDICATOR_META[indicator]["kind"]
        names = {mm["code"]: mm["name"] for mm in queries.filter_options(vintage)["municipalities"]}
        return _table_download(request, vintage, "map", fmt, f"kort-{data['mode']}-{data['year']}",
                               *tables.map_table(data, lang, names), data["vintage"])
    if fmt != "html":
        raise NotFound(Text(f"kortet findes ikke som .{fmt}; brug .json, .csv eller .xlsx",
                            f"the map has no .{fmt} form; use .json, .csv or .xlsx").pick(lang))
    outlines = queries.map_outlines(vintage)
    options = queries.filter_options(vintage)
    data["names"] = {m["code"]: m["name"] for m in options["municipalities"]}
    if indicator:
        data["indicator_kind"] = queries.INDICATOR_META[indicator]["kind"]
    codes = [m["code"] for m in options["municipalities"]
             if data["view"]["kind"] == "nation" or (data["view"]["kind"] == "region"
                                                     and m["region_code"] == data["view"]["code"])
             or m["code"] == data["view"]["code"]]
    view = svg.map_view_of(outlines, data["view"]["kind"], data["view"]["code"], codes)
    regions = tuple(sorted((m["code"], m["region_code"]) for m in options["municipalities"]))
    data.update(svg.map_figure(data, outlines, view, lang, lambda kind, code: _map_href(request, kind, code), regions))
    data["indicators"] = [{"id": k, "label": queries.indicator_label(k, lang)} for k in queries.INDICATOR_META]
    data["years"] = list(range(vintage.first_list_year, vintage.last_list_year + 1))
    data["options"] = options
    data["t"] = {k: t.pick(lang) for k, t in svg.MAP_TEXTS.items()}
    data["zoom"] = _zoom_links(request, data["view"], options)
    data["presets"] = [p for p in queries.preset_options(lang) if p["id"] in shown]
    rest = request.GET.copy()
    rest.pop("flag", None)
    data["flag_query"] = rest.urlencode()
    return render(request, "monitor/map.html", data)


MAP_COLOURS = ("status", "indicator", "index", "class", "watchlist")


def map_colour(colour: str | None, indicator: str | None, preset: str | None,
               lang: str, default_preset: str | None = None) -> tuple[str, str | None, str | None]:
    """(colour, indicator, preset): what the map is coloured by (the page and /api/map alike). ``colour`` decides
    (the form sends every field); without it an indicator or a preset in the address says it
    (``/map.json?indicator=residents``)."""
    indicator, preset = indicator or None, preset or None
    colour = colour or ("indicator" if indicator else "class" if preset else "status")
    if colour not in MAP_COLOURS:
        raise NotFound(Text(f"'colour' skal være en af {', '.join(MAP_COLOURS)}",
                            f"'colour' must be one of {', '.join(MAP_COLOURS)}").pick(lang))
    if colour == "indicator":
        return colour, indicator or "outside_labour_18_64", None
    if colour in ("index", "class"):
        return colour, None, preset or default_preset or queries.DEFAULT_PRESET
    return colour, None, None


def _map_zoom(request: HttpRequest) -> tuple[int | None, int | None]:
    """(region, municipality) from ``region=`` / ``municipality=``, or from the zoom form's one choice
    (``zoom=r1084`` / ``zoom=m101``)."""
    region, municipality = _int(request, "region"), _int(request, "municipality")
    zoom = (request.GET.get("zoom") or "").strip()
    if zoom[:1] in ("r", "m") and zoom[1:].isdigit():
        value = params.bounded(int(zoom[1:]), "zoom", lang_of(request))
        return (value, None) if zoom[0] == "r" else (None, value)
    return region, municipality


def _map_href(request: HttpRequest, kind: str, code: int | None) -> str:
    """This map page in another view, keeping the other choices (colour, year, indicator, vintage)."""
    q = request.GET.copy()
    for key in ("region", "municipality", "zoom"):
        q.pop(key, None)
    if kind in ("region", "municipality") and code is not None:
        q[kind] = str(code)
    return "/map/" + (f"?{q.urlencode()}" if q else "")


def _zoom_links(request: HttpRequest, view: dict[str, Any], options: dict[str, Any]) -> dict[str, Any]:
    """Links to every view one step away: up (the region, the country) and down (regions, municipalities)."""
    up = []
    if view["kind"] != "nation":
        up.append({"href": _map_href(request, "nation", None), "label": "nation"})
    region_code = None
    if view["kind"] == "municipality":
        region_code = next((m["region_code"] for m in options["municipalities"] if m["code"] == view["code"]), None)
        name = next((r["name"] for r in options["regions"] if r["code"] == region_code), "")
        if region_code is not None:
            up.append({"href": _map_href(request, "region", region_code), "name": name})
    elif view["kind"] == "region":
        region_code = view["code"]
    regions = [{"href": _map_href(request, "region", r["code"]), "name": r["name"],
                "current": view["kind"] == "region" and r["code"] == view["code"]} for r in options["regions"]]
    municipalities = [{"href": _map_href(request, "municipality", m["code"]), "name": m["name"],
                       "current": view["kind"] == "municipality" and m["code"] == view["code"]}
                      for m in options["municipalities"] if region_code is None or m["region_code"] == region_code]
    choice = {"municipality": f"m{view['code']}", "region": f"r{view['code']}"}.get(view["kind"], "")
    select = [{"name": r["name"], "options": [{"value": f"r{r['code']}", "name": r["name"]}] + [
        {"value": f"m{m['code']}", "name": m["name"]} for m in options["municipalities"]
        if m["region_code"] == r["code"]]} for r in options["regions"]]
    for group in select:
        for o in group["options"]:
            o["selected"] = o["value"] == choice
    return {"up": up, "regions": regions, "municipalities": municipalities, "select": select}


@guarded
@offers("html", "json", "csv", "xlsx")
def rank(request: HttpRequest, fmt: str = "html") -> HttpResponse:
    v, lang = viewer(request), lang_of(request)
    vintage = _vintage(request)
    data = compare_rank.rank_page(vintage, v, request.GET.get("indicator") or "outside_labour_18_64",
                                  _data_year(request, vintage), request.GET.get("within") or "nation",
                                  _int(request, "code"), lang, request.GET.get("kind") or "statutory",
                                  request.GET.get("status") or None)
    if fmt == "json":
        return _json(data)
    name = f"rangering-{data['indicator']}-{data['year']}"
    if fmt in ("csv", "xlsx"):
        return _table_download(request, vintage, "rank", fmt, name, *tables.rank_table(data, lang), data["vintage"])
    kind = data["kind_of_value"]
    for r in data["rows"]:
        for key in ("value", "municipality_value", "region_value", "nation_value"):
            r[f"{key}_shown"] = compare_rank.shown(r[key], kind, lang)
    data["rows_html"] = mark_safe(tables.rank_rows_html(data["rows"], data["area_kind"] == "statutory"))  # escaped
    data["indicators"] = [{"id": k, "label": queries.indicator_label(k, lang)} for k in queries.INDICATOR_META]
    data["options"] = queries.filter_options(vintage)
    data["choices"] = compare_rank.filter_choices(lang)
    data["years"] = list(range(vintage.first_data_year, vintage.last_data_year + 1))
    data["query"] = request.GET.urlencode()
    data["t"] = {k: x.pick(lang) for k, x in RANK_TEXTS.items()}
    data["caption"] = RANK_TEXTS["caption"].format(label=data["indicator_label"], year=data["year"]).pick(lang)
    data["status_in"] = RANK_TEXTS["status_in"].format(year=data["status_year"]).pick(lang)
    return render(request, "monitor/rank.html", data)


@guarded
@offers("html", "json", "csv", "xlsx")
def compare(request: HttpRequest, fmt: str = "html") -> HttpResponse:
    v, lang = viewer(request), lang_of(request)
    vintage = _vintage(request)
    ids = [a for a in request.GET.getlist("area") if a]
    year = _data_year(request, vintage)
    picker = compare_rank.picker(vintage, v, (request.GET.get("q") or "")[:100], request.GET.get("status") or None,
                                 request.GET.get("kind") or None, lang) if fmt == "html" or not ids else {}
    if fmt == "json" and not ids:  # the twin of the page before anything is chosen: what there is to choose from
        return _json({"vintage": queries.vintage_info(vintage), "year": year or vintage.last_data_year,
                      "picker": picker})
    if fmt != "html":
        data = compare_rank.compare_page(vintage, v, ids, year, lang)
        if fmt == "json":
            return _json(data)
        name = f"sammenligning-{data['year']}"
        return _table_download(request, vintage, "compare", fmt, name, *tables.compare_table(data, lang),
                               data["vintage"])
    data = {"vintage": queries.vintage_info(vintage), "chosen": ids, "year": year or vintage.last_data_year,
            "years": list(range(vintage.first_data_year, vintage.last_data_year + 1)),
            "picker": picker,
            "choices": compare_rank.filter_choices(lang), "query": request.GET.urlencode()}
    if ids:
        data.update(compare_rank.compare_page(vintage, v, ids, year, lang))
        for r in data["rows"]:
            for p in r["values"]:
                p["shown"] = svg.format_value(p["value"], r["kind"]) if p["value"] is not None else None
        shown = {a["area_id"] for a in data["picker"]["matches"]}
        data["picker"]["chosen_elsewhere"] = [a for a in data["areas"] if a["area_id"] not in shown]
        data["caption"] = RANK_TEXTS["compare_caption"].format(year=data["year"]).pick(lang)
        data["status_in"] = RANK_TEXTS["status_in"].format(year=data["status_year"]).pick(lang)
    pk = data["picker"]
    data["matches_text"] = RANK_TEXTS["matches" if pk["count"] > pk["limit"] else "matches_all"].format(
        n=pk["count"], limit=pk["limit"]).pick(lang)
    data["status_newest"] = RANK_TEXTS["status_newest"].format(year=pk["list_year"]).pick(lang)
    data["t"] = {k: x.pick(lang) for k, x in RANK_TEXTS.items()}
    return render(request, "monitor/compare.html", data)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _computed(banner: str, data: dict[str, Any], lang: str) -> str:
    """The CSV's first line: the synthetic-data banner (when so) and that the lists are computed, not official."""
    return f"{banner} · {data['computed_note']}" if banner else str(data["computed_note"])


def _table_download(request: HttpRequest, vintage: m.Vintage, page: str, fmt: str, name: str,
                    rows: list[dict[str, Any]], columns: list[tuple[str, str, str]],
                    info: dict[str, Any]) -> HttpResponse:
    """A page's table as CSV or XLSX, with the same rationing and audit as every download."""
    lang = lang_of(request)
    banner = SYNTHETIC_BANNER if vintage.synthetic else ""

    def body() -> bytes:
        if fmt == "csv":
            return exports.to_csv(rows, columns, lang, banner)
        return exports.to_xlsx(rows, columns, lang, name, banner, info)

    content = exportcache.public_download(request, vintage, (page, fmt, request.GET.urlencode()), lang,
                                          viewer(request).is_public, body)
    return _download(request, content, f"{name}.{fmt}", "text/csv; charset=utf-8" if fmt == "csv" else XLSX, page)


@guarded
@require_http_methods(["GET", "POST"])
def vintages(request: HttpRequest, fmt: str = "html") -> HttpResponse:
    """The imported vintages; administrators publish one here, in two steps: the preview, then confirm."""
    if fmt not in ("html", "json"):
        raise NotFound(Text(f"siden med dataudgaver findes ikke som .{fmt}", f"the vintages page has no .{fmt} form")
                       .pick(lang_of(request)))
    if request.method == "POST":
        if not viewer(request).can_import:
            raise Forbidden(Text("kun administratorer kan offentliggøre en dataudgave",
                                 "only administrators may publish a vintage").pick(lang_of(request)))
        chosen = m.Vintage.objects.filter(pk=_int_post(request, "publish")).first()
        if chosen is None:
            raise NotFound(Text("dataudgaven findes ikke", "no such vintage").pick(lang_of(request)))
        from boligmonitor.web.admin_pages import preview_context  # (it imports this module)

        if request.POST.get("confirm") != "yes":  # the button of the page of vintages: the preview first
            return render(request, "monitor/publish_confirm.html", preview_context(request, chosen))
        current = m.Vintage.objects.filter(published=True).first()
        replaces = request.POST.get("replaces")
        if replaces is not None and replaces != (str(current.pk) if current else "none"):
            # someone published another vintage since this preview was shown: show the preview again
            moved = Text("En anden dataudgave er blevet offentliggjort siden forhåndsvisningen; se den igen.",
                         "Another vintage has been published since the preview; look at it again.")
            return render(request, "monitor/publish_confirm.html",
                          preview_context(request, chosen, moved.pick(lang_of(request))), status=409)
        actions.publish_vintage(chosen, request)
        return redirect("/vintages/")
    data = {"vintages": queries.vintages(viewer(request))}
    if fmt == "json":
        return _json(data)
    return render(request, "monitor/vintages.html", data)


@uploads.accepts_files(uploads.bundle_upload_limit, uploads.bundle_too_large)
@guarded
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, fmt: str = "html") -> HttpResponse:
    """Administrators upload a bundle as a .zip of its folder; it is verified and imported all or nothing, and not
    published: that is a separate act on the page of vintages."""
    if not viewer(request).can_import:
        raise Forbidden(Text("kun administratorer kan importere bundles", "only administrators may import bundles")
                        .pick(lang_of(request)))
    if fmt not in ("html", "json"):
        raise NotFound(Text(f"upload-siden findes ikke som .{fmt}", f"the upload page has no .{fmt} form")
                       .pick(lang_of(request)))
    context: dict[str, Any] = {}
    if request.method == "POST":
        try:
            result = uploads.import_upload(request, _uploaded_file(request))
        except ImportRefused as exc:
            return refusal_response(request, exc, 413 if exc.kind == "too_large" else 400)
        context["result"] = {"vintage": queries.vintage_info(result.vintage), "created": result.created,
                             "preview": f"/vintages/{result.vintage.pk}/preview/"}  # before publishing it
    if fmt == "json":
        return _json(context)
    return render(request, "monitor/upload.html", context)


def _uploaded_file(request: HttpRequest) -> Any:
    """The one uploaded file, or the refusal the upload handler recorded (audited here: nothing else saw it)."""
    f = request.FILES.get("bundle")  # first: this may be what parses the body (and sets upload_refused)
    refused = getattr(request, "upload_refused", None)
    if refused is None and f is not None:
        return f
    name = uploads._display_name(getattr(f, "name", "") or "upload")
    if refused == "too_large":
        exc = uploads.too_large(name)
    elif refused == "too_many_files":
        exc = refuse("too_many_files", where(name), Text("vælg én fil", "choose one file"), uploads.FIX_ZIP)
    else:
        exc = refuse("no_file", where("upload"), Text("ingen fil valgt", "no file chosen"),
                     Text("vælg en bundle (.zip)", "choose a bundle (.zip)"))
    actions.audit("import_failed", request, source=name, reason=exc.kind, error=exc.text.en, error_da=exc.text.da)
    raise exc


@guarded
def audit_log(request: HttpRequest, fmt: str = "html") -> HttpResponse:
    if not viewer(request).can_import:
        raise Forbidden(Text("kun administratorer kan læse revisionsloggen", "only administrators may read the audit "
                             "log").pick(lang_of(request)))
    if fmt not in ("html", "json"):
        raise NotFound(Text(f"revisionsloggen findes ikke som .{fmt}", f"the audit log has no .{fmt} form")
                       .pick(lang_of(request)))
    try:
        data = page_of({k: str(v) for k, v in request.GET.items()}, lang_of(request))
    except BadFilter as exc:
        raise BoligmonitorError(exc.text.pick(lang_of(request))) from None
    if fmt == "json":
        return _json({k: data[k] for k in ("events", "total", "page", "pages", "page_size", "filters")})
    rest = request.GET.copy()
    rest.pop("page", None)
    data["query"] = rest.urlencode()
    return render(request, "monitor/audit.html", data)


class LoginView(auth_views.LoginView):
    template_name = "monitor/login.html"
    redirect_authenticated_user = True
    extra_context: ClassVar[dict[str, Any]] = {"oidc_enabled": bool(settings.OIDC_OP_ISSUER)}

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """Too many recent failures for this account or address: refused before the password is checked."""
        username = str(request.POST.get("username", ""))[:150]
        why = throttle.blocked(username, throttle.client_ip(request))
        if why is not None:
            actions.audit("login_throttled", request, None, username=username, by=why)
            context = {**self.get_context_data(form=self.get_form()), "throttled": True,
                       "minutes": throttle.minutes()}
            return render(request, self.template_name, context, status=429)
        return super().post(request, *args, **kwargs)


@require_http_methods(["POST"])
def set_language(request: HttpRequest) -> HttpResponse:
    lang = request.POST.get("language", "da")
    if lang not in dict(settings.LANGUAGES):
        lang = "da"
    nxt = request.POST.get("next") or "/"
    if not nxt.startswith("/") or nxt.startswith("//"):
        nxt = "/"
    resp = redirect(nxt)
    resp.set_cookie(settings.LANGUAGE_COOKIE_NAME, lang, max_age=365 * 24 * 3600, samesite="Lax",
                    secure=settings.SESSION_COOKIE_SECURE)
    return resp


@receiver(user_logged_in)
def _on_login(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    throttle.clear_account(user.get_username())
    actions.audit("login", request, user)


@receiver(user_logged_out)
def _on_logout(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        actions.audit("logout", request, user)


@receiver(user_login_failed)
def _on_login_failed(sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None,
                     **kwargs: Any) -> None:
    username = str(credentials.get("username", ""))[:150]
    throttle.record_failure(username, throttle.client_ip(request))
    actions.audit("login_failed", request, None, username=username)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.endswith(".json") or request.path.startswith("/api/"):
        return JsonResponse(error_body("not_found", "no such page", 404), status=404)
    return render(request, "monitor/error.html", {"status": 404, "message": localize("no such page", lang_of(request))},
                  status=404)


SERVER_ERROR_PAGE = Text('<!doctype html><html lang="da"><title>Fejl</title><h1>Der opstod en uventet fejl</h1>'
                         '<p>Fejlen er logget. <a href="/">Til forsiden</a></p></html>',
                         '<!doctype html><html lang="en"><title>Error</title><h1>An unexpected error occurred</h1>'
                         '<p>The error has been logged. <a href="/">To the front page</a></p></html>')


def server_error(request: HttpRequest) -> HttpResponse:
    body = error_body("server_error", "an unexpected error; it has been logged", 500)
    if request.path.endswith(".json") or request.path.startswith("/api/"):
        return JsonResponse(body, status=500)
    # no template here: the error may be in the templates themselves
    return HttpResponse(SERVER_ERROR_PAGE.pick(lang_of(request)), status=500)
