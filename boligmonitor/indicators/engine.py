"""The DuckDB engine: one scan of the person-years, then exact roll-ups to every unit.

The scan groups person rows by (year, afdeling, municipality) and computes every component plus the row
checks' counts. Everything after that works on this small table: area membership (valid on 31 December of the
data year), municipalities, regions and the nation are sums of groups.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from boligmonitor.errors import Problem
from boligmonitor.indicators.catalogue import Component
from boligmonitor.microdata.readers import PersonSource
from boligmonitor.microdata.validate import RowCheck
from boligmonitor.registry.model import Registry

UnitKey = tuple[str, str, int]  # (unit_type, unit_id, year)
UNIT_ORDER = {"nation": 0, "region": 1, "municipality": 2, "area": 3}


@dataclass
class ScanResult:
    groups: pa.Table
    check_counts: dict[str, int]
    components: list[Component]


def scan(
    con: duckdb.DuckDBPyConnection, source: PersonSource, comps: list[Component], checks: list[RowCheck]
) -> ScanResult:
    """One pass over all person-years: components and row-check counts per (year, afdeling, municipality)."""
    usable = [c for c in comps if all(r in source.columns for r in c.requires)]
    parts = []
    for c in usable:
        expr = c.sql
        if "HUGEINT" in expr:
            expr = f"CAST({expr} AS DECIMAL(38,0))"
        parts.append(f'{expr} AS "{c.name}"')
    parts += [f'count_if({ch.condition}) AS "chk__{ch.name}"' for ch in checks]
    sql = (
        "SELECT year, afdeling_id, municipality_code, " + ", ".join(parts)
        + " FROM persons GROUP BY year, afdeling_id, municipality_code"
        + " ORDER BY year, afdeling_id NULLS FIRST, municipality_code"
    )
    groups = con.sql(sql).to_arrow_table()
    counts = {ch.name: int(pc.sum(groups.column(f"chk__{ch.name}")).as_py() or 0) for ch in checks}
    return ScanResult(groups, counts, usable)


def code_problems(con: duckdb.DuckDBPyConnection, groups: pa.Table, registry: Registry) -> list[Problem]:
    """Unknown afdelinger/municipalities, and persons whose municipality differs from their afdeling's."""
    out: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    afd = groups.column("afdeling_id").to_pylist()
    mun = groups.column("municipality_code").to_pylist()
    years = groups.column("year").to_pylist()

    def example(where: str) -> tuple[str, int]:
        row = con.sql(f"SELECT __file, __row FROM persons WHERE {where} ORDER BY __file, __row LIMIT 1").fetchall()
        return (str(row[0][0]), int(row[0][1])) if row else ("persons", 0)

    for a, m, y in zip(afd, mun, years, strict=True):
        if m is not None and m not in registry.municipalities and ("m", str(m)) not in seen:
            seen.add(("m", str(m)))
            f, r = example(f"municipality_code = {int(m)}")
            out.append(Problem(f, "unknown code: municipality not in registry/municipalities", "use a DST "
                               "municipality code listed in the registry", r, "municipality_code", str(m)))
        if a is None:
            continue
        if a not in registry.afdelinger:
            if ("a", a) not in seen:
                seen.add(("a", a))
                f, r = example("afdeling_id = '" + a.replace("'", "''") + "'")
                out.append(Problem(f, "unknown code: afdeling not in registry/afdelinger", "add the afdeling to "
                                   "afdelinger.csv or correct the id", r, "afdeling_id", a))
        elif m is not None and registry.afdelinger[a]["municipality_code"] != m and ("am", a) not in seen:
            seen.add(("am", a))
            f, r = example("afdeling_id = '" + a.replace("'", "''") + f"' AND municipality_code = {int(m)}")
            out.append(Problem(f, f"municipality_code {m} differs from the afdeling's municipality "
                               f"{registry.afdelinger[a]['municipality_code']} in the registry ({y})",
                               "correct the person's municipality or the afdeling's", r, "municipality_code", str(m)))
    return out


@dataclass
class UnitTable:
    """Exact component sums per unit and year, plus area composition for nested-area disclosure checks."""

    values: dict[UnitKey, dict[str, int]]
    scales: dict[str, int]
    area_members: dict[tuple[str, int], frozenset[str]] = field(default_factory=dict)
    area_kind: dict[str, str] = field(default_factory=dict)
    region_of_municipality: dict[str, str] = field(default_factory=dict)
    area_municipality: dict[str, str] = field(default_factory=dict)

    def exact(self, key: UnitKey, comp: str) -> Fraction:
        return Fraction(self.values[key].get(comp, 0), self.scales.get(comp, 1))


def rollup(scan_result: ScanResult, registry: Registry, progress: Callable[[str], None] | None = None) -> UnitTable:
    """Sum groups to areas (membership valid on 31 Dec of the data year), municipalities, regions, nation."""
    g = scan_result.groups
    comp_names = [c.name for c in scan_result.components]
    cols = {name: g.column(name).to_pylist() for name in comp_names}
    years = g.column("year").to_pylist()
    afds = g.column("afdeling_id").to_pylist()
    muns = g.column("municipality_code").to_pylist()
    values: dict[UnitKey, dict[str, int]] = defaultdict(lambda: dict.fromkeys(comp_names, 0))
    members_by_year: dict[int, dict[str, list[str]]] = {}
    area_members: dict[tuple[str, int], frozenset[str]] = {}
    for y in sorted(set(years)):
        by_afd: dict[str, list[str]] = defaultdict(list)
        for area_id, afd_id in registry.membership_on(dt.date(y, 12, 31)):
            by_afd[afd_id].append(area_id)
            area_members[(area_id, y)] = area_members.get((area_id, y), frozenset()) | {afd_id}
        members_by_year[y] = by_afd
    for i, y in enumerate(years):
        m = muns[i]
        keys: list[UnitKey] = [("nation", "DK", y)]
        if m in registry.municipalities:
            keys += [("municipality", str(m), y), ("region", str(registry.region_of(m)), y)]
        a = afds[i]
        if a is not None:
            keys += [("area", area, y) for area in members_by_year[y].get(a, [])]
        for key in keys:
            target = values[key]
            for name in comp_names:
                v = cols[name][i]
                if v is not None:
                    target[name] += int(v)
    scales = {c.name: c.scale for c in scan_result.components}
    return UnitTable(
        dict(values),
        scales,
        area_members,
        {a: rec["kind"] for a, rec in registry.areas.items()},
        {str(code): str(reg) for code, (_, reg) in registry.municipalities.items()},
        {a: str(rec["municipality_code"]) for a, rec in registry.areas.items()},
    )
