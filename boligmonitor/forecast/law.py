"""What the law compares in a list year, read from the rule functions themselves, and how to tell futures apart.

A decision's membership depends on the simulated inputs only through comparisons of the values the rules ask their
source for with thresholds (and, for consecutive-year categories, on the earlier years' statuses). So two futures
that agree on every such comparison get the same decisions, and the real rule functions need to run only once per
distinct pattern ("signature"), not once per future.

Which comparisons a list year makes is not written down here a second time: :func:`comparisons` runs
``classify_area`` on a probe source that answers every request with a distinct marker value, and reads back from each
criterion which request its value came from and which threshold it was compared with. Residents are also compared
with every resident count the parameters name (a rule may branch on one, as § 51 b does at 5,000 residents).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from functools import cache

import numpy as np
from numpy.typing import NDArray

from boligmonitor.errors import BoligmonitorError
from boligmonitor.forecast.model import Array
from boligmonitor.rules.classify import classify_area, list_date
from boligmonitor.rules.model import MeasureValue
from boligmonitor.rules.parameters import ParameterSet, default_parameters
from boligmonitor.rules.sources import CriterionSource
from boligmonitor.rules.texts import Text
from boligmonitor.rules.versions import GHETTO_FAMILY

# A request to a criterion source: (kind, measure, data years, average). Kinds as in rules.sources.CriterionSource.
Request = tuple[str, str, tuple[int, ...], str]
RESIDENT_MARK = 10**12  # probe residents: above every resident count a rule could compare with


class ForecastBug(BoligmonitorError):
    """The forecast's reading of the rules disagrees with the rules (a bug, never the user's input)."""


class _Probe:
    """A criterion source that records every request and answers each with its own marker value."""

    def __init__(self) -> None:
        self.requests: list[Request] = []

    def _answer(self, request: Request) -> MeasureValue:
        self.requests.append(request)
        i = len(self.requests)
        value = Fraction(RESIDENT_MARK + i) if request[0] == "residents" else Fraction(i, 10**9)
        return MeasureValue(value, request[2])

    def residents(self, year: int) -> MeasureValue | None:
        return self._answer(("residents", "residents", (year,), ""))

    def share(self, measure: str, years: tuple[int, ...], average: str = "mean_of_yearly_shares"
              ) -> MeasureValue | None:
        return self._answer(("share", measure, tuple(years), average))

    def ratio_to_national(self, measure: str, years: tuple[int, ...], average: str = "mean_of_yearly_shares"
                          ) -> MeasureValue | None:
        return self._answer(("ratio_to_national", measure, tuple(years), average))

    def ratio_to_region(self, measure: str, year: int) -> MeasureValue | None:
        return self._answer(("ratio_to_region", measure, (year,), ""))

    def missing(self, kind: str, measure: str, years: tuple[int, ...]) -> Text:
        return Text("", "")


@dataclass(frozen=True)
class Comparison:
    request: Request
    threshold: Fraction


@dataclass(frozen=True)
class YearLaw:
    """What the rules of one list year compare, and which request each criterion's value comes from."""

    list_year: int
    comparisons: tuple[Comparison, ...]
    requests: tuple[Request, ...]
    criterion_request: dict[tuple[str, str], Request]  # (category, criterion id) -> request
    categories: tuple[str, ...]

    @property
    def data_years(self) -> tuple[int, ...]:
        years = {y for r in self.requests for y in r[2]}
        return tuple(sorted(years))


@cache
def _year_law(list_year: int, params_digest: str, params: ParameterSet) -> YearLaw:
    probe = _Probe()
    history = dict.fromkeys(range(list_year - 12, list_year), False)
    decisions = classify_area("probe", {list_year: probe}, [list_year], params, earlier=history)
    by_value = {}
    for i, r in enumerate(probe.requests, start=1):
        value = Fraction(RESIDENT_MARK + i) if r[0] == "residents" else Fraction(i, 10**9)
        by_value[value] = r
    comparisons: list[Comparison] = []
    criterion_request: dict[tuple[str, str], Request] = {}
    for d in decisions:
        for c in d.criteria:
            if c.value is None or c.value not in by_value:
                raise ForecastBug(f"criterion '{c.id}' of {d.category} {list_year}: its value is not one request to "
                                  "the criterion source; the forecast cannot read this rule")
            request = by_value[c.value]
            criterion_request[(d.category, c.id)] = request
            comparisons.append(Comparison(request, c.threshold))
    day = list_date(list_year, params)
    cuts = sorted({Fraction(p.at(day).value) for p in params.params.values()
                   if p.unit == "persons" and p.in_force(day) and p.at(day).value is not None})
    for r in {r for r in probe.requests if r[0] == "residents"}:
        comparisons += [Comparison(r, t) for t in cuts]
    unique = tuple(dict.fromkeys(comparisons))
    return YearLaw(list_year, unique, tuple(dict.fromkeys(probe.requests)), criterion_request,
                   tuple(dict.fromkeys(d.category for d in decisions)))


def year_law(list_year: int, params: ParameterSet | None = None) -> YearLaw:
    p = params or default_parameters()
    return _year_law(list_year, p.digest, p)


def data_year_lag(list_year: int, params: ParameterSet | None = None) -> int:
    p = params or default_parameters()
    lag: int = p.value("common/data_year_lag", list_date(list_year, p))
    return lag


def ghetto_status_category(decision_category: str, rule_set: str) -> bool:
    """Whether a decision is the status consecutive-year categories count (as ``classify_area`` keeps it)."""
    return decision_category in GHETTO_FAMILY and rule_set != "forebyggelse_2021"


# --- evaluating requests on simulated arrays --------------------------------------------------------------------

@dataclass
class Inputs:
    """Simulated and published inputs of a group of areas: per measure [area, future, needed year] numerators and
    denominators, the nation's convicted counts [future, needed year] and the region's income counts
    [area, needed year]."""

    years: list[int]
    num: dict[str, Array]
    den: dict[str, Array]
    nat_num: Array
    nat_den: Array
    reg_num: Array
    reg_den: Array

    def _cols(self, years: tuple[int, ...]) -> list[int]:
        return [self.years.index(y) for y in years]

    def _average(self, num: Array, den: Array, average: str) -> Array:
        with np.errstate(divide="ignore", invalid="ignore"):
            if average == "pooled":
                out: Array = num.sum(axis=-1) / den.sum(axis=-1)
                return out
            if average == "mean_of_yearly_shares":
                return (num / den).mean(axis=-1)  # type: ignore[no-any-return]
        raise ForecastBug(f"unknown way to average: {average!r}")

    def value(self, request: Request) -> Array:
        """The request's value per [area, future]; NaN where the rules' source would answer None."""
        kind, measure, years, average = request
        cols = self._cols(years)
        if kind == "residents":
            return self.num["residents"][:, :, cols[-1]]
        num, den = self.num[measure][:, :, cols], self.den[measure][:, :, cols]
        num = np.where(den > 0, num, np.nan)
        if kind == "share":
            return self._average(num, den, average)
        if kind == "ratio_to_national":
            own = self._average(num, den, average)
            nat = self._average(self.nat_num[:, cols], self.nat_den[:, cols], average)
            with np.errstate(divide="ignore", invalid="ignore"):
                return np.where(nat[None, :] > 0, own / nat[None, :], np.nan)
        if kind == "ratio_to_region":
            c = cols[-1]
            with np.errstate(divide="ignore", invalid="ignore"):
                region = self.reg_num[:, c] / self.reg_den[:, c]
                mean = num[:, :, -1] / den[:, :, -1]
                return np.where(region[:, None] > 0, mean / region[:, None], np.nan)
        raise ForecastBug(f"unknown request kind {kind!r}")


# Codes of one comparison in a signature. NEAR is provisional: a value this close to a threshold may fall on either
# side in exact arithmetic, so it is settled by asking the rules' own source (:func:`ask`) and comparing exactly.
BELOW, EQUAL, ABOVE, UNKNOWN, NEAR = 0, 1, 2, 3, 4
NEAR_TOLERANCE = 1e-9


def compare_codes(values: Array, threshold: Fraction) -> NDArray[np.uint8]:
    """BELOW / ABOVE / UNKNOWN per value, NEAR for a value within floating-point reach of the threshold."""
    t = float(threshold)
    tol = NEAR_TOLERANCE * max(1.0, abs(t))
    codes = np.full(values.shape, UNKNOWN, dtype=np.uint8)
    ok = ~np.isnan(values)
    codes[ok & (values < t - tol)] = BELOW
    codes[ok & (values > t + tol)] = ABOVE
    codes[ok & (np.abs(values - t) <= tol)] = NEAR
    return codes


def exact_code(value: Fraction | None, threshold: Fraction) -> int:
    if value is None:
        return UNKNOWN
    return BELOW if value < threshold else EQUAL if value == threshold else ABOVE


def ask(source: CriterionSource, request: Request) -> Fraction | None:
    """The value the rules' source gives for a request (exact)."""
    kind, measure, years, average = request
    if kind == "residents":
        mv = source.residents(years[-1])
    elif kind == "share":
        mv = source.share(measure, years, average)
    elif kind == "ratio_to_national":
        mv = source.ratio_to_national(measure, years, average)
    elif kind == "ratio_to_region":
        mv = source.ratio_to_region(measure, years[-1])
    else:
        raise ForecastBug(f"unknown request kind {kind!r}")
    return None if mv is None else mv.value


def day_of(list_year: int, params: ParameterSet | None = None) -> dt.date:
    return list_date(list_year, params or default_parameters())
