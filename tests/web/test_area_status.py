"""An area's standing from its classification rows: years in a row, what changed, and the closest criterion in the
direction that matters (an exit path for a listed area, a distance for one not listed)."""

from __future__ import annotations

from typing import Any

from boligmonitor.web import area_status


def _crit(cid: str, met: bool | None, persons: int | None, withheld: str | None = None) -> dict[str, Any]:
    return {"id": cid, "label": cid, "met": met, "withheld": withheld, "unit": "share", "value": 0.5,
            "margin": None if persons is None else {"persons": persons, "dkk_per_person": None, "note": None}}


def _row(year: int, category: str, member: bool | None, criteria: list[dict[str, Any]] | None = None
         ) -> dict[str, Any]:
    return {"list_year": year, "category": category, "member": member, "criteria": criteria or []}


def test_a_listed_area_gets_its_exit_path_not_a_nearer_unmet_criterion() -> None:
    decision = [{"category": "forebyggelsesomraade", "member": True,
                 "criteria": [_crit("outside_labour", True, 50), _crit("education", False, 3),
                              _crit("crime", True, 1, withheld="withheld"), _crit("income", True, 20)]}]
    near = area_status.closest(decision, "da")
    assert near is not None
    assert (near["criterion"], near["persons"], near["kind"]) == ("income", 20, "exit")


def test_an_area_on_no_list_gets_its_distance_to_the_entry_list() -> None:
    decisions = [
        {"category": "udsat_boligomraade", "member": False, "criteria": [_crit("outside_labour", False, 2)]},
        {"category": "omdannelsesomraade", "member": False, "criteria": [_crit("outside_labour", False, 1)]},
        {"category": "forebyggelsesomraade", "member": False,
         "criteria": [_crit("outside_labour", False, 40), _crit("nonwestern", True, 5), _crit("income", False, 9)]},
        {"category": "kombineret_udlejning", "member": False, "criteria": [_crit("outside_labour", False, 0)]},
    ]
    near = area_status.closest(decisions, "da")
    assert near is not None
    assert (near["category"], near["criterion"], near["persons"], near["kind"]) == (
        "forebyggelsesomraade", "income", 9, "to_list")


def test_years_in_a_row_and_changes_since_last_year() -> None:
    rows = [_row(y, "udsat_boligomraade", True) for y in (2019, 2020, 2021)]
    rows += [_row(2018, "udsat_boligomraade", False), _row(2022, "udsat_boligomraade", False),
             _row(2021, "forebyggelsesomraade", False), _row(2022, "forebyggelsesomraade", True)]
    st = area_status.standing(rows, 2022, "da")
    assert [x["category"] for x in st["lists"]] == ["forebyggelsesomraade"]
    assert [x["category"] for x in st["left"]] == ["udsat_boligomraade"]
    assert [x["category"] for x in st["entered"]] == ["forebyggelsesomraade"]
    assert area_status.standing(rows, 2021, "da")["lists"][0]["years"] == 3
    assert st["compared_with"] == 2021


def test_a_list_that_ended_with_its_law_was_not_left() -> None:
    rows = [_row(2020, "ghettoomraade", True), _row(2021, "parallelsamfund", True)]
    st = area_status.standing(rows, 2021, "da")
    assert st["left"] == []
    assert [x["category"] for x in st["entered"]] == ["parallelsamfund"]
