"""The JSON API (django-ninja, OpenAPI at /api/openapi.json, docs at /api/docs). Same functions as the pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import ValidationError

from boligmonitor.errors import BoligmonitorError, NotFound
from boligmonitor.web import compare_rank, params, queries
from boligmonitor.web.queries import Forbidden
from boligmonitor.web.views import error_body, lang_of, map_colour, viewer

api = NinjaAPI(title="boligmonitor API", version="1", urls_namespace="api",
               description="Lists, area explanations and indicators from imported aggregate bundles. Every value "
                           "has passed disclosure control; suppressed cells carry no numbers. Errors have one "
                           "shape: {\"error\": {\"code\", \"status\", \"message\"}}.\n\n"
                           "**Personal API tokens.** Without credentials the API answers what the public may see. "
                           "A logged-in user makes a token on /tokens/ (shown once; stored only as a hash; 30, 90 "
                           "or 365 days) and sends it as `Authorization: Bearer bm_…`: the script then sees exactly "
                           "what its owner may see (role and scope decided on every call, so it follows changes "
                           "and stops when the owner is disabled). Tokens are read-only (GET) and work only under "
                           "/api/. A wrong, revoked or expired token answers 401 (`invalid_token`, "
                           "`token_expired`), never the public's data; any other method answers 403 (`read_only`). "
                           "Making and revoking tokens is in the audit log.")


class ErrorDetail(Schema):
    code: str
    status: int
    message: str


class Error(Schema):
    error: ErrorDetail


class VintageOut(Schema):
    id: int
    label: str
    checksum: str
    synthetic: bool
    data_years: list[int]
    list_years: list[int]
    rules_version: str
    code_version: str
    minimum_count: int
    published: bool
    imported_at: str


class VintagesOut(Schema):
    vintages: list[VintageOut]


class CategoryCount(Schema):
    category: str
    label: str
    members: int
    new: int
    left: int
    undetermined: int = 0  # decisions that cannot be made (a criterion they depend on cannot be computed)


class ListRow(Schema):
    list_year: int
    category: str
    category_label: str
    area_id: str
    name: str
    municipality_code: int | None
    municipality: str
    member: bool | None  # None: undetermined (e.g. nobody in the age group the criterion measures)
    change: str
    change_label: str = ""  # the change as a word in the request's language
    criteria_met: int
    consecutive_years: int | None
    difference: str


class ListsOut(Schema):
    vintage: VintageOut
    year: int
    list_date: str
    list_date_text: str = ""  # the list date written in the request's language
    years: list[int]
    categories: list[CategoryCount]
    filters: dict[str, Any]
    rows: list[ListRow]


class Margin(Schema):
    direction: str | None = None
    persons: int | None = None
    gap: float | None = None
    dkk_per_person: float | None = None
    note: str | None = None


class Criterion(Schema):
    id: str
    label: str
    value: float | None
    threshold: float | None
    comparator: str
    wording: str
    met: bool | None  # None: undetermined
    unit: str
    data_years: list[int]
    margin: Margin | None
    withheld: str | None
    exit_path: str
    parameter: str
    legal_reference: str
    legal_href: str | None
    interpretation: str | None
    value_text: str = ""  # the value as every face writes it: never the opposite of ``met`` (rules/display.py)
    threshold_text: str = ""


class DecisionOut(Schema):
    category: str
    category_label: str
    rule_set: str
    member: bool | None  # None: undetermined
    criteria_met: int
    consecutive_years: int | None
    criteria: list[Criterion]
    notes: list[str]


class Obligation(Schema):
    id: str
    title: str
    text: str
    reference: str  # the provision
    href: str
    because_of: list[str]
    source: str = ""  # the act that made this version of the provision
    basis: str = "list"  # list | persists (continues after the area left the list) | undetermined
    why: str = ""
    applies_from: str | None = None  # when it starts later than the list itself
    persistence_reference: str | None = None
    persistence_href: str | None = None


class Explanation(Schema):
    area_id: str
    name: str
    municipality_code: int | None
    municipality: str
    list_year: int
    list_date: str
    list_date_text: str = ""
    rules_version: str
    synthetic: bool
    decisions: list[DecisionOut]
    history: list[dict[str, Any]]
    obligations: list[Obligation]


class Point(Schema):
    year: int
    value: float | None
    numerator: float | None
    denominator: float | None
    suppressed: bool
    missing: bool
    suppression: str | None = None


class Series(Schema):
    unit_type: str
    unit_id: str
    points: list[Point]


class ProfileItem(Schema):
    indicator_id: str
    label: str
    kind: str
    criterion: bool
    series: list[Series]


class AreaInfo(Schema):
    area_id: str
    name: str
    kind: str
    municipality_code: int
    municipality: str
    region_code: int
    region: str


class AfdelingOut(Schema):
    afdeling_id: str
    name: str
    org_id: str
    organisation: str
    dwellings: int | None
    valid_from: str
    valid_to: str | None


class AreaOut(Schema):
    vintage: VintageOut
    area: AreaInfo
    full_profile: bool
    afdelinger: list[AfdelingOut]
    explanation: Explanation | None
    profile: list[ProfileItem]


class AreaIndexRow(Schema):
    area_id: str
    name: str
    kind: str
    municipality_code: int
    municipality: str


class RankRow(Schema):
    rank: int  # equal values share a rank
    area_id: str
    name: str
    kind: str
    municipality_code: int
    value: float
    kind_label: str = ""
    municipality: str = ""
    region: str = ""
    status: str = ""  # list status in status_year (statutory areas)
    municipality_value: float | None = None  # the area's municipality, region and nation in the same year
    region_value: float | None = None
    nation_value: float | None = None


class NotRanked(Schema):
    area_id: str
    name: str
    reason: str  # suppressed | no_data | not_shown
    reason_text: str = ""


class RankOut(Schema):
    vintage: VintageOut
    indicator: str
    indicator_label: str
    year: int
    within: str
    code: int | None
    rows: list[RankRow]
    not_ranked: list[NotRanked]
    kind_of_value: str = ""
    area_kind: str = "statutory"  # one kind at a time: a helhedsplan area contains statutory areas
    status: str = ""
    status_year: int | None = None


class CompareRow(Schema):
    indicator_id: str
    label: str
    kind: str
    values: list[Point]


class CompareArea(Schema):
    area_id: str
    name: str
    kind: str
    kind_label: str = ""
    municipality: str = ""
    status: str = ""


class CompareColumn(Schema):
    unit_type: str  # area, municipality, region or nation; the rows' values follow these columns
    unit_id: str
    name: str
    kind_label: str


class CompareOut(Schema):
    vintage: VintageOut
    year: int
    areas: list[CompareArea]
    rows: list[CompareRow]
    columns: list[CompareColumn] = Field(default_factory=list)
    status_year: int | None = None
    note: str = ""


class IndicatorOut(Schema):
    id: str
    label_da: str
    label_en: str
    kind: str
    criterion: bool


class Filters(Schema):
    vintage: int | None = None
    lang: str | None = None


class ListFilters(Filters):
    year: int | None = None
    category: str | None = None
    municipality: int | None = None
    region: int | None = None
    org: str | None = None


ERRORS: dict[int, Any] = {400: Error, 403: Error, 404: Error, 422: Error}


def _vintage(request: HttpRequest, f: Filters) -> Any:
    return queries.choose_vintage(viewer(request), params.vintage_id(f.vintage, lang_of(request)))


def _lang(request: HttpRequest, f: Filters) -> str:
    return f.lang if f.lang in ("da", "en") else lang_of(request)


@api.exception_handler(NotFound)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, error_body("not_found", str(exc), 404), status=404)


@api.exception_handler(Forbidden)
def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, error_body("forbidden", str(exc), 403), status=403)


@api.exception_handler(BoligmonitorError)
def _user_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, error_body("bad_request", str(exc), 400), status=400)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    parts = [f"{'.'.join(str(x) for x in e.get('loc', []))}: {e.get('msg', '')}" for e in exc.errors]
    return api.create_response(request, error_body("invalid_input", "; ".join(parts), 422), status=422)


@api.get("/vintages", response=VintagesOut, summary="Imported data vintages you may see")
def vintages(request: HttpRequest) -> dict[str, Any]:
    return {"vintages": queries.vintages(viewer(request))}


@api.get("/indicators", response=list[IndicatorOut], summary="The indicator catalogue")
def indicators(request: HttpRequest) -> list[dict[str, Any]]:
    return list(queries.INDICATOR_META.values())


@api.get("/lists", response={200: ListsOut, **ERRORS}, summary="The statutory lists of a year")
def lists(request: HttpRequest, f: Query[ListFilters]) -> Any:
    v, lang = _vintage(request, f), _lang(request, f)
    return queries.list_page(v, viewer(request), params.list_year(v, f.year, lang), f.category,
                             params.bounded(f.municipality, "municipality", lang),
                             params.bounded(f.region, "region", lang), f.org, lang)


@api.get("/areas", response={200: list[AreaIndexRow], **ERRORS}, summary="Areas you may see")
def areas(request: HttpRequest, f: Query[Filters]) -> Any:
    return queries.area_index(_vintage(request, f), viewer(request))


class AreaFilters(Filters):
    year: int | None = None


@api.get("/areas/{area_id}", response={200: AreaOut, **ERRORS}, summary="One area: profile, criteria, margins")
def area(request: HttpRequest, area_id: str, f: Query[AreaFilters]) -> Any:
    v, lang = _vintage(request, f), _lang(request, f)
    return queries.area_page(v, viewer(request), area_id, params.list_year(v, f.year, lang), lang)


class RankFilters(Filters):
    indicator: str = "outside_labour_18_64"
    year: int | None = None
    within: str = "nation"
    code: int | None = None
    kind: str = "statutory"
    status: str | None = None


@api.get("/rank", response={200: RankOut, **ERRORS}, summary="Rank areas on one indicator")
def rank(request: HttpRequest, f: Query[RankFilters]) -> Any:
    v, lang = _vintage(request, f), _lang(request, f)
    return compare_rank.rank_page(v, viewer(request), f.indicator, params.data_year(v, f.year, lang), f.within,
                                  params.bounded(f.code, "code", lang), lang, f.kind, f.status)


class CompareFilters(Filters):
    area: list[str] = Field(default_factory=list)
    year: int | None = None


@api.get("/compare", response={200: CompareOut, **ERRORS}, summary="Areas side by side")
def compare(request: HttpRequest, f: Query[CompareFilters]) -> Any:
    v, lang = _vintage(request, f), _lang(request, f)
    return compare_rank.compare_page(v, viewer(request), f.area, params.data_year(v, f.year, lang), lang)


class MapFilters(Filters):
    year: int | None = None
    category: str | None = None
    indicator: str | None = None
    colour: str | None = None  # status, indicator, index, class or watchlist (default: from indicator / preset)
    preset: str | None = None  # a shipped index preset (colour index or class)
    flag: str | None = None  # one watchlist flag (colour watchlist)
    unit: str = "area"  # area or municipality (an indicator for municipalities)
    region: int | None = None  # zoom: one region ...
    municipality: int | None = None  # ... or one municipality


@api.get("/map", response={200: dict[str, Any], **ERRORS}, summary="Map features (GeoJSON geometry per area)")
def area_map(request: HttpRequest, f: Query[MapFilters]) -> Any:
    v, lang = _vintage(request, f), _lang(request, f)
    colour, indicator, preset = map_colour(f.colour, f.indicator, f.preset, lang,
                                           queries.default_preset(queries.presets_for(v, viewer(request))))
    year = params.data_year(v, f.year, lang) if indicator or preset else params.list_year(v, f.year, lang)
    data = queries.map_page(v, viewer(request), year, f.category, indicator, lang,
                            region=params.bounded(f.region, "region", lang),
                            municipality=params.bounded(f.municipality, "municipality", lang), unit=f.unit,
                            preset=preset, watch=colour == "watchlist", flag=f.flag)
    return {**data, "colour": colour}


class IndexFilters(Filters):
    preset: str | None = None  # a shipped preset (aarhus, berlin_mss, imd, kobenhavn_atlas) or "custom"
    year: int | None = None  # data year
    municipality: int | None = None  # compute over this municipality's areas only
    runs: int = 0  # Monte Carlo runs for rank intervals: 0, 100 or 1000 (logged-in users)
    ind: list[str] = Field(default_factory=list)  # custom: indicator ids
    norm: str | None = None  # custom: zscore, minmax, percentile, rank, exponential, reference
    ref: str | None = None  # custom, reference: municipality, region, nation
    weights: str | None = None  # custom: equal, pca
    agg: str | None = None  # custom: arithmetic, geometric
    groups: int | None = None  # custom: quantile groups, 2-10
    missing: str | None = None  # custom: exclude, reweight


@api.get("/index", response={200: dict[str, Any], **ERRORS},
         summary="A composite index of the areas: value, rank, class, the method, optional rank intervals")
def composite_index(request: HttpRequest, f: Query[IndexFilters]) -> Any:
    from boligmonitor.web.index_page import index_page

    v, lang = _vintage(request, f), _lang(request, f)
    custom = {"ind": f.ind, "norm": f.norm, "ref": f.ref, "weights": f.weights, "agg": f.agg, "groups": f.groups,
              "missing": f.missing}
    return index_page(v, viewer(request), f.preset, custom, params.data_year(v, f.year, lang),
                      params.bounded(f.municipality, "municipality", lang), f.runs, lang)


class WatchFilters(Filters):
    year: int | None = None  # list year (default: the latest)
    municipality: int | None = None
    org: str | None = None  # housing organisation id
    flag: str | None = None  # approaching, leaving, near_udsat, near_floor, omdannelse
    page: int | None = None  # 50 areas a page


@api.get("/watchlist", response={200: dict[str, Any], **ERRORS},
         summary="Early-warning watchlist: every statutory area's distance to each line, direction and flags")
def watch_list(request: HttpRequest, f: Query[WatchFilters]) -> Any:
    from boligmonitor.web.watch_page import watch_page

    v, lang = _vintage(request, f), _lang(request, f)
    return watch_page(v, viewer(request), params.bounded(f.year, "year", lang),
                      params.bounded(f.municipality, "municipality", lang), f.org, f.flag,
                      params.bounded(f.page, "page", lang), lang)


class ForecastFilters(Filters):
    as_of: int | None = None  # list year to forecast from (default: the latest; earlier ones need a login)
    horizon: int | None = None  # list years ahead: 1, 2 or 3 (default 3)
    municipality: int | None = None
    org: str | None = None
    category: str | None = None
    page: int | None = None  # 50 areas a page


@api.get("/forecast", response={200: dict[str, Any], **ERRORS},
         summary="Forecast of the lists 1-3 years ahead (probability per area and list) with its backtest")
def list_forecast(request: HttpRequest, f: Query[ForecastFilters]) -> Any:
    from boligmonitor.web.forecast_page import forecast_page

    v, lang = _vintage(request, f), _lang(request, f)
    return forecast_page(v, viewer(request), params.bounded(f.as_of, "as_of", lang),
                         params.bounded(f.horizon, "horizon", lang),
                         params.bounded(f.municipality, "municipality", lang), f.org, f.category,
                         params.bounded(f.page, "page", lang), lang)


from boligmonitor.web.plans.api import router as plans_router  # noqa: E402  (the plans app's endpoints)

api.add_router("/plans", plans_router)
