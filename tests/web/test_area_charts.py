"""The area page's charts: round axes, shares in percent up to 100 %, counts for the area only, one unit per indicator,
turnout in a year without an election said as such."""

from __future__ import annotations

import math
import re
from typing import Any

import pytest

from boligmonitor.web import area_charts
from boligmonitor.web.svg import LINE_COLOURS

NAMES = {"area": "Område", "municipality": "Kommune", "region": "Region", "nation": "Hele landet"}


def _item(indicator: str, kind: str, values: dict[str, list[float | None]]) -> dict[str, Any]:
    years = list(range(2015, 2015 + len(values["area"])))
    def points(vs: list[float | None]) -> list[dict[str, Any]]:
        return [{"year": y, "value": v, "suppressed": v is None, "missing": False}
                for y, v in zip(years, vs, strict=True)]

    return {"indicator_id": indicator, "label": indicator, "kind": kind, "criterion": False,
            "series": [{"unit_type": u, "unit_id": u, "points": points(vs)} for u, vs in values.items()]}


@pytest.mark.parametrize("top", [0.3, 1, 2.7, 9.9, 12, 37, 40, 61, 83, 99.5, 100])
def test_share_axes_are_round_and_never_pass_100_percent(top: float) -> None:
    ceiling, step = area_charts.nice_axis(top, "share")
    assert top <= ceiling <= 100
    assert ceiling / step <= 5 + 1e-9
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert round(mantissa, 6) in (1, 2, 2.5, 5)


def test_y_ticks_are_round_percentages() -> None:
    item = _item("outside_labour_18_64", "share", {"area": [0.31, 0.37, 0.36], "municipality": [0.1, 0.1, 0.11],
                                                    "region": [0.09, 0.1, 0.1], "nation": [0.08, 0.08, 0.08]})
    svg = area_charts.chart_svg(item, NAMES, "da")
    ticks = re.findall(r'text-anchor="end" font-size="\d+">([^<]+)</text>', svg)
    assert ticks == ["0 %", "10 %", "20 %", "30 %", "40 %"]


def test_residents_are_drawn_for_the_area_only() -> None:
    item = _item("residents", "count", {"area": [1900, 1950, 1933], "municipality": [600000, 610000, 620000],
                                         "region": [1.8e6, 1.8e6, 1.9e6], "nation": [5.8e6, 5.8e6, 5.9e6]})
    svg = area_charts.chart_svg(item, NAMES, "da")
    assert LINE_COLOURS["area"] in svg
    assert LINE_COLOURS["nation"] not in svg and LINE_COLOURS["municipality"] not in svg
    ticks = re.findall(r'text-anchor="end" font-size="\d+">([^<]+)</text>', svg)
    assert ticks[-1] == "2.000"  # the area's own scale, not the nation's millions
    grouped = area_charts.grouped([{**item, "criterion": True}], NAMES, "da")
    assert grouped[0]["items"][0]["columns"] == ["Område"]


def test_one_unit_per_indicator() -> None:
    assert area_charts.value_text(0.15, "share", "da") == "15,0 %"
    assert area_charts.value_text(2.884, "ratio", "da") == "2,88×"
    income = _item("income_ratio_region", "ratio", {"area": [0.58, 0.6], "municipality": [0.9, 0.9],
                                                    "region": [1.0, 1.0], "nation": [1.0, 1.0]})
    shown = area_charts.grouped([income], NAMES, "da")[0]["items"][0]
    assert shown["table"][0]["cells"][0] == "58,0 %"  # as the criteria table writes the income criterion
    assert "%" in shown["svg"] and "×" not in shown["svg"]


def test_turnout_in_a_year_without_an_election_says_so() -> None:
    item = _item("turnout_18plus", "share", {"area": [None, 0.55, None], "municipality": [None, 0.7, None],
                                              "region": [None, 0.7, None], "nation": [None, 0.8, None]})
    shown = area_charts.grouped([item], NAMES, "da")[0]["items"][0]
    assert shown["table"][0]["cells"] == ["intet valg"] * 4
    assert shown["table"][1]["cells"][0] == "55,0 %"
    assert shown["note"]
    english = area_charts.grouped([item], NAMES, "en")[0]["items"][0]
    assert english["table"][2]["cells"][0] == "no election"


def test_a_suppressed_cell_in_an_election_year_stays_suppressed() -> None:
    item = _item("turnout_18plus", "share", {"area": [None, None], "municipality": [0.7, 0.7],
                                              "region": [0.7, 0.7], "nation": [0.8, 0.8]})
    shown = area_charts.grouped([item], NAMES, "da")[0]["items"][0]
    assert [r["cells"][0] for r in shown["table"]] == ["◆", "◆"]


def test_groups_follow_the_issue() -> None:
    profile = [_item(i, "share", {"area": [0.1], "municipality": [0.1], "region": [0.1], "nation": [0.1]})
               for i in ("daycare_1_5", "convicted_18plus", "nonwestern_share", "outside_labour_18_64",
                         "income_ratio_region")]
    groups = [g["group"] for g in area_charts.grouped(profile, NAMES, "da")]
    assert groups == ["composition", "work_education", "income", "crime", "lbf"]
