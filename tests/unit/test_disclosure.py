"""Disclosure control properties: no published count below the minimum, directly or by subtraction."""

from __future__ import annotations

import random
from fractions import Fraction
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from boligmonitor import api
from boligmonitor.indicators.catalogue import components
from boligmonitor.indicators.disclosure import DisclosureSettings, build_cells
from boligmonitor.indicators.engine import UnitTable
from tests.helpers import tiny_data

COMPS = [c.name for c in components()]


def _units(draw_counts: list[tuple[int, int, int]]) -> UnitTable:
    values = {}
    total: dict[str, int] = dict.fromkeys(COMPS, 0)
    for i, (res, conv, adults) in enumerate(draw_counts):
        adults = min(adults, res)
        comps = dict.fromkeys(COMPS, 0) | {"residents": res, "pop_18plus": adults,
                                           "convicted_18plus": min(conv, adults)}
        values[("municipality", str(100 + i), 2023)] = comps
        for k, v in comps.items():
            total[k] += v
    values[("region", "1084", 2023)] = total
    return UnitTable.from_values(values, {c.name: c.scale for c in components()},
                     region_of_municipality={str(100 + i): "1084" for i in range(len(draw_counts))})


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 12), st.integers(0, 60)), min_size=2, max_size=6),
       st.integers(3, 10))
def test_no_published_count_below_minimum_and_no_recovery_from_region(
        counts: list[tuple[int, int, int]], minimum: int) -> None:
    s = DisclosureSettings(minimum=minimum)
    cells = build_cells(_units(counts), s)
    for c in cells:
        if c.suppression is None and c.numerator is not None:
            assert c.numerator >= minimum
            if c.denominator is not None:
                assert c.denominator >= minimum
    by_ind: dict[str, list] = {}
    for c in cells:
        if c.unit_type == "municipality" and c.numerator is not None:
            by_ind.setdefault(c.indicator_id, []).append(c)
    for ind, group in by_ind.items():
        hidden = [c for c in group if c.suppression]
        if hidden and len(hidden) < len(group):
            # region minus the published municipalities = the hidden total: it must not be small
            assert len(hidden) >= 2 or not hidden, ind
            assert sum((c.numerator for c in hidden), Fraction(0)) >= minimum or len(hidden) == len(group), ind


def test_permuting_rows_changes_nothing(tmp_path: Path) -> None:
    rng = random.Random(5)
    persons = [{"year": y, "person_id": i, "afdeling_id": rng.choice(["AFD1", "AFD2", ""]), "age": rng.randint(0, 90),
                "convicted": rng.random() < 0.1, "outside_labour_or_education": rng.choice(["0", "0.5", "1"])}
               for y in (2021, 2022, 2023) for i in range(60)]
    a = tiny_data(tmp_path / "a", persons)
    shuffled = persons[:]
    rng.shuffle(shuffled)
    b = tiny_data(tmp_path / "b", shuffled)
    api.run(a, tmp_path / "ba")
    api.run(b, tmp_path / "bb")
    for name in ("indicators.parquet", "classifications.parquet"):
        assert (tmp_path / "ba" / name).read_bytes() == (tmp_path / "bb" / name).read_bytes()


def test_nested_area_difference_is_protected(tmp_path: Path) -> None:
    # B = A + one afdeling with 2 residents: publishing both would reveal those 2 by subtraction
    persons = [{"year": 2023, "person_id": i, "afdeling_id": "AFD1", "age": 30} for i in range(40)]
    persons += [{"year": 2023, "person_id": 100 + i, "afdeling_id": "AFD2", "age": 30} for i in range(2)]
    persons += [{"year": 2023, "person_id": 300 + i, "afdeling_id": "", "age": 30} for i in range(30)]  # rest of 101
    folder = tiny_data(tmp_path / "d", persons, areas={"A": ["AFD1"], "B": ["AFD1", "AFD2"]},
                       kinds={"B": "helhedsplan"})
    api.run(folder, tmp_path / "b")
    import pyarrow.parquet as pq

    rows = pq.read_table(tmp_path / "b" / "indicators.parquet").to_pylist()
    res = {r["unit_id"]: r for r in rows if r["unit_type"] == "area" and r["indicator_id"] == "residents"}
    assert res["A"]["value"] == 40 and not res["A"]["suppressed"]
    assert res["B"]["suppressed"] and res["B"]["suppression"] == "secondary_nested"


def _residents(bundle: Path) -> dict[tuple[str, str], dict]:
    import pyarrow.parquet as pq

    rows = pq.read_table(bundle / "indicators.parquet").to_pylist()
    return {(r["unit_type"], r["unit_id"]): r for r in rows if r["indicator_id"] == "residents" and r["year"] == 2023}


def test_municipality_minus_area_is_protected(tmp_path: Path) -> None:
    # municipality 101 = area A (40 residents) + 3 persons elsewhere: publishing both reveals the 3
    persons = [{"year": 2023, "person_id": i, "afdeling_id": "AFD1", "age": 30} for i in range(40)]
    persons += [{"year": 2023, "person_id": 100 + i, "afdeling_id": "", "age": 30} for i in range(3)]
    persons += [{"year": 2023, "person_id": 200 + i, "afdeling_id": "", "age": 30, "municipality_code": "147"}
                for i in range(30)]
    folder = tiny_data(tmp_path / "d", persons, areas={"A": ["AFD1"]})
    api.run(folder, tmp_path / "b")
    res = _residents(tmp_path / "b")
    assert res[("municipality", "101")]["value"] == 43
    assert res[("area", "A")]["suppressed"] and res[("area", "A")]["suppression"] == "secondary_municipality"


def test_overlap_of_two_areas_with_a_published_union_is_protected(tmp_path: Path) -> None:
    # A = AFD1+AFD2, B = AFD2+AFD3, C = A ∪ B; AFD2 has 2 residents = A + B − C
    persons = [{"year": 2023, "person_id": i, "afdeling_id": "AFD1", "age": 30} for i in range(30)]
    persons += [{"year": 2023, "person_id": 100 + i, "afdeling_id": "AFD2", "age": 30} for i in range(2)]
    persons += [{"year": 2023, "person_id": 200 + i, "afdeling_id": "AFD3", "age": 30} for i in range(30)]
    persons += [{"year": 2023, "person_id": 300 + i, "afdeling_id": "", "age": 30} for i in range(50)]
    folder = tiny_data(tmp_path / "d", persons,
                       areas={"A": ["AFD1", "AFD2"], "B": ["AFD2", "AFD3"], "C": ["AFD1", "AFD2", "AFD3"]},
                       kinds={"B": "helhedsplan", "C": "custom"})
    api.run(folder, tmp_path / "b")
    res = _residents(tmp_path / "b")
    published = {a: res[("area", a)]["value"] for a in "ABC" if not res[("area", a)]["suppressed"]}
    if len(published) == 3:
        raise AssertionError(f"A + B − C = {published['A'] + published['B'] - published['C']} is published")
    assert any(res[("area", a)]["suppression"] in ("secondary_overlap", "secondary_nested") for a in "ABC")
