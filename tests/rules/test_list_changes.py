"""What made the difference on the lists (boligmonitor.list_changes through published.lists_from_rows): an area
that moves from one list to another is told as that move, the 2021 renaming continues a list, a new kind of list
says so, the change reads as a word in the reader's language, and every list row's date is the rules' own."""

from __future__ import annotations

from typing import Any

from boligmonitor.published import lists_from_rows

UDSAT = ("residents", "outside_labour", "convicted_ratio", "income_ratio")


def _row(area: str, year: int, category: str, member: bool, met: dict[str, bool], rule_set: str = "udsat_2021",
         thresholds: dict[str, float] | None = None) -> dict[str, Any]:
    return {"area_id": area, "list_year": year, "list_date": f"{year}-12-01", "rule_set": rule_set,
            "category": category, "member": member, "criteria_met": sum(met.values()), "consecutive_years": None,
            "rules_version": "x", "notes": [],
            "criteria": [{"id": k, "label": f"K-{k}", "label_en": f"C-{k}", "met": v,
                          "threshold": (thresholds or {}).get(k, 0.4), "comparator": ">"} for k, v in met.items()]}


META = {"A1": {"name": "Område", "municipality_code": 101}, "A2": {"name": "Andet", "municipality_code": 101}}
ON = {"residents": True, "outside_labour": True, "convicted_ratio": True, "income_ratio": False}
OFF = {**ON, "convicted_ratio": False}


def _move_rows() -> list[dict[str, Any]]:
    """A1 leaves udsat boligområde in 2023 (crime no longer met) and enters the forebyggelse list."""
    rows = []
    for year, udsat, prevention in ((2022, True, False), (2023, False, True)):
        rows.append(_row("A1", year, "udsat_boligomraade", udsat, ON if udsat else OFF))
        rows.append(_row("A1", year, "forebyggelsesomraade", prevention, {"nonwestern": True, **OFF},
                         "forebyggelse_2021"))
    return rows


def _by(out: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["category"]: r for r in out}


def test_a_move_from_udsat_to_forebyggelse_is_told_as_that_move() -> None:
    out = _by(lists_from_rows(_move_rows(), 2023, META, {}, lang="da"))
    entered, left = out["forebyggelsesomraade"], out["udsat_boligomraade"]
    assert entered["change"] == "new" and left["change"] == "left"
    # the reason is the criterion that made it leave udsat, not a flip on the forebyggelse list's own criteria
    assert entered["difference"] == ("forlod Udsat boligområde (K-convicted_ratio: ikke længere opfyldt) "
                                     "→ kom på listen Forebyggelsesområde")
    assert left["difference"] == "K-convicted_ratio: ikke længere opfyldt → nu på listen Forebyggelsesområde"
    en = _by(lists_from_rows(_move_rows(), 2023, META, {}, lang="en"))
    assert en["forebyggelsesomraade"]["difference"] == (
        "left Vulnerable housing area (C-convicted_ratio: no longer met) → entered the list Prevention area")


def test_without_a_move_the_flipped_criteria_are_the_reason() -> None:
    rows = [_row("A2", 2022, "udsat_boligomraade", False, OFF), _row("A2", 2023, "udsat_boligomraade", True, ON)]
    (r,) = lists_from_rows(rows, 2023, META, {}, lang="da")
    assert (r["change"], r["difference"]) == ("new", "K-convicted_ratio: nu opfyldt")


def test_the_2021_renaming_continues_the_list_and_a_new_kind_of_list_says_so() -> None:
    rows = [_row("A1", 2020, "ghettoomraade", True, ON, "udsat_2018"),
            _row("A1", 2021, "parallelsamfund", True, ON),
            _row("A2", 2020, "udsat_boligomraade", False, OFF, "udsat_2018"),
            _row("A2", 2021, "forebyggelsesomraade", True, OFF, "forebyggelse_2021")]
    out = {(r["area_id"], r["category"]): r for r in lists_from_rows(rows, 2021, META, {}, lang="da")}
    assert out[("A1", "parallelsamfund")]["change"] == "stays"  # was ghettoområde: the same list, renamed
    prevention = out[("A2", "forebyggelsesomraade")]
    assert (prevention["change"], prevention["difference"]) == ("new", "listen findes første gang i 2021")


def test_new_thresholds_are_named_as_new_criteria() -> None:
    rows = [_row("A2", 2017, "ghettoomraade", False, OFF, "ghettoomraade_2013"),
            _row("A2", 2018, "ghettoomraade", True, OFF, "udsat_2018", {"outside_labour": 0.3})]
    (r,) = lists_from_rows(rows, 2018, META, {}, lang="en")
    assert r["difference"] == "new criteria from 2018"


def test_the_change_is_a_word_in_the_readers_language() -> None:
    da = _by(lists_from_rows(_move_rows(), 2023, META, {}, lang="da"))
    en = _by(lists_from_rows(_move_rows(), 2023, META, {}, lang="en"))
    assert (da["udsat_boligomraade"]["change_label"], da["forebyggelsesomraade"]["change_label"]) == (
        "udgået", "ny på listen")
    assert (en["udsat_boligomraade"]["change_label"], en["forebyggelsesomraade"]["change_label"]) == (
        "left", "new on the list")
