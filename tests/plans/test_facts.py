"""Drafted facts for a problem complex: written the way agreements write them, never from a suppressed cell; and the
statutory criteria a focus area touches, with the exit path from the published decision rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from boligmonitor.plans.data import BundleData, Value
from boligmonitor.plans.facts import approx, as_facts, criteria, draft
from boligmonitor.runs.bundle import open_bundle

from .fakes import TableData, agreement


@pytest.mark.parametrize(("share", "da", "en"), [
    (0.40, "40", "40"), (0.404, "40", "40"), (0.412, "Godt 40", "Just over 40"), (0.388, "Knap 40", "Almost 40"),
    (0.372, "37", "37"), (0.22, "Godt 20", "Just over 20"),
])
def test_shares_as_agreements_write_them(share: float, da: str, en: str) -> None:
    assert approx(share) == (da, en)


def test_a_fact_for_the_area_and_the_municipality() -> None:
    d = TableData({("area", "H1", 2022, "outside_labour_18_64"): 0.412,
                   ("municipality", "330", 2022, "outside_labour_18_64"): 0.22}, years=[2022])
    plan = agreement()
    (fact,) = draft(plan, plan.focus_areas[0], d, 2022)
    assert fact["text"]["da"] == ("Godt 40 pct. af de 18-64-årige i Helhedsplan Slagelse er uden for arbejdsmarked og "
                                  "uddannelse (fuldtidspersoner) (2022). I kommunen er andelen 22 pct.")
    assert fact["text"]["en"].startswith("Just over 40 per cent of the 18-64-year-olds in Helhedsplan Slagelse")
    assert as_facts([fact])[0].status == "draft" and as_facts([fact], "en")[0].text == fact["text"]["en"]


def test_never_from_a_suppressed_cell() -> None:
    plan = agreement()
    suppressed_area = TableData({("area", "H1", 2022, "outside_labour_18_64"): None,
                                 ("municipality", "330", 2022, "outside_labour_18_64"): 0.22}, years=[2022])
    assert draft(plan, plan.focus_areas[0], suppressed_area, 2022) == []
    suppressed_municipality = TableData({("area", "H1", 2022, "outside_labour_18_64"): 0.41,
                                         ("municipality", "330", 2022, "outside_labour_18_64"): None}, years=[2022])
    (fact,) = draft(plan, plan.focus_areas[0], suppressed_municipality, 2022)
    assert "kommunen" not in fact["text"]["da"]
    # a data source that leaves the number on a suppressed cell (the web's database could) still gives no fact
    leaky = TableData({("area", "H1", 2022, "outside_labour_18_64"): 0.41}, years=[2022])
    leaky.cell = lambda *key: Value(0.41, suppressed=True)  # type: ignore[method-assign]
    assert draft(plan, plan.focus_areas[0], leaky, 2022) == []


def test_criteria_the_focus_area_touches_with_the_exit_path(synth_bundle: Path) -> None:
    data = BundleData(open_bundle(synth_bundle))
    statutory = next(a for a in ("A0001", "A0002", "A0003") if data.area_rows(a))
    plan = agreement(areas=[statutory], parties=[])
    found = criteria(plan, plan.focus_areas[0], data)  # theme beskæftigelse: outside labour, income
    assert found and {c["criterion"] for c in found} <= {"outside_labour", "outside_labour_large", "income_ratio"}
    assert all(c["exit_path"] for c in found)
    english = criteria(plan, plan.focus_areas[0], data, lang="en")
    assert english[0]["label"] != found[0]["label"]
