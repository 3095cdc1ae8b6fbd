"""Disclosure control: nothing below the minimum leaves the pipeline, directly or by any sum or difference.

Rules (recorded per cell in ``suppression``):

* ``primary``: a count below the minimum; a share whose numerator, denominator or complement (denominator −
  numerator) is below it; a mean whose denominator is below it. Zero counts are small counts too.
* ``secondary_partition`` / ``secondary_hierarchy`` / ``secondary_area``: complementary suppression
  (:mod:`boligmonitor.disclosure`). Every linear relation the catalogue and the geography create is known to it —
  parts that add up to a total (origin groups, age bands, education levels), components that are sums of others
  (15+ = 18+ plus 15-17), the tree (region = its municipalities, nation = its regions), areas built from shared
  afdelinger (nested, overlapping), an area inside its municipality — and it hides more cells until no suppressed
  cell and no small person group can be worked out from the published ones. The code names the relation that
  forced the cell: within the unit, in the tree, or among areas.
* ``derived``: an average or ratio built from a suppressed yearly value is suppressed too.

The same checks run again on the finished bundle as an attacker would (``boligmonitor.disclosure.audit``), and a
bundle that fails them is not written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from boligmonitor.disclosure import blas
from boligmonitor.disclosure.geography import Cluster, YearGeography, year_geography
from boligmonitor.disclosure.protect import Protector, Report, Table
from boligmonitor.disclosure.spec import Spec
from boligmonitor.indicators.catalogue import DERIVED, INDICATORS, Derived, Indicator, disclosure_spec
from boligmonitor.indicators.engine import UnitKey, UnitTable

DEFAULT_MINIMUM = 5


@dataclass(frozen=True)
class DisclosureSettings:
    minimum: int = DEFAULT_MINIMUM
    protect_complement: bool = True

    def as_dict(self) -> dict[str, object]:
        return {"minimum_count": self.minimum, "protect_complement": self.protect_complement,
                "rule": "DST-style: no count, and neither part of a share, below the minimum; complementary "
                        "suppression until no suppressed cell and no small group can be worked out from the "
                        "published cells by any sum or difference (partitions, totals, areas)"}


@dataclass
class Cell:
    """One published value, as a row (tests and small consumers; the pipeline uses the columnar table)."""

    unit_type: str
    unit_id: str
    year: int
    indicator_id: str
    numerator: float | None
    denominator: float | None
    value: float | None
    suppression: str | None = None


SUPPRESSION = (None, "primary", "secondary_partition", "secondary_hierarchy", "secondary_area", "derived")
PRIMARY, DERIVED_SUP = 1, 5
CODE = {name: i for i, name in enumerate(SUPPRESSION) if name}


class CellTable:
    """Every indicator for every unit-year, columnar: rows = unit-years, columns = indicators.

    ``num``/``den`` hold exact integers in component units (divide by the scale to publish); ``sup`` holds the
    suppression code (index into SUPPRESSION); ``present`` says whether the cell exists at all.
    """

    def __init__(self, units: UnitTable, ids: list[str]) -> None:
        n, k = len(units.keys), len(ids)
        self.units = units
        self.ids = ids
        self.col = {i: j for j, i in enumerate(ids)}
        self.num = np.zeros((n, k), dtype=np.int64)
        self.den = np.zeros((n, k), dtype=np.int64)
        self.num_scale = np.ones(k, dtype=np.int64)
        self.den_scale = np.ones(k, dtype=np.int64)
        self.has_den = np.zeros(k, dtype=bool)
        self.has_counts = np.zeros(k, dtype=bool)  # False for derived (value-only) indicators
        self.value = np.full((n, k), np.nan)
        self.sup = np.zeros((n, k), dtype=np.int8)
        self.present = np.zeros((n, k), dtype=bool)
        self.spec: Spec | None = None
        self.protection: Report | None = None

    def suppression(self, key: UnitKey, indicator_id: str) -> str | None:
        r, j = self.units.row.get(key), self.col.get(indicator_id)
        if r is None or j is None or not self.present[r, j]:
            return None
        return SUPPRESSION[self.sup[r, j]]

    def _published(self, r: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        hidden = self.sup[r, j] > 0
        num = np.where(self.has_counts[j] & ~hidden, self.num[r, j] / self.num_scale[j], np.nan)
        den = np.where(self.has_den[j] & self.has_counts[j] & ~hidden, self.den[r, j] / self.den_scale[j], np.nan)
        value = np.where(hidden, np.nan, self.value[r, j])
        return num, den, value

    def to_arrow(self) -> pa.Table:
        """Published rows in order (nation, regions, municipalities, areas; id; year; indicator id)."""
        order = sorted(range(len(self.ids)), key=lambda j: self.ids[j])
        perm = np.array(order, dtype=np.intp)
        mask = self.present[:, perm]
        r, jj = np.nonzero(mask)
        j = perm[jj]
        num, den, value = self._published(r, j)
        keys = self.units.keys
        sup = self.sup[r, j]
        return pa.table({
            "unit_type": pa.array([keys[i][0] for i in r], pa.string()),
            "unit_id": pa.array([keys[i][1] for i in r], pa.string()),
            "year": pa.array([keys[i][2] for i in r], pa.int64()),
            "indicator_id": pa.array([self.ids[x] for x in j], pa.string()),
            "numerator": pa.array(num, pa.float64(), from_pandas=True),
            "denominator": pa.array(den, pa.float64(), from_pandas=True),
            "value": pa.array(value, pa.float64(), from_pandas=True),
            "suppressed": pa.array(sup > 0),
            "suppression": pa.array([SUPPRESSION[x] for x in sup], pa.string()),
        })

    def __iter__(self) -> Iterator[Cell]:
        t = self.to_arrow().to_pylist()
        for row in t:
            yield Cell(row["unit_type"], row["unit_id"], row["year"], row["indicator_id"], row["numerator"],
                       row["denominator"], row["value"], row["suppression"])


def build_cells(units: UnitTable, settings: DisclosureSettings,
                atoms: dict[int, dict[str, np.ndarray]] | None = None,
                progress: Callable[[str], None] | None = None) -> CellTable:
    """Every published indicator for every unit and year, with disclosure control applied.

    ``atoms``: the scanned components summed per atom and year (:func:`engine.atom_sums`); tables without areas
    built of several atoms may leave it out."""
    base = [i for i in INDICATORS if i.numerator in units.col and (i.denominator is None
                                                                    or i.denominator in units.col)]
    table = CellTable(units, [i.id for i in base] + [d.id for d in DERIVED])
    for j, ind in enumerate(base):
        _primary(table, j, ind, settings)
    spec = disclosure_spec(units.definitions, base, settings.protect_complement)
    table.spec = spec
    table.protection = complementary(table, spec, settings, atoms or {}, progress)
    for d in DERIVED:
        if d.base in table.col:
            _derived(table, d)
    return table


def geographies(units: UnitTable) -> dict[int, YearGeography]:
    """The tree and atoms of every year, from the unit table (the same rule as the bundle's registry record)."""
    years = sorted({k[2] for k in units.keys})
    afd_mun = dict(units.afdeling_municipality)
    by_year: dict[int, dict[str, set[str]]] = {y: defaultdict(set) for y in years}
    for (area, year), members in units.area_members.items():
        for afd in members:
            afd_mun.setdefault(afd, units.area_municipality.get(area, ""))
            if year in by_year:
                by_year[year][afd].add(area)
    return {y: year_geography(y, units.region_of_municipality, afd_mun, by_year[y]) for y in years}


class TrueValues:
    """The exact counts of every unit and atom, per target (what protection decides by)."""

    def __init__(self, spec: Spec, units: UnitTable, atoms: dict[int, dict[str, np.ndarray]],
                 geos: dict[int, YearGeography]) -> None:
        lin = spec.linear
        self.geos = geos
        self.units = units
        cols = [units.col[c] for c in lin.scanned]
        self.targets_t = lin.target_matrix.T.astype(np.float64)
        self.unit_values = units.matrix[:, cols].astype(np.float64) @ self.targets_t
        self.atom_vectors = atoms
        self.scanned = lin.scanned
        self._atom_rows: dict[tuple[int, int], tuple[Cluster, np.ndarray, list[bool]]] = {}

    def unit(self, year: int, unit: tuple[str, str]) -> np.ndarray:
        return np.asarray(self.unit_values[self.units.row[(unit[0], unit[1], year)]])

    def atoms(self, year: int, cluster: int, atoms: tuple[int, ...]) -> np.ndarray:
        # Every group of a cluster is asked for in every pass: the cluster's atom counts are gathered once per
        # cluster object (each year's knowledge builds its clusters anew, and then the entry is replaced).
        c = self.geos[year].clusters[cluster]
        got = self._atom_rows.get((year, cluster))
        if got is None or got[0] is not c:
            got = (c, *self._gather(year, c))
            self._atom_rows[(year, cluster)] = got
        _c, rows, missing = got
        for i in atoms:
            if missing[i]:
                raise ValueError(f"no counts for atom {c.atoms[i]} in {year}")
        # Integer counts in float64 (far below 2^53): any order of summation gives the same exact sum.
        return np.asarray(rows[list(atoms)].sum(axis=0) @ self.targets_t)

    def _gather(self, year: int, c: Cluster) -> tuple[np.ndarray, list[bool]]:
        vecs = self.atom_vectors.get(year, {})
        out = np.zeros((len(c.atoms), len(self.scanned)), dtype=np.float64)
        missing = [False] * len(c.atoms)
        for i, atom in enumerate(c.atoms):
            if atom in vecs:
                out[i] = vecs[atom]
            elif len(c.atoms) == 1:
                out[i] = self.units.matrix[self.units.row[("area", c.areas[0], year)],
                                           [self.units.col[s] for s in self.scanned]]
            else:
                missing[i] = True
        return out, missing


def complementary(t: CellTable, spec: Spec, settings: DisclosureSettings, atoms: dict[int, dict[str, np.ndarray]],
                  progress: Callable[[str], None] | None = None) -> Report:
    """Hide more cells until the published ones give nothing small away (see the module docstring)."""
    u = t.units
    geos = geographies(u)
    linear = t.has_counts.copy()
    with np.errstate(divide="ignore", invalid="ignore"):
        size = np.where(t.has_den, t.den / t.den_scale, t.num / t.num_scale)
    table = Table(list(u.keys), list(t.ids), t.present.copy(), t.sup > 0, np.nan_to_num(size), linear)
    protector = Protector(spec, geos, table, TrueValues(spec, u, atoms, geos), settings.minimum, u.area_kind,
                          progress)
    with blas.single_threaded():
        report = protector.run()
    for (r, j), code in sorted(table.reason.items()):
        t.sup[r, j] = CODE[code]
    return report


def _primary(t: CellTable, j: int, ind: Indicator, s: DisclosureSettings) -> None:
    u = t.units
    num = u.matrix[:, u.col[ind.numerator]]
    sn = u.scales.get(ind.numerator, 1)
    t.num[:, j], t.num_scale[j], t.has_counts[j], t.present[:, j] = num, sn, True, True
    m = s.minimum
    if ind.denominator is None:
        t.value[:, j] = num / sn
        hidden = num < m * sn
    else:
        den = u.matrix[:, u.col[ind.denominator]]
        sd = u.scales.get(ind.denominator, 1)
        t.den[:, j], t.den_scale[j], t.has_den[j] = den, sd, True
        with np.errstate(divide="ignore", invalid="ignore"):
            # one division of two exactly representable integers: the correctly rounded num/den
            t.value[:, j] = np.where(den != 0, (num * sd) / np.where(den != 0, den * sn, 1), np.nan)
        if ind.kind == "mean":
            hidden = den < m * sd
        else:
            hidden = (num < m * sn) | (den < m * sd)
            if s.protect_complement:
                hidden |= (den * sn - num * sd) < m * sn * sd
    t.sup[hidden, j] = PRIMARY


def _derived(t: CellTable, d: Derived) -> None:
    """Multi-year means of yearly values and ratios to nation/region (values only, no counts)."""
    u = t.units
    jb, j = t.col[d.base], t.col[d.id]
    for r, key in enumerate(u.keys):
        unit_type, unit_id, year = key
        own = [u.row.get((unit_type, unit_id, y)) for y in range(year - d.window + 1, year + 1)]
        if any(x is None or np.isnan(t.value[x, jb]) for x in own):
            continue
        rows = [x for x in own if x is not None]
        value = float(sum(t.value[x, jb] for x in rows)) / d.window
        hidden = any(t.sup[x, jb] for x in rows)
        if d.relative_to is not None:
            ref_unit = _reference(u, key, d.relative_to)
            if ref_unit is None:
                continue
            ref = [u.row.get((ref_unit[0], ref_unit[1], y)) for y in range(year - d.window + 1, year + 1)]
            if any(x is None or np.isnan(t.value[x, jb]) or t.value[x, jb] == 0 for x in ref):
                continue
            ref_rows = [x for x in ref if x is not None]
            value = value / (float(sum(t.value[x, jb] for x in ref_rows)) / d.window)
            hidden = hidden or any(t.sup[x, jb] for x in ref_rows)
        t.value[r, j] = value
        t.present[r, j] = True
        t.sup[r, j] = DERIVED_SUP if hidden else 0


def _reference(units: UnitTable, key: UnitKey, relative_to: str) -> tuple[str, str] | None:
    unit_type, unit_id, _year = key
    if relative_to == "nation":
        return ("nation", "DK")
    if unit_type == "municipality":
        return ("region", units.region_of_municipality[unit_id])
    if unit_type == "area":
        code = units.area_municipality.get(unit_id)
        return ("region", units.region_of_municipality[code]) if code else None
    return None
