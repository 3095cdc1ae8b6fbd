"""Single sign-on maps the municipality claim to a municipality role and never to a wider one."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from boligmonitor.web.access import viewer_of
from boligmonitor.web.oidc import RoleMappingOIDCBackend, municipality_from_claims


@pytest.mark.parametrize(("claims", "expected"), [
    ({"municipality_code": "101"}, 101), ({"municipality_code": 751}, 751), ({"municipality_code": "abc"}, None),
    ({"municipality_code": "12"}, None), ({}, None)])
def test_municipality_claim(claims: dict[str, Any], expected: int | None) -> None:
    assert municipality_from_claims(claims) == expected


def test_sso_user_gets_the_municipality_role(db: Any) -> None:
    user = get_user_model().objects.create_user("sso-anna")
    RoleMappingOIDCBackend._scope(user, {"municipality_code": "330", "email": "anna@slagelse.dk"})
    user.refresh_from_db()
    v = viewer_of(user)
    assert (v.role, v.municipality_code, v.sees_everything) == ("municipality", 330, False)
