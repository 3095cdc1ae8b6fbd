"""End to end on small synthetic data: synth -> run -> bundle -> lists/explain, reproducible and private."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from boligmonitor import api
from boligmonitor.errors import BundleError, NotFound
from boligmonitor.indicators.catalogue import CRITERION_INDICATOR
from boligmonitor.runs.bundle import open_bundle


def test_synth_is_deterministic(tmp_path: Path) -> None:
    a = api.synth(tmp_path / "a", scale=0.005, years=(2020, 2022), seed=3)
    b = api.synth(tmp_path / "b", scale=0.005, years=(2020, 2022), seed=3)
    assert a == b
    for f in ["registry/areas.csv", "persons/persons_2022.parquet"]:
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes()


def test_bundle_is_byte_for_byte_reproducible(synth_data: Path, synth_bundle: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    api.run(synth_data, again)
    for name in ("indicators.parquet", "classifications.parquet", "manifest.json"):
        assert (again / name).read_bytes() == (synth_bundle / name).read_bytes(), name


def test_manifest_says_synthetic_and_names_versions(synth_bundle: Path) -> None:
    m = json.loads((synth_bundle / "manifest.json").read_text(encoding="utf-8"))
    assert m["data"]["synthetic"] is True
    assert m["rules_version"].startswith("0.1.0+params.")
    assert m["disclosure"]["minimum_count"] == 5
    assert m["data"]["list_years"][0] == 2010 and m["data"]["list_years"][-1] == 2025


def test_every_unit_type_and_year_is_present(synth_bundle: Path) -> None:
    t = pq.read_table(synth_bundle / "indicators.parquet").to_pylist()
    assert {r["unit_type"] for r in t} == {"nation", "region", "municipality", "area"}
    assert {r["year"] for r in t} == set(range(2006, 2025))
    nat = {r["year"]: r["value"] for r in t if r["unit_type"] == "nation" and r["indicator_id"] == "residents"}
    assert all(v and v > 50_000 for v in nat.values())


def test_no_small_number_leaves_the_pipeline(synth_bundle: Path) -> None:
    rows = pq.read_table(synth_bundle / "indicators.parquet").to_pylist()
    published = [r for r in rows if not r["suppressed"]]
    assert len(published) > 1000
    for r in published:
        for part in ("numerator", "denominator"):
            if r[part] is not None:
                assert r[part] >= 5, r
        if r["numerator"] is not None and r["denominator"] is not None and r["indicator_id"] != "mean_income_15_64" \
                and r["indicator_id"] != "grade_9th_avg":
            assert r["denominator"] - r["numerator"] >= 5, r
    suppressed = [r for r in rows if r["suppressed"]]
    assert suppressed, "small areas and municipalities should have suppressed cells"
    assert all(r["value"] is None and r["numerator"] is None for r in suppressed)
    assert {r["suppression"] for r in suppressed} <= {"primary", "secondary_partition", "secondary_hierarchy",
                                                      "secondary_area", "derived"}


def test_withheld_criteria_say_so(synth_bundle: Path) -> None:
    """A criterion's value and margin are withheld exactly when a yearly cell behind it is suppressed."""
    rows = pq.read_table(synth_bundle / "classifications.parquet").to_pylist()
    cells = {(r["unit_id"], r["year"], r["indicator_id"]): r["suppressed"]
             for r in pq.read_table(synth_bundle / "indicators.parquet").to_pylist() if r["unit_type"] == "area"}
    withheld = shown = 0
    for r in rows:
        for c in json.loads(r["criteria_json"]):
            ind = CRITERION_INDICATOR.get(c["id"])
            if ind is None:
                continue
            hidden = [y for y in c["data_years"] if cells.get((r["area_id"], y, ind))]
            if hidden:
                withheld += 1
                assert c["withheld"] and c["value"] is None and c["margin"] is None, (r["area_id"], c["id"])
                assert "diskretionering" in c["withheld"] and "disclosure control" in c["withheld_en"]
                assert all(str(y) in c["withheld"] for y in hidden)
            else:
                shown += 1
                assert not c["withheld"], (r["area_id"], c["id"])
                if c["met"] is not None and c["id"] != "income_ratio":
                    assert c["value"] is not None
    # the case the test is named for must occur in the session's bundle, or the test proves nothing
    assert withheld > 0 and shown > 0


def test_every_published_sentence_has_danish_and_english(synth_bundle: Path) -> None:
    rows = pq.read_table(synth_bundle / "classifications.parquet").to_pylist()
    criteria = [c for r in rows for c in json.loads(r["criteria_json"])]
    for c in criteria:
        assert c["label"] and c["label_en"] and c["label"] != c["label_en"], c["id"]
        assert c["wording"] and c["wording_en"] and c["wording"] != c["wording_en"]
        note = (c["margin"] or {}).get("note")
        assert (note is None) == ((c["margin"] or {}).get("note_en") is None)
    notes = [n for r in rows for n in json.loads(r["notes_json"])]
    assert all(set(n) == {"da", "en"} and n["da"] != n["en"] for n in notes)


def test_lists_use_the_laws_names_per_era(synth_bundle: Path) -> None:
    b = open_bundle(synth_bundle)
    assert api.available_years(b) == list(range(2010, 2026))
    cats_2015 = {r["category"] for r in api.lists(b, 2015)}
    assert cats_2015 <= {"ghettoomraade", "kombineret_udlejning"}
    cats_2024 = {r["category"] for r in api.lists(b, 2024)}
    assert "ghettoomraade" not in cats_2024
    with pytest.raises(NotFound, match="was not a list in 2015"):
        api.lists(b, 2015, category="parallelsamfund")


def test_explain_gives_every_criterion_with_margins(synth_bundle: Path) -> None:
    info = api.explain(synth_bundle, "A0001", 2024)
    cats = {d["category"] for d in info["decisions"]}
    assert cats == {"udsat_boligomraade", "parallelsamfund", "omdannelsesomraade", "forebyggelsesomraade",
                    "kombineret_udlejning"}
    udsat = next(d for d in info["decisions"] if d["category"] == "udsat_boligomraade")
    ids = [c["id"] for c in udsat["criteria"]]
    assert ids == ["residents", "outside_labour", "convicted_ratio", "basic_education", "income_ratio"]
    for c in udsat["criteria"]:
        if not c["withheld"]:
            m = c["margin"]
            assert m["persons"] is not None or m["dkk_per_person"] is not None or m["note"]
    assert [h["list_year"] for h in info["history"]] == list(range(2010, 2026))


def test_tampered_bundle_is_refused(synth_bundle: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(synth_bundle, copy)
    with (copy / "classifications.parquet").open("ab") as fh:
        fh.write(b"x")
    with pytest.raises(BundleError, match="checksum does not match"):
        open_bundle(copy)


def test_existing_bundle_is_not_overwritten_silently(synth_data: Path, synth_bundle: Path) -> None:
    with pytest.raises(BundleError, match="immutable"):
        api.run(synth_data, synth_bundle)
