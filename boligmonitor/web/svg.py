"""Charts and maps as server-rendered SVG: the same markup serves pages and PDFs, offline, in a few milliseconds.

(DESIGN.md §8 names Vega-Lite + vl-convert; ADR 0004 records why we draw these two simple forms ourselves.)
Every SVG has a title and a description for screen readers; pages put the numbers in a table next to it.
"""

from __future__ import annotations

import math
from html import escape
from typing import Any

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


def _project(features: list[dict[str, Any]], width: int, height: int) -> tuple[Any, float]:
    coords = [c for f in features if f.get("geometry") for ring in _rings(f["geometry"]) for c in ring]
    if not coords:
        return None, 0
    lon0, lon1 = min(c[0] for c in coords), max(c[0] for c in coords)
    lat0, lat1 = min(c[1] for c in coords), max(c[1] for c in coords)
    k = math.cos(math.radians((lat0 + lat1) / 2))
    scale = min((width - 20) / max(1e-9, (lon1 - lon0) * k), (height - 20) / max(1e-9, lat1 - lat0))

    def proj(lon: float, lat: float) -> tuple[float, float]:
        return 10 + (lon - lon0) * k * scale, 10 + (lat1 - lat) * scale

    return proj, scale


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    if geometry["type"] == "MultiPolygon":
        return [ring for poly in geometry["coordinates"] for ring in poly]
    return []


def _path(geometry: dict[str, Any], proj: Any) -> str:
    parts = []
    for ring in _rings(geometry):
        pts = [proj(lon, lat) for lon, lat in ring]
        parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in pts) + "Z")
    return "".join(parts)


def choropleth(title: str, features: list[dict[str, Any]], fill: dict[str, str], tooltip: dict[str, str],
               width: int = 640, height: int = 560, link: str = "") -> str:
    """Area polygons filled by class; each is a link to the area page with a text tooltip."""
    proj, _ = _project(features, width, height)
    if proj is None:
        return ""
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" class="map" '
           f'aria-label="{escape(title)}"><title>{escape(title)}</title>'
           f'<rect width="{width}" height="{height}" fill="#f4f8fb"/>']
    for f in features:
        if not f.get("geometry"):
            continue
        d = _path(f["geometry"], proj)
        colour = fill.get(f["area_id"], "#d9d9d9")
        shape = (f'<path d="{d}" fill="{colour}" stroke="#333" stroke-width="0.6">'
                 f'<title>{escape(tooltip.get(f["area_id"], f["name"]))}</title></path>')
        out.append(f'<a href="{escape(link + f["area_id"])}/">{shape}</a>' if link else shape)
    out.append("</svg>")
    return "".join(out)


def classes(values: list[float], n: int = 5) -> list[float]:
    """Quantile class breaks (n classes) for a sequential choropleth."""
    vals = sorted(values)
    if not vals:
        return []
    return [vals[min(len(vals) - 1, int(len(vals) * k / n))] for k in range(1, n)]


def sequential_colour(value: float, breaks: list[float]) -> str:
    k = sum(1 for b in breaks if value >= b)
    return SEQUENTIAL[min(k, len(SEQUENTIAL) - 1)]
