"""Broken index definitions are refused with the file, the place in it, what was expected and the fix."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from boligmonitor.index.presets import PRESET_DIR, load_preset, preset_names, read_spec
from boligmonitor.index.spec import IndexSpecError, build_spec

GOOD: dict[str, Any] = {
    "id": "mit_indeks", "name": {"da": "Mit indeks", "en": "My index"},
    "indicators": [{"id": "outside_labour_18_64"}, {"id": "mean_income_15_64"}],
    "normalisation": {"method": "minmax"}, "classes": {"method": "quantiles", "count": 5},
}


def broken(**changes: Any) -> IndexSpecError:
    with pytest.raises(IndexSpecError) as err:
        build_spec({**GOOD, **changes}, "mit_indeks.yaml")
    return err.value


CASES = [
    # changes, where, words in what is wrong
    ({"weigths": {"method": "equal"}}, "weigths", "not part of an index definition"),
    ({"indicators": [{"id": "outside_labour"}]}, "indicators[0].id", "not an indicator of the catalogue"),
    ({"indicators": [{"id": "female_share"}]}, "indicators[0].direction", "no better side"),
    ({"indicators": [{"id": "neet_15_29"}, {"id": "neet_15_29"}]}, "indicators[1].id", "appears twice"),
    ({"indicators": [{"id": "neet_15_29", "direction": 2}]}, "indicators[0].direction", "1 or -1"),
    ({"weights": {"method": "expert"}}, "indicators[0].weight", "need a weight for every indicator"),
    ({"normalisation": {"method": "zscore"}, "aggregation": {"method": "geometric"}}, "aggregation",
     "never negative"),
    ({"normalisation": {"method": "minmax"}, "aggregation": {"method": "generalised", "p": -1}}, "aggregation",
     "positive scores"),
    ({"aggregation": {"method": "generalised"}}, "aggregation.p", "non-zero exponent"),
    ({"aggregation": {"method": "arithmetic", "p": 2}}, "aggregation.p", "belongs to the generalised mean"),
    ({"normalisation": {"method": "target"}}, "indicators[0].target", "non-zero target"),
    ({"normalisation": {"method": "points"}}, "normalisation.bands", "needs bands"),
    ({"normalisation": {"method": "points", "bands": [{"from": 150, "points": 2}, {"from": 125, "points": 1}]}},
     "normalisation.bands", "must ascend"),
    ({"normalisation": {"method": "percentile", "bands": [{"from": 1, "points": 1}]}}, "normalisation.bands",
     "belong to the points normalisation"),
    ({"classes": {"method": "quantiles"}}, "classes.count", "need a count"),
    ({"classes": {"method": "quantiles", "count": 3, "labels": [{"da": "a", "en": "a"}]}}, "classes.labels",
     "1 labels for 3 groups"),
    ({"classes": {"method": "cuts", "bands": [{"id": "a", "label": {"da": "a", "en": "a"}, "from": 0},
                                              {"id": "b", "label": {"da": "b", "en": "b"}, "from": 1}]}},
     "classes.bands[0].from", "has no from"),
    ({"classes": {"method": "cuts", "bands": [{"id": "a", "label": {"da": "a", "en": "a"}},
                                              {"id": "b", "label": {"da": "b", "en": "b"}, "from": 5},
                                              {"id": "c", "label": {"da": "c", "en": "c"}, "from": 2}]}},
     "classes.bands", "must ascend"),
    ({"units": "municipality", "normalisation": {"method": "reference", "reference": "municipality"}},
     "normalisation.reference", "cannot be compared with itself"),
    ({"eligibility": {"residents_more_than": 500, "residents_at_least": 300}}, "eligibility", "not both"),
    ({"dynamics": {"normalisation": {"method": "reference"},
                   "classes": {"method": "quantiles", "count": 3}}}, "dynamics.normalisation.method",
     "changes cannot be normalised"),
    ({"missing": {"rule": "impute"}}, "missing.rule", "'exclude' or 'reweight'"),
    ({"id": "Mit Indeks"}, "id", "string should match pattern"),
]


@pytest.mark.parametrize(("changes", "where", "what"), CASES)
def test_a_broken_definition_names_where_what_and_the_fix(changes: dict[str, Any], where: str, what: str) -> None:
    err = broken(**changes)
    assert err.name == "mit_indeks.yaml"
    assert any(w == where and what.lower() in text.lower() and fix for w, text, fix in err.problems), err.problems
    message = str(err)
    assert message.startswith("mit_indeks.yaml: the index definition cannot be used") and "Fix: " in message
    assert "nothing was computed" in message


def test_the_shipped_presets_are_valid_and_their_files_load_the_same(tmp_path: Path) -> None:
    for name in preset_names():
        spec = load_preset(name)
        assert spec.id == name
        again = build_spec(spec.model_dump(mode="json", by_alias=True, exclude_none=True), name)
        assert again.fingerprint() == spec.fingerprint()


def write(tmp_path: Path, raw: bytes) -> Path:
    p = tmp_path / "mit_indeks.yaml"
    p.write_bytes(raw)
    return p


def refused(path: Path) -> IndexSpecError:
    with pytest.raises(IndexSpecError) as err:
        read_spec(path)
    return err.value


def test_yaml_problems_are_refused_with_the_line(tmp_path: Path) -> None:
    text = yaml.safe_dump(GOOD, allow_unicode=True)
    e = refused(write(tmp_path, (text + "id: igen\n").encode()))
    assert "the key 'id' appears twice" in str(e) and "line " in e.problems[0][0]
    e = refused(write(tmp_path, b"base: &b {method: minmax}\nnormalisation: *b\n"))
    assert "anchors and aliases" in str(e)
    e = refused(write(tmp_path, b"id: x\n\tname: y\n"))
    assert "not valid YAML" in str(e) and "spaces, not tabs" in str(e)
    assert "not hold a definition" in str(refused(write(tmp_path, b"- a\n- b\n")))
    assert "not text" in str(refused(write(tmp_path, b"\x00\x01\x02")))
    assert "more than the limit" in str(refused(write(tmp_path, b"# " + b"x" * 300_000)))
    assert "does not exist" in str(refused(tmp_path / "findes_ikke.yaml"))
    assert "this is a folder" in str(refused(tmp_path))


def test_a_definition_saved_as_windows_1252_with_danish_letters_is_read(tmp_path: Path) -> None:
    text = yaml.safe_dump({**GOOD, "name": {"da": "Udsathed i Århus, Ølstykke og Æbelø", "en": "x"}},
                          allow_unicode=True)
    spec = read_spec(write(tmp_path, text.encode("cp1252")))
    assert spec.name.da == "Udsathed i Århus, Ølstykke og Æbelø"


def test_an_unknown_preset_lists_the_shipped_ones() -> None:
    with pytest.raises(IndexSpecError) as err:
        load_preset("odense")
    assert "no preset named 'odense'" in str(err.value)
    assert all(name in str(err.value) for name in preset_names())


def test_presets_live_in_the_package() -> None:
    assert PRESET_DIR.is_dir() and len(list(PRESET_DIR.glob("*.yaml"))) == len(preset_names()) >= 4
