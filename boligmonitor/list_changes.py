"""How an area's place on a list changed since the year before, and what made the difference.

The year before is read under the names the law used then: on 30 November 2021 L 23 (2021-22), § 1, nr. 1 renamed
»ghettoområde« to »parallelsamfund« and »hårdt ghettoområde« to »omdannelsesområde«, so the 2021 parallelsamfund list
continues the 2020 ghettoområde list. A category the law did not use the year before (udsat boligområde in 2018,
forebyggelsesområde in 2021) is a new list: its members are new on it, and the sentence says so. An area that
leaves one list and enters another the same year (udsat → forebyggelse) is told as that move, with the criteria that
made it leave; a criterion whose flip did not decide anything is not named as the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from boligmonitor.rules.texts import CATEGORY_LABELS, NOTES, Text

FORMER_NAME = {"parallelsamfund": "ghettoomraade", "omdannelsesomraade": "haardt_ghettoomraade"}
# § 51 b (kombineret udlejning) is a list of its own beside the others: entering or leaving it is never a move.
INDEPENDENT = frozenset({"kombineret_udlejning"})

CHANGE_LABELS: dict[str, Text] = {
    "stays": Text("fortsat", "stays"),
    "new": Text("ny på listen", "new on the list"),
    "left": Text("udgået", "left"),
    "undetermined": Text("kan ikke afgøres", "cannot be decided"),
}

TEXTS: dict[str, Text] = {
    "first_list": Text("listen findes første gang i {year}", "the first list of this kind is that of {year}"),
    "new_criteria": Text("nye kriterier fra {year}", "new criteria from {year}"),
    "left_for": Text("forlod {left}{why} → kom på listen {entered}", "left {left}{why} → entered the list {entered}"),
    "moved_to": Text("{why}nu på listen {entered}", "{why}now on the list {entered}"),
}

Row = dict[str, Any]
Label = Callable[[Row, str], str]


def previous_category(category: str, before: list[str]) -> str | None:
    """The category of the year before that ``category`` continues (``before``: the categories in force then), or
    None when it is a new list."""
    if category in before:
        return category
    former = FORMER_NAME.get(category)
    return former if former in before else None


def change_of(member: bool | None, was: bool | None, new_list: bool) -> str | None:
    """How a row stands against the year before; None leaves it off the list.

    An undetermined decision is its own state, shown with its reason; it is never "left", even when the area was on
    last year's list. A member of a list the law did not have the year before is new on it.
    """
    if member is None:
        return "undetermined"
    if member:
        return "new" if was is False or new_list else "stays"
    return "left" if was else None


def difference(now: Row, before: Row | None, change: str, moves: Mapping[str, list[str]], lang: str,
               label: Label) -> str:
    """The sentence for a row that is new on a list or left it. ``moves`` holds the area's lists it ``left`` this
    year and those it ``entered`` (current names, lists of their own excluded); ``label(criterion, lang)`` names a
    criterion."""
    year = now["list_year"]
    category = now["category"]
    flipped = [] if before is None else criteria_flipped(now, before, lang, label)
    if before is None:
        flipped = [TEXTS["first_list"].format(year=year).pick(lang)] if change == "new" else []
    elif _law_changed(before, now):
        flipped = [TEXTS["new_criteria"].format(year=year).pick(lang), *flipped]
    if category not in INDEPENDENT:
        left = [c for c in moves.get("left", []) if c != category] if change == "new" else []
        entered = [c for c in moves.get("entered", []) if c != category] if change == "left" else []
        if left:
            why = "; ".join(moves.get("why_left", []))
            text = TEXTS["left_for"].format(left=_names(left, lang), why=f" ({why})" if why else "",
                                            entered=_names([category], lang)).pick(lang)
            return "; ".join([text, *flipped]) if before is None else text
        if entered:
            why = "; ".join(flipped)
            return TEXTS["moved_to"].format(why=f"{why} → " if why else "", entered=_names(entered, lang)).pick(lang)
    return "; ".join(flipped)


def criteria_flipped(now: Row, before: Row, lang: str, label: Label) -> list[str]:
    """'{criterion}: nu opfyldt' / 'ikke længere opfyldt' for each criterion both years know that changed."""
    was = {c["id"]: c["met"] for c in before.get("criteria") or []}
    return [NOTES["now_met" if c["met"] else "no_longer_met"].pick(lang).format(label=label(c, lang) or c["id"])
            for c in now.get("criteria") or [] if c["id"] in was and was[c["id"]] != c["met"]]


def _law_changed(before: Row, now: Row) -> bool:
    """Different criteria or thresholds (a new version of the law), not only a new name for the same list."""
    def rule(r: Row) -> set[tuple[Any, ...]]:
        return {(c["id"], str(c.get("threshold")), c.get("comparator")) for c in r.get("criteria") or []}
    return rule(before) != rule(now)


def _names(categories: list[str], lang: str) -> str:
    return ", ".join(CATEGORY_LABELS[c].pick(lang) for c in categories)


def moves_of(area_rows: Mapping[str, Row], before_rows: Mapping[str, Row], cats: list[str], before: list[str],
             lang: str, label: Label) -> dict[str, list[str]]:
    """The lists (current names) an area left and entered between the two years, and why it left them: the
    criteria that flipped on the lists it left. ``area_rows``/``before_rows``: its rows by category."""
    was_on, now_on = set(), set()
    for c in cats:
        if c in INDEPENDENT:
            continue
        prev = previous_category(c, before)
        if prev is not None and (before_rows.get(prev) or {}).get("member"):
            was_on.add(c)
        if (area_rows.get(c) or {}).get("member"):
            now_on.add(c)
    left = [c for c in cats if c in was_on - now_on]
    why: list[str] = []
    for c in left:
        prev = previous_category(c, before)
        if prev is None or c not in area_rows or prev not in before_rows:
            continue
        for text in criteria_flipped(area_rows[c], before_rows[prev], lang, label):
            if text not in why:
                why.append(text)
    return {"left": left, "entered": [c for c in cats if c in now_on - was_on], "why_left": why}
