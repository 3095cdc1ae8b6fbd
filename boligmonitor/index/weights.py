"""Weights: equal, expert (given in the definition) or derived from the data by principal components.

Weights always sum to 1. PCA weights use numpy only: the first principal component of the indicators' correlation
matrix over the units with every score published; its sign is chosen so that the loadings sum to a positive number
(every score is oriented towards disadvantage, so the component then points that way too), and each weight is the
squared loading (the loadings have unit length, so the weights sum to 1). An indicator loading against the others
still gets the weight of its squared loading; it is named on the result.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from boligmonitor.errors import UserError
from boligmonitor.rules.texts import Text

Matrix = NDArray[np.float64]
MIN_PCA_UNITS = 3


class WeightError(UserError):
    """Weights cannot be derived from these data (too few complete units, an indicator without variation). The
    message is English (the CLI's); ``text`` has it in Danish and English for the web."""

    exit_code = 10

    def __init__(self, text: Text) -> None:
        self.text = text
        super().__init__(text.en)


@dataclass(frozen=True)
class Pca:
    weights: Matrix
    loadings: Matrix
    explained: float  # share of the total variance the first component explains
    units: int  # units with every score published that the component was computed from


def equal(k: int) -> Matrix:
    return np.full(k, 1.0 / k)


def expert(raw: list[float]) -> Matrix:
    w = np.asarray(raw, dtype=np.float64)
    out: Matrix = w / w.sum()
    return out


def pca(scores: Matrix, names: list[str]) -> Pca:
    complete = scores[~np.isnan(scores).any(axis=1)]
    n, k = complete.shape
    if k == 1:
        return Pca(np.ones(1), np.ones(1), 1.0, n)
    if n < MIN_PCA_UNITS:
        raise WeightError(Text(
            f"PCA-vægte kræver mindst {MIN_PCA_UNITS} enheder med alle indikatorer offentliggjort; der er {n}. Vælg "
            "lige vægte eller ekspertvægte, eller flere enheder.",
            f"PCA weights need at least {MIN_PCA_UNITS} units with every indicator published; there are {n}. Fix: "
            "choose equal or expert weights, or more units."))
    sd = complete.std(axis=0)
    flat = [names[i] for i in range(k) if sd[i] == 0]
    if flat:
        raise WeightError(Text(
            f"PCA-vægte kan ikke bruge {', '.join(flat)}: alle enheder har samme score. Udelad indikatoren, eller "
            "vælg lige vægte eller ekspertvægte.",
            f"PCA weights cannot use {', '.join(flat)}: every unit has the same score. Fix: leave the indicator "
            "out, or choose equal or expert weights."))
    z = (complete - complete.mean(axis=0)) / sd
    corr = (z.T @ z) / n
    eigenvalues, vectors = np.linalg.eigh(corr)  # ascending
    v = vectors[:, -1]
    if v.sum() < 0:
        v = -v
    return Pca(v * v, v, float(eigenvalues[-1] / eigenvalues.sum()), n)
