"""Simulated futures of every criterion input, as counts the law's sources can take.

For a group of areas and the data years the forecast's list years need, each future holds, per measure, a numerator
and a denominator per data year: the published cell where the year is known and published, otherwise a draw: the
area's level from the fitted model (:mod:`.model`), then the count a group of that size would show (sampling noise);
income is drawn as the ratio to the region itself.
Denominators of drawn years follow the area's residents (published, or drawn for a future year) from the group's
last published size. Each area's futures depend only on the seed and its own id (:class:`Pool`), so they do not change
when other areas are added or left out.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np

from boligmonitor.forecast.data import RESIDENTS
from boligmonitor.forecast.model import Array, Filtered, Fit, Mask, sample_levels
from boligmonitor.forecast.series import MEASURES, NUMERATOR_SCALE, SHARES, MeasureSeries, expit

NATION_STREAM = 0x4E4154  # the nation's own random stream ("NAT")


@dataclass
class Drawn:
    """Numerators and denominators per [area, future, needed year] (NaN: unknown); ``drawn`` marks the cells that
    are simulated rather than published."""

    num: Array
    den: Array
    drawn: Mask


@dataclass
class Window:
    """Which data years the forecast needs, relative to the last data year known (``last``, a column index)."""

    years: list[int]  # needed data years, ascending and consecutive
    last_year: int  # the last data year known

    @property
    def back(self) -> int:
        return max(1, self.last_year - self.years[0] + 1)

    @property
    def ahead(self) -> int:
        return max(0, self.years[-1] - self.last_year)

    def position(self, year: int) -> int:
        """Index of ``year`` in the sampled levels (which run from last_year - back + 1)."""
        return year - (self.last_year - self.back + 1)


def stream(seed: int, key: str | int) -> np.random.Generator:
    salt = key if isinstance(key, int) else zlib.crc32(key.encode("utf-8"))
    return np.random.default_rng(np.random.SeedSequence([seed, salt]))


@dataclass
class Normals:
    """Standard normals for a group of areas: the state drawn backwards ``back`` [area, measure, future, back, 2]
    (level, slope), forwards ``ahead`` [area, measure, future, ahead, 2] and the observations' sampling noise
    ``obs`` [area, measure, future, back + ahead]."""

    back: Array
    ahead: Array
    obs: Array


class Pool:
    """One pool of standard normals for a whole forecast. Each area takes its futures from the pool in its own order
    (a rotation by an offset from the seed and the area id), so every area's futures are correctly distributed and
    independent of the nation's, while the random numbers are drawn once rather than once per area (2,000 areas x
    1,000 futures x every year and measure would cost seconds)."""

    def __init__(self, seed: int, futures: int, window: Window, measures: int) -> None:
        rng = stream(seed, 0)
        self.seed = seed
        self.futures = futures
        self.back = rng.standard_normal((measures, futures, window.back, 2))
        self.ahead = rng.standard_normal((measures, futures, window.ahead, 2))
        self.obs = rng.standard_normal((measures, futures, window.back + window.ahead))

    def offset(self, area: str) -> int:
        return int(stream(self.seed, area).integers(self.futures))

    def take(self, areas: list[str]) -> Normals:
        order = (np.arange(self.futures)[None, :] + np.array([[self.offset(a)] for a in areas])) % self.futures
        # one gather per pool: [measure, area, future, ...] -> [area, measure, future, ...]
        return Normals(*(np.moveaxis(z[:, order], 1, 0) for z in (self.back, self.ahead, self.obs)))


def _published(series: MeasureSeries, rows: np.ndarray, window: Window) -> tuple[Array, Array, Mask]:
    """Published numerator, denominator and known flag [area, needed year] (columns past the data: unknown)."""
    cols = {y: j for j, y in enumerate(series.years)}
    n, w = len(rows), len(window.years)
    num, den = np.full((n, w), np.nan), np.full((n, w), np.nan)
    known = np.zeros((n, w), dtype=bool)
    for k, y in enumerate(window.years):
        j = cols.get(y)
        if j is not None:
            num[:, k] = series.num[rows, j]
            den[:, k] = series.den[rows, j]
            known[:, k] = series.known[rows, j]
    return num, den, known


def _last(series: MeasureSeries, rows: np.ndarray, values: Array) -> Array:
    """Each area's value in its last published year (NaN when none)."""
    idx = series.last_known()[rows]
    out = np.full(len(rows), np.nan)
    ok = idx >= 0
    out[ok] = values[rows[ok], idx[ok]]
    return out


def draw(series: dict[str, MeasureSeries], fits: dict[str, Fit], states: dict[str, Filtered], rows: np.ndarray,
         areas: list[str], window: Window, pool: Pool) -> dict[str, Drawn]:
    """Futures for the areas at ``rows`` of the series (``areas`` are their ids, for their order in the pool)."""
    z = pool.take(areas)
    pos = np.array([window.position(y) for y in window.years])
    out: dict[str, Drawn] = {}
    # residents first: drawn denominators follow them
    res = series[RESIDENTS]
    levels = _levels(res, fits[RESIDENTS], states[RESIDENTS], rows, window, z, 0)
    num, den, known = _published(res, rows, window)
    drawn_res = np.rint(np.exp(levels[:, :, pos]))
    r_num = np.where(known[:, None, :], num[:, None, :], drawn_res)
    out[RESIDENTS] = Drawn(r_num, np.ones_like(r_num), np.broadcast_to(~known[:, None, :], r_num.shape).copy())
    r_last = _last(res, rows, res.num)
    for mi, m in enumerate(MEASURES[1:], start=1):
        s = series[m]
        levels = _levels(s, fits[m], states[m], rows, window, z, mi)[:, :, pos]
        num, den, known = _published(s, rows, window)
        # the group's size in a drawn year: its last published size, scaled by the residents then
        den_last = _last(s, rows, s.den)
        res_at_last = _residents_at_last(s, res, rows, r_last)
        size = np.maximum(1.0, np.rint(den_last[:, None, None] * r_num / res_at_last[:, None, None]))
        noise = z.obs[:, mi][:, :, pos]
        k = fits[m].k
        if m in SHARES:
            p = expit(levels)
            observed = levels + np.sqrt(k / (size * p * (1 - p))) * noise
            scale = NUMERATOR_SCALE[m]
            drawn_num = np.rint(expit(observed) * size * scale) / scale
        else:  # income: the log of the ratio to the region, noisier the fewer the residents
            observed = levels + np.sqrt(k / np.maximum(r_num, 1.0)) * noise
            drawn_num = np.rint(np.exp(observed) * NUMERATOR_SCALE[m]) / NUMERATOR_SCALE[m]
            size = np.ones_like(drawn_num)
        use = known[:, None, :]
        out[m] = Drawn(np.where(use, num[:, None, :], drawn_num), np.where(use, den[:, None, :], size),
                       np.broadcast_to(~known[:, None, :], drawn_num.shape).copy())
    return out


def _levels(s: MeasureSeries, fit: Fit, state: Filtered, rows: np.ndarray, window: Window, z: Normals,
            measure: int) -> Array:
    """Level draws [area, future, back + ahead]."""
    last = s.years.index(window.last_year)
    sub = Filtered(state.m[rows], state.p[rows], state.started[rows])
    return sample_levels(sub, fit.params, last, window.back, window.ahead, z.back[:, measure], z.ahead[:, measure])


def _residents_at_last(s: MeasureSeries, res: MeasureSeries, rows: np.ndarray, r_last: Array) -> Array:
    """Residents in the year of the measure's last published cell (the last published residents when unknown)."""
    idx = s.last_known()[rows]
    out = r_last.copy()
    ok = idx >= 0
    at = res.num[rows[ok], idx[ok]]
    out[ok] = np.where(np.isnan(at), r_last[ok], at)
    return np.maximum(out, 1.0)


def draw_nation(series: MeasureSeries, fit: Fit, state: Filtered, window: Window, futures: int, seed: int) -> Drawn:
    """The nation's convicted share per [1, future, needed year]: published where known, else drawn (one draw per
    future, shared by every area in that future)."""
    rows = np.array([0])
    rng = stream(seed, NATION_STREAM)
    z = Normals(rng.standard_normal((1, 1, futures, window.back, 2)),
                rng.standard_normal((1, 1, futures, window.ahead, 2)),
                rng.standard_normal((1, 1, futures, window.back + window.ahead)))
    pos = np.array([window.position(y) for y in window.years])
    levels = _levels(series, fit, state, rows, window, z, 0)[:, :, pos]
    num, den, known = _published(series, rows, window)
    size = np.broadcast_to(_last(series, rows, series.den)[:, None, None], levels.shape)
    p = expit(levels)
    observed = levels + np.sqrt(fit.k / (size * p * (1 - p))) * z.obs[:, 0][:, :, pos]
    drawn_num = np.rint(expit(observed) * size)
    use = known[:, None, :]
    return Drawn(np.where(use, num[:, None, :], drawn_num), np.where(use, den[:, None, :], size),
                 np.broadcast_to(~known[:, None, :], drawn_num.shape).copy())
