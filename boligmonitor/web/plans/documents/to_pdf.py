"""An outline as PDF: the print template ``plans/print_document.html`` rendered with a standalone Django template
engine (no database, no installed app needed) and laid out by WeasyPrint.

Figures go in as the same picture the DOCX carries (as JPEG, which WeasyPrint embeds without decoding it), with
the chart's numbers as alternative text, handed to WeasyPrint by a fetcher that knows only them (``figure:N``; the
page can load nothing else). Measured on an annual report of 88 goal indicators: inline SVG took 12-16 s, two
thirds of it WeasyPrint parsing, styling and drawing the charts' 7,000 SVG elements; PNG cost 3 s more than JPEG,
because WeasyPrint decodes and compresses a PNG again (docs/performance.md, "Plans")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from boligmonitor.published import SYNTHETIC_BANNER
from boligmonitor.web.plans.documents.outline import FigureBlock, Outline, figure_images
from boligmonitor.web.plans.documents.words import t

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def css_string(text: str) -> str:
    """Text as a CSS string for the page margins. HTML escaping does not apply inside <style>: quotes, backslashes,
    line ends and angle brackets are escaped the CSS way, so a plan title cannot end the string or the element."""
    from django.utils.safestring import mark_safe

    escaped = "".join(f"\\{ord(ch):x} " if ch in '"\\<>\n\r' else ch for ch in text)
    return mark_safe(f'"{escaped}"')


def page(out: Outline) -> tuple[str, dict[str, bytes]]:
    """The print page's HTML and the images it refers to (``figure:N`` → JPEG)."""
    from django.template import Context, Engine

    engine = Engine(dirs=[str(TEMPLATES)], autoescape=True)
    blocks: list[object] = []
    images: dict[str, bytes] = {}
    pictures = figure_images(out, "JPEG")
    for b in out.blocks:
        if isinstance(b, FigureBlock):
            src = f"figure:{len(images)}"
            images[src] = pictures[id(b)]
            # the width as a string: the template would write a float the active language's way (17,0cm)
            blocks.append({"kind": "figure", "src": src, "title": b.figure.title, "alt": b.figure.desc,
                           "width": f"{b.width_cm:.2f}cm"})
        else:
            blocks.append(b)
    context = {"out": out, "blocks": blocks, "banner": SYNTHETIC_BANNER if out.synthetic else "",
               "css": {"title": css_string(out.title), "banner": css_string(SYNTHETIC_BANNER),
                       "page": css_string(t("page", out.lang)), "of": css_string(t("of", out.lang))}}
    return engine.get_template("plans/print_document.html").render(Context(context)), images


def html(out: Outline) -> str:
    return page(out)[0]


def figure_fetcher(images: dict[str, bytes]) -> Any:
    """A WeasyPrint URL fetcher that serves the document's own figures and nothing else: no file, no network
    (WeasyPrint's own fetcher would read any file: or http: address the page named)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class Figures(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url not in images:
                raise ValueError(f"a plan document loads only its own figures, not {url[:60]!r}")
            return URLFetcherResponse(url, images[url], {"Content-Type": "image/jpeg"})

    return Figures()


def write_pdf(out: Outline) -> bytes:
    from weasyprint import HTML  # slow to import: only documents need it

    text, images = page(out)
    pdf: bytes = HTML(string=text, base_url=None, url_fetcher=figure_fetcher(images)).write_pdf()
    return pdf
