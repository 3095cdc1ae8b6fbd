"""Parameter files: every value dated and referenced; broken files give messages that say what to fix."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from boligmonitor.errors import ParameterFileError, ParameterNotInForce
from boligmonitor.rules.parameters import default_parameters, load_parameter_text, load_parameters

BROKEN = Path(__file__).parent.parent / "fixtures" / "parameters_broken"


def test_every_shipped_parameter_has_a_reference_for_every_date() -> None:
    params = default_parameters()
    assert len(params.params) >= 30
    for p in params.params.values():
        assert p.description
        for v in p.values:
            assert v.reference.title and v.reference.href.startswith("http"), (p.path, v.start)


@pytest.mark.parametrize(("name", "words"), [
    ("wrong_date.yaml", ["2024-13-01", "YYYY-MM-DD"]),
    ("duplicate_key.yaml", ["duplicate key", "2018-12-01"]),
    ("missing_reference.yaml", ["missing legal reference"]),
    ("float_threshold.yaml", ["quoted decimal"]),
])
def test_broken_parameter_files_are_explained(name: str, words: list[str]) -> None:
    with pytest.raises(ParameterFileError) as exc:
        load_parameter_text("x/y", (BROKEN / name).read_text(encoding="utf-8"), name)
    for w in words:
        assert w in str(exc.value)
    assert name in str(exc.value)


def test_value_before_first_date_is_not_in_force() -> None:
    with pytest.raises(ParameterNotInForce, match="no value in force on 2009-12-01"):
        default_parameters()["ghettoomraade/min_criteria"].at(dt.date(2009, 12, 1))


def test_transitional_rule_expires() -> None:
    p = default_parameters()["haardt_ghettoomraade/transitional_consecutive_years"]
    assert p.at(dt.date(2020, 12, 1)).value == 5
    assert not p.in_force(dt.date(2021, 12, 1))


def test_changing_a_parameter_changes_the_rules_version(tmp_path: Path) -> None:
    src = Path(__file__).parents[2] / "boligmonitor" / "rules" / "parameters"
    import shutil

    shutil.copytree(src, tmp_path / "p")
    f = tmp_path / "p" / "udsat_boligomraade" / "min_criteria.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("value: 2", "value: 3", 1), encoding="utf-8")
    assert load_parameters(tmp_path / "p").digest != default_parameters().digest
