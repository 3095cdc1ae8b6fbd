"""The registry contract (DESIGN.md §5) and its loader.

A registry folder holds one file per table (CSV in UTF-8 or Windows-1252, or Parquet):
``regions``, ``municipalities``, ``organisations``, ``afdelinger``, ``areas``, ``area_members`` and optionally
``area_geometry.geojson``. Every problem found in any table is reported together; nothing is loaded if any is found.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from boligmonitor.errors import InputFileError, Problem
from boligmonitor.tabular import Column, ParsedTable, parse_table, read_text_table

AREA_KINDS = ("statutory", "helhedsplan", "custom")

TABLES: dict[str, list[Column]] = {
    "regions": [
        Column("region_code", "int", description="DST region code (1081–1085)", example="1084"),
        Column("name", "str", description="Region name", example="Region Hovedstaden"),
    ],
    "municipalities": [
        Column("municipality_code", "int", description="DST municipality code", example="101"),
        Column("name", "str", description="Municipality name", example="København"),
        Column("region_code", "int", description="Region the municipality lies in", example="1084"),
    ],
    "organisations": [
        Column("org_id", "str", description="Housing organisation id", example="ORG0001"),
        Column("name", "str", description="Organisation name", example="Boligforeningen Vest"),
    ],
    "afdelinger": [
        Column("afdeling_id", "str", description="Unique id of the afdeling", example="AFD00012"),
        Column("org_id", "str", description="Owning housing organisation", example="ORG0001"),
        Column("number", "int", description="The afdeling's number within its organisation", example="12"),
        Column("name", "str", description="Name of the afdeling", example="Bispeparken"),
        Column("municipality_code", "int", description="Municipality the afdeling lies in", example="101"),
        Column("dwellings", "int", description="Number of dwellings", example="412"),
    ],
    "areas": [
        Column("area_id", "str", description="Area id", example="A0001"),
        Column("name", "str", description="Area name", example="Mjølnerparken"),
        Column("municipality_code", "int", description="Municipality of the area", example="101"),
        Column(
            "kind",
            "str",
            allowed=AREA_KINDS,
            description="statutory (§ 61 a stk. 3 boligområde), helhedsplan or custom",
            example="statutory",
        ),
    ],
    "area_members": [
        Column("area_id", "str", description="Area", example="A0001"),
        Column("afdeling_id", "str", description="Afdeling belonging to the area", example="AFD00012"),
        Column("valid_from", "date", description="First day of membership", example="2010-01-01"),
        Column(
            "valid_to", "date", nullable=True, description="Last day of membership (empty = open)", example=""
        ),
    ],
}


@dataclass(frozen=True)
class Membership:
    area_id: str
    afdeling_id: str
    valid_from: dt.date
    valid_to: dt.date | None

    def valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass
class Registry:
    """Master data, loaded and cross-checked."""

    regions: dict[int, str]
    municipalities: dict[int, tuple[str, int]]  # code -> (name, region_code)
    organisations: dict[str, str]
    afdelinger: dict[str, dict[str, Any]]
    areas: dict[str, dict[str, Any]]
    members: list[Membership]
    geometry: dict[str, Any] | None = None
    notices: list[str] = field(default_factory=list)

    def region_of(self, municipality_code: int) -> int:
        return self.municipalities[municipality_code][1]

    def membership_on(self, day: dt.date) -> list[tuple[str, str]]:
        """(area_id, afdeling_id) pairs valid on ``day``; the data-year rule uses 31 December."""
        return sorted((m.area_id, m.afdeling_id) for m in self.members if m.valid_on(day))

    def statutory_area_ids(self) -> list[str]:
        return sorted(a for a, rec in self.areas.items() if rec["kind"] == "statutory")


def _find_table(folder: Path, name: str) -> Path | None:
    for suffix in (".csv", ".parquet"):
        p = folder / f"{name}{suffix}"
        if p.exists():
            return p
    return None


def _key_problems(parsed: ParsedTable, key: str, fix: str) -> list[Problem]:
    seen: dict[Any, int] = {}
    out = []
    for rec, line in zip(parsed.records, parsed.row_numbers, strict=True):
        k = rec.get(key)
        if k is None:
            continue
        if k in seen:
            out.append(
                Problem(parsed.name, f"duplicate {key} (first seen in row {seen[k]})", fix, line, key, str(k))
            )
        else:
            seen[k] = line
    return out


def _fk_problems(
    parsed: ParsedTable, column: str, known: set[Any], target: str, fix: str | None = None
) -> list[Problem]:
    out = []
    for rec, line in zip(parsed.records, parsed.row_numbers, strict=True):
        v = rec.get(column)
        if v is not None and v not in known:
            out.append(
                Problem(
                    parsed.name,
                    f"unknown code: not found in {target}",
                    fix or f"add it to {target} or correct the code",
                    line,
                    column,
                    str(v),
                )
            )
    return out


def load_registry(folder: Path) -> Registry:
    """Load and cross-check a registry folder. Raises :class:`InputFileError` listing every problem."""
    if not folder.is_dir():
        raise InputFileError([Problem(str(folder), "registry folder not found", "check the path")])
    problems: list[Problem] = []
    parsed: dict[str, ParsedTable] = {}
    for name, columns in TABLES.items():
        path = _find_table(folder, name)
        if path is None:
            problems.append(
                Problem(str(folder / f"{name}.csv"), "required registry table is missing", f"add {name}.csv")
            )
            continue
        try:
            table = read_text_table(path)
        except InputFileError as exc:
            problems.extend(exc.problems)
            continue
        parsed[name] = parse_table(table, columns)
        problems.extend(parsed[name].problems)
    if problems:
        raise InputFileError(problems, f"{len(problems)} problem(s) in the registry; nothing was loaded")

    reg, mun, org, afd, areas, mem = (
        parsed[n] for n in ("regions", "municipalities", "organisations", "afdelinger", "areas", "area_members")
    )
    problems += _key_problems(reg, "region_code", "each region once")
    problems += _key_problems(mun, "municipality_code", "each municipality once")
    problems += _key_problems(org, "org_id", "each organisation once")
    problems += _key_problems(afd, "afdeling_id", "each afdeling once")
    problems += _key_problems(areas, "area_id", "each area once")
    region_codes = {r["region_code"] for r in reg.records}
    mun_codes = {r["municipality_code"] for r in mun.records}
    problems += _fk_problems(mun, "region_code", region_codes, "regions")
    problems += _fk_problems(afd, "org_id", {r["org_id"] for r in org.records}, "organisations")
    problems += _fk_problems(afd, "municipality_code", mun_codes, "municipalities")
    problems += _fk_problems(areas, "municipality_code", mun_codes, "municipalities")
    problems += _fk_problems(mem, "area_id", {r["area_id"] for r in areas.records}, "areas")
    problems += _fk_problems(
        mem,
        "afdeling_id",
        {r["afdeling_id"] for r in afd.records},
        "afdelinger",
        "an area member must be an afdeling listed in afdelinger; add the afdeling or remove the membership",
    )
    for rec, line in zip(afd.records, afd.row_numbers, strict=True):
        if rec["dwellings"] is not None and rec["dwellings"] < 0:
            problems.append(Problem(afd.name, "dwellings cannot be negative", "correct the count", line, "dwellings"))
    members = []
    for rec, line in zip(mem.records, mem.row_numbers, strict=True):
        if rec["valid_to"] is not None and rec["valid_from"] is not None and rec["valid_to"] < rec["valid_from"]:
            problems.append(
                Problem(mem.name, "valid_to is before valid_from", "swap or correct the dates", line, "valid_to")
            )
            continue
        members.append(Membership(rec["area_id"], rec["afdeling_id"], rec["valid_from"], rec["valid_to"]))
    area_kind = {r["area_id"]: r["kind"] for r in areas.records}
    problems += _overlapping_statutory(members, area_kind, mem)
    if problems:
        raise InputFileError(problems, f"{len(problems)} problem(s) in the registry; nothing was loaded")

    registry = Registry(
        regions={r["region_code"]: r["name"] for r in reg.records},
        municipalities={r["municipality_code"]: (r["name"], r["region_code"]) for r in mun.records},
        organisations={r["org_id"]: r["name"] for r in org.records},
        afdelinger={r["afdeling_id"]: r for r in afd.records},
        areas={r["area_id"]: r for r in areas.records},
        members=members,
    )
    in_area = {m.afdeling_id for m in members}
    orphans = sorted(set(registry.afdelinger) - in_area)
    if orphans:
        registry.notices.append(
            f"{len(orphans)} afdeling(er) belong to no area; their residents count in municipality, region and "
            "nation only"
        )
    geo = folder / "area_geometry.geojson"
    if geo.exists():
        registry.geometry = _load_geometry(geo, set(registry.areas))
    return registry


def _overlapping_statutory(
    members: list[Membership], area_kind: dict[str, str], parsed: ParsedTable
) -> list[Problem]:
    """An afdeling can be in one statutory area at a time (helhedsplan and custom areas may overlap)."""
    by_afd: dict[str, list[Membership]] = defaultdict(list)
    for m in members:
        if area_kind.get(m.area_id) == "statutory":
            by_afd[m.afdeling_id].append(m)
    out = []
    for afd_id, ms in sorted(by_afd.items()):
        ms.sort(key=lambda m: m.valid_from)
        for a, b in itertools.pairwise(ms):
            if a.valid_to is None or b.valid_from <= a.valid_to:
                out.append(
                    Problem(
                        parsed.name,
                        f"afdeling is in two statutory areas ({a.area_id}, {b.area_id}) at the same time",
                        "end one membership (valid_to) before the other starts",
                        column="afdeling_id",
                        value=afd_id,
                    )
                )
    return out


def _load_geometry(path: Path, area_ids: set[str]) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputFileError([Problem(str(path), f"not valid GeoJSON ({exc})", "export the file as GeoJSON")]) from None
    problems = []
    for i, feat in enumerate(data.get("features", []), start=1):
        aid = (feat.get("properties") or {}).get("area_id")
        if aid not in area_ids:
            problems.append(
                Problem(str(path), "feature has an area_id not in areas", "correct properties.area_id", i, "area_id")
            )
    if problems:
        raise InputFileError(problems)
    return dict(data)
