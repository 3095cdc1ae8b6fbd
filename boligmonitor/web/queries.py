"""The read core of the web face: every page, its JSON twin, the API and the exports call these functions.

Each function takes the vintage and the viewer, applies the access rules and returns plain data (dicts, lists,
numbers). Rendering (HTML, JSON, CSV, XLSX, PDF, SVG) happens elsewhere. Values are the bundle's published values:
a suppressed cell has no numbers at all, so nothing below the disclosure minimum can be shown by mistake.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import replace
from functools import lru_cache
from typing import Any

from boligmonitor.errors import NotFound
from boligmonitor.forecast import data as watch_data
from boligmonitor.forecast.texts import FLAGS as WATCH_FLAGS
from boligmonitor.forecast.watchlist import flags_by_area
from boligmonitor.geo.outlines import Outlines, from_geojson, packaged
from boligmonitor.index import data as index_data
from boligmonitor.index.compute import compute_index
from boligmonitor.index.presets import load_preset, preset_names
from boligmonitor.index.result import ClassOf, IndexResult, IndexRow
from boligmonitor.index.spec import IndexSpec
from boligmonitor.indicators.catalogue import DERIVED, INDICATORS
from boligmonitor.published import explain_from_rows, lists_from_rows
from boligmonitor.rules import categories_in_force, list_date
from boligmonitor.rules.texts import CATEGORY_LABELS, Text, date_text
from boligmonitor.web import models as m
from boligmonitor.web.access import PUBLIC_INDICATORS, Viewer

INDICATOR_META: dict[str, dict[str, Any]] = {
    **{i.id: {"id": i.id, "label_da": i.label_da, "label_en": i.label_en, "kind": i.kind, "criterion": i.criterion}
       for i in INDICATORS},
    **{d.id: {"id": d.id, "label_da": d.label_da, "label_en": d.label_en,
              "kind": "ratio" if d.relative_to else "share", "criterion": True} for d in DERIVED},
}
SCOPES = ("nation", "region", "municipality")


class Forbidden(Exception):
    """The viewer's role does not allow this; pages answer 403 with the reason."""


def label(category: str, lang: str) -> str:
    return CATEGORY_LABELS[category].pick(lang)


def indicator_label(indicator_id: str, lang: str) -> str:
    meta = INDICATOR_META.get(indicator_id)
    if meta is None:
        return indicator_id
    return str(meta["label_en" if lang == "en" else "label_da"])


# ---------------------------------------------------------------------------------------------------- vintages

def choose_vintage(viewer: Viewer, requested: int | str | None) -> m.Vintage:
    """The published vintage by default; logged-in users may ask for another one by id."""
    if requested not in (None, ""):
        try:
            vid = int(str(requested))
        except ValueError:
            raise NotFound(f"vintage '{requested}' is not a number") from None
        if not viewer.can_choose_vintage:
            published = m.Vintage.objects.filter(published=True).first()
            if published is None or published.pk != vid:
                raise Forbidden("only the published data vintage is public; log in to choose another")
        v = m.Vintage.objects.filter(pk=vid).first()
        if v is None:
            raise NotFound(f"no data vintage with id {vid}")
        return v
    v = m.Vintage.objects.filter(published=True).first() or (
        m.Vintage.objects.first() if viewer.can_choose_vintage else None)
    if v is None:
        raise NotFound("no data has been imported yet; an administrator imports a bundle with "
                       "'boligmonitor-web import_bundle PATH' or on the upload page")
    return v


def vintage_info(v: m.Vintage) -> dict[str, Any]:
    return {"id": v.pk, "label": v.label, "checksum": v.checksum, "synthetic": v.synthetic,
            "data_years": [v.first_data_year, v.last_data_year], "list_years": [v.first_list_year, v.last_list_year],
            "rules_version": v.rules_version, "code_version": v.code_version, "minimum_count": v.minimum_count,
            "published": v.published, "imported_at": v.imported_at.isoformat()}


def vintages(viewer: Viewer) -> list[dict[str, Any]]:
    qs = m.Vintage.objects.all() if viewer.can_choose_vintage else m.Vintage.objects.filter(published=True)
    return [vintage_info(v) for v in qs]


# ---------------------------------------------------------------------------------------------------- registry

def _areas(v: m.Vintage, viewer: Viewer, geometry: bool = False) -> dict[str, m.Area]:
    """The vintage's areas this viewer may see (one rule: ``Viewer.may_see``); geometry only for the map."""
    return {a.area_id: a for a in _vintage_areas(v.pk, v.checksum, geometry) if viewer.may_see(a)}


@lru_cache(maxsize=8)
def _vintage_areas(vintage_id: int, checksum: str, geometry: bool) -> tuple[m.Area, ...]:
    """All area rows of one vintage, kept in memory by each worker process.

    A vintage never changes after import, and its checksum is unique, so (id, checksum) names the same rows for
    as long as the vintage exists. The cache holds every area; who may see which is still decided per request.
    """
    qs = m.Area.objects.filter(vintage_id=vintage_id).order_by("area_id")  # the checksum is only part of the key
    return tuple(qs if geometry else qs.defer("geometry"))


def municipality_names(v: m.Vintage) -> dict[str, str]:
    return {str(c): n for c, n in m.Municipality.objects.filter(vintage=v).values_list("code", "name")}


def filter_options(v: m.Vintage) -> dict[str, Any]:
    return {
        "regions": [{"code": c, "name": n} for c, n in m.Region.objects.filter(vintage=v).order_by("code")
                    .values_list("code", "name")],
        "municipalities": [{"code": c, "name": n, "region_code": r} for c, n, r in
                           m.Municipality.objects.filter(vintage=v).order_by("name")
                           .values_list("code", "name", "region_code")],
        "organisations": [{"org_id": o, "name": n} for o, n in m.Organisation.objects.filter(vintage=v)
                          .order_by("name").values_list("org_id", "name")],
    }


def get_area(v: m.Vintage, viewer: Viewer, area_id: str) -> m.Area:
    a = m.Area.objects.filter(vintage=v, area_id=area_id).first()
    # An area the viewer may not see gets the same answer as one that does not exist: a refusal would tell them
    # that it exists and what kind of area it is.
    if a is None or not viewer.may_see(a):
        raise NotFound(f"area '{area_id}' is not in data vintage {v.pk}")
    return a


# ---------------------------------------------------------------------------------------------------- lists

def _classification_rows(v: m.Vintage, **filters: Any) -> list[dict[str, Any]]:
    return list(m.Classification.objects.filter(vintage=v, **filters).values(
        "area_id", "list_year", "list_date", "rule_set", "category", "member", "criteria_met", "consecutive_years",
        "criteria", "notes", "rules_version"))


@lru_cache(maxsize=16)
def _list_year_rows(vintage_id: int, checksum: str, year: int) -> tuple[dict[str, Any], ...]:
    """The decisions a list year's page can show: every area on some list in ``year`` or the year before, or
    undetermined in ``year`` (their criteria parsed). Kept per process, for every viewer alike (the caller narrows
    them to what the viewer may see; nobody changes them): a vintage never changes, and parsing ~2,000 decisions'
    criteria cost a national start page ~60 ms on every request."""
    on = m.Classification.objects.filter(vintage_id=vintage_id)
    on_a_list = set(on.filter(list_year__in=[year - 1, year], member=True).values_list("area_id", flat=True))
    on_a_list |= set(on.filter(list_year=year, member__isnull=True).values_list("area_id", flat=True))
    return tuple(on.filter(list_year__in=[year - 1, year], area_id__in=sorted(on_a_list)).values(
        "area_id", "list_year", "list_date", "rule_set", "category", "member", "criteria_met", "consecutive_years",
        "criteria", "notes", "rules_version"))


def list_page(v: m.Vintage, viewer: Viewer, year: int | None = None, category: str | None = None,
              municipality: int | None = None, region: int | None = None, org_id: str | None = None,
              lang: str = "da") -> dict[str, Any]:
    """Every list of ``year`` (default: the newest), filtered; with counts and what changed since the year before."""
    year = year or v.last_list_year
    areas = _areas(v, viewer)
    statutory = {a: x for a, x in areas.items() if x.kind == "statutory"}
    meta = {a: {"name": x.name, "municipality_code": x.municipality_code} for a, x in statutory.items()}
    wanted: set[str] = set(statutory)
    if region is not None:
        wanted = {a for a in wanted if statutory[a].region_code == region}
    if org_id:
        wanted = {a for a in wanted if org_id in (statutory[a].org_ids or [])}
    # Only areas on some list in either year, or undetermined this year, can appear; fetch (and parse the criteria
    # of) just those.
    rows = list(_list_year_rows(v.pk, v.checksum, year))
    listed = lists_from_rows(rows, year, meta, municipality_names(v), category,
                             None if municipality is None else {municipality}, wanted, source=f"vintage {v.pk}",
                             known_years=list(range(v.first_list_year, v.last_list_year + 1)), lang=lang)
    cats = categories_in_force(year)
    counts = [{"category": c, "label": label(c, lang),
               "members": sum(1 for r in listed if r["category"] == c and r["member"]),
               "new": sum(1 for r in listed if r["category"] == c and r["change"] == "new"),
               "left": sum(1 for r in listed if r["category"] == c and r["change"] == "left"),
               "undetermined": sum(1 for r in listed if r["category"] == c and r["change"] == "undetermined")}
              for c in cats if category in (None, c)]
    return {"vintage": vintage_info(v), "year": year, "list_date": list_date(year).isoformat(),
            "list_date_text": date_text(list_date(year)).pick(lang),
            "years": list(range(v.first_list_year, v.last_list_year + 1)), "categories": counts,
            "filters": {"category": category, "municipality": municipality, "region": region, "org_id": org_id},
            "rows": listed}


# ---------------------------------------------------------------------------------------------------- area

def _series(v: m.Vintage, units: list[tuple[str, str]], indicators: frozenset[str] | None,
            ) -> dict[tuple[str, str], dict[str, dict[int, dict[str, Any]]]]:
    """Published cells of several units, one indexed query per unit (an OR across units defeats the index)."""
    out: dict[tuple[str, str], dict[str, dict[int, dict[str, Any]]]] = defaultdict(lambda: defaultdict(dict))
    for unit_type, unit_id in units:
        qs = m.IndicatorValue.objects.filter(vintage=v, unit_type=unit_type, unit_id=unit_id)
        if indicators is not None:
            qs = qs.filter(indicator_id__in=sorted(indicators))
        for r in qs.values_list("year", "indicator_id", "numerator", "denominator", "value", "suppression"):
            out[(unit_type, unit_id)][r[1]][r[0]] = {"value": r[4], "numerator": r[2], "denominator": r[3],
                                                     "suppression": r[5]}
    return out


def comparison_units(a: m.Area) -> list[tuple[str, str]]:
    return [("area", a.area_id), ("municipality", str(a.municipality_code)), ("region", str(a.region_code)),
            ("nation", "DK")]


def profile(v: m.Vintage, viewer: Viewer, a: m.Area, lang: str = "da") -> list[dict[str, Any]]:
    """Each indicator over the years for the area, its municipality, its region and the nation."""
    allowed = viewer.indicators_for(a)
    units = comparison_units(a)
    data = _series(v, units, allowed)
    years = list(range(v.first_data_year, v.last_data_year + 1))
    out = []
    for ind_id, meta in INDICATOR_META.items():
        if allowed is not None and ind_id not in allowed:
            continue
        if ind_id not in data.get(("area", a.area_id), {}):
            continue
        series = []
        for unit_type, unit_id in units:
            cells = data.get((unit_type, unit_id), {}).get(ind_id, {})
            series.append({"unit_type": unit_type, "unit_id": unit_id,
                           "points": [_point(y, cells.get(y)) for y in years]})
        out.append({"indicator_id": ind_id, "label": indicator_label(ind_id, lang), "kind": meta["kind"],
                    "criterion": meta["criterion"], "series": series})
    return out


def _point(year: int, cell: dict[str, Any] | None) -> dict[str, Any]:
    if cell is None:
        return {"year": year, "value": None, "numerator": None, "denominator": None, "suppressed": False,
                "missing": True}
    return {"year": year, "value": cell["value"], "numerator": cell["numerator"],
            "denominator": cell["denominator"], "suppressed": cell["suppression"] is not None,
            "suppression": cell["suppression"], "missing": False}


def area_page(v: m.Vintage, viewer: Viewer, area_id: str, year: int | None = None,
              lang: str = "da") -> dict[str, Any]:
    a = get_area(v, viewer, area_id)
    rows = _classification_rows(v, area_id=a.area_id)
    mun = municipality_names(v).get(str(a.municipality_code), "")
    explanation = explain_from_rows(rows, {"name": a.name, "municipality_code": a.municipality_code}, mun,
                                    year, v.synthetic, lang) if rows else None
    if explanation is not None:
        # the lists the area is on first, strongest first; then those that cannot be decided; then the rest
        explanation["decisions"].sort(key=lambda d: (0 if d["member"] else 1 if d["member"] is None else 2,
                                                     STRENGTH.index(d["category"])))
    members = m.Membership.objects.filter(vintage=v, area_id=a.area_id).order_by("afdeling_id")
    afd = {x.afdeling_id: x for x in m.Afdeling.objects.filter(
        vintage=v, afdeling_id__in=[x.afdeling_id for x in members])}
    orgs = dict(m.Organisation.objects.filter(vintage=v, org_id__in=a.org_ids or []).values_list("org_id", "name"))
    return {
        "vintage": vintage_info(v),
        "area": {"area_id": a.area_id, "name": a.name, "kind": a.kind, "municipality_code": a.municipality_code,
                 "municipality": mun, "region_code": a.region_code,
                 "region": dict(m.Region.objects.filter(vintage=v).values_list("code", "name")).get(a.region_code, "")},
        "full_profile": viewer.full_profile(a),
        "afdelinger": [{"afdeling_id": x.afdeling_id, "name": afd[x.afdeling_id].name if x.afdeling_id in afd else "",
                        "org_id": afd[x.afdeling_id].org_id if x.afdeling_id in afd else "",
                        "organisation": orgs.get(afd[x.afdeling_id].org_id, "") if x.afdeling_id in afd else "",
                        "dwellings": afd[x.afdeling_id].dwellings if x.afdeling_id in afd else None,
                        "valid_from": x.valid_from.isoformat(),
                        "valid_to": x.valid_to.isoformat() if x.valid_to else None} for x in members],
        "explanation": explanation,
        "profile": profile(v, viewer, a, lang),
    }


# ---------------------------------------------------------------------------------------------------- map, rank

def indicator_values(v: m.Vintage, viewer: Viewer, indicator_id: str, year: int,
                     areas: dict[str, m.Area]) -> dict[str, tuple[Any, Any]]:
    """The published value of one indicator for the given areas (only where the viewer may see it): area id ->
    (value, suppression)."""
    if indicator_id not in INDICATOR_META:
        raise NotFound(f"unknown indicator '{indicator_id}'; see /api/indicators for the catalogue")
    cells = _area_cells(v.pk, v.checksum, indicator_id, year)
    return {a: cells[a] for a, x in areas.items() if a in cells and (
        viewer.indicators_for(x) is None or indicator_id in (viewer.indicators_for(x) or ()))}


@lru_cache(maxsize=64)
def _area_cells(vintage_id: int, checksum: str, indicator_id: str, year: int) -> dict[str, tuple[Any, Any]]:
    """Every area's published cell of one indicator and year, read once per worker (a vintage never changes; see
    ``_vintage_areas``): the indicator map on 2,000 areas spent a tenth of its time reading them on each request.
    Who may see which is decided per request."""
    return {u: (value, suppression) for u, value, suppression in m.IndicatorValue.objects.filter(
        vintage_id=vintage_id, unit_type="area", indicator_id=indicator_id, year=year).values_list(
        "unit_id", "value", "suppression")}


def map_page(v: m.Vintage, viewer: Viewer, year: int | None = None, category: str | None = None,
             indicator: str | None = None, lang: str = "da", *, region: int | None = None,
             municipality: int | None = None, unit: str = "area", preset: str | None = None,
             watch: bool = False, flag: str | None = None) -> dict[str, Any]:
    """Areas (or municipalities) coloured by list status in a year, by an indicator or by a composite index (a
    preset of boligmonitor.index) in a data year, in a view: the whole country, one region or one municipality.

    List status concerns statutory areas only; an indicator colours every area the viewer may see (helhedsplan and
    own areas too), or with ``unit="municipality"`` the municipalities themselves.
    """
    view = map_view(v, region, municipality, lang)
    if preset:
        return index_map(v, viewer, preset, year, view, lang)
    if watch:
        return watch_map(v, viewer, year, flag, view, lang)
    if unit not in MAP_UNITS:
        raise NotFound(Text(f"'unit' skal være en af {', '.join(MAP_UNITS)}",
                            f"'unit' must be one of {', '.join(MAP_UNITS)}").pick(lang))
    if unit == "municipality" and not indicator:
        raise NotFound(Text("kommuner kan farves efter en indikator; vælg en (indicator=...)",
                            "municipalities can be coloured by an indicator; choose one (indicator=...)").pick(lang))
    codes = set(view["codes"])
    in_view = {a: x for a, x in _areas(v, viewer, geometry=True).items() if x.municipality_code in codes}
    common = {"vintage": vintage_info(v), "view": {k: view[k] for k in ("kind", "code", "name")}, "unit": unit,
              "outlines": map_outlines_info(v, lang)}
    features = []
    if indicator:
        year = year or v.last_data_year
        if unit == "municipality":
            return {**common, "mode": "indicator", "indicator": indicator,
                    "indicator_label": indicator_label(indicator, lang), "year": year, "features": [],
                    "municipalities": municipality_values(v, viewer, indicator, year, view["codes"], lang)}
        # own and helhedsplan areas first, so the statutory areas they surround are drawn on top of them
        ordered = sorted(in_view.items(), key=lambda ax: (ax[1].kind == "statutory", ax[0]))
        values = indicator_values(v, viewer, indicator, year, dict(ordered))
        for a, x in ordered:
            cell = values.get(a)
            features.append({"area_id": a, "name": x.name, "kind": x.kind, "municipality_code": x.municipality_code,
                             "geometry": x.geometry, "value": cell[0] if cell else None,
                             "suppressed": bool(cell and cell[1])})
        return {**common, "mode": "indicator", "indicator": indicator,
                "indicator_label": indicator_label(indicator, lang), "year": year, "features": features}
    areas = {a: x for a, x in in_view.items() if x.kind == "statutory"}
    year = year or v.last_list_year
    cats = categories_in_force(year)
    if category is not None and category not in cats:
        raise NotFound(f"category '{category}' was not a list in {year}; the lists that year were: {', '.join(cats)}")
    members: dict[str, list[str]] = defaultdict(list)
    for r in m.Classification.objects.filter(vintage=v, list_year=year, member=True).values("area_id", "category"):
        if category in (None, r["category"]):
            members[r["area_id"]].append(r["category"])
    for a, x in sorted(areas.items()):
        cats_of = sorted(members.get(a, []), key=cats.index)
        features.append({"area_id": a, "name": x.name, "kind": x.kind, "municipality_code": x.municipality_code,
                         "geometry": x.geometry, "category": _strongest(cats_of), "categories": cats_of})
    return {**common, "mode": "category", "year": year, "category": category,
            "legend": [{"category": c, "label": label(c, lang)} for c in cats], "features": features}


MAP_UNITS = ("area", "municipality")


def map_view(v: m.Vintage, region: int | None, municipality: int | None, lang: str) -> dict[str, Any]:
    """The part of the country the map shows, with the vintage's municipalities in it (zoom by links, no script)."""
    rows = list(m.Municipality.objects.filter(vintage=v).values_list("code", "name", "region_code"))
    if municipality is not None:
        found = [r for r in rows if r[0] == municipality]
        if not found:
            raise NotFound(Text(f"kommune {municipality} findes ikke i denne dataudgave",
                                f"municipality {municipality} is not in this data vintage").pick(lang))
        return {"kind": "municipality", "code": municipality, "name": found[0][1], "codes": [municipality],
                "region_code": found[0][2]}
    if region is not None:
        names = dict(m.Region.objects.filter(vintage=v).values_list("code", "name"))
        if region not in names:
            raise NotFound(Text(f"region {region} findes ikke i denne dataudgave",
                                f"region {region} is not in this data vintage").pick(lang))
        return {"kind": "region", "code": region, "name": names[region], "region_code": region,
                "codes": sorted(r[0] for r in rows if r[2] == region)}
    return {"kind": "nation", "code": None, "name": "Danmark" if lang == "da" else "Denmark", "region_code": None,
            "codes": sorted(r[0] for r in rows)}


def municipality_values(v: m.Vintage, viewer: Viewer, indicator_id: str, year: int, codes: list[int],
                        lang: str) -> list[dict[str, Any]]:
    """One indicator's published value for municipalities. Outside the full-scope roles only the indicators of the
    public profile are shown (the same policy as for areas, access.PUBLIC_INDICATORS)."""
    if indicator_id not in INDICATOR_META:
        raise NotFound(f"unknown indicator '{indicator_id}'; see /api/indicators for the catalogue")
    if not viewer.sees_everything and indicator_id not in PUBLIC_INDICATORS:
        raise Forbidden(Text("denne indikator vises kun for kommuner efter login",
                             "this indicator is shown for municipalities only after logging in").pick(lang))
    names = municipality_names(v)
    cells = {int(r["unit_id"]): r for r in m.IndicatorValue.objects.filter(
        vintage=v, unit_type="municipality", indicator_id=indicator_id, year=year,
        unit_id__in=[str(c) for c in codes]).values("unit_id", "value", "suppression")}
    return [{"code": c, "name": names.get(str(c), ""), "value": cells[c]["value"] if c in cells else None,
             "suppressed": bool(c in cells and cells[c]["suppression"])} for c in codes]


# ---------------------------------------------------------------------------------------------------- index on the map

class VintageIndexData:
    """boligmonitor.index's data interface (index.data.IndexData) over a vintage in the database: published cells
    only, each made with index.data.cell, so a suppressed cell carries no number into an index."""

    def __init__(self, v: m.Vintage) -> None:
        self.v = v

    def cells(self, unit_type: str, years: Collection[int], indicators: Collection[str]
              ) -> dict[tuple[str, int, str], index_data.Cell]:
        qs = m.IndicatorValue.objects.filter(vintage=self.v, unit_type=unit_type, year__in=sorted(years),
                                             indicator_id__in=sorted(indicators))
        return {(u, y, i): index_data.cell(value, suppression is not None)
                for u, y, i, value, suppression in qs.values_list("unit_id", "year", "indicator_id", "value",
                                                                  "suppression").iterator(chunk_size=10_000)}

    def units(self, unit_type: str) -> list[index_data.Unit]:
        if unit_type == "municipality":
            return [index_data.Unit(str(c), n, "municipality", c, r) for c, n, r in m.Municipality.objects.filter(
                vintage=self.v).order_by("code").values_list("code", "name", "region_code")]
        return [index_data.Unit(a.area_id, a.name, a.kind, a.municipality_code, a.region_code)
                for a in _vintage_areas(self.v.pk, self.v.checksum, False)]

    def data_years(self) -> list[int]:
        return list(range(self.v.first_data_year, self.v.last_data_year + 1))

    def indicators(self) -> set[str]:
        """Every indicator the vintage has a cell of. Nearly all have a national cell; one relative to the region
        (income_ratio_region) has none, so the catalogue's others are looked for one by one (an indexed lookup)."""
        found = set(m.IndicatorValue.objects.filter(vintage=self.v, unit_type="nation", unit_id="DK")
                    .values_list("indicator_id", flat=True).distinct())
        catalogue = {i.id for i in INDICATORS} | {d.id for d in DERIVED}
        return found | {i for i in sorted(catalogue - found)
                        if m.IndicatorValue.objects.filter(vintage=self.v, indicator_id=i).exists()}

    def vintage(self) -> index_data.Vintage:
        return index_data.Vintage(self.v.label, self.v.rules_version, self.v.code_version, self.v.synthetic)


@lru_cache(maxsize=16)
def _index_result(vintage_id: int, checksum: str, preset: str, year: int,
                  units: tuple[str, ...] | None = None) -> IndexResult:
    """An index over every unit of the vintage (so colours and ranks do not change with the zoom), or over the given
    areas, computed once per worker: a vintage never changes, and the preset is package data."""
    v = m.Vintage.objects.get(pk=vintage_id)
    return compute_index(VintageIndexData(v), _preset(preset), year, None if units is None else list(units))


@lru_cache(maxsize=8)
def _preset(name: str) -> IndexSpec:
    return load_preset(name)


def index_result(v: m.Vintage, preset: str, year: int, lang: str) -> IndexResult:
    if preset not in preset_names():  # a name, never a path: the web reads no file a user names
        raise NotFound(Text(f"der er ingen indeks-forudindstilling '{preset[:40]}'; vælg en af "
                            f"{', '.join(preset_names())}",
                            f"there is no index preset '{preset[:40]}'; choose one of {', '.join(preset_names())}"
                            ).pick(lang))
    return worded(_index_result(v.pk, v.checksum, preset, year), v, lang)


def worded(result: IndexResult, v: m.Vintage, lang: str) -> IndexResult:
    """A cached result with the vintage's label in ``lang``: the cache is shared by Danish and English requests, and
    the label it was computed with is the language of whichever request came first."""
    label = v.label_in(lang)
    if result.method.vintage.label == label:
        return result
    return replace(result, method=replace(result.method, vintage=replace(result.method.vintage, label=label)))


DEFAULT_PRESET = "kobenhavn_atlas"  # each indicator against its own municipality: readable without the method text


@lru_cache(maxsize=2)
def preset_options(lang: str) -> list[dict[str, str]]:
    """The shipped presets for a choice list: id and name."""
    return [{"id": p, "name": load_preset(p).name.text().pick(lang)} for p in preset_names()]


def index_allowed(viewer: Viewer, indicators: Collection[str], areas: Collection[m.Area]) -> bool:
    """An index shows a viewer nothing of an indicator they may not see: every input must be one they may see for
    each area shown (analysts and administrators see every indicator; the public profile lacks income, grades ...)."""
    need = set(indicators)
    return all((viewer.indicators_for(a) is None) or need <= set(viewer.indicators_for(a) or ()) for a in areas)


def presets_for(v: m.Vintage, viewer: Viewer) -> list[str]:
    """The shipped presets this viewer gets an index of: those with at least one area the viewer may see with every
    input (the rule the index page computes by); the others are neither offered nor chosen by default."""
    if viewer.sees_everything:
        return preset_names()
    areas = list(_areas(v, viewer).values())
    return [p for p in preset_names() if any(index_allowed(viewer, _preset(p).ids(), [a]) for a in areas)]


def default_preset(shown: list[str]) -> str:
    """The preset a page without one shows: the site's default when this viewer may see it, else the first they may
    (the public: the statutory criteria, built only from public indicators)."""
    if DEFAULT_PRESET in shown or not shown:
        return DEFAULT_PRESET
    return shown[0]


def index_map(v: m.Vintage, viewer: Viewer, preset: str, year: int | None, view: dict[str, Any],
              lang: str) -> dict[str, Any]:
    """The map coloured by a composite index: each row's value, rank and class, and the method named in full."""
    year = year or v.last_data_year
    result = index_result(v, preset, year, lang)  # checks the name; for analysts the result itself
    spec = result.method.spec
    scope = "all"
    if not viewer.sees_everything and spec.units == "area":
        # as on the index page: computed only over the areas whose every input this viewer may see, so no rank,
        # z-score or class carries anything of an area or indicator they may not see
        allowed = tuple(sorted(a for a, x in _areas(v, viewer).items() if index_allowed(viewer, spec.ids(), [x])))
        if not allowed:
            raise Forbidden(Text("dette indeks bygger på indikatorer, der kun vises efter login",
                                 "this index uses indicators that are shown only after logging in").pick(lang))
        result, scope = worded(_index_result(v.pk, v.checksum, preset, year, allowed), v, lang), "own"
    codes = set(view["codes"])
    common = {"vintage": vintage_info(v), "view": {k: view[k] for k in ("kind", "code", "name")},
              "unit": spec.units, "outlines": map_outlines_info(v, lang), "mode": "index", "preset": preset,
              "index_label": spec.name.text().pick(lang), "year": year, "method": result.method.text(lang),
              "scope": scope,
              "classes": [{"id": c.id, "label": c.label.pick(lang), "colour": c.colour} for c in _classes(result)]}
    rows = {r.unit_id: r for r in result.rows}
    if spec.units == "municipality":
        if not viewer.sees_everything and not set(spec.ids()) <= PUBLIC_INDICATORS:
            raise Forbidden(Text("dette indeks bygger på indikatorer, der kun vises efter login",
                                 "this index uses indicators that are shown only after logging in").pick(lang))
        names = municipality_names(v)
        return {**common, "features": [], "municipalities": [
            {"code": c, "name": names.get(str(c), ""), **_index_row(rows.get(str(c)), lang)}
            for c in sorted(codes)]}
    areas = {a: x for a, x in _areas(v, viewer, geometry=True).items() if x.municipality_code in codes and a in rows}
    if not index_allowed(viewer, spec.ids(), areas.values()):
        raise Forbidden(Text("dette indeks bygger på indikatorer, der kun vises efter login",
                             "this index uses indicators that are shown only after logging in").pick(lang))
    ordered = sorted(areas.items(), key=lambda ax: (ax[1].kind == "statutory", ax[0]))
    return {**common, "features": [
        {"area_id": a, "name": x.name, "kind": x.kind, "municipality_code": x.municipality_code, "geometry": x.geometry,
         **_index_row(rows[a], lang)} for a, x in ordered]}


def _index_row(r: IndexRow | None, lang: str) -> dict[str, Any]:
    if r is None:
        return {"value": None, "rank": None, "class": None, "class_label": None, "status": None, "note": None}
    return {"value": r.value, "rank": r.rank, "class": None if r.klass is None else r.klass.id,
            "class_label": None if r.klass is None else r.klass.label.pick(lang), "status": r.status,
            "note": None if r.note is None else r.note.pick(lang)}


def _classes(result: IndexResult) -> list[ClassOf]:
    """The classes in the order the definition gives them (those no unit fell into too), else as they occur."""
    seen: dict[str, ClassOf] = {}
    for r in sorted(result.rows, key=lambda r: (r.value is None, r.value or 0.0)):
        if r.klass is not None and r.klass.id not in seen:
            seen[r.klass.id] = r.klass
    return list(seen.values())


# ------------------------------------------------------------------------------------------------ watchlist on the map

def watch_vintage(v: m.Vintage) -> watch_data.Vintage:
    """The vintage as the watchlist and the forecast read it (forecast.data.Vintage): the criterion indicators'
    published cells (a suppressed cell keeps no number) and the classification rows, from the database."""
    cells = m.IndicatorValue.objects.filter(vintage=v, indicator_id__in=watch_data.INDICATORS).values_list(
        "unit_type", "unit_id", "year", "indicator_id", "numerator", "denominator", "value", "suppression")
    columns: dict[str, list[Any]] = {k: [] for k in ("unit_type", "unit_id", "year", "indicator_id", "numerator",
                                                       "denominator", "value", "suppressed")}
    for ut, uid, y, ind, num, den, val, sup in cells.iterator(chunk_size=20_000):
        for k, value in zip(columns, (ut, uid, y, ind, num, den, val, sup is not None), strict=True):
            columns[k].append(value)
    areas = {a.area_id: watch_data.AreaRecord(a.area_id, a.name, a.municipality_code, a.kind,
                                              tuple(sorted(a.org_ids or ())))
             for a in _vintage_areas(v.pk, v.checksum, False)}
    municipalities = {c: (n, r) for c, n, r in m.Municipality.objects.filter(vintage=v).values_list(
        "code", "name", "region_code")}
    organisations = dict(m.Organisation.objects.filter(vintage=v).values_list("org_id", "name"))
    return watch_data.Vintage(v.label, v.rules_version, v.synthetic, watch_data.cells_from_columns(columns),
                              _classification_rows(v), areas, municipalities, organisations)


@lru_cache(maxsize=16)
def _watch_flags(vintage_id: int, checksum: str, year: int) -> dict[str, list[str]]:
    """Each statutory area's watchlist flags for a list year, once per worker (the rule functions run on what-ifs:
    about two seconds for 2,000 areas)."""
    return flags_by_area(watch_vintage(m.Vintage.objects.get(pk=vintage_id)), year)


def watch_map(v: m.Vintage, viewer: Viewer, year: int | None, flag: str | None, view: dict[str, Any],
              lang: str) -> dict[str, Any]:
    """Statutory areas coloured by their early-warning flag in a list year (from the classification rows' own
    values and margins: a withheld margin stays withheld); ``flag`` shows only that flag."""
    year = year or v.last_list_year
    if flag is not None and flag not in WATCH_FLAGS:
        raise NotFound(Text(f"'{flag[:40]}' er ikke et flag på overvågningslisten; flagene er {', '.join(WATCH_FLAGS)}",
                            f"'{flag[:40]}' is not a watchlist flag; the flags are {', '.join(WATCH_FLAGS)}"
                            ).pick(lang))
    flags = _watch_flags(v.pk, v.checksum, year)
    codes = set(view["codes"])
    areas = {a: x for a, x in _areas(v, viewer, geometry=True).items()
             if x.kind == "statutory" and x.municipality_code in codes}
    features = []
    for a, x in sorted(areas.items()):
        own = [f for f in WATCH_FLAGS if f in flags.get(a, [])]
        shown = [f for f in own if flag in (None, f)]
        features.append({"area_id": a, "name": x.name, "kind": x.kind, "municipality_code": x.municipality_code,
                         "geometry": x.geometry, "flags": own, "flag": shown[0] if shown else None})
    return {"vintage": vintage_info(v), "view": {k: view[k] for k in ("kind", "code", "name")}, "unit": "area",
            "outlines": map_outlines_info(v, lang), "mode": "watchlist", "year": year, "flag": flag,
            "legend": [{"flag": f, "label": WATCH_FLAGS[f].pick(lang)} for f in WATCH_FLAGS],
            "features": features}


def map_outlines(v: m.Vintage) -> Outlines:
    """The municipality outlines a vintage is drawn with: those supplied with its registry, else the package's
    (DAGI 2014)."""
    return _vintage_outlines(v.pk, v.checksum)


@lru_cache(maxsize=8)
def _vintage_outlines(vintage_id: int, checksum: str) -> Outlines:
    """Built once per worker (cutting a full-resolution DAGI file into shared arcs takes a moment)."""
    rows = list(m.Municipality.objects.filter(vintage_id=vintage_id, geometry__isnull=False)
                .values_list("code", "name", "region_code", "geometry"))
    if not rows:
        return packaged()
    attribution = m.Vintage.objects.filter(pk=vintage_id).values_list("outline_attribution", flat=True).first()
    collection: dict[str, Any] = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"municipality_code": c}, "geometry": g} for c, _, _, g in rows]}
    if attribution:
        collection["attribution"] = attribution
    return from_geojson(collection, {c: (n, r) for c, n, r, _ in rows}, key=checksum)


def map_outlines_info(v: m.Vintage, lang: str) -> dict[str, str]:
    o = map_outlines(v)
    return {"source": o.source, "attribution": o.attribution_text(lang)}


STRENGTH = ("omdannelsesomraade", "haardt_ghettoomraade", "parallelsamfund", "ghettoomraade", "udsat_boligomraade",
            "forebyggelsesomraade", "kombineret_udlejning")


def _strongest(categories: list[str]) -> str | None:
    for c in STRENGTH:
        if c in categories:
            return c
    return None


def area_index(v: m.Vintage, viewer: Viewer) -> list[dict[str, Any]]:
    names = municipality_names(v)
    return [{"area_id": a.area_id, "name": a.name, "kind": a.kind, "municipality_code": a.municipality_code,
             "municipality": names.get(str(a.municipality_code), "")}
            for a in sorted(_areas(v, viewer).values(), key=lambda x: (x.kind != "statutory", x.name))]
