"""Browser journeys of issue 12 for administrators and analysts (Debian's chromium, the real server):

* an administrator imports a bundle, sees the preview against the published vintage and publishes it;
* an administrator creates a user, who is then refused outside their scope;
* an analyst makes an API token and calls the API with it.

Set BOLIGMONITOR_SHOTS to a folder to keep a screenshot of every step (Danish, English and 375 px wide).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from tests.web.bundles import copy_bundle, edit_column, reseal, zip_folder

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "admin browser password 9"
NEW_PASSWORD = "a new user's password 31"
pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _web(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "-m", "boligmonitor.web.manage", *args], env=env, check=True,
                   capture_output=True, text=True)


@pytest.fixture(scope="module")
def site(synth_bundle: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home = tmp_path_factory.mktemp("adminsite")
    env = {**os.environ, "BOLIGMONITOR_HOME": str(home), "DATABASE_URL": f"sqlite:///{home / 'web.sqlite3'}",
           "BOLIGMONITOR_PASSWORD": PASSWORD, "DJANGO_SETTINGS_MODULE": "boligmonitor.web.settings",
           "BOLIGMONITOR_UPLOAD_DIR": str(home / "uploads")}
    _web(env, "migrate", "-v0")
    _web(env, "import_bundle", "--publish", str(synth_bundle))
    _web(env, "create_user", "chef", "--role", "admin")
    _web(env, "create_user", "analytiker", "--role", "analyst")
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "boligmonitor.web.manage", "serve", "--bind",
                             f"127.0.0.1:{port}", "--workers", "1"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(url + "/login/", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    assert shutil.which(CHROMIUM), "Debian's chromium is needed: apt-get install chromium"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-background-networking"])
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, site: str) -> Iterator[Any]:
    ctx = browser.new_context(base_url=site)
    pg = ctx.new_page()
    yield pg
    ctx.close()


def _shot(page: Any, name: str) -> None:
    folder = os.environ.get("BOLIGMONITOR_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def _login(page: Any, username: str, password: str) -> None:
    page.goto("/login/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(password)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_load_state("load")


def _no_horizontal_scroll(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


def _api(site: str, path: str, token: str | None = None) -> tuple[int, Any]:
    request = urllib.request.Request(site + path, headers={"Authorization": f"Bearer {token}"} if token else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def _redelivery(synth_bundle: Path, folder: Path) -> tuple[Path, str]:
    """A new delivery of the bundle in which one area leaves a list: the preview must show that change."""
    b = copy_bundle(synth_bundle, folder / "b")
    rows = pq.read_table(b / "classifications.parquet").to_pylist()
    last = max(r["list_year"] for r in rows if r["member"] is True)
    i = next(i for i, r in enumerate(rows) if r["list_year"] == last and r["member"] is True)
    edit_column(b, "classifications.parquet", "member", lambda values, _: values.__setitem__(i, False))
    reseal(b, note="browser redelivery")
    upload = folder / "ny-levering.zip"
    upload.write_bytes(zip_folder(b))
    return upload, rows[i]["area_id"]


def test_admin_imports_previews_and_publishes(page: Any, site: str, synth_bundle: Path, tmp_path: Path) -> None:
    upload, moved_area = _redelivery(synth_bundle, tmp_path)
    before = _api(site, "/api/vintages")[1]["vintages"]
    assert len(before) == 1
    _login(page, "chef", PASSWORD)
    page.goto("/import/")
    page.get_by_label("Bundle (.zip)").set_input_files(str(upload))
    page.get_by_role("button", name="Importér").click()
    page.wait_for_load_state("load")
    expect_text = page.get_by_role("status").inner_text()
    assert "Importeret som dataudgave" in expect_text
    assert "ikke offentliggjort" in page.content()
    _shot(page, "import-done")
    assert [v["id"] for v in _api(site, "/api/vintages")[1]["vintages"]] == [before[0]["id"]]  # not published
    page.get_by_role("link", name="Se forskellene og offentliggør").click()
    page.wait_for_url("**/preview/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Forhåndsvisning")
    assert page.locator("table").first.get_by_text("Regelversion").count() == 1
    changes = page.locator("table", has=page.locator(f"a[href*='/areas/{moved_area}/']"))
    assert changes.count() == 1 and "ikke på listen" in changes.inner_text()
    assert 'class="banner"' in page.content()
    _shot(page, "preview-da")
    # the button alone is not enough: the browser asks for the confirmation first
    page.get_by_role("button", name="Ja, offentliggør").click()
    assert "/preview/" in page.url
    page.get_by_role("checkbox").check()
    page.get_by_role("button", name="Ja, offentliggør").click()
    page.wait_for_url("**/vintages/")
    _shot(page, "vintages-after")
    published = [v for v in _api(site, "/api/vintages")[1]["vintages"]]
    assert len(published) == 1 and published[0]["id"] != before[0]["id"]
    assert published[0]["label"] != before[0]["label"]
    page.goto("/audit/?action=publish")
    assert "Dataudgave offentliggjort" in page.locator("table").inner_text()
    _shot(page, "audit-da")
    page.goto(f"/vintages/{before[0]['id']}/preview/?lang=en")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Preview")
    _shot(page, "preview-en")


def test_admin_creates_a_user_who_is_refused_outside_their_scope(browser: Any, site: str, page: Any) -> None:
    _login(page, "chef", PASSWORD)
    areas = _api(site, "/api/areas")[1]
    statutory = [a for a in areas if a["kind"] == "statutory"]
    own = statutory[0]["municipality_code"]
    page.goto("/users/")
    page.get_by_label("Brugernavn", exact=True).fill("ny.kommune")
    page.get_by_label("Adgangskode (mindst 12 tegn)").fill(NEW_PASSWORD)
    page.get_by_label("Rolle", exact=True).select_option("municipality")
    page.get_by_label("Kommune (rollen Kommune)").select_option(str(own))
    page.get_by_role("button", name="Opret bruger").click()
    page.wait_for_load_state("load")
    assert "Brugeren ny.kommune er oprettet." in page.get_by_role("status").inner_text()
    assert "ny.kommune" in page.locator("table").inner_text()
    _shot(page, "users-da")
    page.get_by_role("link", name="ny.kommune").click()
    page.wait_for_url("**/users/ny.kommune/")
    _shot(page, "user-da")

    ctx = browser.new_context(base_url=site)
    other = ctx.new_page()
    _login(other, "ny.kommune", NEW_PASSWORD)
    elsewhere = next(a for a in statutory if a["municipality_code"] != own)
    mine = statutory[0]
    other.goto(f"/areas/{mine['area_id']}.json")
    assert json.loads(other.locator("body").inner_text())["full_profile"] is True
    other.goto(f"/areas/{elsewhere['area_id']}.json")
    assert json.loads(other.locator("body").inner_text())["full_profile"] is False  # the public profile only
    response = other.goto("/users/")
    assert response is not None and response.status == 403
    assert other.get_by_role("heading", level=1).inner_text() == "Ingen adgang"
    response = other.goto("/import/")
    assert response is not None and response.status == 403
    _shot(other, "refused-da")
    ctx.close()
    page.goto("/audit/?action=user_created")
    assert "Bruger oprettet" in page.locator("table").inner_text()


def test_analyst_makes_a_token_and_calls_the_api(browser: Any, site: str, page: Any) -> None:
    _login(page, "analytiker", PASSWORD)
    page.goto("/tokens/")
    page.get_by_label("Navn (hvad den bruges til)").fill("mandagsscript")
    page.get_by_role("button", name="Lav nøgle").click()
    page.wait_for_load_state("load")
    secret = page.get_by_label("Din nye API-nøgle").input_value()
    assert re.fullmatch(r"bm_[A-Za-z0-9_-]{40,}", secret)
    _shot(page, "token-made-da")
    hidden = next(a for a in _api(site, "/api/areas", secret)[1] if a["kind"] == "helhedsplan")
    status, body = _api(site, f"/api/areas/{hidden['area_id']}", secret)
    assert status == 200 and body["full_profile"] is True  # what the analyst sees
    assert _api(site, f"/api/areas/{hidden['area_id']}")[0] == 404  # what the public sees
    page.goto("/tokens/")
    assert secret not in page.content()  # shown once
    row = page.locator("tbody tr")
    assert row.count() == 1 and "mandagsscript" in row.inner_text()
    assert "aldrig" not in row.inner_text()  # its use is recorded
    page.get_by_role("button", name="Tilbagekald").click()
    page.wait_for_load_state("load")
    status, body = _api(site, "/api/areas", secret)
    assert status == 401 and body["error"]["code"] == "invalid_token"
    _shot(page, "tokens-revoked-da")
    ctx = browser.new_context(base_url=site, viewport={"width": 375, "height": 800})
    phone = ctx.new_page()
    _login(phone, "analytiker", PASSWORD)
    for url in ("/tokens/", "/vintages/", "/tokens/?lang=en"):
        phone.goto(url)
        assert _no_horizontal_scroll(phone), url
        _shot(phone, "phone-" + url.strip("/").replace("/", "-").replace("?", "-").replace("=", ""))
    ctx.close()


def test_admin_pages_fit_a_phone(browser: Any, site: str) -> None:
    ctx = browser.new_context(base_url=site, viewport={"width": 375, "height": 800})
    pg = ctx.new_page()
    _login(pg, "chef", PASSWORD)
    vid = _api(site, "/api/vintages")[1]["vintages"][0]["id"]
    for url in ("/users/", "/users/chef/", "/audit/", "/import/", f"/vintages/{vid}/preview/", "/users/?lang=en"):
        pg.goto(url)
        assert _no_horizontal_scroll(pg), url
        _shot(pg, "phone-admin-" + re.sub(r"[^a-z0-9]+", "-", url).strip("-"))
    ctx.close()
