"""Indicator definitions as small tables (ehrQL style): persons in, area values out.

Each spec runs the real engine (DuckDB scan, roll-up by 31 December membership) on real files.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import duckdb
import pytest

from boligmonitor.indicators.catalogue import INDICATOR_BY_ID, components
from boligmonitor.indicators.engine import UnitTable, rollup, scan
from boligmonitor.microdata.readers import open_persons
from boligmonitor.microdata.validate import count_failures, row_checks
from boligmonitor.registry.model import load_registry
from tests.helpers import parse_ascii, tiny_data


def roll_up(folder: Path) -> UnitTable:
    """The real engine on a data folder: scan (asserting no row-check failures), then roll up."""
    con = duckdb.connect()
    source = open_persons(con, folder / "persons")
    checks = row_checks(source)
    failures = count_failures(con, source, checks)
    assert not any(failures.values()), failures
    return rollup(scan(con, source, components()), load_registry(folder / "registry"))


def area_values(tmp_path: Path, persons: str, indicator: str, year: int = 2023, **registry: object
                ) -> dict[str, Fraction | None]:
    folder = tiny_data(tmp_path, parse_ascii(persons), **registry)
    units = roll_up(folder)
    ind = INDICATOR_BY_ID[indicator]
    out: dict[str, Fraction | None] = {}
    for unit_type, unit_id, y in units.values:
        if unit_type != "area" or y != year:
            continue
        num = units.exact((unit_type, unit_id, y), ind.numerator)
        den = units.exact((unit_type, unit_id, y), ind.denominator) if ind.denominator else None
        out[unit_id] = num if den is None else (None if den == 0 else num / den)
    return out


def test_outside_labour_counts_fte_of_18_to_64_only(tmp_path: Path) -> None:
    persons = """
      year | person_id | afdeling_id | age | outside_labour_or_education
      -----+-----------+-------------+-----+----------------------------
      2023 | 1         | AFD1        | 30  | 1
      2023 | 2         | AFD1        | 40  | 0.25
      2023 | 3         | AFD1        | 70  | 1
      2023 | 4         | AFD1        | 17  | 1
      2023 | 5         | AFD2        | 64  | 0
      2023 | 6         | AFD2        | 18  | 0.5
    """
    assert area_values(tmp_path, persons, "outside_labour_18_64") == {"A": Fraction(5, 8), "B": Fraction(1, 4)}


def test_basic_education_counts_unknown_and_ages_30_to_59(tmp_path: Path) -> None:
    persons = """
      year | person_id | afdeling_id | age | education_dk
      -----+-----------+-------------+-----+-------------
      2023 | 1         | AFD1        | 30  | grundskole
      2023 | 2         | AFD1        | 59  | ukendt
      2023 | 3         | AFD1        | 45  | erhvervsfaglig
      2023 | 4         | AFD1        | 60  | grundskole
      2023 | 5         | AFD1        | 29  | grundskole
    """
    assert area_values(tmp_path, persons, "basic_education_30_59") == {"A": Fraction(2, 3)}


def test_income_mean_is_taxable_15_to_64_excluding_students(tmp_path: Path) -> None:
    persons = """
      year | person_id | afdeling_id | age | gross_income | taxable | in_education
      -----+-----------+-------------+-----+--------------+---------+-------------
      2023 | 1         | AFD1        | 30  | 200000       | true    | false
      2023 | 2         | AFD1        | 40  | 100000.50    | true    | false
      2023 | 3         | AFD1        | 22  | 900000       | true    | true
      2023 | 4         | AFD1        | 50  | 900000       | false   | false
      2023 | 5         | AFD1        | 65  | 900000       | true    | false
      2023 | 6         | AFD1        | 15  | 0            | true    | false
    """
    assert area_values(tmp_path, persons, "mean_income_15_64") == {"A": Fraction(30000050, 300)}


def test_convicted_share_of_residents_18_plus(tmp_path: Path) -> None:
    persons = """
      year | person_id | afdeling_id | age | convicted
      -----+-----------+-------------+-----+----------
      2023 | 1         | AFD1        | 18  | true
      2023 | 2         | AFD1        | 80  | false
      2023 | 3         | AFD1        | 17  | true
      2023 | 4         | AFD1        | 30  | false
    """
    assert area_values(tmp_path, persons, "convicted_18plus") == {"A": Fraction(1, 3)}


def test_nonwestern_share_counts_immigrants_and_descendants(tmp_path: Path) -> None:
    persons = """
      year | person_id | afdeling_id | age | origin
      -----+-----------+-------------+-----+-------------------------
      2023 | 1         | AFD1        | 30  | indvandrer_ikke_vestlig
      2023 | 2         | AFD1        | 3   | efterkommer_ikke_vestlig
      2023 | 3         | AFD1        | 40  | indvandrer_vestlig
      2023 | 4         | AFD1        | 50  | dansk
    """
    assert area_values(tmp_path, persons, "nonwestern_share") == {"A": Fraction(1, 2)}


@pytest.mark.parametrize(("valid_to", "expected"), [("2023-12-31", 2), ("2023-12-30", 1)])
def test_membership_is_judged_on_31_december(tmp_path: Path, valid_to: str, expected: int) -> None:
    persons = """
      year | person_id | afdeling_id | age
      -----+-----------+-------------+----
      2023 | 1         | AFD1        | 30
      2023 | 2         | AFD2        | 40
    """
    folder = tiny_data(tmp_path, parse_ascii(persons), areas={"A": ["AFD1", "AFD2"]})
    members = (folder / "registry" / "area_members.csv").read_text(encoding="utf-8").splitlines()
    members[2] = members[2].rstrip(",") + "," + valid_to if members[2].endswith(",") else members[2]
    (folder / "registry" / "area_members.csv").write_text("\n".join(members) + "\n", encoding="utf-8")
    units = roll_up(folder)
    assert units.values[("area", "A", 2023)]["residents"] == expected


def test_person_outside_almene_afdelinger_counts_for_municipality_only(tmp_path: Path) -> None:
    persons = """
      year | person_id | afdeling_id | age | municipality_code
      -----+-----------+-------------+-----+------------------
      2023 | 1         | AFD1        | 30  | 101
      2023 | 2         |             | 40  | 101
      2023 | 3         |             | 40  | 147
    """
    folder = tiny_data(tmp_path, parse_ascii(persons))
    units = roll_up(folder)
    assert units.values[("area", "A", 2023)]["residents"] == 1
    assert units.values[("municipality", "101", 2023)]["residents"] == 2
    assert units.values[("region", "1084", 2023)]["residents"] == 3
    assert units.values[("nation", "DK", 2023)]["residents"] == 3


# -- the LBF indicators (issue 10, ADR 0009) ----------------------------------------------------------------------


def test_basic_not_in_education_18_29_counts_grundskole_or_unknown_not_studying(tmp_path: Path) -> None:
    persons = """
      year | person_id | afdeling_id | age | education_dk   | in_education
      -----+-----------+-------------+-----+----------------+-------------
      2023 | 1         | AFD1        | 18  | grundskole     | false
      2023 | 2         | AFD1        | 29  | ukendt         | false
      2023 | 3         | AFD1        | 25  | grundskole     | true
      2023 | 4         | AFD1        | 22  | erhvervsfaglig | false
      2023 | 5         | AFD1        | 17  | grundskole     | false
      2023 | 6         | AFD1        | 30  | grundskole     | false
    """
    # persons 1 and 2 of the four 18-29-year-olds (1-4); 5 is too young, 6 too old
    assert area_values(tmp_path, persons, "basic_not_in_education_18_29") == {"A": Fraction(2, 4)}


def test_neet_15_29_is_not_in_education_and_more_than_half_the_year_outside(tmp_path: Path) -> None:
    persons = """
      year | person_id | afdeling_id | age | in_education | outside_labour_or_education
      -----+-----------+-------------+-----+--------------+----------------------------
      2023 | 1         | AFD1        | 15  | false        | 1
      2023 | 2         | AFD1        | 17  | false        | 0.75
      2023 | 3         | AFD1        | 20  | false        | 0.5
      2023 | 4         | AFD1        | 29  | false        | 0.51
      2023 | 5         | AFD1        | 24  | true         | 1
      2023 | 6         | AFD1        | 30  | false        | 1
      2023 | 7         | AFD1        | 14  | false        | 1
    """
    # 1, 2 and 4 of the five 15-29-year-olds (1-5): 3 is outside exactly half the year (not more), 5 studies,
    # 6 and 7 are outside the ages
    assert area_values(tmp_path, persons, "neet_15_29") == {"A": Fraction(3, 5)}


def test_charged_15_29_of_those_whose_charges_are_known(tmp_path: Path) -> None:
    persons = """
      year | person_id | afdeling_id | age | charged
      -----+-----------+-------------+-----+--------
      2023 | 1         | AFD1        | 15  | true
      2023 | 2         | AFD1        | 29  | false
      2023 | 3         | AFD1        | 22  |
      2023 | 4         | AFD1        | 30  | true
      2023 | 5         | AFD1        | 14  | true
    """
    # person 1 of the two 15-29-year-olds with a known value (1, 2; 3 unknown); 4 and 5 are outside the ages
    assert area_values(tmp_path, persons, "charged_15_29") == {"A": Fraction(1, 2)}
    # charged 15+ is now the sum of the two disjoint age groups: 1 and 4 of 1, 2, 4
    assert area_values(tmp_path, persons, "charged_15plus") == {"A": Fraction(2, 3)}


def test_in_education_16_29_is_unchanged_by_the_youth_groups(tmp_path: Path) -> None:
    persons = """
      year | person_id | afdeling_id | age | in_education
      -----+-----------+-------------+-----+-------------
      2023 | 1         | AFD1        | 16  | true
      2023 | 2         | AFD1        | 29  | true
      2023 | 3         | AFD1        | 20  | false
      2023 | 4         | AFD1        | 15  | true
      2023 | 5         | AFD1        | 30  | true
    """
    assert area_values(tmp_path, persons, "in_education_16_29") == {"A": Fraction(2, 3)}


def test_the_youth_groups_partition_the_15_to_29_year_olds() -> None:
    from boligmonitor.indicators.catalogue import PARTITIONS, YOUTH_PARTS, expansion

    exp = expansion(components())
    total: dict[str, int] = {}
    for part in YOUTH_PARTS:
        for k, v in exp[part].items():
            total[k] = total.get(k, 0) + v
    assert {k: v for k, v in total.items() if v} == exp["pop_15_29"]
    assert ("youth_15_29", "pop_15_29", YOUTH_PARTS, False) in PARTITIONS


def test_the_audit_checks_the_youth_groups_that_published_counts_reveal() -> None:
    """16-29-year-olds not in education minus the 18-29-year-olds with only basic school and not in education is a
    group of persons (the 16-17-year-olds not in education and the other 18-29-year-olds not in education): the
    disclosure audit must count it among the groups it protects, and charged 30+ (charged 15+ minus 15-29) too."""
    from boligmonitor.indicators.catalogue import INDICATORS, disclosure_spec, expansion

    comps = components()
    exp = expansion(comps)
    linear = disclosure_spec(comps, list(INDICATORS)).linear
    targets = {tuple(sorted(t.coefficients.items())) for t in linear.targets}

    def group(plus: tuple[str, ...], minus: tuple[str, ...] = ()) -> tuple[tuple[str, int], ...]:
        acc: dict[str, int] = {}
        for name, sign in [(p, 1) for p in plus] + [(m, -1) for m in minus]:
            for k, v in exp[name].items():
                acc[k] = acc.get(k, 0) + sign * v
        return tuple(sorted((k, v) for k, v in acc.items() if v))

    revealed = group(("pop_16_29",), ("in_education_16_29", "basic_not_in_education_18_29"))
    assert revealed in targets
    assert group(("neet_15_29",), ("youth_neet_15",)) in targets  # NEET 16-29
    assert group(("charged_15plus",), ("charged_15_29",)) in targets
