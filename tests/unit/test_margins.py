"""Margins in persons: applying the margin flips the criterion, one person less does not."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from boligmonitor.rules import FactsSource, YearCounts
from boligmonitor.rules.model import compare, persons_to_flip

COMPARATORS = st.sampled_from([">", ">=", "<"])


@given(
    den=st.integers(20, 5000),
    frac=st.fractions(0, 1),
    prev=st.fractions(0, 1),
    threshold=st.sampled_from([Fraction("0.30"), Fraction("0.40"), Fraction("0.50"), Fraction("0.60")]),
    comparator=COMPARATORS,
)
def test_margin_flips_and_one_less_does_not(den: int, frac: Fraction, prev: Fraction, threshold: Fraction,
                                            comparator: str) -> None:
    num = int(frac * den)
    area = {"outside_labour": {2022: YearCounts(Fraction(int(prev * den)), den), 2023: YearCounts(Fraction(num), den)}}
    mv = FactsSource(area, {}, {}, {}).share("outside_labour", (2022, 2023))
    assert mv is not None and mv.per_person is not None
    met = compare(mv.value, comparator, threshold)
    k, direction, note = persons_to_flip(mv.value, comparator, threshold, mv.per_person, mv.room_down, mv.room_up)
    if k is None:
        assert note
        return
    step = -1 if direction == "down" else 1
    moved = mv.value + step * k * mv.per_person
    assert compare(moved, comparator, threshold) is not met
    if k > 1:
        one_less = mv.value + step * (k - 1) * mv.per_person
        assert compare(one_less, comparator, threshold) is met
    # the margin is measured in real residents of the latest year
    assert (direction == "down" and k <= num) or (direction == "up" and k <= den - num)


@given(residents=st.integers(0, 3000))
def test_resident_floor_margin(residents: int) -> None:
    k, direction, _ = persons_to_flip(Fraction(residents), ">=", Fraction(1000), Fraction(1), Fraction(residents))
    assert k is not None
    after = residents - k if direction == "down" else residents + k
    assert (after >= 1000) is not (residents >= 1000)
    assert k == (residents - 999 if residents >= 1000 else 1000 - residents)


def test_crime_ratio_margin_uses_national_average_and_window() -> None:
    area = {"convicted": {2022: YearCounts(Fraction(30), 1000), 2023: YearCounts(Fraction(30), 1000)}}
    nation = {"convicted": {2022: YearCounts(Fraction(10), 1000), 2023: YearCounts(Fraction(10), 1000)}}
    mv = FactsSource(area, nation, {}, {}).ratio_to_national("convicted", (2022, 2023))
    assert mv is not None and mv.value == 3
    assert mv.per_person is not None
    k, direction, _ = persons_to_flip(mv.value, ">=", Fraction(3), mv.per_person, mv.room_down, mv.room_up)
    # exactly at 3.00x ("mindst tre gange"): one fewer convicted resident in 2023 takes it below
    assert (k, direction) == (1, "down")
