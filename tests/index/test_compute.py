"""Computation details: ties and cut points are not at the mercy of floating-point noise; z-score ranks are not
monotone (documented, not hidden); the result names its method."""

from __future__ import annotations

from boligmonitor.index.compute import compute_index
from tests.index.fakes import Cells, TableData, spec

Y = 2023
FIVE = ["outside_labour_18_64", "charged_15_29", "mean_income_15_64", "grade_9th_avg", "basic_not_in_education_18_29"]


def points_spec() -> object:
    return spec(indicators=[{"id": i} for i in FIVE],
                normalisation={"method": "points", "reference": "municipality",
                               "bands": [{"from": 125, "points": 1}, {"from": 150, "points": 2},
                                         {"from": 200, "points": 3}]},
                aggregation={"method": "sum"}, missing={"rule": "reweight", "min_coverage": 0.6},
                classes={"method": "cuts", "bands": [{"id": "low", "label": {"da": "lav", "en": "low"}},
                                                     {"id": "high", "from": 10,
                                                      "label": {"da": "høj", "en": "high"}}]})


def test_a_reweighted_total_that_equals_a_cut_point_reaches_it_and_ties_with_an_equal_total() -> None:
    muni = [0.20, 0.04, 300_000, 7.0, 0.20]
    cells: Cells = {("municipality", "101", Y, i): v for i, v in zip(FIVE, muni, strict=True)}
    # R: 3 + 2 + 1 points from three published inputs, scaled to five: 5 * (6 / 3) = 10 (float: 9.999999999999998)
    # S: 2 + 2 + 2 + 2 + 2 points, all published: 10
    rows = {"R": [0.50, None, 200_000, None, 0.25], "S": [0.30, 0.06, 200_000, 4.6, 0.30]}
    for a, values in rows.items():
        cells[("area", a, Y, "residents")] = 1000
        cells |= {("area", a, Y, i): v for i, v in zip(FIVE, values, strict=True)}
    r = compute_index(TableData(cells), points_spec(), Y)  # type: ignore[arg-type]
    assert r.row("R").scores == {"outside_labour_18_64": 3, "charged_15_29": None, "mean_income_15_64": 2,
                                 "grade_9th_avg": None, "basic_not_in_education_18_29": 1}
    assert r.row("R").value == 10 and r.row("S").value == 10
    assert r.row("R").rank == r.row("S").rank == 1
    assert r.row("R").klass is not None and r.row("R").klass.id == "high"


def test_zscore_ranks_can_fall_when_an_input_gets_worse_the_documented_exception() -> None:
    # Indicator x: 10 (area I), 0 (J), 1 (K); indicator y: J is worse than I and K, which are equal. With weights
    # 0.491 / 0.509 J sits just behind I. Raising I's x from 10 to 20 raises x's mean and spread: I's lead over J
    # in x shrinks from 10 / 4.50 = 2.22 to 20 / 9.20 = 2.17 standard deviations, and J passes I, although I's own
    # value rose.
    def data(x_i: float) -> TableData:
        cells: Cells = {}
        for a, x, y in (("I", x_i, 0.10), ("J", 0.0, 0.11), ("K", 1.0, 0.10)):
            cells[("area", a, Y, "residents")] = 1000
            cells[("area", a, Y, "outside_labour_18_64")] = x
            cells[("area", a, Y, "basic_education_30_59")] = y
        return TableData(cells)

    s = spec(indicators=[{"id": "outside_labour_18_64", "weight": 0.491},
                         {"id": "basic_education_30_59", "weight": 0.509}],
             weights={"method": "expert"}, normalisation={"method": "zscore"})
    before, after = compute_index(data(10), s, Y), compute_index(data(20), s, Y)
    assert before.row("I").value is not None and after.row("I").value is not None
    assert after.row("I").value > before.row("I").value  # the value never falls ...
    assert (before.row("I").rank, before.row("J").rank) == (1, 2)
    assert (after.row("I").rank, after.row("J").rank) == (2, 1)  # ... but the rank can
