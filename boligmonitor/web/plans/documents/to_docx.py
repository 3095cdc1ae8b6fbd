"""An outline as a Word document (python-docx): Word's own Title and Heading 1-4 styles, so the navigation pane
and a table of contents work; real tables whose header row repeats on each page; figures as PNG with the chart's
numbers as alternative text; the synthetic-data marker in the page header; the document language set, so Word
checks Danish spelling as Danish. Everything stays editable."""

from __future__ import annotations

import io
from typing import Any

from boligmonitor.published import SYNTHETIC_BANNER
from boligmonitor.web.plans import charts
from boligmonitor.web.plans.documents.outline import Bullets, Fields, Heading, Outline, Para, Table
from boligmonitor.web.plans.documents.words import t


def write_docx(out: Outline) -> bytes:
    from docx import Document
    from docx.enum.text import WD_BREAK
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

    muted = RGBColor(0x55, 0x55, 0x55)
    for block in out.blocks:
        if isinstance(block, Heading):
            doc.add_heading(block.text, level=block.level)
            if block.level == 0 and out.subtitle and out.subtitle not in block.text:
                doc.add_paragraph(out.subtitle, style="Subtitle")
        elif isinstance(block, Para):
            for lines in block.paragraphs:
                para = doc.add_paragraph()
                for k, line in enumerate(lines):
                    run = para.add_run(line)
                    if k < len(lines) - 1:
                        run.add_break(WD_BREAK.LINE)
                    if block.style:
                        run.font.color.rgb = muted
                        run.italic = True
        elif isinstance(block, Bullets):
            for item in block.items:
                doc.add_paragraph(item, style="List Bullet")
        elif isinstance(block, Fields):
            table = doc.add_table(rows=0, cols=2)
            table.style = "Table Grid"
            for label, value in block.pairs:
                cells = table.add_row().cells
                cells[0].paragraphs[0].add_run(label).bold = True
                cells[1].text = value
            doc.add_paragraph()
        elif isinstance(block, Table):
            _table(doc, block)
        else:
            doc.add_picture(io.BytesIO(charts.to_png(block.figure)), width=Cm(block.width_cm))
            props = doc.paragraphs[-1]._p.find(".//" + qn("wp:docPr"))
            if props is not None:  # alternative text: what the chart shows, for screen readers
                props.set("title", block.figure.title)
                props.set("descr", block.figure.desc)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


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


def _table(doc: Any, block: Table) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    size = Pt(8) if block.wide else None  # many columns: smaller type, so Word's page holds them
    table = doc.add_table(rows=1, cols=len(block.headers))
    table.style = "Table Grid"
    head = table.rows[0]
    repeat = OxmlElement("w:tblHeader")  # the header row repeats on every page the table runs over
    repeat.set(qn("w:val"), "true")
    head._tr.get_or_add_trPr().append(repeat)
    for c, text in zip(head.cells, block.headers, strict=True):
        run = c.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = size
    merges = []
    for r, row in enumerate(block.rows, start=1):
        cells = table.add_row().cells
        for col, value in enumerate(row):
            if value is None:
                continue
            run = cells[col].paragraphs[0].add_run(value.text)
            run.bold = value.bold
            run.font.size = size
            if value.suppressed:
                run.italic = True
                run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
            if value.rowspan > 1:
                merges.append((r, col, value.rowspan))
    for r, col, span in merges:  # after filling: a merged cell keeps the first row's text
        table.cell(r, col).merge(table.cell(r + span - 1, col))
    doc.add_paragraph()
