"""Monte Carlo rank intervals and one-choice-at-a-time effects, on cases whose answer is known."""

from __future__ import annotations

from typing import Any

from boligmonitor.index.sensitivity import sensitivity
from tests.index.fakes import Cells, TableData, spec

Y = 2023


def data(rows: dict[str, list[float]], ids: list[str], muni: dict[str, int] | None = None) -> TableData:
    cells: Cells = {}
    for a, values in rows.items():
        cells[("area", a, Y, "residents")] = 1000
        cells |= {("area", a, Y, i): v for i, v in zip(ids, values, strict=True)}
    for code, values in {"101": [0.2] * len(ids), "751": [0.4] * len(ids)}.items():
        cells |= {("municipality", code, Y, i): v for i, v in zip(ids, values, strict=True)}
    areas = [(a, (muni or {}).get(a, 101), "statutory") for a in rows]
    return TableData(cells, areas=areas)


A_B = ["outside_labour_18_64", "basic_education_30_59"]


def test_a_nominal_rank_outside_the_central_90_percent_is_inside_the_widened_interval() -> None:
    # U is second on both indicators but first on their mean (min-max: U 60/60, V 100/0, W 0/100); every run
    # leaves one indicator out (drop_probability 1) and then U is second. Only run 0, the definition itself, has U
    # first, so the central 90 % is [2, 2] and the interval is widened to reach the published rank 1.
    s = spec(indicators=[{"id": i} for i in A_B],
             sensitivity={"normalisation": [], "aggregation": [], "weights": [], "weight_noise": 0,
                          "drop_probability": 1})
    d = data({"U": [0.6, 0.6], "V": [1.0, 0.0], "W": [0.0, 1.0]}, A_B)
    res = sensitivity(d, s, Y, runs=200, seed=5)
    u = res.interval("U")
    assert (u.nominal, u.low, u.high, u.outside_central, u.median) == (1, 1, 2, True, 2.0)
    assert res.interval("V").outside_central is False


def test_the_same_seed_gives_the_same_intervals() -> None:
    rows = {f"A{k}": [0.1 + 0.07 * ((k * 5) % 11), 0.1 + 0.05 * ((k * 7) % 13)] for k in range(12)}
    s = spec(indicators=[{"id": i} for i in A_B],
             sensitivity={"normalisation": [{"method": "zscore"}, {"method": "percentile"}],
                          "weights": ["pca"], "drop_probability": 0.3})
    one, two = (sensitivity(data(rows, A_B), s, Y, runs=100, seed=9) for _ in range(2))
    assert one.intervals == two.intervals and one.effects[:-1] == two.effects[:-1]


def test_the_choice_that_moves_ranks_most_is_found() -> None:
    # One indicator: weights and the indicator set cannot matter. Relative to the own municipality (0.2 vs 0.4)
    # the order differs from the raw order, so the normalisation moves ranks and is named first.
    one = ["outside_labour_18_64"]
    rows = {"A": [0.30], "B": [0.50], "C": [0.25], "D": [0.70]}
    muni = {"A": 101, "B": 751, "C": 101, "D": 751}
    s: Any = spec(indicators=[{"id": one[0]}], normalisation={"method": "reference"},
                  sensitivity={"normalisation": [{"method": "zscore"}], "aggregation": [{"method": "geometric"}],
                               "weights": []})
    res = sensitivity(data(rows, one, muni), s, Y, runs=50, seed=1)
    # nominal: A 150, B 125, C 125, D 175 -> D 1, A 2, B and C 3; z-scores rank the raw values: D, B, A, C
    by = {(e.dimension, e.option): e for e in res.effects}
    z = by[("normalisation", "zscore")]
    assert (z.mean_shift, z.max_shift, z.moved_share) == ((0 + 1 + 1 + 1) / 4, 1, 3 / 4)
    assert by[("aggregation", "geometric")].mean_shift == 0  # one score: every mean is the score itself
    assert res.ranking[0] == ("normalisation", z.mean_shift)
    assert all(e.dimension != "indicators" for e in res.effects)  # nothing to leave out with one indicator


def test_impossible_alternatives_are_named_not_hidden() -> None:
    s = spec(indicators=[{"id": i} for i in A_B],
             sensitivity={"normalisation": [{"method": "zscore"}], "aggregation": [{"method": "geometric"}]})
    res = sensitivity(data({"A": [0.2, 0.3], "B": [0.4, 0.1], "C": [0.3, 0.3]}, A_B), s, Y, runs=20)
    assert "zscore × geometric" in res.skipped
