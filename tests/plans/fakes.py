"""Plain-data vintages and plans for the plans tests (no bundle, no database)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from boligmonitor.plans.data import ABSENT, SUPPRESSED, AreaInfo, MunicipalityInfo, Value, VintageInfo
from boligmonitor.plans.model import Agreement


class TableData:
    """A :class:`~boligmonitor.plans.data.PlanData` over dicts: cells[(unit_type, unit_id, year, indicator)] is a
    float (published) or None (suppressed)."""

    def __init__(self, cells: dict[tuple[str, str, int, str], float | None] | None = None,
                 members: dict[int, dict[str, set[str]]] | None = None,
                 undetermined: dict[int, dict[str, set[str]]] | None = None,
                 years: list[int] | None = None) -> None:
        self.cells = cells or {}
        self.members = members or {}
        self._undetermined = undetermined or {}
        self._years = years or sorted({k[2] for k in self.cells}) or [2019, 2020, 2021, 2022, 2023]
        self.areas = {
            "A1": AreaInfo(area_id="A1", name="Ringparken", kind="statutory", municipality_code=330,
                           afdelinger=["AFD1", "AFD2"]),
            "A2": AreaInfo(area_id="A2", name="Motalavej", kind="statutory", municipality_code=330,
                           afdelinger=["AFD3"]),
            "H1": AreaInfo(area_id="H1", name="Helhedsplan Slagelse", kind="helhedsplan", municipality_code=330,
                           afdelinger=["AFD1", "AFD2", "AFD3"]),
        }

    def cell(self, unit_type: str, unit_id: str, year: int, indicator: str) -> Value:
        key = (unit_type, str(unit_id), year, indicator)
        if key not in self.cells:
            return ABSENT
        v = self.cells[key]
        return SUPPRESSED if v is None else Value(v)

    def years(self) -> list[int]:
        return list(self._years)

    def indicators(self) -> set[str]:
        return {k[3] for k in self.cells}

    def list_years(self) -> list[int]:
        return sorted(set(self.members) | set(self._undetermined))

    def list_members(self, list_year: int) -> dict[str, set[str]]:
        return self.members.get(list_year, {})

    def undetermined(self, list_year: int) -> dict[str, set[str]]:
        return self._undetermined.get(list_year, {})

    def area(self, area_id: str) -> AreaInfo | None:
        return self.areas.get(area_id)

    def areas_of(self, municipality_code: int) -> list[AreaInfo]:
        return [a for a in self.areas.values() if a["municipality_code"] == municipality_code]

    def municipality(self, code: int) -> MunicipalityInfo | None:
        return MunicipalityInfo(code=330, name="Slagelse", region_code=1085) if code == 330 else None

    def area_rows(self, area_id: str) -> list[dict[str, Any]]:
        return []

    def vintage(self) -> VintageInfo:
        return VintageInfo(label="test", rules_version="r1", data_years=[self._years[0], self._years[-1]],
                           synthetic=True)


def agreement(**changes: Any) -> Agreement:
    """A complete agreement under the 2019-26 rules (every required document present, 25 % local money)."""
    base: dict[str, Any] = {
        "key": "slagelse", "title": "Strategisk samarbejdsaftale", "funding_period": "lbf_2019_26",
        "areas": ["H1"], "period": {"start": dt.date(2021, 10, 1), "end": dt.date(2025, 9, 30)},
        "baseline_year": 2020,
        "parties": [{"name": "Slagelse Kommune", "role": "municipality", "municipality": 330}],
        "focus_areas": [{
            "key": "beskaeftigelse", "title": "Beskæftigelse", "theme": "beskaeftigelse",
            "goals": [{"key": "job", "title": "Flere i job", "measured_by": [
                {"indicator": "outside_labour_18_64",
                 "target": {"kind": "relative", "reference": "municipality", "close_gap": 0.5, "by": 2024}}]}],
            "delaftale": {"activities": [{"key": "jobcafe", "title": "Jobcafé"}]},
        }],
        "budget": [
            {"year": 2022, "party": "LBF", "source": "lbf", "amount": 750000, "activity": "jobcafe"},
            {"year": 2022, "party": "Slagelse Kommune", "source": "municipality", "amount": 250000},
        ],
        "milestones": [{"key": "m1", "title": "Jobcafé åbner", "due": dt.date(2022, 3, 1)}],
        "attachments": [{"kind": "beredskabsplan"}, {"kind": "kommissorium"}, {"kind": "indberetningsskema"}],
    }
    base.update(changes)
    return Agreement.model_validate(base)
