"""Corpus, part 1: numbers in person-year files — non-finite, absurd, odd forms, fractional ages.

One cell of row 3 (line 4 of the CSV) is broken; the message must name the file, the row, the column and what was
expected, show that cell (shortened if long) and nothing else of the row. CSV cells are text; the Parquet cases
use typed columns (a DOUBLE age, an int64 beyond INTEGER, a float income of infinity).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from tests.integration.corpus import BAD_ROW, GOOD, Case, check, data_folder, parquet_table, run_args, to_parquet

WHOLE = "expected a whole number in plain digits"
NUMBER = "expected a number"
RANGE = "outside the allowed range"


def csv_cell(column: str, value: str, *words: str, subprocess: bool = False) -> Case:
    """A person CSV whose row 4 has ``value`` in ``column``."""

    def build(root: Path) -> list[str]:
        data_folder(root, {BAD_ROW: {column: value}})
        return run_args(root)

    name = f"csv-{column}-{value[:20]}"
    return Case(name, build, 3, ("persons.csv, row 4", f"column '{column}'", "Fix:", *words), shown=column,
                subprocess=subprocess)


def parquet_cell(column: str, values: list[Any], arrow_type: pa.DataType, *words: str, label: str = "") -> Case:
    """A typed Parquet file whose ``column`` has the given values (row 3 is the broken one)."""

    def build(root: Path) -> list[str]:
        parquet_table(data_folder(root), {column: pa.array(values, type=arrow_type)})
        return run_args(root)

    return Case(f"parquet-{column}-{label or values[BAD_ROW]}", build, 3,
                ("persons_2023.parquet, row 3", f"column '{column}'", "Fix:", *words), shown=column)


def _with_bad(good: list[Any], bad: Any) -> list[Any]:
    return [bad if i == BAD_ROW else v for i, v in enumerate(good)]


AGES = [p["age"] for p in GOOD]
INCOMES = [float(p["gross_income"]) for p in GOOD]

CASES = [
    # gross income: non-finite, absurd, odd forms
    csv_cell("gross_income", "inf", NUMBER, "'inf'"),
    csv_cell("gross_income", "-inf", NUMBER),
    csv_cell("gross_income", "NaN", NUMBER, subprocess=True),
    csv_cell("gross_income", "1e18", RANGE, "10,000,000,000"),
    csv_cell("gross_income", "-2e10", RANGE),
    csv_cell("gross_income", "9" * 5000, "5,000 characters"),
    csv_cell("gross_income", "1e999999999", NUMBER, subprocess=True),
    csv_cell("gross_income", "0x1F", NUMBER),
    csv_cell("gross_income", "300_000", NUMBER),
    csv_cell("gross_income", "tre hundrede", NUMBER),
    csv_cell("gross_income", "300,000.50", NUMBER),
    csv_cell("gross_income", "", "value is empty"),
    # ages: odd forms that DuckDB's casts accept, fractions it rounds, absurd sizes
    csv_cell("age", "0x10", WHOLE, "'0x10'", subprocess=True),
    csv_cell("age", "1_000", WHOLE),
    csv_cell("age", "3e1", WHOLE),
    csv_cell("age", "34.5", WHOLE, "'34.5'", subprocess=True),
    csv_cell("age", "34,5", WHOLE),
    csv_cell("age", "9" * 5000, WHOLE, "5,000 characters"),
    csv_cell("age", "99999999999", WHOLE),
    csv_cell("age", "-4", RANGE, "0 to 125"),
    csv_cell("age", "126", RANGE),
    csv_cell("age", "٣٤", WHOLE),
    csv_cell("age", "+-3", WHOLE),
    csv_cell("age", "0b11", WHOLE),
    csv_cell("age", "", "value is empty"),
    # year and municipality code
    csv_cell("year", "2023.5", WHOLE),
    csv_cell("year", "23", RANGE, "1980 to 2100"),
    csv_cell("year", "MMXXIII", WHOLE),
    csv_cell("year", "2.023e3", WHOLE),
    csv_cell("municipality_code", "0x65", WHOLE),
    csv_cell("municipality_code", "101.5", WHOLE),
    # the FTE share: non-finite, a percentage instead of a share, negative, an exponent that overflows
    csv_cell("outside_labour_or_education", "inf", NUMBER),
    csv_cell("outside_labour_or_education", "nan", NUMBER),
    csv_cell("outside_labour_or_education", "25", RANGE, "not a percentage"),
    csv_cell("outside_labour_or_education", "-0.1", RANGE),
    csv_cell("outside_labour_or_education", "1e999", RANGE),
    csv_cell("outside_labour_or_education", "0x1", NUMBER),
    # yes/no and codes
    csv_cell("in_education", "måske", "true/false"),
    csv_cell("taxable", "2", "true/false"),
    csv_cell("origin", "svensk", "allowed codes"),
    csv_cell("education_dk", "phd", "allowed codes"),
    csv_cell("sex", "Q", "allowed codes"),
    csv_cell("grade_9th_avg", "13", RANGE, "7-point scale"),
    csv_cell("grade_9th_avg", "nan", NUMBER),
    # typed Parquet columns
    parquet_cell("gross_income", _with_bad(INCOMES, float("inf")), pa.float64(), RANGE, label="inf"),
    parquet_cell("gross_income", _with_bad(INCOMES, float("nan")), pa.float64(), RANGE, label="nan"),
    parquet_cell("gross_income", _with_bad(INCOMES, 1e18), pa.float64(), RANGE),
    parquet_cell("gross_income", _with_bad([str(v) for v in INCOMES], "0x10"), pa.string(), NUMBER),
    parquet_cell("age", _with_bad([float(a) for a in AGES], 34.5), pa.float64(), WHOLE, "'34.5'"),
    parquet_cell("age", _with_bad([float(a) for a in AGES], float("nan")), pa.float64(), WHOLE, label="nan"),
    parquet_cell("age", _with_bad(AGES, 2**40), pa.int64(), WHOLE),
    parquet_cell("age", _with_bad(AGES, -1), pa.int32(), RANGE),
    parquet_cell("year", _with_bad(["2023"] * 7, "2023.5"), pa.string(), WHOLE),
    parquet_cell("outside_labour_or_education", _with_bad(["0.5"] * 7, "abc"), pa.string(), NUMBER),
    parquet_cell("outside_labour_or_education", _with_bad([0.5] * 7, 1.5), pa.float64(), RANGE),
    parquet_cell("in_education", _with_bad([0] * 7, 2), pa.int8(), "true/false"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_broken_number_is_refused_clearly(case: Case, tmp_path: Path) -> None:
    check(case, tmp_path)


@pytest.mark.parametrize(("column", "value"), [
    ("age", "34.0"),  # pandas writes an integer column with gaps this way: a whole number, accepted
    ("age", " 34 "),
    ("gross_income", "-12500.5"),  # negative income exists (capital losses)
    ("gross_income", "3.125e5"),  # machine-written numbers may use an exponent
    ("outside_labour_or_education", "1e-05"),
])
def test_ordinary_forms_still_pass(tmp_path: Path, column: str, value: str) -> None:
    from boligmonitor import api

    api.run(data_folder(tmp_path, {BAD_ROW: {column: value}}), tmp_path / "bundle")
    assert (tmp_path / "bundle" / "manifest.json").exists()


def test_typed_parquet_with_whole_doubles_passes(tmp_path: Path) -> None:
    from boligmonitor import api

    to_parquet(data_folder(tmp_path), {"age": pa.float64()})
    api.run(tmp_path / "data", tmp_path / "bundle")
    assert (tmp_path / "bundle" / "manifest.json").exists()
