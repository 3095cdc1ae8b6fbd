"""Plans for the web tests, built against the session's synthetic vintage (areas, municipalities and organisations
are looked up, not assumed), and accounts scoped to them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client

from boligmonitor.plans.model import Agreement, Strategy
from boligmonitor.web import models as m
from boligmonitor.web.access import Viewer, viewer_of
from boligmonitor.web.actions import create_user
from boligmonitor.web.plans import actions
from boligmonitor.web.plans import models as pm
from tests.web.conftest import PASSWORD


def vintage() -> m.Vintage:
    return m.Vintage.objects.get(published=True)


def plan_area() -> m.Area:
    """The board's area in conftest: the first helhedsplan area."""
    a = m.Area.objects.filter(vintage=vintage(), kind="helhedsplan").order_by("area_id").first()
    assert a is not None
    return a


def statutory_area() -> m.Area:
    a = m.Area.objects.filter(vintage=vintage(), kind="statutory").order_by("area_id").first()
    assert a is not None
    return a


def agreement_doc(key: str = "aftale-test", **over: Any) -> dict[str, Any]:
    """An agreement for the board's area, in the structure of seed 001, with one indsatsområde and a goal."""
    v, area = vintage(), plan_area()
    base = v.first_data_year + 1
    doc: dict[str, Any] = {
        "kind": "agreement", "key": key, "title": "En fælles indsats (test)", "funding_period": "lbf_2019_26",
        "areas": [area.area_id],
        "parties": [{"name": "Kommunen", "role": "municipality", "municipality": area.municipality_code,
                     "signatories": [{"name": "Borgmester", "title": "borgmester"}]},
                    {"name": "Boligorganisationen", "role": "housing_organisation",
                     "org_id": (area.org_ids or ["ORG"])[0]}],
        "period": {"start": f"{base + 1}-10-01", "end": f"{base + 5}-09-30"}, "baseline_year": base,
        "about_area": "Om området", "vision": "Visionen",
        "focus_areas": [{"key": "beskaeftigelse", "title": "Beskæftigelse", "theme": "beskaeftigelse",
                         "problem_complex": "Få er i arbejde.",
                         "goals": [{"key": "flere-i-job", "title": "Flere bliver tilknyttet arbejdsmarkedet",
                                    "measured_by": [{"indicator": "outside_labour_18_64",
                                                     "target": {"kind": "relative", "reference": "municipality",
                                                                "close_gap": 0.5, "by": base + 5}}]}],
                         "delaftale": {"sub_goals": ["Flere i job"],
                                       "activities": [{"key": "jobcafe", "title": "Jobcafé",
                                                       "responsible": "Kommunen"}]}}],
        "budget": [{"year": base + 1, "party": "LBF", "source": "lbf", "amount": 750000},
                   {"year": base + 1, "party": "Kommunen", "source": "municipality", "amount": 250000}],
        "milestones": [{"key": "kickoff", "title": "Kick-off seminar", "due": f"{base + 1}-12-01"}],
    }
    doc.update(over)
    return doc


def strategy_doc(key: str = "strategi-test", **over: Any) -> dict[str, Any]:
    area = statutory_area()
    v = vintage()
    doc: dict[str, Any] = {
        "kind": "strategy", "key": key, "title": "Fælles strategi (test)", "municipality": area.municipality_code,
        "period": {"start": f"{v.first_data_year + 2}-01-01", "end": "2030-12-31"},
        "scope": {"areas": [area.area_id]}, "baseline_year": v.first_data_year + 1, "vision": "Ingen udsatte "
        "boligområder i 2030", "status": "draft",
        "focus_areas": [{"key": "flere-i-arbejde", "title": "Flere i arbejde",
                         "goals": [{"key": "beskaeftigelse", "title": "Flere i beskæftigelse",
                                    "measured_by": [{"indicator": "employed_or_student_18_64",
                                                     "target": {"kind": "absolute", "value": 0.6, "by": 2030}}]}]},
                        {"key": "lister", "title": "Ingen områder på listerne",
                         "goals": [{"key": "ingen-paa-listen", "title": "Ingen udsatte boligområder i 2030",
                                    "measured_by": [{"indicator": "lists", "target": {
                                        "kind": "list", "lists": ["udsat_boligomraade", "parallelsamfund"],
                                        "at_most": 0, "by": 2030}}]}]}],
    }
    doc.update(over)
    return doc


def user(name: str, role: str, **scope: Any) -> Any:
    return create_user(name, PASSWORD, role, **scope)


def viewer(u: Any) -> Viewer:
    return viewer_of(u)


def client(u: Any) -> Client:
    c = Client()
    assert c.login(username=u.username, password=PASSWORD)
    return c


def editor_of_plan_area() -> Any:
    """A municipality account for the board's area's municipality (conftest's 'municipality' may be elsewhere)."""
    return user("kommune-plan", "municipality", municipality_code=plan_area().municipality_code)


def board() -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="board")


def create(doc: dict[str, Any], by: Any = None) -> pm.Plan:
    by = by or editor_of_plan_area()
    model = Agreement.model_validate(doc) if doc["kind"] == "agreement" else Strategy.model_validate(doc)
    return actions.create_plan(model, viewer(by), by)


def today() -> dt.date:
    return dt.date.today()
