"""What a goal's indicator is and where its numbers come from: a catalogue indicator's published cells, or the
values a user entered by hand (survey and custom indicators), each with its source.

Nothing here computes a number: a bundle cell is passed on as published, a hand-entered value as entered.
"""

from __future__ import annotations

from dataclasses import dataclass

from boligmonitor.indicators.catalogue import DIRECTION, INDICATOR_BY_ID, LABELS
from boligmonitor.plans.data import ABSENT, PlanData, Value
from boligmonitor.plans.model import Agreement, Strategy
from boligmonitor.plans.periods import FundingPeriod
from boligmonitor.plans.targets import Direction
from boligmonitor.rules.texts import Text


@dataclass(frozen=True)
class IndicatorInfo:
    id: str
    label: Text
    unit: str  # share | mean | count (catalogue) | manual (entered by hand)
    source: Text
    direction: Direction
    in_catalogue: bool


def bundle_source(data: PlanData) -> Text:
    v = data.vintage()
    label = v["label"] + (" — syntetiske data" if v["synthetic"] else "")
    label_en = v["label"] + (" — synthetic data" if v["synthetic"] else "")
    return Text(f"Registerdata, aggregeret og diskretioneret: {label} (regler {v['rules_version']})",
                f"Register data, aggregated and disclosure-controlled: {label_en} (rules {v['rules_version']})")


def indicator_info(indicator: str, data: PlanData, period: FundingPeriod | None = None,
                   label: str | None = None) -> IndicatorInfo:
    """The indicator as a goal row names it. A fixed indicator of the funding period keeps the period's wording."""
    fixed = period.fixed_indicator(indicator) if period is not None else None
    catalogue_id = fixed.catalogue if fixed is not None else (indicator if indicator in INDICATOR_BY_ID else None)
    if catalogue_id is not None and catalogue_id in LABELS:
        da, en = LABELS[catalogue_id]
        text = fixed.label.text if fixed is not None else Text(da, en)
        if label:
            text = Text(label, label)
        kind = INDICATOR_BY_ID[catalogue_id].kind if catalogue_id in INDICATOR_BY_ID else "share"
        direction: Direction = DIRECTION.get(catalogue_id, "neutral")  # type: ignore[assignment]
        return IndicatorInfo(catalogue_id, text, kind, bundle_source(data), direction, True)
    text = Text(label, label) if label else (fixed.label.text if fixed is not None else Text(indicator, indicator))
    src = Text(f"Indtastet: {fixed.data_source}", f"Entered by hand: {fixed.data_source}") if fixed is not None \
        else Text("Indtastet i planen", "Entered in the plan")
    return IndicatorInfo(indicator, text, "manual", src, "neutral", False)


def manual_value(plan: Strategy | Agreement, indicator: str, unit: str, year: int) -> Value:
    """A hand-entered value with its source as the note; absent when none was entered for that year."""
    for m in plan.manual_values:
        if m.indicator == indicator and m.unit == unit and m.year == year:
            note = m.source + (f" (n = {m.respondents})" if m.respondents is not None else "")
            return Value(m.value, source="manual", note=Text(note, note))
    return ABSENT


def manual_years(plan: Strategy | Agreement, indicator: str) -> list[int]:
    return sorted({m.year for m in plan.manual_values if m.indicator == indicator})


def value(plan: Strategy | Agreement, data: PlanData, info: IndicatorInfo, unit_type: str, unit_id: str,
          year: int) -> Value:
    """The indicator's number for a unit and year: the bundle's cell, or a hand-entered value (area and
    municipality only: other units have no hand-entered values)."""
    if info.in_catalogue:
        return data.cell(unit_type, unit_id, year, info.id)
    if unit_type in ("area", "municipality"):
        return manual_value(plan, info.id, unit_type, year)
    return ABSENT
