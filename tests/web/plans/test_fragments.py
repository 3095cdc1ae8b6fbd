"""Section 5 (the goals table with its charts) is rendered once per content and kept in the process
(boligmonitor/web/plans/fragments.py). What must hold: a viewer never gets a table made for another viewer who may
see more; a changed number gives a new table; the cache stays within its byte limit."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.utils import translation

from boligmonitor.web.plans import fragments
from tests.web.plans import factories as f


@pytest.fixture(autouse=True)
def _empty_cache() -> Any:
    fragments.clear()
    yield
    fragments.clear()


def _section5(html: str) -> str:
    return html.split('<section id="s5">', 1)[1].split("</section>", 1)[0]


@pytest.mark.django_db
def test_the_public_never_gets_the_table_rendered_for_an_analyst() -> None:
    # a goal measured by an indicator the public may not see (not in access.PUBLIC_INDICATORS)
    doc = f.strategy_doc(key="skjult", status="published")
    doc["focus_areas"][0]["goals"][0]["measured_by"] = [{"indicator": "higher_education_30_59"}]
    admin = f.user("admin-frag", "admin")
    plan = f.create(doc, by=admin)
    url = f"/plans/{plan.pk}/"
    public_cold = _section5(Client().get(url).content.decode())
    analyst = _section5(f.client(f.user("analytiker-frag", "analyst")).get(url).content.decode())
    assert analyst != public_cold, "the test needs two viewers who see different tables"
    public_warm = _section5(Client().get(url).content.decode())  # the analyst's table is in the cache now
    assert public_warm == public_cold


def _request() -> Any:
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    return request


def _row(value: float) -> dict[str, Any]:
    return {"status": "on_track", "indicator": {"id": "x", "label": "X", "unit": "share"},
            "baseline": {"year": 2020, "area": {"value": value}}, "actual": {}, "series": []}


def test_a_changed_number_gives_a_new_table_and_the_same_rows_the_kept_one() -> None:
    request = _request()
    made = []

    def context(rows: list[dict[str, Any]]) -> Any:
        def make() -> dict[str, Any]:
            made.append(1)
            return {"goals": rows, "lists": [], "charts": False, "several_areas": False, "sources": []}
        return make

    with translation.override("da"):  # the page's language is the middleware's to set; here, Danish numbers
        first = fragments.goals_table(request, [_row(0.25)], [], "da", context([_row(0.25)]))
        again = fragments.goals_table(request, [_row(0.25)], [], "da", context([_row(0.25)]))
        other = fragments.goals_table(request, [_row(0.5)], [], "da", context([_row(0.5)]))
    assert first == again and len(made) == 2
    assert "25,0" in first and "50,0" in other


def test_the_cache_forgets_the_oldest_table_beyond_its_byte_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    request = _request()
    monkeypatch.setattr(fragments, "LIMIT_BYTES", 1)  # room for one table only

    def make(value: float) -> Any:
        return lambda: {"goals": [_row(value)], "lists": [], "charts": False, "several_areas": False,
                        "sources": []}

    for value in (0.1, 0.2, 0.3):
        fragments.goals_table(request, [_row(value)], [], "da", make(value))
    assert len(fragments._tables) == 1 and fragments._bytes == len(next(iter(fragments._tables.values())))
