"""The goals table and the annual report on plain data: every number a published cell or a hand-entered value."""

from __future__ import annotations

import datetime as dt
import json

from boligmonitor.plans.model import ManualValue
from boligmonitor.plans.report import annual_report, goals_table, list_rows

from .fakes import TableData, agreement

TODAY = dt.date(2023, 6, 1)


def data(area_2022: float | None = 0.32) -> TableData:
    cells: dict[tuple[str, str, int, str], float | None] = {
        ("area", "H1", 2020, "outside_labour_18_64"): 0.40,
        ("area", "H1", 2021, "outside_labour_18_64"): 0.36,
        ("area", "H1", 2022, "outside_labour_18_64"): area_2022,
        ("municipality", "330", 2020, "outside_labour_18_64"): 0.20,
        ("municipality", "330", 2021, "outside_labour_18_64"): 0.19,
        ("municipality", "330", 2022, "outside_labour_18_64"): 0.18,
    }
    return TableData(cells, years=[2020, 2021, 2022])


def own_rows(report: dict) -> list[dict]:
    return [g for g in report["goals"] if not g["fixed"]]


def test_annual_report_has_the_shape_of_issue_10() -> None:
    r = annual_report(agreement(), data(), 2022, today=TODAY)
    assert set(r) == {"plan", "year", "vintage", "goals", "lists", "activities", "milestones", "budget", "checks",
                      "report"}
    assert r["plan"]["municipality"] == {"code": 330, "name": "Slagelse"}
    assert r["plan"]["funding_period"]["id"] == "lbf_2019_26"
    json.dumps(r)  # plain JSON all the way down


def test_goal_row_baseline_actual_series_target_status() -> None:
    row = own_rows(annual_report(agreement(), data(), 2022, today=TODAY))[0]
    assert row["baseline"]["year"] == 2020
    assert row["baseline"]["area"]["value"] == 0.40 and row["baseline"]["municipality"]["value"] == 0.20
    assert row["actual"]["year"] == 2022 and row["actual"]["area"]["value"] == 0.32
    assert [s["year"] for s in row["series"]] == [2020, 2021, 2022]
    assert row["indicator"]["unit"] == "share" and "test" in row["indicator"]["source"]
    # close half the gap by 2024 against the municipality of the year: 0.18 + 0.20 * (1 - 0.5) = 0.28
    assert abs(row["target"]["value"] - 0.28) < 1e-12
    # 2022 is half way (2020 -> 2024): 0.18 + 0.20 * (1 - 0.5 * 0.5) = 0.33 and 0.32 meets it
    assert row["status"] == "on_track"
    assert row["target"]["text"]["da"].startswith("Afstanden til kommunen")


def test_a_suppressed_actual_is_shown_suppressed_and_never_computed_around() -> None:
    row = own_rows(annual_report(agreement(), data(area_2022=None), 2022, today=TODAY))[0]
    assert row["actual"]["area"] == {"value": None, "numerator": None, "denominator": None, "suppressed": True,
                                     "source": "bundle", "note": None}
    assert row["status"] == "suppressed"
    assert row["target"]["value"] is None  # no target value drawn from a suppressed cell


def test_the_report_year_uses_the_newest_data_year_up_to_it() -> None:
    row = own_rows(annual_report(agreement(), data(), 2024, today=TODAY))[0]
    assert row["actual"]["year"] == 2022


def test_fixed_goals_fill_section_5_with_nine_indicators_and_survey_values_by_hand() -> None:
    plan = agreement(manual_values=[ManualValue(indicator="tryghed", year=2020, value=0.8,
                                                source="Tryghedssurvey VIVE/LBF 2020", respondents=312)])
    rows = [g for g in goals_table(plan, data(), 2022) if g["fixed"]]
    assert len(rows) == 9  # one area
    tryghed = next(r for r in rows if r["indicator"]["id"] == "tryghed")
    assert tryghed["indicator"]["unit"] == "manual"
    assert tryghed["baseline"]["area"]["value"] == 0.8 and tryghed["baseline"]["area"]["source"] == "manual"
    assert tryghed["baseline"]["area"]["note"]["da"] == "Tryghedssurvey VIVE/LBF 2020 (n = 312)"
    outside = next(r for r in rows if r["indicator"]["id"] == "outside_labour_18_64")
    assert outside["baseline"]["municipality"]["value"] == 0.20


def test_several_areas_get_one_row_each_never_a_sum() -> None:
    d = data()
    d.cells[("area", "A1", 2020, "outside_labour_18_64")] = 0.5
    rows = own_rows(annual_report(agreement(areas=["A1", "A2"]), d, 2022, today=TODAY))
    assert [r["area_id"] for r in rows] == ["A1", "A2"]
    assert rows[1]["baseline"]["area"]["value"] is None


def test_list_targets_count_the_plans_areas_on_the_lists_each_year() -> None:
    from boligmonitor.plans.model import Agreement
    d = TableData({}, members={2020: {"udsat_boligomraade": {"A1", "A2", "X9"}},
                               2021: {"udsat_boligomraade": {"A1"}, "parallelsamfund": {"A2"}},
                               2022: {"udsat_boligomraade": {"A1"}}}, years=[2020, 2021, 2022])
    plan = agreement(areas=["A1", "A2"]).model_dump()
    plan["focus_areas"][0]["goals"][0]["measured_by"] = [
        {"indicator": "lists", "target": {"kind": "list", "lists": ["udsat_boligomraade", "parallelsamfund"],
                                          "at_most": 0, "by": 2024}}]
    rows = list_rows(Agreement.model_validate(plan), d, 2022)
    # X9 is not the plan's; 2021 counts A1 and A2 once each across the two lists
    assert [(r["year"], r["count"]) for r in rows] == [(2020, 2), (2021, 2), (2022, 1)]
    # path from 2 (2020) to 0 (2024): 2021 -> 1.5 (2 > 1.5 off track), 2022 -> 1.0 (on track)
    assert [r["status"] for r in rows] == ["on_track", "off_track", "on_track"]
    assert rows[1]["target"] == 1.5


def test_budget_milestones_activities_and_report_state() -> None:
    plan = agreement(reports=[{"year": 2022, "status": "approved", "approved": dt.date(2023, 3, 1),
                               "approved_by": "Bestyrelsen",
                               "activities": [{"activity": "jobcafe", "status": "running", "narrative": "God"}]}])
    r = annual_report(plan, data(), 2022, today=TODAY)
    assert r["budget"] == [{"year": 2022, "budget": 1_000_000, "spent": None,
                            "by_source": {"lbf": 750000, "municipality": 250000, "housing_organisation": 0,
                                          "other": 0}, "local_cofinancing_share": 0.25}]
    assert r["milestones"][0]["late"] is True  # due 1 March 2022, still open at the end of 2022
    assert r["activities"] == [{"key": "jobcafe", "title": "Jobcafé", "focus_area": "beskaeftigelse",
                                "status": "running", "narrative": "God"}]
    assert r["report"]["status"] == "approved" and r["report"]["approved_by"] == "Bestyrelsen"


def test_numbers_a_data_source_left_on_a_suppressed_cell_are_never_shown() -> None:
    from boligmonitor.plans.data import Value

    leaky = data()
    real = leaky.cell

    def cell(unit_type: str, unit_id: str, year: int, indicator: str) -> Value:
        v = real(unit_type, unit_id, year, indicator)
        return Value(0.3, 30, 100, suppressed=True) if (unit_type, year) == ("area", 2022) else v

    leaky.cell = cell  # type: ignore[method-assign]
    row = own_rows(annual_report(agreement(), leaky, 2022, today=TODAY))[0]
    assert row["actual"]["area"]["value"] is None and row["actual"]["area"]["numerator"] is None
    assert row["series"][-1]["area"]["value"] is None
    assert row["status"] == "suppressed"
