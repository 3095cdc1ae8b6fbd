"""Where a plan is: its areas in the vintage, its municipality, and the union of several areas for the next run.

A plan's geography is one area of the bundle (``helhedsplan`` areas exist for this). A plan that names several areas
with no union in the bundle is shown area by area — never summed here, since a sum of published cells could work
out around a suppressed one — and :func:`union_members` writes the ``area_members`` rows that give the union its own
area (and its own disclosure-controlled cells) in the next ``boligmonitor run``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from boligmonitor.plans.data import AreaInfo, PlanData
from boligmonitor.plans.model import Agreement, Strategy


def plan_areas(plan: Strategy | Agreement, data: PlanData) -> list[AreaInfo]:
    """The plan's areas the vintage knows, in the plan's order (unknown ids are reported by the checks)."""
    if isinstance(plan, Strategy) and plan.scope.all_almen_areas:
        # every almen area of the municipality; helhedsplan areas are unions of others and would count them twice
        return sorted((a for a in data.areas_of(plan.municipality) if a["kind"] != "helhedsplan"),
                      key=lambda a: a["area_id"])
    ids = plan.scope.areas if isinstance(plan, Strategy) else plan.areas
    return [a for a in (data.area(i) for i in ids) if a is not None]


def plan_municipality(plan: Strategy | Agreement, data: PlanData) -> int | None:
    """A strategy's owner; an agreement's municipality party, else the municipality of its first known area."""
    if isinstance(plan, Strategy):
        return plan.municipality
    for party in plan.parties:
        if party.role == "municipality" and party.municipality is not None:
            return party.municipality
    areas = plan_areas(plan, data)
    return areas[0]["municipality_code"] if areas else None


def union_members(plan: Strategy | Agreement, data: PlanData, area_id: str,
                  valid_from: dt.date | None = None) -> list[dict[str, Any]]:
    """``area_members`` rows that make the plan's areas one area ``area_id`` in the next run (registry format:
    afdeling_id, area_id, valid_from, valid_to). An agreement's own afdelinger list wins over its areas'."""
    start = (valid_from or plan.period.start).isoformat()
    if isinstance(plan, Agreement) and plan.afdelinger:
        afdelinger = sorted(set(plan.afdelinger))
    else:
        afdelinger = sorted({afd for a in plan_areas(plan, data) for afd in a["afdelinger"]})
    return [{"afdeling_id": afd, "area_id": area_id, "valid_from": start, "valid_to": None} for afd in afdelinger]
