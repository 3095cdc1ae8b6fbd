"""Normalisation: each indicator's published values turned into scores on one scale, oriented so that a higher score
always means more disadvantage (``d`` = +1 when a higher value is worse, -1 when a lower value is worse).

Every function takes the values of all units (NaN = not published) and a mask of the *comparison population* (the
eligible units); statistics (mean, spread, ranks) come from the population's published values only, and a unit
without a published value gets NaN (the missing-input rule decides what happens to it, never this module).
Formulas: docs/index-methods.md.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

Vector = NDArray[np.float64]
Mask = NDArray[np.bool_]


def _known(x: Vector, population: Mask) -> Mask:
    return population & ~np.isnan(x)


def zscore(x: Vector, d: int, population: Mask) -> Vector:
    """d·(x − mean) / sd, population standard deviation; all 0 when every value is the same (no information)."""
    k = _known(x, population)
    out = np.full(x.shape, np.nan)
    if not k.any():
        return out
    v = x[k]
    mean, sd = v.mean(), v.std()
    out[k] = 0.0 if sd == 0 else d * (v - mean) / sd
    return out


def minmax(x: Vector, d: int, population: Mask) -> Vector:
    """0 for the least and 100 for the most disadvantaged value; all 50 when every value is the same."""
    k = _known(x, population)
    out = np.full(x.shape, np.nan)
    if not k.any():
        return out
    v = x[k]
    lo, hi = v.min(), v.max()
    if hi == lo:
        out[k] = 50.0
    else:
        out[k] = 100.0 * ((v - lo) if d > 0 else (hi - v)) / (hi - lo)
    return out


def average_rank(x: Vector, d: int, population: Mask) -> tuple[Vector, int]:
    """Rank 1 = least disadvantaged, m = most (m published values); tied values share the mean of their ranks."""
    k = _known(x, population)
    out = np.full(x.shape, np.nan)
    y = d * x[k]
    s = np.sort(y)
    below = np.searchsorted(s, y, side="left")
    upto = np.searchsorted(s, y, side="right")
    out[k] = below + (upto - below + 1) / 2.0
    return out, int(k.sum())


def rank(x: Vector, d: int, population: Mask) -> Vector:
    return average_rank(x, d, population)[0]


def percentile(x: Vector, d: int, population: Mask) -> Vector:
    """100·(rank − 1)/(m − 1): 0 for the least, 100 for the most disadvantaged; 50 when only one value is known."""
    r, m = average_rank(x, d, population)
    return r * 0 + 50.0 if m == 1 else 100.0 * (r - 1) / (m - 1)


def exponential(x: Vector, d: int, population: Mask, constant: float = 23.0) -> Vector:
    """IMD's transformation of the rank: R = rank/m in (0, 1], X = −c·ln(1 − R·(1 − e^(−100/c))). X = 100 for the
    most disadvantaged unit; with c = 23 about 10 % of units score above 50, so a very low score in one indicator
    cannot fully cancel a very high one in another."""
    r, m = average_rank(x, d, population)
    big_r = r / max(m, 1)
    return -constant * np.log(1.0 - big_r * (1.0 - math.exp(-100.0 / constant)))


def target(x: Vector, d: int, goal: float, cap: bool) -> Vector:
    """100·d·(x − t)/|t|: how many per cent of the target the value lies on the disadvantaged side of it; with the
    cap, every value at or beyond the target scores 0."""
    out = 100.0 * d * (x - goal) / abs(goal)
    return np.maximum(out, 0.0) if cap else out


def relative(x: Vector, d: int, ref: Vector) -> Vector:
    """Relative to a reference unit = 100. d = +1: 100·x/r; d = −1: 100·r/x (the inverse ratio, so twice as bad
    is 200 either way and the score is never negative). NaN where the ratio is undefined (r ≤ 0, or x ≤ 0 when
    d = −1, or x < 0)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        if d > 0:
            ok = (ref > 0) & (x >= 0)
            out = 100.0 * x / ref
        else:
            ok = (ref > 0) & (x > 0)
            out = 100.0 * ref / x
    return np.where(ok, out, np.nan)


def points(score: Vector, bands: list[tuple[float, float]]) -> Vector:
    """Points for a relative score (reference = 100): the points of the highest band whose lower edge the score
    reaches (score >= from), 0 below the first band. ``bands`` ascend."""
    out = np.where(np.isnan(score), np.nan, 0.0)
    for lower, pts in bands:
        out = np.where(score >= lower, pts, out)
    return out


def not_comparable(x: Vector, d: int, ref: Vector) -> Mask:
    """Where value and reference are both published but their ratio is undefined (shown as its own reason)."""
    both = ~np.isnan(x) & ~np.isnan(ref)
    return both & np.isnan(relative(x, d, ref))
