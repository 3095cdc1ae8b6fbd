"""Classify areas for list years, carrying each area's history forward under the rules of each year."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

from boligmonitor import __version__
from boligmonitor.rules.model import Decision
from boligmonitor.rules.parameters import ParameterSet, default_parameters
from boligmonitor.rules.sources import CriterionSource
from boligmonitor.rules.versions import CATEGORIES_OF, GHETTO_FAMILY, Context, rule_functions_for

CATEGORIES = (
    "ghettoomraade",
    "haardt_ghettoomraade",
    "udsat_boligomraade",
    "parallelsamfund",
    "omdannelsesomraade",
    "forebyggelsesomraade",
    "kombineret_udlejning",
)


def code_digest(root: Traversable | None = None) -> str:
    """A digest of the rule code: every module and data file at the top of ``boligmonitor/rules`` (the rule
    functions, sources, texts, obligations.yaml). Parameters have their own digest. Files are read as bytes in name
    order, so the same code always gives the same digest and a bundle stays byte-for-byte reproducible."""
    base: Traversable = root if root is not None else resources.files("boligmonitor.rules")
    h = hashlib.sha256()
    for child in sorted(base.iterdir(), key=lambda c: c.name):
        if child.is_file() and child.name.endswith((".py", ".yaml")):
            h.update(child.name.encode() + b"\0" + child.read_bytes() + b"\0")
    return h.hexdigest()[:12]


@cache
def _shipped_code_digest() -> str:
    return code_digest()


def rules_version(params: ParameterSet | None = None) -> str:
    """Package version plus a digest of the parameter tree and one of the rule code: a change to the law data or
    to the code that applies it changes the version, even when the package version stays the same."""
    p = params or default_parameters()
    return f"{__version__}+params.{p.digest}.rules.{_shipped_code_digest()}"


def list_date(year: int, params: ParameterSet | None = None) -> dt.date:
    """The publication date of the list of ``year`` (26 Oct 2010, 1 Oct 2011-12, 1 Dec from 2013)."""
    p = params or default_parameters()
    month_day: str = p.value("common/list_day", dt.date(year, 1, 1))
    month, day = (int(x) for x in month_day.split("-"))
    return dt.date(year, month, day)


def categories_in_force(year: int, params: ParameterSet | None = None) -> list[str]:
    """The category ids the law used in the list of ``year``, in display order."""
    order = {c: i for i, c in enumerate(CATEGORIES)}
    cats = {c for fn in rule_functions_for(list_date(year, params)) for c in CATEGORIES_OF[fn]}
    return sorted(cats, key=lambda c: order[c])


def classify_area(
    area_id: str,
    sources: Mapping[int, CriterionSource],
    list_years: Iterable[int],
    params: ParameterSet | None = None,
    earlier: Mapping[int, bool | None] | None = None,
) -> list[Decision]:
    """All decisions for one area over the given list years.

    ``sources`` maps list year -> where that year's values come from. Years are processed in order so that
    consecutive-year categories see the area's status in earlier years, each judged by the rules then in force.
    ``earlier`` (list year -> ghetto-family status) holds statuses already decided, e.g. published ones, so a caller
    can classify later years only (a forecast); years classified here take precedence.
    """
    p = params or default_parameters()
    version = rules_version(p)
    history: dict[int, bool | None] = dict(earlier or {})
    out: list[Decision] = []
    for year in sorted(set(list_years)):
        source = sources.get(year)
        if source is None:
            continue
        day = list_date(year, p)
        ctx = Context(area_id, source, p, year, day, version, dict(history))
        decisions = [d for fn in rule_functions_for(day) for d in fn(ctx)]
        for d in decisions:
            if d.category in GHETTO_FAMILY and d.rule_set != "forebyggelse_2021":
                history[year] = d.member
        out.extend(decisions)
    return out
