"""The registry contract (DESIGN.md §5) and its loader.

A registry folder holds one file per table (CSV in UTF-8 or Windows-1252, or Parquet):
``regions``, ``municipalities``, ``organisations``, ``afdelinger``, ``areas``, ``area_members`` and optionally
``area_geometry.geojson`` and ``municipality_geometry.geojson`` (see ``geometry``). Every problem found in any
table is reported together; nothing is loaded if any is found.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from boligmonitor.errors import InputFileError, Problem
from boligmonitor.geo.outlines import municipality_code_of
from boligmonitor.registry.geometry import load_geometry, load_municipality_geometry
from boligmonitor.tabular import Column, ParsedTable, parse_table, read_text_table

AREA_KINDS = ("statutory", "helhedsplan", "custom")
NON_EMPTY = ("regions", "municipalities")  # without them no person can be placed anywhere

TABLES: dict[str, list[Column]] = {
    "regions": [
        Column("region_code", "int", description="DST region code (1081–1085)", example="1084", min_value=1,
               max_value=9999),
        Column("name", "str", description="Region name", example="Region Hovedstaden"),
    ],
    "municipalities": [
        Column("municipality_code", "int", description="DST municipality code", example="101", min_value=1,
               max_value=9999),
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
        Column("number", "int", description="The afdeling's number within its organisation", example="12",
               min_value=0, max_value=999_999),
        Column("name", "str", description="Name of the afdeling", example="Bispeparken"),
        Column("municipality_code", "int", description="Municipality the afdeling lies in", example="101"),
        Column("dwellings", "int", description="Number of dwellings", example="412", min_value=0,
               max_value=100_000),
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
    municipality_geometry: dict[str, Any] | None = None  # replaces the packaged outlines on the map when given

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
        if p.exists() or p.is_symlink():  # a dangling link is reported as such, not as a missing table
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
        found = "is not a folder" if folder.exists() else "not found"
        raise InputFileError([Problem(str(folder), f"registry folder {found}", "check the --data path: it must "
                                      "hold the folders registry/ and persons/")])
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
        if name in NON_EMPTY and not table.rows:
            problems.append(Problem(table.name, "the table has a header but no rows", f"add the {name}"))
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
    problems += _repeated_memberships(mem)
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
    registry.notices += _areas_spanning_municipalities(registry)
    geo = folder / "area_geometry.geojson"
    if geo.exists() or geo.is_symlink():
        registry.geometry = load_geometry(geo, set(registry.areas))
    outlines = folder / "municipality_geometry.geojson"
    if outlines.exists() or outlines.is_symlink():
        registry.municipality_geometry = load_municipality_geometry(outlines, set(registry.municipalities))
        registry.notices += _municipalities_without_outline(registry)
    return registry


def _municipalities_without_outline(registry: Registry) -> list[str]:
    """A notice, not an error: the map leaves such a municipality blank (its areas are still drawn)."""
    drawn = {municipality_code_of(f.get("properties")) for f in (registry.municipality_geometry or {})["features"]}
    missing = sorted(set(registry.municipalities) - drawn)
    if not missing:
        return []
    shown = ", ".join(map(str, missing[:10])) + (" …" if len(missing) > 10 else "")
    return [f"municipality_geometry.geojson has no outline for {len(missing)} municipality(ies) ({shown}); the map "
            "leaves them blank"]


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
            if a.area_id == b.area_id:
                continue  # the same area twice is a repeated membership, reported as such
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


def _repeated_memberships(parsed: ParsedTable) -> list[Problem]:
    """The same afdeling in the same area twice at once (a repeated row) would count its residents twice."""
    by_pair: dict[tuple[str, str], list[tuple[dt.date, dt.date | None, int]]] = defaultdict(list)
    for rec, line in zip(parsed.records, parsed.row_numbers, strict=True):
        if rec["valid_from"] is not None and (rec["valid_to"] is None or rec["valid_from"] <= rec["valid_to"]):
            by_pair[(rec["area_id"], rec["afdeling_id"])].append((rec["valid_from"], rec["valid_to"], line))
    out = []
    for (area_id, afd_id), periods in sorted(by_pair.items()):
        periods.sort(key=lambda p: (p[0], p[2]))
        for (_, a_to, a_line), (b_from, _, b_line) in itertools.pairwise(periods):
            if a_to is None or b_from <= a_to:
                out.append(Problem(parsed.name, f"afdeling {afd_id} is in area {area_id} twice for overlapping "
                                   f"periods (also in row {a_line}); its residents would be counted twice",
                                   "delete the repeated row, or end the first period before the second starts",
                                   b_line, "afdeling_id", afd_id))
    return out


def _areas_spanning_municipalities(registry: Registry) -> list[str]:
    """A warning, not an error: an area may cross a municipal border, but usually a code is wrong somewhere."""
    muns: dict[str, set[int]] = defaultdict(set)
    for m in registry.members:
        afd = registry.afdelinger.get(m.afdeling_id)
        if afd is not None:
            muns[m.area_id].add(afd["municipality_code"])
    out = []
    for area_id, codes in sorted(muns.items()):
        own = registry.areas[area_id]["municipality_code"]
        if codes != {own}:
            out.append(f"area {area_id} is registered in municipality {own} but its afdelinger lie in "
                       f"{', '.join(map(str, sorted(codes)))}; its figures include all of them (check "
                       "areas.csv and afdelinger.csv if this is not intended)")
    return out
