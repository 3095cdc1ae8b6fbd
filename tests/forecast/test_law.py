"""The forecast reads the law from the rule functions: every criterion of every list year is one request to the
criterion source, and the rules use earlier statuses only by counting back from the year before."""

from __future__ import annotations

import random
from fractions import Fraction

import numpy as np
import pytest

from boligmonitor.forecast import law
from boligmonitor.forecast.lists import H_ABSENT, HISTORY_YEARS, MEMBER_CODE, _run_length
from boligmonitor.rules import FactsSource, YearCounts, categories_in_force, classify_area
from boligmonitor.rules.classify import list_date
from boligmonitor.rules.parameters import default_parameters

LIST_YEARS = range(2010, 2031)


@pytest.mark.parametrize("year", LIST_YEARS)
def test_every_criterion_of_every_list_year_is_one_request(year: int) -> None:
    yl = law.year_law(year)
    assert set(yl.categories) == set(categories_in_force(year))
    # each criterion's request reads data years that fed the list (lag 1: the latest is year - 1)
    for (category, cid), request in yl.criterion_request.items():
        assert max(request[2]) == year - 1, (category, cid, request)
    assert {c.request for c in yl.comparisons} <= set(yl.requests)


def test_the_law_of_2024_as_read_from_the_rules() -> None:
    """Spot values from the parameter files (§ 61 a and § 61 b as of 2021, § 51 b)."""
    yl = law.year_law(2024)
    pairs = {(c.request[0], c.request[1], c.request[2], c.threshold) for c in yl.comparisons}
    assert ("share", "outside_labour", (2022, 2023), Fraction(40, 100)) in pairs  # udsat: > 40 %, 2-year mean
    assert ("share", "outside_labour", (2022, 2023), Fraction(30, 100)) in pairs  # forebyggelse: > 30 %
    assert ("ratio_to_national", "convicted", (2022, 2023), Fraction(3)) in pairs
    assert ("ratio_to_region", "income", (2023,), Fraction(55, 100)) in pairs
    assert ("share", "nonwestern", (2023,), Fraction(50, 100)) in pairs  # parallelsamfund
    # residents against every resident count a parameter names, including § 51 b's 5,000 that no criterion shows
    assert ("residents", "residents", (2023,), Fraction(1000)) in pairs
    assert ("residents", "residents", (2023,), Fraction(5000)) in pairs


def test_the_2010_rules_average_four_years() -> None:
    yl = law.year_law(2010)
    assert ("share", "outside_labour", (2006, 2007, 2008, 2009), "mean_of_yearly_shares") in yl.requests


def test_earlier_statuses_given_to_classify_area_equal_classifying_those_years() -> None:
    """``classify_area(..., earlier=...)`` (used by the forecast) decides later years exactly as classifying every
    year in one go does."""
    rnd = random.Random(5)
    years = list(range(2013, 2028))
    for _ in range(30):
        source = _random_source(rnd, years)
        whole = classify_area("A", dict.fromkeys(years, source), years)
        status = {d.list_year: d.member for d in whole if law.ghetto_status_category(d.category, d.rule_set)}
        cut = rnd.choice(years[1:])
        later = [y for y in years if y >= cut]
        part = classify_area("A", dict.fromkeys(later, source), later,
                             earlier={y: s for y, s in status.items() if y < cut})
        assert [(d.list_year, d.category, d.member, d.consecutive_years) for d in part] == \
            [(d.list_year, d.category, d.member, d.consecutive_years) for d in whole if d.list_year >= cut]


@pytest.mark.parametrize("year", [2018, 2020, 2021, 2024])
def test_histories_alike_in_their_last_run_give_the_same_decisions(year: int) -> None:
    """The signature keeps only the run of the counted status ending the year before and what ended it. If a rule
    ever read history otherwise, two histories alike in that but not in older years would decide differently."""
    rnd = random.Random(year)
    data_years = list(range(year - 6, year))
    for _ in range(60):
        source = _random_source(rnd, data_years, hot=True)
        run, end = rnd.randint(0, 7), rnd.choice([False, None, "absent"])
        a, b = _history(rnd, year, run, end), _history(rnd, year, run, end)
        assert _signature(a, year) == _signature(b, year)
        da = classify_area("A", {year: source}, [year], earlier=a)
        db = classify_area("A", {year: source}, [year], earlier=b)
        assert [(d.category, d.member) for d in da] == [(d.category, d.member) for d in db]


def test_the_signature_tells_runs_and_their_ends_apart() -> None:
    year = 2024
    rnd = random.Random(1)
    keys = {_signature(_history(rnd, year, run, end), year) for run in range(6) for end in (False, None, "absent")}
    assert len(keys) == 18


def _signature(history: dict[int, bool | None], year: int) -> tuple[int, int]:
    hist = {y: np.full((1, 1), MEMBER_CODE[history[y]] if y in history else H_ABSENT, dtype=np.uint8)
            for y in range(year - HISTORY_YEARS, year)}
    run, end = _run_length(hist, year)
    return int(run[0, 0]), int(end[0, 0])


def _history(rnd: random.Random, year: int, run: int, end: object) -> dict[int, bool | None]:
    """``run`` years with the status up to the year before, then ``end`` (False, None or no entry), then anything."""
    out: dict[int, bool | None] = {year - 1 - i: True for i in range(run)}
    if end != "absent":
        out[year - 1 - run] = end  # type: ignore[assignment]
    for y in range(year - HISTORY_YEARS - 2, year - 1 - run):
        if rnd.random() < 0.8:
            out[y] = rnd.choice([True, False, None])
    return out


def _random_source(rnd: random.Random, years: list[int], hot: bool = False) -> FactsSource:
    def share(lo: float, hi: float) -> dict[int, YearCounts]:
        return {y: YearCounts(Fraction(round(rnd.uniform(lo, hi) * 1000)), 1000) for y in range(years[0] - 5,
                                                                                                  years[-1] + 1)}
    lo = 0.35 if hot else 0.1
    area = {"nonwestern": share(lo, 0.8), "outside_labour": share(lo, 0.6), "basic_education": share(lo, 0.8),
            "convicted": share(0.0, 0.06), "income": {y: YearCounts(Fraction(rnd.randint(120, 330) * 1000 * 500), 500)
                                                     for y in range(years[0] - 5, years[-1] + 1)}}
    national = {"convicted": {y: YearCounts(Fraction(1000), 100_000) for y in range(years[0] - 5, years[-1] + 1)}}
    regional = {"income": {y: YearCounts(Fraction(300_000 * 10_000), 10_000) for y in range(years[0] - 5,
                                                                                             years[-1] + 1)}}
    residents = {y: rnd.choice([900, 1000, 2500, 6000]) for y in range(years[0] - 5, years[-1] + 1)}
    return FactsSource(area, national, regional, residents)


def test_near_values_are_settled_by_the_rules_source() -> None:
    """0.1 + 0.2 is not 0.3 in floating point: a value that close to a threshold is compared exactly."""
    codes = law.compare_codes(np.array([[0.30000000000000004, 0.2, 0.4, np.nan]]), Fraction(3, 10))
    assert codes.tolist() == [[law.NEAR, law.BELOW, law.ABOVE, law.UNKNOWN]]
    source = FactsSource({"outside_labour": {2023: YearCounts(Fraction(3), 10)}}, {}, {}, {})
    value = law.ask(source, ("share", "outside_labour", (2023,), "mean_of_yearly_shares"))
    assert law.exact_code(value, Fraction(3, 10)) == law.EQUAL
    assert law.exact_code(None, Fraction(3, 10)) == law.UNKNOWN


def test_the_data_year_lag_is_the_parameter() -> None:
    p = default_parameters()
    assert law.data_year_lag(2024) == p.value("common/data_year_lag", list_date(2024))
