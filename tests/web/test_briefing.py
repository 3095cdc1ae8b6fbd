"""Issue 12 §2: the area page reads like a briefing (summary first, one history over every list name, the current
law open and the others folded, no internal ids on screen, margins named for what they are, helhedsplan links both
ways, the PDF in the same order)."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from boligmonitor.web import area_status
from boligmonitor.web import models as m


def _vintage() -> m.Vintage:
    return m.Vintage.objects.get(published=True)


def _visible_text(page: str) -> str:
    """What a reader sees of the page's own content (``<main>``; the site's data footer names the vintage by its
    label), without the technical details element, tags, attributes and scripts."""
    page = page[page.index("<main"):page.index("</main>")]
    page = re.sub(r'<details class="technical">.*?</details>', "", page, flags=re.S)
    page = re.sub(r"<(script|style)\b.*?</\1>", "", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def _listed_area() -> tuple[str, int]:
    row = m.Classification.objects.filter(vintage=_vintage(), member=True).exclude(
        category="kombineret_udlejning").order_by("-list_year", "area_id").first()
    assert row is not None
    return row.area_id, row.list_year


def test_no_rule_set_ids_hashes_or_codes_on_screen(client_for: Any) -> None:
    v = _vintage()
    c = client_for("analyst")
    rule_sets = set(m.Classification.objects.filter(vintage=v).values_list("rule_set", flat=True))
    parameters = {crit["parameter"] for crit in m.Classification.objects.filter(vintage=v).first().criteria}
    codes = set(area_status.HISTORY_ORDER)
    checked = 0
    for a in m.Area.objects.filter(vintage=v).order_by("area_id")[:4]:
        for year in (v.first_list_year, 2015, 2019, v.last_list_year):
            page = c.get(f"/areas/{a.area_id}/?year={year}").content.decode()
            text = _visible_text(page)
            found = [x for x in [*rule_sets, *parameters, *codes, v.rules_version, v.checksum]
                     if re.search(rf"(?<![\w/]){re.escape(x)}(?![\w/])", text)]
            assert found == [], (a.area_id, year, found)
            if '<details class="technical">' in page:
                checked += 1
                technical = re.search(r'<details class="technical">.*?</details>', page, flags=re.S)
                assert technical is not None and v.rules_version in technical.group(0)
    assert checked


def test_the_summary_comes_first_and_names_the_lists(client_for: Any) -> None:
    area_id, year = _listed_area()
    c = client_for("analyst")
    data = c.get(f"/areas/{area_id}.json?year={year}").json()
    summary = data["briefing"]["summary"]
    listed = m.Classification.objects.filter(vintage=_vintage(), area_id=area_id, list_year=year, member=True)
    labels = {d["category_label"] for d in data["explanation"]["decisions"] if d["member"]}
    assert listed.exists() and all(label in summary[0] for label in labels)
    page = c.get(f"/areas/{area_id}/?year={year}").content.decode()
    order = [page.index(x) for x in ("Kort fortalt", "Kriterier efter loven", "Listehistorik", "Udvikling over tid")]
    assert order == sorted(order)
    assert all(html.escape(s) in page for s in summary)


def test_one_history_covers_every_list_name_whatever_the_year(client_for: Any, synth_bundle: Path) -> None:
    v = _vintage()
    area_id = m.Area.objects.filter(vintage=v, kind="statutory").order_by("area_id").first().area_id
    rows = {(r["list_year"], r["category"]): r["member"] for r in pq.read_table(
        synth_bundle / "classifications.parquet").to_pylist() if r["area_id"] == area_id}
    c = client_for("public")
    seen = []
    for year in (v.first_list_year, 2019, v.last_list_year):
        history = c.get(f"/areas/{area_id}.json?year={year}").json()["briefing"]["history"]
        cats = [col["category"] for col in history["columns"]]
        seen.append(cats)
        for row in history["rows"]:
            for cell in row["cells"]:
                member = rows.get((row["list_year"], cell["category"]), "absent")
                expected = ("not_a_list" if member == "absent" else "undetermined" if member is None
                            else "on" if member else "off")
                assert cell["state"] == expected, (year, row["list_year"], cell)
    assert seen[0] == seen[1] == seen[2]
    assert {"ghettoomraade", "haardt_ghettoomraade", "forebyggelsesomraade", "parallelsamfund"} <= set(seen[0])
    page = c.get(f"/areas/{area_id}/?year={v.last_list_year}").content.decode()
    assert "Ghettoområde" in page and "Hårdt ghettoområde" in page


def test_current_law_open_other_versions_folded(client_for: Any) -> None:
    v = _vintage()
    area_id = m.Area.objects.filter(vintage=v, kind="statutory").order_by("area_id").first().area_id
    c = client_for("analyst")
    newest = c.get(f"/areas/{area_id}.json").json()["briefing"]
    assert [o["version"] for o in newest["other_versions"]] == [2010, 2013, 2018]
    assert [o["list_year"] for o in newest["other_versions"]] == [2012, 2017, 2020]
    older = c.get(f"/areas/{area_id}.json?year=2015").json()["briefing"]
    assert [o["version"] for o in older["other_versions"]] == [2010, 2018, 2021]
    page = c.get(f"/areas/{area_id}/").content.decode()
    folded = page[page.index('<details class="versions-older">'):]
    opened = page[:page.index('<details class="versions-older">')]
    assert "Ghettoområde" in folded.split("</details>\n</details>")[0]
    assert 'id="now-d-' in opened and 'id="now-d-' not in folded


def test_margins_are_named_exit_path_or_distance(client_for: Any) -> None:
    area_id, year = _listed_area()
    c = client_for("analyst")
    decisions = c.get(f"/areas/{area_id}.json?year={year}").json()["briefing"]["decisions"]
    headings = {d["member"]: d["margin_heading"] for d in decisions}
    assert headings[True] == "Vej ud af listen" and headings[False] == "Afstand til listen"
    page = c.get(f"/areas/{area_id}/?year={year}").content.decode()
    assert "<th scope=\"col\">Vej ud af listen</th>" in page and "<th scope=\"col\">Afstand til listen</th>" in page
    c.post("/language/", {"language": "en", "next": "/"})
    english = c.get(f"/areas/{area_id}.json?year={year}").json()["briefing"]["decisions"]
    assert {d["margin_heading"] for d in english} >= {"Exit path", "Distance to the list"}


def _sharing(area_id: str) -> set[str]:
    """Areas sharing an afdeling with ``area_id`` at the end of the latest data year (worked out here)."""
    v = _vintage()
    day = dt.date(v.last_data_year, 12, 31)
    live = [x for x in m.Membership.objects.filter(vintage=v)
            if x.valid_from <= day and (x.valid_to is None or x.valid_to >= day)]
    own = {x.afdeling_id for x in live if x.area_id == area_id}
    return {x.area_id for x in live if x.afdeling_id in own and x.area_id != area_id}


def test_helhedsplan_areas_link_to_their_statutory_areas_and_back(client_for: Any) -> None:
    v = _vintage()
    plan = m.Area.objects.filter(vintage=v, kind="helhedsplan").order_by("area_id").first()
    kinds = dict(m.Area.objects.filter(vintage=v).values_list("area_id", "kind"))
    inside = {a for a in _sharing(plan.area_id) if kinds[a] == "statutory"}
    assert inside
    analyst = client_for("analyst")
    related = analyst.get(f"/areas/{plan.area_id}.json").json()["briefing"]["related"]
    assert related["kind"] == "contains" and {r["area_id"] for r in related["areas"]} == inside
    page = analyst.get(f"/areas/{plan.area_id}/").content.decode()
    assert all(f'href="/areas/{a}/"' in page for a in inside)
    back = sorted(inside)[0]
    assert f'href="/areas/{plan.area_id}/"' in analyst.get(f"/areas/{back}/").content.decode()
    # the public may not see helhedsplan areas: no link, no name
    public = client_for("public").get(f"/areas/{back}.json").json()["briefing"]["related"]
    assert public["areas"] == [] and plan.name not in client_for("public").get(f"/areas/{back}/").content.decode()


def test_the_pdf_follows_the_page_order_with_other_versions_in_an_appendix(client_for: Any) -> None:
    import pypdfium2 as pdfium

    area_id = m.Area.objects.filter(vintage=_vintage(), kind="statutory").order_by("area_id").first().area_id
    r = client_for("analyst").get(f"/areas/{area_id}.pdf")
    assert r.status_code == 200
    pdf = pdfium.PdfDocument(b"".join(r.streaming_content) if r.streaming else r.content)
    text = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    text = " ".join(text.split())
    marks = ["Kort fortalt", "Kriterier efter loven", "Listehistorik", "Udvikling over tid",
             "Bilag: andre lovversioner"]
    positions = [text.find(x) for x in marks]
    assert -1 not in positions and positions == sorted(positions), list(zip(marks, positions, strict=True))


def test_a_public_pdf_cached_with_an_earlier_layout_is_not_served(client_for: Any) -> None:
    from boligmonitor.web.exportcache import cache_key

    v = _vintage()
    area_id = m.Area.objects.filter(vintage=v, kind="statutory").order_by("area_id").last().area_id
    stale = b"%PDF-1.7 the area profile before the briefing"
    m.ExportCache.objects.create(key=cache_key(v, ("area", area_id, None), "da"), vintage=v, body=stale)
    r = client_for("public").get(f"/areas/{area_id}.pdf")
    body = b"".join(r.streaming_content) if r.streaming else r.content
    assert r.status_code == 200 and body != stale and body.startswith(b"%PDF")
