"""An index is a function of published cells only: what lies behind a suppressed cell can never move it, and the rule
for a missing input is explicit on every result."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pyarrow as pa
import pytest

from boligmonitor.index.compute import compute_index
from boligmonitor.index.data import BundleIndexData, Cell, cell
from boligmonitor.index.presets import load_preset, preset_names
from boligmonitor.index.sensitivity import sensitivity
from tests.index.fakes import Cells, TableData

Y = 2023
IDS = sorted({i.id for p in preset_names() for i in load_preset(p).indicators})


def population(n: int = 30) -> Cells:
    """Areas with every preset's indicators in two years; some cells suppressed."""
    cells: Cells = {}
    for year in (Y - 2, Y):
        for uid, unit_type in [*((f"A{k:02d}", "area") for k in range(n)), ("101", "municipality"),
                               ("1084", "region"), ("DK", "nation")]:
            # even-numbered areas (those with a suppressed input among them) have more than the law's 1,000
            # residents, so every preset's floor (Aarhus > 500, lovkriterier >= 1,000) keeps some of them
            large = 700 if unit_type == "area" and int(uid[1:]) % 2 == 0 else 0
            cells[(unit_type, uid, year, "residents")] = 400 + 37 * (sum(map(ord, uid)) % 20) + large
            for j, ind in enumerate(IDS):
                base = 300_000.0 if "income" in ind else 6.0 if "grade" in ind else 0.2
                wobble = ((sum(map(ord, uid)) * (j + 3) + year) % 17) / 17
                cells[(unit_type, uid, year, ind)] = base * (0.6 + wobble)
    for k in range(0, n, 4):  # every fourth area has one suppressed input, in turn a different one
        cells[("area", f"A{k:02d}", Y, IDS[k % len(IDS)])] = None
    return cells


def snapshot(data: TableData) -> list[object]:
    out: list[object] = []
    for name in preset_names():
        r = compute_index(data, load_preset(name), Y)
        out.append([(x.unit_id, x.value, x.rank, x.klass, x.status, x.scores, x.coverage, x.note) for x in r.rows])
        s = sensitivity(data, load_preset(name), Y, runs=40, seed=2)
        out.append([(i.unit_id, i.low, i.high, i.median) for i in s.intervals])
    return out


def test_what_a_suppressed_cell_hides_never_moves_any_index_or_interval() -> None:
    cells = population()
    hidden = [k for k, v in cells.items() if v is None]
    assert len(hidden) >= 7
    honest = snapshot(TableData(cells))
    # a careless source leaves numbers on its suppressed cells: tiny ones, huge ones; nothing may change
    for number in (0.0, 1e9):
        assert snapshot(TableData(cells, careless=dict.fromkeys(hidden, number))) == honest


def test_a_cell_made_for_a_suppressed_value_holds_no_number() -> None:
    assert cell(0.37, True) == Cell(None, True)
    assert cell(0.37, False) == Cell(0.37, False)


def test_the_index_ignores_a_number_on_a_suppressed_cell_even_from_a_source_that_bypasses_cell() -> None:
    cells = population(8)
    data = TableData(cells)
    honest = compute_index(data, load_preset("kobenhavn_atlas"), Y)
    real = data.cells

    def careless(unit_type, years, indicators):  # type: ignore[no-untyped-def]
        # a web implementation that builds Cell(...) itself and leaves the number on a suppressed cell
        return {k: Cell(123.0, True) if c.suppressed else c for k, c in real(unit_type, years, indicators).items()}

    data.cells = careless  # type: ignore[method-assign]
    again = compute_index(data, load_preset("kobenhavn_atlas"), Y)
    assert [(r.value, r.rank, r.status) for r in again.rows] == [(r.value, r.rank, r.status) for r in honest.rows]
    assert any(r.status == "excluded" for r in again.rows)


def test_the_bundle_adapter_drops_numbers_a_writer_left_on_suppressed_cells() -> None:
    table = pa.table({
        "unit_type": ["area", "area", "municipality"], "unit_id": ["A1", "A1", "101"], "year": pa.array(
            [Y, Y, Y], type=pa.int32()), "indicator_id": ["residents", "nonwestern_share", "nonwestern_share"],
        "numerator": [None, 7.0, 90.0], "denominator": [None, 20.0, 900.0], "value": [25.0, 0.35, 0.1],
        "suppressed": [True, True, False], "suppression": ["primary", "primary", None]})
    bundle = SimpleNamespace(indicators=table, registry={"areas": [{"area_id": "A1", "municipality_code": 101,
                                                                    "kind": "statutory", "name": "x"}],
                                                         "municipalities": [{"municipality_code": 101,
                                                                             "region_code": 1084, "name": "K"}]},
                             manifest={"rules_version": "r"}, path=Path("b"), synthetic=True)
    got = BundleIndexData(bundle).cells("area", [Y], ["residents", "nonwestern_share"])
    assert got == {("A1", Y, "residents"): Cell(None, True), ("A1", Y, "nonwestern_share"): Cell(None, True)}
    assert BundleIndexData(bundle).cells("municipality", [Y], ["nonwestern_share"]) == {
        ("101", Y, "nonwestern_share"): Cell(0.1, False)}


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_missing_input_rule_is_named_on_the_method_and_on_each_affected_row(lang: str) -> None:
    data = TableData(population())
    for name in preset_names():
        r = compute_index(data, load_preset(name), Y)
        rule = r.method.as_dict(lang)["choices"]["missing"]
        assert ("intet tal udfyldes" if lang == "da" else "nothing is filled in") in rule
        touched = [x for x in r.rows if x.missing and x.status != "not_eligible"]
        assert touched, name
        for x in touched:
            assert x.note is not None
            text = x.note.pick(lang)
            assert all(ind_label_in(text, ind, lang) for ind in x.missing), (name, text)


def ind_label_in(text: str, indicator: str, lang: str) -> bool:
    from boligmonitor.indicators.catalogue import LABELS

    da, en = LABELS[indicator]
    return (en if lang == "en" else da) in text
