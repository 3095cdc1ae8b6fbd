"""From a panel to the score matrix of one normalisation, and why each missing score is missing."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from boligmonitor.index import normalise as nz
from boligmonitor.index.panel import ABSENT, OK, SUPPRESSED, Layer, Panel
from boligmonitor.index.spec import Normalisation

Matrix = NDArray[np.float64]
Reasons = NDArray[np.int8]
# why a score is missing: index into REASONS (0 = not missing)
REASONS = ("", "suppressed", "absent", "reference_suppressed", "reference_absent", "not_comparable")


def needs_reference(n: Normalisation) -> bool:
    return n.method in ("reference", "points")


def score_matrix(panel: Panel, layer: Layer, n: Normalisation, directions: list[int],
                 targets: list[float | None]) -> tuple[Matrix, Reasons]:
    """Scores of every eligible unit (NaN where missing or not eligible) and the reason codes of missing ones."""
    x, pop = layer.values, panel.eligible
    out = np.full(x.shape, np.nan)
    reasons = np.where(layer.codes == SUPPRESSED, 1, np.where(layer.codes == ABSENT, 2, 0)).astype(np.int8)
    for j, d in enumerate(directions):
        col = x[:, j]
        if needs_reference(n):
            ref = panel.references[n.reference]
            r = ref.values[:, j]
            rel = nz.relative(col, d, r)
            ok_here = layer.codes[:, j] == OK
            reasons[:, j] = np.where(ok_here & (ref.codes[:, j] == SUPPRESSED), 3,
                                     np.where(ok_here & (ref.codes[:, j] == ABSENT), 4, reasons[:, j]))
            reasons[:, j] = np.where(nz.not_comparable(col, d, r), 5, reasons[:, j])
            if n.method == "points":
                assert n.bands is not None
                col_scores = nz.points(rel, [(b.from_, b.points) for b in n.bands])
            else:
                col_scores = rel
        elif n.method == "zscore":
            col_scores = nz.zscore(col, d, pop)
        elif n.method == "minmax":
            col_scores = nz.minmax(col, d, pop)
        elif n.method == "rank":
            col_scores = nz.rank(col, d, pop)
        elif n.method == "percentile":
            col_scores = nz.percentile(col, d, pop)
        elif n.method == "exponential":
            col_scores = nz.exponential(col, d, pop, n.constant)
        else:  # target
            goal = targets[j]
            assert goal is not None
            col_scores = nz.target(col, d, goal, n.cap)
        out[:, j] = np.where(pop, col_scores, np.nan)
    return out, reasons


def changes(panel: Panel) -> Layer:
    """The change of each indicator since the dynamics' comparison year, where both years are published."""
    assert panel.previous is not None
    now, before = panel.current, panel.previous
    both = (now.codes == OK) & (before.codes == OK)
    codes = np.where(both, OK, np.where((now.codes == SUPPRESSED) | (before.codes == SUPPRESSED), SUPPRESSED,
                                        ABSENT)).astype(np.int8)
    return Layer(np.where(both, now.values - before.values, np.nan), codes)
