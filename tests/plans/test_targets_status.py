"""The four target kinds and the goal status, on plain numbers (expected values written as arithmetic)."""

from __future__ import annotations

import pytest

from boligmonitor.indicators.catalogue import DERIVED, DIRECTION, INDICATORS
from boligmonitor.plans import targets as tg
from boligmonitor.plans.data import ABSENT, SUPPRESSED, Value
from boligmonitor.plans.model import AbsoluteTarget, ChangeTarget, ListTarget, RelativeTarget
from boligmonitor.plans.status import judge, judge_list


def v(x: float) -> Value:
    return Value(x)


def test_every_indicator_has_a_direction() -> None:
    assert {i.id for i in INDICATORS} | {d.id for d in DERIVED} <= set(DIRECTION)
    assert set(DIRECTION.values()) <= {"higher", "lower", "neutral"}
    assert DIRECTION["outside_labour_18_64"] == "lower" and DIRECTION["daycare_1_5"] == "higher"


def test_progress_is_a_straight_line_from_baseline_to_by() -> None:
    assert tg.progress(2020, 2020, 2024) == 0.0
    assert tg.progress(2021, 2020, 2024) == 1 / 4
    assert tg.progress(2024, 2020, 2024) == 1.0
    assert tg.progress(2030, 2020, 2024) == 1.0
    assert tg.progress(2019, 2020, 2024) == 0.0


def test_absolute_target_path_and_final() -> None:
    t = AbsoluteTarget(value=0.95, by=2024)
    assert tg.absolute(t, 1.0, None) == tg.Goalpost(0.95, "at_least")
    assert tg.absolute(t, 0.5, 0.75) == tg.Goalpost(0.75 + (0.95 - 0.75) * 0.5, "at_least")
    assert tg.absolute(t, 0.5, None) is None  # no path without a baseline


@pytest.mark.parametrize(("actual", "year", "status"), [
    (0.96, 2022, "achieved"),       # already at the final target
    (0.86, 2022, "on_track"),       # path in 2022: 0.75 + 0.20 * 2/4 = 0.85
    (0.84, 2022, "off_track"),
    (0.94, 2024, "not_achieved"),   # the year has come
    (0.95, 2024, "achieved"),       # equal meets it
])
def test_absolute_status(actual: float, year: int, status: str) -> None:
    j = judge(AbsoluteTarget(value=0.95, by=2024), year=year, baseline_year=2020, baseline=v(0.75), actual=v(actual))
    assert j.status == status


def test_absolute_at_most_for_lower_is_better() -> None:
    t = AbsoluteTarget(value=0.30, direction="at_most", by=2024)
    # path in 2022: 0.50 + (0.30 - 0.50) * 2/4 = 0.40
    assert judge(t, year=2022, baseline_year=2020, baseline=v(0.5), actual=v(0.39)).status == "on_track"
    assert judge(t, year=2022, baseline_year=2020, baseline=v(0.5), actual=v(0.41)).status == "off_track"


def test_change_target_halve() -> None:
    t = ChangeTarget(change=-0.5, by=2024)
    assert tg.change(t, 1.0, 0.40, "lower") == tg.Goalpost(0.40 * 0.5, "at_most")
    # 2022: 0.40 + (0.20 - 0.40) * 0.5 = 0.30
    assert judge(t, year=2022, baseline_year=2020, baseline=v(0.4), actual=v(0.29)).status == "on_track"
    assert judge(t, year=2022, baseline_year=2020, baseline=v(0.4), actual=v(0.31)).status == "off_track"
    assert judge(t, year=2024, baseline_year=2020, baseline=v(0.4), actual=v(0.2)).status == "achieved"
    assert judge(t, year=2024, baseline_year=2020, baseline=v(0.4), actual=v(0.21)).status == "not_achieved"


def test_change_zero_keeps_the_level_in_the_better_direction() -> None:
    t = ChangeTarget(change=0.0, by=2024)
    assert tg.change(t, 1.0, 0.4, "lower") == tg.Goalpost(0.4, "at_most")
    assert tg.change(t, 1.0, 0.4, "higher") == tg.Goalpost(0.4, "at_least")


def test_relative_target_closes_the_gap_against_the_reference_of_the_same_year() -> None:
    t = RelativeTarget(reference="municipality", close_gap=0.5, by=2024)
    # outside labour: area 0.40, municipality 0.20 at baseline (gap 0.20); lower is better.
    # final: municipality now 0.18 + 0.20 * (1 - 0.5) = 0.28
    assert tg.relative(t, 1.0, 0.40, 0.20, 0.18, "lower") == tg.Goalpost(pytest.approx(0.28), "at_most")
    # 2022 (half way): 0.18 + 0.20 * (1 - 0.5 * 0.5) = 0.33
    j = judge(t, year=2022, baseline_year=2020, baseline=v(0.40), actual=v(0.32), direction="lower",
              reference_baseline=v(0.20), reference_now=v(0.18))
    assert j.status == "on_track" and j.now == tg.Goalpost(pytest.approx(0.33), "at_most")
    j = judge(t, year=2022, baseline_year=2020, baseline=v(0.40), actual=v(0.34), direction="lower",
              reference_baseline=v(0.20), reference_now=v(0.18))
    assert j.status == "off_track"


def test_relative_target_already_better_than_the_reference_must_stay_there() -> None:
    t = RelativeTarget(close_gap=1.0, by=2024)
    assert tg.relative(t, 0.5, 0.70, 0.60, 0.65, "higher") == tg.Goalpost(0.65, "at_least")


def test_relative_target_neutral_moves_towards_the_reference() -> None:
    t = RelativeTarget(close_gap=1.0, by=2024)
    assert tg.relative(t, 1.0, 0.10, 0.30, 0.30, "neutral") == tg.Goalpost(0.30, "at_least")
    assert tg.relative(t, 1.0, 0.50, 0.30, 0.30, "neutral") == tg.Goalpost(0.30, "at_most")


def test_suppressed_is_never_computed_around() -> None:
    t = ChangeTarget(change=-0.5, by=2024)
    assert judge(t, year=2022, baseline_year=2020, baseline=v(0.4), actual=SUPPRESSED).status == "suppressed"
    assert judge(t, year=2022, baseline_year=2020, baseline=SUPPRESSED, actual=v(0.1)).status == "suppressed"
    assert judge(t, year=2022, baseline_year=2020, baseline=ABSENT, actual=v(0.1)).status == "no_data"
    assert judge(t, year=2022, baseline_year=2020, baseline=v(0.4), actual=ABSENT).status == "no_data"
    rel = RelativeTarget(by=2024)
    assert judge(rel, year=2022, baseline_year=2020, baseline=v(0.4), actual=v(0.3), direction="lower",
                 reference_baseline=v(0.2), reference_now=SUPPRESSED).status == "suppressed"
    # an absolute target met needs no baseline
    assert judge(AbsoluteTarget(value=0.5, by=2024), year=2022, baseline_year=2020, baseline=SUPPRESSED,
                 actual=v(0.6)).status == "achieved"
    assert judge(None, year=2022, baseline_year=2020, baseline=v(1), actual=v(1)).status == "no_target"


def test_list_targets() -> None:
    none_by_2030 = ListTarget(lists=["parallelsamfund", "udsat_boligomraade"], at_most=0, by=2030)
    # baseline 4 areas in 2020; 2025 path: 4 + (0 - 4) * 5/10 = 2
    assert judge_list(none_by_2030, year=2025, baseline_year=2020, baseline_count=4, count=2).status == "on_track"
    assert judge_list(none_by_2030, year=2025, baseline_year=2020, baseline_count=4, count=3).status == "off_track"
    assert judge_list(none_by_2030, year=2030, baseline_year=2020, baseline_count=4, count=0).status == "achieved"
    assert judge_list(none_by_2030, year=2030, baseline_year=2020, baseline_count=4, count=1).status == "not_achieved"
    halve = ListTarget(lists=["udsat_boligomraade"], change=-0.5, by=2030)
    assert tg.list_count(halve, 1.0, 6) == tg.Goalpost(3.0, "at_most")
    assert judge_list(halve, year=2030, baseline_year=2020, baseline_count=6, count=3).status == "achieved"
    assert judge_list(halve, year=2030, baseline_year=2020, baseline_count=None, count=3).status == "no_data"
    # an undetermined decision that could change the verdict leaves it open
    assert judge_list(halve, year=2030, baseline_year=2020, baseline_count=6, count=3, undetermined=1).status \
        == "no_data"
    assert judge_list(halve, year=2030, baseline_year=2020, baseline_count=6, count=1, undetermined=1).status \
        == "achieved"


def test_targets_in_words() -> None:
    assert tg.describe(AbsoluteTarget(value=0.95, by=2020), "share").da == "Mindst 95 % i 2020"
    assert tg.describe(AbsoluteTarget(value=0.95, by=2020), "share").en == "At least 95 % by 2020"
    assert tg.describe(RelativeTarget(by=2026), "share").da == "På niveau med kommunen i 2026"
    assert tg.describe(ChangeTarget(change=-0.5, by=2026), "share").da == "Fald på 50 % fra baseline i 2026"
    assert "Parallelsamfund" in tg.describe(ListTarget(lists=["parallelsamfund"], at_most=0, by=2030), "count").da
