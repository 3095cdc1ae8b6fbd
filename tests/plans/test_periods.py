"""The funding-period rules load, are sourced, and refuse what they do not know."""

from __future__ import annotations

import pytest

from boligmonitor.errors import ParameterFileError
from boligmonitor.plans.periods import load_period, parse_period, periods


def test_2019_26_has_the_four_themes_and_nine_fixed_indicators() -> None:
    p = load_period("lbf_2019_26")
    assert [t.name.da for t in p.themes] == ["Uddannelse og livschancer", "Beskæftigelse",
                                             "Kriminalitetsforebyggelse", "Sammenhængskraft og medborgerskab"]
    indicators = [i for g in p.fixed_goals for i in g.indicators]
    assert len(indicators) == 9
    assert p.survey_indicators == {"tryghed", "frivilligt_arbejde"}
    assert {d.id for d in p.required_documents} == {"delaftale", "budget", "beredskabsplan", "milepaelsplan",
                                                    "kommissorium", "indberetningsskema"}
    assert p.cofinancing.minimum_local_share == 0.25


def test_2011_14_has_seven_themes_and_payments_stop_without_a_report() -> None:
    p = load_period("lbf_2011_14")
    assert len(p.themes) == 7
    assert p.cofinancing.minimum_local_share == 0.25
    assert p.annual_report.consequence is not None and "udbetalingerne" in p.annual_report.consequence.da
    assert p.annual_report.due is None  # not in the sources: left empty, not invented
    assert p.not_in_sources


def test_every_fact_has_a_source() -> None:
    for p in periods():
        assert p.sources and all(t.source for t in p.themes)
        assert all(d.source for d in p.required_documents)
        assert p.cofinancing.source and p.annual_report.source


def test_unknown_keys_are_refused() -> None:
    text = "id: x\nname: {da: a, en: b}\nunexpected: 1\n"
    with pytest.raises(ParameterFileError, match="unexpected"):
        parse_period(text, "x.yaml")
    with pytest.raises(ParameterFileError, match="not valid YAML"):
        parse_period("id: [", "x.yaml")
