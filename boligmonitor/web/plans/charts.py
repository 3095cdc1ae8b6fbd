"""The figures of a plan: target-vs-actual line charts and the theory-of-change diagram, drawn on the server.

Each figure is laid out once as a list of plain shapes (:class:`Figure`) and then written either as SVG (pages and
PDFs, ADR 0004: no JavaScript, no CDN) or as PNG through Pillow (DOCX: Word shows no SVG without a raster copy, and
python-docx embeds raster images only). One layout for both means the PDF and the DOCX show the same chart.

Disclosure control: a suppressed value is drawn as a gap with a cross on the axis and named in the note under the
chart; a line never runs across it (no interpolation) and nothing is computed from the cells around it.

Text is measured with the DejaVu Sans metrics the PDFs are set in, so legends and boxes are sized to their text
and never cut; the sizes are chosen so the figures stay readable on a 375 px wide phone.
"""

from __future__ import annotations

import io
import itertools
import math
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any

from boligmonitor.rules.texts import Text, number

FONT_FAMILY = "DejaVu Sans, Verdana, sans-serif"
FONT_FILES = {False: "DejaVuSans.ttf", True: "DejaVuSans-Bold.ttf"}
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"),
             Path("/usr/local/share/fonts"))
WIDTH = 400  # viewBox width for pages (a phone of 375 px shows it ~343 px wide)
PRINT_WIDTH = 640  # for documents: 17 cm wide, a 13-unit font prints at 10 pt like the text around it

# Okabe–Ito colours (colour-blind safe), as the area pages use for area and municipality.
AREA, MUNICIPALITY, TARGET, MUTED = "#0072B2", "#D55E00", "#1b1b1b", "#6b6b6b"

WORDS = {
    "area": Text("Område", "Area"),
    "municipality": Text("Kommune", "Municipality"),
    "target": Text("Mål {year}: {value}", "Target {year}: {value}"),
    "target_legend": Text("Mål", "Target"),
    "suppressed": Text("Diskretioneret", "Suppressed"),
    "suppressed_note": Text("Diskretioneret (vises ikke og beregnes ikke): {items}.",
                            "Suppressed (not shown and not computed): {items}."),
    "no_data": Text("Ingen data", "No data"),
    "unit_share": Text("Andel, %", "Share, %"),
    "unit_mean": Text("Gennemsnit", "Mean"),
    "unit_count": Text("Antal", "Count"),
    "unit_manual": Text("Indtastet værdi", "Entered value"),
    "activities": Text("Aktiviteter", "Activities"),
    "outputs": Text("Output", "Outputs"),
    "short": Text("Kort sigt", "Short term"),
    "medium": Text("Mellemlang sigt", "Medium term"),
    "long": Text("Lang sigt", "Long term"),
    "assumptions": Text("Forudsætninger", "Assumptions"),
    "risks": Text("Risici", "Risks"),
    "measured_by": Text("Måles ved: {items}", "Measured by: {items}"),
    "empty": Text("ikke udfyldt", "not filled in"),
    "toc_title": Text("Forandringsteori: {title}", "Theory of change: {title}"),
    "toc_desc": Text("Aktiviteter fører til output og til resultater på kort, mellemlang og lang sigt.",
                     "Activities lead to outputs and to short-, medium- and long-term outcomes."),
}


# -- shapes -----------------------------------------------------------------------------------------------------------


@dataclass
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str
    width: float = 1.0
    dash: tuple[float, ...] = ()


@dataclass
class Polyline:
    points: list[tuple[float, float]]
    stroke: str
    width: float = 2.0
    dash: tuple[float, ...] = ()


@dataclass
class Circle:
    cx: float
    cy: float
    r: float
    fill: str
    title: str = ""


@dataclass
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str
    stroke: str = ""
    dash: tuple[float, ...] = ()
    title: str = ""


@dataclass
class Polygon:
    points: list[tuple[float, float]]
    fill: str
    title: str = ""


@dataclass
class Label:
    x: float
    y: float  # baseline, as in SVG
    text: str
    size: float = 12.0
    anchor: str = "start"  # start | middle | end
    bold: bool = False
    fill: str = "#111111"


Shape = Line | Polyline | Circle | Rect | Polygon | Label


@dataclass
class Figure:
    width: float
    height: float
    title: str
    desc: str
    shapes: list[Shape] = field(default_factory=list)


# -- text metrics -----------------------------------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _font(size: float, bold: bool = False) -> Any:
    from PIL import ImageFont

    for folder in FONT_DIRS:
        path = folder / FONT_FILES[bold]
        if path.exists():
            return ImageFont.truetype(str(path), size=max(1, round(size)))
    return ImageFont.load_default(size=max(1, round(size)))


@lru_cache(maxsize=32768)  # a plan page's 80 charts measure the same tick labels, names and words again and again
def text_width(text: str, size: float, bold: bool = False) -> float:
    """The drawn width of ``text`` in the figures' font (DejaVu Sans; a wider font than most browsers' sans-serif,
    so a box sized by it holds the text in any of them)."""
    scale = 4  # measure at a larger size: whole-pixel rounding at 12 px would misjudge long lines
    return float(_font(size * scale, bold).getlength(text)) / scale


def wrap(text: str, size: float, width: float, bold: bool = False) -> list[str]:
    """Words into lines no wider than ``width``; a single word longer than a line is broken, never cut off."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if text_width(candidate, size, bold) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            while text_width(word, size, bold) > width and len(word) > 1:
                cut = max(1, next(i for i in range(len(word), 0, -1) if text_width(word[:i], size, bold) <= width))
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


# -- numbers ----------------------------------------------------------------------------------------------------------


def format_value(value: float | None, unit: str, lang: str) -> str:
    """A plan value as the interface writes it: shares in per cent (12,3 %), means with one decimal below 100,
    counts whole, hand-entered values with the decimals they need."""
    if value is None:
        return "–"
    if unit == "share":
        return f"{number(value * 100, 1, lang)} %"
    if unit == "mean":
        return number(value, 0 if abs(value) >= 100 else 1, lang)
    if unit == "count":
        return number(value, 0, lang)
    decimals = next((d for d in range(4) if abs(round(value, d) - value) < 1e-9), 3)
    return number(value, decimals, lang)


def _tick_text(value: float, unit: str, lang: str, step: float) -> str:
    if unit == "share":
        return f"{number(value * 100, 0, lang)} %"
    decimals = 0 if step >= 1 else min(3, max(0, -math.floor(math.log10(step))))
    return number(value, decimals, lang)


def nice_ticks(lo: float, hi: float, unit: str) -> list[float]:
    """Round tick values covering lo..hi: 0-100 % in steps of 20 for shares; else steps of 1, 2, 2.5 or 5 × 10^k."""
    if unit == "share":
        return [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
    lo, hi = min(0.0, lo), max(hi, lo + 1e-9)
    raw = (hi - lo) / 4
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    if unit == "count":
        step = max(1.0, math.ceil(step))
    start = math.floor(lo / step) * step
    ticks = [start]
    while ticks[-1] < hi - 1e-12:
        ticks.append(ticks[-1] + step)
    return [round(t, 10) for t in ticks]


# -- target vs actual -------------------------------------------------------------------------------------------------


def _value(cell: dict[str, Any] | None) -> tuple[float | None, bool]:
    """(value, suppressed) of a report Value; a suppressed cell never yields a number, whatever it carries."""
    if not cell:
        return None, False
    if cell.get("suppressed"):
        return None, True
    v = cell.get("value")
    return (None if v is None else float(v)), False


def target_chart(goal: dict[str, Any], lang: str = "da", area_name: str = "", municipality_name: str = "",
                 width: float = WIDTH) -> Figure:
    """Area and municipality over the years for one goal indicator, the target marked; gaps where suppressed.

    ``goal`` is one row of the annual report's ``goals`` (issue10.md shape)."""
    indicator = goal.get("indicator") or {}
    unit = str(indicator.get("unit") or "manual")
    label = str(indicator.get("label") or indicator.get("id") or "")
    names = {"area": area_name or WORDS["area"].pick(lang),
             "municipality": municipality_name or WORDS["municipality"].pick(lang)}
    series = sorted(goal.get("series") or [], key=lambda p: p["year"])
    baseline = goal.get("baseline") or {}
    if baseline.get("year") is not None and all(p["year"] != baseline["year"] for p in series):
        series = sorted([*series, baseline], key=lambda p: p["year"])
    target = goal.get("target") or None
    target_value = None if not target or target.get("value") is None else float(target["value"])
    target_year = None if not target or target.get("by") is None else int(target["by"])

    points: dict[str, list[tuple[int, float | None, bool]]] = {"area": [], "municipality": []}
    for p in series:
        for unit_name in points:
            v, sup = _value(p.get(unit_name))
            points[unit_name].append((int(p["year"]), v, sup))
    years = [p["year"] for p in series] + ([target_year] if target_year and target_value is not None else [])
    values = [v for pts in points.values() for _, v, _ in pts if v is not None]
    if target_value is not None:
        values.append(target_value)

    size = 13.0  # at 375 px wide (343 px of chart) a 13-unit font is 11 px, the 12-unit notes 10 px
    shapes: list[Shape] = []
    ticks = nice_ticks(min(values, default=0.0), max(values, default=1.0), unit)
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    tick_labels = [_tick_text(t, unit, lang, step) for t in ticks]
    left = 8 + max(text_width(t, size) for t in tick_labels)
    # 170 units high on a page; in a document a little flatter, so two charts share an A4 page
    right, top, plot_h = 6 + text_width("2026", size) / 2, 30.0, 170.0 if width <= WIDTH else 160.0
    pw = width - left - right
    x0, x1 = (min(years), max(years)) if years else (0, 1)
    lo, hi = ticks[0], ticks[-1]

    def sx(year: float) -> float:
        return left + (year - x0) / max(1, x1 - x0) * pw if x1 > x0 else left + pw / 2

    def sy(v: float) -> float:
        return top + plot_h - (v - lo) / (hi - lo) * plot_h

    unit_text = WORDS[f"unit_{unit}"].pick(lang) if f"unit_{unit}" in WORDS else unit
    shapes.append(Label(4, 14, unit_text, size - 1, fill=MUTED))
    for t, text in zip(ticks, tick_labels, strict=True):
        shapes.append(Line(left, sy(t), width - right, sy(t), "#e3e3e3"))
        shapes.append(Label(left - 6, sy(t) + 4, text, size, "end"))
    shapes.append(Line(left, top + plot_h, width - right, top + plot_h, "#8a8a8a"))
    if years:
        every = max(1, math.ceil((x1 - x0 + 1) * (text_width("2024", size) + 10) / pw))
        for yr in range(x0, x1 + 1, every):
            shapes.append(Label(sx(yr), top + plot_h + 16, str(yr), size, "middle"))
    else:
        shapes.append(Label(left + pw / 2, top + plot_h / 2, WORDS["no_data"].pick(lang), size, "middle",
                            fill=MUTED))

    if target_value is not None and target_year is not None:
        ty = sy(target_value)
        shapes.append(Line(left, ty, width - right, ty, TARGET, 1, (2, 3)))
        tx = sx(target_year)
        shapes.append(Polygon([(tx, ty - 7), (tx + 7, ty), (tx, ty + 7), (tx - 7, ty)], TARGET,
                              WORDS["target"].pick(lang).format(year=target_year,
                                                                value=format_value(target_value, unit, lang))))

    styles = {"area": (AREA, ()), "municipality": (MUNICIPALITY, (6.0, 3.0))}
    suppressed: dict[str, list[int]] = {"area": [], "municipality": []}
    for unit_name in ("municipality", "area"):
        colour, dash = styles[unit_name]
        # A line joins two neighbouring years only: across a suppressed or missing year it breaks, so the chart
        # never suggests a value nobody published.
        run: list[tuple[float, float]] = []
        last_year = None
        for year, v, sup in [*points[unit_name], (0, None, False)]:
            if v is None or (last_year is not None and year != last_year + 1):
                if len(run) > 1:
                    shapes.append(Polyline(run, colour, 2.5, dash))
                run = []
            last_year = year
            if v is None:
                if sup:
                    suppressed[unit_name].append(year)
                    _cross(shapes, sx(year), top + plot_h, colour,
                           f"{names[unit_name]} {year}: {WORDS['suppressed'].pick(lang).lower()}")
                continue
            run.append((sx(year), sy(v)))
        for year, v, _ in points[unit_name]:
            if v is not None:
                shapes.append(Circle(sx(year), sy(v), 3.5, colour,
                                     f"{names[unit_name]} {year}: {format_value(v, unit, lang)}"))

    y = top + plot_h + 40
    legend: list[tuple[str, str, tuple[float, ...], str]] = [
        ("line", AREA, (), names["area"]), ("line", MUNICIPALITY, (6.0, 3.0), names["municipality"])]
    if target_value is not None and target_year is not None:
        legend.append(("diamond", TARGET, (), WORDS["target"].pick(lang).format(
            year=target_year, value=format_value(target_value, unit, lang))))
    if suppressed["area"] or suppressed["municipality"]:
        legend.append(("cross", MUTED, (), WORDS["suppressed"].pick(lang)))
    y = _legend(shapes, legend, y, size, width)
    if suppressed["area"] or suppressed["municipality"]:
        items = "; ".join(f"{names[u]} {', '.join(map(str, ys))}" for u, ys in suppressed.items() if ys)
        for line in wrap(WORDS["suppressed_note"].pick(lang).format(items=items), size - 1, width - 8):
            y += 15
            shapes.append(Label(4, y, line, size - 1, fill=MUTED))
    desc = _describe(points, names, unit, lang, target_value, target_year)
    return Figure(width, y + 8, label, desc, shapes)


def _cross(shapes: list[Shape], x: float, y: float, colour: str, title: str) -> None:
    shapes.append(Line(x - 4, y - 4, x + 4, y + 4, colour, 2))
    shapes.append(Line(x - 4, y + 4, x + 4, y - 4, colour, 2))
    shapes.append(Rect(x - 5, y - 5, 10, 10, "none", title=title))


def _legend(shapes: list[Shape], items: list[tuple[str, str, tuple[float, ...], str]], y: float, size: float,
            width: float) -> float:
    """Legend items flowed into rows that fit the width: a new row rather than a cut-off name, and a name longer
    than a row wrapped over lines of its own."""
    x = 4.0
    for kind, colour, dash, text in items:
        lines = wrap(text, size, width - 8 - 28)
        w = 28 + max(text_width(line, size) for line in lines) + 14
        if x > 4 and x + w > width - 4:
            x, y = 4.0, y + 18
        if kind == "line":
            shapes.append(Line(x, y - 4, x + 22, y - 4, colour, 2.5, dash))
        elif kind == "diamond":
            shapes.append(Polygon([(x + 11, y - 10), (x + 17, y - 4), (x + 11, y + 2), (x + 5, y - 4)], colour))
        else:
            _cross(shapes, x + 11, y - 4, colour, text)
        for k, line in enumerate(lines):
            shapes.append(Label(x + 28, y + 16 * k, line, size))
        if len(lines) > 1:
            x, y = width, y + 16 * (len(lines) - 1)  # the next item starts a new row
        else:
            x += w
    return y


def _describe(points: dict[str, list[tuple[int, float | None, bool]]], names: dict[str, str], unit: str, lang: str,
              target_value: float | None, target_year: int | None) -> str:
    """The chart's numbers as a sentence for screen readers (the same numbers the table next to it gives)."""
    parts = []
    for unit_name, pts in points.items():
        vals = ", ".join(f"{year}: " + (WORDS["suppressed"].pick(lang).lower() if sup else format_value(v, unit, lang))
                         for year, v, sup in pts)
        parts.append(f"{names[unit_name]} — {vals}" if vals else names[unit_name])
    if target_value is not None and target_year is not None:
        parts.append(WORDS["target"].pick(lang).format(year=target_year, value=format_value(target_value, unit, lang)))
    return ". ".join(parts) + "."


# -- theory of change -------------------------------------------------------------------------------------------------

STAGE_COLOURS = {"activities": ("#e8f1fa", "#0072B2"), "outputs": ("#e9f6f0", "#009E73"),
                 "short": ("#fff4e0", "#B07800"), "medium": ("#fbe9e1", "#D55E00"), "long": ("#f5eaf2", "#A8477F"),
                 "assumptions": ("#f4f4f4", "#6b6b6b"), "risks": ("#f4f4f4", "#6b6b6b")}


def theory_of_change(toc: Any, title: str, lang: str = "da", activity_titles: dict[str, str] | None = None,
                     indicator_labels: dict[str, str] | None = None, width: float = WIDTH) -> Figure:
    """Activities → outputs → short-, medium- and long-term outcomes (each with the indicators it is measured by),
    then assumptions and risks: stages stacked top to bottom with arrows between them, so the diagram reads on a
    phone as on paper. ``toc`` is a :class:`boligmonitor.plans.model.TheoryOfChange` or its dict."""
    data = toc.model_dump() if hasattr(toc, "model_dump") else dict(toc or {})
    activity_titles = activity_titles or {}
    indicator_labels = indicator_labels or {}
    outcomes = data.get("outcomes") or []

    def outcome_text(o: dict[str, Any]) -> str:
        inds = [indicator_labels.get(i, i) for i in o.get("indicators") or []]
        return o["text"] + ("\n" + WORDS["measured_by"].pick(lang).format(items=", ".join(inds)) if inds else "")

    stages = [
        ("activities", [activity_titles.get(k, k) for k in data.get("activities") or []]),
        ("outputs", list(data.get("outputs") or [])),
        ("short", [outcome_text(o) for o in outcomes if o.get("horizon") == "short"]),
        ("medium", [outcome_text(o) for o in outcomes if o.get("horizon") == "medium"]),
        ("long", [outcome_text(o) for o in outcomes if o.get("horizon") == "long"]),
    ]
    notes = [("assumptions", list(data.get("assumptions") or [])), ("risks", list(data.get("risks") or []))]
    size, pad, gap = 13.0, 6.0, 8.0
    shapes: list[Shape] = []
    y = 4.0
    desc_parts = []
    for i, (stage, items) in enumerate(stages):
        y = _stage(shapes, stage, items, y, lang, size, pad, gap, width, columns=2 if width < 560 else 3)
        desc_parts.append(f"{WORDS[stage].pick(lang)}: " + ("; ".join(items) or WORDS["empty"].pick(lang)))
        if i < len(stages) - 1:
            cx = width / 2
            shapes.append(Line(cx, y + 2, cx, y + 14, "#333333", 2))
            shapes.append(Polygon([(cx - 6, y + 12), (cx + 6, y + 12), (cx, y + 20)], "#333333"))
            y += 22
    if any(items for _, items in notes):
        y += 6
        shapes.append(Line(4, y, width - 4, y, "#bbbbbb", 1, (4.0, 3.0)))
        y += 4
        for stage, items in notes:
            if items:
                y = _stage(shapes, stage, items, y, lang, size, pad, gap, width, columns=1, dashed=True)
                desc_parts.append(f"{WORDS[stage].pick(lang)}: " + "; ".join(items))
    desc = WORDS["toc_desc"].pick(lang) + " " + ". ".join(desc_parts) + "."
    return Figure(width, y + 6, WORDS["toc_title"].pick(lang).format(title=title), desc, shapes)


def _stage(shapes: list[Shape], stage: str, items: list[str], y: float, lang: str, size: float, pad: float,
           gap: float, width: float, columns: int, dashed: bool = False) -> float:
    """One band: its heading, then its items as boxes in a grid, each box as tall as its wrapped text."""
    fill, stroke = STAGE_COLOURS[stage]
    y += size + 4
    shapes.append(Label(4, y, WORDS[stage].pick(lang), size, bold=True, fill=stroke if stage != "short" else "#7a5400"))
    y += 6
    empty = not items
    texts = items or [WORDS["empty"].pick(lang)]
    columns = min(columns, len(texts))
    box_w = (width - 8 - gap * (columns - 1)) / columns
    line_h = size + 3
    for row in range(0, len(texts), columns):
        cells = texts[row:row + columns]
        wrapped = [[ln for part in t.splitlines() for ln in wrap(part, size, box_w - 2 * pad)] for t in cells]
        h = max(len(w) for w in wrapped) * line_h + 2 * pad
        for col, (text, lines) in enumerate(zip(cells, wrapped, strict=True)):
            x = 4 + col * (box_w + gap)
            shapes.append(Rect(x, y, box_w, h, "#ffffff" if empty else fill, stroke,
                               (4.0, 3.0) if dashed or empty else (), text))
            for k, ln in enumerate(lines):
                shapes.append(Label(x + pad, y + pad + size - 1 + k * line_h, ln, size,
                                    fill=MUTED if empty else "#111111"))
        y += h + gap
    return y - gap


# -- output -----------------------------------------------------------------------------------------------------------


def _dash(dash: tuple[float, ...]) -> str:
    return f' stroke-dasharray="{" ".join(f"{d:g}" for d in dash)}"' if dash else ""


def _title(text: str) -> str:
    return f"<title>{escape(text)}</title>" if text else ""


def to_svg(fig: Figure, element_id: str = "fig") -> str:
    """The figure as an SVG element that scales to its container; its title and description name it for screen
    readers (every shape that carries a value has its own title too)."""
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {fig.width:g} {fig.height:.0f}" role="img" '
           f'class="chart plan-chart" aria-labelledby="{element_id}-t {element_id}-d" '
           f'font-family="{FONT_FAMILY}">'
           f'<title id="{element_id}-t">{escape(fig.title)}</title><desc id="{element_id}-d">{escape(fig.desc)}</desc>']
    for s in fig.shapes:
        if isinstance(s, Line):
            out.append(f'<line x1="{s.x1:.1f}" y1="{s.y1:.1f}" x2="{s.x2:.1f}" y2="{s.y2:.1f}" stroke="{s.stroke}" '
                       f'stroke-width="{s.width:g}"{_dash(s.dash)}/>')
        elif isinstance(s, Polyline):
            pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in s.points)
            out.append(f'<polyline fill="none" stroke="{s.stroke}" stroke-width="{s.width:g}" '
                       f'stroke-linejoin="round"{_dash(s.dash)} points="{pts}"/>')
        elif isinstance(s, Circle):
            out.append(f'<circle cx="{s.cx:.1f}" cy="{s.cy:.1f}" r="{s.r:g}" fill="{s.fill}">{_title(s.title)}'
                       "</circle>")
        elif isinstance(s, Rect):
            stroke = f' stroke="{s.stroke}" stroke-width="1.2"{_dash(s.dash)}' if s.stroke else ""
            out.append(f'<rect x="{s.x:.1f}" y="{s.y:.1f}" width="{s.w:.1f}" height="{s.h:.1f}" rx="3" '
                       f'fill="{s.fill}"{stroke}>{_title(s.title)}</rect>')
        elif isinstance(s, Polygon):
            pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in s.points)
            out.append(f'<polygon points="{pts}" fill="{s.fill}">{_title(s.title)}</polygon>')
        else:
            weight = ' font-weight="bold"' if s.bold else ""
            anchor = f' text-anchor="{s.anchor}"' if s.anchor != "start" else ""
            out.append(f'<text x="{s.x:.1f}" y="{s.y:.1f}" font-size="{s.size:g}"{anchor}{weight} '
                       f'fill="{s.fill}">{escape(s.text)}</text>')
    out.append("</svg>")
    return "".join(out)


def to_images(figures: list[Figure], fmt: str = "PNG", scale: float = 2.0) -> list[bytes]:
    """Several figures as PNG or JPEG, two at a time: Pillow lets go of Python's lock while it compresses, which is
    most of the work, so a document's 88 charts take about half the time on two cores."""
    if len(figures) < 4:
        return [to_image(f, fmt, scale) for f in figures]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(lambda f: to_image(f, fmt, scale), figures))


def to_png(fig: Figure, scale: float = 2.0) -> bytes:
    return to_image(fig, "PNG", scale)


def to_image(fig: Figure, fmt: str = "PNG", scale: float = 2.0) -> bytes:
    """The same figure as a raster image, ``scale`` pixels per unit: PNG for Word; JPEG at high quality without
    chroma subsampling for the PDF, which WeasyPrint embeds as it is (a PNG it decodes and compresses again, which
    cost 3 s for a report's 88 charts)."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (math.ceil(fig.width * scale), math.ceil(fig.height * scale)), "white")
    draw = ImageDraw.Draw(img)

    def p(x: float, y: float) -> tuple[float, float]:
        return x * scale, y * scale

    def dashed(points: list[tuple[float, float]], colour: str, width: float, dash: tuple[float, ...]) -> None:
        w = max(1, round(width * scale))
        if not dash:
            draw.line([p(*pt) for pt in points], fill=colour, width=w, joint="curve")
            return
        pattern, k, left, on = [d * scale for d in dash], 0, dash[0] * scale, True
        for (ax, ay), (bx, by) in itertools.pairwise(points):
            (ax, ay), (bx, by) = p(ax, ay), p(bx, by)
            length = math.hypot(bx - ax, by - ay)
            pos = 0.0
            while pos < length:
                run = min(left, length - pos)
                if on:
                    f0, f1 = pos / length, (pos + run) / length
                    draw.line([(ax + (bx - ax) * f0, ay + (by - ay) * f0), (ax + (bx - ax) * f1, ay + (by - ay) * f1)],
                              fill=colour, width=w)
                pos += run
                left -= run
                if left <= 1e-9:
                    k = (k + 1) % len(pattern)
                    left, on = pattern[k], not on
    for s in fig.shapes:
        if isinstance(s, Line):
            dashed([(s.x1, s.y1), (s.x2, s.y2)], s.stroke, s.width, s.dash)
        elif isinstance(s, Polyline):
            dashed(s.points, s.stroke, s.width, s.dash)
        elif isinstance(s, Circle):
            draw.ellipse([p(s.cx - s.r, s.cy - s.r), p(s.cx + s.r, s.cy + s.r)], fill=s.fill)
        elif isinstance(s, Rect):
            if s.fill != "none":
                draw.rounded_rectangle([p(s.x, s.y), p(s.x + s.w, s.y + s.h)], radius=3 * scale, fill=s.fill)
            if s.stroke:
                corners = [(s.x, s.y), (s.x + s.w, s.y), (s.x + s.w, s.y + s.h), (s.x, s.y + s.h), (s.x, s.y)]
                dashed(corners, s.stroke, 1.2, s.dash)
        elif isinstance(s, Polygon):
            draw.polygon([p(*pt) for pt in s.points], fill=s.fill)
        else:
            anchor = {"start": "ls", "middle": "ms", "end": "rs"}[s.anchor]
            draw.text(p(s.x, s.y), s.text, fill=s.fill, font=_font(s.size * scale, s.bold), anchor=anchor)
    buf = io.BytesIO()
    if fmt == "JPEG":
        img.save(buf, format="JPEG", quality=92, subsampling=0)
    else:
        img.save(buf, format="PNG", compress_level=3)
    return buf.getvalue()
