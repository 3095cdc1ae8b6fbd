"""The read side (boligmonitor.published): undetermined decisions are not 'left', and explanations carry the
obligations with why, from the area's whole history."""

from __future__ import annotations

from typing import Any

from boligmonitor.published import explain_from_rows, lists_from_rows


def _row(year: int, category: str, member: bool | None, notes: list[Any] | None = None) -> dict[str, Any]:
    day = {2010: "2010-10-26", 2011: "2011-10-01", 2012: "2012-10-01"}.get(year, f"{year}-12-01")
    return {"area_id": "A1", "list_year": year, "list_date": day, "rule_set": "udsat_2021", "category": category,
            "member": member, "criteria_met": 1, "consecutive_years": None, "rules_version": "x",
            "criteria": [{"id": "outside_labour", "label": "Uden for arbejde", "met": None, "value": None,
                          "threshold": 0.4, "comparator": ">", "unit": "share", "margin": None, "withheld": None,
                          "data_years": [2022, 2023]}],
            "notes": notes or []}


META = {"A1": {"name": "Område", "municipality_code": 101}}
WHY = {"da": "kan ikke afgøres: afgørelsen afhænger af »Uden for arbejde«, som ikke kan beregnes",
       "en": "cannot be decided: the decision depends on “Outside work”, which cannot be computed"}


def test_an_undetermined_decision_is_not_left_and_says_why() -> None:
    rows = [_row(2023, "udsat_boligomraade", True), _row(2024, "udsat_boligomraade", None, [WHY])]
    out = lists_from_rows(rows, 2024, META, {"101": "København"}, lang="en")
    assert [(r["change"], r["member"]) for r in out] == [("undetermined", None)]
    assert out[0]["difference"] == WHY["en"]


def test_undetermined_rows_show_even_when_the_area_was_not_on_the_list() -> None:
    rows = [_row(2023, "udsat_boligomraade", False), _row(2024, "udsat_boligomraade", None, [WHY])]
    assert [r["change"] for r in lists_from_rows(rows, 2024, META, {})] == ["undetermined"]
    # an old vintage without notes still gets a reason sentence
    rows = [_row(2024, "udsat_boligomraade", None)]
    assert lists_from_rows(rows, 2024, META, {})[0]["difference"] == "kan ikke afgøres"


def test_left_new_and_stays_are_unchanged() -> None:
    rows = [_row(2023, "udsat_boligomraade", True), _row(2024, "udsat_boligomraade", False),
            _row(2023, "parallelsamfund", False), _row(2024, "parallelsamfund", True),
            _row(2023, "omdannelsesomraade", False), _row(2024, "omdannelsesomraade", False)]
    changes = {r["category"]: r["change"] for r in lists_from_rows(rows, 2024, META, {})}
    assert changes == {"udsat_boligomraade": "left", "parallelsamfund": "new"}


def test_explanation_carries_obligations_that_continue_after_the_list() -> None:
    rows = [_row(2021, c, True) for c in ("udsat_boligomraade", "parallelsamfund", "omdannelsesomraade")]
    rows += [_row(2022, c, False) for c in ("udsat_boligomraade", "parallelsamfund", "omdannelsesomraade",
                                            "forebyggelsesomraade")]
    info = explain_from_rows(rows, {"name": "Område"}, "København", 2022, False, "da")
    basis = {o["id"]: o["basis"] for o in info["obligations"]}
    assert basis == {"kommunal_anvisning_59_6": "persists", "udviklingsplan": "persists", "afvisning_51c": "persists"}
    assert info["list_date_text"] == "1. december 2022"


def test_list_dates_come_from_the_rows_the_rules_wrote() -> None:
    rows = [_row(2011, "ghettoomraade", True)]
    info = explain_from_rows(rows, {"name": "Område"}, "", 2011, False, "en")
    assert (info["list_date"], info["list_date_text"]) == ("2011-10-01", "1 October 2011")
