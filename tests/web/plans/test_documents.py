"""The plan documents: the agreement (DOCX/PDF in seed 001's sections 1-8, section 5 filled from the data), the
strategy, and the annual report (DOCX/PDF with target-vs-actual charts, XLSX). Built from a hand-written report in
issue 10's shape, and once from the core's own report over the session's synthetic bundle."""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import zipfile
from typing import Any

import docx
import openpyxl
import pypdfium2 as pdfium
import pytest

from boligmonitor.plans.model import Agreement, Strategy
from boligmonitor.web.plans.documents import render_agreement, render_report, render_strategy
from boligmonitor.web.plans.documents.annual import report_outline
from boligmonitor.web.plans.documents.strategy import strategy_outline
from boligmonitor.web.plans.documents.to_pdf import html

LEAK = 0.123456  # a number a careless writer left in a suppressed cell: it must never be printed (12,3 %)
SECTIONS = ["1. Kort om boligområdet", "2. Vision for boligområdet", "3. Organisering",
            "4. Samspil med centrale tiltag og indsatser i boligområdet",
            "5. Overordnede mål og indikatorer for den boligsociale indsats", "6. Indsatsområder",
            "7. Lokal evaluering", "8. Revision af samarbejdsaftalen"]
SECTIONS_EN = ["1. The housing area in brief", "2. Vision for the housing area", "3. Organisation",
               "4. Interplay with other initiatives in the housing area",
               "5. Overall goals and indicators of the initiative", "6. Focus areas", "7. Local evaluation",
               "8. Revision of the agreement"]


def value(v: float | None, *, suppressed: bool = False, source: str = "bundle",
          note: dict[str, str] | None = None) -> dict[str, Any]:
    if suppressed:  # what a careless writer might leave behind: numbers in a suppressed cell
        return {"value": LEAK, "numerator": 3.0, "denominator": 24.0, "suppressed": True, "source": source,
                "note": None}
    return {"value": v, "numerator": None, "denominator": None, "suppressed": False, "source": source, "note": note}


def agreement() -> Agreement:
    return Agreement.model_validate({
        "kind": "agreement", "key": "sammen-i-nordbyen", "title": "Sammen i Nordbyen",
        "funding_period": "lbf_2019_26", "areas": ["H0001"], "afdelinger": ["AFD-11", "AFD-12"],
        "parties": [
            {"name": "Boligforeningen Nord", "role": "housing_organisation",
             "signatories": [{"name": "Jens Jensen", "title": "direktør", "signed": "2021-09-20"}]},
            {"name": "Nordby Kommune", "role": "municipality", "municipality": 999,
             "signatories": [{"name": "Anne Andersen", "title": "kommunaldirektør"}]},
            {"name": "Nordjyllands Politi", "role": "police"}],
        "period": {"start": "2021-10-01", "end": "2025-09-30"}, "baseline_year": 2020,
        "about_area": "Nordbyen er to afdelinger fra 1970'erne.\n\nMange beboere er børn og unge.",
        "vision": "Nordbyen skal være et trygt sted at vokse op.",
        "strategy": "Vi arbejder forebyggende og tæt på beboerne.",
        "working_principles": ["Til stede i området", "Tæt dialog med beboerne"],
        "organisation": {"administering_organisation": "Boligforeningen Nord",
                         "bodies": [{"key": "bestyrelse", "name": "Bestyrelsen", "kind": "board",
                                     "members": [{"name": "Jens Jensen", "organisation": "Boligforeningen Nord",
                                                  "role": "chair"},
                                                 {"name": "Anne Andersen", "organisation": "Nordby Kommune"}]},
                                    {"key": "team-nord", "name": "Team Nord", "kind": "team"}]},
        "interplay": "Helhedsplanen samarbejder med skolerne og jobcentret.",
        "physical_plans": "Afdeling 11 renoveres 2023-2025.",
        "focus_areas": [
            {"key": "uddannelse", "title": "Uddannelse og livschancer", "theme": "uddannelse_og_livschancer",
             "problem_complex": "For mange unge går i stå efter grundskolen.",
             "facts": [{"text": "Godt 36 pct. af de 18-29-årige har kun grundskolen.", "status": "accepted"},
                       {"text": "EN KLADDE DER IKKE ER GODKENDT", "status": "draft"}],
             "goals": [{"key": "flere-i-uddannelse", "title": "Flere unge i uddannelse",
                        "measured_by": [{"indicator": "basic_not_in_education_18_29",
                                         "target": {"kind": "absolute", "value": 0.25, "by": 2025,
                                                    "direction": "at_most"}}]}],
             "delaftale": {"sub_goals": ["Flere børn laver lektier"],
                           "activities": [{"key": "lektiecafe", "title": "Lektiecafé", "responsible": "Helhedsplanen",
                                           "partners": ["Nordby Skole"], "status": "running",
                                           "outputs": ["40 børn om ugen"]}]},
             "theory_of_change": {"activities": ["lektiecafe"], "outputs": ["40 børn om ugen i lektiecaféen"],
                                  "outcomes": [{"text": "Flere børn laver lektier", "horizon": "short"},
                                               {"text": "Flere unge tager en uddannelse", "horizon": "long",
                                                "indicators": ["basic_not_in_education_18_29"]}],
                                  "assumptions": ["Skolen deler fraværstal"], "risks": ["Frivillige falder fra"]}},
            {"key": "beskaeftigelse", "title": "Beskæftigelse", "theme": "beskaeftigelse",
             "problem_complex": "Beskæftigelsen er lav.", "goals": []}],
        "local_evaluation": "Et seminar om året gennemgår forandringsteorierne.",
        "revision_procedure": "Ændringer godkendes af Landsbyggefonden.",
        "budget": [{"year": 2022, "party": "Landsbyggefonden", "source": "lbf", "amount": 750000, "spent": 700000},
                   {"year": 2022, "party": "Nordby Kommune", "source": "municipality", "amount": 250000}],
        "milestones": [{"key": "kickoff", "title": "Kick-off-seminar", "due": "2021-12-01", "status": "done"}],
        "revisions": [{"number": 1, "date": "2023-03-01", "by": "Bestyrelsen", "why": "Ny aktivitet",
                       "status": "approved", "approved_by": "Landsbyggefonden"}],
    })


def goal_row(fa: tuple[str, str], goal: tuple[str, str], ind: str, label: str, unit: str,
             series: list[tuple[int, dict[str, Any], dict[str, Any]]], target: dict[str, Any] | None,
             status: str, source: str = "LBF – Boligsociale Data") -> dict[str, Any]:
    pts = [{"year": y, "area": a, "municipality": m} for y, a, m in series]
    return {"focus_area": {"key": fa[0], "title": fa[1], "theme": fa[0]}, "goal": {"key": goal[0], "title": goal[1]},
            "area_id": "H0001",
            "indicator": {"id": ind, "label": label, "label_en": f"EN {label}", "unit": unit, "source": source},
            "baseline": pts[0], "actual": pts[-1], "series": pts, "target": target, "status": status}


def report() -> dict[str, Any]:
    """An annual report in issue 10's shape: a share with a suppressed year, a suppressed baseline, a hand-entered
    survey value, a mean with no data in the area."""
    edu = ("uddannelse", "Uddannelse og livschancer")
    crime = ("kriminalitet", "Kriminalitetsforebyggelse")
    return {
        "plan": {"kind": "agreement", "key": "sammen-i-nordbyen", "title": "Sammen i Nordbyen",
                 "period": {"start": "2021-10-01", "end": "2025-09-30"},
                 "areas": [{"area_id": "H0001", "name": "Nordbyen", "kind": "helhedsplan"}],
                 "municipality": {"code": 999, "name": "Nordby Kommune"},
                 "funding_period": {"id": "lbf_2019_26", "name": "Landsbyggefondens 2019-26-midler"},
                 "baseline_year": 2020},
        "year": 2023,
        "vintage": {"label": "Testdata 2024", "rules_version": "0.1.0+test", "data_years": [2018, 2023],
                    "synthetic": True, "disclosure": {"minimum_count": 5, "rule": "ingen celle under 5"}},
        "goals": [
            goal_row(edu, ("flere-i-uddannelse", "Flere unge i uddannelse"), "basic_not_in_education_18_29",
                     "Andel 18-29-årige med kun grundskole, ikke i uddannelse", "share",
                     [(2020, value(0.3617), value(0.2104)), (2021, value(None, suppressed=True), value(0.2051)),
                      (2022, value(0.3188), value(0.2013)), (2023, value(0.2975), value(0.1987))],
                     {"kind": "absolute", "text": {"da": "Højst 25 % i 2025", "en": "At most 25 % by 2025"},
                      "by": 2025, "value": 0.25}, "on_track"),
            goal_row(edu, ("flere-i-uddannelse", "Flere unge i uddannelse"), "grade_9th_avg",
                     "Karaktergennemsnit 9. klasse", "mean",
                     [(2020, value(None, note={"da": "ingen elever", "en": "no pupils"}), value(6.8)),
                      (2023, value(None, note={"da": "ingen elever", "en": "no pupils"}), value(7.1))],
                     None, "no_target"),
            goal_row(crime, ("faerre-sigtede", "Færre unge sigtes"), "charged_15_29",
                     "Andel 15-29-årige sigtet mindst én gang", "share",
                     [(2020, value(None, suppressed=True), value(0.0412)),
                      (2023, value(0.0833), value(0.0398))],
                     {"kind": "relative", "text": {"da": "Kommunens niveau i 2025", "en": "The municipality's "
                                                   "level by 2025"}, "by": 2025, "value": None}, "suppressed"),
            goal_row(crime, ("faerre-sigtede", "Færre unge sigtes"), "tryghed", "Andel trygge beboere", "share",
                     [(2020, value(0.71, source="manual", note={"da": "Tryghedsmåling 2020",
                                                                "en": "Safety survey 2020"}), value(None)),
                      (2023, value(0.77, source="manual"), value(None))],
                     {"kind": "change", "text": {"da": "Op med 10 %", "en": "Up by 10 %"}, "by": 2025,
                      "value": 0.781}, "on_track", source="Tryghedssurvey VIVE/LBF"),
        ],
        "lists": [{"goal_key": "ingen-paa-listen", "lists": ["udsat_boligomraade"], "year": 2023, "count": 1,
                   "undetermined": 0, "target": 0.5, "target_text": {"da": "Ingen i 2025", "en": "None by 2025"},
                   "by": 2025, "status": "off_track"}],
        "activities": [{"key": "lektiecafe", "title": "Lektiecafé", "focus_area": "uddannelse", "status": "running",
                        "narrative": "40 børn kommer hver uge."}],
        "milestones": [{"key": "kickoff", "title": "Kick-off-seminar", "due": "2021-12-01", "status": "done",
                        "late": False},
                       {"key": "evaluering", "title": "=HYPERLINK(\"http://x\")", "due": "2023-06-01",
                        "status": "open", "late": True}],
        "budget": [{"year": 2022, "budget": 1000000.0, "spent": 700000.0,
                    "by_source": {"lbf": 750000.0, "municipality": 250000.0, "housing_organisation": 0.0,
                                  "other": 0.0}, "local_cofinancing_share": 0.25}],
        "checks": [{"severity": "error", "code": "delaftale_missing",
                    "text": {"da": "Delaftale mangler for Beskæftigelse", "en": "Sub-agreement missing for Employment"},
                    "source": "seed 001, Aftaledokumenter"}],
        "report": {"status": "approved", "submitted": "2024-02-01", "approved": "2024-03-01",
                   "approved_by": "Bestyrelsen", "reported": None, "narrative": "Et år med fremgang."},
    }


# -- reading the documents back ---------------------------------------------------------------------------------------


def docx_of(data: bytes) -> Any:
    return docx.Document(io.BytesIO(data))


def headings(d: Any) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in d.paragraphs if p.style.name.startswith(("Heading", "Title"))]


def docx_text(d: Any) -> str:
    parts = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def pdf_pages(data: bytes, scale: float = 0.5) -> list[Any]:
    doc = pdfium.PdfDocument(data)
    return [doc[i].render(scale=scale).to_pil() for i in range(len(doc))]


def pdf_text(data: bytes) -> str:
    doc = pdfium.PdfDocument(data)
    return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))


def ink(image: Any) -> float:
    """Share of pixels that are not white: a blank page has none."""
    grey = image.convert("L")
    hist = grey.histogram()
    return 1 - sum(hist[245:]) / (grey.width * grey.height)


def baseline_table(d: Any) -> Any:
    return next(t for t in d.tables
                if [c.text for c in t.rows[0].cells][:4] == ["Mål", "Indikator", "Baseline boligområde",
                                                             "Baseline kommune"])


# -- the agreement ----------------------------------------------------------------------------------------------------


def test_agreement_docx_has_sections_1_to_8_as_word_headings_and_the_baseline_table_from_the_data() -> None:
    d = docx_of(render_agreement(agreement(), report(), fmt="docx"))
    found = headings(d)
    assert found[0] == ("Title", "Strategisk samarbejdsaftale om boligsocial indsats")
    level1 = [text for style, text in found if style == "Heading 1"]
    assert [h for h in level1 if h[0].isdigit()] == SECTIONS  # in order, each once, as Word's Heading 1
    assert ("Heading 2", "Uddannelse og livschancer") in found  # the focus areas under section 6

    table = baseline_table(d)
    assert [c.text for c in table.rows[0].cells] == ["Mål", "Indikator", "Baseline boligområde", "Baseline kommune",
                                                     "Datakilde"]
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert rows[0] == ["Flere unge i uddannelse", "Andel 18-29-årige med kun grundskole, ikke i uddannelse",
                       "36,2 %", "21,0 %", "LBF – Boligsociale Data"]
    assert rows[1][0] == "Flere unge i uddannelse"  # one merged cell: the goal written once over its indicators
    assert rows[1][2:4] == ["– (ingen elever)", "6,8"]
    assert rows[2][2:4] == ["diskretioneret", "4,1 %"]
    assert rows[3][2] == "71,0 % (indtastet: Tryghedsmåling 2020)"
    assert len(table.rows[1].cells[0]._tc.xpath("./w:tcPr/w:vMerge")) == 1


def test_agreement_docx_carries_the_plan_header_and_leaves_drafts_out() -> None:
    d = docx_of(render_agreement(agreement(), report(), fmt="docx"))
    text = docx_text(d)
    for expected in ("Sammen i Nordbyen (Nordbyen)", "01.10.2021 – 30.09.2025", "Nordjyllands Politi (Politi)",
                     "Jens Jensen", "20.09.2021", "Delaftale: Uddannelse og livschancer",
                     "Delaftale: Beskæftigelse", "Beredskabsplan", "Kommissorium for bestyrelsen",
                     "Godt 36 pct. af de 18-29-årige har kun grundskolen.", "Lektiecafé", "Formand",
                     "Ændringer godkendes af Landsbyggefonden.", "Delaftale mangler for Beskæftigelse"):
        assert expected in text, expected
    assert "EN KLADDE DER IKKE ER GODKENDT" not in text  # a drafted fact the user has not accepted
    signatures = next(t for t in d.tables if t.rows[0].cells[0].text == "Part")
    assert [c.text for c in signatures.rows[3].cells] == ["Nordjyllands Politi", "", "", ""]  # a line to sign on
    assert "SYNTETISKE DATA" in d.sections[0].header.paragraphs[0].text


def test_agreement_docx_in_english() -> None:
    d = docx_of(render_agreement(agreement(), report(), lang="en", fmt="docx"))
    level1 = [text for style, text in headings(d) if style == "Heading 1" and text[0].isdigit()]
    assert level1 == SECTIONS_EN
    text = docx_text(d)
    assert "EN Andel 18-29-årige med kun grundskole, ikke i uddannelse" in text  # the report's English label
    assert "36.2 %" in text and "suppressed" in text and "36,2 %" not in text


def test_agreement_pdf_is_a_real_document_with_the_sections_and_values() -> None:
    data = render_agreement(agreement(), report(), fmt="pdf")
    assert data.startswith(b"%PDF")
    pages = pdf_pages(data)
    assert len(pages) >= 2
    assert all(ink(p) > 0.01 for p in pages)  # no blank page
    text = pdf_text(data)
    for section in SECTIONS:
        assert section in text.replace("\r\n", " ").replace("\n", " "), section
    assert "36,2 %" in text and "diskretioneret" in text and "SYNTETISKE DATA" in text


def test_a_suppressed_value_is_never_printed_as_a_number_in_any_format() -> None:
    leaked = ("12,3", "12.3", "0,123", "0.123")
    for lang in ("da", "en"):
        texts = [docx_text(docx_of(render_agreement(agreement(), report(), lang=lang, fmt="docx"))),
                 docx_text(docx_of(render_report(report(), lang=lang, fmt="docx"))),
                 pdf_text(render_report(report(), lang=lang, fmt="pdf")),
                 html(report_outline(report(), lang))]
        for text in texts:
            assert not any(x in text for x in leaked), lang
        wb = openpyxl.load_workbook(io.BytesIO(render_report(report(), lang=lang, fmt="xlsx")))
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                assert LEAK not in row and not any(isinstance(v, float) and abs(v - LEAK) < 1e-9 for v in row)


# -- the annual report ------------------------------------------------------------------------------------------------


def test_report_docx_has_a_chart_per_goal_indicator_with_the_numbers_as_alternative_text() -> None:
    d = docx_of(render_report(report(), fmt="docx"))
    pictures = d.inline_shapes
    assert len(pictures) == len(report()["goals"])
    first = pictures[0]._inline.docPr
    assert first.get("title") == "Andel 18-29-årige med kun grundskole, ikke i uddannelse"
    assert "2021: diskretioneret" in first.get("descr") and "Mål 2025: 25,0 %" in first.get("descr")
    summary = next(t for t in d.tables if t.rows[0].cells[0].text == "Mål" and len(t.columns) == 8)
    assert [c.text for c in summary.rows[0].cells][2:6] == [
        "Baseline boligområde (2020)", "Baseline kommune (2020)", "Aktuel boligområde (2023)",
        "Aktuel kommune (2023)"]  # one year for every row: said once, in the header
    assert [c.text for c in summary.rows[1].cells][2:] == ["36,2 %", "21,0 %", "29,8 %", "19,9 %",
                                                           "Højst 25 % i 2025", "På vej"]
    assert [c.text for c in summary.rows[3].cells][2] == "diskretioneret"
    assert [c.text for c in summary.rows[3].cells][-1] == "Diskretioneret"
    text = docx_text(d)
    assert "Et år med fremgang." in text and "Godkendt af bestyrelsen" in text and "01.03.2024" in text


def test_report_pdf_pages_are_not_blank_and_show_the_charts() -> None:
    for lang in ("da", "en"):
        data = render_report(report(), lang=lang, fmt="pdf")
        pages = pdf_pages(data)
        assert pages and all(ink(p) > 0.01 for p in pages)
        doc = pdfium.PdfDocument(data)
        images = sum(len(list(doc[i].get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE]))) for i in range(len(doc)))
        assert images == len(report()["goals"])  # one chart per goal indicator
        text = pdf_text(data)
        assert ("Årsrapport 2023" if lang == "da" else "Annual report 2023") in text
        assert ("Status: På vej" if lang == "da" else "Status: On track") in text  # under the first chart


def test_report_xlsx_sheets_numbers_and_the_vintage() -> None:
    wb = openpyxl.load_workbook(io.BytesIO(render_report(report(), fmt="xlsx")))
    assert wb.sheetnames == ["Mål", "Tidsserier", "Lister", "Aktiviteter", "Budget", "Milepæle", "Kontrol", "Om data"]
    goals = wb["Mål"]
    assert goals.freeze_panes == "A2" and goals.auto_filter.ref == "A1:P5"
    head = [c.value for c in goals[1]]
    row = dict(zip(head, [c.value for c in goals[2]], strict=True))
    assert row["Baseline boligområde"] == pytest.approx(0.3617) and goals["H2"].number_format == "0.0%"
    assert row["Aktuel boligområde"] == pytest.approx(0.2975)
    assert dict(zip(head, [c.value for c in goals[4]], strict=True))["Baseline boligområde"] == "diskretioneret"
    series = [[c.value for c in r] for r in wb["Tidsserier"].iter_rows(min_row=2)]
    assert [r[4:] for r in series[:4]] == [[2020, pytest.approx(0.3617), pytest.approx(0.2104)],
                                           [2021, "diskretioneret", pytest.approx(0.2051)],
                                           [2022, pytest.approx(0.3188), pytest.approx(0.2013)],
                                           [2023, pytest.approx(0.2975), pytest.approx(0.1987)]]
    budget = [[c.value for c in r] for r in wb["Budget"].iter_rows(min_row=2)]
    assert budget == [[2022, 1000000, 700000, 750000, 250000, 0, 0, 0.25]]
    about = {r[0].value: r[1].value for r in wb["Om data"].iter_rows(min_row=2)}
    assert about["Datasæt (vintage)"] == "Testdata 2024" and about["Regelversion"] == "0.1.0+test"
    assert about["Diskretionering: mindste antal personer"] == 5 and about["Syntetiske data"] == "ja"
    assert wb["Mål"].column_dimensions["C"].width > 30  # as wide as the indicator's label


def test_report_xlsx_keeps_formula_like_text_as_text() -> None:
    wb = openpyxl.load_workbook(io.BytesIO(render_report(report(), fmt="xlsx")))
    cell = wb["Milepæle"]["A3"]
    assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s"
    with zipfile.ZipFile(io.BytesIO(render_report(report(), fmt="xlsx"))) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any(b"<f>" in z.read(n) for n in sheets)  # no formula anywhere in the workbook


def test_report_xlsx_in_english() -> None:
    wb = openpyxl.load_workbook(io.BytesIO(render_report(report(), lang="en", fmt="xlsx")))
    assert wb.sheetnames[0] == "Goals" and wb.sheetnames[-1] == "About the data"
    assert wb["Goals"]["C2"].value == "EN Andel 18-29-årige med kun grundskole, ikke i uddannelse"
    assert wb["Goals"]["H4"].value == "suppressed"


# -- the strategy -----------------------------------------------------------------------------------------------------


def strategy() -> Strategy:
    return Strategy.model_validate({
        "kind": "strategy", "key": "faelles-strategi", "title": "Fælles strategi for Nordby", "municipality": 999,
        "organisations": ["Boligforeningen Nord"], "period": {"start": "2021-01-01", "end": "2030-12-31"},
        "vision": "Ingen udsatte boligområder i 2030.", "scope": {"areas": ["H0001"]}, "baseline_year": 2020,
        "focus_areas": [{"key": "uddannelse", "title": "Flere i uddannelse",
                         "goals": [{"key": "flere-i-uddannelse", "title": "Flere unge i uddannelse",
                                    "measured_by": [{"indicator": "basic_not_in_education_18_29"}]}]}],
        "change_strategy": "Vi samler indsatsen om de unge.",
        "manual_values": [{"indicator": "tryghed", "year": 2020, "value": 0.71, "source": "Tryghedsmåling 2020"}],
    })


def test_strategy_docx_and_pdf() -> None:
    d = docx_of(render_strategy(strategy(), report(), fmt="docx"))
    found = headings(d)
    assert found[0] == ("Title", "Fælles strategi for Nordby")
    assert [t for s, t in found if s == "Heading 1"] == ["1. Vision", "2. Indsatsområder og mål",
                                                        "3. Forandringsstrategi", "4. Indtastede værdier"]
    goals = next(t for t in d.tables if t.rows[0].cells[0].text == "Mål")
    assert [c.text for c in goals.rows[1].cells][2:5] == ["36,2 %", "21,0 %", "Højst 25 % i 2025"]
    assert "Tryghedsmåling 2020" in docx_text(d)
    data = render_strategy(strategy(), report(), lang="en", fmt="pdf")
    assert all(ink(p) > 0.01 for p in pdf_pages(data))
    assert "1. Vision" in pdf_text(data) and "2. Focus areas and goals" in pdf_text(data)


# -- robustness -------------------------------------------------------------------------------------------------------


def test_control_characters_in_plan_texts_do_not_break_the_docx() -> None:
    plan = agreement()
    plan.vision = "Tryg\x07 by\x00 for alle"
    d = docx_of(render_agreement(plan, report(), fmt="docx"))
    assert "Tryg by for alle" in docx_text(d)


def test_a_plan_title_stays_inside_the_pdf_page_margin_string() -> None:
    plan = strategy()
    plan.title = 'Nord"; } body { display: none } </style><h1>x'
    style = html(strategy_outline(plan, report(), "da")).split("<style>")[1].split("</style>")[0]
    assert 'content: "Nord\\22 ; } body { display: none } \\3c /style\\3e \\3c h1\\3e x";' in style
    assert all(ink(p) > 0.01 for p in pdf_pages(render_strategy(plan, report(), fmt="pdf")))


def test_unknown_format_and_language_are_refused() -> None:
    with pytest.raises(ValueError, match="format"):
        render_report(report(), fmt="odt")
    with pytest.raises(ValueError, match="language"):
        render_agreement(agreement(), report(), lang="de")
    with pytest.raises(TypeError):
        render_report(report(), "da", "pdf")  # type: ignore[misc]  # keyword-only: the two cannot be swapped


def test_an_empty_plan_still_has_every_section() -> None:
    plan = Agreement.model_validate({"kind": "agreement", "key": "tom", "title": "Tom plan",
                                     "funding_period": "ukendt", "areas": ["H0001"],
                                     "period": {"start": "2021-01-01", "end": "2024-12-31"}, "baseline_year": 2020})
    d = docx_of(render_agreement(plan, [], fmt="docx"))
    assert [t for s, t in headings(d) if s == "Heading 1"] == SECTIONS
    assert "Ikke udfyldt." in docx_text(d)


def test_the_documents_change_nothing_in_their_input() -> None:
    r, plan = report(), agreement()
    before, plan_before = copy.deepcopy(r), plan.model_copy(deep=True)
    render_agreement(plan, r, fmt="docx")
    render_report(r, fmt="xlsx")
    assert r == before and plan == plan_before


def test_dates_in_the_report_may_be_iso_strings_or_dates() -> None:
    r = report()
    r["milestones"][0]["due"] = dt.date(2021, 12, 1)
    assert "01.12.2021" in docx_text(docx_of(render_report(r, fmt="docx")))


def test_figure_widths_are_written_the_css_way_whatever_the_active_language() -> None:
    from django.utils import translation

    with translation.override("da"):  # Danish writes 17,0: CSS would drop the width and the chart would overflow
        page = html(report_outline(report(), "da"))
    widths = re.findall(r'<figure style="width: ([^"]*)">', page)
    alts = re.findall(r'<img src="figure:\d+" alt="([^"]*)"', page)
    assert len(alts) == len(report()["goals"]) and "2021: diskretioneret" in alts[0]  # the numbers as alt text
    assert widths and all(re.fullmatch(r"\d+\.\d\dcm", w) for w in widths)


def test_a_year_that_differs_between_rows_is_named_in_each_cell() -> None:
    r = report()
    r["goals"][3]["baseline"]["year"] = 2019  # the survey measured a year before the registers' baseline
    d = docx_of(render_report(r, fmt="docx"))
    summary = next(t for t in d.tables if t.rows[0].cells[0].text == "Mål" and len(t.columns) == 8)
    assert summary.rows[0].cells[2].text == "Baseline boligområde"
    assert summary.rows[1].cells[2].text == "36,2 % (2020)"
    assert summary.rows[4].cells[2].text == "71,0 % (indtastet: Tryghedsmåling 2020) (2019)"
    assert summary.rows[3].cells[2].text == "diskretioneret (2020)"


def test_the_pdf_loads_nothing_but_its_own_figures(tmp_path: Any) -> None:
    from weasyprint import HTML

    from boligmonitor.web.plans.documents.to_pdf import figure_fetcher

    secret = tmp_path / "secret.jpg"
    secret.write_bytes(charts_png())

    def images(page: str) -> int:
        pdf = HTML(string=page, base_url=None, url_fetcher=figure_fetcher({"figure:0": charts_png()})).write_pdf()
        return len(list(pdfium.PdfDocument(pdf)[0].get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE])))

    assert images('<p>x</p><img src="figure:0">') == 1
    assert images(f'<p>x</p><img src="{secret.as_uri()}">') == 0  # a file on the server is not read


def charts_png() -> bytes:
    from boligmonitor.web.plans import charts

    return charts.to_image(charts.theory_of_change({}, "x"), "JPEG")


# -- from the core's own report over a synthetic vintage ----------------------------------------------------------


@pytest.mark.slow
def test_documents_carry_the_core_reports_numbers_from_a_synthetic_vintage(synth_bundle: Any) -> None:
    from boligmonitor.plans.data import BundleData
    from boligmonitor.plans.report import annual_report
    from boligmonitor.runs.bundle import open_bundle
    from boligmonitor.web.plans import charts

    bundle = open_bundle(synth_bundle)
    data = BundleData(bundle)
    area = min((a for a in bundle.registry["areas"] if a["kind"] == "helhedsplan"), key=lambda a: a["area_id"])
    plan = agreement()
    plan.areas = [area["area_id"]]
    for party in plan.parties:
        if party.role == "municipality":
            party.municipality = int(area["municipality_code"])
    r = annual_report(plan, data, 2024, today=dt.date(2025, 6, 1))
    assert r["vintage"]["synthetic"] is True

    def shown(v: dict[str, Any], unit: str) -> str:
        if v["suppressed"]:
            return "diskretioneret"
        return "–" if v["value"] is None else charts.format_value(v["value"], unit, "da")

    d = docx_of(render_agreement(plan, r, fmt="docx"))
    assert [t for s, t in headings(d) if s == "Heading 1" and t[0].isdigit()] == SECTIONS
    rows = [[c.text for c in row.cells] for row in baseline_table(d).rows[1:]]
    assert len(rows) == len(r["goals"])
    numbers = 0
    for row, g in zip(rows, r["goals"], strict=True):
        unit = g["indicator"]["unit"]
        assert row[2].startswith(shown(g["baseline"]["area"], unit)), (row, g["baseline"])
        assert row[3].startswith(shown(g["baseline"]["municipality"], unit)), (row, g["baseline"])
        numbers += row[3][:1].isdigit()
    assert numbers >= 5  # the municipality's baselines are published: the table is filled from the data
    assert "SYNTETISKE DATA" in d.sections[0].header.paragraphs[0].text

    data_pdf = render_report(r, fmt="pdf")
    assert all(ink(p) > 0.01 for p in pdf_pages(data_pdf))
    wb = openpyxl.load_workbook(io.BytesIO(render_report(r, fmt="xlsx")))
    first = r["goals"][0]
    cell = wb["Mål"].cell(row=2, column=9).value  # baseline, municipality
    expected = first["baseline"]["municipality"]
    assert cell == ("diskretioneret" if expected["suppressed"] else pytest.approx(expected["value"]))
    about = {row[0].value: row[1].value for row in wb["Om data"].iter_rows(min_row=2)}
    assert about["Diskretionering: mindste antal personer"] == 5
