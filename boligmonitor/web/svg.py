"""Charts and maps as server-rendered SVG: the same markup serves pages and PDFs, offline, in a few milliseconds.

(DESIGN.md §8 names Vega-Lite + vl-convert; ADR 0004 records why we draw these two simple forms ourselves.)
Every SVG has a title and a description for screen readers; pages put the numbers in a table next to it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape
from typing import Any

from boligmonitor.geo.outlines import Outlines
from boligmonitor.geo.simplify import ring_from_arcs, simplify_line
from boligmonitor.rules.texts import Text
from boligmonitor.web.templatetags.monitor import by_kind

# Colour-blind-safe palette (Okabe–Ito) for the four comparison lines; contrast ≥ 3:1 on white.
LINE_COLOURS = {"area": "#0072B2", "municipality": "#D55E00", "region": "#009E73", "nation": "#555555"}
LINE_DASH = {"area": "", "municipality": "6 3", "region": "2 3", "nation": "8 3 2 3"}
CATEGORY_COLOURS = {
    "omdannelsesomraade": "#7a0019", "haardt_ghettoomraade": "#7a0019", "parallelsamfund": "#c0392b",
    "ghettoomraade": "#c0392b", "udsat_boligomraade": "#e67e22", "forebyggelsesomraade": "#f1c40f",
    "kombineret_udlejning": "#9b59b6", None: "#d9d9d9",
}
SEQUENTIAL = ("#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b")
# Watchlist flags (Okabe–Ito, told apart with colour-blindness too); an area with several shows the first in
# forecast.texts.FLAGS' order, and its tooltip names them all.
FLAG_COLOURS = {"approaching": "#D55E00", "leaving": "#009E73", "near_udsat": "#E69F00", "near_floor": "#56B4E9",
                "omdannelse": "#CC79A7"}


def format_value(value: float, kind: str) -> str:
    """A value as its indicator kind reads, in the active language (Danish: 12,3 %, 1.234)."""
    return by_kind(value, kind)


def line_chart(title: str, series: list[dict[str, Any]], names: dict[str, str], kind: str,
               width: int = 560, height: int = 220) -> str:
    """Lines over years for area, municipality, region and nation; gaps where a value is suppressed or missing."""
    pts = [(p["year"], p["value"]) for s in series for p in s["points"] if p["value"] is not None]
    if not pts:
        return ""
    years = [p["year"] for p in series[0]["points"]]
    x0, x1 = min(years), max(years)
    lo = min(0.0, min(v for _, v in pts))
    hi = max(v for _, v in pts) or 1.0
    hi = hi * 1.1
    left, right, top, bottom = 56, 12, 12, 40
    pw, ph = width - left - right, height - top - bottom

    def sx(year: float) -> float:
        return left + (year - x0) / max(1, x1 - x0) * pw

    def sy(v: float) -> float:
        return top + ph - (v - lo) / (hi - lo) * ph

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
           f'class="chart" aria-label="{escape(title)}"><title>{escape(title)}</title>']
    for k in range(5):
        v = lo + (hi - lo) * k / 4
        y = sy(v)
        label = format_value(v, kind)
        out.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e5e5e5"/>'
                   f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">{label}</text>')
    step = max(1, math.ceil(len(years) / 10))
    for yr in years[::step]:
        out.append(f'<text x="{sx(yr):.1f}" y="{height - bottom + 16}" text-anchor="middle" '
                   f'font-size="11">{yr}</text>')
    for s in series:
        colour, dash = LINE_COLOURS[s["unit_type"]], LINE_DASH[s["unit_type"]]
        segments: list[list[str]] = [[]]
        for p in s["points"]:
            if p["value"] is None:
                segments.append([])
                continue
            segments[-1].append(f"{sx(p['year']):.1f},{sy(p['value']):.1f}")
        for seg in segments:
            if len(seg) > 1:
                out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" stroke-dasharray="{dash}" '
                           f'points="{" ".join(seg)}"/>')
            elif len(seg) == 1:
                cx, cy = seg[0].split(",")
                out.append(f'<circle cx="{cx}" cy="{cy}" r="2.5" fill="{colour}"/>')
    lx = left
    for s in series:
        name = escape(names.get(s["unit_type"], s["unit_type"]))
        out.append(f'<line x1="{lx}" x2="{lx + 18}" y1="{height - 8}" y2="{height - 8}" stroke-width="2" '
                   f'stroke="{LINE_COLOURS[s["unit_type"]]}" stroke-dasharray="{LINE_DASH[s["unit_type"]]}"/>'
                   f'<text x="{lx + 22}" y="{height - 4}" font-size="11">{name}</text>')
        lx += 30 + 7 * len(name)
    out.append("</svg>")
    return "".join(out)


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    if geometry["type"] == "MultiPolygon":
        return [ring for poly in geometry["coordinates"] for ring in poly]
    return []


def classes(values: list[float], n: int = 5) -> list[float]:
    """Quantile class breaks (n classes) for a sequential choropleth."""
    vals = sorted(values)
    if not vals:
        return []
    return [vals[min(len(vals) - 1, int(len(vals) * k / n))] for k in range(1, n)]


def sequential_colour(value: float, breaks: list[float]) -> str:
    k = sum(1 for b in breaks if value >= b)
    return SEQUENTIAL[min(k, len(SEQUENTIAL) - 1)]


# ---------------------------------------------------------------------------------------------- the map of Denmark
#
# Municipality outlines (boligmonitor.geo) under the areas. The geometry of a view — which municipalities, the
# projection, every outline as SVG path data, simplified to what the view can show — depends only on the outlines
# and the view, so it is built once per worker and reused; a request only adds colours, titles and links.

MAP_WIDTH = 640
MAP_PAD = 8.0
SIMPLIFY_PX = 0.35  # detail below a third of a pixel is dropped per view (the shared arcs keep borders shared)
MARKER_R = {"nation": 3.5, "region": 4.5, "municipality": 5.0}  # an area smaller than its marker is drawn as one
LAND, LAND_OUTSIDE, SEA = "#e9e5dc", "#f5f3ee", "#dbe7f0"
BORDER, REGION_BORDER, COAST = "#a3a3a3", "#4d4d4d", "#8497a5"
INSET = (400, 411)  # Bornholm and Christiansø: moved next to the rest in views that hold more than them
INSET_GAP = 0.12  # degrees of longitude between the rest and the moved islands


@dataclass(frozen=True)
class MapView:
    """What the map shows: the whole country, one region or one municipality (``codes``: its municipalities)."""

    kind: str  # 'nation' | 'region' | 'municipality'
    code: int | None
    codes: tuple[int, ...]


@dataclass(frozen=True)
class Frame:
    """Longitude/latitude to SVG units (an equirectangular projection at the view's middle latitude)."""

    west: float
    north: float
    kx: float
    ky: float
    height: int
    shift: tuple[float, float] | None  # how far the inset islands are moved, if they are

    def xy(self, lon: float, lat: float, code: int | None = None) -> tuple[float, float]:
        if self.shift is not None and code in INSET:
            lon, lat = lon + self.shift[0], lat + self.shift[1]
        return (lon - self.west) * self.kx, (self.north - lat) * self.ky


@dataclass(frozen=True)
class BaseMap:
    """The cached geometry of one view."""

    frame: Frame
    fills: dict[int, str]  # municipality code -> path data
    in_view: frozenset[int]  # the view's own municipalities (others are drawn paler, as surroundings)
    borders: str  # SVG elements: municipal borders, region borders, coast
    labels: dict[int, tuple[float, float]]
    sizes: dict[int, float]  # on-screen area of each municipality's drawn shape, to label the large ones first
    inset_box: tuple[float, float, float, float] | None
    marker_r: float
    # Each area's projected shape on this view, made once per worker: (the geometry it was made from, the shape or
    # None when outside the view). Keyed by (area id, municipality) and checked by the geometry's identity, so an
    # area with other geometry (another vintage) is projected anew; the vintage's cached areas hit every time.
    shapes: dict[tuple[str, Any], tuple[Any, AreaShape | None]] = field(default_factory=dict, compare=False,
                                                                          repr=False)


def _frame(outlines: Outlines, view: MapView) -> Frame:
    codes = [c for c in view.codes if c in outlines.municipalities]
    rest = [c for c in codes if c not in INSET]
    moved = [c for c in codes if c in INSET]
    shift = None
    if rest and moved:  # islands far east of the rest: move them to the rest's top right corner, boxed
        w, s, e, n = outlines.bounds(rest)
        iw, i_s, ie, i_n = outlines.bounds(moved)
        # the whole country has empty sea north-east (Kattegat); a region would overlap its own coast, so go beside
        dx = (e - ie) if view.kind == "nation" else (e + INSET_GAP - iw)
        shift = (dx, n - i_n)
        boxes = [(w, s, e, n), (iw + dx, i_s + shift[1], ie + dx, i_n + shift[1])]
        w, s = min(b[0] for b in boxes), min(b[1] for b in boxes)
        e, n = max(b[2] for b in boxes), max(b[3] for b in boxes)
    else:
        w, s, e, n = outlines.bounds(codes or None)
    k = math.cos(math.radians((s + n) / 2))
    span_x, span_y = max((e - w) * k, 1e-6), max(n - s, 1e-6)
    height = int(max(320, min(760, MAP_WIDTH * span_y / span_x)))
    scale = min((MAP_WIDTH - 2 * MAP_PAD) / span_x, (height - 2 * MAP_PAD) / span_y)
    # centre the bounds in the frame
    west = w - ((MAP_WIDTH - span_x * scale) / 2) / (k * scale)
    north = n + ((height - span_y * scale) / 2) / scale
    return Frame(west, north, k * scale, scale, height, shift)


@lru_cache(maxsize=256)
def base_map(outlines: Outlines, view: MapView, regions: tuple[tuple[int, int], ...] = ()) -> BaseMap:
    """Outlines projected and simplified for one view. ``regions``: (municipality, region) pairs of the vintage,
    to tell region borders from municipal ones (the outlines' own regions by default)."""
    frame = _frame(outlines, view)
    region_of = {c: m.region_code for c, m in outlines.municipalities.items()} | dict(regions)
    box = (-10.0, -10.0, MAP_WIDTH + 10.0, frame.height + 10.0)
    owners = outlines.arc_owners
    shown: list[int] = []
    pixel_arcs: dict[int, list[tuple[float, float]]] = {}
    for code in outlines.municipalities:
        if frame.shift is not None and code in INSET and code not in view.codes:
            continue  # moved islands are drawn only as part of their own view
        w, s, e, n = outlines.bounds([code])
        x0, y1 = frame.xy(w, s, code)
        x1, y0 = frame.xy(e, n, code)
        if x1 < box[0] or x0 > box[2] or y1 < box[1] or y0 > box[3]:
            continue
        shown.append(code)
    for code in shown:
        for polygon in outlines.municipalities[code].polygons:
            for refs in polygon:
                for ref in refs:
                    i = ref if ref >= 0 else ~ref
                    if i not in pixel_arcs:
                        pts = [frame.xy(lon, lat, code) for lon, lat in outlines.arcs[i]]
                        pixel_arcs[i] = simplify_line(pts, SIMPLIFY_PX)
    fills, sizes = {}, {}
    for code in shown:
        d = []
        sizes[code] = 0.0
        for polygon in outlines.municipalities[code].polygons:
            for refs in polygon:
                ring = ring_from_arcs(pixel_arcs, refs)
                xs, ys = [p[0] for p in ring], [p[1] for p in ring]
                if max(xs) - min(xs) < 0.8 and max(ys) - min(ys) < 0.8:
                    continue  # an islet smaller than a pixel
                sizes[code] += (max(xs) - min(xs)) * (max(ys) - min(ys))
                d.append(_path_data(ring))
        fills[code] = "".join(d)
    kinds: dict[str, list[str]] = {"municipality": [], "region": [], "coast": []}
    for i, pts in pixel_arcs.items():
        if len(owners.get(i, ())) == 1:
            kind = "coast"
        elif len({region_of.get(c) for c in owners[i]}) > 1:
            kind = "region"
        else:
            kind = "municipality"
        kinds[kind].append(_path_data(pts, closed=False))
    borders = (f'<path d="{"".join(kinds["coast"])}" fill="none" stroke="{COAST}" stroke-width="0.6"/>'
               f'<path d="{"".join(kinds["municipality"])}" fill="none" stroke="{BORDER}" stroke-width="0.6"/>'
               f'<path d="{"".join(kinds["region"])}" fill="none" stroke="{REGION_BORDER}" stroke-width="1.2"/>')
    labels = {c: frame.xy(*outlines.municipalities[c].label, c) for c in shown}
    inset_box = None
    if frame.shift is not None:
        islands = [c for c in view.codes if c in INSET and c in outlines.municipalities]
        w, s, e, n = outlines.bounds(islands)
        x0, y1 = frame.xy(w, s, islands[0])
        x1, y0 = frame.xy(e, n, islands[0])
        inset_box = (x0 - 4, y0 - 4, x1 + 4, y1 + 4)
    return BaseMap(frame, fills, frozenset(c for c in shown if c in view.codes), borders, labels, sizes, inset_box,
                   MARKER_R.get(view.kind, 4.5))


def _path_data(points: list[tuple[float, float]], closed: bool = True) -> str:
    body = "L".join(f"{x:.1f},{y:.1f}" for x, y in points)
    return f"M{body}Z" if closed else f"M{body}"


@dataclass(frozen=True)
class AreaShape:
    """One area on one view: its SVG shape (without fill) and the point its label and marker sit on."""

    markup: str
    centre: tuple[float, float]
    marker: bool


def area_shapes(base: BaseMap, features: list[dict[str, Any]]) -> dict[str, AreaShape]:
    """Every area with geometry, projected for the view; an area smaller than a marker becomes a marker.

    Projecting 2,000 areas was a fifth of the indicator map's time (and most of its garbage), so each shape is kept
    on the view's cached base map (``BaseMap.shapes``) and made again only when the area's geometry is another."""
    out = {}
    cache = base.shapes
    for f in features:
        geometry = f.get("geometry")
        if not geometry:
            continue
        code = f.get("municipality_code")
        key = (f["area_id"], code)
        hit = cache.get(key)
        if hit is None or hit[0] is not geometry:
            hit = (geometry, _area_shape(base, geometry, code))
            cache[key] = hit
        if hit[1] is not None:
            out[f["area_id"]] = hit[1]
    return out


def _area_shape(base: BaseMap, geometry: dict[str, Any], code: Any) -> AreaShape | None:
    """One area projected for the view; None when it is outside it."""
    rings = [[base.frame.xy(lon, lat, code) for lon, lat in ring] for ring in _rings(geometry)]
    xs = [p[0] for r in rings for p in r]
    ys = [p[1] for r in rings for p in r]
    centre = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
    if max(xs) < 0 or min(xs) > MAP_WIDTH or max(ys) < 0 or min(ys) > base.frame.height:
        return None  # outside the view
    if max(max(xs) - min(xs), max(ys) - min(ys)) < 2 * base.marker_r:
        return AreaShape(f'<circle cx="{centre[0]:.1f}" cy="{centre[1]:.1f}" r="{base.marker_r}"', centre, True)
    d = "".join(_path_data(simplify_line(r, SIMPLIFY_PX)) for r in rings)
    return AreaShape(f'<path d="{d}" fill-rule="evenodd"', centre, False)


@dataclass
class MapLayer:
    """What a request puts on the base map. Keys are area ids (areas) or municipality codes (municipalities)."""

    fill: dict[Any, str] = field(default_factory=dict)
    label: dict[Any, str] = field(default_factory=dict)  # the accessible name and tooltip of each shape
    href: dict[Any, str] = field(default_factory=dict)
    focusable: bool = True


def denmark_map(title: str, desc: str, base: BaseMap, shapes: dict[str, AreaShape], areas: MapLayer,
                municipalities: MapLayer, names: dict[int, str], area_names: dict[str, str] | None = None,
                inset_label: str = "") -> str:
    """The map: municipalities (coloured or plain), borders, areas as links, names. Every shape that is a link
    has an accessible name; keyboard users reach each area with Tab (in the order given), and municipalities
    too when they are what is coloured (otherwise the zoom form next to the map does the same)."""
    h = base.frame.height
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {MAP_WIDTH} {h}" class="map" role="group" '
           f'aria-labelledby="map-title map-desc"><title id="map-title">{escape(title)}</title>'
           f'<desc id="map-desc">{escape(desc)}</desc><rect width="{MAP_WIDTH}" height="{h}" fill="{SEA}"/>']
    if base.inset_box:
        x0, y0, x1, y1 = base.inset_box
        out.append(f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{x1 - x0:.1f}" height="{y1 - y0:.1f}" fill="{SEA}" '
                   f'stroke="#6b6b6b" stroke-width="0.8" stroke-dasharray="3 2"/>')
    tab = "" if municipalities.focusable else ' tabindex="-1"'
    for code, d in base.fills.items():
        if not d:
            continue
        colour = municipalities.fill.get(code) or (LAND if code in base.in_view else LAND_OUTSIDE)
        shape = f'<path d="{d}" fill="{colour}" fill-rule="evenodd" class="municipality">'
        tip = municipalities.label.get(code)
        shape += f"<title>{escape(tip)}</title></path>" if tip else "</path>"
        href = municipalities.href.get(code)
        if href:
            aria = f' aria-label="{escape(tip)}"' if tip else ""
            shape = f'<a href="{escape(href)}"{tab}{aria}>{shape}</a>'
        out.append(shape)
    out.append(base.borders)
    if base.inset_box and inset_label:
        _, _, x1, y1 = base.inset_box  # under the box, ending at its right edge (the box is at the map's right)
        out.append(f'<text x="{x1:.1f}" y="{y1 + 11:.1f}" font-size="10" fill="#333" text-anchor="end" '
                   f'aria-hidden="true">{escape(inset_label)}</text>')
    # markers over shapes, so a big area never hides a small one; polygons in the order given
    ordered = sorted((a for a in shapes if a in areas.fill or a in areas.href), key=lambda a: shapes[a].marker)
    for aid in ordered:
        s = shapes[aid]
        tip = areas.label.get(aid, aid)
        shape = (f'{s.markup} fill="{areas.fill.get(aid, CATEGORY_COLOURS[None])}" stroke="#222" '
                 f'stroke-width="{0.8 if s.marker else 1}" class="area"><title>{escape(tip)}</title>'
                 f'{"</circle>" if s.marker else "</path>"}')
        href = areas.href.get(aid)
        out.append(f'<a href="{escape(href)}" aria-label="{escape(tip)}">{shape}</a>' if href else shape)
    placed: list[tuple[float, float, float, float]] = []
    # the largest municipalities first; a name that would overlap one already written is left out (the shapes and
    # the table below the map still name it)
    for code in sorted((c for c in names if c in base.labels and base.fills.get(c)), key=lambda c: -base.sizes[c]):
        x, y = base.labels[code]
        label = _placed_label(x, y, names[code], 11, placed, bold=True)
        if label:
            out.append(label)
    for aid, name in (area_names or {}).items():
        if aid in shapes:
            x, y = shapes[aid].centre
            label = _placed_label(x, y - base.marker_r - 3, name, 10, placed)
            if label:
                out.append(label)
    out.append("</svg>")
    return "".join(out)


def _placed_label(x: float, y: float, text: str, size: int, placed: list[tuple[float, float, float, float]],
                  bold: bool = False) -> str:
    """The label, unless its box (estimated from the text's length) overlaps one already placed or the edge."""
    half = len(text) * size * (0.31 if bold else 0.28)
    box = (x - half, y - size, x + half, y + 3)
    if box[0] < 0 or box[2] > MAP_WIDTH or box[1] < 0 or any(
            box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed):
        return ""
    placed.append(box)
    return _label(x, y, text, size, bold)


def _label(x: float, y: float, text: str, size: int, bold: bool = False) -> str:
    """A name with a white halo (paint-order: the stroke under the letters), hidden from screen readers: the
    shapes' own names say the same."""
    weight = ' font-weight="bold"' if bold else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}"{weight} text-anchor="middle" fill="#1a1a1a" '
            f'stroke="#fff" stroke-width="3" stroke-linejoin="round" paint-order="stroke" aria-hidden="true" '
            f'pointer-events="none">{escape(text)}</text>')


# ---------------------------------------------------------------------------------------------- the map page
# What the map page adds to the query's data: colours, names, links and the figure itself. The view stays thin.

MAP_TEXTS = {
    "nation": Text("Hele landet", "All of Denmark"),
    "show": Text("Vis", "Show"),
    "colour_by": Text("Farv efter", "Colour by"),
    "status": Text("Listestatus", "List status"),
    "indicator": Text("Indikator", "Indicator"),
    "unit": Text("Farv", "Colour"),
    "unit_area": Text("områder", "areas"),
    "unit_municipality": Text("kommuner", "municipalities"),
    "zoom_regions": Text("Zoom til en region", "Zoom to a region"),
    "zoom_municipalities": Text("Zoom til en kommune", "Zoom to a municipality"),
    "zoom_out": Text("Zoom ud", "Zoom out"),
    "zoom_in": Text("{name} – zoom ind", "{name} – zoom in"),
    "where": Text("Udsnit", "View"),
    "inset": Text("Bornholm og Christiansø (flyttet)", "Bornholm and Christiansø (moved)"),
    "synthetic": Text("Områdernes geometri er opfundet: en sekskant inde i den rigtige kommune.",
                      "The areas' geometry is invented: a hexagon inside the real municipality."),
    "how": Text("Kortet virker uden internet og uden JavaScript. Hvert område er et link til sin profil; med "
                "tastaturet flytter Tab fra område til område. Tabellen under kortet viser det samme.",
                "The map works offline and without JavaScript. Each area is a link to its profile; with the keyboard, "
                "Tab moves from area to area. The table below the map shows the same."),
    "desc_areas": Text("{what}, {where}. Kommunegrænser under områderne; et lille område vises som en prik.",
                       "{what}, {where}. Municipal boundaries under the areas; a small area is shown as a dot."),
    "desc_municipalities": Text("{what}, {where}, kommune for kommune.", "{what}, {where}, municipality by "
                                "municipality."),
    "not_listed": Text("ikke på en liste", "not on a list"),
    "watchlist": Text("Overvågningsliste", "Watchlist"),
    "no_flag": Text("intet flag", "no flag"),
    "flag": Text("Flag", "Flag"),
    "all_flags": Text("alle flag", "every flag"),
    "no_index": Text("intet indeks (se tabellen)", "no index (see the table)"),
    "rank": Text("nr. {rank}", "rank {rank}"),
    "index": Text("Indeks", "Index"),
    "colour_index": Text("Indeks: værdi", "Index: value"),
    "colour_class": Text("Indeks: klasse", "Index: class"),
    "index_legend": Text("fem lige store grupper efter indeksværdi (mørkere: højere); grænser",
                         "five equal groups by index value (darker: higher); limits"),
    "method": Text("Metode", "Method"),
    "scope_own": Text("Beregnet kun over de områder, hvis input du må se; rang og klasser gælder blandt dem.",
                      "Computed only over the areas whose inputs you may see; ranks and classes are among them."),
    "value": Text("Værdi", "Value"),
    "class": Text("Klasse", "Class"),
    "no_value": Text("diskretioneret eller ingen data", "suppressed or no data"),
    "municipality": Text("Kommune", "Municipality"),
    "area_kind": Text("Type", "Kind"),
}


def map_text(key: str, lang: str, **values: object) -> str:
    return MAP_TEXTS[key].format(**values).pick(lang) if values else MAP_TEXTS[key].pick(lang)


def map_view_of(outlines: Outlines, kind: str, code: int | None, codes: list[int]) -> MapView:
    """The drawn view: the vintage's municipalities, plus outline-only land that belongs with them (Christiansø
    is in no municipality; it travels with Bornholm's region)."""
    extra = [c for c, o in outlines.municipalities.items() if c not in codes and (
        kind == "nation" or (kind == "region" and o.region_code == code))]
    return MapView(kind, code, tuple(sorted([*codes, *extra])))


def map_figure(data: dict[str, Any], outlines: Outlines, view: MapView, lang: str,
               zoom_href: Any, regions: tuple[tuple[int, int], ...] = ()) -> dict[str, Any]:
    """The figure and its legend for one map page. ``zoom_href(kind, code)`` makes a link to another view that keeps
    the page's other choices."""
    base = base_map(outlines, view, regions)
    names = {c: _municipality_name(outlines, c, data.get("names", {}).get(c), lang) for c in base.fills}
    munis = MapLayer(focusable=data.get("unit") == "municipality")
    for code in base.fills:
        if code in data.get("names", {}):  # the vintage's municipalities (not outline-only land like Christiansø)
            munis.href[code] = zoom_href("municipality", code)
            munis.label[code] = map_text("zoom_in", lang, name=names[code])
    areas = MapLayer()
    legend: list[dict[str, Any]] = []
    breaks: list[str] = []
    if data["mode"] == "indicator":
        kind = data.get("indicator_kind", "share")
        rows = data["municipalities"] if data.get("unit") == "municipality" else data["features"]
        values = [r["value"] for r in rows if r["value"] is not None]
        cuts = classes(values)
        breaks = [format_value(b, kind) for b in cuts]
        legend = [{"colour": c} for c in SEQUENTIAL]
        layer = munis if data.get("unit") == "municipality" else areas
        no_value = map_text("no_value", lang)
        # areas share values (counts above all): each distinct value is formatted and coloured once per request
        # (by type too: 1 and 1.0 are equal keys but need not read alike)
        done: dict[tuple[type, Any], tuple[str, str]] = {}
        for r in rows:
            key = r["code"] if data.get("unit") == "municipality" else r["area_id"]
            value = r["value"]
            if value is None:
                r["shown"] = None
                layer.label[key] = f"{r['name']}: {no_value}"
                continue
            memo = done.get((value.__class__, value))
            if memo is None:
                memo = done[(value.__class__, value)] = (format_value(value, kind), sequential_colour(value, cuts))
            r["shown"] = memo[0]
            layer.fill[key] = memo[1]
            layer.label[key] = f"{r['name']}: {memo[0] or no_value}"
        what = f"{data['indicator_label']} {data['year']}"
    elif data["mode"] == "index":
        what = _index_layers(data, munis, areas, lang, legend, breaks)
    elif data["mode"] == "watchlist":
        labels = {c["flag"]: c["label"] for c in data["legend"]}
        for c in data["legend"]:
            c["colour"] = FLAG_COLOURS[c["flag"]]
        for f in data["features"]:
            f["shown"] = ", ".join(labels[x] for x in f["flags"])
            areas.fill[f["area_id"]] = FLAG_COLOURS.get(f["flag"] or "", CATEGORY_COLOURS[None])
            areas.label[f["area_id"]] = f"{f['name']}: {f['shown'] or map_text('no_flag', lang)}"
        legend = [*data["legend"], {"colour": CATEGORY_COLOURS[None], "label": map_text("no_flag", lang)}]
        what = f"{map_text('watchlist', lang)} {data['year']}"
    else:
        labels = {c["category"]: c["label"] for c in data["legend"]}
        for c in data["legend"]:
            c["colour"] = CATEGORY_COLOURS[c["category"]]
        for f in data["features"]:
            f["shown"] = ", ".join(labels[c] for c in f["categories"])
            areas.fill[f["area_id"]] = CATEGORY_COLOURS[f["category"]]
            areas.label[f["area_id"]] = f"{f['name']}: {f['shown'] or map_text('not_listed', lang)}"
        legend = [*data["legend"], {"colour": CATEGORY_COLOURS[None], "label": map_text("not_listed", lang)}]
        what = f"{map_text('status', lang)} {data['year']}"
    for f in data["features"]:
        areas.href[f["area_id"]] = f"/areas/{f['area_id']}/"
    shapes = area_shapes(base, data["features"]) if data.get("unit") != "municipality" else {}
    where = data["view"]["name"]
    desc_key = "desc_municipalities" if data.get("unit") == "municipality" else "desc_areas"
    title = f"{what} – {where}"
    shown_names = {c: names[c] for c in base.in_view} if view.kind != "nation" else {}
    area_names = ({f["area_id"]: f["name"] for f in data["features"] if f["area_id"] in shapes}
                  if view.kind == "municipality" and len(shapes) <= 25 else None)
    figure = denmark_map(title, map_text(desc_key, lang, what=what, where=where), base, shapes, areas, munis,
                         shown_names, area_names, map_text("inset", lang))
    return {"svg": figure, "title": title, "legend": legend, "breaks": breaks}


def _index_layers(data: dict[str, Any], munis: MapLayer, areas: MapLayer, lang: str, legend: list[dict[str, Any]],
                  breaks: list[str]) -> str:
    """Colours for a composite index: its classes in their own colours (``colour=class``), or its value in five
    quantile groups (``colour=index``); a unit without an index is grey and says why."""
    by_class = data.get("colour") == "class"
    rows = data["municipalities"] if data.get("unit") == "municipality" else data["features"]
    layer = munis if data.get("unit") == "municipality" else areas
    colours = class_colours(data["classes"])
    values = [r["value"] for r in rows if r["value"] is not None]
    cuts = classes(values)
    if by_class:
        legend += [{"colour": colours[c["id"]], "label": c["label"]} for c in data["classes"]]
    else:
        legend += [{"colour": c} for c in SEQUENTIAL]
        breaks += [format_value(b, "ratio") for b in cuts]
    legend.append({"colour": CATEGORY_COLOURS[None], "label": map_text("no_index", lang)})
    for r in rows:
        key = r["code"] if data.get("unit") == "municipality" else r["area_id"]
        r["shown"] = None if r["value"] is None else format_value(r["value"], "ratio")
        if r["value"] is not None:
            layer.fill[key] = colours.get(r["class"] or "", CATEGORY_COLOURS[None]) if by_class else \
                sequential_colour(r["value"], cuts)
            parts = [r["shown"], map_text("rank", lang, rank=r["rank"]), r["class_label"]]
            layer.label[key] = f"{r['name']}: " + ", ".join(p for p in parts if p)
        else:
            layer.label[key] = f"{r['name']}: {r['note'] or map_text('no_index', lang)}"
    return f"{data['index_label']} {data['year']}"


def class_colours(classes_: list[dict[str, Any]]) -> dict[str, str]:
    """Each class's own colour from the definition, or for classes without one (quantile groups) a ramp from
    light to dark in their order."""
    plain = [c["id"] for c in classes_ if not c.get("colour")]
    ramp = _ramp(len(plain))
    out = {c["id"]: c["colour"] for c in classes_ if c.get("colour")}
    out.update(zip(plain, ramp, strict=True))
    return out


def _ramp(n: int) -> list[str]:
    if n <= len(SEQUENTIAL):
        return list(SEQUENTIAL[len(SEQUENTIAL) - n:]) if n else []
    lo, hi = _rgb(SEQUENTIAL[0]), _rgb(SEQUENTIAL[-1])
    return ["#" + "".join(f"{round(a + (b - a) * k / (n - 1)):02x}" for a, b in zip(lo, hi, strict=True))
            for k in range(n)]


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _municipality_name(outlines: Outlines, code: int, registry_name: str | None, lang: str) -> str:
    """The vintage's own name; in English the outlines' English name when both agree on the Danish one
    (København → Copenhagen)."""
    o = outlines.municipalities.get(code)
    if registry_name is None:
        return o.name(lang) if o else str(code)
    if lang == "en" and o is not None and o.name_da == registry_name:
        return o.name_en
    return registry_name
