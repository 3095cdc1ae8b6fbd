"""Personal API tokens: made and revoked by their owner, shown once, stored hashed, audited, read-only, and scoped
exactly like their owner (as the owner's scope changes, and not at all once the owner is disabled)."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth import get_user_model
from django.test import Client

from boligmonitor.web import models as m
from boligmonitor.web import tokens


def _make(client: Client, name: str = "script") -> str:
    r = client.post("/tokens/", {"name": name, "days": "30"})
    assert r.status_code == 200
    assert r["Cache-Control"] == "no-store"
    found = re.search(r'value="(bm_[A-Za-z0-9_-]+)"', r.content.decode())
    assert found is not None
    return found.group(1)


def _outside_area(role: str) -> m.Area:
    """A helhedsplan area outside ``role``'s scope: only its owner's full scope may see it at all."""
    profile = m.Profile.objects.get(user__username=role)
    v = m.Vintage.objects.get(published=True)
    return next(a for a in m.Area.objects.filter(vintage=v, kind="helhedsplan")
                if a.municipality_code != profile.municipality_code)


def test_a_token_is_shown_once_stored_hashed_and_audited(client_for: Any) -> None:
    c = client_for("analyst")
    secret = _make(c)
    token = m.ApiToken.objects.get(user__username="analyst")
    assert token.key_hash == tokens.digest(secret) and secret not in token.key_hash
    assert token.prefix == secret[:tokens.SHOWN_PREFIX]
    again = c.get("/tokens/").content.decode()
    assert secret not in again and token.prefix in again  # listed, never shown again
    assert secret not in c.get("/tokens.json").content.decode()
    event = m.AuditEvent.objects.get(action="token_created")
    assert event.detail["prefix"] == token.prefix and secret not in str(event.detail)


def test_a_token_sees_what_its_owner_sees(client_for: Any) -> None:
    secret = _make(client_for("municipality"))
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    outside = _outside_area("municipality")
    v = m.Vintage.objects.get(published=True)
    profile = m.Profile.objects.get(user__username="municipality")
    inside = m.Area.objects.filter(vintage=v, municipality_code=profile.municipality_code, kind="helhedsplan").first()
    anonymous = Client()
    assert anonymous.get(f"/api/areas/{outside.area_id}").status_code == 404
    assert anonymous.get(f"/api/areas/{outside.area_id}", **bearer).status_code == 404  # not the owner's
    if inside is not None:
        assert anonymous.get(f"/api/areas/{inside.area_id}").status_code == 404
        r = anonymous.get(f"/api/areas/{inside.area_id}", **bearer)
        assert r.status_code == 200 and r.json()["full_profile"] is True
    statutory = m.Area.objects.filter(vintage=v, municipality_code=profile.municipality_code,
                                      kind="statutory").first()
    assert statutory is not None
    assert anonymous.get(f"/api/areas/{statutory.area_id}").json()["full_profile"] is False
    assert anonymous.get(f"/api/areas/{statutory.area_id}", **bearer).json()["full_profile"] is True
    # the owner's scope changes: the token follows it at once
    profile.municipality_code = outside.municipality_code
    profile.save()
    assert anonymous.get(f"/api/areas/{statutory.area_id}", **bearer).json()["full_profile"] is False
    assert anonymous.get(f"/api/areas/{outside.area_id}", **bearer).status_code == 200


def test_wrong_revoked_expired_and_disabled_tokens_are_refused_not_public(client_for: Any) -> None:
    c = client_for("analyst")
    secret = _make(c)
    anonymous = Client()
    assert anonymous.get("/api/areas", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    for header in (f"Bearer {secret}x", "Bearer bm_nothing", "Basic abc", "Bearer "):
        r = anonymous.get("/api/areas", HTTP_AUTHORIZATION=header)
        assert r.status_code == 401, header
        assert r.json()["error"]["code"] == "invalid_token" and r["WWW-Authenticate"].startswith("Bearer")
    assert "ugyldig" in anonymous.get("/api/areas", HTTP_AUTHORIZATION="Bearer bm_x").json()["error"]["message"]
    assert "invalid" in anonymous.get("/api/areas?lang=en",
                                      HTTP_AUTHORIZATION="Bearer bm_x").json()["error"]["message"]
    token = m.ApiToken.objects.get(user__username="analyst")
    user = get_user_model().objects.get(username="analyst")
    user.is_active = False
    user.save()
    assert anonymous.get("/api/areas", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401
    user.is_active = True
    user.save()
    m.ApiToken.objects.filter(pk=token.pk).update(expires_at=token.created_at)
    r = anonymous.get("/api/areas", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert r.status_code == 401 and r.json()["error"]["code"] == "token_expired"
    m.ApiToken.objects.filter(pk=token.pk).update(expires_at=None)
    assert c.post("/tokens/", {"revoke": token.pk}).status_code == 302
    assert anonymous.get("/api/areas", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401
    assert m.AuditEvent.objects.filter(action="token_revoked", detail__token=token.pk).exists()


def test_a_token_is_read_only_and_only_for_the_api(client_for: Any) -> None:
    secret = _make(client_for("admin"), "admin script")
    anonymous = Client()
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert anonymous.post("/api/plans", {}, **bearer).status_code == 403
    # pages ignore tokens: an administrator's token reaches neither accounts nor imports nor tokens
    assert anonymous.get("/users.json", **bearer).status_code == 403
    assert anonymous.get("/users/", **bearer).status_code == 302  # to the login page
    assert anonymous.get("/import.json", **bearer).status_code == 403
    assert anonymous.get("/tokens.json", **bearer).status_code == 403


def test_only_the_owner_revokes_a_token_and_the_public_makes_none(client_for: Any) -> None:
    _make(client_for("analyst"))
    token = m.ApiToken.objects.get(user__username="analyst")
    assert client_for("municipality").post("/tokens/", {"revoke": token.pk}).status_code == 404
    assert m.ApiToken.objects.get(pk=token.pk).revoked_at is None
    assert client_for("public").post("/tokens/", {"name": "x", "days": "30"}).status_code == 302
    assert client_for("public").get("/tokens.json").status_code == 403
    assert client_for("analyst").post("/tokens/", {"name": "x", "days": "7"}).status_code == 400  # not a choice
    assert m.ApiToken.objects.count() == 1
