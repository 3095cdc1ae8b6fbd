"""The composite-index page, its JSON twin, downloads and /api/index: the same numbers as the CLI, the method named,
only published cells, and each viewer's index computed over what that viewer may see."""

from __future__ import annotations

import csv
import html
import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook

from boligmonitor import api
from boligmonitor.index.compute import compute_index
from boligmonitor.index.data import BundleIndexData
from boligmonitor.index.presets import load_preset, preset_names
from boligmonitor.web import models as m


def _core(bundle: Path, preset: str, units: list[str] | None = None) -> dict[str, tuple[Any, ...]]:
    r = compute_index(BundleIndexData(api.open_bundle(bundle)), load_preset(preset), None, units)
    return {x.unit_id: (x.value, x.rank, None if x.klass is None else x.klass.id) for x in r.rows}


@pytest.mark.parametrize("preset", preset_names())
def test_the_page_shows_the_cores_numbers_and_names_the_method(client_for: Any, synth_bundle: Path,
                                                                preset: str) -> None:
    c = client_for("analyst")
    data = c.get(f"/composite.json?preset={preset}").json()
    assert data["preset"] == preset and data["method"]["fingerprint"] == load_preset(preset).fingerprint()
    assert data["method"]["rules_version"] == m.Vintage.objects.get(published=True).rules_version
    got = {r["area_id"]: (r["value"], r["rank"], r["class"]) for r in data["rows"]}
    assert got == _core(synth_bundle, preset)  # the web and the CLI compute the same index from the same cells
    assert all(k in data["rows"][0] for k in ("area_id", "value", "rank", "class", "method", "note"))
    assert c.get(f"/api/index?preset={preset}").json() == data
    page = html.unescape(c.get(f"/composite/?preset={preset}").content.decode())
    assert load_preset(preset).name.da in page and data["method"]["text"] in page


def test_english_on_request(client_for: Any) -> None:
    page = client_for("analyst").get("/composite/?preset=berlin_mss&lang=en").content.decode()
    assert "Composite index" in page and "stands in for" in page and "The method" in page
    assert "Sammensat indeks" in client_for("analyst").get("/composite/?preset=berlin_mss").content.decode()


def test_downloads_carry_the_rows_and_the_synthetic_banner(client_for: Any) -> None:
    c = client_for("analyst")
    rows = c.get("/composite.json?preset=imd").json()["rows"]
    body = c.get("/composite.csv?preset=imd").content.decode("utf-8-sig")
    lines = body.splitlines()
    assert lines[0].startswith("# SYNTETISKE DATA")
    table = list(csv.DictReader(io.StringIO("\n".join(lines[1:])), delimiter=";"))
    assert [r["Område-id"] for r in table] == [r["area_id"] for r in rows]
    assert all("[imd " in r["Metode"] for r in table)
    xlsx = c.get("/composite.xlsx?preset=imd&lang=en")
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    assert ws is not None and [x.value for x in ws[2]][:3] == ["Rank", "Area id", "Area"]


def test_sensitivity_on_the_page_json_and_chart(client_for: Any) -> None:
    c = client_for("analyst")
    data = c.get("/composite.json?preset=kobenhavn_atlas&runs=100").json()
    s = data["sensitivity"]
    assert s["runs"] == 100 and s["ranking"] and s["moves_most"]
    for r in data["rows"]:
        if r["rank"] is not None:
            assert r["rank_low"] <= r["rank"] <= r["rank_high"]
    page = c.get("/composite/?preset=kobenhavn_atlas&runs=100").content.decode()
    start = page.index('<svg xmlns="http://www.w3.org/2000/svg"')
    chart = ET.fromstring(page[start: page.index("</svg>", start) + 6])
    titles = [e.text for e in chart.iter("{http://www.w3.org/2000/svg}title")]
    assert titles[0].startswith("Rang med 90 %-interval") and any(": rang " in (t or "") for t in titles[1:])
    assert c.get("/composite.json?runs=7").status_code == 404


def test_the_public_gets_no_index_of_what_it_may_not_see(client_for: Any) -> None:
    c = client_for("public")
    assert c.get("/composite.json?preset=aarhus").status_code == 403  # income and more: logged-in users only
    assert c.get("/api/index?preset=imd").status_code == 403
    assert c.get("/composite/?preset=imd").status_code == 302  # to the login page
    public = "preset=custom&ind=outside_labour_18_64&ind=nonwestern_share&norm=percentile"
    data = c.get(f"/composite.json?{public}").json()
    v = m.Vintage.objects.get(published=True)
    statutory = set(m.Area.objects.filter(vintage=v, kind="statutory").values_list("area_id", flat=True))
    assert {r["area_id"] for r in data["rows"]} == statutory  # computed over the areas the public may see
    assert "områder, hvor du må se alle indikatorerne" in data["scope"]
    assert c.get(f"/composite.json?{public}&runs=100").status_code == 403  # no Monte Carlo for the public
    assert c.get(f"/composite.json?{public}&ind=mean_income_15_64").status_code == 403


def test_the_public_is_shown_the_presets_it_may_see_instead_of_the_login(client_for: Any) -> None:
    """The composite page had no preset built only from public indicators, so /composite/ sent the public to the
    login. Now the public gets the statutory criteria's preset, and is offered only presets it may see."""
    from boligmonitor.web.access import PUBLIC_INDICATORS

    c = client_for("public")
    allowed = [p for p in preset_names() if set(load_preset(p).ids()) <= PUBLIC_INDICATORS]
    assert allowed == ["lovkriterier"]  # the others use income, charges, marks ...: logged-in users only
    page = c.get("/composite/")
    assert page.status_code == 200
    html_text = page.content.decode()
    offered = re.findall(r'<option value="([a-z_]+)"', html_text.split('name="preset"')[1].split("</select>")[0])
    assert offered == ["lovkriterier", "custom"]
    assert load_preset("lovkriterier").name.da in html.unescape(html_text)
    data = c.get("/composite.json").json()
    assert data["preset"] == "lovkriterier" and c.get("/api/index").json()["preset"] == "lovkriterier"
    v = m.Vintage.objects.get(published=True)
    statutory = set(m.Area.objects.filter(vintage=v, kind="statutory").values_list("area_id", flat=True))
    assert data["rows"] and {r["area_id"] for r in data["rows"]} <= statutory
    assert any(r["value"] is not None for r in data["rows"])
    english = c.get("/composite/?lang=en").content.decode()
    assert "The statutory criteria as an index" in html.unescape(english)
    # logged in, the site's default stays, and every preset is offered
    analyst = client_for("analyst")
    assert analyst.get("/composite.json").json()["preset"] == "kobenhavn_atlas"
    offered = re.findall(r'<option value="([a-z_]+)"', analyst.get("/composite/").content.decode()
                         .split('name="preset"')[1].split("</select>")[0])
    assert offered == [*preset_names(), "custom"]


def test_a_municipality_user_gets_an_index_over_their_own_areas(client_for: Any, synth_bundle: Path) -> None:
    c = client_for("municipality")
    data = c.get("/composite.json?preset=kobenhavn_atlas").json()
    v = m.Vintage.objects.get(published=True)
    user = m.Area.objects.filter(vintage=v, kind="statutory").order_by("area_id").first()
    assert user is not None
    own = sorted(m.Area.objects.filter(vintage=v, municipality_code=user.municipality_code)
                 .values_list("area_id", flat=True))
    assert sorted(r["area_id"] for r in data["rows"]) == own
    want = _core(synth_bundle, "kobenhavn_atlas", own)  # statistics and ranks among these areas only
    assert {r["area_id"]: (r["value"], r["rank"], r["class"]) for r in data["rows"]} == want


def test_the_own_index_form_explains_what_cannot_work(client_for: Any) -> None:
    c = client_for("analyst")
    none = c.get("/composite.json?preset=custom")
    assert none.status_code == 400 and "Vælg mindst én indikator" in none.json()["error"]["message"]
    geo = c.get("/composite.json?preset=custom&ind=neet_15_29&norm=zscore&agg=geometric&lang=en")
    assert geo.status_code == 400 and "geometric mean needs scores that are never negative" in \
        geo.json()["error"]["message"]
    page = c.get("/composite/?preset=custom&ind=neet_15_29&norm=zscore&agg=geometric")
    assert page.status_code == 200 and 'role="alert"' in page.content.decode()
    ok = c.get("/composite.json?preset=custom&ind=neet_15_29&ind=outside_labour_18_64&norm=minmax&agg=geometric"
               "&weights=pca&groups=4&missing=reweight").json()
    assert ok["method"]["choices"]["weights"].startswith("vægte fra første hovedkomponent")
    assert {r["class"] for r in ok["rows"] if r["class"]} <= {"1", "2", "3", "4"}
    assert c.get("/composite.json?preset=../../etc/passwd").status_code == 404  # a name, never a path


def test_only_published_cells_reach_the_index_answers(client_for: Any, synth_bundle: Path) -> None:
    cells = {(r["unit_id"], r["year"], r["indicator_id"]): r for r in
             pq.read_table(synth_bundle / "indicators.parquet").to_pylist() if r["unit_type"] == "area"}
    checked = suppressed = 0
    for role in ("analyst", "municipality"):
        c = client_for(role)
        for preset in preset_names():
            data = c.get(f"/composite.json?preset={preset}").json()
            for r in data["rows"]:
                for key, value in r.items():
                    if not key.startswith("input."):
                        continue
                    cell = cells.get((r["area_id"], data["year"], key[len("input."):]))
                    if cell is None or cell["suppressed"]:
                        assert value is None, (role, preset, r["area_id"], key)
                        suppressed += cell is not None
                    else:
                        assert value == cell["value"]
                        checked += 1
    assert checked > 100 and suppressed > 0
