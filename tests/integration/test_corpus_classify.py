"""Corpus, part 4: ``classify --values`` — percentages outside 0–100, negative ratios, shares written as fractions,
years that are not years, numbers that hang a parser; and the income criterion, which classify used to ignore.

Rule for shares written as fractions (see ``api.FRACTION_LIMIT``): a percentage column whose values all lie in
[0, 1], one of them above 0, and none written with a % sign, is refused; for convicted_pct, where real values
below 1 % are ordinary, only a column entirely at or below 0.1 is refused.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from boligmonitor import api
from tests.integration.corpus import Case, check, run_subprocess

HEADER = ("area_id;name;year;residents;non_western_pct;outside_labour_or_education_pct;convicted_ratio_to_national;"
          "basic_education_pct;income_pct_of_region")
MJOELNERPARKEN = "M;Mjølnerparken;2017;1800;82,1;43,5;2,52;53;51"  # the ministry's published values for 2017
LINE = 2  # the data line the cases break


def values_file(root: Path, *lines: str, header: str = HEADER, encoding: str = "utf-8") -> Path:
    path = root / "vaerdier.csv"
    path.write_bytes(("\n".join((header, *lines)) + "\n").encode(encoding))
    return path


def with_cell(column: str, value: str) -> str:
    cells = dict(zip(HEADER.split(";"), MJOELNERPARKEN.split(";"), strict=True))
    cells[column] = value
    return ";".join(cells.values())


def case(name: str, lines: tuple[str, ...], *words: str, header: str = HEADER, subprocess: bool = False) -> Case:
    def build(root: Path) -> list[str]:
        return ["classify", "--values", str(values_file(root, *lines, header=header)), "--format", "csv"]

    return Case(name, build, 3, ("vaerdier.csv", *words), subprocess=subprocess)


def cell_case(column: str, value: str, *words: str, subprocess: bool = False) -> Case:
    return case(f"{column}-{value[:20]}", (with_cell(column, value),), f"row {LINE}, column '{column}'", "Fix:",
                *words, subprocess=subprocess)


def path_case(name: str, make: object, *words: str, code: int = 3, subprocess: bool = False) -> Case:
    def build(root: Path) -> list[str]:
        return ["classify", "--values", str(make(root))]  # type: ignore[operator]

    return Case(name, build, code, words, subprocess=subprocess)


def _file(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


def _fifo(root: Path) -> Path:
    os.mkfifo(root / "values.csv")
    return root / "values.csv"


def output_case(name: str, where: str, *words: str) -> Case:
    def build(root: Path) -> list[str]:
        return ["classify", "--values", str(values_file(root, MJOELNERPARKEN)), "--format", "csv", "--output",
                str(root / where)]

    return Case(name, build, 2, words)


RANGE = "outside the allowed range"
PCT = "use a percentage from 0 to 100"
FRACTIONS = "look like shares written as fractions"

CASES = [
    cell_case("non_western_pct", "182,1", RANGE, PCT),
    cell_case("non_western_pct", "-3", RANGE),
    cell_case("outside_labour_or_education_pct", "100,5", RANGE),
    cell_case("basic_education_pct", "1e2", "expected a percentage"),
    cell_case("convicted_ratio_to_national", "-2,52", RANGE, "not negative"),
    cell_case("income_pct_of_region", "-51", RANGE),
    cell_case("income_pct_of_region", "5100", RANGE, "0–1000"),
    cell_case("non_western_pct", "1e999999999", "expected a percentage", subprocess=True),
    cell_case("non_western_pct", "9" * 5000, "5,000 characters", subprocess=True),
    cell_case("non_western_pct", "inf", "expected a percentage"),
    cell_case("non_western_pct", "NaN", "expected a percentage"),
    cell_case("non_western_pct", "0x10", "expected a percentage"),
    cell_case("non_western_pct", "8_2", "expected a percentage"),
    cell_case("non_western_pct", "82,1,5", "expected a percentage"),
    cell_case("convicted_ratio_to_national", "2,5e0", "expected a number"),
    cell_case("year", "2017.5", "expected a whole number in plain digits"),
    cell_case("year", "17", RANGE, "list year"),
    cell_case("year", "MMXVII", "expected a whole number"),
    cell_case("year", "20170", RANGE),
    cell_case("year", "2009", RANGE, "the first statutory list is 2010"),
    cell_case("year", "", "value is empty"),
    cell_case("residents", "1.850,5", "expected a whole number"),
    cell_case("residents", "-1800", RANGE),
    cell_case("residents", "1e3", "expected a whole number"),
    case("shares-as-fractions", (with_cell("non_western_pct", "0,821").replace(";43,5;", ";0,435;"),),
         "column 'non_western_pct'", "column 'outside_labour_or_education_pct'", FRACTIONS, "multiply",
         subprocess=True),
    case("income-as-fraction", (with_cell("income_pct_of_region", "0,51"),), "column 'income_pct_of_region'",
         FRACTIONS),
    case("convicted-pct-as-fraction", ("K;Kvarteret;2017;1200;0,025", "L;Lunden;2017;1100;0,031"),
         "column 'convicted_pct'", "between 0 and 1/10", FRACTIONS, header="area_id;name;year;residents;convicted_pct"),
    case("header-only", (), "the file has a header but no rows"),
    case("duplicate-area-year", (MJOELNERPARKEN, MJOELNERPARKEN), "row 3, column 'year'", "duplicate area and year"),
    case("unknown-column", (MJOELNERPARKEN + ";1",), "column 'extra'", "unknown column",
         header=HEADER + ";extra"),
    case("missing-required-column", ("M;2017;82,1",), "column 'residents'", "required column is missing",
         header="area_id;year;non_western_pct"),
    case("ragged-line", (MJOELNERPARKEN + ";9",), "row 2", "expected 9 fields"),
    path_case("values-file-missing", lambda r: r / "nowhere.csv", "nowhere.csv: file not found"),
    path_case("values-is-a-folder", lambda r: (r / "v.csv").mkdir() or r / "v.csv", "v.csv: expected a file, found "
              "a folder"),
    path_case("values-is-a-pipe", _fifo, "values.csv: expected a file, found a pipe", subprocess=True),
    path_case("values-empty", lambda r: _file(r / "v.csv", b""), "v.csv: the file is empty"),
    path_case("values-corrupt-parquet", lambda r: _file(r / "v.parquet", b"PAR1xxxxPAR1"),
              "v.parquet: not a readable Parquet file"),
    output_case("output-is-a-folder", ".", "--output", "is a folder", "give a file name"),
    output_case("output-folder-missing", "nowhere/out.csv", "nowhere does not exist"),
    path_case("values-undecodable", lambda r: values_file(r, MJOELNERPARKEN.replace("Mjølner", "\x81"),
                                                         encoding="latin-1"), "neither UTF-8 nor Windows-1252"),
]


@pytest.mark.parametrize("c", CASES, ids=[c.name for c in CASES])
def test_broken_values_are_refused_clearly(c: Case, tmp_path: Path) -> None:
    check(c, tmp_path)


def _criteria(decisions: list, category: str) -> dict[str, bool | None]:  # type: ignore[type-arg]
    d = next(x for x in decisions if x.category == category)
    return {c.id: c.met for c in d.criteria}


def test_mjoelnerparken_2017_meets_four_criteria_as_the_ministry_counted(tmp_path: Path) -> None:
    """82,1 / 43,5 / 2,52 / 53 / 51 under the 2013 rules: the income criterion (below 55 % of the region) is met."""
    decisions = api.classify_values(values_file(tmp_path, MJOELNERPARKEN))
    ghetto = next(d for d in decisions if d.category == "ghettoomraade")
    assert ghetto.rule_set == "ghettoomraade_2013"
    assert ghetto.criteria_met == 4
    assert _criteria(decisions, "ghettoomraade")["income_ratio"] is True


def test_income_decides_the_status(tmp_path: Path) -> None:
    """Two areas alike except income: at 51 % of the region three criteria are met (a ghettoområde under the 2013
    rules), at 60 % only two (not one)."""
    header = "area_id;year;residents;non_western_pct;outside_labour_or_education_pct;convicted_pct;" \
             "basic_education_pct;income_pct_of_region"
    decisions = api.classify_values(values_file(tmp_path, "P;2017;1800;82,1;30;1,0;53;51",
                                                "R;2017;1800;82,1;30;1,0;53;60", header=header))
    ghetto = {d.area_id: d for d in decisions if d.category == "ghettoomraade"}
    assert (ghetto["P"].criteria_met, ghetto["P"].member) == (3, True)
    assert (ghetto["R"].criteria_met, ghetto["R"].member) == (2, False)


def test_percent_signs_and_genuinely_small_percentages_are_accepted(tmp_path: Path) -> None:
    """A % sign marks percentages; convicted shares between 0,1 % and 1 % are ordinary and accepted as written."""
    header = "area_id;year;residents;non_western_pct;convicted_pct"
    path = values_file(tmp_path, "S;2017;1200;0,8 %;0,4", "T;2017;1300;0,6%;0,9", header=header)
    decisions = api.classify_values(path)
    shares = next(c for c in next(d for d in decisions if d.area_id == "S").criteria if c.id == "nonwestern")
    assert float(shares.value) == pytest.approx(0.008)


def test_the_exponent_that_hung_classify_is_refused_fast(tmp_path: Path) -> None:
    """1e999999999 made Fraction() compute a billion-digit number; now it is refused before any arithmetic."""
    path = values_file(tmp_path, with_cell("non_western_pct", "1e999999999"), with_cell("basic_education_pct",
                                                                                       "9" * 5000))
    started = time.monotonic()
    outcome = run_subprocess(["classify", "--values", str(path), "--format", "json"])
    assert outcome.code == 3, outcome.text  # a hang would be code "timeout" (after 60 s)
    assert "column 'non_western_pct'" in outcome.stderr and "column 'basic_education_pct'" in outcome.stderr
    assert time.monotonic() - started < 60


def test_values_as_json_still_work(tmp_path: Path) -> None:
    outcome = run_subprocess(["classify", "--values", str(values_file(tmp_path, MJOELNERPARKEN)), "--format",
                              "json"])
    assert outcome.code == 0, outcome.text
    rows = json.loads(outcome.stdout)["rows"]
    assert next(r for r in rows if r["category"] == "ghettoomraade")["criteria_met"] == 4
