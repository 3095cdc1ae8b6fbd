"""Ranks and classes of index values.

Rank 1 is the most disadvantaged unit (the highest value); tied values share the best rank of their group
(1, 2, 2, 4), so the ranks never depend on the order units were read in. Classes are either quantiles of the rank
(group 1 = the most disadvantaged 1/count of the units) or fixed cut points on the value (or on the value
standardised over the scored units): a value belongs to the highest band whose ``from`` it reaches (value >= from).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Vector = NDArray[np.float64]
Ints = NDArray[np.int64]


def competition_rank(values: Vector) -> Ints:
    """1 = highest value; 0 where the value is NaN (not ranked)."""
    known = ~np.isnan(values)
    out = np.zeros(values.shape, dtype=np.int64)
    v = values[known]
    desc = np.sort(-v)
    out[known] = np.searchsorted(desc, -v, side="left") + 1
    return out


def quantile_group(ranks: Ints, count: int) -> Ints:
    """Group 1..count from the rank among n ranked units: floor((rank − 1)·count / n) + 1; 0 where not ranked."""
    n = int((ranks > 0).sum())
    return np.where(ranks > 0, (ranks - 1) * count // max(n, 1) + 1, 0)


def standardised(values: Vector) -> Vector:
    known = ~np.isnan(values)
    v = values[known]
    if v.size == 0:
        return values.copy()
    mean, sd = v.mean(), v.std()
    z = np.zeros_like(values) if sd == 0 else (values - mean) / sd
    return np.where(known, z, np.nan)


def band_index(values: Vector, lower_edges: list[float]) -> Ints:
    """Index of the band (0 = first) each value falls in; the first band has no lower edge, ``lower_edges`` are the
    others' ``from`` values (ascending). −1 where the value is NaN."""
    out = np.where(np.isnan(values), -1, 0).astype(np.int64)
    for i, edge in enumerate(lower_edges, start=1):
        out = np.where(~np.isnan(values) & (values >= edge), i, out)
    return out
