"""The DuckDB engine: one scan of the person-years, then exact roll-ups to every unit.

The scan groups person rows by (year, afdeling, municipality) and computes every scanned component. Everything
after that works on this small table: area membership (valid on 31 December of the data year), municipalities,
regions and the nation are sums of groups.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from boligmonitor.errors import Problem
from boligmonitor.indicators.catalogue import BAND_SQL, Component
from boligmonitor.indicators.catalogue import components as catalogue_components
from boligmonitor.microdata.readers import PersonSource
from boligmonitor.registry.model import Registry

UnitKey = tuple[str, str, int]  # (unit_type, unit_id, year)
UNIT_ORDER = {"nation": 0, "region": 1, "municipality": 2, "area": 3}


@dataclass
class ScanResult:
    groups: pa.Table
    components: list[Component]  # scanned and derived, in dependency order


def scan(con: duckdb.DuckDBPyConnection, source: PersonSource, comps: list[Component]) -> ScanResult:
    """One pass over all person-years: every scanned component per (year, afdeling, municipality).

    Derived components (signed sums of others) cost nothing here; they are added up after the roll-up.
    """
    usable: list[Component] = []
    names: set[str] = set()
    for c in comps:
        ok = all(r in source.columns for r in c.requires) and all(p in names for p, _ in c.parts)
        if ok:
            usable.append(c)
            names.add(c.name)
    parts = [f'{c.sql} AS "{c.name}"' for c in usable if c.sql is not None]
    sql = (
        "SELECT " + ", ".join(["year", "afdeling_id", "municipality_code", *parts])
        + f" FROM (SELECT *, {BAND_SQL} AS __band FROM persons)"
        + " GROUP BY year, afdeling_id, municipality_code"
        + " ORDER BY year, afdeling_id NULLS FIRST, municipality_code"
    )
    return ScanResult(con.sql(sql).to_arrow_table(), usable)


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


class UnitTable:
    """Exact component sums per unit and year (an integer matrix), plus what disclosure control needs to know.

    Rows are unit-years in publication order (nation, regions, municipalities, areas; by id and year).
    """

    def __init__(
        self,
        keys: list[UnitKey],
        matrix: np.ndarray,
        components: list[str],
        scales: dict[str, int],
        area_members: dict[tuple[str, int], frozenset[str]] | None = None,
        area_kind: dict[str, str] | None = None,
        region_of_municipality: dict[str, str] | None = None,
        area_municipality: dict[str, str] | None = None,
        definitions: list[Component] | None = None,
        afdeling_municipality: dict[str, str] | None = None,
    ) -> None:
        self.keys = keys
        self.matrix = matrix
        self.components = components
        self.col = {c: i for i, c in enumerate(components)}
        self.row = {k: i for i, k in enumerate(keys)}
        self.scales = scales
        self.area_members = area_members or {}
        self.area_kind = area_kind or {}
        self.region_of_municipality = region_of_municipality or {}
        self.area_municipality = area_municipality or {}
        # the component definitions (scanned or sums), in dependency order; hand-made tables take the catalogue's
        self.definitions = definitions if definitions is not None else [
            c for c in catalogue_components() if c.name in self.col]
        self.afdeling_municipality = afdeling_municipality or {}

    @classmethod
    def from_values(cls, values: dict[UnitKey, dict[str, int]], scales: dict[str, int], **kw: object) -> UnitTable:
        """Build from a mapping (tests and small hand-made tables)."""
        keys = sorted(values, key=lambda k: (UNIT_ORDER[k[0]], k[1], k[2]))
        comps = sorted({c for v in values.values() for c in v})
        matrix = np.array([[values[k].get(c, 0) for c in comps] for k in keys], dtype=np.int64).reshape(
            len(keys), len(comps))
        return cls(keys, matrix, comps, scales, **kw)  # type: ignore[arg-type]

    def __contains__(self, key: UnitKey) -> bool:
        return key in self.row

    def count(self, key: UnitKey, comp: str) -> int:
        return int(self.matrix[self.row[key], self.col[comp]])

    def exact(self, key: UnitKey, comp: str) -> Fraction:
        return Fraction(self.count(key, comp), self.scales.get(comp, 1))

    @cached_property
    def values(self) -> dict[UnitKey, dict[str, int]]:
        """Every unit-year as a dict (convenient in tests; the pipeline works on the matrix)."""
        return {k: dict(zip(self.components, map(int, self.matrix[i]), strict=True)) for i, k in enumerate(self.keys)}


def atom_sums(scan_result: ScanResult, afdeling_atom: dict[int, dict[str, str]]) -> dict[int, dict[str, np.ndarray]]:
    """Scanned components summed per atom (afdelinger grouped by the areas they lie in) and data year: the finest
    groups disclosure control reasons about. Columns follow the scanned components' order."""
    g = scan_result.groups
    scanned = [c.name for c in scan_result.components if c.sql is not None]
    years = g.column("year").to_pylist()
    afds = g.column("afdeling_id").to_pylist()
    keys: dict[tuple[int, str], int] = {}
    src: list[int] = []
    dst: list[int] = []
    for i, (y, a) in enumerate(zip(years, afds, strict=True)):
        atom = afdeling_atom.get(y, {}).get(a) if a is not None else None
        if atom is not None:
            src.append(i)
            dst.append(keys.setdefault((y, atom), len(keys)))
    data = np.zeros((g.num_rows, len(scanned)), dtype=np.int64)
    for j, n in enumerate(scanned):
        data[:, j] = pc.fill_null(g.column(n), 0).to_numpy()
    sums = np.zeros((len(keys), len(scanned)), dtype=np.int64)
    np.add.at(sums, np.asarray(dst, dtype=np.intp), data[np.asarray(src, dtype=np.intp)])
    out: dict[int, dict[str, np.ndarray]] = defaultdict(dict)
    for (y, atom), i in keys.items():
        out[y][atom] = sums[i]
    return dict(out)


def rollup(scan_result: ScanResult, registry: Registry) -> UnitTable:
    """Sum groups to areas (membership valid on 31 Dec of the data year), municipalities, regions, nation.

    Vectorised: each group row is mapped to the unit rows it belongs to, and the integer matrix is summed with
    one ``np.add.at`` (exact: int64, order-independent). Derived components are then added column-wise.
    """
    g = scan_result.groups
    comps = scan_result.components
    scanned = [c.name for c in comps if c.sql is not None]
    years = g.column("year").to_pylist()
    afds = g.column("afdeling_id").to_pylist()
    muns = g.column("municipality_code").to_pylist()
    members: dict[int, dict[str, list[str]]] = {}
    area_members: dict[tuple[str, int], frozenset[str]] = {}
    for y in sorted(set(years)):
        by_afd: dict[str, list[str]] = defaultdict(list)
        for area_id, afd_id in registry.membership_on(dt.date(y, 12, 31)):
            by_afd[afd_id].append(area_id)
            area_members[(area_id, y)] = area_members.get((area_id, y), frozenset()) | {afd_id}
        members[y] = by_afd
    index: dict[UnitKey, int] = {}
    src_rows: list[int] = []
    dst_rows: list[int] = []
    for i, (y, a, m) in enumerate(zip(years, afds, muns, strict=True)):
        keys: list[UnitKey] = [("nation", "DK", y)]
        if m in registry.municipalities:
            keys += [("municipality", str(m), y), ("region", str(registry.region_of(m)), y)]
        if a is not None:
            keys += [("area", area, y) for area in members[y].get(a, [])]
        for key in keys:
            src_rows.append(i)
            dst_rows.append(index.setdefault(key, len(index)))
    data = np.zeros((g.num_rows, len(scanned)), dtype=np.int64)
    for j, n in enumerate(scanned):
        data[:, j] = pc.fill_null(g.column(n), 0).to_numpy()
    sums = np.zeros((len(index), len(scanned)), dtype=np.int64)
    np.add.at(sums, np.asarray(dst_rows, dtype=np.intp), data[np.asarray(src_rows, dtype=np.intp)])
    order = sorted(index, key=lambda k: (UNIT_ORDER[k[0]], k[1], k[2]))
    sums = sums[[index[k] for k in order]] if order else sums
    columns = {n: sums[:, j] for j, n in enumerate(scanned)}
    for c in comps:
        if c.sql is None:
            columns[c.name] = sum((sign * columns[p] for p, sign in c.parts), np.zeros(len(order), dtype=np.int64))
    names = [c.name for c in comps]
    matrix = np.column_stack([columns[n] for n in names]) if names else np.zeros((len(order), 0), dtype=np.int64)
    return UnitTable(
        order,
        matrix,
        names,
        {c.name: c.scale for c in comps},
        area_members,
        {a: rec["kind"] for a, rec in registry.areas.items()},
        {str(code): str(reg) for code, (_, reg) in registry.municipalities.items()},
        {a: str(rec["municipality_code"]) for a, rec in registry.areas.items()},
        comps,
        {a: str(rec["municipality_code"]) for a, rec in registry.afdelinger.items()},
    )
