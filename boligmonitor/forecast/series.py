"""Published yearly cells as arrays [area, data year], one per criterion measure, on the model's scale.

Only published cells enter: a suppressed or absent cell is a year not observed (``known`` False). Shares are put on
the logit scale with the sampling variance their group implies, income as the log of the published ratio of the
area's mean to its region's mean (its sampling variance taken as inversely proportional to the residents, since the
ratio is published without its counts), residents as a log count.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from boligmonitor.forecast.data import MEASURE_INDICATORS, NATION_ID, RATIOS, RESIDENTS, Cell, Vintage
from boligmonitor.forecast.model import Array, Mask

SHARES = ("nonwestern", "outside_labour", "basic_education", "convicted")
# Numerators published in whole persons; outside_labour is a sum of full-time equivalents (millionths, as the
# pipeline sums them); income is the ratio itself, kept to nine decimals.
NUMERATOR_SCALE = {"nonwestern": 1, "basic_education": 1, "convicted": 1, "outside_labour": 1_000_000,
                   "income": 1_000_000_000}
MEASURES = (RESIDENTS, *SHARES, "income")


@dataclass
class MeasureSeries:
    """One measure for many units: published numerators and denominators, and the model's view of them."""

    measure: str
    units: list[str]
    years: list[int]
    num: Array  # published numerator (NaN when not published)
    den: Array  # published denominator (residents: 1)
    known: Mask
    y: Array  # transformed value (NaN when not published)
    u: Array  # sampling variance of y per unit of k (0 for counts)

    def last_known(self) -> NDArray[np.intp]:
        """Index of the last published year per unit (-1: none)."""
        idx = np.where(self.known, np.arange(len(self.years))[None, :], -1)
        return np.asarray(idx.max(axis=1), dtype=np.intp)


def logit(p: Array) -> Array:
    return np.log(p) - np.log1p(-p)


def expit(y: Array) -> Array:
    return 1.0 / (1.0 + np.exp(-y))


def _grid(vintage: Vintage, unit_type: str, units: list[str], years: list[int], indicator: str
          ) -> tuple[Array, Array, Mask]:
    """Numerators and denominators [unit, year]; a count has denominator 1, a ratio is its value over 1."""
    num = np.full((len(units), len(years)), np.nan)
    den = np.full((len(units), len(years)), np.nan)
    ratio = indicator in RATIOS
    for i, unit in enumerate(units):
        for j, year in enumerate(years):
            c: Cell | None = vintage.cell(unit_type, unit, year, indicator)
            if c is None or c.suppressed:
                continue
            top = c.value if ratio else c.numerator
            if top is None:
                continue
            num[i, j] = top
            den[i, j] = 1.0 if indicator == RESIDENTS or ratio else (
                c.denominator if c.denominator is not None else np.nan)
    known = ~np.isnan(num) & ~np.isnan(den) & (den > 0)
    return num, den, known


def share_series(measure: str, num: Array, den: Array, known: Mask, units: list[str], years: list[int]
                 ) -> MeasureSeries:
    with np.errstate(divide="ignore", invalid="ignore"):
        p = num / den
        # a published share is never 0 or 1 under disclosure control; should one be, it is kept off the edge by
        # half a person so that its logit is finite
        half = 0.5 / np.where(known, den, 1.0)
        p = np.clip(p, half, 1 - half)
        y = np.where(known, logit(p), np.nan)
        u = np.where(known, 1.0 / (den * p * (1 - p)), np.nan)
    return MeasureSeries(measure, units, years, num, den, known, y, u)


def build(vintage: Vintage, areas: list[str], years: list[int]) -> dict[str, MeasureSeries]:
    """Every measure for ``areas`` over data ``years``."""
    out: dict[str, MeasureSeries] = {}
    num, den, known = _grid(vintage, "area", areas, years, RESIDENTS)
    with np.errstate(divide="ignore"):
        y = np.where(known, np.log(np.maximum(num, 1.0)), np.nan)
    out[RESIDENTS] = MeasureSeries(RESIDENTS, areas, years, num, den, known, y, np.where(known, 0.0, np.nan))
    for m in SHARES:
        num, den, known = _grid(vintage, "area", areas, years, MEASURE_INDICATORS[m])
        out[m] = share_series(m, num, den, known, areas, years)
    num, den, known = _grid(vintage, "area", areas, years, MEASURE_INDICATORS["income"])
    residents = out[RESIDENTS].num
    with np.errstate(divide="ignore", invalid="ignore"):
        known = known & (num > 0) & ~np.isnan(residents) & (residents > 0)
        y = np.where(known, np.log(num), np.nan)
        u = np.where(known, 1.0 / residents, np.nan)
    out["income"] = MeasureSeries("income", areas, years, num, den, known, y, u)
    return out


def national(vintage: Vintage, years: list[int]) -> MeasureSeries:
    """The nation's convicted share (the convicted criterion compares with it)."""
    num, den, known = _grid(vintage, "nation", [NATION_ID], years, MEASURE_INDICATORS["convicted"])
    return share_series("convicted", num, den, known, [NATION_ID], years)
