"""An outline as PDF: the print template ``plans/print_document.html`` rendered with a standalone Django template
engine (no database, no installed app needed) and laid out by WeasyPrint.

Figures go in as the same PNG the DOCX carries, with the chart's numbers as alternative text. Inline SVG was
measured first: an annual report of 88 goal indicators took 12-16 s, two thirds of it WeasyPrint parsing, styling
and drawing the charts' 7,000 SVG elements; as images the whole PDF is within the 4 s bar (docs/performance.md)."""

from __future__ import annotations

import base64
from pathlib import Path

from boligmonitor.published import SYNTHETIC_BANNER
from boligmonitor.web.plans import charts
from boligmonitor.web.plans.documents.outline import FigureBlock, Outline
from boligmonitor.web.plans.documents.words import t

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def css_string(text: str) -> str:
    """Text as a CSS string for the page margins. HTML escaping does not apply inside <style>: quotes, backslashes,
    line ends and angle brackets are escaped the CSS way, so a plan title cannot end the string or the element."""
    from django.utils.safestring import mark_safe

    escaped = "".join(f"\\{ord(ch):x} " if ch in '"\\<>\n\r' else ch for ch in text)
    return mark_safe(f'"{escaped}"')


def html(out: Outline) -> str:
    from django.template import Context, Engine

    engine = Engine(dirs=[str(TEMPLATES)], autoescape=True)
    blocks: list[object] = []
    for b in out.blocks:
        if isinstance(b, FigureBlock):
            png = base64.b64encode(charts.to_png(b.figure)).decode("ascii")
            # the width as a string: the template would write a float the active language's way (17,0cm)
            blocks.append({"kind": "figure", "src": f"data:image/png;base64,{png}", "title": b.figure.title,
                           "alt": b.figure.desc, "width": f"{b.width_cm:.2f}cm"})
        else:
            blocks.append(b)
    context = {"out": out, "blocks": blocks, "banner": SYNTHETIC_BANNER if out.synthetic else "",
               "css": {"title": css_string(out.title), "banner": css_string(SYNTHETIC_BANNER),
                       "page": css_string(t("page", out.lang)), "of": css_string(t("of", out.lang))}}
    return engine.get_template("plans/print_document.html").render(Context(context))


def write_pdf(out: Outline) -> bytes:
    from weasyprint import HTML  # slow to import: only documents need it

    pdf: bytes = HTML(string=html(out), base_url=None).write_pdf()
    return pdf
