"""Browser tests: Debian's chromium driven by Playwright against the real server (gunicorn, SQLite file)."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "browser test password 7"
pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _web(env: dict[str, str], *args: str) -> str:
    out = subprocess.run([sys.executable, "-m", "boligmonitor.web.manage", *args], env=env, check=True,
                         capture_output=True, text=True)
    return out.stdout


@pytest.fixture(scope="module")
def site(synth_bundle: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home = tmp_path_factory.mktemp("site")
    env = {**os.environ, "BOLIGMONITOR_HOME": str(home), "DATABASE_URL": f"sqlite:///{home / 'web.sqlite3'}",
           "BOLIGMONITOR_PASSWORD": PASSWORD, "DJANGO_SETTINGS_MODULE": "boligmonitor.web.settings"}
    _web(env, "migrate", "-v0")
    _web(env, "import_bundle", "--publish", str(synth_bundle))
    import json
    areas = json.loads((synth_bundle / "registry.json").read_text(encoding="utf-8"))["areas"]
    first = next(a for a in areas if a["kind"] == "statutory")
    _web(env, "create_user", "kommune", "--role", "municipality", "--municipality", str(first["municipality_code"]))
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "boligmonitor.web.manage", "serve", "--bind",
                             f"127.0.0.1:{port}", "--workers", "1"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
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
    ctx = browser.new_context(base_url=site, accept_downloads=True)
    pg = ctx.new_page()
    external: list[str] = []
    pg.on("request", lambda r: external.append(r.url) if not r.url.startswith((site, "data:")) else None)
    yield pg
    ctx.close()
    assert external == [], f"requests left the server: {external}"


def test_login_lists_area_margin_download_and_refusal(page: Any) -> None:
    page.goto("/login/?next=/lists/")
    page.get_by_label("Brugernavn").fill("kommune")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url("**/lists/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Lister pr. 1. december")
    page.select_option("select[name=year]", "2018")
    page.get_by_role("button", name="Vis").click()
    page.wait_for_url("**year=2018**")
    link = page.locator("table a[href^='/areas/']").first
    name = link.inner_text()
    link.click()
    page.wait_for_url("**/areas/**")
    assert page.get_by_role("heading", level=1).inner_text().startswith(name)
    margin = page.locator("td.margin").first.inner_text()
    assert any(ch.isdigit() for ch in margin) or "tilbageholdt" in margin.lower()
    page.goto("/lists/")
    with page.expect_download() as dl:
        page.get_by_role("link", name="CSV").click()
    path = dl.value.path()
    assert Path(path).read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for Danish Excel
    page.goto("/audit/")
    assert page.get_by_role("heading", level=1).inner_text() == "Ingen adgang"


def test_keyboard_language_and_map(page: Any) -> None:
    page.goto("/lists/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Lists as of 1 December"))
    page.goto("/map/")
    assert page.locator("svg.map path").count() > 0
    assert page.locator("svg.map title").first.text_content()


def test_phone_width_has_no_horizontal_scroll(browser: Any, site: str) -> None:
    ctx = browser.new_context(base_url=site, viewport={"width": 375, "height": 800})
    pg = ctx.new_page()
    for url in ("/lists/", "/map/", "/rank/"):
        pg.goto(url)
        assert pg.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), url
    pg.goto("/lists/?year=2018")
    pg.locator("table a[href^='/areas/']").first.click()
    pg.wait_for_url("**/areas/**")  # the click only starts the navigation; under load the old page may be gone
    pg.wait_for_load_state("load")
    assert pg.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), "area page"
    ctx.close()


CONTRAST_JS = """
() => {
  const lum = (rgb) => {
    const lin = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    const [r, g, b] = rgb.map(lin);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const bad = [];
  for (const el of document.querySelectorAll('body *')) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || el.closest('svg') || !el.getClientRects().length) continue;
    const style = getComputedStyle(el);
    const fg = parse(style.color).slice(0, 3), bg = background(el);
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    const large = parseFloat(style.fontSize) >= 24 || (parseFloat(style.fontSize) >= 18.66 && style.fontWeight >= 700);
    const text = el.textContent.trim().slice(0, 30);
    if (ratio < (large ? 3 : 4.5)) bad.push(`${el.tagName} "${text}" ${ratio.toFixed(2)}`);
  }
  return bad;
}
"""


def test_text_contrast_meets_wcag_aa(page: Any) -> None:
    for url in ("/", "/lists/?year=2018", "/map/", "/rank/", "/login/"):
        page.goto(url)
        assert page.evaluate(CONTRAST_JS) == [], url
    page.goto("/lists/?year=2018")
    page.locator("table a[href^='/areas/']").first.click()
    page.wait_for_url("**/areas/**")
    page.wait_for_load_state("load")
    assert page.evaluate(CONTRAST_JS) == [], "area page"
