"""No count or share part below the minimum reaches a page, an export or the API.

The crawl covers every area page (JSON twin and API) for every list year, the lists, the map, rank and compare,
as the analyst (who sees most) and as the public. Every number published as a count must be at least the minimum,
and every profile value must be exactly the bundle's published cell: the web never adds a number of its own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from boligmonitor.web import models as m


def _walk(node: Any, minimum: int, where: str, found: list[str]) -> None:
    if isinstance(node, dict):
        for key in ("numerator", "denominator"):
            v = node.get(key)
            if v is not None and v < minimum:
                found.append(f"{where}: {key}={v}")
        if node.get("suppressed") is True and node.get("value") is not None:
            found.append(f"{where}: suppressed cell with a value")
        if node.get("unit") == "persons" and node.get("value") is not None and node["value"] < minimum:
            found.append(f"{where}: criterion count {node['value']}")
        for k, v in node.items():
            _walk(v, minimum, f"{where}.{k}", found)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            _walk(v, minimum, f"{where}[{i}]", found)


def test_crawl_finds_no_small_numbers(client_for: Any) -> None:
    v = m.Vintage.objects.get(published=True)
    found: list[str] = []
    for role in ("analyst", "public"):
        c = client_for(role)
        urls = ["/index.json", "/map.json", "/api/rank?indicator=convicted_18plus", "/api/areas"]
        urls += ["/composite.json?preset=custom&ind=outside_labour_18_64&ind=nonwestern_share",  # the index page
                 "/api/index?preset=custom&ind=convicted_18plus&ind=basic_education_30_59&norm=percentile",
                 "/composite.json", "/composite.json?preset=lovkriterier&municipality="  # the public's preset
                 f"{m.Area.objects.filter(vintage=v, kind='statutory').order_by('area_id')[0].municipality_code}",
                 f"/api/index?preset=lovkriterier&year={v.last_data_year - 1}"]
        urls += [f"/api/lists?year={y}" for y in range(v.first_list_year, v.last_list_year + 1)]
        urls += ["/map.json?indicator=convicted_18plus", "/map.json?indicator=residents&unit=municipality",  # map
                 "/api/map?colour=watchlist", f"/map.json?colour=watchlist&year={v.first_list_year + 8}"]
        urls += ["/watchlist.json", "/api/watchlist?year=2014", "/forecast.json", "/api/forecast?horizon=1"]  # issue 11
        urls += [f"/watchlist.json?year={y}" for y in range(v.first_list_year, v.last_list_year + 1)]
        areas = list(m.Area.objects.filter(vintage=v).values_list("area_id", flat=True))
        urls += [f"/compare.json?{'&'.join('area=' + a for a in areas[:8])}"]
        for a in areas:
            urls += [f"/areas/{a}.json?year={y}" for y in (v.first_list_year, 2018, 2021, v.last_list_year)]
        for url in urls:
            r = c.get(url)
            if r.status_code == 404 and role == "public":  # an area the public may not see
                continue
            assert r.status_code == 200, url
            _walk(r.json(), v.minimum_count, f"{role} {url}", found)
    assert found == []


def test_profile_values_are_exactly_the_bundles_published_cells(client_for: Any, synth_bundle: Path) -> None:
    cells = {(r["unit_type"], r["unit_id"], r["year"], r["indicator_id"]): r
             for r in pq.read_table(synth_bundle / "indicators.parquet").to_pylist()}
    c = client_for("analyst")
    checked = 0
    for a in m.Area.objects.filter(vintage__published=True):
        data = c.get(f"/api/areas/{a.area_id}").json()
        for item in data["profile"]:
            for s in item["series"]:
                for p in s["points"]:
                    cell = cells.get((s["unit_type"], s["unit_id"], p["year"], item["indicator_id"]))
                    if cell is None:
                        assert p["missing"] and p["value"] is None
                        continue
                    assert p["suppressed"] == cell["suppressed"]
                    assert (p["value"], p["numerator"], p["denominator"]) == (
                        cell["value"], cell["numerator"], cell["denominator"])
                    checked += 1
    assert checked > 1000


def _plan_values(data: Any) -> Any:
    """(unit_type, unit_id, year, indicator, Value) of every goal row's baseline, actual and series value."""
    header = data.get("header") or data.get("plan") or {}  # the page's header, or the goals table's plan
    named = header.get("municipality")
    mun = str(named.get("code") if isinstance(named, dict) else header.get("municipality_code"))
    for g in data.get("goals", []):
        for point in [g["baseline"], g["actual"], *g["series"]]:
            for unit, unit_id in (("area", g.get("area_id")), ("municipality", mun)):
                yield unit, unit_id, point["year"], g["indicator"]["id"], point[unit]


def test_plan_pages_show_no_small_numbers_and_only_published_cells(client_for: Any, synth_bundle: Path) -> None:
    """Plans (issue 10): every plan page's JSON twin and the plans API, as the analyst and the public; each number
    is the bundle's published cell (or a hand-entered value), a suppressed cell stays without numbers."""
    from tests.web.plans import factories as plans

    v = m.Vintage.objects.get(published=True)
    cells = {(r["unit_type"], r["unit_id"], r["year"], r["indicator_id"]): r
             for r in pq.read_table(synth_bundle / "indicators.parquet").to_pylist()}
    agreement = plans.create(plans.agreement_doc(key="crawl-aftale", status="signed", published=True))
    strategy = plans.create(plans.strategy_doc(key="crawl-strategi", status="published",
                                               scope={"all_almen_areas": True}),
                            by=m.Profile.objects.get(user__username="admin").user)
    found: list[str] = []
    checked = 0
    for role in ("analyst", "public"):
        c = client_for(role)
        urls = ["/plans.json", "/api/plans"]
        for p in (agreement, strategy):
            urls += [f"/plans/{p.pk}.json?year={y}" for y in (v.first_data_year, v.last_data_year)]
            urls += [f"/api/plans/{p.pk}", f"/api/plans/{p.pk}/goals?year={v.last_data_year - 1}"]
            urls += [f"/plans/{p.pk}/focus/{fa['key']}.json" for fa in p.document["focus_areas"]]
        for url in urls:
            r = c.get(url)
            assert r.status_code == 200, (role, url)
            data = r.json()
            _walk(data, v.minimum_count, f"{role} {url}", found)
            for unit, unit_id, year, ind, value in _plan_values(data):
                if value["source"] != "bundle" or year is None:
                    continue
                cell = cells.get((unit, unit_id, year, ind))
                if cell is None or value.get("note"):  # not published, or not shown to this role
                    assert value["value"] is None and value["numerator"] is None, (role, url, unit, year, ind)
                    continue
                assert value["suppressed"] == cell["suppressed"], (role, url, unit, year, ind)
                assert (value["value"], value["numerator"], value["denominator"]) == (
                    cell["value"], cell["numerator"], cell["denominator"]), (role, url, unit, year, ind)
                checked += 1
    assert found == []
    assert checked > 100


def _numbers(body: bytes) -> list[float]:
    """Every number in a Danish CSV download (decimal comma), the banner line left out."""
    import contextlib
    import csv
    import io

    out = []
    for row in list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))[1:]:
        for cell in row:
            with contextlib.suppress(ValueError):  # text cells (names, labels, "diskretioneret")
                out.append(float(cell.replace(",", ".")))
    return out


def test_rank_compare_and_map_downloads_carry_only_published_cells(client_for: Any, synth_bundle: Path) -> None:
    """Issue 12 §4: the rank, compare and map tables (JSON twins and CSV) as the analyst and the public: no small
    count, no value on a suppressed cell, and every number is a published cell (shares in percent) or a rank."""
    v = m.Vintage.objects.get(published=True)
    cells = [r for r in pq.read_table(synth_bundle / "indicators.parquet").to_pylist() if not r["suppressed"]]
    published = sorted({r["value"] for r in cells} | {r["value"] * 100 for r in cells})

    def is_published(x: float) -> bool:  # a CSV writes four decimals
        import bisect

        i = bisect.bisect_left(published, x - 0.000051)
        return i < len(published) and published[i] <= x + 0.000051
    areas = list(m.Area.objects.filter(vintage=v).order_by("area_id").values_list("area_id", flat=True))
    found: list[str] = []
    for role in ("analyst", "public"):
        c = client_for(role)
        shown = [a for a in areas if c.get(f"/compare.json?area={a}").status_code == 200]
        pick = "&".join(f"area={a}" for a in shown[:8])
        for indicator in ("convicted_18plus", "residents", "outside_labour_18_64"):
            for kind in ("statutory", "helhedsplan"):
                q = f"indicator={indicator}&kind={kind}&year={v.last_data_year - 3}"
                _walk(c.get(f"/rank.json?{q}").json(), v.minimum_count, f"{role} rank {q}", found)
                ranks = {float(r["rank"]) for r in c.get(f"/rank.json?{q}").json()["rows"]}
                for x in _numbers(c.get(f"/rank.csv?{q}").content):
                    if not is_published(x) and x not in ranks:
                        found.append(f"{role} rank.csv {q}: {x}")
        for year in (v.first_data_year + 4, v.last_data_year):
            _walk(c.get(f"/compare.json?{pick}&year={year}").json(), v.minimum_count, f"{role} compare", found)
            for x in _numbers(c.get(f"/compare.csv?{pick}&year={year}").content):
                if not is_published(x):
                    found.append(f"{role} compare.csv {year}: {x}")
        for x in _numbers(c.get("/map.csv?indicator=convicted_18plus").content):
            if not is_published(x):
                found.append(f"{role} map.csv: {x}")
    assert found == []


def test_the_administrators_pages_show_no_small_numbers(client_for: Any, synth_bundle: Path, tmp_path: Path) -> None:
    """Issue 12: the preview before publishing (counts of areas, decisions) and the account and token pages."""
    from boligmonitor.web.actions import import_bundle
    from tests.web.bundles import copy_bundle, reseal

    v = m.Vintage.objects.get(published=True)
    new = import_bundle(reseal(copy_bundle(synth_bundle, tmp_path / "next"), note="crawl")).vintage
    found: list[str] = []
    admin = client_for("admin")
    for url in (f"/vintages/{new.pk}/preview.json", f"/vintages/{v.pk}/preview.json", "/users.json",
                "/users/analyst.json", "/tokens.json", "/audit.json"):
        r = admin.get(url)
        assert r.status_code == 200, url
        _walk(r.json(), v.minimum_count, f"admin {url}", found)
    assert found == []


def test_start_pages_show_no_small_numbers(client_for: Any) -> None:
    """Issue 12: every role's start page (its areas, margins, counts, moves and search) passes the same walk."""
    found: list[str] = []
    minimum = m.Vintage.objects.get(published=True).minimum_count
    for role in ("public", "board", "organisation", "municipality", "analyst"):
        c = client_for(role)
        for url in ("/index.json", "/index.json?q=a"):
            r = c.get(url)
            assert r.status_code == 200, (role, url)
            _walk(r.json(), minimum, f"{role} {url}", found)
    assert found == []
