"""An outline as a Word document (python-docx): Word's own Title and Heading 1-4 styles, so the navigation pane
and a table of contents work; real tables whose header row repeats on each page; figures as PNG with the chart's
numbers as alternative text; the synthetic-data marker in the page header; the document language set, so Word
checks Danish spelling as Danish. Everything stays editable.

Tables, styles and pictures are written as WordprocessingML directly rather than cell by cell through python-docx's
objects: for an annual report of 88 goal indicators the object route cost 5 s (``Table.cell`` re-reads the whole
table on every call, a picture's id scans the whole document), the XML route a few hundred milliseconds.
"""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from boligmonitor.published import SYNTHETIC_BANNER
from boligmonitor.web.plans.documents.outline import (
    Bullets,
    Cell,
    Fields,
    FigureBlock,
    Heading,
    Outline,
    Para,
    Table,
    figure_images,
)
from boligmonitor.web.plans.documents.words import t

TEXT_WIDTH_TWIPS = 9638  # 17 cm: A4 less 2 cm margins
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STYLES = ("Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "List Bullet", "Table Grid")


def write_docx(out: Outline) -> bytes:
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(2)
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    language = "en-GB" if out.lang == "en" else "da-DK"
    lang_el = OxmlElement("w:lang")
    lang_el.set(qn("w:val"), language)
    normal.element.get_or_add_rPr().append(lang_el)
    doc.core_properties.title = out.title + (f": {out.subtitle}" if out.subtitle else "")
    doc.core_properties.language = language
    doc.core_properties.author = "boligmonitor"
    if out.synthetic:
        run = section.header.paragraphs[0].add_run(SYNTHETIC_BANNER)
        run.bold = True
        run.font.color.rgb = RGBColor(0x8A, 0x5A, 0x00)
    footer = section.footer.paragraphs[0]
    footer.add_run(f"{out.title} · {t('page', out.lang)} ")
    _field(footer, "PAGE")
    footer.add_run(f" {t('of', out.lang)} ")
    _field(footer, "NUMPAGES")

    style_ids = {name: doc.styles[name].style_id for name in STYLES}
    body = doc.element.body
    end = body.sectPr  # new content goes before the section properties, as Word requires

    def add(xml: str) -> None:
        from docx.oxml import parse_xml

        end.addprevious(parse_xml(f'<w:root xmlns:w="{W_NS}">{xml}</w:root>')[0])

    pngs = figure_images(out)
    for shape_id, block in enumerate(out.blocks, start=1):
        if isinstance(block, Heading):
            style = "Title" if block.level == 0 else f"Heading {min(block.level, 4)}"
            add(_paragraph(block.text, style_ids[style]))
            if block.level == 0 and out.subtitle and out.subtitle not in block.text:
                add(_paragraph(out.subtitle, style_ids["Subtitle"]))
        elif isinstance(block, Para):
            for lines in block.paragraphs:
                add(_paragraph("\n".join(lines), muted=bool(block.style)))
        elif isinstance(block, Bullets):
            for item in block.items:
                add(_paragraph(item, style_ids["List Bullet"]))
        elif isinstance(block, Fields):
            add(_table([], [[Cell(a, bold=True), Cell(b)] for a, b in block.pairs], ["35%", "65%"],
                       style_ids["Table Grid"], small=False))
            add(_paragraph(""))
        elif isinstance(block, Table):
            add(_table(block.headers, block.rows, block.column_widths(), style_ids["Table Grid"], small=block.wide))
            add(_paragraph(""))
        elif isinstance(block, FigureBlock):
            _picture(doc, pngs[id(block)], block, shape_id)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _runs(text: str, bold: bool = False, italic: bool = False, muted: bool = False, small: bool = False) -> str:
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "") + \
        ('<w:color w:val="555555"/>' if muted else "") + ('<w:sz w:val="16"/>' if small else "")
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    texts = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in text.split("\n"))
    return f"<w:r>{rpr}{texts}</w:r>"


def _paragraph(text: str, style_id: str = "", muted: bool = False) -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style_id}"/></w:pPr>' if style_id else ""
    return f"<w:p>{ppr}{_runs(text, italic=muted, muted=muted) if text else ''}</w:p>"


def _table(headers: list[str], rows: list[list[Cell | None]], widths: list[str], style_id: str, small: bool) -> str:
    """A table with fixed column widths (the same shares as the PDF), a header row that repeats on each page, and
    vertically merged cells where a cell spans rows (``w:vMerge``: restart on the first, continue below)."""
    twips = [round(TEXT_WIDTH_TWIPS * float(w.rstrip("%")) / 100) for w in widths]
    out = [f'<w:tbl><w:tblPr><w:tblStyle w:val="{style_id}"/><w:tblW w:w="{TEXT_WIDTH_TWIPS}" w:type="dxa"/>'
           '<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
           'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>'
           + "".join(f'<w:gridCol w:w="{w}"/>' for w in twips) + "</w:tblGrid>"]
    if headers:
        out.append('<w:tr><w:trPr><w:tblHeader/></w:trPr>' + "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr><w:p>{_runs(h, bold=True, small=small)}</w:p>'
            "</w:tc>" for h, w in zip(headers, twips, strict=True)) + "</w:tr>")
    spans: dict[int, int] = {}  # column -> rows still covered by a merged cell above
    for row in rows:
        out.append("<w:tr>")
        for col, (c, w) in enumerate(zip(row, twips, strict=True)):
            merge = ""
            if c is None and spans.get(col, 0) > 0:
                spans[col] -= 1
                merge = "<w:vMerge/>"
            elif c is not None and c.rowspan > 1:
                spans[col] = c.rowspan - 1
                merge = '<w:vMerge w:val="restart"/>'
            text = "" if c is None else _runs(c.text, bold=c.bold, italic=c.suppressed, muted=c.suppressed,
                                               small=small)
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/>{merge}</w:tcPr><w:p>{text}</w:p></w:tc>')
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def _picture(doc: Any, png: bytes, block: FigureBlock, shape_id: int) -> None:
    """An inline picture with its alternative text. The shape id is the block's position (unique in the
    document); python-docx's own id search reads the whole document for every picture."""
    from docx.oxml.shape import CT_Inline
    from docx.shared import Cm

    rid, image = doc.part.get_or_add_image(io.BytesIO(png))
    cx, cy = image.scaled_dimensions(Cm(block.width_cm), None)
    inline = CT_Inline.new_pic_inline(shape_id, rid, image.filename, cx, cy)
    inline.docPr.set("title", block.figure.title)  # alternative text: what the chart shows, for screen readers
    inline.docPr.set("descr", block.figure.desc)
    doc.add_paragraph().add_run()._r.add_drawing(inline)


def _field(paragraph: Any, code: str) -> None:
    """A Word field (PAGE, NUMPAGES): Word fills in the number when it lays out the pages."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), code)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    fld.append(run)
    paragraph._p.append(fld)
