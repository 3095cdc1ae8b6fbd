"""Every register indicator of a funding period is a catalogue indicator."""

from __future__ import annotations

from boligmonitor.indicators.catalogue import INDICATOR_BY_ID
from boligmonitor.plans.periods import periods


def test_register_indicators_are_in_the_catalogue() -> None:
    for p in periods():
        for g in p.fixed_goals:
            for i in g.indicators:
                if i.kind == "register":
                    assert i.catalogue in INDICATOR_BY_ID, i.id
