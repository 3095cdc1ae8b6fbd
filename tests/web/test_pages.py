"""Pages, their JSON twins and downloads: same data everywhere, Danish by default, English on request."""

from __future__ import annotations

import csv
import html
import io
from typing import Any

from openpyxl import load_workbook

from boligmonitor.web import models as m


def _area_on_a_list() -> tuple[str, int, str]:
    c = m.Classification.objects.filter(member=True, category__in=["udsat_boligomraade", "ghettoomraade",
                                                                     "forebyggelsesomraade"]).order_by("-list_year")
    row = c.first()
    assert row is not None
    return row.area_id, row.list_year, row.category


def test_lists_page_and_its_json_twin_agree(client_for: Any) -> None:
    c = client_for("public")
    area_id, year, category = _area_on_a_list()
    html = c.get(f"/lists/?year={year}")
    twin = c.get(f"/lists.json?year={year}").json()
    api = c.get(f"/api/lists?year={year}").json()
    assert html.status_code == 200
    assert twin["rows"] == api["rows"]
    assert any(r["area_id"] == area_id and r["category"] == category and r["member"] for r in twin["rows"])
    name = m.Area.objects.get(area_id=area_id).name
    assert name in html.content.decode()
    assert f"Lister pr. 1. december {year}" in html.content.decode()  # no thousands separator in years


def test_filters_narrow_the_lists(client_for: Any) -> None:
    c = client_for("public")
    _, year, _ = _area_on_a_list()
    all_rows = c.get(f"/lists.json?year={year}").json()["rows"]
    mun = all_rows[0]["municipality_code"]
    only = c.get(f"/lists.json?year={year}&municipality={mun}").json()["rows"]
    assert only and all(r["municipality_code"] == mun for r in only)
    assert c.get(f"/lists.json?year={year}&municipality=abc").status_code == 400  # not a number: a bad request


def test_area_page_shows_criteria_margins_and_obligations(client_for: Any) -> None:
    c = client_for("public")
    area_id, year, category = _area_on_a_list()
    data = c.get(f"/areas/{area_id}.json?year={year}").json()
    decision = next(d for d in data["explanation"]["decisions"] if d["category"] == category)
    assert decision["member"] is True
    assert all("exit_path" in crit for crit in decision["criteria"])
    assert data["explanation"]["obligations"], "an area on a list has obligations"
    page = c.get(f"/areas/{area_id}/?year={year}").content.decode()
    crit = next(x for x in decision["criteria"] if x["margin"] and x["margin"].get("persons"))
    assert crit["exit_path"] in page
    assert "Almenboligloven" in page


def test_danish_csv_and_english_csv(client_for: Any) -> None:
    c = client_for("public")
    _, year, _ = _area_on_a_list()
    da = c.get(f"/lists.csv?year={year}")
    assert da["Content-Disposition"].startswith("attachment")
    text = da.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][0].startswith("# SYNTETISKE DATA")
    assert rows[1][:2] == ["Listeår", "Kategori"]
    en = c.get(f"/lists.csv?year={year}&lang=en").content.decode("utf-8-sig")
    assert "List year,Category" in en


def test_xlsx_and_pdf_downloads(client_for: Any) -> None:
    c = client_for("public")
    area_id, year, _ = _area_on_a_list()
    x = c.get(f"/lists.xlsx?year={year}")
    wb = load_workbook(io.BytesIO(x.content))
    assert wb.active.max_row >= 3
    assert c.get(f"/lists.pdf?year={year}").content.startswith(b"%PDF")
    assert c.get(f"/areas/{area_id}.pdf").content.startswith(b"%PDF")
    assert m.AuditEvent.objects.filter(action="export").count() >= 3


def test_english_on_request_danish_by_default(client_for: Any) -> None:
    c = client_for("public")
    assert "Lister" in c.get("/lists/").content.decode()
    c.post("/language/", {"language": "en", "next": "/lists/"})
    page = c.get("/lists/").content.decode()
    assert '<html lang="en">' in page
    assert "Lists as of 1 December" in page


def test_errors_have_one_json_shape(client_for: Any) -> None:
    c = client_for("public")
    for url in ("/areas/NOPE.json", "/api/areas/NOPE", "/lists.json?year=1990", "/api/lists?year=abc"):
        r = c.get(url)
        assert r.status_code in (404, 422), url
        body = r.json()
        assert set(body) == {"error"} and set(body["error"]) == {"code", "status", "message"}, url


def test_map_compare_rank(client_for: Any) -> None:
    c = client_for("analyst")
    area_id, year, _ = _area_on_a_list()
    mp = c.get(f"/map.json?year={year}").json()
    assert any(f["area_id"] == area_id and f["categories"] for f in mp["features"])
    assert all(f["geometry"]["type"] == "Polygon" for f in mp["features"])
    svg_page = c.get(f"/map/?year={year}").content.decode()
    assert "<svg" in svg_page and f'href="/areas/{area_id}/"' in svg_page
    others = list(m.Area.objects.filter(kind="statutory").values_list("area_id", flat=True)[:3])
    cmp = c.get("/compare.json?" + "&".join(f"area={a}" for a in others)).json()
    assert [a["area_id"] for a in cmp["areas"]] == others
    rank = c.get("/rank.json?indicator=nonwestern_share").json()
    values = [r["value"] for r in rank["rows"]]
    assert values == sorted(values, reverse=True) and values


def test_danish_number_and_date_formats(client_for: Any) -> None:
    c = client_for("analyst")
    area_id, _, _ = _area_on_a_list()
    page = c.get(f"/areas/{area_id}/").content.decode()
    assert "1. januar 2000" in page  # membership dates
    assert " %</td>" in page and any(f",{d} %" in page for d in "0123456789")  # decimal comma in shares
    english = c.get(f"/areas/{area_id}/?lang=en").content.decode()
    assert "Jan. 1, 2000" in english


def test_rank_values_follow_the_language(client_for: Any) -> None:
    import re

    c = client_for("analyst")
    da = c.get("/rank/?indicator=nonwestern_share").content.decode()
    en = c.get("/rank/?indicator=nonwestern_share&lang=en").content.decode()
    assert re.search(r"<td>\d+,\d %</td>", da) and not re.search(r"<td>\d+\.\d %</td>", da)
    assert re.search(r"<td>\d+\.\d %</td>", en)


def test_criteria_and_list_changes_follow_the_language(client_for: Any) -> None:
    """The law's sentences (criterion labels, comparator wording, margin notes) come in the page's language."""
    from boligmonitor.rules.texts import COMPARATOR_WORDING, CRITERION_LABELS

    c = client_for("analyst")
    area_id, year, _ = _area_on_a_list()
    for lang, other in (("da", "en"), ("en", "da")):
        data = c.get(f"/areas/{area_id}.json?year={year}&lang={lang}").json()
        crits = [x for d in data["explanation"]["decisions"] for x in d["criteria"]]
        labels = {x["label"] for x in crits}
        assert labels <= {getattr(t, lang) for t in CRITERION_LABELS.values()}, labels
        assert {x["wording"] for x in crits} <= {getattr(t, lang) for t in COMPARATOR_WORDING.values()}
        assert not any(k.endswith("_en") for x in crits for k in x), "one shape: no second-language keys"
        page = c.get(f"/areas/{area_id}/?year={year}&lang={lang}").content.decode()
        assert all(html.escape(label) in page for label in labels)
        assert not any(html.escape(getattr(t, other)) in page for t in CRITERION_LABELS.values())
    changed = {lang: [r["difference"] for y in range(year, year - 4, -1)
                      for r in c.get(f"/lists.json?year={y}&lang={lang}").json()["rows"] if r["difference"]]
               for lang in ("da", "en")}
    # a criterion that flipped, or (issue 12 §3) a list that is new that year
    assert changed["da"] and all("opfyldt" in d or "første gang" in d for d in changed["da"])
    assert changed["en"] and all((" met" in d or "first list" in d) and "opfyldt" not in d and "første" not in d
                                 for d in changed["en"])
