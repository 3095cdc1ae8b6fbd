"""A criterion that cannot be computed is an explained state: which criterion, why, and what it left undecided."""

from __future__ import annotations

from fractions import Fraction

from boligmonitor.rules import FactsSource, YearCounts, classify_area
from boligmonitor.rules.model import Decision

Y = YearCounts


def _decisions(area: dict[str, dict[int, YearCounts]], nation: dict[str, dict[int, YearCounts]] | None = None,
               residents: int | None = 1100) -> dict[str, Decision]:
    national = nation if nation is not None else {"convicted": {2022: Y(Fraction(10), 1000),
                                                                2023: Y(Fraction(10), 1000)}}
    regional = {"income": {2023: Y(Fraction(3_000_000), 10)}}
    source = FactsSource(area, national, regional, {} if residents is None else {2023: residents})
    return {d.category: d for d in classify_area("A", {2024: source}, [2024])}


BASE = {
    "nonwestern": {2023: Y(Fraction(300), 1100)},
    "convicted": {2022: Y(Fraction(5), 900), 2023: Y(Fraction(5), 900)},
    "basic_education": {2023: Y(Fraction(100), 300)},
    "income": {2023: Y(Fraction(2_500_000), 10)},
}


def test_no_18_64_year_olds_leaves_the_labour_criterion_explained_not_false() -> None:
    # the situation the issue names: an area with no residents aged 18-64 (a zero denominator)
    d = _decisions({**BASE, "outside_labour": {2022: Y(Fraction(0), 0), 2023: Y(Fraction(0), 0)}})
    udsat = d["udsat_boligomraade"]
    labour = next(c for c in udsat.criteria if c.id == "outside_labour")
    assert (labour.value, labour.met) == (None, None)
    assert labour.missing is not None and labour.missing.da == "der er ingen beboere i alderen 18-64 år i 2022"
    # only 1 other criterion could hold, so the decision is False, and the note still explains the "–"
    assert udsat.member is False
    assert any("kan ikke beregnes: der er ingen beboere i alderen 18-64 år i 2022" in n.da for n in udsat.notes)


def test_undetermined_decision_names_the_criterion_and_the_reason() -> None:
    # education (67 % > 60 %) holds, crime and income do not: with labour unknown, 2 of 4 may or may not hold
    area = {**BASE, "basic_education": {2023: Y(Fraction(200), 300)},
            "outside_labour": {2022: Y(Fraction(0), 0), 2023: Y(Fraction(0), 0)}}
    udsat = _decisions(area)["udsat_boligomraade"]
    assert udsat.member is None
    assert udsat.notes[0].da.startswith("kan ikke afgøres: afgørelsen afhænger af »18-64-årige")
    assert udsat.notes[0].en.startswith("cannot be decided: the decision depends on “Aged 18-64")


def test_a_zero_national_average_and_a_missing_resident_count_say_so() -> None:
    area = {**BASE, "outside_labour": {2022: Y(Fraction(500), 900), 2023: Y(Fraction(500), 900)}}
    d = _decisions(area, nation={"convicted": {2022: Y(Fraction(0), 1000), 2023: Y(Fraction(0), 1000)}})
    crime = next(c for c in d["udsat_boligomraade"].criteria if c.id == "convicted_ratio")
    assert crime.met is None and crime.missing is not None
    assert crime.missing.da == "landsgennemsnittet er 0 i 2022–2023"
    floor = next(c for c in _decisions(area, residents=None)["udsat_boligomraade"].criteria if c.id == "residents")
    assert floor.met is None and floor.missing is not None and floor.missing.en == "there is no resident count for 2023"
