"""Spec tables for weights, aggregation, the missing-input rule, ranks and classes (expected values as arithmetic)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from boligmonitor.index import weights as wt
from boligmonitor.index.aggregate import aggregate
from boligmonitor.index.classes import band_index, competition_rank, quantile_group, standardised

NAN = math.nan


def close(got: list[float], expected: list[float]) -> bool:
    return all((math.isnan(g) and math.isnan(e)) or math.isclose(g, e, rel_tol=1e-12, abs_tol=1e-12)
               for g, e in zip(got, expected, strict=True))


def test_equal_and_expert_weights_sum_to_one() -> None:
    assert close(wt.equal(4).tolist(), [1 / 4] * 4)
    assert close(wt.expert([22.5, 22.5, 13.5, 9.3]).tolist(),
                 [22.5 / 67.8, 22.5 / 67.8, 13.5 / 67.8, 9.3 / 67.8])


def test_pca_weights_are_the_squared_loadings_of_the_first_component() -> None:
    # Three indicators: the first two move together, the third is independent noise of the same spread. The
    # correlation matrix is [[1, r, 0], [r, 1, 0], [0, 0, 1]] with r = 1 here, so the first component is
    # (1, 1, 0)/sqrt(2): weights 1/2, 1/2, 0.
    a = np.array([1.0, 2.0, 3.0, 4.0])
    noise = np.array([1.0, -1.0, -1.0, 1.0])  # uncorrelated with a (sum of products about the mean is 0)
    scores = np.column_stack([a, 2 * a + 1, noise])
    p = wt.pca(scores, ["x", "y", "z"])
    assert close(p.weights.tolist(), [1 / 2, 1 / 2, 0])
    assert close(p.loadings.tolist(), [1 / math.sqrt(2), 1 / math.sqrt(2), 0])
    assert math.isclose(p.explained, 2 / 3)  # eigenvalues 2, 1, 0 of a 3x3 correlation matrix


def test_pca_sign_makes_the_loadings_sum_positive_and_an_opposed_indicator_keeps_its_squared_loading() -> None:
    a = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    scores = np.column_stack([a, a ** 1.5, -a])  # the third runs against the others
    p = wt.pca(scores, ["x", "y", "z"])
    assert p.loadings.sum() > 0 and p.loadings[2] < 0
    assert math.isclose(p.weights.sum(), 1.0) and p.weights[2] > 0


def test_pca_uses_only_units_with_every_score_and_refuses_too_few_or_flat_indicators() -> None:
    with pytest.raises(wt.WeightError, match="at least 3 units"):
        wt.pca(np.array([[1.0, 2.0], [2.0, NAN], [3.0, 1.0], [NAN, 1.0]]), ["x", "y"])
    with pytest.raises(wt.WeightError, match="y: every unit has the same score"):
        wt.pca(np.array([[1.0, 2.0], [2.0, 2.0], [3.0, 2.0]]), ["x", "y"])


W = np.array([0.5, 0.25, 0.25])
AGGREGATION = [
    # scores, method, p, expected (no missing scores)
    ([[10, 20, 40]], "arithmetic", None, [0.5 * 10 + 0.25 * 20 + 0.25 * 40]),
    ([[10, 20, 40]], "sum", None, [3 * (0.5 * 10 + 0.25 * 20 + 0.25 * 40)]),
    ([[10, 20, 40]], "geometric", None, [10 ** 0.5 * 20 ** 0.25 * 40 ** 0.25]),
    ([[10, 0, 40]], "geometric", None, [0.0]),  # a zero score gives 0: no compensation at all
    ([[10, 20, 40]], "generalised", 2, [(0.5 * 10 ** 2 + 0.25 * 20 ** 2 + 0.25 * 40 ** 2) ** (1 / 2)]),
    ([[10, 20, 40]], "generalised", -1, [1 / (0.5 / 10 + 0.25 / 20 + 0.25 / 40)]),  # harmonic
    ([[10, 20, 40]], "generalised", 1, [0.5 * 10 + 0.25 * 20 + 0.25 * 40]),
]


@pytest.mark.parametrize(("scores", "method", "p", "expected"), AGGREGATION)
def test_aggregation(scores, method, p, expected) -> None:  # type: ignore[no-untyped-def]
    values, coverage = aggregate(np.array(scores, dtype=float), W, method, p, "exclude", 0.5)
    assert close(values.tolist(), expected) and coverage.tolist() == [1.0]


MISSING = [
    # scores, rule, min_coverage, expected value, expected coverage
    ([10, NAN, 40], "exclude", 0.5, NAN, 0.5 + 0.25),
    ([10, NAN, 40], "reweight", 0.5, (0.5 * 10 + 0.25 * 40) / (0.5 + 0.25), 0.75),
    ([10, NAN, 40], "reweight", 0.8, NAN, 0.75),  # the published scores carry too little of the weight
    ([NAN, 20, 40], "reweight", 0.5, (0.25 * 20 + 0.25 * 40) / 0.5, 0.5),
]


@pytest.mark.parametrize(("scores", "rule", "least", "value", "coverage"), MISSING)
def test_missing_input_rule(scores, rule, least, value, coverage) -> None:  # type: ignore[no-untyped-def]
    v, c = aggregate(np.array([scores], dtype=float), W, "arithmetic", None, rule, least)
    assert close(v.tolist(), [value]) and close(c.tolist(), [coverage])


def test_reweighted_sum_of_points_scales_the_published_points_to_all_indicators() -> None:
    v, _ = aggregate(np.array([[3, NAN, 2, NAN, 1]], dtype=float), np.full(5, 0.2), "sum", None, "reweight", 0.6)
    assert close(v.tolist(), [5 * (0.2 * (3 + 2 + 1)) / 0.6])


def test_competition_ranks_put_the_highest_first_and_share_ties() -> None:
    assert competition_rank(np.array([3.0, 9.0, 3.0, NAN, 1.0])).tolist() == [2, 1, 2, 0, 4]


def test_quantile_groups_follow_the_rank() -> None:
    ranks = np.array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0])
    # group = floor((rank - 1) * count / n) + 1 with n = 10 ranked units
    assert quantile_group(ranks, 4).tolist() == [(r - 1) * 4 // 10 + 1 if r else 0 for r in ranks.tolist()]
    assert quantile_group(np.array([1, 1, 3]), 3).tolist() == [1, 1, 3]  # ties share their group


def test_cut_bands_take_the_highest_band_reached() -> None:
    assert band_index(np.array([-5.0, 3.0, 5.99, 6.0, 9.0, NAN]), [3, 6, 9]).tolist() == [0, 1, 1, 2, 3, -1]


def test_standardised_values_have_mean_0_and_sd_1() -> None:
    z = standardised(np.array([1.0, 2.0, 3.0, NAN]))
    sd = math.sqrt(2 / 3)
    assert close(z.tolist(), [-1 / sd, 0, 1 / sd, NAN])
