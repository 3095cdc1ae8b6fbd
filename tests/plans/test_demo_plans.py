"""The demo's plan files (boligmonitor/web/plans/demo/, imported by `make demo`) stay valid plan files, and the demo
strategy's list target measures something: it covers every almen area of its municipality, so the target "no area on
the lists in 2030" counts the municipality's listed areas instead of two areas that are never listed."""

from __future__ import annotations

from pathlib import Path

import pytest

from boligmonitor.plans.files import load_plan_file
from boligmonitor.plans.model import Strategy

DEMO = Path(__file__).resolve().parents[2] / "boligmonitor" / "web" / "plans" / "demo"


@pytest.mark.parametrize("path", sorted(DEMO.glob("*.yaml")), ids=lambda p: p.name)
def test_each_demo_plan_file_loads(path: Path) -> None:
    pf = load_plan_file(path)
    assert pf.plan.key.startswith("demo-")


def test_the_demo_strategy_covers_the_whole_municipality_and_targets_the_lists() -> None:
    plan = load_plan_file(DEMO / "strategi-faelles-strategi.yaml").plan
    assert isinstance(plan, Strategy) and plan.scope.all_almen_areas
    targets = [m.target for fa in plan.focus_areas for g in fa.goals for m in g.measured_by
               if m.indicator == "lists" and m.target is not None]
    assert targets, "the strategy's list goal is gone"
