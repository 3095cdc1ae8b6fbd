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
from boligmonitor.rules import PublishedSource, categories_in_force, classify_area
from boligmonitor.rules.model import Decision
from boligmonitor.rules.texts import CATEGORY_LABELS, EXIT_PATHS, INCOME_EXIT, MARGIN_WITHHELD, NOTES, number
from boligmonitor.runs.bundle import Bundle, open_bundle

__all__ = ["Bundle", "classify_values", "explain", "lists", "open_bundle", "run", "synth"]
from boligmonitor.runs.pipeline import RunReport, criterion_json, notes_json
from boligmonitor.runs.pipeline import run as _run
from boligmonitor.tabular import Column, parse_table, read_text_table

SYNTHETIC_BANNER = "SYNTETISKE DATA / SYNTHETIC DATA — invented persons and areas"



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


def lists_from_rows(rows: list[dict[str, Any]], year: int, meta: dict[str, dict[str, Any]],
                    municipality_names: dict[str, str], category: str | None = None,
                    municipalities: set[int] | None = None, areas: set[str] | None = None,
                    source: str = "the bundle", known_years: list[int] | None = None,
                    lang: str = "da") -> list[dict[str, Any]]:
    """The list logic shared by every face: members of each category in force in ``year`` plus the areas that
    left since the year before, each with what changed. ``municipalities``/``areas`` narrow the result;
    ``known_years`` are the list years that exist when ``rows`` holds only part of them."""
    years = known_years or sorted({r["list_year"] for r in rows})
    if year not in years:
        span = f"{years[0]}–{years[-1]}" if years else "no years"
        raise NotFound(f"no list for {year} in {source}; it covers {span}")
    cats = categories_in_force(year)
    if category is not None and category not in cats:
        raise NotFound(f"category '{category}' was not a list in {year}; the lists that year were: "
                       + ", ".join(cats))
    by_key = {(r["area_id"], r["list_year"], r["category"]): r for r in rows if r["list_year"] in (year, year - 1)}
    out = []
    for r in rows:
        if r["list_year"] != year or (category and r["category"] != category) or r["category"] not in cats:
            continue
        a = meta.get(r["area_id"], {})
        if municipalities is not None and a.get("municipality_code") not in municipalities:
            continue
        if areas is not None and r["area_id"] not in areas:
            continue
        prev = by_key.get((r["area_id"], year - 1, r["category"]))
        was = prev["member"] if prev else None
        if not r["member"] and not was:
            continue
        change = "new" if r["member"] and was is False else "left" if not r["member"] and was else (
            "stays" if r["member"] else "")
        out.append({
            "list_year": year,
            "category": r["category"],
            "category_label": CATEGORY_LABELS[r["category"]].pick(lang),
            "area_id": r["area_id"],
            "name": a.get("name", ""),
            "municipality_code": a.get("municipality_code"),
            "municipality": municipality_names.get(str(a.get("municipality_code")),
                                                   str(a.get("municipality_code", ""))),
            "member": r["member"],
            "change": change,
            "criteria_met": r["criteria_met"],
            "consecutive_years": r["consecutive_years"],
            "difference": _difference(r, prev, lang) if change in ("new", "left") else "",
        })
    order = {c: i for i, c in enumerate(cats)}
    return sorted(out, key=lambda x: (order[x["category"]], not x["member"], x["municipality"], x["name"]))


def _difference(now: dict[str, Any], before: dict[str, Any] | None, lang: str) -> str:
    """Which criteria changed between the two years (what made the area come on or leave)."""
    if before is None:
        return ""
    a = {c["id"]: c["met"] for c in before["criteria"]}
    changed = [NOTES["now_met" if c["met"] else "no_longer_met"].pick(lang).format(
        label=localised(c, "label", lang) or c["id"]) for c in now["criteria"] if a.get(c["id"]) != c["met"]]
    return "; ".join(changed)


def localised(d: dict[str, Any], key: str, lang: str) -> Any:
    """A published text in ``lang``: the English twin ``key_en`` when asked for and present, else the Danish
    (vintages imported into the web database before bundle format 3 have no English twin)."""
    if lang == "en" and d.get(f"{key}_en") is not None:
        return d[f"{key}_en"]
    return d.get(key)


def _criterion_in(c: dict[str, Any], lang: str) -> dict[str, Any]:
    """One criterion with its texts in ``lang`` under the plain keys (one shape for every face), and its margin
    as an exit path sentence."""
    out = {k: v for k, v in c.items() if not k.endswith("_en")}
    for key in ("label", "wording", "withheld"):
        out[key] = localised(c, key, lang)
    if c.get("margin"):
        out["margin"] = {k: v for k, v in c["margin"].items() if k != "note_en"}
        out["margin"]["note"] = localised(c["margin"], "note", lang)
    out["exit_path"] = exit_path(out, lang)
    return out


def exit_path(c: dict[str, Any], lang: str) -> str:
    """One sentence: what would have to change in the latest data year for this criterion to flip."""
    margin = c.get("margin") or {}
    if c.get("withheld"):
        return MARGIN_WITHHELD.pick(lang)
    if margin.get("dkk_per_person") is not None:
        met_text, unmet_text = INCOME_EXIT
        return (met_text if c["met"] else unmet_text).pick(lang).format(n=number(margin["dkk_per_person"], 0, lang))
    persons = margin.get("persons")
    if persons is None:
        return str(margin.get("note") or "–")
    texts = EXIT_PATHS.get(c["id"])
    n = number(persons, 0, lang)
    return (texts[0] if c["met"] else texts[1]).pick(lang).format(n=n) if texts else n


def _note_in(note: dict[str, str] | str, lang: str) -> str:
    # Vintages imported into the web database before bundle format 3 hold notes as plain (Danish) strings.
    return note if isinstance(note, str) else note.get(lang) or note["da"]


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


def explain_from_rows(rows: list[dict[str, Any]], area: dict[str, Any], municipality_name: str,
                      year: int | None, synthetic: bool, lang: str = "da") -> dict[str, Any]:
    """The explanation shared by every face, from one area's classification rows."""
    area_id = rows[0]["area_id"]
    years = sorted({r["list_year"] for r in rows})
    year = year or years[-1]
    if year not in years:
        raise NotFound(f"no list year {year} for {area_id}; available {years[0]}–{years[-1]}")
    decisions = []
    for r in rows:
        if r["list_year"] == year:
            decisions.append({
                "category": r["category"], "category_label": CATEGORY_LABELS[r["category"]].pick(lang),
                "rule_set": r["rule_set"], "member": r["member"], "criteria_met": r["criteria_met"],
                "consecutive_years": r["consecutive_years"],
                "criteria": [_criterion_in(c, lang) for c in r["criteria"]],
                "notes": [_note_in(n, lang) for n in r["notes"]],
            })
    history: dict[int, dict[str, Any]] = {}
    for r in rows:
        history.setdefault(r["list_year"], {})[r["category"]] = r["member"]
    return {
        "area_id": area_id, "name": area.get("name", ""), "municipality_code": area.get("municipality_code"),
        "municipality": municipality_name,
        "list_year": year, "list_date": next(r["list_date"] for r in rows if r["list_year"] == year),
        "rules_version": rows[0]["rules_version"], "synthetic": synthetic, "decisions": decisions,
        "history": [{"list_year": y, **history[y]} for y in sorted(history)],
    }


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
