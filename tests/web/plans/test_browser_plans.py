"""The plans in a real browser (Debian's chromium through Playwright, the real server on a SQLite file): a municipal
user creates an agreement and picks its area, sees section 5's baselines fill in from the published cells, adds a
focus area, a goal and a target; starts and submits an annual report; the plan's board member approves it; the
agreement's DOCX and PDF are downloaded and read back (python-docx: sections 1-8 and the baseline table; the PDF
rendered to images with pypdfium2: not blank)."""

from __future__ import annotations

import io
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

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "plans browser password 9"
pytestmark = pytest.mark.browser

if not shutil.which(CHROMIUM):
    pytest.skip(f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium, or make system-test)",
                allow_module_level=True)

# the register indicator of LBF's fixed goals whose baselines the test reads back (a municipality's share of
# 18-64-year-olds outside the labour market and education is never suppressed in the synthetic bundle)
INDICATOR = "outside_labour_18_64"
LABEL = "Andel 18-64-årige, der er uden tilknytning til arbejdsmarked og uddannelse"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _web(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "-m", "boligmonitor.web.manage", *args], env=env, check=True,
                   capture_output=True, text=True)


@pytest.fixture(scope="module")
def area(synth_bundle: Path) -> dict[str, Any]:
    """The first statutory area of the synthetic registry: the plan's area."""
    areas = json.loads((synth_bundle / "registry.json").read_text(encoding="utf-8"))["areas"]
    return dict(next(a for a in areas if a["kind"] == "statutory"))


@pytest.fixture(scope="module")
def site(synth_bundle: Path, area: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home = tmp_path_factory.mktemp("plans-site")
    env = {**os.environ, "BOLIGMONITOR_HOME": str(home), "DATABASE_URL": f"sqlite:///{home / 'web.sqlite3'}",
           "BOLIGMONITOR_PASSWORD": PASSWORD, "DJANGO_SETTINGS_MODULE": "boligmonitor.web.settings"}
    _web(env, "migrate", "-v0")
    _web(env, "import_bundle", "--publish", str(synth_bundle))
    _web(env, "create_user", "kommune", "--role", "municipality", "--municipality", str(area["municipality_code"]))
    _web(env, "create_user", "bestyrelse", "--role", "board", "--area", area["area_id"])
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
        yield url
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


EXTERNAL: dict[str, list[str]] = {}


def _login(browser: Any, site: str, user: str) -> Any:
    ctx = browser.new_context(base_url=site, accept_downloads=True)
    pg = ctx.new_page()
    external: list[str] = []
    pg.on("request", lambda r: external.append(r.url) if not r.url.startswith((site, "data:")) else None)
    pg.goto("/login/?next=/plans/")
    pg.get_by_label("Brugernavn").fill(user)
    pg.get_by_label("Adgangskode").fill(PASSWORD)
    pg.get_by_role("button", name="Log ind").click()
    pg.wait_for_url("**/plans/")
    EXTERNAL[user] = external  # checked at the end: nothing leaves the server
    return pg


def _save(pg: Any) -> None:
    """Press the editor's Gem and wait for the page it leads to (a refusal stays on the form: shown in the error)."""
    with pg.expect_navigation():
        pg.get_by_role("button", name="Gem", exact=True).click()
    errors = pg.locator(".error").all_inner_texts()
    assert "saved=1" in pg.url, f"not saved: {errors}"


def _cell(bundle: Path, unit_type: str, unit_id: str, year: int) -> dict[str, Any]:
    import duckdb

    con = duckdb.connect()
    row = con.execute("SELECT value, suppressed FROM read_parquet(?) WHERE unit_type = ? AND unit_id = ? AND year = ? "
                      "AND indicator_id = ?", [str(bundle / "indicators.parquet"), unit_type, unit_id, year,
                                               INDICATOR]).fetchone()
    assert row is not None, (unit_type, unit_id, year)
    return {"value": row[0], "suppressed": row[1]}


def _shown(cell: dict[str, Any]) -> str:
    """A share as the pages print it: one decimal, Danish comma, or 'diskretioneret'."""
    if cell["suppressed"]:
        return "diskretioneret"
    return f"{cell['value'] * 100:.1f}".replace(".", ",") + " %"


def _ink(pdf: bytes) -> list[float]:
    """The share of non-white pixels on each page, rendered at 50 dpi."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    out = []
    for i in range(len(doc)):
        img = doc[i].render(scale=50 / 72).to_numpy()
        out.append(float((img[..., :3].min(axis=-1) < 200).mean()))
    doc.close()
    return out


def test_create_plan_goal_report_approval_and_documents(browser: Any, site: str, area: dict[str, Any],
                                                        synth_bundle: Path) -> None:
    pg = _login(browser, site, "kommune")
    # --- create an agreement and pick its area
    pg.get_by_role("link", name="Ny samarbejdsaftale").click()
    pg.wait_for_url("**/plans/new/**")
    pg.get_by_label("Nøgle").fill("browser-aftale")
    pg.get_by_label("Områdets / indsatsens navn").fill("Browseraftalen")
    pg.get_by_label("Boligområder").select_option([area["area_id"]])
    pg.get_by_label("Aftalen gælder fra").fill("2020-01-01")
    pg.get_by_label("Aftalen gælder til").fill("2024-12-31")
    pg.get_by_label("Baselineår (dataår)").select_option("2019")
    with pg.expect_navigation():
        pg.get_by_role("button", name="Opret").click()
    plan_url = pg.url.split("?")[0]
    assert plan_url.rstrip("/").rsplit("/", 1)[-1].isdigit(), pg.url
    assert pg.get_by_role("heading", level=1).inner_text() == "Browseraftalen"

    # --- section 5 fills itself from the vintage: the fixed indicator's baselines for the area and municipality
    s5 = pg.locator("#s5")
    assert "5. Overordnede mål og indikatorer" in s5.get_by_role("heading", level=2).inner_text()
    row = s5.locator("table.goals tbody tr", has_text=LABEL).first
    cells = row.locator("td").all_inner_texts()
    base_area = _shown(_cell(synth_bundle, "area", area["area_id"], 2019))
    base_mun = _shown(_cell(synth_bundle, "municipality", str(area["municipality_code"]), 2019))
    assert cells[2].startswith(base_area) and cells[2].endswith("(2019)"), (cells, base_area)
    assert cells[3] == base_mun, (cells, base_mun)
    assert "diskretioneret" not in base_mun  # the comparison above checked a number, not the suppressed word

    # --- a focus area, a goal, and the goal's indicator with a target relative to the municipality
    pg.goto(plan_url + "edit/focus_areas/")
    row1 = pg.locator("fieldset.row").first
    row1.get_by_label("Nøgle").fill("arbejde")
    row1.get_by_label("Titel").fill("Flere i arbejde")
    row1.get_by_label("Indsatsområde i støtteperioden").select_option("beskaeftigelse")
    _save(pg)
    pg.goto(plan_url + "focus/arbejde/edit/goals/")
    row1 = pg.locator("fieldset.row").first
    row1.get_by_label("Nøgle").fill("tilknytning")
    row1.get_by_label("Mål", exact=True).fill("Flere voksne får fast tilknytning til arbejdsmarkedet")
    _save(pg)
    pg.goto(plan_url + "focus/arbejde/goals/tilknytning/edit/")
    row1 = pg.locator("fieldset.row").first
    row1.get_by_label("Indikator", exact=True).select_option(INDICATOR)
    row1.get_by_label("Slags mål").select_option("relative")
    row1.get_by_label("I forhold til").select_option("municipality")
    row1.get_by_label("Luk så stor en del af afstanden (%)").fill("50")
    row1.get_by_label("Nås senest i år").fill("2024")
    _save(pg)
    pg.goto(plan_url)
    goal_row = pg.locator("#s5 table.goals tbody tr", has_text="Afstanden til kommunen").first
    assert "50 %" in goal_row.inner_text() and "2024" in goal_row.inner_text(), goal_row.inner_text()
    assert goal_row.locator("td").nth(3).inner_text() == base_mun  # the goal's baseline from the same cell

    # --- the annual report: started and submitted by the municipality
    pg.get_by_label("Start årsrapport for år").fill("2023")
    with pg.expect_navigation():
        pg.get_by_role("button", name="Start", exact=True).click()
    report_url = pg.url.split("?")[0]
    assert report_url.endswith("/reports/2023/"), report_url
    with pg.expect_navigation():
        pg.get_by_role("button", name="Indsend til bestyrelsen").click()
    assert "Status: indsendt" in pg.locator("p.meta").first.inner_text()
    assert pg.get_by_role("button", name="Godkend (bestyrelsen)").count() == 0  # not the municipality's step

    # --- the plan's board member approves it
    board = _login(browser, site, "bestyrelse")
    board.goto(report_url)
    with board.expect_navigation():
        board.get_by_role("button", name="Godkend (bestyrelsen)").click()
    assert "Status: godkendt af bestyrelsen" in board.locator("p.meta").first.inner_text()
    assert "af bestyrelse" in board.locator("p.meta").first.inner_text()  # who approved
    pg.goto(plan_url)
    assert "godkendt" in pg.locator("#reports li", has_text="Årsrapport 2023").inner_text()

    # --- the agreement as DOCX: sections 1-8 as Word headings, and section 5's table with the baselines
    import docx

    with pg.expect_download() as dl:
        pg.locator("p.downloads").get_by_role("link", name="DOCX").click()
    document = docx.Document(io.BytesIO(Path(dl.value.path()).read_bytes()))
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    for n in range(1, 9):
        assert any(h.startswith(f"{n}.") for h in headings), (n, headings)
    tables = [t for t in document.tables if "Baseline boligområde" in [c.text for c in t.rows[0].cells]]
    assert tables, "no baseline table"
    header = [c.text for c in tables[0].rows[0].cells]
    assert header[:2] == ["Mål", "Indikator"] and "Baseline kommune" in header, header
    rows = [[c.text for c in r.cells] for r in tables[0].rows[1:]]
    mine = [r for r in rows if r[1] == LABEL]
    assert mine, rows
    assert mine[0][header.index("Baseline kommune")].startswith(base_mun), mine[0]
    assert mine[0][header.index("Baseline boligområde")].startswith(base_area), mine[0]

    # --- and as PDF: rendered to images, its pages carry ink
    with pg.expect_download() as dl:
        pg.locator("p.downloads").get_by_role("link", name="PDF").click()
    pdf = Path(dl.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    ink = _ink(pdf)
    assert len(ink) >= 2 and ink[0] > 0.01 and min(ink) > 0.001, ink

    # --- the approved report's PDF as the board member downloads it
    board.goto(report_url)
    with board.expect_download() as dl:
        board.locator("p.downloads").get_by_role("link", name="PDF").click()
    assert _ink(Path(dl.value.path()).read_bytes())[0] > 0.01
    assert EXTERNAL == {"kommune": [], "bestyrelse": []}, "requests left the server"
    pg.context.close()
    board.context.close()
