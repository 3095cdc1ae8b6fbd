"""Web: list dates from the rules, obligations with why on the area page and its JSON twin, undetermined decisions
shown as such (brief L)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from boligmonitor.rules.obligations import obligations_in_force
from boligmonitor.web import models as m


@pytest.mark.parametrize(("year", "da", "en"), [
    (2010, "Lister pr. 26. oktober 2010", "Lists as of 26 October 2010"),
    (2011, "Lister pr. 1. oktober 2011", "Lists as of 1 October 2011"),
    (2012, "Lister pr. 1. oktober 2012", "Lists as of 1 October 2012"),
    (2013, "Lister pr. 1. december 2013", "Lists as of 1 December 2013"),
])
def test_list_pages_take_the_date_from_the_rules(client_for: Any, year: int, da: str, en: str) -> None:
    c = client_for("public")
    assert da in c.get(f"/lists/?year={year}").content.decode()
    assert json.loads(c.get(f"/lists.json?year={year}").content)["list_date"] == {
        2010: "2010-10-26", 2011: "2011-10-01", 2012: "2012-10-01"}.get(year, f"{year}-12-01")
    c.post("/language/", {"language": "en", "next": "/lists/"})
    assert en in c.get(f"/lists/?year={year}").content.decode()


def _former_hard_ghetto() -> tuple[str, int]:
    """An area and list year where § 51 c continues after the area left the list (§ 168 a, stk. 6)."""
    v = m.Vintage.objects.get(published=True)
    history: dict[str, dict[int, dict[str, bool | None]]] = {}
    for area, year, category, member in m.Classification.objects.filter(vintage=v).values_list(
            "area_id", "list_year", "category", "member"):
        history.setdefault(area, {}).setdefault(year, {})[category] = member
    for area, h in sorted(history.items()):
        for year in sorted(h):
            if any(o["id"] == "afvisning_51c" and o["basis"] == "persists" for o in obligations_in_force(h, year)):
                return area, year
    raise AssertionError("the synthetic vintage has no former hårdt ghettoområde")


def test_area_page_says_why_an_obligation_continues_after_the_list(client_for: Any) -> None:
    area, year = _former_hard_ghetto()
    c = client_for("analyst")
    page = c.get(f"/areas/{area}/?year={year}").content.decode()
    assert "fortsætter efter listen" in page and "Gælder fortsat, selv om området ikke længere er" in page
    assert "Almenboligloven § 168 a, stk. 6" in page
    data = json.loads(c.get(f"/areas/{area}.json?year={year}").content)
    persisting = [o for o in data["explanation"]["obligations"] if o["basis"] == "persists"]
    assert {"afvisning_51c", "udviklingsplan"} <= {o["id"] for o in persisting}
    assert all(o["why"] and o["reference"].startswith("Almenboligloven") for o in persisting)
    c.post("/language/", {"language": "en", "next": "/"})
    page = c.get(f"/areas/{area}/?year={year}").content.decode()
    assert "continues after the list" in page and "Continues although the area is no longer" in page


def test_undetermined_decision_is_shown_with_its_reason(client_for: Any) -> None:
    """A decision stored as undetermined (member null) reads 'kan ikke afgøres' with the rules' reason on the area
    page, and on the list page as its own state, never as 'udgået'."""
    v = m.Vintage.objects.get(published=True)
    year = v.last_list_year
    # an area on no list this year or last: only its undetermined decision can bring it onto the list page
    listed = set(m.Classification.objects.filter(vintage=v, list_year__in=[year - 1, year], member=True)
                 .values_list("area_id", flat=True))
    row = (m.Classification.objects.filter(vintage=v, category="udsat_boligomraade", list_year=year)
           .exclude(area_id__in=listed).order_by("area_id").first())
    assert row is not None
    reason = {"da": "kan ikke afgøres: afgørelsen afhænger af »X«, som ikke kan beregnes",
              "en": "cannot be decided: the decision depends on “X”, which cannot be computed"}
    row.member, row.notes = None, [reason, *row.notes]
    row.save()
    c = client_for("analyst")
    lists = c.get(f"/lists/?year={row.list_year}&category=udsat_boligomraade").content.decode()
    area = m.Area.objects.get(vintage=v, area_id=row.area_id)
    line = next(li for li in lists.split("<tr") if area.name in li)
    assert "kan ikke afgøres" in line and "udgået" not in line and reason["da"] in line
    page = c.get(f"/areas/{row.area_id}/?year={row.list_year}").content.decode()
    assert 'class="undetermined">kan ikke afgøres' in page and reason["da"] in page
    data = json.loads(c.get(f"/lists.json?year={row.list_year}&category=udsat_boligomraade").content)
    counts = {x["category"]: x for x in data["categories"]}
    assert counts["udsat_boligomraade"]["undetermined"] == 1


def test_api_carries_why_an_obligation_applies(client_for: Any) -> None:
    area, year = _former_hard_ghetto()
    data = json.loads(client_for("analyst").get(f"/api/areas/{area}?year={year}").content)
    obligations = {o["id"]: o for o in data["explanation"]["obligations"]}
    assert obligations["afvisning_51c"]["basis"] == "persists"
    assert obligations["afvisning_51c"]["persistence_reference"] == "Almenboligloven § 168 a, stk. 6"
    assert "Gælder fortsat" in obligations["afvisning_51c"]["why"]
    assert data["explanation"]["list_date_text"] == f"1. december {year}"
    criteria = [c for d in data["explanation"]["decisions"] for c in d["criteria"]]
    assert all(c["value_text"] for c in criteria)


def test_home_page_takes_the_list_date_from_the_rules(client_for: Any) -> None:
    c = client_for("public")
    year = m.Vintage.objects.get(published=True).last_list_year
    assert f"Listerne pr. 1. december {year}:" in c.get("/").content.decode()
    c.post("/language/", {"language": "en", "next": "/"})
    assert f"The lists as of 1 December {year}:" in c.get("/").content.decode()
