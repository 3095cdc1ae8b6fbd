"""Issue 12 §1: a start page for each role, checked against the bundle and the database independently of start.py."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from boligmonitor.rules import categories_in_force
from boligmonitor.web import models as m
from tests.web.conftest import ROLES
from tests.web.test_access import _scope

KINDS = {"public": "public", "board": "mine", "organisation": "mine", "municipality": "mine", "analyst": "national",
         "admin": "national"}


def _classifications(bundle: Path) -> list[dict[str, Any]]:
    return pq.read_table(bundle / "classifications.parquet", columns=["area_id", "list_year", "category",
                                                                       "member"]).to_pylist()


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_its_own_start_page(client_for: Any, role: str) -> None:
    c = client_for(role)
    data = c.get("/index.json").json()
    assert data["kind"] == KINDS[role]
    html = c.get("/").content.decode()
    heading = {"mine": "Mine områder", "national": "Landsbilledet", "public": "Hvad er listerne?"}[data["kind"]]
    assert heading in html
    assert 'role="search"' in html
    assert c.get("/index.csv").status_code == 404  # a format the page does not offer


@pytest.mark.parametrize("role", ["municipality", "organisation", "board"])
def test_mine_holds_exactly_the_areas_in_scope_with_their_status(client_for: Any, synth_bundle: Path,
                                                                 role: str) -> None:
    data = client_for(role).get("/index.json").json()
    own = {a["area_id"] for a in data["areas"] if a["within"] is None}
    assert own == _scope(role) and own
    year = data["year"]
    rows = _classifications(synth_bundle)
    on = {(r["area_id"], r["category"]) for r in rows if r["list_year"] == year and r["member"]}
    before = {(r["area_id"], r["category"]): r["member"] for r in rows if r["list_year"] == year - 1}
    for a in data["areas"]:
        listed = {x["category"] for x in a["lists"]}
        assert listed == {c for (aid, c) in on if aid == a["area_id"]}, a["area_id"]
        for x in a["entered"]:
            assert before.get((a["area_id"], x["category"])) is not True
        for x in a["left"]:
            assert before[(a["area_id"], x["category"])] is True and x["category"] not in listed
    # a board's helhedsplan area brings the statutory areas it holds along, marked as inside it
    if role == "board":
        assert any(a["within"] for a in data["areas"])


def test_the_closest_criterion_is_a_real_margin_of_the_area(client_for: Any) -> None:
    data = client_for("municipality").get("/index.json").json()
    checked = 0
    for a in data["areas"]:
        near = a["closest"]
        if near is None:
            continue
        row = m.Classification.objects.get(vintage__published=True, area_id=a["area_id"], list_year=data["year"],
                                           category=near["category"])
        criterion = next(c for c in row.criteria if c["id"] == near["criterion"])
        assert criterion["margin"]["persons"] == near["persons"]
        assert criterion["met"] is row.member  # an exit path for a listed area, a distance for one not listed
        same_way = [c["margin"]["persons"] for c in row.criteria if c["met"] is row.member and c.get("margin")
                    and c["margin"].get("persons") is not None and not c.get("withheld")]
        assert near["persons"] == min(same_way)
        assert near["kind"] == ("exit" if row.member else "to_list")
        checked += 1
    assert checked


def test_plans_covering_an_area_are_on_the_start_page(client_for: Any) -> None:
    from tests.web.plans import factories as plans

    plan = plans.create(plans.agreement_doc(key="start-aftale", status="signed", published=True))
    data = client_for("board").get("/index.json").json()
    covered = {a["area_id"]: [p["id"] for p in a["plans"]] for a in data["areas"]}
    assert plan.pk in covered[plans.plan_area().area_id]
    html = client_for("board").get("/").content.decode()
    assert f'href="/plans/{plan.pk}/"' in html


def test_search_finds_only_areas_the_viewer_may_see(client_for: Any) -> None:
    v = m.Vintage.objects.get(published=True)
    hidden = m.Area.objects.filter(vintage=v, kind="helhedsplan").order_by("area_id").first()
    statutory = m.Area.objects.filter(vintage=v, kind="statutory").order_by("area_id").first()
    assert hidden is not None and statutory is not None
    public = client_for("public").get("/index.json", {"q": hidden.name}).json()["results"]
    assert hidden.area_id not in {r["area_id"] for r in public}
    board = client_for("board").get("/index.json", {"q": hidden.name.upper()}).json()["results"]
    assert hidden.area_id in {r["area_id"] for r in board}
    by_id = client_for("public").get("/index.json", {"q": statutory.area_id}).json()["results"]
    assert by_id[0]["area_id"] == statutory.area_id
    page = client_for("public").get("/", {"q": statutory.name}).content.decode()
    assert f'href="/areas/{statutory.area_id}/"' in page
    assert client_for("public").get("/index.json", {"q": "zzzz-no-such-area"}).json()["results"] == []


def test_national_counts_are_the_bundles_members_per_list_and_year(client_for: Any, synth_bundle: Path) -> None:
    data = client_for("analyst").get("/index.json").json()
    expected = Counter((r["list_year"], r["category"]) for r in _classifications(synth_bundle) if r["member"])
    cats = [c["category"] for c in data["columns"]]
    assert {"ghettoomraade", "haardt_ghettoomraade", "forebyggelsesomraade"} <= set(cats)
    for row in data["counts"]:
        for c, n in zip(cats, row["cells"], strict=True):
            if c in categories_in_force(row["year"]):
                assert n == expected[(row["year"], c)], (row["year"], c)
            else:
                assert n is None  # the list did not exist that year
    year = data["year"]
    rows = _classifications(synth_bundle)
    was = {(r["area_id"], r["category"]): r["member"] for r in rows if r["list_year"] == year - 1}
    for move in data["moves"]:
        new = {r["area_id"] for r in rows if r["list_year"] == year and r["category"] == move["category"]
               and r["member"] and was.get((r["area_id"], r["category"])) is False}
        gone = {r["area_id"] for r in rows if r["list_year"] == year and r["category"] == move["category"]
                and r["member"] is False and was.get((r["area_id"], r["category"])) is True}
        assert {r["area_id"] for r in move["new"]} == new
        assert {r["area_id"] for r in move["left"]} == gone


def test_the_public_page_says_what_the_lists_are_in_both_languages(client_for: Any) -> None:
    c = client_for("public")
    data = c.get("/index.json").json()
    assert [e["category"] for e in data["explained"]] == categories_in_force(data["year"])
    assert "ikke ministeriets officielle lister" in data["computed"]
    c.post("/language/", {"language": "en", "next": "/"})
    english = c.get("/index.json").json()
    assert "not the ministry's official lists" in english["computed"]
    assert english["explained"][0]["text"] != data["explained"][0]["text"]
    assert "What are the lists?" in c.get("/").content.decode()
