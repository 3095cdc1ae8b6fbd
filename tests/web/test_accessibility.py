"""Accessibility and phone width of every main page, in Debian's chromium against the real server.

* axe-core (the copy bundled in PyPI's axe-playwright-python, injected from disk: no CDN, nothing leaves the
  machine) finds no serious or critical violation on any main page, in Danish and in English;
* at 375 CSS pixels no page scrolls sideways (document.documentElement.scrollWidth <= clientWidth).

One server and one browser for the module; every page is a parameter. Set BOLIGMONITOR_SHOTS to a folder to keep a
full-page screenshot of each page at 375 px.
"""

from __future__ import annotations

import json
import os
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

import boligmonitor
from tests.web.bundles import copy_bundle, reseal

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "accessibility password 5"
pytestmark = pytest.mark.browser

if not shutil.which(CHROMIUM):
    pytest.skip(f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium, or make system-test)",
                allow_module_level=True)

# axe-core as the registry package ships it (a test dependency in pyproject.toml)
AXE_JS = Path(__import__("axe_playwright_python").__file__).parent / "axe.min.js"
FAILING_IMPACTS = ("serious", "critical")

# (name, who is logged in, path); {area}, {plan}, {preview} and {other} are filled in from the live site
PAGES: list[tuple[str, str | None, str]] = [
    ("start-public", None, "/"),
    ("start-municipality", "kommune", "/"),
    ("start-organisation", "selskab", "/"),
    ("start-board", "bestyrelse", "/"),
    ("start-analyst", "analytiker", "/"),
    ("lists", None, "/lists/?year=2018"),
    ("area", "kommune", "/areas/{area}/"),
    ("map", None, "/map/"),
    ("rank", "analytiker", "/rank/"),
    ("compare", "analytiker", "/compare/?area={area}&area={other}"),
    ("composite", "analytiker", "/composite/"),
    ("watchlist", "analytiker", "/watchlist/"),
    ("forecast", "analytiker", "/forecast/"),
    ("vintages", "chef", "/vintages/"),
    ("import", "chef", "/import/"),
    ("preview", "chef", "/vintages/{preview}/preview/"),
    ("audit", "chef", "/audit/"),
    ("tokens", "analytiker", "/tokens/"),
    ("users", "chef", "/users/"),
    ("user", "chef", "/users/kommune/"),
    ("plans", "chef", "/plans/"),
    ("plan", "chef", "/plans/{plan}/"),
    ("strategy", None, "/plans/{strategy}/"),
    ("login", None, "/login/"),
    ("not-found", None, "/no-such-page/"),
    ("refused", "kommune", "/audit/"),
]
LANGS = ("da", "en")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _web(env: dict[str, str], *args: str) -> str:
    out = subprocess.run([sys.executable, "-m", "boligmonitor.web.manage", *args], env=env, check=True,
                         capture_output=True, text=True)
    return out.stdout


def _pk(printed: str) -> str:
    """The id in an import command's "Importeret: <id> — ..." line."""
    return printed.split(":", 1)[1].split("—", 1)[0].strip()


# the demo's agreement (helhedsplan H0001 in municipality 101, which every synthetic Denmark has): a plan page with
# parties, focus areas, goals and charts
DEMO_PLAN = Path(boligmonitor.__file__).parent / "web" / "plans" / "demo" / "aftale-en-faelles-indsats.yaml"
# and its strategy over every almen area of municipality 101: a goals table over several areas (its repeated targets
# are screen-reader-only text, which once made the page scroll sideways)
DEMO_STRATEGY = DEMO_PLAN.with_name("strategi-faelles-strategi.yaml")


@pytest.fixture(scope="module")
def site(synth_bundle: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The live server with one user per role, a plan, and a second (unpublished) vintage to preview."""
    home = tmp_path_factory.mktemp("a11y-site")
    env = {**os.environ, "BOLIGMONITOR_HOME": str(home), "DATABASE_URL": f"sqlite:///{home / 'web.sqlite3'}",
           "BOLIGMONITOR_PASSWORD": PASSWORD, "DJANGO_SETTINGS_MODULE": "boligmonitor.web.settings"}
    _web(env, "migrate", "-v0")
    _web(env, "import_bundle", "--publish", str(synth_bundle))
    redelivery = reseal(copy_bundle(synth_bundle, home / "redelivery"), note="accessibility redelivery")
    preview = _pk(_web(env, "import_bundle", str(redelivery)))
    areas = json.loads((synth_bundle / "registry.json").read_text(encoding="utf-8"))["areas"]
    statutory = [a for a in areas if a["kind"] == "statutory"]
    plan_area = next(a for a in areas if a["kind"] == "helhedsplan")
    _web(env, "create_user", "chef", "--role", "admin")
    _web(env, "create_user", "analytiker", "--role", "analyst")
    _web(env, "create_user", "kommune", "--role", "municipality", "--municipality",
         str(statutory[0]["municipality_code"]))
    org = json.loads((synth_bundle / "registry.json").read_text(encoding="utf-8"))["afdelinger"][0]["org_id"]
    _web(env, "create_user", "selskab", "--role", "organisation", "--org", org)
    _web(env, "create_user", "bestyrelse", "--role", "board", "--area", plan_area["area_id"])
    plan = _pk(_web(env, "plan", "import", str(DEMO_PLAN)))
    strategy = _pk(_web(env, "plan", "import", str(DEMO_STRATEGY)))
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "boligmonitor.web.manage", "serve", "--bind",
                             f"127.0.0.1:{port}", "--workers", "1"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(url + "/login/", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        yield {"url": url, "area": statutory[0]["area_id"], "other": statutory[1]["area_id"], "preview": preview,
               "plan": plan, "strategy": strategy}
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-background-networking"])
        yield b
        b.close()


@pytest.fixture(scope="module")
def contexts(browser: Any, site: dict[str, str]) -> Iterator[Any]:
    """One logged-in browser context per (user, width), made on first use and kept for the module."""
    made: dict[tuple[str | None, int], Any] = {}

    def get(user: str | None, width: int) -> Any:
        if (user, width) not in made:
            # bypass_csp: the page's CSP (script-src 'self') would refuse the injected axe-core; the test's own
            # script is the only thing it lets through
            ctx = browser.new_context(base_url=site["url"], viewport={"width": width, "height": 900},
                                      bypass_csp=True)
            ctx.set_default_navigation_timeout(120_000)  # the forecast's first computation, on a busy machine
            if user:
                pg = ctx.new_page()
                pg.goto("/login/")
                pg.get_by_label("Brugernavn").fill(user)
                pg.get_by_label("Adgangskode").fill(PASSWORD)
                pg.get_by_role("button", name="Log ind").click()
                pg.wait_for_load_state("load")
                assert "/login/" not in pg.url, f"{user} could not log in"
                pg.close()
            made[(user, width)] = ctx
        return made[(user, width)]

    yield get
    for ctx in made.values():
        ctx.close()


def _open(contexts: Any, site: dict[str, str], user: str | None, path: str, lang: str, width: int) -> Any:
    path = path.format(**site)
    pg = contexts(user, width).new_page()
    external: list[str] = []
    pg.on("request", lambda r: external.append(r.url) if not r.url.startswith((site["url"], "data:")) else None)
    response = pg.goto(path + ("&" if "?" in path else "?") + f"lang={lang}")
    # a main page that answered with an error page would check the wrong page
    expected = {"/no-such-page/": 404, "/audit/": 403 if user != "chef" else 200}.get(path, 200)
    assert response is not None and response.status == expected, (path, response and response.status)
    pg.wait_for_load_state("load")
    assert external == [], f"requests left the server: {external}"
    return pg


def _violations(pg: Any) -> list[str]:
    pg.add_script_tag(path=str(AXE_JS))
    result = pg.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(f"{' '.join(n['target'][-1:]) if isinstance(n['target'][-1], str) else n['target']}"
                        f" {n['html'][:120]}" for n in v["nodes"][:4])
            for v in result["violations"] if v["impact"] in FAILING_IMPACTS]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("name", "user", "path"), PAGES, ids=[p[0] for p in PAGES])
def test_axe_finds_no_serious_violation(contexts: Any, site: dict[str, str], name: str, user: str | None, path: str,
                                        lang: str) -> None:
    pg = _open(contexts, site, user, path, lang, 1280)
    try:
        assert pg.evaluate("document.documentElement.lang") == lang
        assert _violations(pg) == [], f"{name} ({lang})"
    finally:
        pg.close()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("name", "user", "path"), PAGES, ids=[p[0] for p in PAGES])
def test_no_horizontal_scroll_at_375_px(contexts: Any, site: dict[str, str], name: str, user: str | None, path: str,
                                        lang: str) -> None:
    pg = _open(contexts, site, user, path, lang, 375)
    try:
        folder = os.environ.get("BOLIGMONITOR_SHOTS")
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            pg.screenshot(path=str(Path(folder) / f"{name}-{lang}-375.png"), full_page=True)
        widths = pg.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if widths[0] > widths[1]:
            wide = pg.evaluate(WIDEST_JS)
            raise AssertionError(f"{name} ({lang}) scrolls sideways at 375 px: {widths}; widest: {wide}")
    finally:
        pg.close()


# what sticks out past the right edge (for the failure message: which element to fix)
WIDEST_JS = """
() => {
  const w = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.right > w + 1 && r.width > 0) {
      out.push(`${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? '.' +
        el.className.trim().split(/\\s+/).join('.') : ''} right=${Math.round(r.right)}`);
    }
  }
  return out.slice(0, 8);
}
"""
