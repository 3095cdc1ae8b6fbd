"""Aggregation of a unit's scores into one value, and the missing-input rule applied on the way.

With weights w (summing to 1) over the k indicators and the unit's published scores s:

* arithmetic: Σ w·s;  sum: k·Σ w·s (equal weights: the plain sum, e.g. of points);
* geometric: Π s^w (a zero score gives 0);  generalised: (Σ w·s^p)^(1/p), p ≠ 0.

Missing rule: ``exclude`` gives no value to a unit with any score missing; ``reweight`` uses the published scores
with their weights scaled up to sum 1, when they carry at least ``min_coverage`` of the weight. Nothing is filled in.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Matrix = NDArray[np.float64]
Vector = NDArray[np.float64]


def aggregate(scores: Matrix, w: Vector, method: str, p: float | None, rule: str,
              min_coverage: float) -> tuple[Vector, Vector]:
    """(values, coverage): coverage is the share of the weight carried by published scores (1 when complete)."""
    known = ~np.isnan(scores)
    complete = known.all(axis=1)
    coverage = np.where(known, w, 0.0).sum(axis=1)
    coverage = np.where(complete, 1.0, coverage)  # exactly 1, not a float sum near it
    usable = complete if rule == "exclude" else coverage >= min_coverage - 1e-12
    scaled = np.where(known, w, 0.0) / np.where(coverage > 0, coverage, 1.0)[:, None]
    s = np.where(known, scores, 0.0)
    k = scores.shape[1]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if method == "arithmetic":
            v = (scaled * s).sum(axis=1)
        elif method == "sum":
            v = k * (scaled * s).sum(axis=1)
        elif method == "geometric":
            logs = np.where(scaled > 0, scaled * np.log(np.where(known, s, 1.0)), 0.0)
            v = np.exp(logs.sum(axis=1))
        elif method == "generalised":
            assert p is not None
            powered = np.where(scaled > 0, scaled * np.power(np.where(known, s, 1.0), p), 0.0)
            v = np.power(powered.sum(axis=1), 1.0 / p)
        else:  # pragma: no cover - the definition's schema allows no other method
            raise ValueError(method)
    return np.where(usable, v, np.nan), coverage
