"""The map in a real browser (Debian's chromium through Playwright, the real server): zoom by mouse and by the form,
colour by an index, every area reachable with the keyboard and named, phone width, Danish and English."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.web.test_browser import PASSWORD, browser, page, site  # noqa: F401  (fixtures: the same server setup)

pytestmark = pytest.mark.browser


def _first_statutory(synth_bundle: Path) -> dict[str, Any]:
    areas = json.loads((synth_bundle / "registry.json").read_text(encoding="utf-8"))["areas"]
    return next(a for a in areas if a["kind"] == "statutory")


def _regions(synth_bundle: Path) -> dict[int, int]:
    reg = json.loads((synth_bundle / "registry.json").read_text(encoding="utf-8"))
    return {m["municipality_code"]: m["region_code"] for m in reg["municipalities"]}


def test_zoom_by_form_and_by_clicking_a_municipality(page: Any, synth_bundle: Path) -> None:  # noqa: F811
    area = _first_statutory(synth_bundle)
    region = _regions(synth_bundle)[area["municipality_code"]]
    page.goto("/map/")
    assert page.locator("svg.map path.municipality").count() == 99
    whole = page.locator("svg.map").get_attribute("viewBox")
    page.select_option("select[name=zoom]", f"r{region}")
    page.get_by_role("button", name="Vis").click()
    page.wait_for_url(f"**zoom=r{region}**")
    page.wait_for_load_state("load")
    assert page.locator("nav.map-crumbs [aria-current=page]").inner_text().startswith("Region")
    assert page.locator("svg.map").get_attribute("viewBox") != whole
    assert page.locator("svg.map text").count() > 0  # municipality names on the region's map
    # a click on the area's municipality zooms to it
    page.locator(f"svg.map a[href*='municipality={area['municipality_code']}'] path").first.click(force=True)
    page.wait_for_url(f"**municipality={area['municipality_code']}**")
    page.wait_for_load_state("load")
    shape = page.locator(f"svg.map a[href='/areas/{area['area_id']}/'] > *")
    assert shape.evaluate("e => e.tagName") == "path"  # its own hexagon, not a dot
    box = shape.bounding_box()
    assert box is not None and box["width"] > 10  # big enough to see and to click
    shape.click()
    page.wait_for_url(f"**/areas/{area['area_id']}/")


def test_every_area_is_reached_with_tab_named_and_visibly_focused(page: Any) -> None:  # noqa: F811
    page.goto("/map/")
    names = page.eval_on_selector_all("svg.map a[href^='/areas/']", "els => els.map(e => e.getAttribute('href'))")
    assert names
    page.locator("form.filters button").focus()
    reached = []
    for _ in range(len(names) + 5):
        page.keyboard.press("Tab")
        href = page.evaluate("document.activeElement.getAttribute('href') || ''")
        if href.startswith("/areas/") and page.evaluate("!!document.activeElement.closest('svg')"):
            reached.append(href)
            label = page.evaluate("document.activeElement.getAttribute('aria-label')")
            assert label and ": " in label
            width = page.evaluate("getComputedStyle(document.activeElement.firstElementChild).strokeWidth")
            assert width == "3px"  # the focus is drawn on the shape
        elif reached:
            break
    assert reached == names  # each area once, in order, and no municipality in between (those have tabindex -1)
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{names[-1]}")


def test_colour_by_index_after_login(page: Any, synth_bundle: Path) -> None:  # noqa: F811
    area = _first_statutory(synth_bundle)
    page.goto(f"/map/?preset=kobenhavn_atlas&municipality={area['municipality_code']}")
    page.wait_for_url("**/login/**")  # the public may not see an index built on income
    page.get_by_label("Brugernavn").fill("kommune")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url("**preset=kobenhavn_atlas**")
    page.wait_for_load_state("load")
    legend = page.locator("ul.legend li").all_inner_texts()
    assert any("kommunens niveau" in t for t in legend)
    colours = set(page.eval_on_selector_all("ul.legend rect", "els => els.map(e => e.getAttribute('fill'))"))
    fills = set(page.eval_on_selector_all("svg.map a[href^='/areas/'] > *",
                                          "els => els.map(e => e.getAttribute('fill'))"))
    assert fills and fills <= colours
    assert "Metode:" in page.locator("main").inner_text()
    # the form switches to the value in five groups
    page.select_option("select[name=colour]", "index")
    page.get_by_role("button", name="Vis").click()
    page.wait_for_url("**colour=index**")
    page.wait_for_load_state("load")
    assert "fem lige store grupper efter indeksværdi" in page.locator("main").inner_text()


def test_phone_width_and_english(browser: Any, site: str, synth_bundle: Path) -> None:  # noqa: F811
    area = _first_statutory(synth_bundle)
    ctx = browser.new_context(base_url=site, viewport={"width": 375, "height": 800})
    pg = ctx.new_page()
    for url in ("/map/", f"/map/?municipality={area['municipality_code']}",
                "/map/?indicator=residents&unit=municipality", "/map/?lang=en"):
        pg.goto(url)
        assert pg.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), url
        box = pg.locator("svg.map").bounding_box()
        assert box is not None and box["width"] > 300, url  # the map uses the phone's width
    assert "Municipal boundaries: source: Geodatastyrelsen and Danske Kommuner, DAGI" in pg.locator("main").inner_text()
    assert pg.locator("svg.map title").first.text_content().startswith("List status")
    ctx.close()
