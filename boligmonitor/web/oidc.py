"""OpenID Connect single sign-on for municipalities (mozilla-django-oidc), mapping claims to a role and scope.

Switched on by ``BOLIGMONITOR_OIDC_ISSUER`` (see settings.py). The identity provider must send the municipality
in a claim (default ``municipality_code``, a DST code); the role defaults to ``municipality``. A login without a
usable municipality claim is refused rather than given a wider role: single sign-on never grants analyst or
administrator rights (those accounts are made by an administrator).
"""

from __future__ import annotations

import os
from typing import Any

from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from boligmonitor.web import models as m

MUNICIPALITY_CLAIM = os.environ.get("BOLIGMONITOR_OIDC_MUNICIPALITY_CLAIM", "municipality_code")


def municipality_from_claims(claims: dict[str, Any]) -> int | None:
    raw = claims.get(MUNICIPALITY_CLAIM)
    try:
        code = int(str(raw))
    except (TypeError, ValueError):
        return None
    return code if 100 <= code <= 999 else None


class RoleMappingOIDCBackend(OIDCAuthenticationBackend):
    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(super().verify_claims(claims)) and municipality_from_claims(claims) is not None

    def create_user(self, claims: dict[str, Any]) -> Any:
        user = super().create_user(claims)
        self._scope(user, claims)
        return user

    def update_user(self, user: Any, claims: dict[str, Any]) -> Any:
        self._scope(user, claims)
        return user

    @staticmethod
    def _scope(user: Any, claims: dict[str, Any]) -> None:
        m.Profile.objects.update_or_create(user=user, defaults={
            "role": "municipality", "municipality_code": municipality_from_claims(claims), "org_id": "",
            "area_ids": []})
