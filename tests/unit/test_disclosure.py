"""Disclosure control is a property of everything published together (issue 9 §1).

Each case builds person rows, runs the real pipeline (which audits the bundle and refuses to write it if anything
suppressed can be worked out) and checks which cells were hidden and why. The arithmetic an attacker would use is
written next to each case.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from boligmonitor import api
from boligmonitor.disclosure.audit import AuditReport, audit_bundle
from boligmonitor.disclosure.protect import Report
from boligmonitor.indicators import disclosure
from boligmonitor.runs import pipeline
from tests.helpers import tiny_data

YEAR = 2023
# One representative age per band edge of the catalogue (0, 1-5, 6-14, 15, 16-17, 18-29, 30-49, 50-59, 60-64, 65+).
AGES = (0, 3, 10, 15, 16, 24, 40, 55, 62, 75)
ORIGINS = ("dansk", "indvandrer_vestlig", "indvandrer_ikke_vestlig", "efterkommer_vestlig", "efterkommer_ikke_vestlig")
EDUCATIONS = ("grundskole", "gymnasial", "erhvervsfaglig", "kort_videregaaende", "mellemlang_videregaaende",
              "lang_videregaaende", "ukendt")


def background(first_id: int, n: int, municipality: str, afdeling: str = "") -> list[dict[str, Any]]:
    """n persons spread over every age band, origin, education and status, so no cell of their unit is small."""
    out = []
    for i in range(n):
        age = AGES[i % len(AGES)]
        out.append({"year": YEAR, "person_id": first_id + i, "afdeling_id": afdeling, "age": age,
                    "municipality_code": municipality, "origin": ORIGINS[(i // 3) % len(ORIGINS)],
                    "education_dk": EDUCATIONS[(i // 2) % len(EDUCATIONS)],
                    "convicted": str(age >= 15 and i % 4 == 0).lower(),
                    "outside_labour_or_education": "1" if i % 3 == 0 else "0",
                    "in_education": str(i % 5 == 0).lower(), "sex": "KM"[i % 2]})
    return out


def run(tmp_path: Path, persons: list[dict[str, Any]], **registry: Any) -> dict[tuple[str, str, str], dict[str, Any]]:
    """Run the pipeline on these persons; the bundle's cells of YEAR by (unit type, unit id, indicator)."""
    folder = tiny_data(tmp_path / "d", persons, **registry)
    api.run(folder, tmp_path / "b")
    rows = pq.read_table(tmp_path / "b" / "indicators.parquet").to_pylist()
    return {(r["unit_type"], r["unit_id"], r["indicator_id"]): r for r in rows if r["year"] == YEAR}


def rest_of_denmark() -> list[dict[str, Any]]:
    return background(100_000, 400, "101") + background(200_000, 400, "147")


def area_persons(first_id: int, afdeling: str, counts: dict[str, int], **fields: Any) -> list[dict[str, Any]]:
    """Persons of one afdeling: ``counts`` maps an origin to how many; everybody aged 40 unless given."""
    out = []
    i = first_id
    for origin, n in counts.items():
        for _ in range(n):
            out.append({"year": YEAR, "person_id": i, "afdeling_id": afdeling, "age": 40, "origin": origin,
                        "municipality_code": "101", **fields})
            i += 1
    return out


def test_a_zero_count_in_a_partition_is_not_a_subtraction_away(tmp_path: Path) -> None:
    # Area A: 0 dansk, 10 indvandrer vestlig, 30 indvandrer ikke-vestlig, 0 efterkommer vestlig, 20 efterkommer
    # ikke-vestlig. Both zeros are primary. Published alone, the others give dansk + efterkommer vestlig
    # = 60 − 10 − 30 − 20 = 0, and with nothing else hidden each zero follows. A third origin must go.
    persons = area_persons(1, "AFD1", {"indvandrer_vestlig": 10, "indvandrer_ikke_vestlig": 30,
                                       "efterkommer_ikke_vestlig": 20}) + rest_of_denmark()
    cells = run(tmp_path, persons)
    share = {o: cells[("area", "A", f"origin_{o}_share")] for o in ORIGINS}
    assert share["dansk"]["suppression"] == "primary" and share["efterkommer_vestlig"]["suppression"] == "primary"
    extra = [o for o in ORIGINS if share[o]["suppression"] == "secondary_partition"]
    assert extra, "a zero origin group is 60 minus the published ones"
    hidden_total = sum({"indvandrer_vestlig": 10, "indvandrer_ikke_vestlig": 30,
                        "efterkommer_ikke_vestlig": 20}.get(o, 0) for o in ORIGINS if share[o]["suppressed"])
    assert hidden_total >= 5  # what residents minus the published groups gives is no longer small
    assert cells[("area", "A", "residents")]["value"] == 60


def test_sums_across_indicators_do_not_give_away_the_15_to_17_year_olds(tmp_path: Path) -> None:
    # Area A: 40 adults of whom 6 convicted, 10 aged 16 of whom 2 convicted. convicted_15plus = 8 and
    # convicted_18plus = 6 are both ≥ 5, but 8 − 6 = 2 convicted 15-17-year-olds: one of them must go — the
    # profile indicator, not the criterion.
    persons = [{"year": YEAR, "person_id": i, "afdeling_id": "AFD1", "age": 40, "convicted": str(i < 6).lower()}
               for i in range(40)]
    persons += [{"year": YEAR, "person_id": 100 + i, "afdeling_id": "AFD1", "age": 16, "convicted": str(i < 2).lower()}
                for i in range(10)]
    cells = run(tmp_path, persons + rest_of_denmark())
    assert not cells[("area", "A", "convicted_18plus")]["suppressed"]
    assert cells[("area", "A", "convicted_18plus")]["numerator"] == 6
    assert cells[("area", "A", "convicted_15plus")]["suppression"] == "secondary_partition"


def test_nested_area_difference_is_protected(tmp_path: Path) -> None:
    # B = A + one afdeling with 2 residents: B − A = 2 residents.
    persons = background(1, 40, "101", "AFD1")
    persons += [{"year": YEAR, "person_id": 500 + i, "afdeling_id": "AFD2", "age": 30} for i in range(2)]
    cells = run(tmp_path, persons + rest_of_denmark(), areas={"A": ["AFD1"], "B": ["AFD1", "AFD2"]},
                kinds={"B": "helhedsplan"})
    assert cells[("area", "A", "residents")]["value"] == 40 and not cells[("area", "A", "residents")]["suppressed"]
    assert cells[("area", "B", "residents")]["suppression"] == "secondary_area"  # the helhedsplan area gives way


def test_municipality_minus_area_is_protected(tmp_path: Path) -> None:
    # Municipality 101 = area A (40 residents) + 3 persons elsewhere: 43 − 40 = 3.
    persons = background(1, 40, "101", "AFD1")
    persons += [{"year": YEAR, "person_id": 900 + i, "afdeling_id": "", "age": 30} for i in range(3)]
    persons += background(200_000, 400, "147")
    cells = run(tmp_path, persons, areas={"A": ["AFD1"]})
    assert cells[("municipality", "101", "residents")]["value"] == 43
    assert cells[("area", "A", "residents")]["suppression"] == "secondary_area"


def test_overlap_of_two_areas_with_a_published_union_is_protected(tmp_path: Path) -> None:
    # A = AFD1+AFD2, B = AFD2+AFD3, C = A ∪ B; AFD2 has 2 residents = A + B − C.
    persons = background(1, 30, "101", "AFD1") + background(300, 30, "101", "AFD3")
    persons += [{"year": YEAR, "person_id": 700 + i, "afdeling_id": "AFD2", "age": 30} for i in range(2)]
    cells = run(tmp_path, persons + rest_of_denmark(),
                areas={"A": ["AFD1", "AFD2"], "B": ["AFD2", "AFD3"], "C": ["AFD1", "AFD2", "AFD3"]},
                kinds={"B": "helhedsplan", "C": "custom"})
    res = {a: cells[("area", a, "residents")] for a in "ABC"}
    assert not all(not r["suppressed"] for r in res.values()), "A + B − C = 2 would be published"
    assert {r["suppression"] for r in res.values()} & {"secondary_area"}


def test_hidden_municipalities_of_a_region_are_not_its_total_minus_the_rest(tmp_path: Path) -> None:
    # Municipality 147 has 3 convicted adults (primary). Region 1084 = 101 + 147, so 147's count is the region's
    # minus 101's: 101's cell must go too (their sum, region minus nothing published, is not small).
    persons = background(1, 400, "101")
    persons += [{"year": YEAR, "person_id": 10_000 + i, "afdeling_id": "", "age": 40, "municipality_code": "147",
                 "convicted": str(i < 3).lower()} for i in range(300)]
    cells = run(tmp_path, persons, areas={"A": ["AFD1"]})
    m147 = cells[("municipality", "147", "convicted_18plus")]
    m101 = cells[("municipality", "101", "convicted_18plus")]
    assert m147["suppression"] == "primary"
    assert m101["suppressed"], "region − 101 = 147's 3 convicted"
    region = cells[("region", "1084", "convicted_18plus")]
    if not region["suppressed"]:
        assert region["numerator"] >= 5


def test_the_audit_recovers_what_primary_suppression_alone_leaves(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # Area A: 0 dansk (primary), 10 + 30 + 5 + 15 in the other origin groups, all published. A bundle with primary
    # suppression only (what a careless tool publishes) gives dansk = 60 − 10 − 30 − 5 − 15 = 0 away.
    monkeypatch.setattr(disclosure, "complementary", lambda *a, **k: Report())
    monkeypatch.setattr(pipeline, "audit_bundle", lambda *a, **k: AuditReport())  # let the careless bundle out
    persons = area_persons(1, "AFD1", {"indvandrer_vestlig": 10, "indvandrer_ikke_vestlig": 30,
                                       "efterkommer_vestlig": 5, "efterkommer_ikke_vestlig": 15}) + rest_of_denmark()
    folder = tiny_data(tmp_path / "d", persons)
    api.run(folder, tmp_path / "b")
    monkeypatch.undo()
    report = _audit(tmp_path / "b", 5)
    recovered = [i for i in report.recovered() if "area A" in i.text and "origin_dansk_share" in i.text]
    assert recovered and recovered[0].value == 0


def _audit(bundle: Path, minimum: int) -> AuditReport:
    return audit_bundle(pq.read_table(bundle / "indicators.parquet"), pq.read_table(bundle / "classifications.parquet"),
                        json.loads((bundle / "registry.json").read_text()),
                        json.loads((bundle / "manifest.json").read_text())["catalogue"], minimum)


@pytest.mark.parametrize("minimum", [3, 5, 10])
def test_a_small_denmark_publishes_nothing_that_can_be_worked_out(tmp_path: Path, minimum: int) -> None:
    """Every combination the geography creates at once: nested, overlapping, municipality minus areas."""
    persons = background(1, 37, "101", "AFD1") + background(100, 9, "101", "AFD2")
    persons += background(200, 23, "101", "AFD3") + background(300, 4, "101", "AFD4")
    persons += background(1000, 120, "101") + background(5000, 60, "147")
    folder = tiny_data(tmp_path / "d", persons,
                       areas={"A": ["AFD1", "AFD2"], "B": ["AFD3"], "H": ["AFD1", "AFD2", "AFD3"],
                              "C": ["AFD2", "AFD3", "AFD4"]},
                       kinds={"H": "helhedsplan", "C": "custom"})
    api.run(folder, tmp_path / "b", minimum=minimum)  # writes only if the audit finds nothing
    bundle = tmp_path / "b"
    report = _audit(bundle, minimum)
    assert report.ok, report.summary()
    assert report.suppressed_cells > 0
    published = [r for r in pq.read_table(bundle / "indicators.parquet").to_pylist() if not r["suppressed"]]
    for r, part in itertools.product(published, ("numerator", "denominator")):
        if r[part] is not None and r["indicator_id"] not in ("mean_income_15_64", "grade_9th_avg"):
            assert r[part] >= minimum
