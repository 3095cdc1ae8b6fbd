"""Uncertainty and sensitivity of an index's ranks to the choices behind it (the JRC/OECD handbook's step 7).

*Uncertainty* (Monte Carlo): each run draws a normalisation, an aggregation that can take its scores, a weighting
method with every weight multiplied by U(1 − noise, 1 + noise), and with ``drop_probability`` leaves out one indicator;
the units the definition itself scores are ranked again. Run 0 is the definition itself. A unit's rank interval is
the 5th to 95th percentile of its ranks over the runs, widened to reach its nominal rank when that falls outside (so
the interval always contains the published rank; ``outside_central`` says when it had to be widened).

*Sensitivity* (one choice at a time): every alternative of one dimension with the others at the definition's own
choices; the mean and largest absolute rank shift against the nominal ranks, and the share of units that move. The
dimension whose alternatives move ranks most on average comes first.

Everything is computed from the same published cells as the index; the random numbers come from one seeded
generator, so the same seed gives the same intervals.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from boligmonitor.index import texts as tx
from boligmonitor.index import weights as wt
from boligmonitor.index.aggregate import aggregate
from boligmonitor.index.classes import competition_rank
from boligmonitor.index.compute import directions, index_from_panel, reference_types, resolve_weights, settle, targets
from boligmonitor.index.data import IndexData
from boligmonitor.index.panel import build_panel
from boligmonitor.index.result import IndexResult
from boligmonitor.index.scores import score_matrix
from boligmonitor.index.spec import Aggregation, IndexSpec, Normalisation, compatible
from boligmonitor.indicators.catalogue import LABELS
from boligmonitor.rules.texts import Text

Matrix = NDArray[np.float64]
Ranks = NDArray[np.int64]
CENTRAL = (5.0, 95.0)


@dataclass(frozen=True)
class RankInterval:
    unit_id: str
    name: str
    nominal: int
    median: float
    low: int
    high: int
    runs: int  # runs in which the unit was ranked
    outside_central: bool  # the nominal rank lay outside the central 90 % and the interval was widened to it


@dataclass(frozen=True)
class ChoiceEffect:
    dimension: str  # weights | normalisation | aggregation | indicators
    option: str  # the alternative, e.g. "zscore", "pca", "noise ±25 %", "-charged_15_29"
    mean_shift: float  # mean absolute rank change against the nominal ranks
    max_shift: int
    moved_share: float  # share of units whose rank changed


@dataclass(frozen=True)
class SensitivityResult:
    nominal: IndexResult
    runs: int
    seed: int
    intervals: list[RankInterval]
    effects: list[ChoiceEffect]
    ranking: list[tuple[str, float]]  # dimension -> mean of its options' mean shifts, largest first
    skipped: list[str]  # alternatives that could not be used (incompatible, or PCA impossible)

    def interval(self, unit_id: str) -> RankInterval:
        return next(i for i in self.intervals if i.unit_id == unit_id)

    def flat(self, lang: str = "da") -> list[dict[str, Any]]:
        """Rows for the rank chart and downloads, sorted by nominal rank."""
        return [{"area_id": i.unit_id, "name": i.name, "rank": i.nominal, "rank_median": i.median,
                 "rank_low": i.low, "rank_high": i.high, "runs": i.runs, "outside_central": i.outside_central}
                for i in sorted(self.intervals, key=lambda i: (i.nominal, i.unit_id))]

    def effect_rows(self, lang: str = "da") -> list[dict[str, Any]]:
        return [{"dimension": tx.DIMENSION[e.dimension].pick(lang), "option": _option_label(e, lang),
                 "mean_shift": round(e.mean_shift, 3), "max_shift": e.max_shift,
                 "moved_share": round(e.moved_share, 3)} for e in self.effects]


def _option_label(e: ChoiceEffect, lang: str) -> str:
    if e.dimension == "indicators":
        da, en = LABELS.get(e.option, (e.option, e.option))
        return tx.LEFT_OUT.format(indicator=Text(da, en)).pick(lang)
    if e.dimension == "normalisation":
        method, _, ref = e.option.partition(":")
        return tx.NORMALISATION[method].format(ref=tx.REFERENCE_UNIT.get(ref or "municipality")).pick(lang)
    if e.dimension == "aggregation":
        return tx.AGGREGATION[e.option.split("(")[0]].format(p=e.option.partition("=")[2].rstrip(")")).pick(lang)
    if e.option in tx.WEIGHTS:
        return tx.WEIGHTS[e.option].pick(lang)
    if e.option.startswith("noise "):  # "noise ±25 %": each weight varied at random (Danish pages showed English)
        return Text(f"vægtene varieret tilfældigt {e.option[6:]}", e.option).pick(lang)
    return e.option


def _unique(items: list[Any]) -> list[Any]:
    seen: set[str] = set()
    out = []
    for it in items:
        if it.key() not in seen:
            seen.add(it.key())
            out.append(it)
    return out


class _Runner:
    """Scores per normalisation computed once; each run only weights, aggregates and ranks (numpy)."""

    def __init__(self, spec: IndexSpec, panel: Any, nominal_set: NDArray[np.bool_]) -> None:
        self.spec = spec
        self.nominal_set = nominal_set
        self.k = len(spec.indicators)
        self.norms = _unique([spec.normalisation, *(spec.sensitivity.normalisation or [])])
        self.aggs = _unique([spec.aggregation, *(spec.sensitivity.aggregation or [])])
        self.weight_methods = list(dict.fromkeys([spec.weights.method, *(spec.sensitivity.weights or [])]))
        self.scores = {n.key(): score_matrix(panel, panel.current, n, directions(spec), targets(spec))[0]
                       for n in self.norms}
        self._weights: dict[tuple[str, str, int | None], NDArray[np.float64] | None] = {}

    def columns(self, drop: int | None) -> list[int]:
        return [c for c in range(self.k) if c != drop]

    def weights(self, norm: Normalisation, method: str, drop: int | None) -> NDArray[np.float64] | None:
        key = (norm.key(), method, drop)
        if key not in self._weights:
            try:
                self._weights[key] = resolve_weights(method, self.spec, self.scores[norm.key()], self.columns(drop))[0]
            except wt.WeightError:
                self._weights[key] = None
        return self._weights[key]

    def ranks(self, norm: Normalisation, agg: Aggregation, w: NDArray[np.float64], drop: int | None) -> Ranks:
        s = self.scores[norm.key()][:, self.columns(drop)]
        values, _ = aggregate(s, w, agg.method, agg.p, self.spec.missing.rule, self.spec.missing.min_coverage)
        values = np.where(self.nominal_set, settle(values), np.nan)
        return competition_rank(values)


def sensitivity(data: IndexData, spec: IndexSpec, year: int | None = None, runs: int = 1000, seed: int = 1,
                units: Collection[str] | None = None, progress: Callable[[int], None] | None = None
                ) -> SensitivityResult:
    panel = build_panel(data, spec, year, units, reference_types(spec, with_alternatives=True))
    nominal = index_from_panel(panel, spec, data.vintage())
    r0 = np.array([r.rank or 0 for r in nominal.rows], dtype=np.int64)
    in_set = r0 > 0
    runner = _Runner(spec, panel, in_set)
    rng = np.random.default_rng(seed)
    s = spec.sensitivity
    skipped = [f"{n.key()} × {a.key()}" for n in runner.norms for a in runner.aggs if not compatible(n, a)]
    matrix = np.zeros((runs + 1, len(r0)), dtype=np.int64)
    matrix[0] = r0
    for run in range(1, runs + 1):
        drop = int(rng.integers(runner.k)) if runner.k > 1 and rng.random() < s.drop_probability else None
        norm = runner.norms[int(rng.integers(len(runner.norms)))]
        aggs = [a for a in runner.aggs if compatible(norm, a)]
        agg = aggs[int(rng.integers(len(aggs)))] if aggs else Aggregation(method="arithmetic")
        methods = [m for m in runner.weight_methods if runner.weights(norm, m, drop) is not None]
        base = runner.weights(norm, methods[int(rng.integers(len(methods)))], drop) if methods else None
        if base is None:  # no weighting possible for this draw (e.g. PCA on too few units): equal weights
            base = wt.equal(len(runner.columns(drop)))
        w = base * rng.uniform(1 - s.weight_noise, 1 + s.weight_noise, size=base.shape)
        matrix[run] = runner.ranks(norm, agg, w / w.sum(), drop)
        if progress is not None and run % 50 == 0:
            progress(run)
    for (nk, method, drop), w_ in sorted(runner._weights.items(), key=lambda kv: str(kv[0])):
        if w_ is None:
            skipped.append(f"{method} × {nk}" + (f" × -{spec.ids()[drop]}" if drop is not None else ""))
    intervals = _intervals(nominal, matrix, in_set)
    effects = _effects(runner, r0, in_set, rng)
    by_dim: dict[str, list[float]] = {}
    for e in effects:
        by_dim.setdefault(e.dimension, []).append(e.mean_shift)
    ranking = sorted(((d, float(np.mean(v))) for d, v in by_dim.items()), key=lambda dv: (-dv[1], dv[0]))
    return SensitivityResult(nominal, runs, seed, intervals, effects, ranking, sorted(set(skipped)))


def _intervals(nominal: IndexResult, matrix: Ranks, in_set: NDArray[np.bool_]) -> list[RankInterval]:
    out = []
    for i, row in enumerate(nominal.rows):
        if not in_set[i]:
            continue
        ranks = matrix[:, i][matrix[:, i] > 0]
        lo_c = int(np.floor(np.percentile(ranks, CENTRAL[0])))
        hi_c = int(np.ceil(np.percentile(ranks, CENTRAL[1])))
        nominal_rank = int(matrix[0, i])
        out.append(RankInterval(row.unit_id, row.name, nominal_rank, float(np.median(ranks)),
                                min(lo_c, nominal_rank), max(hi_c, nominal_rank), int(ranks.size),
                                not lo_c <= nominal_rank <= hi_c))
    return out


def _shift(r0: Ranks, r: Ranks, in_set: NDArray[np.bool_]) -> tuple[float, int, float]:
    both = in_set & (r > 0)
    if not both.any():
        return 0.0, 0, 0.0
    d = np.abs(r[both] - r0[both])
    return float(d.mean()), int(d.max()), float((d > 0).mean())


def _effects(runner: _Runner, r0: Ranks, in_set: NDArray[np.bool_], rng: np.random.Generator) -> list[ChoiceEffect]:
    spec, out = runner.spec, []
    n0, a0, m0 = spec.normalisation, spec.aggregation, spec.weights.method
    w0 = runner.weights(n0, m0, None)
    assert w0 is not None  # the nominal index was computed with these weights
    for n in runner.norms[1:]:
        w = runner.weights(n, m0, None)
        if compatible(n, a0) and w is not None:
            out.append(ChoiceEffect("normalisation", n.key(), *_shift(r0, runner.ranks(n, a0, w, None), in_set)))
    for a in runner.aggs[1:]:
        if compatible(n0, a):
            out.append(ChoiceEffect("aggregation", a.key(), *_shift(r0, runner.ranks(n0, a, w0, None), in_set)))
    for m in runner.weight_methods[1:]:
        w = runner.weights(n0, m, None)
        if w is not None:
            out.append(ChoiceEffect("weights", m, *_shift(r0, runner.ranks(n0, a0, w, None), in_set)))
    noise = spec.sensitivity.weight_noise
    if noise > 0:
        draws = [_shift(r0, runner.ranks(n0, a0, _noisy(w0, noise, rng), None), in_set) for _ in range(50)]
        out.append(ChoiceEffect("weights", f"noise ±{round(noise * 100)} %", float(np.mean([d[0] for d in draws])),
                                max(d[1] for d in draws), float(np.mean([d[2] for d in draws]))))
    if runner.k > 1:
        for c in range(runner.k):
            w = runner.weights(n0, m0, c)
            if w is not None:
                out.append(ChoiceEffect("indicators", spec.ids()[c], *_shift(r0, runner.ranks(n0, a0, w, c), in_set)))
    return out


def _noisy(w: NDArray[np.float64], noise: float, rng: np.random.Generator) -> NDArray[np.float64]:
    x = w * rng.uniform(1 - noise, 1 + noise, size=w.shape)
    out: NDArray[np.float64] = x / x.sum()
    return out
