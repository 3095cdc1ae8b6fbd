"""Spec tables for every normalisation: values in, scores out, expected values written as arithmetic.

NaN is a value that is not published; it stays NaN (the missing-input rule decides, never the normalisation), and
it takes no part in the population's statistics.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from boligmonitor.index import normalise as nz

NAN = math.nan
ALL = None  # every unit is in the comparison population


def run(fn, values, *args, population=ALL):  # type: ignore[no-untyped-def]
    x = np.array(values, dtype=float)
    pop = np.ones(len(values), dtype=bool) if population is None else np.array(population)
    return fn(x, *args, pop).tolist()


def same(got: list[float], expected: list[float]) -> bool:
    return len(got) == len(expected) and all(
        (math.isnan(g) and math.isnan(e)) or math.isclose(g, e, rel_tol=1e-12, abs_tol=1e-12)
        for g, e in zip(got, expected, strict=True))


SD_123 = math.sqrt(((1 - 2) ** 2 + 0 + (3 - 2) ** 2) / 3)  # population standard deviation of 1, 2, 3

ZSCORE = [
    # values, direction, population, expected
    ([1, 2, 3], 1, ALL, [(1 - 2) / SD_123, 0, (3 - 2) / SD_123]),
    ([1, 2, 3], -1, ALL, [-(1 - 2) / SD_123, 0, -(3 - 2) / SD_123]),
    ([1, NAN, 3], 1, ALL, [(1 - 2) / 1, NAN, (3 - 2) / 1]),  # mean 2, sd 1 of the published two
    ([5, 5, 5], 1, ALL, [0, 0, 0]),  # no spread: no information
    # the third unit is outside the population: its value takes no part and it gets no score
    ([1, 3, 100], 1, [True, True, False], [(1 - 2) / 1, (3 - 2) / 1, NAN]),
]


@pytest.mark.parametrize(("values", "d", "pop", "expected"), ZSCORE)
def test_zscore(values, d, pop, expected) -> None:  # type: ignore[no-untyped-def]
    assert same(run(nz.zscore, values, d, population=pop), expected)


MINMAX = [
    ([10, 20, 30, 40], 1, [100 * (10 - 10) / (40 - 10), 100 * (20 - 10) / 30, 100 * (30 - 10) / 30, 100.0]),
    ([10, 20, 30, 40], -1, [100 * (40 - 10) / 30, 100 * (40 - 20) / 30, 100 * (40 - 30) / 30, 0.0]),
    ([7, 7], 1, [50, 50]),
    ([NAN, 2, 4], 1, [NAN, 0, 100]),
]


@pytest.mark.parametrize(("values", "d", "expected"), MINMAX)
def test_minmax(values, d, expected) -> None:  # type: ignore[no-untyped-def]
    assert same(run(nz.minmax, values, d), expected)


RANK = [
    # rank 1 = least disadvantaged; ties share the mean of their ranks
    ([0.3, 0.1, 0.2], 1, [3, 1, 2]),
    ([0.3, 0.1, 0.2], -1, [1, 3, 2]),
    ([5, 5, 9, 1], 1, [(2 + 3) / 2, (2 + 3) / 2, 4, 1]),
    ([NAN, 4, 2], 1, [NAN, 2, 1]),
]


@pytest.mark.parametrize(("values", "d", "expected"), RANK)
def test_rank(values, d, expected) -> None:  # type: ignore[no-untyped-def]
    assert same(run(nz.rank, values, d), expected)


PERCENTILE = [
    ([0.3, 0.1, 0.2], 1, [100 * (3 - 1) / (3 - 1), 100 * (1 - 1) / 2, 100 * (2 - 1) / 2]),
    ([5, 5, 9, 1], 1, [100 * (2.5 - 1) / 3, 100 * (2.5 - 1) / 3, 100 * (4 - 1) / 3, 0]),
    ([42], 1, [50]),  # a single published value sits in the middle
]


@pytest.mark.parametrize(("values", "d", "expected"), PERCENTILE)
def test_percentile(values, d, expected) -> None:  # type: ignore[no-untyped-def]
    assert same(run(nz.percentile, values, d), expected)


def imd(rank: float, n: int, c: float = 23) -> float:
    return -c * math.log(1 - (rank / n) * (1 - math.exp(-100 / c)))


EXPONENTIAL = [
    ([0.3, 0.1, 0.2, 0.4], 1, [imd(3, 4), imd(1, 4), imd(2, 4), imd(4, 4)]),
    ([0.3, 0.1, 0.2, 0.4], -1, [imd(2, 4), imd(4, 4), imd(3, 4), imd(1, 4)]),
    ([1, 1], 1, [imd(1.5, 2), imd(1.5, 2)]),
]


@pytest.mark.parametrize(("values", "d", "expected"), EXPONENTIAL)
def test_exponential(values, d, expected) -> None:  # type: ignore[no-untyped-def]
    assert same(run(nz.exponential, values, d), expected)


def test_the_exponential_transform_gives_100_to_the_most_deprived_and_puts_a_tenth_above_50() -> None:
    n = 1000
    scores = nz.exponential(np.arange(n, dtype=float), 1, np.ones(n, dtype=bool))
    assert math.isclose(scores.max(), 100.0)
    assert 0.09 <= (scores > 50).mean() <= 0.11


TARGET = [
    # values, direction, target, cap, expected: per cent of the target on the disadvantaged side
    ([0.5, 0.4, 0.3], 1, 0.4, True, [100 * (0.5 - 0.4) / 0.4, 0, 0]),
    ([0.5, 0.4, 0.3], 1, 0.4, False, [100 * (0.5 - 0.4) / 0.4, 0, 100 * (0.3 - 0.4) / 0.4]),
    ([200_000, 300_000], -1, 250_000, True, [100 * -(200_000 - 250_000) / 250_000, 0]),
]


@pytest.mark.parametrize(("values", "d", "goal", "cap", "expected"), TARGET)
def test_target(values, d, goal, cap, expected) -> None:  # type: ignore[no-untyped-def]
    assert same(nz.target(np.array(values, dtype=float), d, goal, cap).tolist(), expected)


RELATIVE = [
    # values, reference, direction, expected: reference = 100
    ([0.3, 0.15, 0.0], [0.15, 0.15, 0.15], 1, [100 * 0.3 / 0.15, 100.0, 0.0]),
    # a lower value is worse: the inverse ratio, so half the municipality's income gives 200
    ([150_000, 300_000, 600_000], [300_000] * 3, -1, [100 * 300_000 / 150_000, 100.0, 100 * 300_000 / 600_000]),
    # undefined ratios are not scores: a reference of 0, or a value of 0 when lower is worse
    ([0.2, 0.0], [0.0, 0.1], 1, [NAN, 0.0]),
    ([0.0], [0.1], -1, [NAN]),
    ([0.2], [NAN], 1, [NAN]),
]


@pytest.mark.parametrize(("values", "ref", "d", "expected"), RELATIVE)
def test_relative_to_a_reference_unit(values, ref, d, expected) -> None:  # type: ignore[no-untyped-def]
    assert same(nz.relative(np.array(values, dtype=float), d, np.array(ref, dtype=float)).tolist(), expected)


POINTS = [
    # relative score -> points of the highest band reached (score >= from)
    ([99.9, 125, 149.99, 150, 200, 350, NAN], [(125, 1), (150, 2), (200, 3)], [0, 1, 1, 2, 3, 3, NAN]),
]


@pytest.mark.parametrize(("scores", "bands", "expected"), POINTS)
def test_points(scores, bands, expected) -> None:  # type: ignore[no-untyped-def]
    assert same(nz.points(np.array(scores, dtype=float), bands).tolist(), expected)
