"""A goal's status in a year: achieved, on_track, off_track, not_achieved, no_data, suppressed or no_target.

The rule (ADR 0010): a goal whose actual value already meets its final target is *achieved*; from its ``by`` year
on a goal that does not is *not_achieved*; before then it is *on_track* when the actual meets the straight-line
path from the baseline to the target, else *off_track*. A value the bundle suppressed makes the status
*suppressed* — the status is never worked out from other cells; a value the vintage does not have makes it
*no_data*. Direction-aware: the indicator's better side (catalogue ``DIRECTION``) decides which way relative and
"keep the level" targets point.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from boligmonitor.plans import targets as tg
from boligmonitor.plans.data import Value
from boligmonitor.plans.model import AbsoluteTarget, ChangeTarget, ListTarget, RelativeTarget
from boligmonitor.rules.texts import Text

Status = Literal["achieved", "on_track", "off_track", "not_achieved", "no_data", "suppressed", "no_target"]
STATUSES: tuple[Status, ...] = ("achieved", "on_track", "off_track", "not_achieved", "no_data", "suppressed",
                                "no_target")
STATUS_TEXTS: dict[str, Text] = {
    "achieved": Text("Nået", "Achieved"),
    "on_track": Text("På vej", "On track"),
    "off_track": Text("Bagud", "Off track"),
    "not_achieved": Text("Ikke nået", "Not achieved"),
    "no_data": Text("Ingen data", "No data"),
    "suppressed": Text("Diskretioneret", "Suppressed"),
    "no_target": Text("Intet mål", "No target"),
}


@dataclass(frozen=True)
class Judgement:
    status: Status
    final: tg.Goalpost | None  # the target by its year (None when it cannot be computed)
    now: tg.Goalpost | None  # the point on the path in the year judged


def _missing(*values: Value) -> Status | None:
    """suppressed before no_data: a number that exists but may not be shown is not 'no data'."""
    if any(v.suppressed for v in values):
        return "suppressed"
    if any(v.value is None for v in values):
        return "no_data"
    return None


def _decide(actual: float, final: tg.Goalpost | None, now: tg.Goalpost | None, year: int, by: int,
            missing: Status) -> Status:
    if final is not None and final.met_by(actual):
        return "achieved"
    if year >= by:
        return "not_achieved" if final is not None else missing
    if now is None:
        return missing
    return "on_track" if now.met_by(actual) else "off_track"


def judge(target: AbsoluteTarget | RelativeTarget | ChangeTarget | None, *, year: int, baseline_year: int,
          baseline: Value, actual: Value, direction: tg.Direction = "neutral",
          reference_baseline: Value | None = None, reference_now: Value | None = None) -> Judgement:
    """The status of one indicator's target in ``year`` (the data year of ``actual``)."""
    if target is None:
        return Judgement("no_target", None, None)
    gone = _missing(actual)
    if gone is not None:
        return Judgement(gone, None, None)
    assert actual.value is not None
    p = tg.progress(year, baseline_year, target.by)
    base = None if baseline.suppressed else baseline.value
    # the reason a goalpost cannot be computed: what it needed was suppressed, or absent
    needs = [baseline] if not isinstance(target, AbsoluteTarget) else []
    final: tg.Goalpost | None
    now: tg.Goalpost | None
    if isinstance(target, AbsoluteTarget):
        final, now = tg.absolute(target, 1.0, base), tg.absolute(target, p, base)
        needs = [baseline]
    elif isinstance(target, ChangeTarget):
        final, now = tg.change(target, 1.0, base, direction), tg.change(target, p, base, direction)
    else:
        rb, rn = reference_baseline or Value(), reference_now or Value()
        needs += [rb, rn]
        ref_b = None if rb.suppressed else rb.value
        ref_n = None if rn.suppressed else rn.value
        final = tg.relative(target, 1.0, base, ref_b, ref_n, direction)
        now = tg.relative(target, p, base, ref_b, ref_n, direction)
    missing = _missing(*needs) or "no_data"
    return Judgement(_decide(actual.value, final, now, year, target.by, missing), final, now)


def judge_list(target: ListTarget, *, year: int, baseline_year: int, baseline_count: int | None,
               count: int | None, undetermined: int = 0) -> Judgement:
    """The status of a list target in list ``year``: the plan's areas on any of its lists. An undetermined
    decision could go either way, so the status is given only when it would be the same both ways."""
    if count is None:
        return Judgement("no_data", None, None)
    p = tg.progress(year, baseline_year, target.by)
    final, now = tg.list_count(target, 1.0, baseline_count), tg.list_count(target, p, baseline_count)
    low = _decide(float(count), final, now, year, target.by, "no_data")
    high = _decide(float(count + undetermined), final, now, year, target.by, "no_data")
    return Judgement(low if low == high else "no_data", final, now)
