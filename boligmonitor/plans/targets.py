"""The four target kinds a plan writes, turned into the value to reach in a year (ADR 0010).

A target names where a goal's indicator should be *by* a year. For on-track judgements before then, the value to
reach follows a straight line from the baseline (the plan's baseline year) to the target in ``by``: in year t the
goal must have gone ``p = (t - baseline_year) / (by - baseline_year)`` of the way. Relative targets compare with the
reference unit of the same year (the municipality moves too); change targets are relative to the baseline; list
targets count areas on the computed lists of each year.

All functions are pure: plain numbers in, a :class:`Goalpost` (or None when the numbers it needs are missing) out.
Shares are fractions (0.95 = 95 %), as the bundle publishes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from boligmonitor.plans.model import AbsoluteTarget, ChangeTarget, ListTarget, RelativeTarget
from boligmonitor.rules.texts import CATEGORY_LABELS, Text, number

Compare = Literal["at_least", "at_most"]
Direction = Literal["higher", "lower", "neutral"]
EPSILON = 1e-9  # published values are rounded floats; a value equal to its target meets it


@dataclass(frozen=True)
class Goalpost:
    """The value to reach, and which side of it meets the goal."""

    value: float
    compare: Compare

    def met_by(self, actual: float) -> bool:
        if self.compare == "at_least":
            return actual >= self.value - EPSILON
        return actual <= self.value + EPSILON


def progress(year: int, baseline_year: int, by: int) -> float:
    """How far along the straight line from the baseline year to ``by`` the year is (0 to 1)."""
    if year >= by or by <= baseline_year:
        return 1.0
    return max(0.0, (year - baseline_year) / (by - baseline_year))


def _along(start: float, end: float, p: float) -> float:
    return start + (end - start) * p


def absolute(t: AbsoluteTarget, p: float, baseline: float | None) -> Goalpost | None:
    if p >= 1.0:
        return Goalpost(t.value, t.direction)
    if baseline is None:
        return None
    return Goalpost(_along(baseline, t.value, p), t.direction)


def change_compare(change: float, direction: Direction) -> Compare:
    """A fall is 'at most', a rise 'at least'; 'keep the level' (0) follows the indicator's better side."""
    if change < 0:
        return "at_most"
    if change > 0:
        return "at_least"
    return "at_most" if direction == "lower" else "at_least"


def change(t: ChangeTarget, p: float, baseline: float | None, direction: Direction) -> Goalpost | None:
    if baseline is None:
        return None
    return Goalpost(_along(baseline, baseline * (1 + t.change), p), change_compare(t.change, direction))


def relative(t: RelativeTarget, p: float, baseline: float | None, reference_baseline: float | None,
             reference_now: float | None, direction: Direction) -> Goalpost | None:
    """Close ``close_gap`` of the baseline's gap to the reference by ``by``, against the reference of the same year.

    With a direction: an area already on the better side of the reference at baseline must stay there (target =
    the reference). Neutral indicators move towards the reference from the side the baseline is on."""
    if baseline is None or reference_baseline is None or reference_now is None:
        return None
    gap = baseline - reference_baseline
    if direction == "neutral":
        compare: Compare = "at_most" if gap > 0 else "at_least"
    else:
        compare = "at_least" if direction == "higher" else "at_most"
        if Goalpost(reference_baseline, compare).met_by(baseline):
            return Goalpost(reference_now, compare)
    remaining = 1.0 - t.close_gap * p
    return Goalpost(reference_now + gap * remaining, compare)


def list_count(t: ListTarget, p: float, baseline: int | None) -> Goalpost | None:
    """At most ``at_most`` areas (or the baseline count changed by ``change``) on the lists by ``by``."""
    if t.at_most is not None:
        if p >= 1.0:
            return Goalpost(float(t.at_most), "at_most")
        if baseline is None:
            return None
        return Goalpost(_along(float(baseline), float(t.at_most), p), "at_most")
    if baseline is None or t.change is None:
        return None
    return Goalpost(_along(float(baseline), baseline * (1 + t.change), p), "at_most")


# -- the target in words -----------------------------------------------------------------------------------------

REFERENCE_NAMES = {"municipality": Text("kommunen", "the municipality"), "region": Text("regionen", "the region"),
                   "nation": Text("landet", "the country")}
COMPARE_WORDS = {"at_least": Text("Mindst", "At least"), "at_most": Text("Højst", "At most")}


def _amount(value: float, unit: str, lang: str) -> str:
    if unit == "share":
        return f"{number(value * 100, 1, lang).removesuffix(',0').removesuffix('.0')} %"
    return number(value, 2 if unit == "mean" else 0, lang).removesuffix(",00").removesuffix(".00")


def describe(t: AbsoluteTarget | RelativeTarget | ChangeTarget | ListTarget, unit: str,
             direction: Direction = "neutral") -> Text:
    """The target as a sentence in both languages ('Mindst 95 % i 2020' / 'At least 95 % by 2020')."""
    if isinstance(t, AbsoluteTarget):
        w = COMPARE_WORDS[t.direction]
        return Text(f"{w.da} {_amount(t.value, unit, 'da')} i {t.by}",
                    f"{w.en} {_amount(t.value, unit, 'en')} by {t.by}")
    if isinstance(t, RelativeTarget):
        ref = REFERENCE_NAMES[t.reference]
        if t.close_gap >= 1.0:
            return Text(f"På niveau med {ref.da} i {t.by}", f"At the level of {ref.en} by {t.by}")
        pct_da, pct_en = _amount(t.close_gap, "share", "da"), _amount(t.close_gap, "share", "en")
        return Text(f"Afstanden til {ref.da} mindskes med {pct_da} i {t.by}",
                    f"The gap to {ref.en} narrows by {pct_en} by {t.by}")
    if isinstance(t, ChangeTarget):
        pct_da, pct_en = _amount(abs(t.change), "share", "da"), _amount(abs(t.change), "share", "en")
        if t.change < 0:
            return Text(f"Fald på {pct_da} fra baseline i {t.by}", f"Down {pct_en} from the baseline by {t.by}")
        if t.change > 0:
            return Text(f"Stigning på {pct_da} fra baseline i {t.by}", f"Up {pct_en} from the baseline by {t.by}")
        return Text(f"Mindst niveauet fra baseline i {t.by}" if change_compare(0, direction) == "at_least" else
                    f"Højst niveauet fra baseline i {t.by}",
                    f"At least the baseline level by {t.by}" if change_compare(0, direction) == "at_least" else
                    f"At most the baseline level by {t.by}")
    names = [CATEGORY_LABELS.get(c, Text(c, c)) for c in t.lists]
    da, en = " eller ".join(n.da for n in names), " or ".join(n.en for n in names)
    if t.at_most is not None:
        return Text(f"Højst {t.at_most} områder på listen ({da}) i {t.by}",
                    f"At most {t.at_most} areas on the list ({en}) by {t.by}")
    pct_da, pct_en = _amount(abs(t.change or 0.0), "share", "da"), _amount(abs(t.change or 0.0), "share", "en")
    return Text(f"Antallet af områder på listen ({da}) falder med {pct_da} i {t.by}",
                f"The number of areas on the list ({en}) falls by {pct_en} by {t.by}")
