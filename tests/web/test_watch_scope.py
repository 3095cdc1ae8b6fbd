"""A scoped user sees no area outside their scope on the watchlist and the forecast, on any face.

The session bundle classifies statutory areas only, which every role may see, so the rule is tested on a vintage
where a helhedsplan area outside the user's scope has classification rows too (copied from a statutory area): the
watchlist and the forecast then compute an entry for it, and only viewers who may see that area get it, on the page,
its JSON twin, the downloads and the API, in the rows and in the method's sentences alike.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from boligmonitor.web import forecast_page, queries, watch_page
from boligmonitor.web import models as m
from tests.web.test_access import _scope

URLS = ("/watchlist/", "/watchlist.json", "/watchlist.csv?detail=lines", "/api/watchlist",
        "/forecast/", "/forecast.json", "/forecast.csv", "/api/forecast")


def _clear() -> None:
    for f in (watch_page._vintage_data, watch_page._watchlist, forecast_page._forecast, forecast_page._backtest_raw,
              queries._vintage_areas):
        f.cache_clear()


@pytest.fixture
def hidden_area(db: Any) -> Iterator[str]:
    """A helhedsplan area with the classification rows of a statutory area (the transaction is rolled back after
    the test; the per-worker caches are emptied before and after)."""
    v = m.Vintage.objects.get(published=True)
    scoped = _scope("municipality") | _scope("organisation") | _scope("board")
    hidden = m.Area.objects.filter(vintage=v, kind="helhedsplan").exclude(area_id__in=scoped).order_by("area_id")
    target = hidden.first()
    assert target is not None, "the session bundle has no helhedsplan area outside every scoped user's scope"
    source = m.Classification.objects.filter(vintage=v).order_by("area_id").first()
    assert source is not None
    for row in m.Classification.objects.filter(vintage=v, area_id=source.area_id):
        row.pk = None
        row.area_id = target.area_id
        row.save()
    _clear()
    yield target.area_id
    _clear()


def test_no_area_outside_the_scope_on_either_page(client_for: Any, hidden_area: str) -> None:
    analyst = client_for("analyst")
    # the area really is on both (so the check below can fail)
    assert hidden_area in {r["area_id"] for r in analyst.get("/watchlist.json").json()["rows"]}
    assert hidden_area in {r["area_id"] for r in analyst.get("/forecast.json").json()["rows"]}
    statutory = set(m.Area.objects.filter(vintage__published=True, kind="statutory")
                    .values_list("area_id", flat=True))
    for role in ("public", "board", "organisation", "municipality"):
        c = client_for(role)
        allowed = statutory | _scope(role)
        assert hidden_area not in allowed
        for url in URLS:
            r = c.get(url)
            assert r.status_code == 200, (role, url)
            assert hidden_area not in r.content.decode("utf-8-sig"), (role, url)
        for url in ("/watchlist.json", "/forecast.json", "/api/forecast"):
            assert {x["area_id"] for x in c.get(url).json()["rows"]} <= allowed, (role, url)
