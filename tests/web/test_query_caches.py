"""Read caches of the web's query layer (web/queries.py ``_list_year_rows``, web/plans/data.py
``_list_decisions``): a vintage never changes, so what they keep is the same for every viewer and request. What must
hold: a page made with the cache warm (by another viewer, another year, other filters) is the page made cold."""

from __future__ import annotations

from typing import Any

import pytest

from boligmonitor.web import models as m
from boligmonitor.web import queries
from boligmonitor.web.access import viewer_of
from boligmonitor.web.plans import data as plan_data


def _users() -> dict[str, Any]:
    from django.contrib.auth import get_user_model

    users = {u.username: u for u in get_user_model().objects.all()}
    return {"public": None, **{r: users[r] for r in ("municipality", "organisation", "board", "analyst")}}


@pytest.mark.django_db
def test_list_pages_are_the_same_with_the_cache_warm_as_cold() -> None:
    v = m.Vintage.objects.get(published=True)
    area = m.Area.objects.filter(vintage=v, kind="statutory").order_by("area_id").first()
    assert area is not None
    asks = [(who, year, filters) for who in _users() for year in (v.last_list_year, v.last_list_year - 1)
            for filters in ({}, {"municipality": area.municipality_code}, {"category": "udsat_boligomraade"})]
    viewers = {who: viewer_of(u) for who, u in _users().items()}

    def page(who: str, year: int, filters: dict[str, Any]) -> Any:
        return queries.list_page(v, viewers[who], year, lang="da", **filters)

    cold = []
    for ask in asks:
        queries._list_year_rows.cache_clear()
        cold.append(page(*ask))
    queries._list_year_rows.cache_clear()
    warm = [page(*ask) for ask in asks]  # each after the others, the cache shared
    assert queries._list_year_rows.cache_info().hits > 0
    assert warm == cold
    assert any(p["rows"] for p in cold) and cold[0]["rows"] != cold[3]["rows"], "the asks must differ to test"


@pytest.mark.django_db
def test_plan_list_decisions_are_the_same_with_the_cache_warm_as_cold() -> None:
    v = m.Vintage.objects.get(published=True)
    users = _users()

    def decisions() -> list[Any]:
        out = []
        for u in users.values():
            d = plan_data.DatabaseData(v, viewer_of(u))
            out.append([(y, d.list_members(y)) for y in d.list_years()])
        return out

    cold = []
    for u in users.values():
        plan_data._list_decisions.cache_clear()
        d = plan_data.DatabaseData(v, viewer_of(u))
        cold.append([(y, d.list_members(y)) for y in d.list_years()])
    plan_data._list_decisions.cache_clear()
    assert decisions() == cold
    assert plan_data._list_decisions.cache_info().hits > 0
    years = cold[-1]
    assert any(years[i][1] != years[i + 1][1] for i in range(len(years) - 1)), "the years must differ to test"
