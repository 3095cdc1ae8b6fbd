"""Rank and compare (issue 12 §4): one kind of area per ranking, the right reason for every unranked area, the
municipality/region/nation beside each area, a searchable picker, downloads in the reader's language, a format a
page does not offer answers 404 (never the HTML page), and compare's cost does not grow with the number of areas."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from boligmonitor.web import models as m
from boligmonitor.web.access import PUBLIC_INDICATORS


def _vintage() -> m.Vintage:
    return m.Vintage.objects.get(published=True)


def _cell(unit_type: str, unit_id: str, year: int, indicator: str) -> m.IndicatorValue | None:
    return m.IndicatorValue.objects.filter(vintage=_vintage(), unit_type=unit_type, unit_id=unit_id, year=year,
                                           indicator_id=indicator).first()


def _published(unit_type: str, unit_id: str, year: int, indicator: str) -> float | None:
    cell = _cell(unit_type, unit_id, year, indicator)
    return None if cell is None or cell.suppression is not None else cell.value


def test_a_ranking_holds_one_kind_of_area_so_no_resident_counts_twice(client_for: Any) -> None:
    c = client_for("analyst")
    kinds = set(m.Area.objects.filter(vintage=_vintage()).values_list("kind", flat=True))
    assert {"statutory", "helhedsplan"} <= kinds
    for kind in kinds:
        data = c.get(f"/rank.json?indicator=residents&kind={kind}").json()
        listed = [r["area_id"] for r in data["rows"]] + [r["area_id"] for r in data["not_ranked"]]
        want = set(m.Area.objects.filter(vintage=_vintage(), kind=kind).values_list("area_id", flat=True))
        assert set(listed) == want and len(listed) == len(want)
        assert {r["kind"] for r in data["rows"]} <= {kind}
    assert c.get("/rank.json?kind=everything").status_code == 404


def test_equal_values_share_a_rank_and_ranks_follow_the_values(client_for: Any) -> None:
    rows = client_for("analyst").get("/rank.json?indicator=nonwestern_share").json()["rows"]
    assert rows
    for i, r in enumerate(rows):
        assert r["rank"] == 1 + sum(1 for x in rows if x["value"] > r["value"]), (i, r)


def test_every_unranked_area_says_why(client_for: Any) -> None:
    v = _vintage()
    # a statutory area with a suppressed cell, and one without any cell, in some indicator and year
    areas = set(m.Area.objects.filter(vintage=v, kind="statutory").values_list("area_id", flat=True))
    hidden = m.IndicatorValue.objects.filter(vintage=v, unit_type="area", unit_id__in=areas,
                                             suppression__isnull=False).first()
    assert hidden is not None
    data = client_for("analyst").get(f"/rank.json?indicator={hidden.indicator_id}&year={hidden.year}").json()
    reasons = {r["area_id"]: r["reason"] for r in data["not_ranked"]}
    assert reasons[hidden.unit_id] == "suppressed"
    for a, why in reasons.items():
        cell = _cell("area", a, hidden.year, hidden.indicator_id)
        assert why == ("no_data" if cell is None else "suppressed"), a
    # the public sees statutory areas but not every indicator: each says so instead of "no data"
    private = sorted(set(m.IndicatorValue.objects.filter(vintage=v, unit_type="area").values_list(
        "indicator_id", flat=True).distinct()) - PUBLIC_INDICATORS)[0]
    public = client_for("public").get(f"/rank.json?indicator={private}").json()
    assert public["rows"] == [] and {r["reason"] for r in public["not_ranked"]} == {"not_shown"}
    assert public["not_ranked"][0]["reason_text"].startswith("indikatoren vises kun")
    en = client_for("public").get(f"/rank.json?indicator={private}&lang=en").json()
    assert en["not_ranked"][0]["reason_text"].startswith("this indicator is shown only")


def test_each_ranked_area_stands_beside_its_municipality_region_and_the_nation(client_for: Any) -> None:
    year = _vintage().last_data_year
    data = client_for("public").get(f"/rank.json?indicator=outside_labour_18_64&year={year}").json()
    assert data["rows"]
    for r in data["rows"]:
        a = m.Area.objects.get(vintage=_vintage(), area_id=r["area_id"])
        assert r["value"] == _published("area", a.area_id, year, "outside_labour_18_64")
        assert r["municipality_value"] == _published("municipality", str(a.municipality_code), year,
                                                     "outside_labour_18_64")
        assert r["region_value"] == _published("region", str(a.region_code), year, "outside_labour_18_64")
        assert r["nation_value"] == _published("nation", "DK", year, "outside_labour_18_64")


def test_rank_filters_by_list_status(client_for: Any) -> None:
    c = client_for("analyst")
    v = _vintage()
    # a list with members, and the data year whose list it is (a list of 1 December Y uses data year Y-1)
    list_year = max(m.Classification.objects.filter(vintage=v, member=True).values_list("list_year", flat=True))
    year = list_year - 1
    listed = set(m.Classification.objects.filter(vintage=v, list_year=list_year, member=True)
                 .values_list("area_id", flat=True))
    assert listed
    on = c.get(f"/rank.json?indicator=residents&status=listed&year={year}").json()
    off = c.get(f"/rank.json?indicator=residents&status=not_listed&year={year}").json()
    on_ids = {r["area_id"] for r in on["rows"] + on["not_ranked"]}
    off_ids = {r["area_id"] for r in off["rows"] + off["not_ranked"]}
    assert on_ids == listed and not on_ids & off_ids


def test_compare_has_municipality_region_and_nation_columns_with_their_cells(client_for: Any) -> None:
    v = _vintage()
    areas = list(m.Area.objects.filter(vintage=v, kind="statutory").order_by("area_id")[:3])
    data = client_for("public").get("/compare.json?" + "&".join(f"area={a.area_id}" for a in areas)).json()
    kinds = [col["unit_type"] for col in data["columns"]]
    assert kinds[:3] == ["area"] * 3 and kinds[-1] == "nation"
    assert {col["unit_id"] for col in data["columns"] if col["unit_type"] == "municipality"} == {
        str(a.municipality_code) for a in areas}
    assert {col["unit_id"] for col in data["columns"] if col["unit_type"] == "region"} == {
        str(a.region_code) for a in areas}
    for row in data["rows"]:
        assert row["indicator_id"] in PUBLIC_INDICATORS  # the public's own compare stays within its profile
        for col, p in zip(data["columns"], row["values"], strict=True):
            assert p["value"] == (None if p["suppressed"] else _published(
                col["unit_type"], col["unit_id"], data["year"], row["indicator_id"])), (col, row["indicator_id"])


def test_compare_costs_the_same_number_of_queries_for_one_area_and_for_eight(client_for: Any) -> None:
    c = client_for("analyst")
    ids = list(m.Area.objects.filter(vintage=_vintage()).order_by("area_id").values_list("area_id", flat=True))
    assert len(ids) >= 8
    c.get(f"/compare.json?area={ids[0]}")  # the worker's area cache is filled once, as in a running server
    counts = {}
    for n in (1, 8):
        with CaptureQueriesContext(connection) as ctx:
            r = c.get("/compare.json?" + "&".join(f"area={a}" for a in ids[:n]))
        assert r.status_code == 200 and len(r.json()["areas"]) == n
        counts[n] = len(ctx.captured_queries)
    assert counts[8] == counts[1], counts


def test_the_picker_searches_name_municipality_and_list_status(client_for: Any) -> None:
    c = client_for("analyst")
    a = m.Area.objects.filter(vintage=_vintage(), kind="statutory").order_by("area_id").first()
    assert a is not None
    municipality = m.Municipality.objects.get(vintage=_vintage(), code=a.municipality_code).name
    by_name = c.get(f"/compare/?q={a.name[:5].upper()}").content.decode()
    assert f'value="{a.area_id}"' in by_name
    by_municipality = c.get(f"/compare/?q={municipality}").content.decode()
    assert f'value="{a.area_id}"' in by_municipality
    others = m.Area.objects.filter(vintage=_vintage()).exclude(municipality_code=a.municipality_code)
    assert all(f'value="{o.area_id}"' not in by_municipality for o in others if municipality not in o.name)
    helhed = c.get("/compare/?kind=helhedsplan").content.decode()
    assert all(f'value="{x.area_id}"' not in helhed for x in m.Area.objects.filter(kind="statutory"))
    # a chosen area stays chosen while the user searches for others
    kept = c.get(f"/compare/?q=zzzz-nothing&area={a.area_id}").content.decode()
    assert f'value="{a.area_id}" checked' in kept


def _csv(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def test_rank_and_compare_download_in_the_readers_language_with_the_pages_numbers(client_for: Any) -> None:
    c = client_for("analyst")
    year = _vintage().last_data_year
    data = c.get(f"/rank.json?indicator=nonwestern_share&year={year}").json()
    rows = _csv(c.get(f"/rank.csv?indicator=nonwestern_share&year={year}").content)
    header = next(r for r in rows if r and r[0] == "Placering")
    assert header[6] == "Indvandrere og efterkommere fra ikke-vestlige lande (%)"
    first = rows[rows.index(header) + 1]
    assert first[2] == data["rows"][0]["area_id"]
    assert float(first[6].replace(",", ".")) == round(data["rows"][0]["value"] * 100, 4)  # percent, as on the page
    en = c.get(f"/rank.csv?indicator=nonwestern_share&year={year}&lang=en").content.decode("utf-8-sig")
    assert "Rank,Area,Area id,Kind,Municipality" in en
    ids = [r["area_id"] for r in data["rows"][:2]]
    book = load_workbook(io.BytesIO(c.get("/compare.xlsx?" + "&".join(f"area={a}" for a in ids)).content))
    assert book.sheetnames[1] == "Om data"
    about = {r[0].value: r[1].value for r in book["Om data"].iter_rows()}
    assert about["Diskretionering: mindste antal"] == _vintage().minimum_count
    assert about["Regelversion"] == _vintage().rules_version
    sheet = book.worksheets[0]
    assert sheet.freeze_panes and sheet.auto_filter.ref
    texts = [str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert "diskretioneret" in texts or all("suppress" not in t for t in texts)
    assert not any(t in ("stays", "left", "new", "True", "False") for t in texts)


def test_the_maps_table_downloads(client_for: Any) -> None:
    c = client_for("public")
    year = _vintage().last_list_year
    rows = _csv(c.get(f"/map.csv?year={year}").content)
    header = next(r for r in rows if r and r[0] == "Område")
    assert header == ["Område", "Område-id", "Kommune", f"Lister {year}"]
    statutory = set(m.Area.objects.filter(vintage=_vintage(), kind="statutory").values_list("area_id", flat=True))
    assert {r[1] for r in rows[rows.index(header) + 1:]} == statutory
    by_indicator = c.get("/map.xlsx?indicator=residents")
    assert by_indicator.status_code == 200 and by_indicator["Content-Type"].startswith("application/vnd.openxml")


def test_a_format_a_page_does_not_offer_is_404_never_the_html_page(client_for: Any) -> None:
    c = client_for("analyst")
    a = m.Area.objects.filter(vintage=_vintage(), kind="statutory").first()
    assert a is not None
    for url in ("/rank.pdf", f"/compare.pdf?area={a.area_id}", "/map.pdf", f"/areas/{a.area_id}.csv"):
        r = c.get(url)
        assert r.status_code == 404 and r["Content-Type"] == "application/json", url
        assert r.json()["error"]["code"] == "not_found"
    for url in ("/rank.csv", "/rank.xlsx", f"/compare.csv?area={a.area_id}", "/map.csv", "/lists.pdf"):
        r = c.get(url)
        assert r.status_code == 200 and not r["Content-Type"].startswith("text/html"), url


def test_the_compare_pages_twin_before_a_choice_is_what_there_is_to_choose_from(client_for: Any) -> None:
    c = client_for("public")
    data = c.get("/compare.json?status=listed").json()
    statutory = {a.area_id for a in m.Area.objects.filter(vintage=_vintage(), kind="statutory")}
    assert data["picker"]["count"] == len(data["picker"]["matches"])
    assert {a["area_id"] for a in data["picker"]["matches"]} <= statutory
    assert all(a["status"] != "ikke på nogen liste" for a in data["picker"]["matches"])
    assert 'href="/map.csv?' in c.get("/map/").content.decode()  # the map's table downloads from its page


def test_the_fast_number_writer_writes_what_the_pages_write() -> None:
    import random

    from django.utils import translation

    from boligmonitor.web import svg
    from boligmonitor.web.compare_rank import shown

    rng = random.Random(3)
    values = [rng.uniform(0, 1) for _ in range(300)] + [rng.uniform(0, 5) for _ in range(100)] + [
        rng.uniform(0, 400_000) for _ in range(200)] + [0.0, 0.05, 0.995, 1234.5, 99.95]
    for lang in ("da", "en"):
        with translation.override(lang):
            for kind in ("share", "ratio", "mean", "count"):
                for x in values:
                    assert shown(x, kind, lang) == svg.format_value(x, kind), (lang, kind, x)


def test_the_ranking_rows_written_in_python_are_escaped() -> None:
    from boligmonitor.web.tables import rank_rows_html

    row = {"rank": 1, "area_id": "A1", "name": "<script>x</script>", "municipality": "Køge & Co", "status": "",
           "value_shown": "1 %", "municipality_value_shown": "–", "region_value_shown": "–", "nation_value_shown": "–"}
    html = rank_rows_html([row], True)
    assert "<script>" not in html and "&lt;script&gt;" in html and "Køge &amp; Co" in html
