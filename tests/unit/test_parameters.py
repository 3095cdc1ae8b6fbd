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


def test_changing_rule_code_changes_the_rules_version(tmp_path: Path) -> None:
    """The version names the code that applied the law, not only its numbers: one changed character in a rule
    module (or in obligations.yaml) gives another version, and an untouched copy gives the same one."""
    import shutil

    from boligmonitor.rules.classify import code_digest

    src = Path(__file__).parents[2] / "boligmonitor" / "rules"
    copy = tmp_path / "rules"
    shutil.copytree(src, copy, ignore=shutil.ignore_patterns("__pycache__"))
    assert code_digest(copy) == code_digest()
    f = copy / "versions.py"
    f.write_text(f.read_text(encoding="utf-8").replace("if met >= k:", "if met > k:", 1), encoding="utf-8")
    assert code_digest(copy) != code_digest()
    shutil.copy(src / "versions.py", f)
    assert code_digest(copy) == code_digest()
    o = copy / "obligations.yaml"
    o.write_text(o.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert code_digest(copy) != code_digest()


def test_rules_version_carries_both_digests() -> None:
    from boligmonitor.rules import rules_version
    from boligmonitor.rules.classify import code_digest

    v = rules_version()
    assert v.startswith("0.1.0+params.") and v.endswith(f".rules.{code_digest()}")
    assert default_parameters().digest in v


def _outside_labour_met(params: object | None) -> bool | None:
    from fractions import Fraction

    from boligmonitor.rules import FactsSource, YearCounts, classify_area

    # list 2022 averages data years 2020 and 2021: 60/100 and 300/1000
    area = {"outside_labour": {2020: YearCounts(Fraction(60), 100), 2021: YearCounts(Fraction(300), 1000)}}
    source = FactsSource(area, {}, {}, {2021: 1100})
    decision = next(d for d in classify_area("A", {2022: source}, [2022], params)  # type: ignore[arg-type]
                    if d.category == "udsat_boligomraade")
    return next(c.met for c in decision.criteria if c.id == "outside_labour")


def test_multi_year_average_parameter_decides_how_shares_are_averaged(tmp_path: Path) -> None:
    """common/multi_year_average is read: the mean of yearly shares (45 %) exceeds 40 %, the pooled share
    (360/1100 = 32.7 %) does not."""
    import shutil

    assert _outside_labour_met(None) is True
    src = Path(__file__).parents[2] / "boligmonitor" / "rules" / "parameters"
    shutil.copytree(src, tmp_path / "p")
    f = tmp_path / "p" / "common" / "multi_year_average.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace('"mean_of_yearly_shares"', '"pooled"'), encoding="utf-8")
    assert _outside_labour_met(load_parameters(tmp_path / "p")) is False
    f.write_text(f.read_text(encoding="utf-8").replace('"pooled"', '"median"'), encoding="utf-8")
    with pytest.raises(ParameterFileError, match=r"multi_year_average\.yaml: 'median' is not a way to average"):
        _outside_labour_met(load_parameters(tmp_path / "p"))



def test_every_shipped_parameter_is_read_by_the_code() -> None:
    """A parameter no code reads is law that silently does nothing: each path appears in the rules or the pipeline
    (as 'concept/name' or as a name the rule functions prefix with their concept)."""
    root = Path(__file__).parents[2] / "boligmonitor"
    code = "".join(p.read_text(encoding="utf-8") for d in ("rules", "runs") for p in (root / d).glob("*.py"))
    code += (root / "rules" / "obligations.yaml").read_text(encoding="utf-8")
    unread = [path for path in default_parameters().params
              if path not in code and f'/{path.split("/")[1]}"' not in code and f"'{path.split('/')[1]}'" not in code
              and f'"{path.split("/")[1]}"' not in code]
    assert unread == []
