"""Absurd or out-of-range query parameters answer 400 or 404 on every page, twin, download and API call (the API
answers 422, its documented validation error, to a value that is not an integer at all), never 500: SQLite cannot
bind a 20-digit integer, PostgreSQL's integer is 32 bits, and the law has no year -5."""

from __future__ import annotations

from typing import Any

import pytest

from boligmonitor.web import models as m

ABSURD = ["99999999999999999999", "-99999999999999999999", "2147483648", "-5", "0", "1e3", "abc", "9999", "1899"]
HUGE = ["99999999999999999999", "-99999999999999999999", "2147483648", "1e3", "abc"]


def _pages(area: str) -> dict[str, list[str]]:
    """Each URL (with a placeholder query) and the integer parameters it reads."""
    return {
        "/lists/?": ["year", "municipality", "region", "vintage"],
        "/lists.json?": ["year", "municipality", "region", "vintage"],
        "/lists.csv?": ["year", "vintage"],
        "/lists.xlsx?": ["year", "vintage"],
        f"/areas/{area}/?": ["year", "vintage"],
        f"/areas/{area}.json?": ["year", "vintage"],
        "/map/?": ["year", "vintage"],
        "/map.json?indicator=residents&": ["year", "vintage"],
        "/rank/?": ["year", "code", "vintage"],
        "/rank.json?within=region&": ["year", "code", "vintage"],
        f"/compare/?area={area}&": ["year", "vintage"],
        f"/compare.json?area={area}&": ["year", "vintage"],
        "/index.json?": ["vintage"],
        "/api/lists?": ["year", "municipality", "region", "vintage"],
        "/api/areas?": ["vintage"],
        f"/api/areas/{area}?": ["year", "vintage"],
        "/api/rank?": ["year", "code", "vintage"],
        f"/api/compare?area={area}&": ["year", "vintage"],
        "/api/map?": ["year", "vintage"],
        "/api/map?indicator=residents&": ["year", "vintage"],
    }


@pytest.mark.parametrize("role", ["public", "analyst"])
def test_absurd_parameters_never_answer_500(client_for: Any, role: str) -> None:
    c = client_for(role)
    c.raise_request_exception = False  # a 500 is then a status to check, not an exception
    area = m.Area.objects.filter(vintage__published=True, kind="statutory").order_by("area_id").first()
    assert area is not None
    wrong = []
    for page, names in _pages(area.area_id).items():
        for name in names:
            values = ABSURD if name in ("year", "vintage") else HUGE
            for value in values:
                status = c.get(f"{page}{name}={value}").status_code
                # the public asking for a vintage that could exist is told it may only see the published one
                plausible = name == "vintage" and role == "public" and value in ("2147483648", "9999", "1899")
                allowed = (302, 403, 404) if plausible else (400, 404)
                if page.startswith("/api/") and value in ("1e3", "abc"):
                    allowed = (422,)  # the API's documented answer to a value that is not an integer at all
                if status not in allowed:
                    wrong.append((f"{page}{name}={value}", status))
    assert wrong == []


def test_a_year_outside_the_vintage_is_404_and_says_which_years_exist(client_for: Any) -> None:
    v = m.Vintage.objects.get(published=True)
    r = client_for("public").get("/lists.json?year=-5&lang=en")
    assert r.status_code == 404
    assert f"it has {v.first_list_year}–{v.last_list_year}" in r.json()["error"]["message"]
    da = client_for("public").get(f"/rank.json?year={v.last_data_year + 1}")
    assert da.status_code == 404 and "dataår" in da.json()["error"]["message"]


def test_publishing_an_absurd_vintage_id_is_a_clear_404(client_for: Any) -> None:
    admin = client_for("admin")
    admin.raise_request_exception = False
    for value in ("99999999999999999999", "-5", "abc"):
        assert admin.post("/vintages/", {"publish": value, "confirm": "yes"}).status_code == 404
