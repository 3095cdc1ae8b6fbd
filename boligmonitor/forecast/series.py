"""Published yearly cells as arrays [area, data year], one per criterion measure, on the model's scale.

Only published cells enter: a suppressed or absent cell is a year not observed (``known`` False). Shares are put on
the logit scale with the sampling variance their group implies, mean income as the log of the area's mean relative
to its region's mean in the same year, residents as a log count.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from boligmonitor.forecast.data import MEASURE_INDICATORS, NATION_ID, RESIDENTS, Cell, Vintage
from boligmonitor.forecast.model import Array, Mask

SHARES = ("nonwestern", "outside_labour", "basic_education", "convicted")
# Numerators published in whole persons; outside_labour is a sum of full-time equivalents (millionths, as the
# pipeline sums them), income a sum of DKK (øre).
NUMERATOR_SCALE = {"nonwestern": 1, "basic_education": 1, "convicted": 1, "outside_labour": 1_000_000,
                   "income": 100}
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
    ref: Array | None = None  # income: the region's published mean in the same year (NaN when not published)

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
    num = np.full((len(units), len(years)), np.nan)
    den = np.full((len(units), len(years)), np.nan)
    for i, unit in enumerate(units):
        for j, year in enumerate(years):
            c: Cell | None = vintage.cell(unit_type, unit, year, indicator)
            if c is None or c.suppressed or c.numerator is None:
                continue
            num[i, j] = c.numerator
            den[i, j] = 1.0 if indicator == RESIDENTS else (c.denominator if c.denominator is not None else np.nan)
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
    regions = [str(vintage.region_of(a)) for a in areas]
    rnum, rden, rknown = _grid(vintage, "region", regions, years, MEASURE_INDICATORS["income"])
    with np.errstate(divide="ignore", invalid="ignore"):
        ref = np.where(rknown, rnum / rden, np.nan)
        mean = num / den
        known = known & rknown & (mean > 0) & (ref > 0)
        y = np.where(known, np.log(mean) - np.log(ref), np.nan)
        u = np.where(known, 1.0 / den, np.nan)
    out["income"] = MeasureSeries("income", areas, years, num, den, known, y, u, ref)
    return out


def national(vintage: Vintage, years: list[int]) -> MeasureSeries:
    """The nation's convicted share (the convicted criterion compares with it)."""
    num, den, known = _grid(vintage, "nation", [NATION_ID], years, MEASURE_INDICATORS["convicted"])
    return share_series("convicted", num, den, known, [NATION_ID], years)


def region_counts(vintage: Vintage, region: str, years: list[int]) -> tuple[Array, Array]:
    """The region's published income numerator and denominator per year (NaN when not published)."""
    num, den, _ = _grid(vintage, "region", [region], years, MEASURE_INDICATORS["income"])
    return num[0], den[0]
