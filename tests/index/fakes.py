"""A plain-table :class:`~boligmonitor.index.data.IndexData` for the index tests (no bundle, no database)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from boligmonitor.index.data import Cell, Unit, Vintage, cell
from boligmonitor.index.spec import IndexSpec, build_spec

# A cell is a float (published), None (suppressed) or missing from the dict (not available).
Cells = dict[tuple[str, str, int, str], float | None]


class TableData:
    """``cells[(unit_type, unit_id, year, indicator)]``; areas as (area_id, municipality_code, kind)."""

    def __init__(self, cells: Cells, areas: list[tuple[str, int, str]] | None = None,
                 municipalities: dict[int, int] | None = None, careless: dict[tuple[str, str, int, str], float]
                 | None = None) -> None:
        self._cells = cells
        self._areas = areas or sorted({(k[1], 101, "statutory") for k in cells if k[0] == "area"})
        self._municipalities = municipalities or {101: 1084, 751: 1082}
        # numbers a careless source leaves on suppressed cells (must never reach the index)
        self._careless = careless or {}

    def cells(self, unit_type: str, years: Collection[int], indicators: Collection[str]
              ) -> dict[tuple[str, int, str], Cell]:
        out = {}
        for (ut, uid, y, ind), v in self._cells.items():
            if ut == unit_type and y in years and ind in indicators:
                hidden = self._careless.get((ut, uid, y, ind))
                out[(uid, y, ind)] = cell(hidden if v is None else v, v is None)
        return out

    def units(self, unit_type: str) -> list[Unit]:
        if unit_type == "municipality":
            return [Unit(str(c), f"Kommune {c}", "municipality", c, r) for c, r in self._municipalities.items()]
        return [Unit(a, f"Område {a}", kind, m, self._municipalities.get(m)) for a, m, kind in self._areas]

    def data_years(self) -> list[int]:
        return sorted({k[2] for k in self._cells})

    def indicators(self) -> set[str]:
        return {k[3] for k in self._cells}

    def vintage(self) -> Vintage:
        return Vintage("test", "rules-test", "0.0", True)


def area_cells(year: int, values: dict[str, dict[str, float | None]], residents: int = 1000) -> Cells:
    """{area: {indicator: value}} -> cells of one year, every area with ``residents`` residents."""
    out: Cells = {}
    for area, row in values.items():
        out[("area", area, year, "residents")] = residents
        for ind, v in row.items():
            out[("area", area, year, ind)] = v
    return out


def spec(**changes: Any) -> IndexSpec:
    """A small valid definition (two indicators, min-max, equal weights, arithmetic, quartiles) with changes."""
    base: dict[str, Any] = {
        "id": "test", "name": {"da": "Test", "en": "Test"},
        "indicators": [{"id": "outside_labour_18_64"}, {"id": "mean_income_15_64"}],
        "normalisation": {"method": "minmax"}, "classes": {"method": "quantiles", "count": 4},
    }
    base.update(changes)
    return build_spec(base, "test")
