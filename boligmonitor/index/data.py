"""The data interface the index reads a vintage through: published cells per (unit, year, indicator).

The CLI and the tests use :class:`BundleIndexData` over an aggregate bundle; the web application can implement
:class:`IndexData` over its database. Either way the index sees only what was published: a :class:`Cell` made for a
suppressed cell holds no number, whatever the source left on it, so no index can depend on a suppressed value.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any, Literal, Protocol

UnitType = Literal["area", "municipality"]
NATION_ID = "DK"


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
        return {(uid, int(y), ind): cell(val, bool(sup))
                for uid, y, ind, val, sup in zip(cols["unit_id"], cols["year"], cols["indicator_id"],
                                                 cols["value"], cols["suppressed"], strict=True)}

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
