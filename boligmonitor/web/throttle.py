"""Failed logins are throttled per account and per address, in the database so that every worker counts them.

After ``LOGIN_FAILURES_PER_ACCOUNT`` failures for one user name, or ``LOGIN_FAILURES_PER_ADDRESS`` from one
address, within ``LOGIN_WINDOW_SECONDS``, further attempts are refused without checking the password (a correct
one too) until the window has passed; each refusal is in the audit log. A successful login clears its account's
count, not its address's (an attacker who knows one password must not reset the address's count with it).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from boligmonitor.web import models as m


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address: REMOTE_ADDR, or behind a proxy that says so, the last X-Forwarded-For entry (the one
    the proxy itself added; earlier entries come from the client and prove nothing)."""
    if request is None:
        return None
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR") or None


def _since() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=settings.LOGIN_WINDOW_SECONDS)


def _key(username: str) -> str:
    return username.strip().lower()[:150]


def blocked(username: str, ip: str | None) -> str | None:
    """'account' or 'address' when attempts are refused for now, else None."""
    recent = m.LoginFailure.objects.filter(at__gte=_since())
    if recent.filter(username=_key(username)).count() >= settings.LOGIN_FAILURES_PER_ACCOUNT:
        return "account"
    if ip and recent.filter(ip=ip).count() >= settings.LOGIN_FAILURES_PER_ADDRESS:
        return "address"
    return None


def record_failure(username: str, ip: str | None) -> None:
    m.LoginFailure.objects.create(username=_key(username), ip=ip)
    # keep the table small: what is out of the window no longer counts
    m.LoginFailure.objects.filter(at__lt=_since()).delete()


def clear_account(username: str) -> None:
    m.LoginFailure.objects.filter(username=_key(username)).delete()


def minutes() -> int:
    return max(1, settings.LOGIN_WINDOW_SECONDS // 60)
