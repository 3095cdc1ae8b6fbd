"""Run every YAML rule case in tests/rules/cases: the law, as a domain expert can read and extend it."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml

from boligmonitor.rules import PublishedSource, classify_area

CASES = Path(__file__).parent / "cases"
VALUE_KEYS = ("non_western_pct", "outside_labour_or_education_pct", "convicted_pct",
              "convicted_ratio_to_national", "basic_education_pct", "income_pct_of_region")


def _load() -> list[Any]:
    out = []
    for f in sorted(CASES.glob("*.yaml")):
        doc = yaml.safe_load(f.read_text(encoding="utf-8"))
        for case in doc["cases"]:
            out.append(pytest.param(case, id=f"{f.stem}: {case['name']}"))
    return out


def _source(values: dict[str, Any]) -> PublishedSource:
    vals = {k: Fraction(str(values[k])) if values.get(k) is not None else None for k in VALUE_KEYS}
    return PublishedSource(vals, values.get("residents"))


@pytest.mark.parametrize("case", _load())
def test_rule_case(case: dict[str, Any]) -> None:
    year = case["year"]
    sources = {y: _source(v) for y, v in (case.get("history") or {}).items()}
    sources[year] = _source(case["input"])
    decisions = {d.category: d for d in classify_area("X", sources, sources.keys()) if d.list_year == year}
    expect = dict(case["expect"])
    met = expect.pop("met", None)
    n_met = expect.pop("criteria_met", None)
    run = expect.pop("consecutive_years", None)
    notes = expect.pop("notes", {}) or {}
    main = None
    for category, wanted in expect.items():
        if wanted == "absent":
            assert category not in decisions, f"{category} should not exist in {year}"
            continue
        assert category in decisions, f"{category} not decided in {year}; got {sorted(decisions)}"
        assert decisions[category].member is wanted, (category, decisions[category])
        main = main or decisions[category]
    if met is not None:
        assert main is not None
        assert sorted(c.id for c in main.criteria if c.met and c.id != "residents") == sorted(met)
    if n_met is not None:
        assert main is not None and main.criteria_met == n_met
    if run is not None:
        runs = [d.consecutive_years for d in decisions.values() if d.consecutive_years is not None]
        assert run in runs, runs
    for category, words in notes.items():
        written = " | ".join(n.da for n in decisions[category].notes)
        assert words in written, (category, written)
