"""The backtest: forecasts from past lists, scored against what the vintage then decided."""

from __future__ import annotations

import pytest

from boligmonitor.forecast.backtest import Backtest, Pair, backtest
from tests.forecast.test_forecast import near_lines
from tests.forecast.vintages import vintage


def pairs(*items: tuple[float, float, bool | None]) -> Backtest:
    ps = [Pair(2020, 2021, f"A{i}", "udsat_boligomraade", p, 0.0, base, outcome)
          for i, (p, base, outcome) in enumerate(items)]
    return Backtest(ps, [2020], 1, 10, 1)


def test_brier_scores_as_arithmetic() -> None:
    bt = pairs((0.8, 1.0, True), (0.1, 0.0, False), (0.6, 0.0, True), (0.3, 1.0, None))
    b = bt.brier()
    # the undetermined outcome is not scored
    assert b["n"] == 3 and b["events"] == 2
    assert b["forecast"] == pytest.approx(((0.8 - 1) ** 2 + (0.1 - 0) ** 2 + (0.6 - 1) ** 2) / 3)
    assert b["persistence"] == pytest.approx(((1 - 1) ** 2 + (0 - 0) ** 2 + (0 - 1) ** 2) / 3)
    assert b["skill"] == pytest.approx(1 - b["forecast"] / b["persistence"])
    assert bt.undetermined_outcomes() == 1


def test_calibration_bins_as_arithmetic() -> None:
    bt = pairs((0.05, 0, False), (0.02, 0, False), (0.55, 0, True), (0.58, 0, False), (1.0, 1, True))
    cal = {(c["low"], c["high"]): c for c in bt.calibration()}
    assert cal[(0.0, 0.1)]["n"] == 2 and cal[(0.0, 0.1)]["mean_probability"] == pytest.approx(0.035)
    assert cal[(0.0, 0.1)]["observed"] == 0
    assert cal[(0.5, 0.6)]["mean_probability"] == pytest.approx(0.565) and cal[(0.5, 0.6)]["observed"] == 0.5
    assert cal[(0.9, 1.0)]["n"] == 1 and cal[(0.9, 1.0)]["observed"] == 1
    assert sum(c["n"] for c in cal.values()) == 5


def test_a_backtest_pairs_every_forecast_with_the_published_outcome() -> None:
    v = vintage(near_lines())
    bt = backtest(v, horizon=2, futures=30, first_as_of=2019)
    assert bt.as_of_years == [2019, 2020, 2021, 2022, 2023]
    outcome = {(r["area_id"], r["list_year"], r["category"]): r["member"] for r in v.rows}
    for p in bt.pairs:
        assert p.outcome == outcome[(p.area_id, p.list_year, p.category)]
        assert 1 <= p.horizon <= 2 and p.list_year <= 2024
    # as of 2023 only one year is left to score
    assert {p.horizon for p in bt.pairs if p.as_of == 2023} == {1}


def test_same_as_last_year_follows_the_2021_renaming() -> None:
    """The 2021 list's parallelsamfund are compared with the 2020 list's ghettoområder (L 23 renamed them)."""
    v = vintage(near_lines())
    bt = backtest(v, horizon=1, futures=20, first_as_of=2020)
    was = {r["area_id"]: r["member"] for r in v.rows if r["list_year"] == 2020 and r["category"] == "ghettoomraade"}
    par = [p for p in bt.pairs if p.as_of == 2020 and p.category == "parallelsamfund"]
    assert par and all(p.persistence == float(was[p.area_id] is True) for p in par)
    assert any(p.persistence == 1.0 for p in par)
    # a category with no list the year before (forebyggelse from 2021) is "not listed" last year
    assert all(p.persistence == 0.0 for p in bt.pairs if p.as_of == 2020 and p.category == "forebyggelsesomraade")


def test_a_backtest_needs_a_later_list() -> None:
    from boligmonitor.errors import NotFound

    with pytest.raises(NotFound, match="needs a later list"):
        backtest(vintage(near_lines()), first_as_of=2024)
