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

from boligmonitor.errors import InputFileError, NotFound, Problem
from boligmonitor.indicators.disclosure import DisclosureSettings
from boligmonitor.microdata.synth import SynthConfig, generate
from boligmonitor.published import SYNTHETIC_BANNER, exit_path, explain_from_rows, lists_from_rows, localised
from boligmonitor.rules import PublishedSource, classify_area
from boligmonitor.rules.model import Decision
from boligmonitor.runs.bundle import Bundle, open_bundle
from boligmonitor.runs.pipeline import RunReport, criterion_json, notes_json
from boligmonitor.runs.pipeline import run as _run
from boligmonitor.tabular import Column, parse_table, read_text_table

__all__ = ["SYNTHETIC_BANNER", "Bundle", "classify_values", "exit_path", "explain", "explain_from_rows", "lists",
           "lists_from_rows", "localised", "open_bundle", "run", "synth"]


def synth(out: str | Path, scale: float = 0.05, years: tuple[int, int] = (2006, 2024), seed: int = 1,
          progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Generate a synthetic Denmark (registry + person-years) in ``out``."""
    if not 0 < scale <= 2:
        raise InputFileError([Problem("--scale", "scale must be above 0 and at most 2", "use e.g. 0.05 or 1")])
    if years[0] > years[1] or years[0] < 1990:
        raise InputFileError([Problem("--years", "expected FIRST-LAST with FIRST ≤ LAST", "use e.g. 2006-2024")])
    return generate(SynthConfig(Path(out), scale, years[0], years[1], seed), progress)


def run(data: str | Path, out: str | Path, minimum: int = 5, overwrite: bool = False,
        progress: Callable[[str], None] | None = None) -> RunReport:
    """Validate a data folder, compute indicators and lists, write the aggregate bundle."""
    if minimum < 1:
        raise InputFileError([Problem("--min-count", "the disclosure minimum must be at least 1", "use 5 (DST)")])
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


VALUES_COLUMNS = [
    Column("area_id", "str"),
    Column("name", "str", required=False, nullable=True),
    Column("municipality_code", "int", required=False, nullable=True),
    Column("year", "int"),
    Column("residents", "int"),
    *(Column(c, "decimal", required=False, nullable=True) for c in (
        "non_western_pct", "outside_labour_or_education_pct", "convicted_pct", "convicted_ratio_to_national",
        "basic_education_pct", "income_pct_of_region")),
]


def classify_values(path: str | Path) -> list[Decision]:
    """Classify and explain published criterion values (the ministry's per-area tables) without microdata."""
    parsed = parse_table(read_text_table(Path(path)), VALUES_COLUMNS)
    problems = list(parsed.problems)
    seen: dict[tuple[str, int], int] = {}
    for rec, line in zip(parsed.records, parsed.row_numbers, strict=True):
        key = (rec["area_id"], rec["year"])
        if None not in key and key in seen:
            problems.append(Problem(str(path), f"duplicate area and year (first in row {seen[key]})",
                                    "keep one row per area and list year", line, "year", str(rec["year"])))
        seen[key] = line
        if rec.get("year") is not None and not 2010 <= rec["year"] <= 2100:
            problems.append(Problem(str(path), "list year before 2010 (no statutory criteria)",
                                    "use the list year, e.g. 2024", line, "year", str(rec["year"])))
        if rec.get("residents") is not None and rec["residents"] < 0:
            problems.append(Problem(str(path), "residents cannot be negative", "correct the count", line,
                                    "residents", str(rec["residents"])))
    if problems:
        raise InputFileError(problems, f"{len(problems)} problem(s) in {path}; nothing was classified")
    by_area: dict[str, dict[int, PublishedSource]] = {}
    for rec in parsed.records:
        vals = {k: (Fraction(v) if v is not None else None) for k, v in rec.items()
                if k.endswith("_pct") or k == "convicted_ratio_to_national"}
        by_area.setdefault(rec["area_id"], {})[rec["year"]] = PublishedSource(vals, rec["residents"])
    out: list[Decision] = []
    for area_id in sorted(by_area):
        out += classify_area(area_id, by_area[area_id], by_area[area_id].keys())
    return out


def decision_rows(decisions: list[Decision]) -> list[dict[str, Any]]:
    """Decisions as flat rows (one per area, year and category) with criteria as nested dicts."""
    return [{
        "area_id": d.area_id, "list_year": d.list_year, "category": d.category, "rule_set": d.rule_set,
        "member": d.member, "criteria_met": d.criteria_met, "consecutive_years": d.consecutive_years,
        "required": d.required.da, "required_en": d.required.en,
        "criteria": [criterion_json(c, None) for c in d.criteria], "notes": notes_json(d.notes),
    } for d in decisions]
