"""Every role on every page and endpoint: what it may see, what it is refused."""

from __future__ import annotations

from typing import Any

import pytest

from boligmonitor.web import models as m
from boligmonitor.web.access import PUBLIC_INDICATORS
from tests.web.conftest import ROLES

PUBLIC_PAGES = ["/", "/index.json", "/lists/", "/lists.json", "/lists.csv", "/map/", "/map.json", "/rank/",
                "/rank.json", "/compare/", "/vintages/", "/vintages.json", "/api/lists", "/api/areas",
                "/api/vintages", "/api/indicators", "/api/rank", "/api/openapi.json",
                "/plans/", "/plans.json", "/api/plans",  # plans: every role sees the list (tests/web/plans/test_roles)
                "/composite/", "/composite.json", "/composite.csv", "/api/index"]  # a preset each role may see
ADMIN_PAGES = ["/import/", "/import.json", "/audit/", "/audit.json",
               "/users/", "/users.json", "/users/analyst/", "/users/analyst.json"]  # accounts (issue 12 §7)


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(client_for: Any, role: str) -> None:
    c = client_for(role)
    for url in PUBLIC_PAGES:
        assert c.get(url).status_code == 200, (role, url)
    assert c.get("/login/").status_code == (200 if role == "public" else 302)  # logged in: on to the front page
    for url in ADMIN_PAGES:
        status = c.get(url).status_code
        if role == "admin":
            assert status == 200, (role, url)
        elif role == "public" and not url.endswith(".json"):
            assert status == 302, (role, url)  # to the login page
        else:
            assert status == 403, (role, url)


def _scope(role: str) -> set[str]:
    """The areas on which ``role`` should get the full profile, worked out independently of access.py."""
    areas = list(m.Area.objects.filter(vintage__published=True))
    profile = m.Profile.objects.filter(user__username=role).first()
    if role in ("admin", "analyst"):
        return {a.area_id for a in areas}
    if profile is None:
        return set()
    if role == "municipality":
        return {a.area_id for a in areas if a.municipality_code == profile.municipality_code}
    if role == "organisation":
        afd = set(m.Afdeling.objects.filter(org_id=profile.org_id).values_list("afdeling_id", flat=True))
        return {x.area_id for x in m.Membership.objects.filter(afdeling_id__in=afd)}
    return set(profile.area_ids)


@pytest.mark.parametrize("role", ROLES)
def test_area_pages_follow_scope(client_for: Any, role: str) -> None:
    c = client_for(role)
    scope = _scope(role)
    for a in m.Area.objects.filter(vintage__published=True):
        for url in (f"/areas/{a.area_id}.json", f"/api/areas/{a.area_id}"):
            r = c.get(url)
            if a.kind != "statutory" and a.area_id not in scope:
                # exactly the answer for an area that does not exist: neither that it exists nor its kind leaks
                assert r.status_code == 404, (role, url)
                missing = c.get(url.replace(a.area_id, "NOSUCHAREA"))
                assert r.content.decode().replace(a.area_id, "NOSUCHAREA") == missing.content.decode()
                assert a.kind not in r.content.decode()
                continue
            assert r.status_code == 200, (role, url)
            data = r.json()
            shown = {p["indicator_id"] for p in data["profile"]}
            assert data["full_profile"] is (a.area_id in scope), (role, url)
            if a.area_id not in scope:
                assert shown <= PUBLIC_INDICATORS, (role, url, shown - PUBLIC_INDICATORS)
            else:
                assert shown - PUBLIC_INDICATORS, (role, url)  # the LBF-style extras appear


def test_public_sees_only_the_published_vintage(client_for: Any) -> None:
    published = m.Vintage.objects.get(published=True)
    other = m.Vintage.objects.create(checksum="f" * 64, label="unpublished", source="x", first_data_year=2006,
                                     last_data_year=2024, first_list_year=2010, last_list_year=2025,
                                     rules_version="x", code_version="x", minimum_count=5, manifest={})
    assert client_for("public").get(f"/lists.json?vintage={other.pk}").status_code == 403
    assert client_for("public").get(f"/lists.json?vintage={published.pk}").status_code == 200
    assert [v["id"] for v in client_for("public").get("/api/vintages").json()["vintages"]] == [published.pk]
    assert len(client_for("analyst").get("/api/vintages").json()["vintages"]) == 2


def test_logins_and_failures_are_audited(client_for: Any) -> None:
    from django.test import Client

    client_for("analyst")
    Client().login(username="analyst", password="wrong password")
    actions = set(m.AuditEvent.objects.values_list("action", flat=True))
    assert {"login", "login_failed"} <= actions


def test_passwords_use_argon2(db: Any) -> None:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="analyst")
    assert user.password.startswith("argon2$")


def test_post_without_csrf_token_is_refused(db: Any) -> None:
    from django.test import Client

    c = Client(enforce_csrf_checks=True)
    assert c.post("/login/", {"username": "analyst", "password": "x"}).status_code == 403
    assert c.post("/language/", {"language": "en"}).status_code == 403


def test_database_backend_is_the_one_configured(db: Any) -> None:
    """CI runs this suite twice; the PostgreSQL run must really be on PostgreSQL, not silently on SQLite."""
    import os

    from django.db import connection

    url = os.environ.get("DATABASE_URL", "sqlite")
    assert connection.vendor == ("postgresql" if url.startswith("postgres") else "sqlite")


def test_only_admins_publish_a_vintage(client_for: Any) -> None:
    first = m.Vintage.objects.get(published=True)
    other = m.Vintage.objects.create(checksum="e" * 64, label="second", source="x", first_data_year=2006,
                                     last_data_year=2024, first_list_year=2010, last_list_year=2025,
                                     rules_version="x", code_version="x", minimum_count=5, manifest={})
    assert client_for("analyst").post("/vintages/", {"publish": other.pk, "confirm": "yes"}).status_code == 403
    assert m.Vintage.objects.get(published=True) == first
    admin = client_for("admin")
    asked = admin.post("/vintages/", {"publish": other.pk})  # the button: first a confirmation, nothing changes
    assert asked.status_code == 200 and b'name="confirm" value="yes"' in asked.content
    assert m.Vintage.objects.get(published=True) == first
    assert admin.post("/vintages/", {"publish": other.pk, "confirm": "yes"}).status_code == 302
    assert m.Vintage.objects.get(published=True) == other
    assert m.AuditEvent.objects.filter(action="publish", detail__vintage=other.pk).exists()


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_of_the_preview_and_the_tokens(client_for: Any, role: str) -> None:
    """Issue 12: the preview before publishing is the administrators'; API tokens every logged-in user's own."""
    c = client_for(role)
    vid = m.Vintage.objects.get(published=True).pk
    for url in (f"/vintages/{vid}/preview/", f"/vintages/{vid}/preview.json"):
        expected = 200 if role == "admin" else 302 if role == "public" and not url.endswith(".json") else 403
        assert c.get(url).status_code == expected, (role, url)
    for url in ("/tokens/", "/tokens.json"):
        expected = 403 if role == "public" and url.endswith(".json") else 302 if role == "public" else 200
        assert c.get(url).status_code == expected, (role, url)
    for url in ("/users.csv", "/tokens.xlsx", f"/vintages/{vid}/preview.pdf", "/audit.csv", "/vintages.csv"):
        assert c.get(url).status_code in ((404,) if role == "admin" else (302, 403, 404)), (role, url)


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_of_rank_compare_and_the_maps_downloads(client_for: Any, role: str) -> None:
    """Issue 12 §4: every role downloads rank, compare and the map's table; a plan area in compare or rank only for
    those who may see it (for others exactly as an area that does not exist)."""
    c = client_for(role)
    areas = m.Area.objects.filter(vintage__published=True)
    statutory = areas.filter(kind="statutory").order_by("area_id").first()
    plan = areas.filter(kind="helhedsplan").order_by("area_id").first()
    assert statutory is not None and plan is not None
    for url in ("/rank.csv", "/rank.xlsx", "/map.csv", "/map.xlsx", f"/compare.csv?area={statutory.area_id}",
                f"/compare.xlsx?area={statutory.area_id}", "/compare/?kind=helhedsplan"):
        assert c.get(url).status_code == 200, (role, url)
    scope = _scope(role)
    for url in (f"/compare.json?area={plan.area_id}", f"/compare.csv?area={plan.area_id}"):
        assert c.get(url).status_code == (200 if plan.area_id in scope else 404), (role, url)
    ranked = c.get("/rank.json?kind=helhedsplan&indicator=residents").json()
    seen = {r["area_id"] for r in ranked["rows"] + ranked["not_ranked"]}
    assert seen == {a.area_id for a in areas.filter(kind="helhedsplan") if a.area_id in scope}, role
    picker = c.get("/compare/?kind=helhedsplan").content.decode()
    assert (f'value="{plan.area_id}"' in picker) == (plan.area_id in scope), role


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_of_the_watchlist_and_the_forecast(client_for: Any, role: str) -> None:
    """Issue 11 (ADR 0013 §9): both read only public-profile cells and published decisions, so every role sees them
    with their downloads and API; a forecast from an earlier list (a fresh computation each) after logging in."""
    c = client_for(role)
    for url in ("/watchlist/", "/watchlist.json", "/watchlist.csv", "/watchlist.xlsx?detail=lines",
                "/api/watchlist", "/forecast/", "/forecast.json", "/forecast.csv", "/forecast.xlsx",
                "/api/forecast"):
        assert c.get(url).status_code == 200, (role, url)
    earlier = f"as_of={m.Vintage.objects.get(published=True).last_list_year - 1}"
    for url in (f"/forecast.json?{earlier}", f"/api/forecast?{earlier}", f"/forecast.csv?{earlier}"):
        assert c.get(url).status_code == (403 if role == "public" else 200), (role, url)
    assert c.get(f"/forecast/?{earlier}").status_code == (302 if role == "public" else 200)


@pytest.mark.parametrize("role", ROLES)
def test_start_page_and_area_briefing_for_every_role(client_for: Any, role: str) -> None:
    """Issue 12: the start page (with a search) and the area briefing with its PDF; an area outside the role's
    scope answers exactly as one that does not exist, in every form."""
    c = client_for(role)
    v = m.Vintage.objects.get(published=True)
    for url in ("/?q=a", "/index.json?q=a"):
        assert c.get(url).status_code == 200, (role, url)
    statutory = m.Area.objects.filter(vintage=v, kind="statutory").order_by("area_id").first()
    plan = m.Area.objects.filter(vintage=v, kind="helhedsplan").order_by("area_id").first()
    assert statutory is not None and plan is not None
    for suffix in ("/", ".json", ".pdf"):
        assert c.get(f"/areas/{statutory.area_id}{suffix}").status_code == 200, (role, suffix)
        status = c.get(f"/areas/{plan.area_id}{suffix}").status_code
        assert status == (200 if plan.area_id in _scope(role) else 404), (role, suffix)
    assert c.get(f"/areas/{statutory.area_id}.csv").status_code == 404
