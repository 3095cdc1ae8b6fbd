"""What the watchlist and the forecast may know of a vintage: published cells and classification rows.

:class:`Vintage` is plain data, so every face can build one: :func:`from_bundle` reads an aggregate bundle; the web
application can fill the same fields from its database. A suppressed cell keeps no number, whatever the source left
on it, so nothing downstream can use one by mistake.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from boligmonitor.errors import BundleError
from boligmonitor.runs.bundle import Bundle

# The yearly indicators the law's criteria rest on (boligmonitor.indicators.catalogue, CRITERION_INDICATOR), by the
# measure names the rules' sources use (boligmonitor.rules.sources). Residents have their own series. Income is the
# published ratio of the area's mean to its region's (the criterion's own value, in the public profile), not the mean
# income with its counts: every input of the forecast is then an indicator the public profile shows.
MEASURE_INDICATORS: dict[str, str] = {
    "nonwestern": "nonwestern_share",
    "outside_labour": "outside_labour_18_64",
    "basic_education": "basic_education_30_59",
    "convicted": "convicted_18plus",
    "income": "income_ratio_region",
}
RATIOS = frozenset({"income_ratio_region"})  # derived values: published without counts (value only)
RESIDENTS = "residents"
INDICATORS = (RESIDENTS, *MEASURE_INDICATORS.values())
NATION_ID = "DK"


@dataclass(frozen=True)
class Cell:
    """One published cell. A suppressed cell has no numbers. ``value`` is the published value of a derived indicator
    (a ratio published without counts)."""

    numerator: float | None
    denominator: float | None
    suppressed: bool = False
    value: float | None = None


SUPPRESSED = Cell(None, None, True)


@dataclass(frozen=True)
class AreaRecord:
    area_id: str
    name: str
    municipality_code: int
    kind: str
    organisations: tuple[str, ...] = ()


@dataclass
class Vintage:
    """One vintage as published: cells of the criterion indicators, classification rows, the registry's names.

    ``cells`` maps (unit_type, unit_id, year, indicator_id) to a :class:`Cell`; ``rows`` are classification rows with
    ``criteria`` and ``notes`` parsed (the shape ``boligmonitor.published`` reads)."""

    label: str
    rules_version: str
    synthetic: bool
    cells: dict[tuple[str, str, int, str], Cell]
    rows: list[dict[str, Any]]
    areas: dict[str, AreaRecord]
    municipalities: dict[int, tuple[str, int | None]]  # code -> (name, region code)
    organisations: dict[str, str] = field(default_factory=dict)  # org_id -> name
    _data_years: list[int] | None = field(default=None, repr=False, compare=False)
    _list_years: list[int] | None = field(default=None, repr=False, compare=False)

    def cell(self, unit_type: str, unit_id: str, year: int, indicator: str) -> Cell | None:
        """The published cell, None when the vintage has none."""
        return self.cells.get((unit_type, unit_id, year, indicator))

    def data_years(self) -> list[int]:
        if self._data_years is None:  # a vintage is not changed after it is made (truncated() makes a new one)
            self._data_years = sorted({k[2] for k in self.cells})
        return list(self._data_years)

    def list_years(self) -> list[int]:
        if self._list_years is None:
            self._list_years = sorted({int(r["list_year"]) for r in self.rows})
        return list(self._list_years)

    def classified_areas(self) -> list[str]:
        """The areas the law was applied to (statutory areas): those with classification rows."""
        return sorted({r["area_id"] for r in self.rows})

    def region_of(self, area_id: str) -> int | None:
        a = self.areas.get(area_id)
        if a is None:
            return None
        return self.municipalities.get(a.municipality_code, ("", None))[1]

    def municipality_name(self, code: int) -> str:
        return self.municipalities.get(code, (str(code), None))[0]

    def truncated(self, last_data_year: int, last_list_year: int) -> Vintage:
        """The vintage as it stood when the list of ``last_list_year`` was published: cells of data years up to
        ``last_data_year`` and rows of list years up to ``last_list_year`` (for a backtest)."""
        return Vintage(self.label, self.rules_version, self.synthetic,
                       {k: v for k, v in self.cells.items() if k[2] <= last_data_year},
                       [r for r in self.rows if int(r["list_year"]) <= last_list_year],
                       self.areas, self.municipalities, self.organisations)


def cells_from_columns(columns: Mapping[str, Iterable[Any]]) -> dict[tuple[str, str, int, str], Cell]:
    """Cells from column lists (unit_type, unit_id, year, indicator_id, numerator, denominator, value,
    suppressed)."""
    out: dict[tuple[str, str, int, str], Cell] = {}
    for ut, uid, y, ind, num, den, val, sup in zip(
            columns["unit_type"], columns["unit_id"], columns["year"], columns["indicator_id"],
            columns["numerator"], columns["denominator"], columns["value"], columns["suppressed"], strict=True):
        # whatever a writer left on a suppressed cell is dropped here
        out[(str(ut), str(uid), int(y), str(ind))] = SUPPRESSED if sup else Cell(
            _number(num), _number(den), False, _number(val) if ind in RATIOS else None)
    return out


def _number(x: Any) -> float | None:
    return None if x is None or x != x else float(x)  # NaN (an absent number in a float column) is None


def parse_rows(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Classification rows as the bundle stores them (JSON text) or already parsed."""
    out = []
    for r in rows:
        row = dict(r)
        if "criteria_json" in row:
            row["criteria"] = json.loads(row.pop("criteria_json"))
        if "notes_json" in row:
            row["notes"] = json.loads(row.pop("notes_json"))
        out.append(row)
    return out


def registry_parts(registry: Mapping[str, Any]) -> tuple[dict[str, AreaRecord], dict[int, tuple[str, int | None]],
                                                         dict[str, str]]:
    """Areas (with the organisations owning their current afdelinger), municipalities and organisations from a
    bundle's registry record."""
    org_of = {a["afdeling_id"]: a["org_id"] for a in registry.get("afdelinger", [])}
    orgs: dict[str, set[str]] = {}
    for m in registry.get("area_members", []):
        if m.get("valid_to") is None and m["afdeling_id"] in org_of:
            orgs.setdefault(m["area_id"], set()).add(org_of[m["afdeling_id"]])
    areas = {a["area_id"]: AreaRecord(a["area_id"], a.get("name", ""), int(a["municipality_code"]),
                                      a.get("kind", ""), tuple(sorted(orgs.get(a["area_id"], ()))))
             for a in registry.get("areas", [])}
    municipalities = {int(m["municipality_code"]): (m.get("name", ""), None if m.get("region_code") is None
                                                    else int(m["region_code"]))
                      for m in registry.get("municipalities", [])}
    organisations = {str(o["org_id"]): o.get("name", "") for o in registry.get("organisations", [])}
    return areas, municipalities, organisations


def from_bundle(bundle: Bundle) -> Vintage:
    """A :class:`Vintage` from an opened bundle: only the criterion indicators' cells are read."""
    table = bundle.indicators
    table = table.filter(pc.is_in(table["indicator_id"], value_set=pa.array(INDICATORS)))
    cols = table.select(["unit_type", "unit_id", "year", "indicator_id", "numerator", "denominator", "value",
                         "suppressed"]).to_pydict()
    if not cols["unit_type"]:
        raise BundleError(f"{bundle.path}: the bundle publishes none of the criterion indicators "
                          f"({', '.join(INDICATORS)}); a watchlist or forecast needs them.")
    areas, municipalities, organisations = registry_parts(bundle.registry)
    manifest = bundle.manifest
    return Vintage(label=bundle.path.name, rules_version=str(manifest.get("rules_version", "")),
                   synthetic=bool(manifest.get("data", {}).get("synthetic")), cells=cells_from_columns(cols),
                   rows=parse_rows(bundle.classifications.to_pylist()), areas=areas,
                   municipalities=municipalities, organisations=organisations)
