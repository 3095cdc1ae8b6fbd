"""The read side: lists and explanations from published classification rows, in Danish or English.

Every face (CLI, web pages, JSON API, reports) reads a vintage through these functions. They work on rows as a
bundle publishes them (or as the web database stores them) and never import the pipeline, DuckDB or person-level
code, so a web process stays free of them (import-linter contract "The web never loads person-level code").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from boligmonitor.errors import NotFound
from boligmonitor.list_changes import CHANGE_LABELS, change_of, difference, moves_of, previous_category
from boligmonitor.rules.classify import categories_in_force
from boligmonitor.rules.display import threshold_text, value_text
from boligmonitor.rules.obligations import obligations_in_force
from boligmonitor.rules.texts import CATEGORY_LABELS, EXIT_PATHS, INCOME_EXIT, MARGIN_WITHHELD, NOTES, date_text, number

SYNTHETIC_BANNER = "SYNTETISKE DATA / SYNTHETIC DATA — invented persons and areas"


def lists_from_rows(rows: list[dict[str, Any]], year: int, meta: dict[str, dict[str, Any]],
                    municipality_names: dict[str, str], category: str | None = None,
                    municipalities: set[int] | None = None, areas: set[str] | None = None,
                    source: str = "the bundle", known_years: list[int] | None = None,
                    lang: str = "da") -> list[dict[str, Any]]:
    """The list logic shared by every face: members of each category in force in ``year`` plus the areas that
    left since the year before, each with what changed. ``municipalities``/``areas`` narrow the result;
    ``known_years`` are the list years that exist when ``rows`` holds only part of them."""
    years = known_years or sorted({r["list_year"] for r in rows})
    if year not in years:
        span = f"{years[0]}–{years[-1]}" if years else "no years"
        raise NotFound(f"no list for {year} in {source}; it covers {span}")
    cats = categories_in_force(year)
    if category is not None and category not in cats:
        raise NotFound(f"category '{category}' was not a list in {year}; the lists that year were: "
                       + ", ".join(cats))
    by_key = {(r["area_id"], r["list_year"], r["category"]): r for r in rows if r["list_year"] in (year, year - 1)}
    # The year before under the names the law used then; without it (the vintage's first year) nothing is compared.
    before = categories_in_force(year - 1) if year - 1 in years else None
    out = []
    for r in rows:
        if r["list_year"] != year or (category and r["category"] != category) or r["category"] not in cats:
            continue
        a = meta.get(r["area_id"], {})
        if municipalities is not None and a.get("municipality_code") not in municipalities:
            continue
        if areas is not None and r["area_id"] not in areas:
            continue
        prev_cat = None if before is None else previous_category(r["category"], before)
        prev = by_key.get((r["area_id"], year - 1, prev_cat)) if prev_cat else None
        was = prev["member"] if prev else None
        change = change_of(r["member"], was, before is not None and prev_cat is None)
        if change is None:
            continue
        out.append({
            "list_year": year,
            "category": r["category"],
            "category_label": CATEGORY_LABELS[r["category"]].pick(lang),
            "area_id": r["area_id"],
            "name": a.get("name", ""),
            "municipality_code": a.get("municipality_code"),
            "municipality": municipality_names.get(str(a.get("municipality_code")),
                                                   str(a.get("municipality_code", ""))),
            "member": r["member"],
            "change": change,
            "change_label": CHANGE_LABELS[change].pick(lang),
            "criteria_met": r["criteria_met"],
            "consecutive_years": r["consecutive_years"],
            "difference": (_difference(r, prev, change, by_key, cats, before or [], lang)
                           if change in ("new", "left")
                           else _why_undetermined(r, lang) if change == "undetermined" else ""),
        })
    order = {c: i for i, c in enumerate(cats)}
    return sorted(out, key=lambda x: (order[x["category"]], not x["member"], x["municipality"], x["name"]))


def _why_undetermined(row: dict[str, Any], lang: str) -> str:
    """The reason an undetermined decision gives: its first note (the rules put the explanation first)."""
    notes = row.get("notes") or []
    return _note_in(notes[0], lang) if notes else NOTES["undetermined_no_reason"].pick(lang)


def _difference(now: dict[str, Any], before: dict[str, Any] | None, change: str,
                by_key: dict[tuple[str, int, str], dict[str, Any]], cats: list[str], before_cats: list[str],
                lang: str) -> str:
    """What made the area come on or leave a list, also when it moved from one list to another (list_changes)."""
    area, year = now["area_id"], now["list_year"]
    mine = {c: by_key[(area, year, c)] for c in cats if (area, year, c) in by_key}
    earlier = {c: by_key[(area, year - 1, c)] for c in before_cats if (area, year - 1, c) in by_key}
    moves = moves_of(mine, earlier, cats, before_cats, lang, _criterion_label)
    return difference(now, before, change, moves, lang, _criterion_label)


def _criterion_label(c: dict[str, Any], lang: str) -> str:
    return str(localised(c, "label", lang) or c["id"])


def localised(d: dict[str, Any], key: str, lang: str) -> Any:
    """A published text in ``lang``: the English twin ``key_en`` when asked for and present, else the Danish
    (vintages imported into the web database before bundle format 3 have no English twin)."""
    if lang == "en" and d.get(f"{key}_en") is not None:
        return d[f"{key}_en"]
    return d.get(key)


def _criterion_in(c: dict[str, Any], lang: str) -> dict[str, Any]:
    """One criterion with its texts in ``lang`` under the plain keys (one shape for every face), and its margin
    as an exit path sentence."""
    out = {k: v for k, v in c.items() if not k.endswith("_en")}
    for key in ("label", "wording", "withheld"):
        out[key] = localised(c, key, lang)
    if c.get("margin"):
        out["margin"] = {k: v for k, v in c["margin"].items() if k != "note_en"}
        out["margin"]["note"] = localised(c["margin"], "note", lang)
    out["exit_path"] = exit_path(out, lang)
    # written as every face shows them: the value never reads as the opposite of the decision (rules/display.py)
    out["value_text"] = value_text(c.get("value"), c.get("unit", ""), lang, c.get("threshold"), c.get("comparator"),
                                   c.get("met"))
    out["threshold_text"] = threshold_text(c.get("threshold"), c.get("unit", ""), lang)
    return out


def exit_path(c: dict[str, Any], lang: str) -> str:
    """One sentence: what would have to change in the latest data year for this criterion to flip."""
    margin = c.get("margin") or {}
    if c.get("withheld"):
        return MARGIN_WITHHELD.pick(lang)
    if margin.get("dkk_per_person") is not None:
        met_text, unmet_text = INCOME_EXIT
        return (met_text if c["met"] else unmet_text).pick(lang).format(n=number(margin["dkk_per_person"], 0, lang))
    persons = margin.get("persons")
    if persons is None:
        return str(margin.get("note") or "–")
    texts = EXIT_PATHS.get(c["id"])
    n = number(persons, 0, lang)
    return (texts[0] if c["met"] else texts[1]).pick(lang).format(n=n) if texts else n


def _note_in(note: dict[str, str] | str, lang: str) -> str:
    # Vintages imported into the web database before bundle format 3 hold notes as plain (Danish) strings.
    return note if isinstance(note, str) else note.get(lang) or note["da"]


def explain_from_rows(rows: list[dict[str, Any]], area: dict[str, Any], municipality_name: str,
                      year: int | None, synthetic: bool, lang: str = "da") -> dict[str, Any]:
    """The explanation shared by every face, from one area's classification rows."""
    area_id = rows[0]["area_id"]
    years = sorted({r["list_year"] for r in rows})
    year = year or years[-1]
    if year not in years:
        raise NotFound(f"no list year {year} for {area_id}; available {years[0]}–{years[-1]}")
    decisions = []
    for r in rows:
        if r["list_year"] == year:
            decisions.append({
                "category": r["category"], "category_label": CATEGORY_LABELS[r["category"]].pick(lang),
                "rule_set": r["rule_set"], "member": r["member"], "criteria_met": r["criteria_met"],
                "consecutive_years": r["consecutive_years"],
                "criteria": [_criterion_in(c, lang) for c in r["criteria"]],
                "notes": [_note_in(n, lang) for n in r["notes"]],
            })
    history: dict[int, dict[str, Any]] = {}
    for r in rows:
        history.setdefault(r["list_year"], {})[r["category"]] = r["member"]
    # the date the rules gave the list (26 October 2010, 1 October 2011-12, 1 December from 2013)
    list_day = next(r["list_date"] for r in rows if r["list_year"] == year)
    return {
        "area_id": area_id, "name": area.get("name", ""), "municipality_code": area.get("municipality_code"),
        "municipality": municipality_name,
        "list_year": year, "list_date": list_day,
        "list_date_text": date_text(dt.date.fromisoformat(list_day)).pick(lang),
        "rules_version": rows[0]["rules_version"], "synthetic": synthetic, "decisions": decisions,
        "history": [{"list_year": y, **history[y]} for y in sorted(history)],
        # what follows from the status, and why: from this year's lists, or continuing after the area left one
        # (the persistence rules read the whole history, so ``rows`` must hold every year of the area)
        "obligations": obligations_in_force(history, year, lang),
    }
