"""The published cells an index needs, as arrays: units (sorted by id) × indicators, for one data year, the same
indicators of each unit's reference units, the year ``dynamics`` compares with, and who is eligible.

Units are sorted by id, so nothing downstream depends on the order a data source returns them in. A cell that is not
published is NaN with its reason kept (suppressed / absent); nothing is filled in here.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from boligmonitor.errors import NotFound
from boligmonitor.index import texts as tx
from boligmonitor.index.data import (
    CODE_ABSENT,
    CODE_OK,
    CODE_SUPPRESSED,
    NATION_ID,
    Cell,
    IndexData,
    MatrixData,
    Unit,
)
from boligmonitor.index.spec import IndexSpec
from boligmonitor.rules.texts import Text, number

Matrix = NDArray[np.float64]
Codes = NDArray[np.int8]
OK, SUPPRESSED, ABSENT = CODE_OK, CODE_SUPPRESSED, CODE_ABSENT


@dataclass
class Layer:
    """Values (NaN where not published) and why each is missing (OK / SUPPRESSED / ABSENT)."""

    values: Matrix
    codes: Codes


@dataclass
class Panel:
    year: int
    units: list[Unit]
    indicators: list[str]
    current: Layer
    references: dict[str, Layer]  # reference unit type -> the reference's values, aligned with the units
    eligible: NDArray[np.bool_]
    not_eligible: dict[str, Text]  # unit id -> why it is not scored
    previous: Layer | None = None
    previous_year: int | None = None
    municipality_names: dict[int, str] = field(default_factory=dict)


def build_panel(data: IndexData, spec: IndexSpec, year: int | None = None, unit_ids: Collection[str] | None = None,
                reference_types: Collection[str] = ()) -> Panel:
    years = data.data_years()
    if not years:
        raise NotFound("the bundle has no data years")
    y = years[-1] if year is None else int(year)
    if y not in years:
        raise NotFound(f"no data year {y} in the bundle; it covers {years[0]}–{years[-1]}. Fix: give --year within "
                       "that range")
    ids = spec.ids()
    missing = [i for i in ids if i not in data.indicators()]
    if missing:
        raise NotFound(f"the bundle publishes no {', '.join(missing)}; the index '{spec.id}' needs it. Fix: choose "
                       "another preset, or write the bundle again with this version ('boligmonitor run')")
    units = sorted(data.units(spec.units), key=lambda u: u.unit_id)
    if unit_ids is not None:
        wanted = set(unit_ids)
        unknown = sorted(wanted - {u.unit_id for u in units})
        if unknown:
            raise NotFound(f"unknown {spec.units} id(s): {', '.join(unknown[:5])}")
        units = [u for u in units if u.unit_id in wanted]
    prev_year = None
    if spec.dynamics is not None:
        prev_year = y - spec.dynamics.years
        if prev_year not in years:
            raise NotFound(f"the index '{spec.id}' compares {y} with {prev_year}, and the bundle starts in "
                           f"{years[0]}. Fix: give --year {years[0] + spec.dynamics.years} or later")
    fetch = _Fetch(data, [*ids, "residents"])
    keys: list[str | None] = [u.unit_id for u in units]
    current = fetch.layer(spec.units, y, ids, keys)
    previous = fetch.layer(spec.units, prev_year, ids, keys) if prev_year is not None else None
    refs: dict[str, Layer] = {}
    for rtype in sorted(set(reference_types)):
        refs[rtype] = fetch.layer(rtype, y, ids, [_reference_id(u, rtype) for u in units])
    residents = fetch.layer(spec.units, y, ["residents"], keys)
    eligible, why = _eligibility(spec, units, residents, y)
    names = {u.municipality_code: u.name for u in data.units("municipality") if u.municipality_code is not None}
    return Panel(y, units, ids, current, refs, eligible, why, previous, prev_year, names)


def _reference_id(u: Unit, rtype: str) -> str | None:
    if rtype == "municipality":
        return None if u.municipality_code is None else str(u.municipality_code)
    if rtype == "region":
        return None if u.region_code is None else str(u.region_code)
    return NATION_ID


class _Fetch:
    """Layers from a source: its array fast path when it has one, else its cells (fetched once per unit type)."""

    def __init__(self, data: IndexData, needed: list[str]) -> None:
        self.data, self.needed = data, needed
        self.cache: dict[tuple[str, int], Mapping[tuple[str, int, str], Cell]] = {}

    def layer(self, unit_type: str, year: int, ids: list[str], keys: list[str | None]) -> Layer:
        if isinstance(self.data, MatrixData):
            return Layer(*self.data.matrix(unit_type, year, ids, keys))
        if (unit_type, year) not in self.cache:
            self.cache[(unit_type, year)] = self.data.cells(unit_type, [year], self.needed)
        return _layer(self.cache[(unit_type, year)], keys, year, ids)


def _layer(cells: Mapping[tuple[str, int, str], Cell], keys: Sequence[str | None], year: int | None,
           ids: list[str]) -> Layer:
    get = cells.get
    values = np.full((len(keys), len(ids)), np.nan)
    codes = np.full((len(keys), len(ids)), ABSENT, dtype=np.int8)
    for r, key in enumerate(keys):
        if key is None:
            continue
        for c, ind in enumerate(ids):
            found = None if year is None else get((key, year, ind))
            if found is None:
                continue
            if found.suppressed:
                codes[r, c] = SUPPRESSED
            elif found.value is not None and np.isfinite(found.value):
                values[r, c] = found.value
                codes[r, c] = OK
    return Layer(values, codes)


def _eligibility(spec: IndexSpec, units: list[Unit], residents: Layer, year: int
                 ) -> tuple[NDArray[np.bool_], dict[str, Text]]:
    e = spec.eligibility
    ok = np.ones(len(units), dtype=bool)
    why: dict[str, Text] = {}
    for i, u in enumerate(units):
        if e.kinds is not None and u.kind not in e.kinds:
            ok[i], why[u.unit_id] = False, tx.NOTE["kind"].format(kind=u.kind)
            continue
        limit = e.residents_more_than if e.residents_more_than is not None else e.residents_at_least
        if limit is None:
            continue
        n = residents.values[i, 0]
        if np.isnan(n):
            ok[i], why[u.unit_id] = False, tx.NOTE["residents_unknown"].format(year=year)
        elif (e.residents_more_than is not None and not n > limit) or (e.residents_at_least is not None
                                                                        and not n >= limit):
            key = "residents_more_than" if e.residents_more_than is not None else "residents_at_least"
            t = tx.NOTE[key]  # formatted directly: Text.format costs 30 µs, and most of 2,000 areas may be small
            ok[i], why[u.unit_id] = False, Text(
                t.da.format(residents=number(n, 0, "da"), limit=number(limit, 0, "da")),
                t.en.format(residents=number(n, 0, "en"), limit=number(limit, 0, "en")))
    return ok, why
