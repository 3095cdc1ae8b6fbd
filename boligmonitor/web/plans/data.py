"""The plans' data interface (``boligmonitor.plans.data.PlanData``) over the web database: the published cells and
decisions of one imported vintage, as one viewer may see them.

Every number comes from ``IndicatorValue`` rows exactly as imported (a suppressed cell has no numbers, so none can
be shown or computed around), and the site's access rules (``web.access``) hold here as on the area pages: an
indicator outside the viewer's profile of an area, or an area the viewer may not see, gives no number, only a note
saying so. Cells are fetched one unit at a time (one indexed query each) and kept for the request.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from boligmonitor.plans.data import ABSENT, AreaInfo, MunicipalityInfo, Value, VintageInfo
from boligmonitor.rules.texts import Text
from boligmonitor.web import models as m
from boligmonitor.web import queries
from boligmonitor.web.access import PUBLIC_INDICATORS, Viewer

NOT_SHOWN = Text("ikke vist for din rolle", "not shown for your role")


@lru_cache(maxsize=8)
def _catalogue(vintage_id: int, checksum: str) -> frozenset[str]:
    """The indicators a vintage publishes, from its manifest's catalogue (no scan of millions of cells)."""
    man = m.Vintage.objects.filter(pk=vintage_id).values_list("manifest", flat=True).first() or {}
    cat = man.get("catalogue") or {}
    return frozenset([*(cat.get("indicators") or {}), *(cat.get("derived") or {})])


@lru_cache(maxsize=128)
def _list_decisions(vintage_id: int, checksum: str, list_year: int) -> tuple[tuple[str, str, bool | None], ...]:
    """A list year's members and undecided areas, every area (the viewer's access is applied by the caller). A
    vintage never changes, so they are read once per process: reading them cost ~3 ms per list year and a plan
    page's list targets ask for every list year."""
    rows = m.Classification.objects.filter(vintage_id=vintage_id, list_year=list_year).exclude(member=False)
    return tuple(rows.values_list("area_id", "category", "member"))


class DatabaseData:
    """:class:`boligmonitor.plans.data.PlanData` over one vintage in the database, for one viewer.

    ``plan_areas`` are the areas of the plan being shown: their registry facts (name, municipality) are known to
    whoever may read the plan, and the viewer's profile of them decides which indicators the comparison units
    (municipality, region, nation) show."""

    def __init__(self, vintage: m.Vintage, viewer: Viewer, plan_areas: Iterable[str] = ()) -> None:
        self.v = vintage
        self.viewer = viewer
        self._all_areas = {a.area_id: a for a in queries._vintage_areas(vintage.pk, vintage.checksum, False)}
        self._plan_areas = {a for a in plan_areas if a in self._all_areas}
        self._cells: dict[tuple[str, str], dict[tuple[int, str], Value]] = {}
        self._members: dict[int, tuple[dict[str, set[str]], dict[str, set[str]]]] = {}
        self._municipalities: dict[int, MunicipalityInfo] | None = None
        self._afdelinger: dict[str, list[str]] | None = None
        self._area_allowed: dict[str, frozenset[str] | None] = {}
        full = any(viewer.full_profile(self._all_areas[a]) for a in self._plan_areas)
        self._comparison_allowed: frozenset[str] | None = None if full else PUBLIC_INDICATORS

    # -- access ------------------------------------------------------------------------------------------------------

    def _visible(self, area_id: str) -> bool:
        a = self._all_areas.get(area_id)
        return a is not None and (self.viewer.may_see(a) or area_id in self._plan_areas)

    def _allowed(self, unit_type: str, unit_id: str) -> frozenset[str] | None:
        """The indicators the viewer may see for a unit (None: all; none of an area it may not see). Asked for
        every cell of a goals table (thousands per page), so each area's answer is kept for the request."""
        if unit_type != "area":
            return self._comparison_allowed
        if unit_id not in self._area_allowed:
            a = self._all_areas.get(unit_id)
            self._area_allowed[unit_id] = (frozenset() if a is None or not self.viewer.may_see(a)
                                           else self.viewer.indicators_for(a))
        return self._area_allowed[unit_id]

    # -- cells -------------------------------------------------------------------------------------------------------

    def _unit(self, unit_type: str, unit_id: str) -> dict[tuple[int, str], Value]:
        key = (unit_type, unit_id)
        got = self._cells.get(key)
        if got is None:
            got = {}
            rows = m.IndicatorValue.objects.filter(vintage=self.v, unit_type=unit_type, unit_id=unit_id)
            for year, ind, num, den, val, sup in rows.values_list("year", "indicator_id", "numerator",
                                                                  "denominator", "value", "suppression"):
                # a suppressed cell is published without numbers; keep none of it
                got[(year, ind)] = Value(suppressed=True) if sup is not None else Value(val, num, den)
            self._cells[key] = got
        return got

    def cell(self, unit_type: str, unit_id: str, year: int, indicator: str) -> Value:
        if not self.shown(unit_type, unit_id, indicator):
            return Value(note=NOT_SHOWN) if indicator in self.indicators() else ABSENT
        return self._unit(unit_type, str(unit_id)).get((int(year), indicator), ABSENT)

    def shown(self, unit_type: str, unit_id: str, indicator: str) -> bool:
        """Whether the viewer may see this indicator of this unit at all (for notes on pages)."""
        allowed = self._allowed(unit_type, str(unit_id))
        return allowed is None or indicator in allowed

    def years(self) -> list[int]:
        return list(range(self.v.first_data_year, self.v.last_data_year + 1))

    def indicators(self) -> set[str]:
        return set(_catalogue(self.v.pk, self.v.checksum))

    # -- lists -------------------------------------------------------------------------------------------------------

    def list_years(self) -> list[int]:
        return list(range(self.v.first_list_year, self.v.last_list_year + 1))

    def _decisions(self, list_year: int) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
        got = self._members.get(list_year)
        if got is None:
            members: dict[str, set[str]] = defaultdict(set)
            undetermined: dict[str, set[str]] = defaultdict(set)
            for area_id, category, member in _list_decisions(self.v.pk, self.v.checksum, list_year):
                if not self._visible(area_id):
                    continue
                (members if member else undetermined)[category].add(area_id)
            got = (dict(members), dict(undetermined))
            self._members[list_year] = got
        return got

    def list_members(self, list_year: int) -> dict[str, set[str]]:
        return {k: set(v) for k, v in self._decisions(list_year)[0].items()}

    def undetermined(self, list_year: int) -> dict[str, set[str]]:
        return {k: set(v) for k, v in self._decisions(list_year)[1].items()}

    # -- registry ----------------------------------------------------------------------------------------------------

    def _afdelinger_of(self) -> dict[str, list[str]]:
        if self._afdelinger is None:
            out: dict[str, list[str]] = defaultdict(list)
            ids = sorted(self._plan_areas)
            for area_id, afd in (m.Membership.objects.filter(vintage=self.v, area_id__in=ids, valid_to__isnull=True)
                                 .values_list("area_id", "afdeling_id")):
                out[area_id].append(afd)
            self._afdelinger = {k: sorted(v) for k, v in out.items()}
        return self._afdelinger

    def _info(self, a: m.Area) -> AreaInfo:
        afd = self._afdelinger_of().get(a.area_id, []) if a.area_id in self._plan_areas else []
        return AreaInfo(area_id=a.area_id, name=a.name, kind=a.kind, municipality_code=a.municipality_code,
                        afdelinger=afd)

    def area(self, area_id: str) -> AreaInfo | None:
        if not self._visible(area_id):
            return None
        return self._info(self._all_areas[area_id])

    def areas_of(self, municipality_code: int) -> list[AreaInfo]:
        return [self._info(a) for a in self._all_areas.values()
                if a.municipality_code == municipality_code and self._visible(a.area_id)]

    def municipality(self, code: int) -> MunicipalityInfo | None:
        if self._municipalities is None:
            self._municipalities = {
                c: MunicipalityInfo(code=c, name=n, region_code=r)
                for c, n, r in m.Municipality.objects.filter(vintage=self.v).values_list("code", "name",
                                                                                          "region_code")}
        return self._municipalities.get(int(code))

    def area_rows(self, area_id: str) -> list[dict[str, Any]]:
        if not self._visible(area_id):
            return []
        return queries._classification_rows(self.v, area_id=area_id)

    def vintage(self) -> VintageInfo:
        info = VintageInfo(label=self.v.label, rules_version=self.v.rules_version,
                           data_years=[self.v.first_data_year, self.v.last_data_year], synthetic=self.v.synthetic)
        rule = ((self.v.manifest or {}).get("disclosure") or {}).get("rule", "")
        info["disclosure"] = {"minimum_count": self.v.minimum_count, "rule": rule}
        return info
