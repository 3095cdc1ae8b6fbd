"""Run the obligation cases in tests/rules/obligation_cases: what follows from a status, and what continues."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from boligmonitor.rules import categories_in_force
from boligmonitor.rules.obligations import obligations_in_force

CASES = Path(__file__).parent / "obligation_cases"


def _load() -> list[Any]:
    return [pytest.param(case, id=f"{f.stem}: {case['name']}")
            for f in sorted(CASES.glob("*.yaml"))
            for case in yaml.safe_load(f.read_text(encoding="utf-8"))["cases"]]


def history_of(table: dict[int, Any]) -> dict[int, dict[str, bool | None]]:
    """Every category the law had in a year is False unless the case puts the area on it (or leaves it open)."""
    out = {}
    for year, entry in table.items():
        on, open_ = (entry, []) if isinstance(entry, list) else (entry.get("on", []), entry.get("undetermined", []))
        out[year] = {c: (None if c in open_ else c in on) for c in categories_in_force(year)}
    return out


@pytest.mark.parametrize("case", _load())
def test_obligation_case(case: dict[str, Any]) -> None:
    found = {o["id"]: o for o in obligations_in_force(history_of(case["history"]), case["year"])}
    for oid, basis in case["expect"].items():
        if basis == "absent":
            assert oid not in found, (oid, found.get(oid, {}).get("why"))
        else:
            assert oid in found, (oid, sorted(found))
            assert found[oid]["basis"] == basis, (oid, found[oid]["why"])
    for oid, words in (case.get("why") or {}).items():
        assert words in found[oid]["why"], (oid, found[oid]["why"])
