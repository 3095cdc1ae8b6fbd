"""Web tests: the session's synthetic bundle is imported once per test database; users for every role."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from boligmonitor.web import models as m
from boligmonitor.web.actions import create_user, import_bundle

PASSWORD = "correct horse battery staple 42"


def scoped_users() -> dict[str, dict[str, Any]]:
    """One user per role, scoped to the first statutory area's municipality/organisation and the first plan area."""
    v = m.Vintage.objects.get(published=True)
    area = m.Area.objects.filter(vintage=v, kind="statutory").order_by("area_id").first()
    plan = m.Area.objects.filter(vintage=v, kind="helhedsplan").order_by("area_id").first()
    assert area is not None and plan is not None
    return {
        "admin": {"role": "admin"},
        "analyst": {"role": "analyst"},
        "municipality": {"role": "municipality", "municipality_code": area.municipality_code},
        "organisation": {"role": "organisation", "org_id": area.org_ids[0]},
        "board": {"role": "board", "area_ids": [plan.area_id]},
    }


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any, synth_bundle: Path) -> None:
    with django_db_blocker.unblock():
        import_bundle(synth_bundle, publish=True)
        for name, scope in scoped_users().items():
            role = scope.pop("role")
            create_user(name, PASSWORD, role, **scope)


@pytest.fixture
def client_for(db: Any) -> Any:
    def make(role: str) -> Client:
        c = Client()
        if role != "public":
            assert c.login(username=role, password=PASSWORD)
        return c
    return make


ROLES = ("public", "board", "organisation", "municipality", "analyst", "admin")


@pytest.fixture(autouse=True)
def _fresh_decision_caches() -> None:
    """The query layer keeps a vintage's list decisions per process (a published vintage never changes). Some tests
    do change stored decisions to stage a case; each test starts without what an earlier one kept."""
    from boligmonitor.web import queries
    from boligmonitor.web.plans import data as plan_data

    queries._list_year_rows.cache_clear()
    plan_data._list_decisions.cache_clear()
