"""Failed logins are throttled per account and per address, in the database, audited, in both languages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client, override_settings

from boligmonitor.web import models as m
from tests.web.conftest import PASSWORD


def _login(username: str, password: str, ip: str, lang: str = "da") -> Any:
    return Client().post(f"/login/?lang={lang}", {"username": username, "password": password}, REMOTE_ADDR=ip)


def _fail(n: int, username: str, ip: str) -> None:
    for _ in range(n):
        assert _login(username, "not the password", ip).status_code == 200  # the form again, with its error


def test_an_account_is_locked_after_repeated_failures(db: Any) -> None:
    _fail(5, "analyst", "10.0.0.1")
    refused = _login("analyst", PASSWORD, "10.0.0.2")  # the right password, from elsewhere: still refused
    assert refused.status_code == 429
    assert "For mange mislykkede forsøg på at logge ind. Prøv igen om 15 minutter." in refused.content.decode()
    assert "Too many failed login attempts. Try again in 15 minutes." in _login(
        "Analyst ", PASSWORD, "10.0.0.2", "en").content.decode()  # the same account, however it is typed
    assert "_auth_user_id" not in refused.wsgi_request.session
    event = m.AuditEvent.objects.filter(action="login_throttled").order_by("id").first()
    assert event is not None and event.detail == {"username": "analyst", "by": "account"}
    assert event.ip == "10.0.0.2"
    assert _login("admin", PASSWORD, "10.0.0.1").status_code == 302  # other accounts are not affected


def test_an_address_is_locked_after_failures_on_many_accounts(db: Any) -> None:
    for i in range(20):
        _fail(1, f"guess{i}", "10.0.0.9")
    assert _login("admin", PASSWORD, "10.0.0.9").status_code == 429
    assert m.AuditEvent.objects.filter(action="login_throttled", detail__by="address").count() == 1
    assert _login("admin", PASSWORD, "10.0.0.10").status_code == 302  # the account itself is fine


def test_the_lock_ends_when_the_window_has_passed(db: Any) -> None:
    _fail(5, "analyst", "10.0.0.1")
    assert _login("analyst", PASSWORD, "10.0.0.1").status_code == 429
    m.LoginFailure.objects.update(at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16))
    assert _login("analyst", PASSWORD, "10.0.0.1").status_code == 302


def test_a_successful_login_clears_the_accounts_count(db: Any) -> None:
    _fail(4, "analyst", "10.0.0.1")
    assert _login("analyst", PASSWORD, "10.0.0.1").status_code == 302
    _fail(4, "analyst", "10.0.0.1")
    assert _login("analyst", PASSWORD, "10.0.0.1").status_code == 302  # 4 + 4 failures, but never 5 in a row


def test_behind_a_proxy_the_forwarded_address_counts(db: Any) -> None:
    with override_settings(TRUST_X_FORWARDED_FOR=True):
        for i in range(20):
            Client().post("/login/", {"username": f"g{i}", "password": "x"}, REMOTE_ADDR="10.0.0.254",
                          HTTP_X_FORWARDED_FOR="1.2.3.4, 192.0.2.7")
        other = Client().post("/login/", {"username": "admin", "password": PASSWORD}, REMOTE_ADDR="10.0.0.254",
                              HTTP_X_FORWARDED_FOR="192.0.2.8")
        same = Client().post("/login/", {"username": "admin", "password": PASSWORD}, REMOTE_ADDR="10.0.0.254",
                             HTTP_X_FORWARDED_FOR="9.9.9.9, 192.0.2.7")  # a client-made entry does not help
    assert other.status_code == 302
    assert same.status_code == 429
    assert m.AuditEvent.objects.filter(action="login_failed", ip="192.0.2.7").count() == 20
