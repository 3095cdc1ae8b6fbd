"""Disclosure control: nothing below the minimum leaves the pipeline, directly or by subtraction.

Rules (all recorded per cell in ``suppression``):

* ``primary``: a count below the minimum; a share whose numerator, denominator or complement (denominator −
  numerator) is below it; a mean whose denominator is below it. Zero counts are small counts too.
* ``secondary_region``: when municipality cells of a region are suppressed, more are suppressed until the
  suppressed cells together reach the minimum, so the region total minus the published municipalities reveals
  nothing small.
* ``secondary_nested``: when one area's afdelinger are a subset of another's in the same year, a difference
  between them below the minimum (but above zero) suppresses the cell of the non-statutory area.
* ``derived``: an average or ratio built from a suppressed yearly value is suppressed too.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction

from boligmonitor.indicators.catalogue import DERIVED, INDICATORS, Indicator
from boligmonitor.indicators.engine import UNIT_ORDER, UnitKey, UnitTable

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
    unit_type: str
    unit_id: str
    year: int
    indicator_id: str
    numerator: Fraction | None
    denominator: Fraction | None
    value: Fraction | None
    suppression: str | None = None


def _primary(ind: Indicator, num: Fraction, den: Fraction | None, s: DisclosureSettings) -> bool:
    m = s.minimum
    if ind.kind == "count":
        return num < m
    assert den is not None
    if ind.kind == "mean":
        return den < m
    if num < m or den < m:
        return True
    return s.protect_complement and (den - num) < m


def build_cells(units: UnitTable, settings: DisclosureSettings) -> list[Cell]:
    """Every published indicator for every unit and year, with disclosure control applied."""
    cells: dict[tuple[UnitKey, str], Cell] = {}
    for key, comps in units.values.items():
        for ind in INDICATORS:
            if ind.numerator not in comps or (ind.denominator and ind.denominator not in comps):
                continue
            num = units.exact(key, ind.numerator)
            den = units.exact(key, ind.denominator) if ind.denominator else None
            value = None if den == 0 else (num if den is None else num / den)
            cell = Cell(*key, ind.id, num, den, value)
            if _primary(ind, num, den, settings):
                cell.suppression = "primary"
            cells[(key, ind.id)] = cell
    _secondary_region(cells, units, settings)
    _secondary_nested(cells, units, settings)
    _derived(cells, units)
    return sorted(cells.values(), key=lambda c: (UNIT_ORDER[c.unit_type], c.unit_id, c.year, c.indicator_id))


def _secondary_region(cells: dict[tuple[UnitKey, str], Cell], units: UnitTable, s: DisclosureSettings) -> None:
    groups: dict[tuple[str, int, str], list[Cell]] = defaultdict(list)
    for (key, ind_id), cell in cells.items():
        if key[0] == "municipality":
            groups[(units.region_of_municipality[key[1]], key[2], ind_id)].append(cell)
    for group in groups.values():
        hidden = [c for c in group if c.suppression]
        if not hidden:
            continue
        visible = sorted((c for c in group if not c.suppression),
                         key=lambda c: (c.denominator or c.numerator or 0, c.unit_id))
        while visible and (len(hidden) == 1 or _total_small(hidden, s)):
            nxt = visible.pop(0)
            nxt.suppression = "secondary_region"
            hidden.append(nxt)


def _total_small(hidden: list[Cell], s: DisclosureSettings) -> bool:
    num = sum((c.numerator or Fraction(0) for c in hidden), Fraction(0))
    den = sum((c.denominator or Fraction(0) for c in hidden), Fraction(0))
    if num < s.minimum:
        return True
    return hidden[0].denominator is not None and den < s.minimum


def _secondary_nested(cells: dict[tuple[UnitKey, str], Cell], units: UnitTable, s: DisclosureSettings) -> None:
    by_year: dict[int, list[tuple[str, frozenset[str]]]] = defaultdict(list)
    for (area, year), members in units.area_members.items():
        by_year[year].append((area, members))
    for year, areas in sorted(by_year.items()):
        areas.sort()
        for a, ma in areas:
            for b, mb in areas:
                if a == b or not ma < mb:
                    continue
                # a is strictly inside b: check every indicator's difference
                target = b if units.area_kind.get(b) != "statutory" else a
                for ind in INDICATORS:
                    ca = cells.get((("area", a, year), ind.id))
                    cb = cells.get((("area", b, year), ind.id))
                    if ca is None or cb is None or ca.suppression or cb.suppression:
                        continue
                    diffs = [cb.numerator - ca.numerator] if ca.numerator is not None and cb.numerator is not None \
                        else []
                    if ca.denominator is not None and cb.denominator is not None:
                        diffs.append(cb.denominator - ca.denominator)
                    if any(0 < d < s.minimum for d in diffs):
                        cells[(("area", target, year), ind.id)].suppression = "secondary_nested"


def _derived(cells: dict[tuple[UnitKey, str], Cell], units: UnitTable) -> None:
    """Multi-year means of yearly shares and ratios to nation/region (values only, no counts)."""
    keys = sorted({k for (k, _) in cells})
    for key in keys:
        unit_type, unit_id, year = key
        for d in DERIVED:
            years = range(year - d.window + 1, year + 1)
            own = [cells.get(((unit_type, unit_id, y), d.base)) for y in years]
            if any(c is None or c.value is None for c in own):
                continue
            mean = sum((c.value for c in own if c is not None and c.value is not None), Fraction(0)) / d.window
            suppressed = any(c is not None and c.suppression for c in own)
            value: Fraction | None = mean
            if d.relative_to is not None:
                ref_key = _reference(units, key, d.relative_to)
                if ref_key is None:
                    continue
                ref = [cells.get(((ref_key[0], ref_key[1], y), d.base)) for y in years]
                if any(c is None or not c.value for c in ref):
                    continue
                ref_mean = sum((c.value for c in ref if c is not None and c.value is not None), Fraction(0))
                value = mean / (ref_mean / d.window)
                suppressed = suppressed or any(c is not None and c.suppression for c in ref)
            cells[(key, d.id)] = Cell(unit_type, unit_id, year, d.id, None, None, value,
                                      "derived" if suppressed else None)


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
