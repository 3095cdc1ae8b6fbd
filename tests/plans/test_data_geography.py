"""BundleData reads a bundle as published; a plan's areas, municipality and the union rows for the next run."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from boligmonitor.plans.data import ABSENT, BundleData, reference_unit
from boligmonitor.plans.examples import example_strategy
from boligmonitor.plans.geography import plan_areas, plan_municipality, union_members
from boligmonitor.runs.bundle import open_bundle

from .fakes import TableData, agreement


def test_bundle_data_passes_cells_on_as_published(synth_bundle: Path) -> None:
    b = open_bundle(synth_bundle)
    data = BundleData(b)
    rows = b.indicators.to_pylist()
    shown = next(r for r in rows if not r["suppressed"] and r["unit_type"] == "area")
    hidden = next(r for r in rows if r["suppressed"])
    v = data.cell(shown["unit_type"], shown["unit_id"], shown["year"], shown["indicator_id"])
    assert (v.value, v.numerator, v.denominator, v.suppressed) == (shown["value"], shown["numerator"],
                                                                   shown["denominator"], False)
    h = data.cell(hidden["unit_type"], hidden["unit_id"], hidden["year"], hidden["indicator_id"])
    assert h.suppressed and h.value is None and h.numerator is None
    assert data.cell("area", "NOPE", 2020, "residents") == ABSENT
    assert data.years() == sorted({r["year"] for r in rows})
    members = {(r["area_id"], r["list_year"], r["category"]) for r in b.classifications.to_pylist() if r["member"]}
    got = {(a, y, c) for y in data.list_years() for c, areas in data.list_members(y).items() for a in areas}
    assert got == members
    assert data.vintage()["synthetic"] is True


def test_reference_units() -> None:
    d = TableData()
    assert reference_unit(d, "municipality", 330) == ("municipality", "330")
    assert reference_unit(d, "region", 330) == ("region", "1085")
    assert reference_unit(d, "nation", 330) == ("nation", "DK")
    assert reference_unit(d, "region", 999) is None


def test_plan_areas_and_municipality() -> None:
    d = TableData()
    assert [a["area_id"] for a in plan_areas(agreement(areas=["A2", "ZZ", "A1"]), d)] == ["A2", "A1"]
    # every almen area of the municipality, without the helhedsplan area that would count them twice
    assert [a["area_id"] for a in plan_areas(example_strategy(330), d)] == ["A1", "A2"]
    assert plan_municipality(agreement(parties=[], areas=["A1"]), d) == 330


def test_union_members_for_the_next_run() -> None:
    rows = union_members(agreement(areas=["A1", "A2"]), TableData(), "U1", dt.date(2024, 1, 1))
    assert rows == [{"afdeling_id": a, "area_id": "U1", "valid_from": "2024-01-01", "valid_to": None}
                    for a in ("AFD1", "AFD2", "AFD3")]
    own = union_members(agreement(areas=["A1", "A2"], afdelinger=["AFD2"]), TableData(), "U1")
    assert [r["afdeling_id"] for r in own] == ["AFD2"] and own[0]["valid_from"] == "2021-10-01"


def test_a_report_asks_its_data_source_once_for_all_but_cells() -> None:
    from boligmonitor.plans.report import annual_report

    calls: dict[str, int] = {}

    class Counting(TableData):
        def years(self) -> list[int]:
            calls["years"] = calls.get("years", 0) + 1
            return super().years()

        def municipality(self, code: int):  # type: ignore[no-untyped-def]
            calls["municipality"] = calls.get("municipality", 0) + 1
            return super().municipality(code)

    d = Counting({("area", "H1", 2020, "outside_labour_18_64"): 0.4}, years=[2020, 2021, 2022])
    annual_report(agreement(), d, 2022, today=dt.date(2023, 1, 1))
    assert calls == {"years": 1, "municipality": 1}
