"""Published sentences take their numbers from the parameters in force, never from the text itself."""

from __future__ import annotations

import re
import shutil
from fractions import Fraction
from pathlib import Path

from boligmonitor.rules import PublishedSource, classify_area
from boligmonitor.rules.parameters import ParameterSet, load_parameters
from boligmonitor.rules.texts import CRITERION_LABELS, REQUIRED

PARAMS = Path(__file__).parents[2] / "boligmonitor" / "rules" / "parameters"
# a number followed by what it counts: the shape of a threshold written into a sentence
HARD_CODED = re.compile(r"\d[\d.,]*\s*(pct|per cent|%|beboere|residents)")


def _decisions(params: ParameterSet | None, year: int) -> dict[str, tuple[str, str, list[str]]]:
    source = PublishedSource({"non_western_pct": Fraction(60), "outside_labour_or_education_pct": Fraction(45)}, 7000)
    return {d.category: (d.required.da, d.required.en, [c.label.da for c in d.criteria])
            for d in classify_area("X", {year: source}, [year], params)}


def _changed(tmp_path: Path, edits: dict[str, tuple[str, str]]) -> ParameterSet:
    shutil.copytree(PARAMS, tmp_path / "p")
    for path, (old, new) in edits.items():
        f = tmp_path / "p" / f"{path}.yaml"
        text = f.read_text(encoding="utf-8")
        assert old in text, (path, old)
        f.write_text(text.replace(old, new), encoding="utf-8")
    return load_parameters(tmp_path / "p")


def test_sentences_follow_the_parameters(tmp_path: Path) -> None:
    shipped = _decisions(None, 2022)
    assert shipped["udsat_boligomraade"][0] == "mindst 1.000 beboere og mindst 2 af 4 kriterier"
    assert "over 50 pct." in shipped["parallelsamfund"][0]
    assert "Områder med mindst 5.000 beboere: uden for arbejdsmarkedet" in shipped["kombineret_udlejning"][2]

    params = _changed(tmp_path, {
        "common/resident_floor": ("2021-11-30:\n    value: 1000", "2021-11-30:\n    value: 1500"),
        "parallelsamfund/nonwestern_share_threshold": ('value: "0.50"', 'value: "0.475"'),
        "forebyggelsesomraade/nonwestern_share_threshold": ('value: "0.30"', 'value: "0.35"'),
        "kombineret_udlejning/large_area_residents": ("value: 5000", "value: 6000"),
        "kombineret_udlejning/outside_labour_threshold": ('value: "0.40"', 'value: "0.45"'),
    })
    changed = _decisions(params, 2022)
    assert changed["udsat_boligomraade"][:2] == ("mindst 1.500 beboere og mindst 2 af 4 kriterier",
                                                 "at least 1,500 residents and at least 2 of 4 criteria")
    assert "over 47,5 pct." in changed["parallelsamfund"][0] and "over 47.5 per cent" in changed["parallelsamfund"][1]
    assert changed["forebyggelsesomraade"][0].startswith("mindst 1.500 beboere, ikke-vestlig andel over 35 pct.")
    assert changed["kombineret_udlejning"][0] == ("mindst 1.500 beboere og mindst 45 pct. af 18-64-årige uden for "
                                                  "arbejdsmarkedet (30 pct. ved mindst 6.000 beboere)")
    assert "Områder med mindst 6.000 beboere: uden for arbejdsmarkedet" in changed["kombineret_udlejning"][2]


def test_the_2018_ghetto_sentence_uses_its_own_parameter(tmp_path: Path) -> None:
    assert "over 50 pct." in _decisions(None, 2019)["ghettoomraade"][0]
    params = _changed(tmp_path, {"ghettoomraade/nonwestern_share_threshold": (
        '2018-12-01:\n    value: "0.50"', '2018-12-01:\n    value: "0.60"')})
    assert "over 60 pct." in _decisions(params, 2019)["ghettoomraade"][0]


def test_no_threshold_is_written_into_a_sentence() -> None:
    texts = [t for t in REQUIRED.values()] + [t for t in CRITERION_LABELS.values()]
    written = [s for t in texts for s in (t.da, t.en) if HARD_CODED.search(s)]
    assert written == []
