"""A value shown next to a decision never contradicts it, in the core, the web filter and the published rows."""

from __future__ import annotations

from fractions import Fraction

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from boligmonitor.published import explain_from_rows
from boligmonitor.rules.display import threshold_text, value_text
from boligmonitor.rules.model import compare
from boligmonitor.web.templatetags.monitor import criterion_value

SIDE_WORDS = {">": ">", "≥": ">=", "<": "<", "≤": "<="}


def _read(text: str, unit: str) -> tuple[str | None, Fraction]:
    """(side, number in the criterion's own unit) from a written value: '40,00001 %' or '> 40,0 %' (Danish)."""
    side = None
    if text[0] in SIDE_WORDS:
        side, text = SIDE_WORDS[text[0]], text[2:]
    number = Fraction(text.replace(" %", "").replace(".", "").replace(",", "."))
    return side, number / 100 if unit == "share" else number


def _agrees(text: str, unit: str, comparator: str, threshold: Fraction, met: bool) -> bool:
    side, shown = _read(text, unit)
    if side is None:
        return compare(shown, comparator, threshold) is met
    # a side statement must be the decision's own side of the threshold, and name the threshold itself
    wanted = comparator if met else {">": "<=", ">=": "<", "<": ">="}[comparator]
    return side == wanted and shown == threshold


@pytest.mark.parametrize(("value", "unit", "threshold", "comparator", "met", "expected"), [
    # the case: 0.40000008 is "met" against "overstiger 40 pct.", so it is not written 40,0 %
    (0.40000008, "share", 0.40, ">", True, "40,00001 %"),
    # the same value after a bundle rounded it to 6 digits: no decimals help, the side is written instead
    (0.4, "share", 0.40, ">", True, "> 40,0 %"),
    (0.4, "share", 0.40, ">", False, "40,0 %"),
    # exactly at the threshold of "mindst" (≥): met, and written as the threshold
    (3.0, "ratio", 3, ">=", True, "3,00"),
    # just below "mindst tre gange": not met, so never written 3,00
    (2.9999999, "ratio", 3, ">=", False, "< 3,00"),
    (2.99996, "ratio", 3, ">=", False, "2,99996"),
    # "mindre end" (<): exactly at the threshold is not met and reads 55,0 %; a hair below is met and says so
    (0.55, "share", 0.55, "<", False, "55,0 %"),
    (0.549996, "share", 0.55, "<", True, "54,9996 %"),
    (0.5499999999, "share", 0.55, "<", True, "< 55,0 %"),
    # ordinary values keep the usual decimals
    (0.4349, "share", 0.40, ">", True, "43,5 %"),
    (1234.0, "persons", 1000, ">=", True, "1.234"),
])
def test_shown_value_agrees_with_the_decision(value: float, unit: str, threshold: float, comparator: str, met: bool,
                                              expected: str) -> None:
    assert value_text(value, unit, "da", threshold, comparator, met) == expected
    assert _agrees(expected, unit, comparator, Fraction(repr(threshold)), met)


def test_english_numbers_and_thresholds_written_exactly() -> None:
    assert value_text(0.40000008, "share", "en", 0.40, ">", True) == "40.00001 %"
    assert value_text(1234.0, "persons", "en") == "1,234"
    assert threshold_text(0.027, "share", "da") == "2,7 %"
    assert threshold_text(0.0275, "share", "da") == "2,75 %"  # not rounded to 2,8 %
    assert threshold_text(3, "ratio", "en") == "3.00"
    assert value_text(None, "share", "da") == "–"


@given(offset=st.one_of(st.fractions(-1, 1),  # anywhere
                        st.integers(-10**5, 10**5).map(lambda k: Fraction(k, 10**10))),  # a hair from the threshold
       comparator=st.sampled_from([">", ">=", "<"]),
       threshold=st.sampled_from([Fraction("0.30"), Fraction("0.40"), Fraction("0.50"), Fraction("0.55"),
                                  Fraction("0.027"), Fraction(2), Fraction(3)]),
       stored_digits=st.sampled_from([None, 6]))
def test_any_value_is_written_on_the_side_its_decision_puts_it(offset: Fraction, comparator: str,
                                                              threshold: Fraction, stored_digits: int | None) -> None:
    exact = max(Fraction(0), threshold + offset * threshold)
    met = compare(exact, comparator, threshold)
    # what the faces receive: the exact value, or a float rounded to 6 digits as a bundle stores it
    value: Fraction | float = exact if stored_digits is None else round(float(exact), stored_digits)
    unit = "share" if threshold < 1 else "ratio"
    text = value_text(value, unit, "da", float(threshold), comparator, met)
    assert _agrees(text, unit, comparator, threshold, met), (exact, text)


def test_web_filter_uses_the_same_rule() -> None:
    c = {"value": 0.4, "threshold": 0.4, "comparator": ">", "met": True, "unit": "share"}
    with translation.override("da"):
        assert criterion_value(c) == "> 40,0 %"
        assert criterion_value(c, "threshold") == "40,0 %"
    with translation.override("en"):
        assert criterion_value({**c, "value": 0.40000008}) == "40.00001 %"
        assert criterion_value({**c, "met": False}) == "40.0 %"


def test_published_rows_carry_the_written_value_for_the_cli_and_json() -> None:
    criterion = {"id": "outside_labour", "label": "x", "value": 0.4, "threshold": 0.4, "comparator": ">",
                 "met": True, "unit": "share", "margin": None, "withheld": None, "data_years": [2022, 2023]}
    row = {"area_id": "A1", "list_year": 2024, "list_date": "2024-12-01", "rule_set": "udsat_2021",
           "category": "udsat_boligomraade", "member": True, "criteria_met": 2, "consecutive_years": None,
           "criteria": [criterion], "notes": [], "rules_version": "x"}
    info = explain_from_rows([row], {"name": "A"}, "M", 2024, False, "da")
    c = info["decisions"][0]["criteria"][0]
    assert (c["value_text"], c["threshold_text"]) == ("> 40,0 %", "40,0 %")
