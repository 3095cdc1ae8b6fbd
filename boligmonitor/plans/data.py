"""The data interface the plans read through: published cells, lists, areas and municipalities of one vintage.

Plans never read person rows, and never compute a number the bundle did not publish. Everything a goal table, a
check or a drafted fact shows comes through :class:`PlanData`: the CLI and the tests use :class:`BundleData` over an
aggregate bundle; the web application implements the same protocol over its database (one vintage at a time).

A :class:`Value` is a cell exactly as the bundle publishes it: a suppressed cell carries no number at all (the
bundle writes none), and a cell the bundle does not have is *absent* (no number, not suppressed).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal, NotRequired, Protocol, TypedDict

from boligmonitor.rules.texts import Text
from boligmonitor.runs.bundle import Bundle

UnitType = Literal["area", "municipality", "region", "nation"]
NATION_ID = "DK"


@dataclass(frozen=True)
class Value:
    """One published number: value = numerator / denominator (shares, means) or a count. ``source`` is ``bundle``
    for a published cell and ``manual`` for a hand-entered value (then ``note`` names where it comes from)."""

    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    suppressed: bool = False
    source: Literal["bundle", "manual"] = "bundle"
    note: Text | None = None

    @property
    def known(self) -> bool:
        return self.value is not None and not self.suppressed

    def as_dict(self) -> dict[str, Any]:
        if self.suppressed:  # whatever a data source left on a suppressed cell is never shown
            return {"value": None, "numerator": None, "denominator": None, "suppressed": True, "source": self.source,
                    "note": None if self.note is None else {"da": self.note.da, "en": self.note.en}}
        return {"value": self.value, "numerator": self.numerator, "denominator": self.denominator,
                "suppressed": self.suppressed, "source": self.source,
                "note": None if self.note is None else {"da": self.note.da, "en": self.note.en}}


ABSENT = Value()
SUPPRESSED = Value(suppressed=True)


class AreaInfo(TypedDict):
    area_id: str
    name: str
    kind: str  # statutory | helhedsplan | ... (the registry's area kinds)
    municipality_code: int
    afdelinger: list[str]


class MunicipalityInfo(TypedDict):
    code: int
    name: str
    region_code: int | None


class VintageInfo(TypedDict):
    label: str
    rules_version: str
    data_years: list[int]
    synthetic: bool
    # the disclosure settings the bundle was written with ({"minimum_count", "rule"}), when known
    disclosure: NotRequired[dict[str, Any]]


class PlanData(Protocol):
    """What a plan may know of a vintage. Implementations return published numbers only."""

    def cell(self, unit_type: str, unit_id: str, year: int, indicator: str) -> Value:
        """The published cell, :data:`ABSENT` when the bundle has none (unknown unit, year or indicator)."""
        ...

    def years(self) -> list[int]:
        """The data years of the vintage, ascending."""
        ...

    def indicators(self) -> set[str]:
        """The indicator ids the vintage publishes."""
        ...

    def list_years(self) -> list[int]:
        """The list years the vintage has decisions for, ascending."""
        ...

    def list_members(self, list_year: int) -> dict[str, set[str]]:
        """category -> the area ids on that list in ``list_year`` (members only; undetermined is not a member)."""
        ...

    def undetermined(self, list_year: int) -> dict[str, set[str]]:
        """category -> the area ids whose decision in ``list_year`` could not be made (member unknown)."""
        ...

    def area(self, area_id: str) -> AreaInfo | None:
        ...

    def areas_of(self, municipality_code: int) -> list[AreaInfo]:
        """Every area of the municipality in the vintage's registry."""
        ...

    def municipality(self, code: int) -> MunicipalityInfo | None:
        ...

    def area_rows(self, area_id: str) -> list[dict[str, Any]]:
        """The area's published classification rows, criteria and notes parsed (``published.explain_from_rows``
        reads the same shape)."""
        ...

    def vintage(self) -> VintageInfo:
        ...


def reference_unit(data: PlanData, reference: str, municipality_code: int) -> tuple[str, str] | None:
    """The (unit_type, unit_id) a relative target compares with: the plan's municipality, its region, or the
    nation. None when the vintage does not know the municipality or its region."""
    if reference == "nation":
        return "nation", NATION_ID
    m = data.municipality(municipality_code)
    if m is None:
        return None
    if reference == "municipality":
        return "municipality", str(m["code"])
    if m["region_code"] is None:
        return None
    return "region", str(m["region_code"])


class BundleData:
    """:class:`PlanData` over an aggregate bundle (the CLI, the Python API and the tests)."""

    def __init__(self, bundle: Bundle) -> None:
        self._bundle = bundle
        cols = bundle.indicators.select(["unit_type", "unit_id", "year", "indicator_id", "numerator",
                                         "denominator", "value", "suppressed"]).to_pydict()
        self._cells: dict[tuple[str, str, int, str], Value] = {}
        self._indicators: set[str] = set()
        self._years: set[int] = set()
        for ut, uid, y, ind, num, den, val, sup in zip(
                cols["unit_type"], cols["unit_id"], cols["year"], cols["indicator_id"], cols["numerator"],
                cols["denominator"], cols["value"], cols["suppressed"], strict=True):
            # a suppressed cell publishes nothing; keep nothing of it even if a writer left numbers behind
            self._cells[(ut, uid, int(y), ind)] = SUPPRESSED if sup else Value(val, num, den)
            self._indicators.add(ind)
            self._years.add(int(y))
        reg = bundle.registry
        members: dict[str, list[str]] = {}
        for m in reg.get("area_members", []):
            if m.get("valid_to") is None:
                members.setdefault(m["area_id"], []).append(m["afdeling_id"])
        self._areas: dict[str, AreaInfo] = {
            a["area_id"]: AreaInfo(area_id=a["area_id"], name=a.get("name", ""), kind=a.get("kind", ""),
                                   municipality_code=int(a["municipality_code"]),
                                   afdelinger=sorted(members.get(a["area_id"], [])))
            for a in reg.get("areas", [])}
        self._municipalities: dict[int, MunicipalityInfo] = {
            int(m["municipality_code"]): MunicipalityInfo(code=int(m["municipality_code"]), name=m.get("name", ""),
                                                          region_code=m.get("region_code"))
            for m in reg.get("municipalities", [])}
        self._rows: dict[str, list[dict[str, Any]]] = {}
        self._members: dict[int, dict[str, set[str]]] = {}
        self._undetermined: dict[int, dict[str, set[str]]] = {}
        for r in bundle.classifications.to_pylist():
            r["criteria"] = json.loads(r.pop("criteria_json"))
            r["notes"] = json.loads(r.pop("notes_json"))
            self._rows.setdefault(r["area_id"], []).append(r)
            year = int(r["list_year"])
            self._members.setdefault(year, {})
            self._undetermined.setdefault(year, {})
            if r["member"] is True:
                self._members[year].setdefault(r["category"], set()).add(r["area_id"])
            elif r["member"] is None:
                self._undetermined[year].setdefault(r["category"], set()).add(r["area_id"])

    def cell(self, unit_type: str, unit_id: str, year: int, indicator: str) -> Value:
        return self._cells.get((unit_type, str(unit_id), int(year), indicator), ABSENT)

    def years(self) -> list[int]:
        return sorted(self._years)

    def indicators(self) -> set[str]:
        return set(self._indicators)

    def list_years(self) -> list[int]:
        return sorted(self._members)

    def list_members(self, list_year: int) -> dict[str, set[str]]:
        return {k: set(v) for k, v in self._members.get(list_year, {}).items()}

    def undetermined(self, list_year: int) -> dict[str, set[str]]:
        return {k: set(v) for k, v in self._undetermined.get(list_year, {}).items()}

    def area(self, area_id: str) -> AreaInfo | None:
        return self._areas.get(area_id)

    def areas_of(self, municipality_code: int) -> list[AreaInfo]:
        return [a for a in self._areas.values() if a["municipality_code"] == municipality_code]

    def municipality(self, code: int) -> MunicipalityInfo | None:
        return self._municipalities.get(int(code))

    def area_rows(self, area_id: str) -> list[dict[str, Any]]:
        return list(self._rows.get(area_id, []))

    def vintage(self) -> VintageInfo:
        m = self._bundle.manifest
        years = m.get("data", {}).get("data_years") or ([min(self._years), max(self._years)] if self._years
                                                         else [])
        info = VintageInfo(label=self._bundle.path.name, rules_version=str(m.get("rules_version", "")),
                           data_years=[int(y) for y in years], synthetic=self._bundle.synthetic)
        disclosure = m.get("disclosure")
        if isinstance(disclosure, dict) and "minimum_count" in disclosure:
            info["disclosure"] = {"minimum_count": disclosure["minimum_count"], "rule": disclosure.get("rule", "")}
        return info


def unknown_areas(data: PlanData, ids: Iterable[str]) -> list[str]:
    """The ids the vintage does not know (for checks and file references)."""
    return [a for a in ids if data.area(a) is None]


class CachedData:
    """A :class:`PlanData` that asks its source once for everything but cells: a report asks for the years, lists,
    areas and municipality hundreds of times, and a database answers each with a query."""

    def __init__(self, source: PlanData) -> None:
        self.source = source
        self._memo: dict[tuple[str, Any], Any] = {}

    def _once(self, name: str, arg: Any, fn: Any) -> Any:
        key = (name, arg)
        if key not in self._memo:
            self._memo[key] = fn()
        return self._memo[key]

    def cell(self, unit_type: str, unit_id: str, year: int, indicator: str) -> Value:
        return self.source.cell(unit_type, unit_id, year, indicator)

    def years(self) -> list[int]:
        return list(self._once("years", None, self.source.years))

    def indicators(self) -> set[str]:
        return set(self._once("indicators", None, self.source.indicators))

    def list_years(self) -> list[int]:
        return list(self._once("list_years", None, self.source.list_years))

    def list_members(self, list_year: int) -> dict[str, set[str]]:
        return dict(self._once("list_members", list_year, lambda: self.source.list_members(list_year)))

    def undetermined(self, list_year: int) -> dict[str, set[str]]:
        return dict(self._once("undetermined", list_year, lambda: self.source.undetermined(list_year)))

    def area(self, area_id: str) -> AreaInfo | None:
        found: AreaInfo | None = self._once("area", area_id, lambda: self.source.area(area_id))
        return found

    def areas_of(self, municipality_code: int) -> list[AreaInfo]:
        return list(self._once("areas_of", municipality_code, lambda: self.source.areas_of(municipality_code)))

    def municipality(self, code: int) -> MunicipalityInfo | None:
        found: MunicipalityInfo | None = self._once("municipality", code, lambda: self.source.municipality(code))
        return found

    def area_rows(self, area_id: str) -> list[dict[str, Any]]:
        return list(self._once("area_rows", area_id, lambda: self.source.area_rows(area_id)))

    def vintage(self) -> VintageInfo:
        found: VintageInfo = self._once("vintage", None, self.source.vintage)
        return found
