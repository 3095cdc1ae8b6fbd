"""Public downloads are rendered once per (vintage, page, parameters, language) and then served from the database;
uncached renders are rationed per worker and per address, so PDF clients cannot starve the other pages."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client, override_settings

from boligmonitor.web import exportcache, exports
from boligmonitor.web import models as m


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Counts real PDF renders (the real renderer still runs)."""
    calls: list[str] = []
    real = exports.to_pdf

    def counting(template: str, context: dict[str, Any]) -> bytes:
        calls.append(template)
        return real(template, context)

    monkeypatch.setattr(exports, "to_pdf", counting)
    yield calls


def _statutory() -> str:
    a = m.Area.objects.filter(vintage__published=True, kind="statutory").order_by("area_id").first()
    assert a is not None
    return a.area_id


def test_the_public_gets_a_download_rendered_once(client_for: Any, renders: list[str]) -> None:
    first = Client().get("/lists.pdf", REMOTE_ADDR="10.1.0.1")
    again = Client().get("/lists.pdf", REMOTE_ADDR="10.1.0.2")
    assert first.status_code == again.status_code == 200
    assert first.content == again.content and first.content.startswith(b"%PDF")
    assert renders == ["monitor/print_lists.html"]
    area = _statutory()
    assert Client().get(f"/areas/{area}.pdf").status_code == 200
    assert Client().get(f"/areas/{area}.pdf").status_code == 200
    assert len(renders) == 2
    assert m.AuditEvent.objects.filter(action="export").count() == 4  # every download is still on record


def test_language_and_parameters_are_part_of_the_key(client_for: Any, renders: list[str]) -> None:
    v = m.Vintage.objects.get(published=True)
    for url in ("/lists.pdf", "/lists.pdf?lang=en", f"/lists.pdf?year={v.last_list_year - 1}", "/lists.csv",
                "/lists.csv?lang=en", "/lists.pdf", "/lists.pdf?lang=en"):
        assert Client().get(url).status_code == 200
    assert len(renders) == 3
    assert m.ExportCache.objects.count() == 5
    assert Client().get("/lists.csv?lang=en").content.decode("utf-8-sig").count("List year") == 1


def test_logged_in_downloads_are_rendered_for_the_user_and_not_cached(client_for: Any, renders: list[str]) -> None:
    analyst = client_for("analyst")
    assert analyst.get("/lists.pdf").status_code == analyst.get("/lists.pdf").status_code == 200
    assert len(renders) == 2
    assert m.ExportCache.objects.count() == 0


def test_renders_per_address_are_limited(client_for: Any, renders: list[str]) -> None:
    v = m.Vintage.objects.get(published=True)
    years = range(v.last_list_year - 3, v.last_list_year + 1)
    with override_settings(EXPORT_RENDERS_PER_MINUTE=2):
        answers = [Client().get(f"/lists.pdf?year={y}", REMOTE_ADDR="10.2.0.1") for y in years]
        assert [a.status_code for a in answers] == [200, 200, 429, 429]
        assert answers[2]["Retry-After"] == "60"
        assert "Too many new downloads" in Client().get(f"/lists.pdf?year={years[3]}&lang=en",
                                                        REMOTE_ADDR="10.2.0.1").json()["error"]["message"]
        # what is cached is still served to that address; other addresses render as usual
        assert Client().get(f"/lists.pdf?year={years[0]}", REMOTE_ADDR="10.2.0.1").status_code == 200
        assert Client().get(f"/lists.pdf?year={years[2]}", REMOTE_ADDR="10.2.0.2").status_code == 200
    assert len(renders) == 3


def test_a_busy_worker_answers_at_once_instead_of_queueing(client_for: Any, renders: list[str]) -> None:
    assert Client().get("/lists.pdf").status_code == 200  # cached before the worker gets busy
    assert exportcache._slots.acquire(blocking=False)  # another thread of this worker is rendering
    try:
        busy = Client().get(f"/areas/{_statutory()}.pdf")
        assert busy.status_code == 503 and busy["Retry-After"] == "2"
        assert "Serveren er optaget" in busy.json()["error"]["message"]
        assert Client().get("/lists.pdf").status_code == 200  # the cache does not need the slot
        assert client_for("analyst").get(f"/areas/{_statutory()}.pdf").status_code == 200  # nor do users
    finally:
        exportcache._slots.release()
    assert Client().get(f"/areas/{_statutory()}.pdf").status_code == 200


def test_the_cache_keeps_its_newest_entries(client_for: Any) -> None:
    v = m.Vintage.objects.get(published=True)
    with override_settings(EXPORT_CACHE_ENTRIES=2):
        for y in range(v.last_list_year - 2, v.last_list_year + 1):
            assert Client().get(f"/lists.csv?year={y}").status_code == 200
    assert m.ExportCache.objects.count() == 2


def test_a_download_cached_by_other_code_is_not_served_after_an_upgrade(client_for: Any, renders: list[str],
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache key carries a digest of the rendering code: the same request after an upgrade renders anew."""
    assert Client().get("/lists.pdf", REMOTE_ADDR="10.3.0.1").status_code == 200
    assert Client().get("/lists.pdf", REMOTE_ADDR="10.3.0.2").status_code == 200
    assert renders == ["monitor/print_lists.html"]  # the second came from the cache
    monkeypatch.setattr(exportcache, "code_digest", lambda: "another version of the code")
    assert Client().get("/lists.pdf", REMOTE_ADDR="10.3.0.3").status_code == 200
    assert len(renders) == 2

