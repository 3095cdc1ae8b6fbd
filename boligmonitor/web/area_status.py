"""One area's standing in plain terms, from its published classification rows: which lists it is on, since when,
what changed since the year before, and the criterion closest to flipping with its margin.

The start pages read this for many areas at once and the area page for one; both get the same answer. Margins are
the bundle's own (a withheld margin stays withheld and is never ranked); nothing here recomputes a decision.
"""

from __future__ import annotations

from typing import Any

from boligmonitor.published import exit_path, localised
from boligmonitor.rules.texts import CATEGORY_LABELS

# Every category name the law has used since 2010, in the order the lists appeared; the history shows them all.
HISTORY_ORDER = ("ghettoomraade", "haardt_ghettoomraade", "udsat_boligomraade", "parallelsamfund",
                 "omdannelsesomraade", "forebyggelsesomraade", "kombineret_udlejning")
# Strongest first: the status an area is known by when it is on several lists.
STRENGTH = ("omdannelsesomraade", "haardt_ghettoomraade", "parallelsamfund", "ghettoomraade", "udsat_boligomraade",
            "forebyggelsesomraade", "kombineret_udlejning")
# § 51 b is a letting rule that follows from the lists, not a list of its own; it never names the area's status.
LISTS = tuple(c for c in STRENGTH if c != "kombineret_udlejning")


def strongest(categories: list[str]) -> str | None:
    return next((c for c in STRENGTH if c in categories), None)


def years_in_a_row(history: dict[int, dict[str, bool | None]], category: str, year: int) -> int:
    """How many list years up to and including ``year`` the area has been on ``category`` without a break."""
    n = 0
    while history.get(year - n, {}).get(category) is True:
        n += 1
    return n


def margin_kind(member: bool | None, met: bool | None) -> str:
    """What a criterion's margin means for this decision: an exit path for a listed area (how it could leave), a
    distance to the list for one not listed (how it would come on), else how far the criterion is from flipping."""
    if member and met:
        return "exit"
    if member is False and met is False:
        return "to_list"
    return "flip"


def criteria_in(criteria: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """The criteria of one decision with their label and margin sentence in ``lang``."""
    out = []
    for c in criteria:
        shown = {**c, "label": localised(c, "label", lang), "withheld": localised(c, "withheld", lang)}
        shown["exit_path"] = exit_path(shown, lang)
        out.append(shown)
    return out


def main_decision(decisions: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The decision a briefing speaks of: the strongest list the area is on; if it is on none, the weakest list in
    force (the one it is nearest to entering: udsat before 2021, forebyggelse since). Never § 51 b."""
    lists = {d["category"]: d for d in decisions if d["category"] in LISTS}
    on = [c for c in STRENGTH if c in lists and lists[c]["member"]]
    if on:
        return lists[on[0]]
    return lists[[c for c in STRENGTH if c in lists][-1]] if lists else None


def closest(decisions: list[dict[str, Any]], lang: str) -> dict[str, Any] | None:
    """The criterion of the main decision with the fewest residents to its threshold, in the direction that matters:
    a met criterion of a list the area is on (an exit path), an unmet one of the list it is not on (a distance to the
    list). Each criterion's own margin, as the criteria table gives it; withheld margins and margins in kroner are
    not ranked."""
    d = main_decision(decisions)
    if d is None or d["member"] is None:
        return None
    best: tuple[int, str] | None = None
    found = None
    for c in criteria_in(d["criteria"], lang):
        persons = (c.get("margin") or {}).get("persons")
        if c.get("withheld") or persons is None or c.get("met") is None or c["met"] != d["member"]:
            continue
        key = (int(persons), c["id"])
        if best is None or key < best:
            best = key
            found = {"category": d["category"], "category_label": CATEGORY_LABELS[d["category"]].pick(lang),
                     "member": d["member"], "criterion": c["id"], "label": c["label"], "met": c["met"],
                     "persons": int(persons), "margin_text": c["exit_path"],
                     "kind": margin_kind(d["member"], c["met"])}
    return found


def standing(rows: list[dict[str, Any]], year: int, lang: str) -> dict[str, Any]:
    """An area's lists in ``year``, how long it has been on each, the change since ``year - 1`` and the closest
    criterion. ``rows`` are the area's classification rows of at least ``year`` and ``year - 1`` (all years to
    count the years in a row)."""
    history: dict[int, dict[str, bool | None]] = {}
    for r in rows:
        history.setdefault(r["list_year"], {})[r["category"]] = r["member"]
    now, before = history.get(year, {}), history.get(year - 1, {})
    on = [c for c in STRENGTH if now.get(c) is True]
    undetermined = [c for c in STRENGTH if c in now and now[c] is None]
    entered = [c for c in on if before.get(c) is False or (c not in before and year - 1 in history)]
    # a list that ended with its law (the ghetto lists after 2020) was not left: it has no decision this year
    left = [c for c in STRENGTH if before.get(c) is True and now.get(c) is False]
    decisions = [{"category": r["category"], "member": r["member"], "criteria": r["criteria"]}
                 for r in rows if r["list_year"] == year]

    def named(cats: list[str]) -> list[dict[str, Any]]:
        return [{"category": c, "label": CATEGORY_LABELS[c].pick(lang), "years": years_in_a_row(history, c, year)}
                for c in cats]

    return {"year": year, "lists": named(on), "status": strongest([c for c in on if c in LISTS]),
            "undetermined": named(undetermined),
            "entered": named(entered), "left": named(left), "closest": closest(decisions, lang),
            "compared_with": year - 1 if year - 1 in history else None}
