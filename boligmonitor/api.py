"""The Python API for analysts (Jupyter): the same functions the CLI calls.

>>> from boligmonitor import api
>>> api.synth("data", scale=0.02, seed=1)                 # doctest: +SKIP
>>> api.run("data", "bundle")                             # doctest: +SKIP
>>> api.lists("bundle", 2024, category="udsat_boligomraade")   # doctest: +SKIP
>>> api.explain("bundle", "A0001", 2024)                  # doctest: +SKIP

Every function returns plain Python data (lists of dicts), ready for ``pandas.DataFrame(...)``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

from boligmonitor.disclosure.audit import AuditReport, audit_bundle
from boligmonitor.errors import BundleError, InputFileError, NotFound, Problem, UserError
from boligmonitor.indicators.disclosure import DisclosureSettings
from boligmonitor.microdata.synth import SynthConfig, generate
from boligmonitor.published import SYNTHETIC_BANNER, exit_path, explain_from_rows, lists_from_rows, localised
from boligmonitor.rules import PublishedSource, classify_area
from boligmonitor.rules.model import Decision
from boligmonitor.runs.bundle import Bundle, open_bundle
from boligmonitor.runs.pipeline import RunReport, criterion_json, notes_json
from boligmonitor.runs.pipeline import run as _run
from boligmonitor.tabular import Column, parse_table, read_text_table

__all__ = ["SYNTHETIC_BANNER", "Bundle", "audit", "classify_values", "exit_path", "explain", "explain_from_rows",
           "lists", "lists_from_rows", "localised", "open_bundle", "run", "synth"]


MAX_MIN_COUNT = 10_000  # above this every area cell is suppressed; a larger number is a typing mistake
MAX_SEED = 2**63 - 1


def synth(out: str | Path, scale: float = 0.05, years: tuple[int, int] = (2006, 2024), seed: int = 1,
          progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Generate a synthetic Denmark (registry + person-years) in ``out``."""
    if not 0 < scale <= 2:
        raise UserError(f"--scale must be above 0 and at most 2 (got {scale}). Fix: use e.g. 0.05 or 1.")
    if not 1990 <= years[0] <= years[1] <= 2100:
        raise UserError(f"--years must be FIRST-LAST with 1990 ≤ FIRST ≤ LAST ≤ 2100 (got {years[0]}-{years[1]}). "
                        "Fix: use e.g. 2006-2024.")
    if not 0 <= seed <= MAX_SEED:
        raise UserError(f"--seed must be a whole number from 0 to {MAX_SEED} (got {seed}).")
    folder = Path(out)
    # A whole data folder is written; into a folder that already holds data it would mix synthetic and real
    # files (and mark the mix as synthetic), so only a new or empty folder is accepted.
    if folder.is_symlink() or (folder.exists() and (not folder.is_dir() or any(folder.iterdir()))):
        raise UserError(f"--out {folder}: exists and is not an empty folder. Fix: choose a new folder; synth "
                        "never writes into existing data.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"--out {folder}: the folder cannot be created ({exc.strerror}).") from None
    return generate(SynthConfig(folder, scale, years[0], years[1], seed), progress)


def run(data: str | Path, out: str | Path, minimum: int = 5, overwrite: bool = False,
        progress: Callable[[str], None] | None = None) -> RunReport:
    """Validate a data folder, compute indicators and lists, write the aggregate bundle."""
    if not 1 <= minimum <= MAX_MIN_COUNT:
        raise UserError(f"--min-count must be from 1 to {MAX_MIN_COUNT:,} (got {minimum}). Fix: use 5 (DST's "
                        "minimum).")
    return _run(Path(data), Path(out), DisclosureSettings(minimum=minimum), overwrite, progress)


def _bundle(path: str | Path | Bundle) -> Bundle:
    return path if isinstance(path, Bundle) else open_bundle(Path(path))


def _area_meta(b: Bundle) -> dict[str, dict[str, Any]]:
    return {a["area_id"]: a for a in b.registry["areas"]}


def _municipality_names(b: Bundle) -> dict[str, str]:
    return {str(r["municipality_code"]): r["name"] for r in b.registry["municipalities"]}


def _rows(b: Bundle) -> list[dict[str, Any]]:
    """Classification rows with their criteria and notes parsed (the shape the web application stores too)."""
    rows: list[dict[str, Any]] = b.classifications.to_pylist()
    for r in rows:
        r["criteria"] = json.loads(r.pop("criteria_json"))
        r["notes"] = json.loads(r.pop("notes_json"))
    return rows


def audit(bundle: str | Path | Bundle, minimum: int | None = None) -> AuditReport:
    """Try, as an attacker would, to work out every suppressed cell and every small group of a bundle from what it
    publishes (cells, decisions, registry, the catalogue's relations); ``minimum`` defaults to the bundle's own."""
    b = _bundle(bundle)
    catalogue = b.manifest.get("catalogue")
    if not isinstance(catalogue, dict):
        raise BundleError(f"{b.path}/manifest.json: no 'catalogue' (the catalogue's relations); the bundle is older "
                          "than format 4. Re-run 'boligmonitor run' to write it again.")
    m = int(b.manifest["disclosure"]["minimum_count"]) if minimum is None else minimum
    return audit_bundle(b.indicators, b.classifications, b.registry, catalogue, m)


def available_years(bundle: str | Path | Bundle) -> list[int]:
    return sorted({r["list_year"] for r in _rows(_bundle(bundle))})


def lists(bundle: str | Path | Bundle, year: int, category: str | None = None,
          municipality: int | None = None, lang: str = "da") -> list[dict[str, Any]]:
    """The areas on each list of ``year``, with the change from the year before and what made the difference.

    ``lang`` ("da" or "en") chooses the language of labels and sentences."""
    b = _bundle(bundle)
    return lists_from_rows(_rows(b), year, _area_meta(b), _municipality_names(b), category,
                           None if municipality is None else {municipality}, source=str(b.path), lang=lang)


def explain(bundle: str | Path | Bundle, area_id: str, year: int | None = None, lang: str = "da") -> dict[str, Any]:
    """Every criterion of every category for one area and list year, with margins and the list history.

    ``lang`` ("da" or "en") chooses the language of labels and sentences."""
    b = _bundle(bundle)
    meta = _area_meta(b)
    rows = [r for r in _rows(b) if r["area_id"] == area_id]
    if not rows:
        known = sorted(meta) if meta else []
        hint = f" Known statutory areas include {', '.join(known[:5])}…" if known else ""
        raise NotFound(f"area '{area_id}' is not in the bundle's classifications.{hint}")
    a = meta.get(area_id, {})
    return explain_from_rows(rows, a, _municipality_names(b).get(str(a.get("municipality_code")), ""), year,
                             b.synthetic, lang)


PERCENT_COLUMNS = ("non_western_pct", "outside_labour_or_education_pct", "convicted_pct", "basic_education_pct",
                   "income_pct_of_region")
VALUE_COLUMNS = (*PERCENT_COLUMNS, "convicted_ratio_to_national")  # every criterion value the rules may ask for
FIRST_LIST_YEAR = 2010
# Shares written as fractions (0,435 for 43,5 %) would silently meet no criterion. A column is read as fractions
# when all its values lie in [0, 1] with one above 0 and none carries a % sign. convicted_pct is the exception:
# real values below 1 % are ordinary there, so only a column entirely at or below 0.1 is refused (as a fraction,
# that is at most 10 %, which is where every real convicted share lies; as a percentage, every area in the file
# would be below 0.1 %).
FRACTION_LIMIT = {c: Fraction(1) for c in PERCENT_COLUMNS} | {"convicted_pct": Fraction(1, 10)}

VALUES_COLUMNS = [
    Column("area_id", "str", example="A0001"),
    Column("name", "str", required=False, nullable=True, example="Mjølnerparken"),
    Column("municipality_code", "int", required=False, nullable=True, min_value=1, max_value=9999, example="101"),
    Column("year", "int", min_value=FIRST_LIST_YEAR, max_value=2100, example="2017",
           range_fix="use the list year (the first statutory list is 2010), e.g. 2024"),
    Column("residents", "int", min_value=0, max_value=10_000_000, range_fix="use the number of residents",
           example="1800"),
    *(Column(c, "percent", required=False, nullable=True, min_value=0, max_value=100,
             range_fix="use a percentage from 0 to 100 (43,5 for 43.5 %)", example="43,5")
      for c in PERCENT_COLUMNS if c != "income_pct_of_region"),
    Column("convicted_ratio_to_national", "decimal", required=False, nullable=True, min_value=0, max_value=100,
           range_fix="use the ratio to the national level, e.g. 2,52 (not negative)", example="2,52"),
    Column("income_pct_of_region", "percent", required=False, nullable=True, min_value=0, max_value=1000,
           range_fix="use the area's mean income as a percentage of the region's, e.g. 51 (not negative)",
           example="51"),
]


def classify_values(path: str | Path) -> list[Decision]:
    """Classify and explain published criterion values (the ministry's per-area tables) without microdata."""
    table = read_text_table(Path(path))
    parsed = parse_table(table, VALUES_COLUMNS)
    problems = list(parsed.problems)
    if not table.rows:
        problems.append(Problem(str(path), "the file has a header but no rows", "add one row per area and list year"))
    seen: dict[tuple[str, int], int] = {}
    for rec, line in zip(parsed.records, parsed.row_numbers, strict=True):
        if rec.get("area_id") is None or rec.get("year") is None:
            continue  # a cell that did not parse is absent from its record (and already a problem)
        key = (rec["area_id"], rec["year"])
        if key in seen:
            problems.append(Problem(str(path), f"duplicate area and year (first in row {seen[key]})",
                                    "keep one row per area and list year", line, "year", str(rec["year"])))
        seen[key] = line
    if not problems:
        problems += _fraction_problems(str(path), table.columns, table.rows, parsed.records)
    if problems:
        raise InputFileError(problems, f"{len(problems)} problem(s) in {path}; nothing was classified")
    by_area: dict[str, dict[int, PublishedSource]] = {}
    for rec in parsed.records:
        vals = {k: (Fraction(rec[k]) if rec.get(k) is not None else None) for k in VALUE_COLUMNS}
        by_area.setdefault(rec["area_id"], {})[rec["year"]] = PublishedSource(vals, rec["residents"])
    out: list[Decision] = []
    for area_id in sorted(by_area):
        out += classify_area(area_id, by_area[area_id], by_area[area_id].keys())
    return out


def _fraction_problems(name: str, columns: list[str], rows: list[list[str | None]],
                       records: list[dict[str, Any]]) -> list[Problem]:
    """Percentage columns that hold shares written as fractions (see :data:`FRACTION_LIMIT`)."""
    out = []
    for col in PERCENT_COLUMNS:
        if col not in columns:
            continue
        i = columns.index(col)
        if any((r[i] or "").rstrip().endswith("%") for r in rows):
            continue  # a % sign says in so many words that these are percentages
        values = [Fraction(rec[col]) for rec in records if rec.get(col) is not None]
        if values and max(values) > 0 and max(values) <= FRACTION_LIMIT[col]:
            out.append(Problem(name, f"every value is between 0 and {FRACTION_LIMIT[col]}: these look like shares "
                               "written as fractions (0,435), but percentages are expected (43,5)",
                               "multiply the values by 100; if they really are this small percentages, write them "
                               "with a % sign (0,8 %)", column=col))
    return out


def decision_rows(decisions: list[Decision]) -> list[dict[str, Any]]:
    """Decisions as flat rows (one per area, year and category) with criteria as nested dicts."""
    return [{
        "area_id": d.area_id, "list_year": d.list_year, "category": d.category, "rule_set": d.rule_set,
        "member": d.member, "criteria_met": d.criteria_met, "consecutive_years": d.consecutive_years,
        "required": d.required.da, "required_en": d.required.en,
        "criteria": [criterion_json(c, None) for c in d.criteria], "notes": notes_json(d.notes),
    } for d in decisions]
