"""What follows from an area's status, list year by list year, including what continues after it left a list.

The obligations are dated data (``obligations.yaml``): each names the provision it rests on, the list categories
it attaches to, the list years it covers and, where the law has one, a persistence rule. The persistence rules
need the area's history, so :func:`obligations_in_force` takes every list year's decisions for the area, not only
the current ones. It is a pure function of that history and the parameters: the web pages, their JSON twins, the
API and the CLI all show its result (through ``boligmonitor.published``). The reading of the law is in
docs/adr/0007-consequences-of-a-status.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from boligmonitor.errors import ParameterFileError
from boligmonitor.rules.classify import CATEGORIES, list_date
from boligmonitor.rules.parameters import ParameterSet, default_parameters
from boligmonitor.rules.texts import CATEGORY_LABELS, OBLIGATION_WHY, Text, date_text, percent_text

History = Mapping[int, Mapping[str, bool | None]]  # list year -> category -> member (None: undetermined)
SOURCE = "obligations.yaml"


@dataclass(frozen=True)
class Persistence:
    """A rule that keeps an obligation after the area has left the lists it attaches to."""

    id: str
    provision: str
    source_title: str
    href: str
    in_force: dt.date
    had_plan: tuple[str, ...]  # an area was on one of these lists in an earlier year: it has a development plan
    off_years: str | None  # parameter: how many list years in a row off its lists before it stops (None: no count)
    latest: str  # parameter: the day it stops at the latest


@dataclass(frozen=True)
class Obligation:
    id: str
    title: Text
    text: Text
    provision: str
    source_title: str
    href: str
    categories: tuple[str, ...]
    first_list: int
    last_list: int | None
    in_force: dt.date | None
    in_force_text: Text | None
    values: Mapping[str, str]
    persists: tuple[Persistence, ...]


def _text(item: Mapping[str, Any], key: str, where: str) -> Text:
    value = item.get(key)
    if not isinstance(value, dict) or not value.get("da") or not value.get("en"):
        raise ParameterFileError(f"{SOURCE} {where}: '{key}' needs a Danish and an English text ({{da: …, en: …}})")
    return Text(str(value["da"]), str(value["en"]))


def _date(value: Any, where: str) -> dt.date | None:
    if value is None:
        return None
    if not isinstance(value, dt.date):
        raise ParameterFileError(f"{SOURCE} {where}: '{value}' is not a date YYYY-MM-DD")
    return value


def _parameter(params: ParameterSet, path: str, where: str) -> None:
    if path not in params.params:
        raise ParameterFileError(f"{SOURCE} {where}: no parameter file parameters/{path}.yaml")


def _persistence(pid: str, item: Any, params: ParameterSet) -> Persistence:
    where = f"persistence '{pid}'"
    if not isinstance(item, dict):
        raise ParameterFileError(f"{SOURCE} {where}: expected a mapping")
    missing = {"provision", "source", "had_plan", "latest"} - set(item)
    if missing:
        raise ParameterFileError(f"{SOURCE} {where}: missing {', '.join(sorted(missing))}")
    for path in (item.get("off_years"), item["latest"]):
        if path is not None:
            _parameter(params, path, where)
    in_force = _date(item.get("in_force"), where) or dt.date(1, 1, 1)
    return Persistence(pid, str(item["provision"]), str(item["source"]["title"]), str(item["source"]["href"]),
                       in_force, tuple(item["had_plan"]), item.get("off_years"), str(item["latest"]))


def parse_obligations(data: Any, params: ParameterSet) -> tuple[Obligation, ...]:
    """Validate obligations.yaml; every error names the entry and what to write instead."""
    if not isinstance(data, dict) or not isinstance(data.get("obligations"), list):
        raise ParameterFileError(f"{SOURCE}: expected 'obligations:' (a list) and 'persistence:' (a mapping)")
    rules = {pid: _persistence(pid, item, params) for pid, item in (data.get("persistence") or {}).items()}
    out = []
    for i, item in enumerate(data["obligations"], start=1):
        where = f"entry {i} ({item.get('id', '?') if isinstance(item, dict) else '?'})"
        if not isinstance(item, dict):
            raise ParameterFileError(f"{SOURCE} {where}: expected a mapping")
        missing = {"id", "title", "text", "provision", "source", "categories", "lists"} - set(item)
        if missing:
            raise ParameterFileError(f"{SOURCE} {where}: missing {', '.join(sorted(missing))}")
        unknown = [c for c in item["categories"] if c not in CATEGORIES]
        if unknown:
            raise ParameterFileError(f"{SOURCE} {where}: unknown categories {', '.join(unknown)}; "
                                     f"use {', '.join(CATEGORIES)}")
        first, last = int(item["lists"]["from"]), item["lists"].get("to")
        in_force = _date(item.get("in_force"), where)
        if in_force is not None and in_force >= list_date(first + 1, params):
            raise ParameterFileError(f"{SOURCE} {where}: in force {in_force.isoformat()} is after the period of "
                                     f"its first list ({first}); move lists.from to the list it first applies to")
        persists = []
        for pid in item.get("persists") or []:
            if pid not in rules:
                raise ParameterFileError(f"{SOURCE} {where}: no persistence rule '{pid}'; define it under "
                                         "'persistence:'")
            persists.append(rules[pid])
        values = dict(item.get("values") or {})
        for path in values.values():
            _parameter(params, path, where)
        out.append(Obligation(
            str(item["id"]), _text(item, "title", where), _text(item, "text", where), str(item["provision"]),
            str(item["source"]["title"]), str(item["source"]["href"]), tuple(item["categories"]), first,
            None if last is None else int(last), in_force,
            _text(item, "in_force_text", where) if "in_force_text" in item else None, values, tuple(persists)))
    return tuple(out)


@cache
def _shipped() -> tuple[Obligation, ...]:
    text = resources.files("boligmonitor.rules").joinpath(SOURCE).read_text(encoding="utf-8")
    return parse_obligations(yaml.safe_load(text), default_parameters())


def _label(category: str) -> Text:
    """A category's name inside a sentence (lower case: 'ikke længere er udsat boligområde')."""
    t = CATEGORY_LABELS[category]
    return Text(t.da[:1].lower() + t.da[1:], t.en[:1].lower() + t.en[1:])


def _value_text(path: str, params: ParameterSet, day: dt.date) -> Text:
    p = params[path]
    value = p.at(day).value
    if p.unit == "date":
        return date_text(value)
    if p.unit == "share":
        return percent_text(value)
    return Text(str(value), str(value))


def _period_end(year: int, params: ParameterSet) -> dt.date:
    """The last day list ``year`` is the current list (the day before the next list)."""
    return list_date(year + 1, params) - dt.timedelta(days=1)


@dataclass(frozen=True)
class _Persisting:
    rule: Persistence
    label: str  # the category the area was last on
    last_on: int
    off_years: int | None  # the parameter's value (None: the rule has no year count)
    latest: dt.date


def _last_on(history: History, categories: tuple[str, ...], year: int) -> tuple[int | None, int | None]:
    """(the latest earlier list year the area was on one of ``categories``, the first year walking back whose
    status is unknown before such a year is found)."""
    y = year - 1
    while y in history:
        statuses = [history[y][c] for c in categories if c in history[y]]
        if any(s is True for s in statuses):
            return y, None
        if any(s is None for s in statuses):
            return None, y
        y -= 1
    return None, None


def _persisting(o: Obligation, history: History, year: int, params: ParameterSet
                ) -> tuple[_Persisting | None, int | None]:
    """Whether (and by which rule) obligation ``o`` continues in ``year`` for an area that is not on its lists
    that year; the second value is a year whose unknown status leaves it undecided."""
    end = _period_end(year, params)
    for rule in o.persists:
        if rule.in_force > end:
            continue  # the rule did not exist while this list was current
        if not any(history[y].get(c) is True for y in history if y < year for c in rule.had_plan):
            continue  # never a hårdt ghettoområde/omdannelsesområde: no development plan to carry out
        last_on, unknown = _last_on(history, o.categories, year)
        if last_on is None:
            if unknown is not None:
                return None, unknown
            continue
        latest: dt.date = params.value(rule.latest, end)
        if list_date(year, params) >= latest:
            continue
        off_years: int | None = None if rule.off_years is None else params.value(rule.off_years, end)
        # "i fire på hinanden følgende år ikke opfylder": it continues in the first off_years list years off its
        # lists and stops with the next one (ADR 0007)
        if off_years is not None and year - last_on > off_years:
            continue
        on = next(c for c in o.categories if history[last_on].get(c) is True)
        return _Persisting(rule, on, last_on, off_years, latest), None
    return None, None


def _last_list_before(day: dt.date, params: ParameterSet) -> int:
    year = day.year
    while list_date(year, params) >= day:
        year -= 1
    return year


def _persists_why(found: _Persisting, params: ParameterSet) -> Text:
    fields = {"label": _label(found.label), "last_on": found.last_on, "latest": date_text(found.latest),
              "provision": found.rule.provision}
    if found.off_years is None:
        return OBLIGATION_WHY["persists_plan"].format(**fields)
    last_year = min(found.last_on + found.off_years, _last_list_before(found.latest, params))
    return OBLIGATION_WHY["persists_off_years"].format(n=found.off_years, last_year=last_year, **fields)


def _why(o: Obligation, history: History, year: int, params: ParameterSet
         ) -> tuple[str, Text, list[str], _Persisting | None] | None:
    """(basis, why, categories the area is on, persistence rule) for one obligation, or None when it does not
    apply. An undetermined current status does not stop a persistence rule: then it applies either way."""
    current = history.get(year, {})
    on = [c for c in o.categories if current.get(c) is True]
    if on:
        labels = Text(", ".join(CATEGORY_LABELS[c].da for c in on), ", ".join(CATEGORY_LABELS[c].en for c in on))
        return "list", OBLIGATION_WHY["on_list"].format(labels=labels), on, None
    found, unknown_year = _persisting(o, history, year, params)
    if found is not None:
        return "persists", _persists_why(found, params), [], found
    undetermined = [c for c in o.categories if c in current and current[c] is None]
    if undetermined:
        return "undetermined", OBLIGATION_WHY["undetermined_status"].format(label=_label(undetermined[0]),
                                                                            year=year), [], None
    if unknown_year is not None:
        provision = " / ".join(r.provision for r in o.persists)
        return "undetermined", OBLIGATION_WHY["undetermined_history"].format(year=unknown_year,
                                                                             provision=provision), [], None
    return None


def obligations_in_force(history: History, year: int, lang: str = "da",
                         params: ParameterSet | None = None) -> list[dict[str, Any]]:
    """The obligations in force for an area in list ``year``, each with why: it is on a list that year, or it
    continues after the area left (and until when), or it cannot be decided. ``history`` holds the area's
    decisions for every list year known (list year -> category -> member)."""
    p = params or default_parameters()
    out = []
    for o in (_shipped() if params is None else parse_obligations(_raw(), p)):
        if year < o.first_list or (o.last_list is not None and year > o.last_list):
            continue
        found = _why(o, history, year, p)
        if found is None:
            continue
        basis, why, on, persisting = found
        # the day it starts to apply within this list's period, when later than the list itself
        start = max(list_date(year, p), o.in_force or dt.date(1, 1, 1),
                    persisting.rule.in_force if persisting else dt.date(1, 1, 1))
        starts = start if start > list_date(year, p) else None
        sentences = [why]
        if starts is not None:
            when = (o.in_force_text if o.in_force_text is not None and starts == o.in_force
                    else OBLIGATION_WHY["from_date"].format(date=date_text(starts)))
            sentences.append(OBLIGATION_WHY["from"].format(when=when))
        values = {k: _value_text(path, p, start) for k, path in o.values.items()}
        out.append({
            "id": o.id, "title": o.title.format(**values).pick(lang), "text": o.text.format(**values).pick(lang),
            "reference": o.provision, "href": o.href, "source": o.source_title,
            "because_of": on, "basis": basis, "why": " ".join(s.pick(lang) for s in sentences),
            "applies_from": starts.isoformat() if starts is not None else None,
            "persistence_reference": persisting.rule.provision if persisting else None,
            "persistence_href": persisting.rule.href if persisting else None,
        })
    return out


@cache
def _raw() -> Any:
    return yaml.safe_load(resources.files("boligmonitor.rules").joinpath(SOURCE).read_text(encoding="utf-8"))
