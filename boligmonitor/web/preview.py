"""The preview an administrator sees before publishing a vintage: what the public would see change.

Compared with the published vintage: the facts (data years, list years, rules and code version, disclosure
minimum, synthetic or not), how many areas each list holds in every list year, which areas enter or leave which
list, and which areas are new to or gone from the registry. Everything here is a count of areas or an area's
list decision, never a count of persons, so nothing in it is subject to the disclosure minimum.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from boligmonitor.rules.texts import CATEGORY_LABELS, Text
from boligmonitor.web import models as m
from boligmonitor.web.queries import vintage_info

SHOWN_CHANGES = 300  # rows of area changes on the page; the counts always cover all of them

FACTS: tuple[tuple[str, Text], ...] = (
    ("label", Text("Betegnelse", "Label")),
    ("data_years", Text("Dataår", "Data years")),
    ("list_years", Text("Listeår", "List years")),
    ("rules_version", Text("Regelversion", "Rules version")),
    ("code_version", Text("Programversion", "Code version")),
    ("minimum_count", Text("Diskretionering: mindst", "Disclosure: at least")),
    ("synthetic", Text("Syntetiske data", "Synthetic data")),
    ("areas", Text("Områder", "Areas")),
    ("classifications", Text("Listeafgørelser", "List decisions")),
    ("imported_at", Text("Importeret", "Imported")),
)
YES_NO = (Text("nej", "no"), Text("ja", "yes"))
STATE = {True: Text("på listen", "on the list"), False: Text("ikke på listen", "not on the list"),
         None: Text("kan ikke afgøres", "undetermined")}


def _category(category: str, lang: str) -> str:
    text = CATEGORY_LABELS.get(category)
    return text.pick(lang) if text is not None else category


def _decisions(v: m.Vintage) -> dict[tuple[int, str, str], bool | None]:
    rows = m.Classification.objects.filter(vintage=v).values_list("list_year", "category", "area_id", "member")
    return {(year, category, area): member for year, category, area, member in rows}


def _facts(v: m.Vintage, lang: str) -> dict[str, Any]:
    info = vintage_info(v)
    shown = {k: info[k] for k in ("label", "rules_version", "code_version", "minimum_count", "imported_at")}
    shown["data_years"] = "–".join(str(y) for y in info["data_years"])
    shown["list_years"] = "–".join(str(y) for y in info["list_years"])
    shown["synthetic"] = YES_NO[bool(v.synthetic)].pick(lang)
    shown["areas"] = m.Area.objects.filter(vintage=v).count()
    shown["classifications"] = m.Classification.objects.filter(vintage=v).count()
    return shown


def _counts(decisions: dict[tuple[int, str, str], bool | None]) -> Counter[tuple[int, str]]:
    return Counter((year, category) for (year, category, _), member in decisions.items() if member)


def preview(new: m.Vintage, current: m.Vintage | None, lang: str) -> dict[str, Any]:
    """The new vintage against ``current`` (the published one; None when nothing is published yet)."""
    new_facts = _facts(new, lang)
    old_facts = _facts(current, lang) if current is not None else None
    facts = [{"key": key, "label": text.pick(lang), "new": new_facts[key],
              "current": old_facts[key] if old_facts else None,
              "differs": old_facts is not None and key not in ("label", "imported_at")  # these always differ
              and old_facts[key] != new_facts[key]}
             for key, text in FACTS]
    after = _decisions(new)
    before = _decisions(current) if current is not None else {}
    new_counts, old_counts = _counts(after), _counts(before)
    decided = sorted({k[:2] for k in after} | {k[:2] for k in before}, key=lambda k: (-k[0], k[1]))
    counts = [{"list_year": y, "category": c, "category_label": _category(c, lang),
               "current": old_counts.get((y, c), 0) if current is not None else None, "new": new_counts.get((y, c), 0),
               "difference": new_counts.get((y, c), 0) - old_counts.get((y, c), 0) if current is not None else None}
              for y, c in decided]  # every list of every year either vintage decides, an empty one as 0
    changes = _changes(before, after, new, lang) if current is not None else []
    new_areas = set(m.Area.objects.filter(vintage=new).values_list("area_id", flat=True))
    old_areas = set(m.Area.objects.filter(vintage=current).values_list("area_id", flat=True)) if current else set()
    per_year = Counter(c["list_year"] for c in changes)
    return {
        "vintage": vintage_info(new), "current": vintage_info(current) if current is not None else None,
        "facts": facts, "counts": counts,
        "changed_counts": [row for row in counts if row["difference"]],
        "changes_per_year": [{"list_year": y, "changes": n} for y, n in sorted(per_year.items())],
        "changes_total": len(changes), "changes": changes[:SHOWN_CHANGES],
        "changes_shown": min(len(changes), SHOWN_CHANGES),
        "list_years_only_new": sorted({y for y, _, _ in after} - {y for y, _, _ in before}) if current else [],
        "list_years_only_current": sorted({y for y, _, _ in before} - {y for y, _, _ in after}),
        "areas_added": sorted(new_areas - old_areas) if current is not None else [],
        "areas_removed": sorted(old_areas - new_areas),
        "same_as_current": current is not None and current.pk == new.pk,
    }


def _changes(before: dict[tuple[int, str, str], bool | None], after: dict[tuple[int, str, str], bool | None],
             new: m.Vintage, lang: str) -> list[dict[str, Any]]:
    """Every (list year, list, area) whose decision differs, in list years both vintages have; newest year first."""
    years = {y for y, _, _ in before} & {y for y, _, _ in after}
    keys = {k for k in before.keys() | after.keys() if k[0] in years}
    names = dict(m.Area.objects.filter(vintage=new).values_list("area_id", "name"))
    out = []
    for key in sorted(keys, key=lambda k: (-k[0], k[1], k[2])):
        was, now = before.get(key, False), after.get(key, False)
        if was == now:
            continue
        year, category, area = key
        out.append({"list_year": year, "category": category, "category_label": _category(category, lang),
                    "area_id": area, "name": names.get(area, area), "current": was, "new": now,
                    "current_text": STATE[was].pick(lang), "new_text": STATE[now].pick(lang),
                    "direction": "in" if now and not was else "out" if was and not now else "other"})
    return out
