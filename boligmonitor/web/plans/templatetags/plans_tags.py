"""Plan values as the page's language writes them. A suppressed value is 'diskretioneret' and never a number; a
value the viewer's role does not show says so; shares are percent, means with one decimal."""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.utils.translation import get_language

from boligmonitor.rules.texts import Text
from boligmonitor.web.plans.sections import SECTIONS
from boligmonitor.web.templatetags.monitor import num, pct

register = template.Library()

STATUS = {
    "achieved": Text("nået", "achieved"), "on_track": Text("på vej", "on track"),
    "off_track": Text("bagud", "off track"), "not_achieved": Text("ikke nået", "not achieved"),
    "no_data": Text("ingen data", "no data"), "suppressed": Text("diskretioneret", "suppressed"),
    "no_target": Text("intet mål", "no target"),
}
SUPPRESSED = Text("diskretioneret", "suppressed")
WORDS = {
    "planned": Text("planlagt", "planned"), "running": Text("i gang", "running"), "done": Text("afsluttet", "done"),
    "paused": Text("sat på pause", "paused"), "cancelled": Text("aflyst", "cancelled"), "open": Text("åben", "open"),
    "draft": Text("kladde", "draft"), "submitted": Text("indsendt", "submitted"),
    "approved": Text("godkendt", "approved"), "reported": Text("indberettet", "reported"),
    "proposed": Text("foreslået", "proposed"), "rejected": Text("afvist", "rejected"),
    "signed": Text("underskrevet", "signed"), "ended": Text("afsluttet", "ended"),
    "published": Text("offentliggjort", "published"), "short": Text("kort sigt", "short term"),
    "medium": Text("mellemlang sigt", "medium term"), "long": Text("lang sigt", "long term"),
    "lbf": Text("Landsbyggefonden", "Landsbyggefonden"), "municipality": Text("kommune", "municipality"),
    "housing_organisation": Text("boligorganisation", "housing organisation"), "police": Text("politi", "police"),
    "other": Text("anden", "other"), "chair": Text("formand", "chair"), "member": Text("medlem", "member"),
    "observer": Text("observatør", "observer"), "board": Text("bestyrelse", "board"), "team": Text("team", "team"),
    "follow_group": Text("følgegruppe", "follow group"), "secretariat": Text("sekretariat", "secretariat"),
    "accepted": Text("accepteret", "accepted"), "edited": Text("redigeret", "edited"),
    "dropped": Text("fravalgt", "dropped"), "error": Text("fejl", "error"), "warning": Text("advarsel", "warning"),
    "area": Text("boligområdet", "the area"),
}


def _lang() -> str:
    return "en" if (get_language() or "").startswith("en") else "da"


@register.filter
def word(key: Any) -> str:
    """A status or kind from the plan model in the page's language."""
    t = WORDS.get(str(key)) or STATUS.get(str(key))
    return t.pick(_lang()) if t is not None else str(key or "–")


@register.filter
def status_text(key: Any) -> str:
    t = STATUS.get(str(key))
    return t.pick(_lang()) if t is not None else str(key or "–")


@register.filter
def txt(value: Any) -> str:
    """A {"da", "en"} pair (or a Danish text with an ``_en`` twin handled by the caller) in the page's language."""
    if isinstance(value, dict):
        return str(value.get(_lang()) or value.get("da") or "")
    return "" if value is None else str(value)


@register.filter
def en_or(row: Any, key: str) -> str:
    """``row[key]`` in Danish, or ``row[key + '_en']`` on English pages when there is one."""
    if not isinstance(row, dict):
        return ""
    if _lang() == "en" and row.get(f"{key}_en"):
        return str(row[f"{key}_en"])
    return str(row.get(key) or "")


def format_value(cell: Any, unit: str) -> str:
    if not isinstance(cell, dict):
        return "–"
    if cell.get("suppressed"):
        return SUPPRESSED.pick(_lang())
    v = cell.get("value")
    if v is None:
        note = cell.get("note")
        return f"– ({txt(note)})" if note else "–"
    if unit == "share":
        return pct(v)
    if unit == "mean":
        return num(v, 1)
    if unit == "count":
        return num(v)
    return num(v, 2 if abs(float(v)) < 10 else 1)


@register.filter
def value(cell: Any, unit: str = "share") -> str:
    """A Value dict (bundle or hand-entered) as the page writes it."""
    return format_value(cell, unit)


@register.filter
def target_value(target: Any, unit: str = "share") -> str:
    if not isinstance(target, dict) or target.get("value") is None:
        return "–"
    return format_value({"value": target["value"]}, unit)


@register.filter
def money(value: Any) -> str:
    return "–" if value is None else f"{num(value)} kr."


@register.filter
def share_pct(value: Any) -> str:
    return "–" if value is None else pct(value)


# A saved version's action code (actions._version) as words: the code stays in the page's markup for those who
# need it, the reader gets a sentence in the page's language.
ACTIONS = {
    "create": Text("oprettet", "created"), "import": Text("importeret fra en planfil", "imported from a plan file"),
    "replace": Text("erstattet af en ny udgave", "replaced by a new version"),
    "update": Text("rettet: {section}", "edited: {section}"),
    "proposed": Text("revision {n} foreslået til bestyrelsen", "revision {n} proposed to the board"),
    "approved": Text("revision {n} godkendt af bestyrelsen", "revision {n} approved by the board"),
    "rejected": Text("revision {n} afvist af bestyrelsen", "revision {n} rejected by the board"),
    "discarded": Text("ændringer under arbejde kasseret", "changes in progress discarded"),
}


@register.filter
def version_action(code: Any) -> str:
    lang = _lang()
    parts = str(code or "").split(":")
    if parts[0] == "update" and len(parts) == 2:
        section = SECTIONS.get(parts[1])
        return ACTIONS["update"].pick(lang).format(section=section.pick(lang) if section else parts[1])
    if parts[0] == "revision" and parts[-1] in ACTIONS:
        return ACTIONS[parts[-1]].pick(lang).format(n=parts[1] if len(parts) == 3 else "")
    t = ACTIONS.get(parts[0]) if len(parts) == 1 else None
    return t.pick(lang) if t is not None else str(code or "–")


@register.filter
def version_why(text: Any) -> str:
    """The reason of a version: as typed, except the ones the system writes itself ("report 2023", "report 2023:
    submitted" of the annual follow-up, "imported from x.yaml" of the plan import), which are put in the page's
    language."""
    lang = _lang()
    imported = re.fullmatch(r"imported from (.+)", str(text or ""))  # boligmonitor-web plan import
    if imported is not None:
        return Text("importeret fra {file}", "imported from {file}").pick(lang).format(file=imported[1])
    m = re.fullmatch(r"report (\d{4})(?:: (\w+))?", str(text or ""))
    if m is None:
        return str(text or "")
    head = Text("årlig opfølgning {year}", "annual follow-up {year}").pick(lang).format(year=m[1])
    return head if m[2] is None else f"{head}: {word(m[2])}"
