"""A document as a format-neutral outline — headings, paragraphs, lists, tables, figures — and the way values are
written into it. The DOCX and the PDF writer walk the same outline, so both formats carry the same content.

Disclosure control lives in :func:`value_cell`: a suppressed value becomes the word "diskretioneret" whatever
numbers the cell may carry, and nothing is computed from neighbouring cells.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from boligmonitor.rules.texts import number
from boligmonitor.web.plans import charts
from boligmonitor.web.plans.documents.words import t

MAX_FIGURE_CM = (17.0, 23.0)  # the text area of an A4 page with 2 cm margins: a figure never runs off the page

# Characters XML 1.0 cannot hold: a control character pasted into a plan text would make python-docx refuse the
# whole document, so they are dropped from every text that goes into one.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clean(text: object) -> str:
    return _NOT_XML.sub("", "" if text is None else str(text))


@dataclass
class Cell:
    text: str
    rowspan: int = 1  # > 1: the cell spans the rows below it (they hold ``None`` in its column)
    suppressed: bool = False
    bold: bool = False


@dataclass
class Heading:
    level: int  # 0 = the document's title, 1-4 = Word's Heading 1-4
    text: str
    kind: str = "heading"


@dataclass
class Para:
    text: str
    style: str = ""  # "" | "muted"
    kind: str = "para"

    @property
    def paragraphs(self) -> list[list[str]]:
        """Blank lines separate paragraphs; single line breaks stay line breaks."""
        return [p.split("\n") for p in re.split(r"\n\s*\n", self.text.strip()) if p.strip()]


@dataclass
class Bullets:
    items: list[str]
    kind: str = "bullets"


@dataclass
class Fields:
    """Label: value pairs (a document's header)."""

    pairs: list[tuple[str, str]]
    kind: str = "fields"


@dataclass
class Table:
    headers: list[str]
    rows: list[list[Cell | None]]
    kind: str = "table"

    @property
    def wide(self) -> bool:
        """Seven columns or more are set smaller on paper, so they fit the page's width."""
        return len(self.headers) >= 7

    @property
    def widths(self) -> list[str]:
        """For the PDF, whose headers may hyphenate."""
        return self.column_widths(longest_word=9)

    def column_widths(self, longest_word: int = 40) -> list[str]:
        """Column widths in per cent. The PDF lays tables out with fixed widths: WeasyPrint's automatic layout
        measures every cell's narrowest possible width, which took 30 s for one plan's tables. Each column gets
        at least its longest word (in the header or a cell), and what the page has left goes to the columns whose
        text is longer, in proportion to their typical length. A word longer than ``longest_word`` letters may
        break (WeasyPrint hyphenates; Word does not, so the DOCX asks for whole header words)."""
        capacity = (112 if self.wide else 92) - 2 * len(self.headers)  # characters across 17 cm, less padding
        least, want = [], []
        for i, head in enumerate(self.headers):
            cells = [c.text for r in self.rows if i < len(r) for c in (r[i],) if c is not None]
            texts = [len(c) for c in cells]
            longest = max((len(w) for w in head.split()), default=1)
            longest = max([longest] + [min(12, len(w)) for c in cells for w in c.split()])
            word = min(longest_word, longest) + 1
            typical = (statistics.mean(texts) + max(texts)) / 2 if texts else 0.0
            least.append(float(word))
            want.append(max(float(word), min(40.0, typical)))
        if sum(least) >= capacity:
            chars = least
        elif sum(want) <= capacity:
            chars = [w * capacity / sum(want) for w in want]
        else:
            extra = [w - m for w, m in zip(want, least, strict=True)]
            chars = [m + e * (capacity - sum(least)) / sum(extra) for m, e in zip(least, extra, strict=True)]
        return [f"{100 * c / sum(chars):.1f}%" for c in chars]


@dataclass
class FigureBlock:
    figure: charts.Figure
    kind: str = "figure"

    @property
    def width_cm(self) -> float:
        """As wide as the text, unless that would make it taller than the page."""
        w, h = MAX_FIGURE_CM
        return round(min(w, h * self.figure.width / max(1.0, self.figure.height)), 2)


Block = Heading | Para | Bullets | Fields | Table | FigureBlock


@dataclass
class Outline:
    title: str
    subtitle: str
    lang: str
    synthetic: bool
    blocks: list[Block] = field(default_factory=list)

    def h(self, level: int, text: str) -> None:
        self.blocks.append(Heading(level, clean(text)))

    def p(self, text: str | None, style: str = "") -> None:
        if text and text.strip():
            self.blocks.append(Para(clean(text), style))

    def text_or_empty(self, text: str | None) -> None:
        """A section the user has not written yet says so, rather than vanishing from the structure."""
        if text and text.strip():
            self.p(text)
        else:
            self.p(t("not_filled", self.lang), "muted")

    def ul(self, items: list[str]) -> None:
        kept = [clean(i) for i in items if i and str(i).strip()]
        if kept:
            self.blocks.append(Bullets(kept))

    def fields(self, pairs: list[tuple[str, str]]) -> None:
        self.blocks.append(Fields([(clean(a), clean(b)) for a, b in pairs if b]))

    def table(self, headers: list[str], rows: Sequence[Sequence[Cell | None]]) -> None:
        kept = [[None if c is None else Cell(clean(c.text), c.rowspan, c.suppressed, c.bold) for c in row]
                for row in rows]
        self.blocks.append(Table([clean(h) for h in headers], kept))

    def figure(self, fig: charts.Figure) -> None:
        self.blocks.append(FigureBlock(fig))


def figure_images(out: Outline, fmt: str = "PNG") -> dict[int, bytes]:
    """Every figure of the outline as an image (PNG for Word, JPEG for the PDF), keyed by the block's id."""
    figures = [b for b in out.blocks if isinstance(b, FigureBlock)]
    images = charts.to_images([b.figure for b in figures], fmt)
    return {id(b): image for b, image in zip(figures, images, strict=True)}


def cell(text: object, **kw: Any) -> Cell:
    return Cell("" if text is None else str(text), **kw)


# -- values, dates, money ---------------------------------------------------------------------------------------------


def localized(d: dict[str, Any] | None, key: str, lang: str) -> str:
    """``d[key]``, or its English twin ``d[key + '_en']`` on English documents when the report gives one."""
    if not d:
        return ""
    if lang == "en" and d.get(f"{key}_en"):
        return str(d[f"{key}_en"])
    return "" if d.get(key) is None else str(d[key])


def text_of(pair: dict[str, str] | None, lang: str) -> str:
    """A ``{"da", "en"}`` text of the report in ``lang``."""
    return "" if not pair else str(pair.get(lang) or pair.get("da") or "")


def value_cell(v: dict[str, Any] | None, unit: str, lang: str) -> Cell:
    """One published or entered value: suppressed as the word, never as a number; a hand-entered value marked as
    entered, with its note; a missing value as a dash with the report's note."""
    if not v:
        return Cell("–")
    if v.get("suppressed"):
        return Cell(t("suppressed", lang), suppressed=True)
    note = text_of(v.get("note"), lang)
    if v.get("value") is None:
        return Cell("–" + (f" ({note})" if note else ""))
    text = charts.format_value(float(v["value"]), unit, lang)
    if v.get("source") == "manual":
        text += f" ({t('entered', lang)}{': ' + note if note else ''})"
    return Cell(text)


def date_str(day: dt.date | str | None, lang: str) -> str:
    if day is None or day == "":
        return ""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day[:10])
    return day.isoformat() if lang == "en" else f"{day.day:02d}.{day.month:02d}.{day.year}"


def money(amount: float | None, lang: str) -> str:
    return "" if amount is None else number(amount, 0, lang)


def period_text(period: Any, lang: str) -> str:
    if not period:
        return ""
    start = period.start if hasattr(period, "start") else period.get("start")
    end = period.end if hasattr(period, "end") else period.get("end")
    return f"{date_str(start, lang)} – {date_str(end, lang)}"


def vintage_text(table: dict[str, Any], lang: str) -> str:
    v = table.get("vintage") or {}
    years = v.get("data_years") or ["", ""]
    return t("vintage_line", lang, label=v.get("label", ""), first=years[0], last=years[-1],
             rules=v.get("rules_version", ""))
