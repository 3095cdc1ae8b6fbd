"""A plan checked against its funding period's rules and the vintage: co-financing, required documents, annual
reports, references — in Danish and English, each with the rule's source."""

from __future__ import annotations

import datetime as dt
from typing import Any

from boligmonitor.plans import periods as periods_module
from boligmonitor.plans.checks import Check, check_plan
from boligmonitor.plans.model import Agreement, Strategy

from .fakes import TableData, agreement

TODAY = dt.date(2022, 6, 1)


def data() -> TableData:
    return TableData({("area", "H1", 2020, "outside_labour_18_64"): 0.4}, years=[2019, 2020, 2021, 2022])


def codes(checks: list[Check]) -> list[str]:
    return [c.code for c in checks]


def with_(plan: Agreement, **changes: Any) -> Agreement:
    raw = plan.model_dump()
    raw.update(changes)
    return Agreement.model_validate(raw)


def test_a_complete_agreement_has_no_errors() -> None:
    checks = check_plan(agreement(), data(), today=TODAY)
    assert [c for c in checks if c.severity == "error"] == []


def test_cofinancing_below_the_minimum() -> None:
    plan = with_(agreement(), budget=[
        {"year": 2022, "party": "LBF", "source": "lbf", "amount": 820000},
        {"year": 2022, "party": "Kommunen", "source": "municipality", "amount": 180000}])
    c = next(c for c in check_plan(plan, data(), today=TODAY) if c.code == "cofinancing_too_low")
    assert c.severity == "error"
    assert c.text.da == "Lokal medfinansiering 18 % < 25 %"
    assert c.text.en == "Local co-financing 18 % < 25 %"
    assert "lbf.dk" in c.source


def test_cofinancing_at_the_minimum_passes() -> None:
    assert "cofinancing_too_low" not in codes(check_plan(agreement(), data(), today=TODAY))  # 250,000 of 1,000,000


def test_delaftale_missing_for_a_chosen_theme() -> None:
    plan = agreement().model_dump()
    plan["focus_areas"][0]["delaftale"] = None
    plan["budget"] = [b for b in plan["budget"] if b["activity"] is None] + [
        {"year": 2022, "party": "LBF", "source": "lbf", "amount": 750000}]
    c = next(c for c in check_plan(Agreement.model_validate(plan), data(), today=TODAY)
             if c.code == "delaftale_missing")
    assert c.text.da == "Delaftale mangler for Beskæftigelse"
    assert c.text.en == "Sub-agreement (delaftale) missing for Employment"
    assert "seed 001" in c.source


def test_delaftale_as_an_attachment_titled_with_the_theme_counts() -> None:
    plan = agreement().model_dump()
    plan["focus_areas"][0]["delaftale"] = None
    plan["budget"] = [{"year": 2022, "party": "LBF", "source": "lbf", "amount": 750000},
                      {"year": 2022, "party": "K", "source": "municipality", "amount": 250000}]
    plan["attachments"].append({"kind": "delaftale", "title": "Beskæftigelse"})
    assert "delaftale_missing" not in codes(check_plan(Agreement.model_validate(plan), data(), today=TODAY))


def test_each_required_document_missing() -> None:
    plan = with_(agreement(), attachments=[], budget=[], milestones=[])
    found = [c for c in check_plan(plan, data(), today=TODAY) if c.code == "document_missing"]
    assert sorted(c.text.da for c in found) == [
        "Dokument mangler: Beredskabsplan", "Dokument mangler: Budget", "Dokument mangler: Indberetningsskema",
        "Dokument mangler: Kommissorium for bestyrelsen", "Dokument mangler: Milepælsplan"]
    assert all(c.source.startswith("seed 001") for c in found)


def test_annual_report_outstanding_without_a_deadline_in_the_sources() -> None:
    checks = check_plan(agreement(), data(), today=dt.date(2023, 2, 1))
    c = next(c for c in checks if c.code == "report_outstanding")
    assert c.severity == "warning" and "2022" not in c.text.da and "2021" in c.text.da
    assert "ingen frist" in c.text.da


def test_annual_report_missing_stops_payments_under_2011_14(monkeypatch: Any) -> None:
    # the 2011-14 rules give the consequence; a deadline is not in the sources, so a test period adds one
    period = periods_module.load_period("lbf_2011_14")
    due = periods_module.DueRule(month=3, day=31, source="test")
    dated = period.model_copy(update={"annual_report": period.annual_report.model_copy(update={"due": due})})
    monkeypatch.setattr("boligmonitor.plans.checks.load_period", lambda _id: dated)
    plan = with_(agreement(), funding_period="lbf_2011_14", focus_areas=[],
                 period={"start": dt.date(2012, 1, 1), "end": dt.date(2014, 12, 31)},
                 reports=[{"year": 2012, "status": "submitted", "submitted": dt.date(2013, 4, 15)}])
    checks = check_plan(plan, data(), today=dt.date(2014, 5, 1))
    missing = next(c for c in checks if c.code == "report_missing")
    assert missing.text.da == ("Indberetningen for 2013 mangler (frist 31. marts 2014). Efter periodens regler: "
                               "Manglende indsendelse af skemaet medfører, at udbetalingerne af støtte stoppes.")
    assert "payments of support stop" in missing.text.en
    assert "seed 002" in missing.source
    late = next(c for c in checks if c.code == "report_late")
    assert "2012" in late.text.da and "15. april 2013" in late.text.da
    # before the deadline nothing is missing yet
    assert "report_missing" not in codes(check_plan(plan, data(), today=dt.date(2014, 3, 1)))


def test_unknown_references() -> None:
    plan = agreement().model_dump()
    plan["areas"] = ["H1", "NOPE"]
    plan["focus_areas"][0]["theme"] = "sundhed"
    plan["focus_areas"][0]["goals"][0]["measured_by"].append({"indicator": "made_up"})
    plan["focus_areas"][0]["goals"][0]["measured_by"].append(
        {"indicator": "lists", "target": {"kind": "list", "lists": ["ghetto"], "at_most": 0, "by": 2030}})
    plan["focus_areas"][0]["goals"][0]["measured_by"].append(
        {"indicator": "daycare_1_5", "target": {"kind": "absolute", "value": 95, "by": 2030}})
    plan["budget"][0]["activity"] = "nope"
    checks = check_plan(Agreement.model_validate(plan), data(), today=TODAY)
    got = codes(checks)
    for code in ("area_unknown", "theme_unknown", "indicator_unknown", "list_unknown", "activity_unknown",
                 "share_target_out_of_range", "indicator_not_in_vintage"):
        assert code in got, code
    assert next(c for c in checks if c.code == "area_unknown").text.da.startswith("Område 'NOPE' findes ikke")
    assert codes(checks)[:got.count("error") or 1]  # errors come first
    severities = [c.severity for c in checks]
    assert severities == sorted(severities, key=lambda s: s != "error")


def test_survey_indicators_of_the_period_are_known_without_values_yet() -> None:
    plan = agreement().model_dump()
    plan["focus_areas"][0]["goals"][0]["measured_by"] = [{"indicator": "tryghed"}]
    assert "indicator_unknown" not in codes(check_plan(Agreement.model_validate(plan), data(), today=TODAY))


def test_strategy_checks_its_municipality_and_areas() -> None:
    s = Strategy.model_validate({"key": "s", "title": "S", "municipality": 999, "baseline_year": 2020,
                                 "period": {"start": dt.date(2020, 1, 1), "end": dt.date(2030, 12, 31)},
                                 "scope": {"areas": ["A1", "ZZ"]}})
    got = codes(check_plan(s, data(), today=TODAY))
    assert "municipality_unknown" in got and got.count("area_unknown") == 1


def test_unknown_funding_period() -> None:
    c = check_plan(with_(agreement(), funding_period="lbf_2030_99"), data(), today=TODAY)[0]
    assert c.code == "funding_period_unknown" and "lbf_2019_26" in c.text.da
