"""Decisions and their parts: what the law concluded for one area, list year and category, and why."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from boligmonitor.rules.texts import COMPARATOR_WORDING, NOTES, Text


def compare(value: Fraction, comparator: str, threshold: Fraction) -> bool:
    """Apply a comparator exactly as the law words it ('overstiger' >, 'mindst' ≥, 'mindre end' <)."""
    if comparator == ">":
        return value > threshold
    if comparator == ">=":
        return value >= threshold
    if comparator == "<":
        return value < threshold
    raise ValueError(f"unknown comparator {comparator!r}")


@dataclass(frozen=True)
class MeasureValue:
    """A criterion's value as the law computes it, plus what is needed to express a margin in persons.

    ``per_person`` is how much the value moves when one resident of the latest data year changes status
    (e.g. 1 / (window × residents 18-64) for a 2-year average share). ``room_down``/``room_up`` bound how many
    residents can change status in each direction. Both are None when only published values are known.
    """

    value: Fraction
    data_years: tuple[int, ...]
    per_person: Fraction | None = None
    room_down: Fraction | None = None
    room_up: Fraction | None = None
    money_per_unit: Fraction | None = None  # income criterion: DKK per person for one unit of the ratio
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Margin:
    """How far a criterion is from flipping.

    ``persons``: the smallest number of residents in the latest data year who would have to change status for
    ``met`` to flip (None when it cannot be computed). ``dkk_per_person``: for the income criterion, the change in
    the area's mean income that flips it. ``gap``: the distance in the value's own unit (percentage points or
    ratio), always available.
    """

    gap: Fraction
    persons: int | None = None
    dkk_per_person: Fraction | None = None
    direction: str = ""  # "down" or "up": which way the persons/income must move to flip the criterion
    note: Text | None = None


def persons_to_flip(
    value: Fraction,
    comparator: str,
    threshold: Fraction,
    per_person: Fraction,
    room_down: Fraction | None = None,
    room_up: Fraction | None = None,
) -> tuple[int | None, str, Text | None]:
    """Smallest k ≥ 1 residents changing status (each moving the value by ``per_person``) that flips the result.

    Returns (k or None, direction, note). Exact in rational arithmetic.
    """
    met = compare(value, comparator, threshold)
    # Which way must the value move to flip?  '>' / '>=' met → down; '<' met → up; and vice versa.
    down = met if comparator in (">", ">=") else not met
    gap = (value - threshold) / per_person  # in persons, signed
    if down:
        # need value - k*pp to fail (met) or pass (not met) the test
        # '>': met→ need value' <= t → k >= gap ; '>=': met→ need value' < t → k > gap
        # '<': not met (value >= t) → need value' < t → k > gap
        strict = comparator in (">=", "<")
        k = math.floor(gap) + 1 if strict else math.ceil(gap)
        room = room_down
        direction = "down"
    else:
        gap = -gap
        # '>': not met (value <= t) → need value' > t → k > gap ; '>=': not met → need value' >= t → k >= gap
        # '<': met (value < t) → need value' >= t → k >= gap
        strict = comparator == ">"
        k = math.floor(gap) + 1 if strict else math.ceil(gap)
        room = room_up
        direction = "up"
    k = max(k, 1)
    if room is not None and k > room:
        return None, direction, NOTES["cannot_flip"]
    return k, direction, None


@dataclass(frozen=True)
class CriterionResult:
    """One criterion of one law version for one area and list year."""

    id: str
    label: Text
    value: Fraction | None
    threshold: Fraction
    comparator: str
    met: bool | None
    margin: Margin | None
    unit: str  # share | ratio | persons
    data_years: tuple[int, ...]
    parameter: str
    legal_reference: str
    legal_href: str
    interpretation: str | None = None
    withheld: str | None = None  # why the value is not published (disclosure control)
    missing: Text | None = None  # why the value cannot be computed (then value and met are None)

    @property
    def wording(self) -> Text:
        return COMPARATOR_WORDING[self.comparator]


@dataclass(frozen=True)
class Decision:
    """The law's conclusion for (area, list year, category), with every criterion behind it."""

    area_id: str
    list_year: int
    list_date: str
    rule_set: str
    category: str
    member: bool | None
    criteria: tuple[CriterionResult, ...]
    required: Text  # a sentence: what the category requires
    criteria_met: int
    consecutive_years: int | None
    rules_version: str
    notes: tuple[Text, ...] = ()
