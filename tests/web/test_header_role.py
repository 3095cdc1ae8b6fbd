"""The header names the signed-in user's role in the page's language, never as the internal role id."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.parametrize(("role", "da", "en"), [
    ("municipality", "Kommune", "Municipality"),
    ("admin", "Administrator", "Administrator"),
    ("board", "Bestyrelsesmedlem", "Board member"),
])
def test_the_role_in_the_header_is_a_word_in_the_pages_language(client_for: Any, role: str, da: str,
                                                                en: str) -> None:
    c = client_for(role)
    danish = c.get("/lists/").content.decode()
    english = c.get("/lists/?lang=en").content.decode()
    assert f"({da})</span>" in danish and f"({role})</span>" not in danish
    assert f"({en})</span>" in english
