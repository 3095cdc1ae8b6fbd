"""The bundle adapter's two ways to the same cells (dict of cells, and its array fast path) agree, and neither lets
a number left on a suppressed cell through."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pyarrow as pa

from boligmonitor import api
from boligmonitor.index.compute import compute_index
from boligmonitor.index.data import CODE_ABSENT, CODE_OK, CODE_SUPPRESSED, BundleIndexData, MatrixData
from boligmonitor.index.presets import load_preset, preset_names

Y = 2023


class CellsOnly:
    """The same bundle through the plain protocol only (no array fast path)."""

    def __init__(self, inner: BundleIndexData) -> None:
        self.inner = inner

    def __getattr__(self, name: str) -> Any:
        if name == "matrix":
            raise AttributeError(name)
        return getattr(self.inner, name)

    def cells(self, *a: Any) -> Any:
        return self.inner.cells(*a)

    def units(self, *a: Any) -> Any:
        return self.inner.units(*a)

    def data_years(self) -> Any:
        return self.inner.data_years()

    def indicators(self) -> Any:
        return self.inner.indicators()

    def vintage(self) -> Any:
        return self.inner.vintage()


def test_array_path_and_cells_path_give_the_same_index(synth_bundle: Path) -> None:
    fast = BundleIndexData(api.open_bundle(synth_bundle))
    slow = CellsOnly(fast)
    assert isinstance(fast, MatrixData) and not isinstance(slow, MatrixData)
    for name in preset_names():
        a, b = compute_index(fast, load_preset(name)), compute_index(slow, load_preset(name))  # type: ignore[arg-type]
        assert [(r.unit_id, r.value, r.rank, r.klass, r.scores, r.missing, r.note) for r in a.rows] == \
               [(r.unit_id, r.value, r.rank, r.klass, r.scores, r.missing, r.note) for r in b.rows], name


def careless_bundle(left_on_suppressed: float) -> SimpleNamespace:
    areas = ["A1", "A2", "A3"]
    rows: list[tuple[str, str, str, float, bool]] = [("municipality", "101", i, v, False) for i, v in (
        ("nonwestern_share", 0.1), ("outside_labour_18_64", 0.2), ("basic_education_30_59", 0.25),
        ("mean_income_15_64", 300_000.0))]
    for n, a in enumerate(areas):
        rows += [("area", a, "residents", 1000.0, False), ("area", a, "outside_labour_18_64", 0.2 + n / 10, False),
                 ("area", a, "basic_education_30_59", 0.3, False), ("area", a, "mean_income_15_64", 250_000.0, False),
                 # A2's share is suppressed, and a careless writer left a number on it
                 ("area", a, "nonwestern_share", left_on_suppressed if a == "A2" else 0.3, a == "A2")]
    table = pa.table({"unit_type": [r[0] for r in rows], "unit_id": [r[1] for r in rows],
                      "year": pa.array([Y] * len(rows), type=pa.int32()), "indicator_id": [r[2] for r in rows],
                      "value": [r[3] for r in rows], "suppressed": [r[4] for r in rows]})
    return SimpleNamespace(indicators=table, manifest={"rules_version": "r"}, path=Path("b"), synthetic=True,
                           registry={"areas": [{"area_id": a, "municipality_code": 101, "kind": "statutory",
                                                "name": a} for a in areas],
                                     "municipalities": [{"municipality_code": 101, "region_code": 1084,
                                                         "name": "K"}]})


def test_the_array_path_drops_numbers_left_on_suppressed_cells() -> None:
    data = BundleIndexData(careless_bundle(0.99))
    values, codes = data.matrix("area", Y, ["nonwestern_share", "residents"], ["A1", "A2", None, "A2"])
    assert codes.tolist() == [[CODE_OK, CODE_OK], [CODE_SUPPRESSED, CODE_OK], [CODE_ABSENT, CODE_ABSENT],
                              [CODE_SUPPRESSED, CODE_OK]]
    assert values[0].tolist() == [0.3, 1000.0] and values[1][0] != values[1][0]  # NaN: no number
    outcomes = []
    for hidden in (0.0, 0.99, 1e9):
        r = compute_index(BundleIndexData(careless_bundle(hidden)), load_preset("kobenhavn_atlas"), Y)
        outcomes.append([(x.unit_id, x.value, x.rank, x.status) for x in r.rows])
    assert outcomes[0] == outcomes[1] == outcomes[2]
    assert outcomes[0][1][3] == "excluded"
