"""Disclosure control: nothing below the minimum leaves the pipeline, directly or by subtraction.

Rules (all recorded per cell in ``suppression``):

* ``primary``: a count below the minimum; a share whose numerator, denominator or complement (denominator −
  numerator) is below it; a mean whose denominator is below it. Zero counts are small counts too.
* ``secondary_region``: when municipality cells of a region are suppressed, more are suppressed until the
  suppressed cells together reach the minimum, so the region total minus the published municipalities reveals
  nothing small.
* ``secondary_nested``: when one area's afdelinger are a subset of another's in the same year, a difference
  between them below the minimum (but above zero) suppresses the cell of the non-statutory area.
* ``secondary_municipality``: an area lies inside its municipality; when the municipality minus the area is
  below the minimum (but above zero), the area's cell is suppressed.
* ``secondary_overlap``: when two overlapping areas (neither inside the other) and a third area that is exactly
  their union are all published, A + B − C is their overlap; a small overlap suppresses the cell of a
  non-statutory area among them.
* ``derived``: an average or ratio built from a suppressed yearly value is suppressed too.

Across years nothing is recoverable by subtraction: each year's cells count that year's residents, and no cell of
one year is a sum of cells of another.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pyarrow as pa

from boligmonitor.indicators.catalogue import DERIVED, INDICATORS, Derived, Indicator
from boligmonitor.indicators.engine import UnitKey, UnitTable

DEFAULT_MINIMUM = 5


@dataclass(frozen=True)
class DisclosureSettings:
    minimum: int = DEFAULT_MINIMUM
    protect_complement: bool = True

    def as_dict(self) -> dict[str, object]:
        return {"minimum_count": self.minimum, "protect_complement": self.protect_complement,
                "rule": "DST-style: no count, and neither part of a share, below the minimum; secondary "
                        "suppression for region totals and nested areas"}


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


SUPPRESSION = (None, "primary", "secondary_region", "secondary_nested", "derived", "secondary_municipality",
               "secondary_overlap")
PRIMARY, REGION, NESTED, DERIVED_SUP, MUNICIPALITY, OVERLAP = 1, 2, 3, 4, 5, 6


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


def build_cells(units: UnitTable, settings: DisclosureSettings) -> CellTable:
    """Every published indicator for every unit and year, with disclosure control applied."""
    base = [i for i in INDICATORS if i.numerator in units.col and (i.denominator is None
                                                                    or i.denominator in units.col)]
    table = CellTable(units, [i.id for i in base] + [d.id for d in DERIVED])
    for j, ind in enumerate(base):
        _primary(table, j, ind, settings)
    _secondary_region(table, settings)
    _secondary_nested(table, settings)
    _secondary_overlap(table, settings)
    _secondary_municipality(table, settings)
    for d in DERIVED:
        if d.base in table.col:
            _derived(table, d)
    return table


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


def _secondary_region(t: CellTable, s: DisclosureSettings) -> None:
    """Hide more municipalities until the hidden ones of a region together reach the minimum."""
    u = t.units
    groups: dict[tuple[str, int], list[int]] = defaultdict(list)
    for r, (unit_type, unit_id, year) in enumerate(u.keys):
        if unit_type == "municipality":
            groups[(u.region_of_municipality[unit_id], year)].append(r)
    for rows in groups.values():
        idx = np.array(rows, dtype=np.intp)
        for j in map(int, np.nonzero((t.sup[idx] > 0).any(axis=0) & t.has_counts)[0]):
            hidden = [r for r in rows if t.sup[r, j]]
            visible = sorted((r for r in rows if not t.sup[r, j]),
                             key=lambda r: (_size(t, r, j), u.keys[r][1]))
            while visible and (len(hidden) == 1 or _total_small(t, hidden, j, s)):
                nxt = visible.pop(0)
                t.sup[nxt, j] = REGION
                hidden.append(nxt)


def _size(t: CellTable, r: int, j: int) -> Fraction:
    """What the cell's size is judged by: its denominator, else its numerator."""
    if t.has_den[j] and t.den[r, j]:
        return Fraction(int(t.den[r, j]), int(t.den_scale[j]))
    return Fraction(int(t.num[r, j]), int(t.num_scale[j]))


def _total_small(t: CellTable, hidden: list[int], j: int, s: DisclosureSettings) -> bool:
    num = sum(int(t.num[r, j]) for r in hidden)
    if num < s.minimum * t.num_scale[j]:
        return True
    return bool(t.has_den[j]) and sum(int(t.den[r, j]) for r in hidden) < s.minimum * t.den_scale[j]


def _protect_difference(t: CellTable, plus: list[int], minus: list[int], target: int, code: int,
                        s: DisclosureSettings) -> None:
    """If sum(plus) − sum(minus) of published cells is a small positive count, suppress ``target``'s cell."""
    rows = plus + minus
    open_ = t.has_counts.copy()
    for r in rows:
        open_ &= t.present[r] & (t.sup[r] == 0)
    dnum = sum((t.num[r] for r in plus), np.zeros_like(t.num[target])) - sum(
        (t.num[r] for r in minus), np.zeros_like(t.num[target]))
    dden = sum((t.den[r] for r in plus), np.zeros_like(t.den[target])) - sum(
        (t.den[r] for r in minus), np.zeros_like(t.den[target]))
    small = ((dnum > 0) & (dnum < s.minimum * t.num_scale)) | (
        t.has_den & (dden > 0) & (dden < s.minimum * t.den_scale))
    t.sup[target, open_ & small] = code


def _areas_by_year(u: UnitTable) -> dict[int, list[tuple[str, frozenset[str]]]]:
    by_year: dict[int, list[tuple[str, frozenset[str]]]] = defaultdict(list)
    for (area, year), members in u.area_members.items():
        if ("area", area, year) in u.row:
            by_year[year].append((area, members))
    for areas in by_year.values():
        areas.sort()
    return by_year


def _sharing_pairs(areas: list[tuple[str, frozenset[str]]]) -> list[tuple[str, str]]:
    """Pairs of areas (a < b) with an afdeling in common: only these can be nested or overlap."""
    by_afdeling: dict[str, list[str]] = defaultdict(list)
    for area, members in areas:
        for afd in members:
            by_afdeling[afd].append(area)
    pairs: set[tuple[str, str]] = set()
    for group in by_afdeling.values():
        pairs.update((x, y) for x in group for y in group if x < y)
    return sorted(pairs)


def _secondary_nested(t: CellTable, s: DisclosureSettings) -> None:
    """When one area's afdelinger are a strict subset of another's, a small difference must not be published."""
    u = t.units
    for year, areas in sorted(_areas_by_year(u).items()):
        members_of = dict(areas)
        for x, y in _sharing_pairs(areas):
            for a, b in ((x, y), (y, x)):
                if not members_of[a] < members_of[b]:
                    continue
                ra, rb = u.row[("area", a, year)], u.row[("area", b, year)]
                target = rb if u.area_kind.get(b) != "statutory" else ra
                _protect_difference(t, [rb], [ra], target, NESTED, s)


def _secondary_overlap(t: CellTable, s: DisclosureSettings) -> None:
    """A + B − (A ∪ B) is the overlap of two published areas whose union is published too."""
    u = t.units
    for year, areas in sorted(_areas_by_year(u).items()):
        by_members = {members: area for area, members in areas}
        members_of = dict(areas)
        for a, b in _sharing_pairs(areas):
            ma, mb = members_of[a], members_of[b]
            c = by_members.get(ma | mb)
            if ma <= mb or mb <= ma or c is None:
                continue
            ra, rb, rc = (u.row[("area", x, year)] for x in (a, b, c))
            target = next((r for x, r in ((c, rc), (b, rb), (a, ra)) if u.area_kind.get(x) != "statutory"), ra)
            _protect_difference(t, [ra, rb], [rc], target, OVERLAP, s)


def _secondary_municipality(t: CellTable, s: DisclosureSettings) -> None:
    """The municipality minus an area inside it must not be a small count (all areas at once)."""
    u = t.units
    pairs = []
    for year, areas in _areas_by_year(u).items():
        for a, _members in areas:
            code = u.area_municipality.get(a)
            row_m = u.row.get(("municipality", str(code), year)) if code is not None else None
            if row_m is not None:
                pairs.append((u.row[("area", a, year)], row_m))
    if not pairs:
        return
    ra = np.array([p[0] for p in pairs], dtype=np.intp)
    rm = np.array([p[1] for p in pairs], dtype=np.intp)
    open_ = t.has_counts & t.present[ra] & t.present[rm] & (t.sup[ra] == 0) & (t.sup[rm] == 0)
    dnum = t.num[rm] - t.num[ra]
    dden = t.den[rm] - t.den[ra]
    small = ((dnum > 0) & (dnum < s.minimum * t.num_scale)) | (
        t.has_den & (dden > 0) & (dden < s.minimum * t.den_scale))
    hit = open_ & small
    rows, cols = np.nonzero(hit)
    t.sup[ra[rows], cols] = MUNICIPALITY


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
