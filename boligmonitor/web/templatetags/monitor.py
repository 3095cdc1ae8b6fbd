"""Number formatting in the active language (Danish: 1.234,5 and 12,3 %)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import formats
from django.utils.translation import get_language

from boligmonitor.rules.display import threshold_text, value_text

register = template.Library()


def _lang() -> str:
    return "en" if (get_language() or "").startswith("en") else "da"


def _number(value: float, digits: int) -> str:
    return formats.number_format(round(value, digits), digits, use_l10n=True, force_grouping=True)


@register.filter
def pct(value: Any, digits: int = 1) -> str:
    if value is None:
        return "–"
    return f"{_number(float(value) * 100, digits)} %"


@register.filter
def num(value: Any, digits: int = 0) -> str:
    if value is None:
        return "–"
    return _number(float(value), digits)


@register.filter
def by_kind(value: Any, kind: str) -> str:
    """A published value as the indicator's kind reads: shares in percent, ratios with two decimals."""
    if value is None:
        return "–"
    if kind == "share":
        return pct(value)
    if kind == "ratio":
        return num(value, 2)
    if kind == "mean":
        return num(value, 0 if abs(float(value)) >= 100 else 1)
    return num(value)


@register.filter
def criterion_value(c: dict[str, Any], which: str = "value") -> str:
    """A criterion's value or threshold; the value never reads as the opposite of the decision next to it
    (rules/display.py: 40,000008 % against "overstiger 40 pct." is not written 40,0 %)."""
    unit = str(c.get("unit") or "")
    if which == "threshold":
        return threshold_text(c.get("threshold"), unit, _lang())
    return value_text(c.get(which), unit, _lang(), c.get("threshold"), c.get("comparator"), c.get("met"))


@register.filter
def comparator(c: dict[str, Any]) -> str:
    return {">": ">", ">=": "≥", "<": "<", "<=": "≤"}.get(c.get("comparator", ""), c.get("comparator", ""))


@register.filter
def yesno_lang(value: Any) -> str:
    da = get_language() != "en"
    return ("ja" if da else "yes") if value else ("nej" if da else "no")


@register.filter
def get(d: dict[str, Any], key: Any) -> Any:
    return d.get(key) if isinstance(d, dict) else None


@register.filter
def isodate(value: Any, with_time: bool = False) -> str:
    """An ISO date or timestamp (as the JSON twins carry them) in the active language's format."""
    import datetime as dt

    from django.utils import timezone
    from django.utils.formats import date_format

    if not value:
        return "–"
    try:
        parsed = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if with_time:
        return date_format(timezone.localtime(parsed) if timezone.is_aware(parsed) else parsed, "DATETIME_FORMAT")
    return date_format(parsed.date(), "DATE_FORMAT")
