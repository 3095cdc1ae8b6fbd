"""The forecast of the lists: the real rule functions on simulated futures, grouped by signature without changing a
single probability, from published cells only."""

from __future__ import annotations

import random
from dataclasses import replace
from typing import Any

import numpy as np
import pytest

from boligmonitor.errors import NotFound, UserError
from boligmonitor.forecast import law, lists, series
from boligmonitor.forecast.data import Cell, Vintage
from boligmonitor.forecast.lists import forecast
from tests.forecast.vintages import Area, members, vintage

CONSECUTIVE = ("haardt_ghettoomraade", "omdannelsesomraade")


def walk(seed: int, start: float, step: float, lo: float = 0.02, hi: float = 0.95) -> Any:
    """A share moving as a random walk over the years (the same every call)."""
    rnd = random.Random(seed)
    path, x = {}, start
    for y in range(2005, 2035):
        path[y] = x
        x = min(hi, max(lo, x + rnd.gauss(0, step)))
    return lambda y: path[y]


def near_lines() -> dict[str, Area]:
    """Areas around the lines: exact ties (1,000 residents, 50 % non-western), suppressed years, long runs."""
    return {
        "A1": Area(residents=1000, nonwestern=0.5, outside_labour=walk(1, 0.41, 0.01), basic_education=0.58,
                   convicted_ratio=walk(2, 2.9, 0.2, 0, 9), income_ratio=walk(3, 0.56, 0.01)),
        "A2": Area(residents=walk(4, 1010, 15, 900, 1200), nonwestern=walk(5, 0.52, 0.01),
                   outside_labour=walk(6, 0.39, 0.01), basic_education=walk(7, 0.61, 0.01), convicted_ratio=3.5,
                   income_ratio=0.5),
        "A3": Area(residents=3000, nonwestern=0.7, outside_labour=0.5, basic_education=0.7, convicted_ratio=4,
                   income_ratio=0.4),  # past every threshold, a long run of parallelsamfund
        "A4": Area(residents=5000, nonwestern=walk(8, 0.31, 0.01), outside_labour=walk(9, 0.3, 0.01),
                   basic_education=0.4, convicted_ratio=walk(10, 2.0, 0.1, 0, 9), income_ratio=walk(11, 0.64, 0.01),
                   suppressed={(2021, "convicted"), (2022, "convicted")}),
        "A5": Area(residents=2000, nonwestern=0.1, outside_labour=0.1, basic_education=0.2, convicted_ratio=0.5,
                   income_ratio=1.1, suppressed={(y, "convicted") for y in range(2000, 2030)}),
    }


def probabilities(fc: lists.Forecast) -> dict[tuple[str, int, str], tuple[float, float]]:
    return {(r["area_id"], r["list_year"], r["category"]): (r["probability"], r["p_undetermined"]) for r in fc.rows}


@pytest.mark.parametrize("as_of", [2019, 2021, 2023])
def test_signatures_change_no_probability(as_of: int) -> None:
    """Grouping futures by signature and running the rules once per group gives exactly what running them for every
    future of every area gives."""
    v = vintage(near_lines())
    fast = forecast(v, as_of, horizon=3, futures=40, seed=3)
    slow = forecast(v, as_of, horizon=3, futures=40, seed=3, exhaustive=True)
    assert probabilities(fast) == probabilities(slow)
    assert fast.rule_calls < slow.rule_calls
    # the test has something to tell apart: some probabilities are neither 0 nor 1
    assert any(0 < p < 1 for p, _ in probabilities(fast).values())


def test_a_signature_without_one_comparison_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """The equality above has teeth: leave the residents' comparisons out of the signature and futures either side
    of the 1,000-resident floor share one decision, which the exhaustive run does not."""
    v = vintage(near_lines())
    slow = probabilities(forecast(v, 2023, horizon=3, futures=40, seed=3, exhaustive=True))
    real = law.year_law

    def without_residents(year: int, params: Any = None) -> law.YearLaw:
        yl = real(year, params)
        return replace(yl, comparisons=tuple(c for c in yl.comparisons if c.request[0] != "residents"))

    monkeypatch.setattr(law, "year_law", without_residents)
    assert probabilities(forecast(v, 2023, horizon=3, futures=40, seed=3)) != slow


def test_no_change_reproduces_the_current_lists() -> None:
    """With every input the same in every year, a future where nothing changes gives this year's lists again; a
    consecutive-year category keeps its members."""
    areas = {f"C{i}": Area(residents=r, nonwestern=nw, outside_labour=ol, basic_education=be, convicted_ratio=cr,
                           income_ratio=ir)
             for i, (r, nw, ol, be, cr, ir) in enumerate([
                 (1500, 0.6, 0.45, 0.65, 3.2, 0.5), (1500, 0.35, 0.35, 0.62, 2.2, 0.6), (800, 0.6, 0.45, 0.65, 3, 0.5),
                 (6000, 0.2, 0.33, 0.3, 1, 0.9), (2000, 0.1, 0.1, 0.2, 0.5, 1.2), (1200, 0.55, 0.41, 0.5, 2.5, 0.54)])}
    v = vintage(areas)
    fc = forecast(v, 2023, horizon=3, how="no_change")
    assert fc.method["futures"] == 1
    for r in fc.rows:
        now = r["member_as_of"] is True
        if r["category"] in CONSECUTIVE:
            assert r["probability"] == 1.0 or not now
        else:
            assert r["probability"] == (1.0 if now else 0.0), r
    assert any(r["probability"] == 1.0 for r in fc.rows)


def test_a_future_as_assumed_gives_the_lists_the_rules_give() -> None:
    """When the data really stay at their last published values after the list year, the no-change forecast must
    equal the decisions the rules make on those data (published cells -> sources -> rules, windows and the
    consecutive-year history included)."""
    def frozen(seed: int, start: float, step: float, lo: float = 0.02, hi: float = 0.95) -> Any:
        w = walk(seed, start, step, lo, hi)
        return lambda y: w(min(y, 2022))  # data year 2022 fed the list of 2023; nothing moves after it

    areas = {f"F{i}": Area(residents=frozen(100 + i, 1400, 60, 900, 3000), nonwestern=frozen(200 + i, 0.5, 0.03),
                           outside_labour=frozen(300 + i, 0.4, 0.03), basic_education=frozen(400 + i, 0.6, 0.03),
                           convicted_ratio=frozen(500 + i, 2.5, 0.4, 0, 9), income_ratio=frozen(600 + i, 0.6, 0.04))
             for i in range(12)}
    v = vintage(areas, data_years=range(2010, 2026))
    fc = forecast(v, 2023, horizon=3, how="no_change")
    got = {(r["area_id"], r["list_year"], r["category"]): r["probability"] for r in fc.rows}
    want = {(r["area_id"], r["list_year"], r["category"]): float(r["member"] is True) for r in v.rows
            if r["list_year"] in (2024, 2025, 2026)}
    assert got == want
    assert sum(want.values()) > 5  # several areas on lists: the comparison is not between empty lists


def test_an_area_past_every_threshold_stays_listed() -> None:
    v = vintage(near_lines())
    fc = forecast(v, 2023, horizon=3, futures=400, seed=9)
    for r in fc.rows:
        if r["area_id"] == "A3" and r["category"] in ("udsat_boligomraade", "parallelsamfund", "omdannelsesomraade"):
            assert r["probability"] >= 0.99, r


def test_invariant_to_the_order_of_rows_and_cells() -> None:
    v = vintage(near_lines())
    rnd = random.Random(2)
    rows = list(v.rows)
    rnd.shuffle(rows)
    cells = list(v.cells.items())
    rnd.shuffle(cells)
    shuffled = Vintage(v.label, v.rules_version, v.synthetic, dict(cells), rows, v.areas, v.municipalities)
    assert probabilities(forecast(v, 2022, 2, 50)) == probabilities(forecast(shuffled, 2022, 2, 50))


def test_the_size_of_the_area_groups_changes_nothing() -> None:
    """Each area takes its futures from the pool by its own id, so simulating areas in groups of 2 or 5 (memory)
    gives the same probabilities."""
    v = vintage(near_lines())
    assert probabilities(forecast(v, 2023, 3, 80, chunk=2)) == probabilities(forecast(v, 2023, 3, 80, chunk=5))


def test_the_forecast_as_of_a_year_uses_nothing_published_later() -> None:
    """As of the list of 2020 only data years up to 2019 and lists up to 2020 count: changing every later cell and
    decision changes nothing."""
    v = vintage(near_lines())
    changed = {k: (Cell(c.numerator * 0.5, c.denominator) if k[2] >= 2020 and c.numerator is not None else c)
               for k, c in v.cells.items()}
    rows = [dict(r, member=not r["member"]) if r["list_year"] > 2020 else r for r in v.rows]
    w = Vintage(v.label, v.rules_version, v.synthetic, changed, rows, v.areas, v.municipalities)
    assert probabilities(forecast(v, 2020, 3, 60)) == probabilities(forecast(w, 2020, 3, 60))
    assert probabilities(forecast(v, 2023, 3, 60)) != probabilities(forecast(w, 2023, 3, 60))


def test_numbers_left_on_a_suppressed_cell_are_never_read() -> None:
    """A suppressed cell is a year not observed, whatever numbers a source left on it."""
    v = vintage(near_lines())
    leaky = {k: (Cell(3.0 * (1 + k[2] % 3), 1500.0, True) if c.suppressed else c) for k, c in v.cells.items()}
    w = Vintage(v.label, v.rules_version, v.synthetic, leaky, v.rows, v.areas, v.municipalities)
    assert sum(c.suppressed for c in v.cells.values()) > 10
    assert probabilities(forecast(v, 2023, 3, 60)) == probabilities(forecast(w, 2023, 3, 60))


def test_a_never_published_input_is_unknown_and_said_so() -> None:
    v = vintage(near_lines())
    fc = forecast(v, 2023, 3, 60)
    assert fc.unknown_inputs == {"A5": ["convicted"]}
    assert fc.started_from["A4"] == {"convicted": 2020}
    # A5 is far from every line: the rules decide it without the convicted criterion
    assert all(r["p_undetermined"] == 0 for r in fc.rows if r["area_id"] == "A5")


def test_an_unknown_input_that_matters_leaves_the_decision_open() -> None:
    """With convicted never published, an area with one other udsat criterion met cannot be decided: the forecast
    says so with p_undetermined instead of guessing the hidden share."""
    areas = {"U": Area(outside_labour=0.5, basic_education=0.3, income_ratio=0.8, nonwestern=0.2,
                       suppressed={(y, "convicted") for y in range(2000, 2030)}),
             "V": Area(outside_labour=0.2)}
    fc = forecast(vintage(areas), 2023, 1, 100)
    row = next(r for r in fc.rows if r["area_id"] == "U" and r["category"] == "udsat_boligomraade")
    assert row["p_undetermined"] > 0.9
    assert row["probability"] == 0.0


def test_settings_are_checked() -> None:
    v = vintage(near_lines())
    with pytest.raises(NotFound, match="2013–2024"):
        forecast(v, 2030)
    with pytest.raises(UserError, match="--horizon"):
        forecast(v, 2023, horizon=0)
    with pytest.raises(UserError, match="--futures"):
        forecast(v, 2023, futures=0)
    with pytest.raises(UserError, match="--model"):
        forecast(v, 2023, how="magic")


def test_the_result_names_its_method() -> None:
    v = vintage(near_lines())
    fc = forecast(v, 2023, 2, 30, seed=4)
    m = fc.method
    assert (m["as_of"], m["list_years"], m["data_years"], m["futures"], m["seed"], m["model"]) == \
        (2023, [2024, 2025], [2012, 2022], 30, 4, "trend")
    assert m["rules_version"].startswith("0.1.0+params.")
    assert set(m["fits"]) == {*series.MEASURES, "national_convicted"}


def test_probabilities_are_frequencies_of_the_futures() -> None:
    v = vintage(near_lines())
    for r in forecast(v, 2023, 3, 40).rows:
        assert r["probability"] * 40 == pytest.approx(round(r["probability"] * 40))
        assert 0 <= r["probability"] + r["p_undetermined"] <= 1


def test_membership_of_the_helper_vintage() -> None:
    """The helper's decisions are the rules' (a sanity check of the fixture the tests above lean on)."""
    v = vintage(near_lines())
    assert "A3" in members(v, 2023, "omdannelsesomraade")
    assert "A5" not in members(v, 2023, "udsat_boligomraade")
    assert np.isnan(series.build(v, ["A5"], list(range(2012, 2023)))["convicted"].y).all()
