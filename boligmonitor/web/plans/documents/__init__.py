"""The documents of a plan: the strategic cooperation agreement, the municipal strategy and the annual report, as
DOCX (python-docx: Word's own headings and tables, editable), PDF (WeasyPrint from an HTML template) and, for the
annual report, XLSX.

A document is first laid out as a format-neutral outline (:mod:`.outline`; the content in :mod:`.agreement`,
:mod:`.strategy`, :mod:`.annual`), then written by :mod:`.to_docx` or :mod:`.to_pdf`, so both formats carry the
same content. Nothing here reads the database: the inputs are the plan (the pydantic model of
:mod:`boligmonitor.plans.model`, or its dict) and the goals table / annual report dict of
:mod:`boligmonitor.plans.report` (issue 10's shape), so web pages, the API and ``boligmonitor-web plan report`` call
the same functions.

Disclosure control: a suppressed value is written as "diskretioneret" and never as a number, in every format; no
value is derived from other cells. Danish unless ``lang="en"``; ``lang`` and ``fmt`` are keyword-only, so a call
cannot swap them. A document made from synthetic data says so on every page.
"""

from __future__ import annotations

from typing import Any

from boligmonitor.plans.model import Agreement, Strategy
from boligmonitor.web.plans.documents.agreement import agreement_outline
from boligmonitor.web.plans.documents.annual import report_outline
from boligmonitor.web.plans.documents.outline import Outline
from boligmonitor.web.plans.documents.parts import as_table
from boligmonitor.web.plans.documents.strategy import strategy_outline

FORMATS = ("docx", "pdf")
REPORT_FORMATS = ("docx", "pdf", "xlsx")
MEDIA_TYPES = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
               "pdf": "application/pdf",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _lang(lang: str) -> str:
    if lang not in ("da", "en"):
        raise ValueError(f"unknown language {lang!r}: use da or en")
    return lang


def _write(out: Outline, fmt: str) -> bytes:
    if fmt == "docx":
        from boligmonitor.web.plans.documents.to_docx import write_docx

        return write_docx(out)
    if fmt == "pdf":
        from boligmonitor.web.plans.documents.to_pdf import write_pdf

        return write_pdf(out)
    raise ValueError(f"unknown document format {fmt!r}: use one of {', '.join(FORMATS)}")


def render_agreement(plan: Agreement | dict[str, Any], goals_table: dict[str, Any] | list[dict[str, Any]], *,
                     lang: str = "da", fmt: str = "docx") -> bytes:
    """The strategic cooperation agreement (sections 1-8 of seed 001, section 5 filled from the data).
    ``goals_table`` is the annual report dict (header, vintage, goals, checks) or only its goal rows."""
    model = plan if isinstance(plan, Agreement) else Agreement.model_validate(plan)
    return _write(agreement_outline(model, as_table(goals_table), _lang(lang)), fmt)


def render_strategy(plan: Strategy | dict[str, Any], goals_table: dict[str, Any] | list[dict[str, Any]], *,
                    lang: str = "da", fmt: str = "docx") -> bytes:
    """The municipal strategy; ``goals_table`` as for :func:`render_agreement`."""
    model = plan if isinstance(plan, Strategy) else Strategy.model_validate(plan)
    return _write(strategy_outline(model, as_table(goals_table), _lang(lang)), fmt)


def render_report(report: dict[str, Any], *, lang: str = "da", fmt: str = "pdf") -> bytes:
    """The annual report (``boligmonitor.plans.report.annual_report``) as DOCX, PDF or XLSX."""
    lang = _lang(lang)
    if fmt == "xlsx":
        from boligmonitor.web.plans.documents.to_xlsx import write_xlsx

        return write_xlsx(report, lang)
    return _write(report_outline(report, lang), fmt)


def media_type(fmt: str) -> str:
    return MEDIA_TYPES[fmt]
