"""Issue 12's journey for a municipal analyst, in Debian's chromium against the real server: the start page ("Mine
områder") -> the area closest to a threshold -> compare it with two others -> export the comparison as XLSX. Then
the same pages at phone width and in English."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.web.test_browser import PASSWORD, browser, page, site  # noqa: F401 - the fixtures of the browser tests

pytestmark = pytest.mark.browser


def _login(pg: Any) -> None:
    pg.goto("/login/?next=/")
    pg.get_by_label("Brugernavn").fill("kommune")
    pg.get_by_label("Adgangskode").fill(PASSWORD)
    pg.get_by_role("button", name="Log ind").click()
    pg.wait_for_url("**/")


def test_municipality_start_page_to_area_to_compare_to_xlsx(page: Any) -> None:  # noqa: F811
    _login(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mine områder")
    start = page.request.get("/index.json").json()
    near = [a for a in start["areas"] if a["closest"]]
    assert near, "the municipality's areas show the criterion closest to its threshold"
    target = min(near, key=lambda a: a["closest"]["persons"])
    card = page.locator(".area-card", has=page.get_by_role("link", name=target["name"], exact=True))
    expect(card).to_contain_text(target["closest"]["margin_text"])  # the margin, as the card shows it

    card.get_by_role("link", name=target["name"], exact=True).click()
    page.wait_for_url(f"**/areas/{target['area_id']}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(target["name"])
    brief = page.locator("section.brief")
    expect(brief).to_contain_text(target["closest"]["margin_text"])  # the summary names the same margin
    assert page.locator("details.technical").get_attribute("open") is None  # ids stay folded away

    page.get_by_role("link", name="Sammenlign med andre områder").click()
    page.wait_for_url("**/compare/**")
    chosen = page.locator(f"input[name=area][value='{target['area_id']}']")
    expect(chosen).to_be_checked()
    others = page.locator("input[name=area]:not(:checked)")
    picked = []
    for i in range(others.count()):
        box = others.nth(i)
        value = box.get_attribute("value")
        if value and value.startswith("A") and len(picked) < 2:
            picked.append(value)
    assert len(picked) == 2
    for value in picked:
        page.locator(f"input[name=area][value='{value}']").check()
    page.get_by_role("button", name="Sammenlign", exact=True).click()
    page.wait_for_url("**area=**")
    table = page.locator("table.compare")
    for area_id in (target["area_id"], *picked):
        expect(table.locator(f"a[href='/areas/{area_id}/']")).to_have_count(1)

    with page.expect_download() as dl:
        page.get_by_role("link", name="XLSX").click()
    import openpyxl

    with open(dl.value.path(), "rb") as fh:
        book = openpyxl.load_workbook(fh)
    cells = " ".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value)
    assert target["name"] in cells
    assert dl.value.suggested_filename.endswith(".xlsx")


def test_start_page_and_area_briefing_at_phone_width_and_in_english(browser: Any, site: str) -> None:  # noqa: F811
    ctx = browser.new_context(base_url=site, viewport={"width": 375, "height": 800})
    pg = ctx.new_page()
    _login(pg)
    assert pg.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), "start page"
    pg.locator(".area-card h2 a").first.click()
    pg.wait_for_url("**/areas/**")
    pg.wait_for_load_state("load")
    assert pg.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), "area page"
    # chart labels stay readable on a phone: tick labels at least 10 CSS pixels high
    smallest = pg.evaluate("Math.min(...[...document.querySelectorAll('svg.chart text')]"
                           ".map(t => t.getBoundingClientRect().height).filter(h => h > 0))")
    assert smallest >= 10, smallest
    pg.get_by_role("button", name="English").click()
    pg.wait_for_load_state("load")
    expect(pg.locator("section.brief h2")).to_have_text("In brief")
    pg.goto("/")
    expect(pg.get_by_role("heading", level=1)).to_have_text("My areas")
    ctx.close()
