"""Administrators manage accounts in the web; nobody else can, and nobody can make themselves more than they are."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.test import Client

from boligmonitor.web import models as m
from tests.web.conftest import PASSWORD

NEW_PASSWORD = "another long password 17"


def _municipalities() -> tuple[int, int]:
    v = m.Vintage.objects.get(published=True)
    codes = sorted(set(m.Area.objects.filter(vintage=v, kind="statutory").values_list("municipality_code",
                                                                                      flat=True)))
    return codes[0], codes[-1]


def test_an_administrator_creates_a_user_who_sees_only_their_scope(client_for: Any) -> None:
    own, other = _municipalities()
    r = client_for("admin").post("/users/", {"username": "ny.kommune", "password": NEW_PASSWORD,
                                             "role": "municipality", "municipality_code": str(own),
                                             "org_id": "should-be-dropped", "area_ids": "also dropped"})
    assert r.status_code == 302
    profile = m.Profile.objects.get(user__username="ny.kommune")
    assert (profile.role, profile.municipality_code, profile.org_id, profile.area_ids) == ("municipality", own, "",
                                                                                         [])
    event = m.AuditEvent.objects.get(action="user_created")
    assert event.detail == {"target": "ny.kommune", "role": "municipality", "municipality_code": own}
    assert NEW_PASSWORD not in str(event.detail)
    c = Client()
    assert c.login(username="ny.kommune", password=NEW_PASSWORD)
    v = m.Vintage.objects.get(published=True)
    plan_elsewhere = m.Area.objects.filter(vintage=v, kind="helhedsplan").exclude(municipality_code=own).first()
    assert plan_elsewhere is not None
    assert c.get(f"/areas/{plan_elsewhere.area_id}.json").status_code == 404
    statutory_elsewhere = m.Area.objects.filter(vintage=v, kind="statutory", municipality_code=other).first()
    assert statutory_elsewhere is not None
    assert c.get(f"/areas/{statutory_elsewhere.area_id}.json").json()["full_profile"] is False
    mine = m.Area.objects.filter(vintage=v, kind="statutory", municipality_code=own).first()
    assert mine is not None and c.get(f"/areas/{mine.area_id}.json").json()["full_profile"] is True
    assert c.get("/users.json").status_code == 403 and c.get("/import.json").status_code == 403


def test_nobody_but_an_administrator_changes_accounts(client_for: Any) -> None:
    for role in ("analyst", "municipality", "organisation", "board"):
        c = client_for(role)
        assert c.post("/users/", {"username": f"x{role}", "password": NEW_PASSWORD, "role": "admin"}
                      ).status_code == 403, role
        # not even their own account: a municipality user cannot make itself an administrator or an analyst
        assert c.post(f"/users/{role}/", {"role": "admin", "active": "yes"}).status_code == 403, role
        assert c.post(f"/users/{role}/", {"action": "password", "password": NEW_PASSWORD}).status_code == 403
        assert m.Profile.objects.get(user__username=role).role == role
    assert client_for("public").post("/users/", {"username": "x", "password": NEW_PASSWORD, "role": "admin"}
                                     ).status_code == 302
    assert not get_user_model().objects.filter(username__startswith="x").exists()
    assert not m.AuditEvent.objects.filter(action__startswith="user_").exists()


def test_the_form_is_not_trusted(client_for: Any) -> None:
    admin = client_for("admin")
    bad = [{"role": "superuser"}, {"role": "municipality", "municipality_code": "99999"},
           {"role": "municipality", "municipality_code": "abc"}, {"role": "organisation", "org_id": "no-such-org"},
           {"role": "board", "area_ids": "NOSUCHAREA"}, {"role": "board", "area_ids": ""}]
    for i, form in enumerate(bad):
        r = admin.post("/users/", {"username": f"bad{i}", "password": NEW_PASSWORD, **form})
        assert r.status_code == 400, form
        assert 'role="alert"' in r.content.decode()
    assert admin.post("/users/", {"username": "weak", "password": "short", "role": "analyst"}).status_code == 400
    assert admin.post("/users/", {"username": "analyst", "password": NEW_PASSWORD, "role": "analyst"}
                      ).status_code == 400  # taken
    assert admin.post("/users/", {"username": "a b", "password": NEW_PASSWORD, "role": "analyst"}).status_code == 400
    assert not get_user_model().objects.filter(username__in=["weak", "a b"] + [f"bad{i}" for i in range(6)]).exists()
    assert not get_user_model().objects.filter(is_superuser=True).exists()


def test_role_scope_disable_and_password_reset_are_audited(client_for: Any) -> None:
    admin = client_for("admin")
    v = m.Vintage.objects.get(published=True)
    plan = m.Area.objects.filter(vintage=v, kind="helhedsplan").order_by("area_id").last()
    assert plan is not None
    r = admin.post("/users/municipality/", {"role": "board", "area_ids": plan.area_id, "active": "yes",
                                            "municipality_code": "101"})
    assert r.status_code == 302
    profile = m.Profile.objects.get(user__username="municipality")
    assert (profile.role, profile.area_ids, profile.municipality_code) == ("board", [plan.area_id], None)
    event = m.AuditEvent.objects.get(action="user_updated")
    assert event.detail["after"] == {"role": "board", "area_ids": [plan.area_id]}
    assert event.detail["before"]["role"] == "municipality"
    # disable: the user can no longer log in, and their tokens are revoked
    m.ApiToken.objects.create(user=profile.user, name="t", prefix="bm_x", key_hash="0" * 64)
    assert admin.post("/users/municipality/", {"role": "board", "area_ids": plan.area_id}).status_code == 302
    assert not Client().login(username="municipality", password=PASSWORD)
    assert m.ApiToken.objects.get(key_hash="0" * 64).revoked_at is not None
    assert m.AuditEvent.objects.get(action="user_disabled").detail == {"target": "municipality", "tokens_revoked": 1}
    assert admin.post("/users/municipality/", {"role": "board", "area_ids": plan.area_id, "active": "yes"}
                      ).status_code == 302
    assert admin.post("/users/municipality/", {"action": "password", "password": NEW_PASSWORD}).status_code == 302
    assert Client().login(username="municipality", password=NEW_PASSWORD)
    assert m.AuditEvent.objects.filter(action="password_reset", detail__target="municipality").count() == 1
    assert NEW_PASSWORD not in str(list(m.AuditEvent.objects.values_list("detail", flat=True)))


def test_an_administrator_cannot_lock_themselves_out(client_for: Any) -> None:
    admin = client_for("admin")
    for form in ({"role": "analyst", "active": "yes"}, {"role": "admin"}):
        assert admin.post("/users/admin/", form).status_code == 400
    assert m.Profile.objects.get(user__username="admin").role == "admin"
    assert get_user_model().objects.get(username="admin").is_active


def test_user_pages_answer_in_english(client_for: Any) -> None:
    admin = client_for("admin")
    r = admin.post("/users/?lang=en", {"username": "x", "password": NEW_PASSWORD, "role": "organisation",
                                       "org_id": "nope"})
    assert "choose a housing organisation" in r.content.decode()
    assert "Create a user" in admin.get("/users/?lang=en").content.decode()
    assert admin.get("/users/nosuchuser/").status_code == 404


def test_the_create_user_command_is_audited_with_the_command_line_as_actor(client_for: Any,
                                                                          monkeypatch: Any) -> None:
    """Issue 12: every account change is audited, also one made with ``boligmonitor-web create_user``."""
    from django.core.management import call_command

    own, _ = _municipalities()
    monkeypatch.setenv("BOLIGMONITOR_PASSWORD", NEW_PASSWORD)
    call_command("create_user", "kl.bruger", "--role", "municipality", "--municipality", str(own))
    event = m.AuditEvent.objects.get(action="user_created")
    assert event.user is None and event.username == ""
    assert event.detail["target"] == "kl.bruger" and event.detail["via"] == "command_line"
    assert event.detail["municipality_code"] == own and NEW_PASSWORD not in str(event.detail)
    admin = client_for("admin")
    row = admin.get("/audit.json?action=user_created").json()["events"][0]
    assert row["actor"] == "kommandolinjen"
    assert admin.get("/audit.json?action=user_created&lang=en").json()["events"][0]["actor"] == "the command line"
    assert "<td>kommandolinjen</td>" in admin.get("/audit/?action=user_created").content.decode()
    # running it again resets the account: the password and the scope change are audited too
    call_command("create_user", "kl.bruger", "--role", "analyst")
    assert m.Profile.objects.get(user__username="kl.bruger").role == "analyst"
    reset = m.AuditEvent.objects.get(action="password_reset")
    updated = m.AuditEvent.objects.get(action="user_updated")
    assert reset.detail["via"] == updated.detail["via"] == "command_line"
    assert updated.detail["after"] == {"role": "analyst"}


def test_the_create_user_command_keeps_the_web_forms_rules(db: Any, monkeypatch: Any) -> None:
    from django.core.management import call_command
    from django.core.management.base import CommandError

    monkeypatch.setenv("BOLIGMONITOR_PASSWORD", NEW_PASSWORD)
    before = m.AuditEvent.objects.count()
    for args, message in ((["--role", "municipality", "--municipality", "9999"], "9999 findes ikke"),
                          (["--role", "board", "--area", "NO_SUCH_AREA"], "NO_SUCH_AREA"),
                          (["--role", "organisation"], "--org")):
        try:
            call_command("create_user", "afvist", *args)
        except CommandError as exc:
            assert message in str(exc), (args, str(exc))
        else:
            raise AssertionError(f"{args} was accepted")
    monkeypatch.setenv("BOLIGMONITOR_PASSWORD", "1234")
    try:
        call_command("create_user", "afvist", "--role", "analyst", "--lang", "en")
    except CommandError as exc:
        assert str(exc).startswith("BOLIGMONITOR_PASSWORD: ") and "too short" in str(exc)
    else:
        raise AssertionError("a weak password was accepted")
    assert not get_user_model().objects.filter(username="afvist").exists()
    assert m.AuditEvent.objects.count() == before  # nothing happened, so nothing is recorded
