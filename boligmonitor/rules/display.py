"""How a criterion's value is written next to its decision, so that the two never contradict each other.

A value rounded for display can land on the other side of the threshold: 40.000008 % is "met" against "overstiger
40 pct." but reads 40,0 %. The rule used by every face (web pages, PDF, CLI, JSON): write the value with the
usual number of decimals for its unit; if that rounded value would decide the comparison differently from the
decision, add decimals (up to ``MAX_DECIMALS``) until it does not. If no number of decimals helps (the value
reached us already rounded, as a bundle stores it), write the side of the threshold the decision is on instead:
"> 40,0 %". Thresholds are written with as many decimals as they need to be exact (2,7 %, 2,75 %).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from boligmonitor.rules.model import compare

# unit -> (factor to the written unit, usual decimals, suffix)
UNITS: dict[str, tuple[int, int, str]] = {
    "share": (100, 1, " %"),
    "ratio": (1, 2, ""),
    "persons": (1, 0, ""),
}
MAX_DECIMALS = 6
# The side of the threshold a decision puts the value on: comparator if met, its negation if not.
_SIDE = {(">", True): ">", (">", False): "≤", (">=", True): "≥", (">=", False): "<", ("<", True): "<",
         ("<", False): "≥"}


def _exact(x: float | Fraction | int) -> Fraction:
    # repr() gives the shortest decimal that reads back as the same float: 0.4 is 2/5, not the binary neighbour
    return x if isinstance(x, Fraction) else Fraction(repr(x)) if isinstance(x, float) else Fraction(x)


def _rounded(x: Fraction, decimals: int) -> Decimal:
    """Half away from zero, as people round (Python's round() would give 0.125 -> 0.12)."""
    # 28 significant digits (the decimal default) are far more than any criterion value has
    return (Decimal(x.numerator) / Decimal(x.denominator)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)


def _write(d: Decimal, decimals: int, lang: str) -> str:
    text = f"{d:,.{decimals}f}"
    return text if lang == "en" else text.replace(",", "_").replace(".", ",").replace("_", ".")


def _unit(unit: str) -> tuple[int, int, str]:
    return UNITS.get(unit, (1, 2, ""))


def threshold_text(threshold: float | Fraction | int | None, unit: str, lang: str, decimals: int | None = None) -> str:
    """A threshold with the unit's usual decimals (or ``decimals``), or more when it needs them to be exact."""
    if threshold is None:
        return "–"
    factor, usual, suffix = _unit(unit)
    decimals = usual if decimals is None else decimals
    t = _exact(threshold) * factor
    for d in range(decimals, MAX_DECIMALS + 1):
        if Fraction(_rounded(t, d)) == t:
            return _write(_rounded(t, d), d, lang) + suffix
    return _write(_rounded(t, MAX_DECIMALS), MAX_DECIMALS, lang) + suffix


def value_text(value: float | Fraction | int | None, unit: str, lang: str,
               threshold: float | Fraction | int | None = None, comparator: str | None = None,
               met: bool | None = None, decimals: int | None = None) -> str:
    """A criterion's value written so that it agrees with ``met`` (see the module note); ``decimals`` replaces
    the unit's usual number of decimals (the CLI writes shares with two)."""
    if value is None:
        return "–"
    factor, usual, suffix = _unit(unit)
    decimals = usual if decimals is None else decimals
    v = _exact(value) * factor
    if threshold is None or comparator is None or met is None:
        return _write(_rounded(v, decimals), decimals, lang) + suffix
    t = _exact(threshold) * factor
    for d in range(decimals, MAX_DECIMALS + 1):
        shown = _rounded(v, d)
        if compare(Fraction(shown), comparator, t) is met:
            return _write(shown, d, lang) + suffix
    return f"{_SIDE[(comparator, met)]} {threshold_text(threshold, unit, lang, decimals)}"
