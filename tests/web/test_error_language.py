"""Errors of pages, JSON twins and the API speak the request's language: Danish by default, English on ?lang=en."""

from __future__ import annotations

from typing import Any


def test_a_refused_request_is_explained_in_danish_and_in_english(client_for: Any) -> None:
    c = client_for("admin")
    da, en = c.get("/lists.json?vintage=abc"), c.get("/lists.json?vintage=abc&lang=en")
    assert da.status_code == en.status_code == 404, da.content
    assert da.json()["error"]["message"] == "dataudgave 'abc' er ikke et tal"
    assert en.json()["error"]["message"] == "vintage 'abc' is not a number"
    da, en = c.get("/api/lists?vintage=abc"), c.get("/api/lists?vintage=abc&lang=en")
    assert da.status_code == en.status_code == 422, da.content
    assert da.json()["error"]["message"] == "query.vintage: skal være et helt tal"
    assert en.json()["error"]["message"].startswith("query.vintage: Input should be a valid integer")


def test_unknown_pages_say_so_in_the_page_language(client_for: Any) -> None:
    c = client_for("public")
    assert c.get("/no-such-page.json").json()["error"]["message"] == "siden findes ikke"
    assert c.get("/no-such-page.json?lang=en").json()["error"]["message"] == "no such page"
    assert "no such page" in c.get("/no-such-page/?lang=en").content.decode()
    assert "siden findes ikke" in c.get("/no-such-page/").content.decode()
