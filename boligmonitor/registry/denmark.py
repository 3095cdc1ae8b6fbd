"""The real regions and municipalities of Denmark (DST codes, names, rough population), shipped with the package."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class Municipality:
    code: int
    name: str
    region_code: int
    approx_population: int


def regions() -> dict[int, str]:
    """DST region codes 1081–1085 and their names."""
    text = resources.files("boligmonitor.registry").joinpath("data/regions.csv").read_text(encoding="utf-8")
    return {int(r["region_code"]): r["name"] for r in csv.DictReader(text.splitlines())}


def municipalities() -> list[Municipality]:
    """The 98 municipalities with DST codes, sorted by code."""
    text = resources.files("boligmonitor.registry").joinpath("data/municipalities.csv").read_text(encoding="utf-8")
    out = [
        Municipality(int(r["municipality_code"]), r["name"], int(r["region_code"]), int(r["approx_population"]))
        for r in csv.DictReader(text.splitlines())
    ]
    return sorted(out, key=lambda m: m.code)
