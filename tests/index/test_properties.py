"""Properties that hold for any data: monotonicity in each indicator's direction, invariance to row order, and a rank
interval that always contains the nominal rank."""

from __future__ import annotations

import random
from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boligmonitor.index.compute import compute_index
from boligmonitor.index.presets import load_preset, preset_names
from boligmonitor.index.sensitivity import sensitivity
from boligmonitor.index.spec import IndexSpecError
from tests.index.fakes import Cells, TableData, spec

Y = 2023
IDS = ["outside_labour_18_64", "mean_income_15_64", "basic_education_30_59"]  # directions +1, -1, +1
TARGETS = [0.25, 250_000, 0.30]

NORMALISATIONS: list[dict[str, Any]] = [
    {"method": "reference"}, {"method": "zscore"}, {"method": "minmax"}, {"method": "rank"},
    {"method": "percentile"}, {"method": "target"}, {"method": "exponential"},
    {"method": "points", "bands": [{"from": 110, "points": 1}, {"from": 140, "points": 2}]},
]
AGGREGATIONS: list[dict[str, Any]] = [{"method": "arithmetic"}, {"method": "geometric"}, {"method": "sum"},
                                      {"method": "generalised", "p": 0.5}, {"method": "generalised", "p": -1}]


def combos() -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Every pair the definition accepts (the schema refuses e.g. a geometric mean of z-scores)."""
    out = []
    for n in NORMALISATIONS:
        for a in AGGREGATIONS:
            try:
                definition(n, a)
            except IndexSpecError:
                continue
            out.append((n, a))
    assert len(out) > len(NORMALISATIONS) * 2  # most pairs are usable
    return out


def definition(n: dict[str, Any], a: dict[str, Any], weights: str = "expert") -> Any:
    return spec(indicators=[{"id": i, "target": t, "weight": w} for i, t, w in zip(IDS, TARGETS, [3, 2, 1],
                                                                                     strict=True)],
                normalisation=n, aggregation=a, weights={"method": weights})


share = st.floats(min_value=0.01, max_value=0.9, allow_nan=False)
income = st.floats(min_value=50_000, max_value=600_000, allow_nan=False)
row = st.tuples(share, income, share)


def table(rows: list[tuple[float, float, float]]) -> TableData:
    cells: Cells = {("municipality", "101", Y, i): v for i, v in zip(IDS, [0.2, 300_000, 0.25], strict=True)}
    for n, values in enumerate(rows):
        cells[("area", f"A{n:02d}", Y, "residents")] = 1000
        for i, v in zip(IDS, values, strict=True):
            cells[("area", f"A{n:02d}", Y, i)] = v
    return TableData(cells)


def outcome(data: TableData, s: Any) -> list[tuple[Any, ...]]:
    """Every row in the order the result gives them (so the CSV would be the same bytes)."""
    r = compute_index(data, s, Y)
    return [(x.unit_id, x.value, x.rank, None if x.klass is None else x.klass.id, x.status) for x in r.rows]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(row, min_size=3, max_size=10), which=st.integers(0, 100), col=st.integers(0, 2),
       step=st.floats(min_value=0.01, max_value=2.0), combo=st.sampled_from(combos()))
def test_worse_input_never_lowers_the_value_nor_improves_the_rank(rows, which, col, step, combo) -> None:  # type: ignore[no-untyped-def]
    n, a = combo
    s = definition(n, a)
    i = which % len(rows)
    worse = [list(r) for r in rows]
    d = s.direction(IDS[col])
    # move the value towards disadvantage: up when higher is worse, down (staying positive) when lower is worse
    worse[i][col] = worse[i][col] * (1 + step) if d > 0 else worse[i][col] / (1 + step)
    before = compute_index(table(rows), s, Y).row(f"A{i:02d}")
    after = compute_index(table([tuple(r) for r in worse]), s, Y).row(f"A{i:02d}")
    assert before.value is not None and after.value is not None
    assert after.value >= before.value
    # Ranks too, except for z-scores: there a higher value also raises the mean and the spread, which can shrink the
    # unit's lead over another unit in this indicator (docs/index-methods.md gives an example).
    if n["method"] != "zscore":
        assert before.rank is not None and after.rank is not None and after.rank <= before.rank


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(row, min_size=2, max_size=12), seed=st.integers(0, 10_000),
       preset=st.sampled_from(["kobenhavn_atlas", "imd"]), norm=st.sampled_from(NORMALISATIONS))
def test_results_do_not_depend_on_the_order_of_rows(rows, seed, preset, norm) -> None:  # type: ignore[no-untyped-def]
    data = table(rows)
    shuffled = table(rows)
    units = shuffled.units("area")
    random.Random(seed).shuffle(units)
    shuffled.units = lambda unit_type: units if unit_type == "area" else TableData.units(shuffled, unit_type)  # type: ignore[method-assign]
    items = list(shuffled._cells.items())
    random.Random(seed + 1).shuffle(items)
    shuffled._cells = dict(items)
    s = definition(norm, {"method": "arithmetic"})
    assert outcome(data, s) == outcome(shuffled, s)
    p = load_preset(preset)
    if all(i.id in IDS for i in p.indicators):
        assert outcome(data, p) == outcome(shuffled, p)


def test_the_same_data_in_another_order_gives_identical_bits_for_every_preset() -> None:
    rng = np.random.default_rng(3)
    ids = sorted({i.id for p in preset_names() for i in load_preset(p).indicators})
    cells: Cells = {}
    for unit_type, n in (("area", 60), ("municipality", 1), ("region", 1), ("nation", 1)):
        for k in range(n):
            uid = {"area": f"A{k:03d}", "municipality": "101", "region": "1084", "nation": "DK"}[unit_type]
            for year in (Y - 2, Y):
                cells[(unit_type, uid, year, "residents")] = 1000
                for ind in ids:
                    base = 300_000 if "income" in ind else 6 if "grade" in ind else 0.2
                    cells[(unit_type, uid, year, ind)] = float(base * rng.uniform(0.5, 1.5))
    data = TableData(cells)
    reordered = TableData(dict(reversed(list(cells.items()))))
    reordered.units = lambda unit_type: list(reversed(TableData.units(reordered, unit_type)))  # type: ignore[method-assign]
    for name in preset_names():
        assert outcome(data, load_preset(name)) == outcome(reordered, load_preset(name)), name


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(row, min_size=3, max_size=12), seed=st.integers(0, 1000),
       norm=st.sampled_from(NORMALISATIONS), missing=st.booleans())
def test_a_rank_interval_always_contains_the_nominal_rank(rows, seed, norm, missing) -> None:  # type: ignore[no-untyped-def]
    data = table(rows)
    if missing:  # a suppressed input somewhere, under the reweighting rule
        data._cells[("area", "A00", Y, IDS[1])] = None
    s = spec(indicators=[{"id": i, "target": t, "weight": w} for i, t, w in zip(IDS, TARGETS, [3, 2, 1],
                                                                              strict=True)],
             normalisation=norm, weights={"method": "expert"}, missing={"rule": "reweight", "min_coverage": 0.5},
             sensitivity={"normalisation": [{"method": "zscore"}, {"method": "reference", "reference": "municipality"},
                                            {"method": "percentile"}],
                          "aggregation": [{"method": "geometric"}], "weights": ["equal", "pca"],
                          "drop_probability": 0.5})
    res = sensitivity(data, s, Y, runs=60, seed=seed)
    nominal = {r.unit_id: r.rank for r in res.nominal.rows if r.rank is not None}
    assert {i.unit_id for i in res.intervals} == set(nominal)
    for i in res.intervals:
        assert i.nominal == nominal[i.unit_id]
        assert i.low <= i.nominal <= i.high
        assert i.low >= 1 and i.high <= len(nominal)
