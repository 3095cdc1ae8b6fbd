"""Personal API tokens: a script calls /api/ as its owner, with exactly the owner's role and scope.

* The secret is ``bm_`` + 256 random bits, shown once when it is made; only its SHA-256 is stored (a secret this
  long cannot be guessed, so a slow password hash would only slow every API call).
* A token is read-only (GET and HEAD) and only on /api/: it can neither change data nor reach the pages where
  accounts, imports and tokens are managed, so a leaked token cannot make itself more than it is.
* Who the owner is, and what they may see, is decided on every request (``access.viewer_of``): a token follows
  its owner's role and scope as they change, and stops working when the owner is disabled.
* A wrong, revoked or expired token is refused (401), never quietly treated as the anonymous public: a script must
  not mistake public numbers for its owner's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone, translation

from boligmonitor.rules.texts import Text
from boligmonitor.web import models as m

PREFIX = "bm_"
SHOWN_PREFIX = 10  # characters of the secret kept in clear, so its owner can tell tokens apart
LIFETIMES = (30, 90, 365)  # days a token may live; the owner picks one
USE_RECORDED_EVERY = dt.timedelta(minutes=1)  # last_used_at is written at most this often (one write per minute)

INVALID = Text("API-nøglen er ugyldig eller tilbagekaldt; lav en ny på siden API-nøgler (/tokens/)",
               "the API token is invalid or revoked; make a new one on the API tokens page (/tokens/)")
EXPIRED = Text("API-nøglen er udløbet; lav en ny på siden API-nøgler (/tokens/)",
               "the API token has expired; make a new one on the API tokens page (/tokens/)")
READ_ONLY = Text("API-nøgler kan kun læse (GET); log ind i browseren for at ændre noget",
                 "API tokens are read-only (GET); log in with a browser to change anything")
MALFORMED = Text("Authorization-headeren skal være 'Bearer <nøgle>'",
                 "the Authorization header must be 'Bearer <token>'")


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_token(user: Any, name: str, days: int) -> tuple[m.ApiToken, str]:
    """A new token for ``user``; returns it and its secret (the only time the secret exists outside the caller)."""
    secret = PREFIX + secrets.token_urlsafe(32)
    token = m.ApiToken.objects.create(user=user, name=name[:100], prefix=secret[:SHOWN_PREFIX],
                                      key_hash=digest(secret),
                                      expires_at=timezone.now() + dt.timedelta(days=days))
    return token, secret


def revoke_token(user: Any, token_id: int) -> m.ApiToken | None:
    """Revoke one of ``user``'s own tokens; None when it is not theirs (or not there, or revoked already)."""
    token = m.ApiToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).first()
    if token is not None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def owner_of(secret: str) -> tuple[Any, Text | None]:
    """(the token's owner, None) or (None, why it is refused)."""
    token = (m.ApiToken.objects.select_related("user").filter(key_hash=digest(secret)).first()
             if secret.startswith(PREFIX) else None)
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None, INVALID
    now = timezone.now()
    if token.expires_at is not None and token.expires_at <= now:
        return None, EXPIRED
    if token.last_used_at is None or now - token.last_used_at >= USE_RECORDED_EVERY:
        m.ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user, None


def token_list(user: Any) -> list[dict[str, Any]]:
    """The owner's tokens as pages show them: never the secret, nor its hash."""
    now = timezone.now()
    return [{"id": t.pk, "name": t.name, "prefix": t.prefix, "created_at": t.created_at.isoformat(),
             "expires_at": t.expires_at.isoformat() if t.expires_at else None,
             "last_used_at": t.last_used_at.isoformat() if t.last_used_at else None,
             "revoked_at": t.revoked_at.isoformat() if t.revoked_at else None,
             "active": t.revoked_at is None and (t.expires_at is None or t.expires_at > now)}
            for t in m.ApiToken.objects.filter(user=user)]


def _refusal(status: int, code: str, text: Text) -> HttpResponse:
    lang = translation.get_language() or "da"
    body = {"error": {"code": code, "status": status, "message": text.pick(lang)}}
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="boligmonitor"'
    return response


class TokenMiddleware:
    """``Authorization: Bearer bm_…`` on /api/: the request is its owner's (after the session's user is known)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        header = request.headers.get("Authorization", "")
        if not header or not request.path_info.startswith("/api/"):
            return self.get_response(request)
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            return _refusal(401, "invalid_token", MALFORMED)
        user, why = owner_of(secret.strip())
        if why is not None:
            return _refusal(401, "token_expired" if why is EXPIRED else "invalid_token", why)
        if request.method not in ("GET", "HEAD"):
            return _refusal(403, "read_only", READ_ONLY)
        request.user = user
        request.api_token = True
        return self.get_response(request)
