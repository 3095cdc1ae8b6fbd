"""The time-series model behind the forecast: a damped local linear trend observed with sampling noise, fitted on
published cells, many areas at once.

For one area and measure the published yearly value, transformed to an unbounded scale (``y``: the logit of a share,
the log of a mean relative to the region, the log of a count), is

    y_t = x_t + e_t,                  e_t ~ N(0, k · u_t)     (observation: sampling noise of the group)
    x_t = x_{t-1} + φ b_{t-1} + w_t,  w_t ~ N(0, q)           (the level moves with the area's own slope ...)
    b_t = φ b_{t-1} + z_t,            z_t ~ N(0, s)           (... which changes slowly and fades by φ a year)

with the slope starting at 0 with variance ``v`` in an area's first published year. ``u_t`` is the sampling variance
of ``y_t`` the size of the group implies (1/(n p (1-p)) for a share, 1/n for a mean, 0 for a count); ``k`` scales it
(consecutive years share most residents, so year-to-year noise is far below that of independent samples). The
parameters (q, k, s, v, φ) are pooled over all areas of a measure and chosen by maximum likelihood on a grid, by
coordinate ascent. A year whose cell is suppressed or absent is not observed: the filter carries the state forward
and its uncertainty grows, so nothing is ever filled in for it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]
Mask = NDArray[np.bool_]

# Candidate values for the pooled parameters (variances per year on the transformed scale; 0.01 on the logit scale is
# about ±2.5 percentage points a year around 40 %).
Q_GRID: tuple[float, ...] = (0.0, 1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 2e-3, 4e-3, 8e-3, 0.016, 0.032, 0.064, 0.128)
K_GRID: tuple[float, ...] = (0.01, 0.02, 0.05, 0.1, 0.2, 0.35, 0.5, 0.7, 1.0, 1.4, 2.0, 2.8, 4.0)
S_GRID: tuple[float, ...] = (0.0, 1e-6, 1e-5, 3e-5, 1e-4, 3e-4, 1e-3)
V_GRID: tuple[float, ...] = (0.0, 1e-5, 1e-4, 4e-4, 1.6e-3, 6.4e-3)
PHI_GRID: tuple[float, ...] = (0.5, 0.7, 0.8, 0.9, 1.0)
FIT_UNITS = 300  # the pooled parameters are fitted on at most this many areas (every n-th), enough for five numbers
LOG_2PI = float(np.log(2 * np.pi))
JITTER = 1e-12


@dataclass(frozen=True)
class Params:
    q: float = 1e-3
    k: float = 1.0
    s: float = 0.0
    v: float = 0.0
    phi: float = 1.0


@dataclass(frozen=True)
class Fit:
    """Pooled parameters of one measure and what they were fitted on."""

    params: Params
    loglik: float
    units: int  # units with at least two published years (the ones that inform the fit)
    observations: int

    @property
    def q(self) -> float:
        return self.params.q

    @property
    def k(self) -> float:
        return self.params.k


@dataclass(frozen=True)
class Filtered:
    """Filtered state per unit and year: mean ``m`` [unit, year, 2] (level, slope) and covariance ``p``
    [unit, year, 2, 2] (NaN before the first published year)."""

    m: Array
    p: Array
    started: Mask  # [unit, year]: a published year at or before this year


def _transition(phi: float) -> Array:
    return np.array([[1.0, phi], [0.0, phi]])


def kalman(y: Array, u: Array, known: Mask, prm: Params) -> tuple[Filtered, Array]:
    """Filter every unit at once; returns the filtered states and each unit's log-likelihood.

    ``y``, ``u`` and ``known`` are [unit, year]. The first published year starts the level at the observation (a
    diffuse level), so it adds nothing to the likelihood. The 2x2 algebra is written out, branch-free over units."""
    units, years = y.shape
    phi, q, s_ = prm.phi, prm.q, prm.s
    m = np.full((units, years, 2), np.nan)
    p = np.full((units, years, 2, 2), np.nan)
    lv = np.zeros(units)  # level
    sl = np.zeros(units)  # slope
    p00 = np.zeros(units)
    p01 = np.zeros(units)
    p11 = np.zeros(units)
    on = np.zeros(units, dtype=bool)
    ll = np.zeros(units)
    yz = np.where(known, y, 0.0)
    uz = np.where(known, u, 0.0)
    for t in range(years):
        # predict: level += phi * slope, slope *= phi (T = [[1, phi], [0, phi]])
        lv = lv + phi * sl
        sl = phi * sl
        n00 = p00 + 2 * phi * p01 + phi * phi * p11 + q
        n01 = phi * p01 + phi * phi * p11
        n11 = phi * phi * p11 + s_
        obs = known[:, t]
        r = prm.k * uz[:, t]
        first = obs & ~on
        upd = obs & on
        sv = np.maximum(n00 + r, JITTER)
        v = yz[:, t] - lv
        ll += np.where(upd, -0.5 * (LOG_2PI + np.log(sv) + v * v / sv), 0.0)
        g0, g1 = n00 / sv, n01 / sv
        lv = np.where(upd, lv + g0 * v, np.where(first, yz[:, t], lv))
        sl = np.where(upd, sl + g1 * v, np.where(first, 0.0, sl))
        p00 = np.where(upd, n00 - g0 * n00, np.where(first, r, n00))
        p01 = np.where(upd, n01 - g0 * n01, np.where(first, 0.0, n01))
        p11 = np.where(upd, n11 - g1 * n01, np.where(first, prm.v, n11))
        on = on | obs
        m[:, t, 0] = np.where(on, lv, np.nan)
        m[:, t, 1] = np.where(on, sl, np.nan)
        p[:, t, 0, 0] = np.where(on, p00, np.nan)
        p[:, t, 0, 1] = p[:, t, 1, 0] = np.where(on, p01, np.nan)
        p[:, t, 1, 1] = np.where(on, p11, np.nan)
    started = np.cumsum(known, axis=1) > 0
    return Filtered(m, p, started), ll


def last_value(y: Array, known: Mask) -> Filtered:
    """The state "no change": each year's level is the last published value up to it, known exactly, no slope."""
    units, years = y.shape
    m = np.full((units, years, 2), np.nan)
    level = np.full(units, np.nan)
    for t in range(years):
        level = np.where(known[:, t], y[:, t], level)
        m[:, t, 0] = level
        m[:, t, 1] = np.where(np.isnan(level), np.nan, 0.0)
    started = np.cumsum(known, axis=1) > 0
    p = np.where(started[:, :, None, None], 0.0, np.nan) * np.ones((1, 1, 2, 2))
    return Filtered(m, p, started)


def _total(y: Array, u: Array, known: Mask, prm: Params) -> float:
    return float(kalman(y, u, known, prm)[1].sum())


def fit(y: Array, u: Array, known: Mask) -> Fit:
    """The pooled parameters with the largest likelihood, by coordinate ascent over the grids (twice round). With
    fewer than two published years in every unit nothing can be learnt: then a random walk with q = 0.001 and k = 1
    (stated in the result's method)."""
    informative = np.flatnonzero(known.sum(axis=1) >= 2)
    observations = int(known[informative].sum())
    if not len(informative):
        return Fit(Params(), float("nan"), 0, observations)
    if len(informative) > FIT_UNITS:
        informative = informative[np.linspace(0, len(informative) - 1, FIT_UNITS).astype(int)]
    yi, ui, ki = y[informative], u[informative], known[informative]
    noisy = float(np.nanmax(np.where(ki, ui, 0.0))) > 0  # counts have no sampling noise: k stays 1
    best = Params(q=1e-3, k=1.0)
    best_ll = _total(yi, ui, ki, best)

    def improve(field: str, grid: tuple[float, ...]) -> None:
        nonlocal best, best_ll
        for value in grid:
            trial = replace(best, **{field: value})
            if not noisy and trial.q == 0 and trial.s == 0:
                continue  # no variance at all: the likelihood is degenerate
            ll = _total(yi, ui, ki, trial)
            if ll > best_ll + 1e-9:
                best, best_ll = trial, ll

    for _ in range(2):
        improve("q", Q_GRID)
        if noisy:
            improve("k", K_GRID)
        improve("v", V_GRID)
        improve("s", S_GRID)
        improve("phi", PHI_GRID)
    return Fit(best, best_ll, len(informative), observations)


def sample_levels(state: Filtered, prm: Params, last: int, back: int, ahead: int, z_back: Array,
                  z_ahead: Array) -> Array:
    """Draws of the level for years ``last-back+1 .. last+ahead`` (index ``last`` is the last data year known).

    The state at ``last`` is drawn from the filtered distribution; earlier years backwards, conditioned on the later
    draw (backward sampling, so a suppressed year inside an averaging window gets a draw consistent with the years
    around it, never its own cell); later years forwards. ``z_back`` is standard normal [unit, future, back, 2],
    ``z_ahead`` [unit, future, ahead, 2]. Units whose state has not started are NaN."""
    phi, q, s_ = prm.phi, prm.q, prm.s
    units, futures = z_back.shape[0], z_back.shape[1]
    out = np.full((units, futures, back + ahead), np.nan)
    lv, sl = _draw(state.m[:, last], state.p[:, last], z_back[:, :, back - 1])
    out[:, :, back - 1] = lv
    bl, bs = lv, sl
    for j in range(back - 2, -1, -1):
        t = last - (back - 1 - j)
        if t < 0:
            break
        m, pt = state.m[:, t], np.nan_to_num(state.p[:, t])
        a, b, d = pt[:, 0, 0], pt[:, 0, 1], pt[:, 1, 1]
        # predicted covariance T P T' + Q and the smoothing gain J = P T' (T P T' + Q)^-1, written out
        n00 = a + 2 * phi * b + phi * phi * d + q + JITTER
        n01 = phi * b + phi * phi * d
        n11 = phi * phi * d + s_ + JITTER
        det = n00 * n11 - n01 * n01
        c00, c01, c10, c11 = a + phi * b, phi * b, b + phi * d, phi * d  # P T'
        j00 = (c00 * n11 - c01 * n01) / det
        j01 = (c01 * n00 - c00 * n01) / det
        j10 = (c10 * n11 - c11 * n01) / det
        j11 = (c11 * n00 - c10 * n01) / det
        pl, ps = m[:, 0] + phi * m[:, 1], phi * m[:, 1]
        dl, ds = bl - pl[:, None], bs - ps[:, None]
        mean = np.stack([m[:, 0][:, None] + j00[:, None] * dl + j01[:, None] * ds,
                         m[:, 1][:, None] + j10[:, None] * dl + j11[:, None] * ds], axis=-1)
        # covariance P - J T P
        v00 = a - (j00 * (a + phi * b) + j01 * phi * b)
        v01 = b - (j00 * (b + phi * d) + j01 * phi * d)
        v11 = d - (j10 * (b + phi * d) + j11 * phi * d)
        cov = np.stack([np.stack([v00, v01], -1), np.stack([v01, v11], -1)], -2)
        bl, bs = _draw(mean, cov, z_back[:, :, j])
        ok = state.started[:, t][:, None]
        bl, bs = np.where(ok, bl, np.nan), np.where(ok, bs, np.nan)
        out[:, :, j] = bl
    sq, ss = np.sqrt(q), np.sqrt(s_)
    for h in range(ahead):
        lv = lv + phi * sl + sq * z_ahead[:, :, h, 0]
        sl = phi * sl + ss * z_ahead[:, :, h, 1]
        out[:, :, back + h] = lv
    return out


def _draw(mean: Array, cov: Array, z: Array) -> tuple[Array, Array]:
    """Level and slope drawn from N(mean, cov): ``mean`` [unit, 2] or [unit, future, 2], ``cov`` [unit, 2, 2],
    ``z`` [unit, future, 2]."""
    c = np.nan_to_num(cov)
    a = np.sqrt(np.maximum(c[:, 0, 0], 0.0))
    b = np.where(a > 0, c[:, 1, 0] / np.where(a > 0, a, 1.0), 0.0)
    d = np.sqrt(np.maximum(c[:, 1, 1] - b * b, 0.0))
    ml = mean[..., 0] if mean.ndim == 3 else mean[:, 0][:, None]
    ms = mean[..., 1] if mean.ndim == 3 else mean[:, 1][:, None]
    lv = ml + a[:, None] * z[..., 0]
    sl = ms + b[:, None] * z[..., 0] + d[:, None] * z[..., 1]
    return lv, sl
