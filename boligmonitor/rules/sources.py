"""Where criterion values come from: exact yearly counts (from the pipeline) or published values (a CSV).

The rule functions ask a source for a measure over the data years the law prescribes and get a
:class:`MeasureValue`. Exact sources also give what a margin in persons needs; published sources cannot.
Measures: ``nonwestern``, ``outside_labour``, ``basic_education``, ``convicted`` (shares) and ``income``
(sum of DKK over persons).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Protocol

from boligmonitor.errors import ParameterFileError
from boligmonitor.rules.model import MeasureValue
from boligmonitor.rules.texts import MEASURE_GROUPS, MISSING, REFERENCES, Text

# How a multi-year average of a share is taken (parameter common/multi_year_average): the mean of the yearly
# shares, or all years' numerators over all years' denominators.
AVERAGES = ("mean_of_yearly_shares", "pooled")


@dataclass(frozen=True)
class YearCounts:
    """Numerator and denominator of one measure in one data year (numerator may be fractional: FTE, DKK)."""

    numerator: Fraction
    denominator: int


Counts = Mapping[str, Mapping[int, YearCounts]]


class CriterionSource(Protocol):
    def residents(self, year: int) -> MeasureValue | None: ...

    def share(self, measure: str, years: tuple[int, ...],
              average: str = "mean_of_yearly_shares") -> MeasureValue | None: ...

    def ratio_to_national(self, measure: str, years: tuple[int, ...],
                          average: str = "mean_of_yearly_shares") -> MeasureValue | None: ...

    def ratio_to_region(self, measure: str, year: int) -> MeasureValue | None: ...

    def missing(self, kind: str, measure: str, years: tuple[int, ...]) -> Text:
        """Why the measure asked for with ``kind`` (residents, share, ratio_to_national, ratio_to_region) is None."""
        ...


def _mean(xs: list[Fraction]) -> Fraction:
    return sum(xs, Fraction(0)) / len(xs)


def _average(cs: list[YearCounts], average: str) -> Fraction:
    if average == "mean_of_yearly_shares":
        return _mean([c.numerator / c.denominator for c in cs])
    if average == "pooled":
        return sum((c.numerator for c in cs), Fraction(0)) / sum(c.denominator for c in cs)
    raise ParameterFileError(f"parameters/common/multi_year_average.yaml: '{average}' is not a way to average; "
                             f"write one of {', '.join(AVERAGES)}")


@dataclass(frozen=True)
class FactsSource:
    """Exact yearly counts for one area, with the national and regional counts it is compared with."""

    area: Counts
    national: Counts
    regional: Counts
    resident_counts: Mapping[int, int]

    def _years(self, counts: Counts, measure: str, years: tuple[int, ...]) -> list[YearCounts] | None:
        by_year = counts.get(measure, {})
        out = [by_year.get(y) for y in years]
        if any(c is None or c.denominator == 0 for c in out):
            return None
        return [c for c in out if c is not None]

    def residents(self, year: int) -> MeasureValue | None:
        n = self.resident_counts.get(year)
        if n is None:
            return None
        return MeasureValue(Fraction(n), (year,), per_person=Fraction(1), room_down=Fraction(n), room_up=None)

    def share(self, measure: str, years: tuple[int, ...],
              average: str = "mean_of_yearly_shares") -> MeasureValue | None:
        cs = self._years(self.area, measure, years)
        if cs is None:
            return None
        latest = cs[-1]
        shares = [c.numerator / c.denominator for c in cs]
        # one resident of the latest year moves the mean of shares by 1/(window × that year's denominator), the
        # pooled share by 1/(all years' denominators)
        per_person = (Fraction(1, len(cs) * latest.denominator) if average != "pooled"
                      else Fraction(1, sum(c.denominator for c in cs)))
        return MeasureValue(
            _average(cs, average),
            years,
            per_person=per_person,
            room_down=latest.numerator,
            room_up=latest.denominator - latest.numerator,
            detail={"yearly": {y: s for y, s in zip(years, shares, strict=True)}},
        )

    def ratio_to_national(self, measure: str, years: tuple[int, ...],
                          average: str = "mean_of_yearly_shares") -> MeasureValue | None:
        own = self.share(measure, years, average)
        nat = self._years(self.national, measure, years)
        if own is None or nat is None:
            return None
        nat_mean = _average(nat, average)
        if nat_mean == 0:
            return None
        assert own.per_person is not None
        return MeasureValue(
            own.value / nat_mean,
            years,
            per_person=own.per_person / nat_mean,
            room_down=own.room_down,
            room_up=own.room_up,
            detail={"area_share": own.value, "national_share": nat_mean},
        )

    def ratio_to_region(self, measure: str, year: int) -> MeasureValue | None:
        own = self._years(self.area, measure, (year,))
        reg = self._years(self.regional, measure, (year,))
        if own is None or reg is None:
            return None
        area_mean = own[0].numerator / own[0].denominator
        region_mean = reg[0].numerator / reg[0].denominator
        if region_mean == 0:
            return None
        return MeasureValue(
            area_mean / region_mean,
            (year,),
            money_per_unit=region_mean,
            detail={"area_mean": area_mean, "region_mean": region_mean},
        )


    def _gap(self, counts: Counts, measure: str, years: tuple[int, ...]) -> tuple[str, int] | None:
        """The first year whose counts are absent ('no_counts') or have an empty denominator ('empty_group')."""
        by_year = counts.get(measure, {})
        for y in years:
            c = by_year.get(y)
            if c is None:
                return "no_counts", y
            if c.denominator == 0:
                return "empty_group", y
        return None

    def missing(self, kind: str, measure: str, years: tuple[int, ...]) -> Text:
        years_text = "–".join(str(y) for y in (years[0], years[-1])) if len(years) > 1 else str(years[0])
        if kind == "residents":
            return MISSING["no_residents"].format(year=years[-1])
        gap = self._gap(self.area, measure, years)
        if gap is not None:
            return MISSING[gap[0]].format(year=gap[1], group=MEASURE_GROUPS.get(measure, Text(measure, measure)))
        reference = "national" if kind == "ratio_to_national" else "regional"
        counts = self.national if reference == "national" else self.regional
        if self._gap(counts, measure, years) is not None:
            return MISSING["no_reference"].format(reference=REFERENCES[reference], years=years_text)
        return MISSING["reference_zero"].format(reference=REFERENCES[reference], years=years_text)


PUBLISHED_COLUMNS = {
    "nonwestern": "non_western_pct",
    "outside_labour": "outside_labour_or_education_pct",
    "convicted": "convicted_pct",
    "basic_education": "basic_education_pct",
}


@dataclass(frozen=True)
class PublishedSource:
    """Values as the ministry publishes them for one area and list year (already averaged as the law says)."""

    values: Mapping[str, Fraction | None]
    residents_count: int | None
    notes: list[str] = field(default_factory=list)

    def residents(self, year: int) -> MeasureValue | None:
        if self.residents_count is None:
            return None
        n = self.residents_count
        return MeasureValue(Fraction(n), (), per_person=Fraction(1), room_down=Fraction(n))

    def _pct(self, column: str) -> Fraction | None:
        v = self.values.get(column)
        return None if v is None else v / 100

    def share(self, measure: str, years: tuple[int, ...],
              average: str = "mean_of_yearly_shares") -> MeasureValue | None:
        # published values are already averaged as the ministry does it
        v = self._pct(PUBLISHED_COLUMNS[measure])
        return None if v is None else MeasureValue(v, ())

    def ratio_to_national(self, measure: str, years: tuple[int, ...],
                          average: str = "mean_of_yearly_shares") -> MeasureValue | None:
        v = self.values.get("convicted_ratio_to_national") if measure == "convicted" else None
        return None if v is None else MeasureValue(v, ())

    def ratio_to_region(self, measure: str, year: int) -> MeasureValue | None:
        v = self._pct("income_pct_of_region") if measure == "income" else None
        return None if v is None else MeasureValue(v, ())

    def missing(self, kind: str, measure: str, years: tuple[int, ...]) -> Text:
        return MISSING["not_published"]
