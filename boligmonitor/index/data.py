"""The data interface the index reads a vintage through: published cells per (unit, year, indicator).

The CLI and the tests use :class:`BundleIndexData` over an aggregate bundle; the web application can implement
:class:`IndexData` over its database. Either way the index sees only what was published: a :class:`Cell` made for a
suppressed cell holds no number, whatever the source left on it, so no index can depend on a suppressed value.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray

UnitType = Literal["area", "municipality"]
NATION_ID = "DK"
# why a panel cell has no number: published (0), suppressed (1), not in the vintage (2)
CODE_OK, CODE_SUPPRESSED, CODE_ABSENT = 0, 1, 2


@dataclass(frozen=True, slots=True)
class Cell:
    """One published cell: a number, or suppressed (no number). Build cells with :func:`cell`."""

    value: float | None
    suppressed: bool = False


def cell(value: float | None, suppressed: bool) -> Cell:
    """The only way cells are made from a source: a suppressed cell keeps no number (the protection that makes every
    index a function of published numbers only)."""
    if suppressed:
        return SUPPRESSED
    return Cell(None if value is None else float(value), False)


SUPPRESSED = Cell(None, True)


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit the index can score: an area (with its municipality and region) or a municipality."""

    unit_id: str
    name: str
    kind: str  # an area's registry kind (statutory, helhedsplan, custom); "municipality" for municipalities
    municipality_code: int | None
    region_code: int | None


@dataclass(frozen=True, slots=True)
class Vintage:
    label: str
    rules_version: str
    code_version: str
    synthetic: bool


class IndexData(Protocol):
    """What the index may know of a vintage. Implementations return published cells only."""

    def cells(self, unit_type: str, years: Collection[int], indicators: Collection[str]
              ) -> Mapping[tuple[str, int, str], Cell]:
        """(unit_id, year, indicator) -> cell for every unit of ``unit_type`` (area, municipality, region, nation);
        a key that is missing means the vintage has no such cell."""
        ...

    def units(self, unit_type: UnitType) -> list[Unit]:
        """Every area (or municipality) of the vintage's registry."""
        ...

    def data_years(self) -> list[int]:
        """The data years with published cells, ascending."""
        ...

    def indicators(self) -> set[str]:
        ...

    def vintage(self) -> Vintage:
        ...


@runtime_checkable
class MatrixData(Protocol):
    """An optional fast path a source may offer (the bundle adapter does): the cells of one unit type and year as
    arrays aligned with ``keys`` (a key may repeat, e.g. the municipality of many areas; None = no unit)."""

    def matrix(self, unit_type: str, year: int, indicators: Sequence[str], keys: Sequence[str | None]
               ) -> tuple[NDArray[np.float64], NDArray[np.int8]]:
        """(values, codes): NaN where there is no published number; codes CODE_OK / CODE_SUPPRESSED / CODE_ABSENT."""
        ...


class BundleLike(Protocol):
    """The parts of :class:`boligmonitor.runs.bundle.Bundle` the adapter reads (the index sits below the use-case
    layer and does not import it)."""

    @property
    def indicators(self) -> Any: ...  # pyarrow.Table with the bundle's indicators schema

    @property
    def registry(self) -> dict[str, Any]: ...

    @property
    def manifest(self) -> dict[str, Any]: ...

    @property
    def path(self) -> Any: ...

    @property
    def synthetic(self) -> bool: ...


class BundleIndexData:
    """:class:`IndexData` over an aggregate bundle. Cells are filtered column-wise (pyarrow) per request, so a
    2,000-area bundle is not turned into Python objects as a whole."""

    def __init__(self, bundle: BundleLike) -> None:
        import pyarrow.compute as pc

        self._pc = pc
        self._bundle = bundle
        self._table = bundle.indicators
        self._slices: dict[tuple[str, int], Any] = {}
        years = pc.unique(self._table["year"]).to_pylist()
        self._years = sorted(int(y) for y in years)
        self._indicators = {str(i) for i in pc.unique(self._table["indicator_id"]).to_pylist()}
        reg = bundle.registry
        self._regions = {int(m["municipality_code"]): (None if m.get("region_code") is None
                                                       else int(m["region_code"]))
                         for m in reg.get("municipalities", [])}
        self._municipality_names = {int(m["municipality_code"]): str(m.get("name", ""))
                                    for m in reg.get("municipalities", [])}

    def cells(self, unit_type: str, years: Collection[int], indicators: Collection[str]
              ) -> dict[tuple[str, int, str], Cell]:
        pc, t = self._pc, self._table
        mask = pc.and_(pc.equal(t["unit_type"], unit_type),
                       pc.and_(pc.is_in(t["year"], value_set=_array([int(y) for y in years], "int32")),
                               pc.is_in(t["indicator_id"], value_set=_array(list(indicators), "string"))))
        cols = t.filter(mask).select(["unit_id", "year", "indicator_id", "value", "suppressed"]).to_pydict()
        # cell()'s rule inlined for speed (60,000 cells for a 2,000-area index): a suppressed cell keeps no number
        return {(uid, y, ind): SUPPRESSED if sup else Cell(None if val is None else float(val), False)
                for uid, y, ind, val, sup in zip(cols["unit_id"], cols["year"], cols["indicator_id"],
                                                 cols["value"], cols["suppressed"], strict=True)}

    def _slice(self, unit_type: str, year: int) -> Any:
        """The cells of one unit type and year (kept: an index asks for the same year several times)."""
        key = (unit_type, year)
        if key not in self._slices:
            t, pc = self._table, self._pc
            self._slices[key] = t.filter(pc.and_(pc.equal(t["unit_type"], unit_type), pc.equal(t["year"], year)))
        return self._slices[key]

    def matrix(self, unit_type: str, year: int, indicators: Sequence[str], keys: Sequence[str | None]
               ) -> tuple[NDArray[np.float64], NDArray[np.int8]]:
        pc, t = self._pc, self._slice(unit_type, year)
        t = t.filter(pc.is_in(t["indicator_id"], value_set=_array(list(indicators), "string")))
        unique = sorted({k for k in keys if k is not None})
        pos = {k: i for i, k in enumerate(unique)}
        col = {ind: j for j, ind in enumerate(indicators)}
        ri = np.fromiter((pos.get(u, -1) for u in t["unit_id"].to_pylist()), dtype=np.int64, count=t.num_rows)
        ci = np.fromiter((col[i] for i in t["indicator_id"].to_pylist()), dtype=np.int64, count=t.num_rows)
        vals = np.asarray(t["value"].to_numpy(zero_copy_only=False), dtype=np.float64)
        sup = np.asarray(t["suppressed"].to_numpy(zero_copy_only=False), dtype=bool)
        keep = ri >= 0
        ri, ci, vals, sup = ri[keep], ci[keep], vals[keep], sup[keep]
        finite = np.isfinite(vals)
        m = np.full((len(unique), len(indicators)), np.nan)
        c = np.full((len(unique), len(indicators)), CODE_ABSENT, dtype=np.int8)
        m[ri, ci] = np.where(sup | ~finite, np.nan, vals)  # a suppressed cell keeps no number
        c[ri, ci] = np.where(sup, CODE_SUPPRESSED, np.where(finite, CODE_OK, CODE_ABSENT))
        rows = np.array([-1 if k is None else pos[k] for k in keys], dtype=np.int64)
        values = np.full((len(keys), len(indicators)), np.nan)
        codes = np.full((len(keys), len(indicators)), CODE_ABSENT, dtype=np.int8)
        has = rows >= 0
        values[has], codes[has] = m[rows[has]], c[rows[has]]
        return values, codes

    def units(self, unit_type: UnitType) -> list[Unit]:
        if unit_type == "municipality":
            return [Unit(str(code), name, "municipality", code, self._regions.get(code))
                    for code, name in self._municipality_names.items()]
        out = []
        for a in self._bundle.registry.get("areas", []):
            code = int(a["municipality_code"])
            out.append(Unit(str(a["area_id"]), str(a.get("name", "")), str(a.get("kind", "")), code,
                            self._regions.get(code)))
        return out

    def data_years(self) -> list[int]:
        return list(self._years)

    def indicators(self) -> set[str]:
        return set(self._indicators)

    def vintage(self) -> Vintage:
        m = self._bundle.manifest
        return Vintage(label=str(getattr(self._bundle.path, "name", self._bundle.path)),
                       rules_version=str(m.get("rules_version", "")), code_version=str(m.get("code_version", "")),
                       synthetic=bool(self._bundle.synthetic))


def _array(values: list[Any], kind: str) -> Any:
    import pyarrow as pa

    return pa.array(values, type=pa.int32() if kind == "int32" else pa.string())
