"""The person-year contract (DESIGN.md §5, pinned in issue 2): one row per person per data year.

Residence and age refer to the end of the data year; annual measures refer to the calendar year.
This module is the single source of the contract; ``docs/data-contracts.md`` is generated from it.
"""

from __future__ import annotations

from dataclasses import dataclass

ORIGINS = (
    "dansk",
    "indvandrer_vestlig",
    "indvandrer_ikke_vestlig",
    "efterkommer_vestlig",
    "efterkommer_ikke_vestlig",
)
NON_WESTERN = ("indvandrer_ikke_vestlig", "efterkommer_ikke_vestlig")
EDUCATIONS = (
    "grundskole",
    "gymnasial",
    "erhvervsfaglig",
    "kort_videregaaende",
    "mellemlang_videregaaende",
    "lang_videregaaende",
    "ukendt",
)
SEXES = ("M", "K")


@dataclass(frozen=True)
class PersonColumn:
    name: str
    duck_type: str  # the DuckDB type the column is read as
    required: bool
    nullable: bool
    description: str
    example: str
    allowed: tuple[str, ...] | None = None
    min_value: float | None = None
    max_value: float | None = None
    range_hint: str = ""  # what a value outside the range usually means, and the fix


PERSON_COLUMNS: tuple[PersonColumn, ...] = (
    PersonColumn("year", "INTEGER", True, False, "Data year (residence at its end)", "2023", min_value=1980,
                 max_value=2100, range_hint="use the four-digit data year"),
    PersonColumn("person_id", "VARCHAR", True, False, "Pseudonymous person id (int or text)", "1048573"),
    PersonColumn("afdeling_id", "VARCHAR", True, True, "Almen afdeling lived in; empty if none", "AFD00012"),
    PersonColumn("municipality_code", "INTEGER", True, False, "DST municipality code of residence", "101"),
    PersonColumn("age", "INTEGER", True, False, "Age at the end of the data year", "34", min_value=0,
                 max_value=125, range_hint="use the age in whole years at the end of the data year"),
    PersonColumn("sex", "VARCHAR", False, True, "M or K", "K", allowed=SEXES),
    PersonColumn("origin", "VARCHAR", True, False, "DST origin group", "dansk", allowed=ORIGINS),
    PersonColumn("outside_labour_or_education", "DOUBLE", True, False,
                 "Full-time-equivalent share of the year outside labour market and education", "0.25",
                 min_value=0.0, max_value=1.0,
                 range_hint="use a share of the year between 0 and 1 (0.25 = a quarter), not a percentage"),
    PersonColumn("education_dk", "VARCHAR", True, False, "Highest education registered/approved in Denmark",
                 "gymnasial", allowed=EDUCATIONS),
    PersonColumn("in_education", "BOOLEAN", True, False, "In education (uddannelsessøgende)", "false"),
    # ±10 billion DKK: far above any real income, and low enough that 6 million of them summed in øre fit an
    # int64 exactly (the engine sums money in øre); infinity and NaN are refused by the same check.
    PersonColumn("gross_income", "DOUBLE", True, False, "Gross income in DKK for the year", "312000.0",
                 min_value=-1e10, max_value=1e10,
                 range_hint="use the year's gross income in DKK (a finite number, at most 10 billion either way)"),
    PersonColumn("taxable", "BOOLEAN", True, False, "Fully taxable in Denmark (skattepligtig)", "true"),
    PersonColumn("convicted", "BOOLEAN", True, False,
                 "Convicted in the year under straffeloven, våbenloven or lov om euforiserende stoffer", "false"),
    PersonColumn("charged", "BOOLEAN", False, True, "Charged (sigtet) in the year", "false"),
    PersonColumn("in_daycare", "BOOLEAN", False, True, "Child in day care (0–5 years)", "true"),
    PersonColumn("grade_9th_avg", "DOUBLE", False, True, "Average grade at 9th-grade exams (that year)", "7.2",
                 min_value=-3.0, max_value=12.0, range_hint="use the grade average on the 7-point scale (-3 to 12)"),
    PersonColumn("voted", "BOOLEAN", False, True, "Voted at the year's election, if any", "true"),
)

COLUMNS_BY_NAME = {c.name: c for c in PERSON_COLUMNS}
REQUIRED = tuple(c.name for c in PERSON_COLUMNS if c.required)
OPTIONAL = tuple(c.name for c in PERSON_COLUMNS if not c.required)
