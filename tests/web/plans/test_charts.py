"""The plan charts: target-vs-actual lines (round ticks, gaps where suppressed or missing, the target marked, a
legend that is never cut, readable at 375 px) and the theory-of-change diagram (every word kept, boxes and arrows,
titles for screen readers); SVG and PNG from one layout."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from PIL import Image

from boligmonitor.plans.model import TheoryOfChange
from boligmonitor.web.plans import charts

SVG = "{http://www.w3.org/2000/svg}"
PHONE = 343  # a 375 px phone shows the chart this wide (16 px margins)


def v(x: float | None, suppressed: bool = False) -> dict[str, Any]:
    if suppressed:  # numbers a careless writer left in a suppressed cell
        return {"value": 0.987654, "numerator": 8.0, "denominator": 9.0, "suppressed": True, "source": "bundle"}
    return {"value": x, "suppressed": False, "source": "bundle"}


def goal(series: list[tuple[int, dict[str, Any], dict[str, Any]]], unit: str = "share",
         target: dict[str, Any] | None = None) -> dict[str, Any]:
    pts = [{"year": y, "area": a, "municipality": m} for y, a, m in series]
    return {"indicator": {"id": "x", "label": "Andel 18-29-årige uden uddannelse", "unit": unit, "source": "bundle"},
            "baseline": pts[0], "actual": pts[-1], "series": pts, "target": target, "status": "on_track"}


SERIES = [(2019, v(0.40), v(0.22)), (2020, v(0.38), v(0.21)), (2021, v(None, True), v(0.21)),
          (2022, v(0.35), v(0.20)), (2023, v(0.33), v(0.20))]
TARGET = {"kind": "absolute", "text": {"da": "30 % i 2025", "en": "30 % by 2025"}, "by": 2025, "value": 0.30}


def labels(fig: charts.Figure) -> list[charts.Label]:
    return [s for s in fig.shapes if isinstance(s, charts.Label)]


def polylines(fig: charts.Figure) -> list[charts.Polyline]:
    return [s for s in fig.shapes if isinstance(s, charts.Polyline)]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # well-formed XML, or this raises


def x_of(fig: charts.Figure, year: int) -> float:
    return next(s.x for s in labels(fig) if s.text == str(year) and s.anchor == "middle")


def test_share_axis_is_0_to_100_percent_in_round_ticks() -> None:
    fig = charts.target_chart(goal(SERIES, target=TARGET), "da")
    ticks = [s.text for s in labels(fig) if s.anchor == "end"]
    assert ticks == ["0 %", "20 %", "40 %", "60 %", "80 %", "100 %"]
    assert "Andel, %" in [s.text for s in labels(fig)]  # the unit, once per chart


@pytest.mark.parametrize(("lo", "hi", "unit", "expected"), [
    (6.8, 7.1, "mean", [0, 2, 4, 6, 8]),
    (0.0, 13.0, "count", [0, 5, 10, 15]),
    (0.0, 3.0, "count", [0, 1, 2, 3]),
    (120.0, 980.0, "mean", [0, 250, 500, 750, 1000]),
])
def test_nice_ticks_are_round_and_cover_the_values(lo: float, hi: float, unit: str, expected: list[float]) -> None:
    assert charts.nice_ticks(lo, hi, unit) == expected


def test_a_suppressed_year_is_a_gap_with_a_cross_and_a_note_never_a_line_or_a_number() -> None:
    fig = charts.target_chart(goal(SERIES, target=TARGET), "da", "Nordbyen", "Nordby Kommune")
    x2020, x2021, x2022 = x_of(fig, 2020), x_of(fig, 2021), x_of(fig, 2022)
    area = [p for p in polylines(fig) if p.stroke == charts.AREA]
    assert len(area) == 2  # 2019-2020 and 2022-2023
    assert not any(min(x for x, _ in p.points) <= x2021 <= max(x for x, _ in p.points) for p in area)
    assert any(p.points[-1][0] == pytest.approx(x2020) for p in area)
    assert any(p.points[0][0] == pytest.approx(x2022) for p in area)
    municipality = [p for p in polylines(fig) if p.stroke == charts.MUNICIPALITY]
    assert len(municipality) == 1 and len(municipality[0].points) == 5  # the municipality's own line is whole
    texts = " ".join(s.text for s in labels(fig))
    assert "Diskretioneret (vises ikke og beregnes ikke): Nordbyen 2021." in texts
    svg = charts.to_svg(fig)
    assert "Nordbyen 2021: diskretioneret" in svg  # the cross's title
    assert not re.search(r"98[,.]8|0[,.]98", svg)  # the numbers left in the suppressed cell appear nowhere


def test_a_missing_year_breaks_the_line_too() -> None:
    """Values for 2019 and 2023 only (a survey every fourth year): two points, no line across years without data."""
    fig = charts.target_chart(goal([(2019, v(0.71), v(None)), (2023, v(0.77), v(None))]), "da")
    assert polylines(fig) == []
    assert len([s for s in fig.shapes if isinstance(s, charts.Circle)]) == 2


def test_the_target_is_marked_and_the_axis_runs_to_its_year() -> None:
    fig = charts.target_chart(goal(SERIES, target=TARGET), "en")
    marks = [s for s in fig.shapes if isinstance(s, charts.Polygon) and s.title]
    assert [m.title for m in marks] == ["Target 2025: 30.0 %"]
    assert x_of(fig, 2025) > x_of(fig, 2023)
    assert "Target 2025: 30.0 %" in fig.desc and "2021: suppressed" in fig.desc


def test_legend_and_every_text_stay_inside_the_chart_however_long_the_names() -> None:
    long_area = "Helhedsplanen for Ringparken, Sydbyen og Motalavej i Slagelse og Korsør"
    long_mun = "Slagelse Kommune (beliggenhedskommunen for alle tre boligområder)"
    for width in (charts.WIDTH, charts.PRINT_WIDTH):
        fig = charts.target_chart(goal(SERIES, target=TARGET), "da", long_area, long_mun, width=width)
        for s in labels(fig):
            w = charts.text_width(s.text, s.size, s.bold)
            left = {"start": s.x, "middle": s.x - w / 2, "end": s.x - w}[s.anchor]
            assert left >= 0 and left + w <= fig.width + 0.5, s.text
            assert s.y <= fig.height
        legend = " ".join(s.text for s in labels(fig))
        assert long_area in legend and long_mun in legend  # whole names, wrapped on rows of their own if need be


def test_readable_on_a_375_px_phone() -> None:
    fig = charts.target_chart(goal(SERIES, target=TARGET), "da")
    smallest = min(s.size for s in labels(fig)) * PHONE / fig.width
    assert smallest >= 10


def test_svg_is_accessible_and_escapes_names() -> None:
    svg = charts.to_svg(charts.target_chart(goal(SERIES), "da", "<script>alert(1)</script>"), "c1")
    root = parse(svg)
    assert root.get("role") == "img" and root.get("aria-labelledby") == "c1-t c1-d"
    assert root.find(f"{SVG}title").text == "Andel 18-29-årige uden uddannelse"
    assert "2019: 40,0 %" in root.find(f"{SVG}desc").text
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_no_data_at_all_says_so() -> None:
    fig = charts.target_chart(goal([(2020, v(None), v(None))], unit="mean"), "da")
    assert "Ingen data" in [s.text for s in labels(fig)] or polylines(fig) == []
    parse(charts.to_svg(fig))


TOC = TheoryOfChange(
    activities=["lektiecafe", "ukendt-aktivitet"],
    outputs=["40 børn om ugen i lektiecaféen", "20 forældremøder om året om skolegang og lektier"],
    outcomes=[{"text": "Flere børn laver lektier regelmæssigt", "horizon": "short"},
              {"text": "Flere unge tager en ungdomsuddannelse efter grundskolen", "horizon": "long",
               "indicators": ["basic_not_in_education_18_29"]}],
    assumptions=["Skolen deler fraværstal"], risks=["Frivillige lektiehjælpere falder fra"])


def test_theory_of_change_keeps_every_word_in_boxes_with_arrows_between_the_stages() -> None:
    fig = charts.theory_of_change(TOC, "Uddannelse", "da", {"lektiecafe": "Lektiecafé i beboerhuset"},
                                  {"basic_not_in_education_18_29": "Andel 18-29-årige uden uddannelse"})
    texts = [s.text for s in labels(fig)]
    for stage in ("Aktiviteter", "Output", "Kort sigt", "Mellemlang sigt", "Lang sigt", "Forudsætninger", "Risici"):
        assert stage in texts
    words = " ".join(texts).split()
    for text in ("Lektiecafé i beboerhuset", "ukendt-aktivitet", *TOC.outputs, *(o.text for o in TOC.outcomes),
                 "Måles ved: Andel 18-29-årige uden uddannelse", *TOC.assumptions, *TOC.risks):
        assert " ".join(text.split()) in " ".join(words), text  # wrapped over lines, never cut
    assert "ikke udfyldt" in texts  # the empty medium-term stage says so
    arrows = [s for s in fig.shapes if isinstance(s, charts.Polygon) and not s.title]
    assert len(arrows) == 4  # activities → outputs → short → medium → long
    boxes = [s for s in fig.shapes if isinstance(s, charts.Rect)]
    for s in labels(fig):
        if s.bold:
            continue
        box = next(b for b in boxes if b.x <= s.x <= b.x + b.w and b.y <= s.y <= b.y + b.h)
        assert s.x + charts.text_width(s.text, s.size) <= box.x + box.w, s.text
    svg = charts.to_svg(fig, "toc")
    assert parse(svg).find(f"{SVG}title").text == "Forandringsteori: Uddannelse"
    assert "<title>Lektiecafé i beboerhuset</title>" in svg  # each box carries its whole text


def test_theory_of_change_in_english_and_at_print_width() -> None:
    fig = charts.theory_of_change(TOC.model_dump(), "Education", "en", width=charts.PRINT_WIDTH)
    texts = [s.text for s in labels(fig)]
    assert "Short term" in texts and "Long term" in texts and "not filled in" in texts
    assert fig.width == charts.PRINT_WIDTH


def test_png_is_the_same_figure_and_not_blank() -> None:
    fig = charts.target_chart(goal(SERIES, target=TARGET), "da")
    png = charts.to_png(fig, scale=2)
    img = Image.open(io.BytesIO(png))
    assert img.format == "PNG" and img.size == (round(fig.width * 2), pytest.approx(fig.height * 2, abs=1))
    grey = img.convert("L")
    assert sum(grey.histogram()[:200]) / (grey.width * grey.height) > 0.01  # lines and text, not an empty frame


def test_a_long_word_is_broken_rather_than_cut() -> None:
    word = "Beskæftigelsesindsatskoordineringsgruppen" * 2
    lines = charts.wrap(word, 13, 120)
    assert "".join(lines) == word and all(charts.text_width(x, 13) <= 120 for x in lines)


def test_several_figures_come_back_in_order_whether_drawn_together_or_one_by_one() -> None:
    figs = [charts.target_chart(goal(SERIES[:k + 1]), "da") for k in range(5)]
    for fmt in ("PNG", "JPEG"):
        assert charts.to_images(figs, fmt) == [charts.to_image(f, fmt) for f in figs]
    assert charts.to_images(figs, "JPEG")[0][:3] == b"\xff\xd8\xff"  # a JPEG, for the PDF
