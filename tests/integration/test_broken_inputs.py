"""A corpus of broken inputs: each gets a clear error naming file, row, column and fix, and nothing is written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from boligmonitor import api
from boligmonitor.errors import InputFileError
from tests.helpers import tiny_data, write_csv

GOOD = [{"year": 2023, "person_id": i, "afdeling_id": "AFD1", "age": 30 + i} for i in range(1, 8)]


def _run_fails(folder: Path, tmp_path: Path) -> InputFileError:
    out = tmp_path / "bundle"
    with pytest.raises(InputFileError) as exc:
        api.run(folder, out)
    assert not out.exists(), "a failed run must write nothing"
    assert not list(tmp_path.glob(".bundle-*")), "no temporary folder may be left behind"
    return exc.value


def _with(changes: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**p, **changes.get(i, {})} for i, p in enumerate(GOOD)]


@pytest.mark.parametrize(("changes", "words"), [
    ({1: {"age": "tredive"}}, ["row 3", "column 'age'", "expected a whole number", "tredive"]),
    ({2: {"age": -4}}, ["row 4", "column 'age'", "outside the allowed range", "-4"]),
    ({0: {"origin": "svensk"}}, ["row 2", "column 'origin'", "allowed codes", "indvandrer_ikke_vestlig"]),
    ({3: {"outside_labour_or_education": "1.5"}}, ["row 5", "outside_labour_or_education", "range"]),
    ({0: {"municipality_code": 999}}, ["municipality_code", "unknown code", "999"]),
    ({0: {"afdeling_id": "AFD99"}}, ["afdeling_id", "unknown code", "AFD99", "afdelinger.csv"]),
    ({0: {"convicted": "måske"}}, ["column 'convicted'", "true/false"]),
    ({1: {"person_id": 1}}, ["duplicate person-year", "person_id", "rows 2, 3"]),
])
def test_bad_person_rows(tmp_path: Path, changes: dict[int, dict[str, Any]], words: list[str]) -> None:
    err = _run_fails(tiny_data(tmp_path / "d", _with(changes)), tmp_path)
    text = str(err)
    for w in words:
        assert w in text, (w, text)
    assert "Fix:" in text


def test_all_problems_are_reported_together(tmp_path: Path) -> None:
    err = _run_fails(tiny_data(tmp_path / "d", _with({1: {"age": -1}, 2: {"origin": "x"}, 3: {"sex": "Q"}})),
                     tmp_path)
    assert len(err.problems) == 3


def test_missing_column(tmp_path: Path) -> None:
    folder = tiny_data(tmp_path / "d", GOOD)
    f = folder / "persons" / "persons.csv"
    lines = f.read_text(encoding="utf-8").splitlines()
    f.write_text("\n".join(",".join(ln.split(",")[:-1]) for ln in lines) + "\n", encoding="utf-8")
    err = _run_fails(folder, tmp_path)
    assert "column 'convicted'" in str(err) and "required column is missing" in str(err)


def test_bad_encoding(tmp_path: Path) -> None:
    folder = tiny_data(tmp_path / "d", GOOD)
    (folder / "registry" / "areas.csv").write_bytes(
        b"area_id,name,municipality_code,kind\nA,\x81\x8d\x8f,101,statutory\n")
    err = _run_fails(folder, tmp_path)
    assert "neither UTF-8 nor Windows-1252" in str(err) and "areas.csv" in str(err)


def test_area_member_that_is_no_afdeling(tmp_path: Path) -> None:
    folder = tiny_data(tmp_path / "d", GOOD, areas={"A": ["AFD1", "AFD77"]})
    err = _run_fails(folder, tmp_path)
    assert "area_members.csv, row 3, column 'afdeling_id'" in str(err) and "AFD77" in str(err)


def test_afdeling_in_two_statutory_areas(tmp_path: Path) -> None:
    folder = tiny_data(tmp_path / "d", GOOD, areas={"A": ["AFD1"], "B": ["AFD1"]})
    err = _run_fails(folder, tmp_path)
    assert "two statutory areas" in str(err)


def test_windows_1252_semicolon_decimal_comma_is_normal_input(tmp_path: Path) -> None:
    folder = tiny_data(tmp_path / "d", GOOD)
    rows = [{**p, "sex": "K", "origin": "dansk", "outside_labour_or_education": "0,25", "education_dk": "gymnasial",
             "in_education": "nej", "gross_income": "312000,50", "taxable": "ja", "convicted": "nej",
             "municipality_code": 101} for p in GOOD]
    (folder / "persons" / "persons.csv").unlink()
    write_csv(folder / "persons" / "personer_2023.csv", list(rows[0].keys()), rows, delimiter=";",
              encoding="cp1252")
    (folder / "registry" / "organisations.csv").write_bytes("org_id;name\nO1;Boligselskabet Ærtebjerg\n"
                                                            .encode("cp1252"))
    report = api.run(folder, tmp_path / "bundle")
    assert report.bundle.exists()


def test_cli_user_error_has_no_traceback_and_its_own_exit_code(tmp_path: Path) -> None:
    folder = tiny_data(tmp_path / "d", _with({2: {"age": -4}}))
    proc = subprocess.run([sys.executable, "-m", "boligmonitor.cli", "run", "--data", str(folder), "--out",
                           str(tmp_path / "b")], capture_output=True, text=True, check=False)
    assert proc.returncode == InputFileError.exit_code
    assert "Traceback" not in proc.stderr and "Fejl: 1 problem(er) i person-år-data" in proc.stderr
    assert "række 4, kolonne 'age': værdien ligger uden for det tilladte interval 0 til 125 (værdi '-4')" in proc.stderr


def test_classify_values_file_in_danish_csv(tmp_path: Path) -> None:
    f = tmp_path / "vaerdier.csv"
    f.write_bytes(("area_id;name;year;residents;non_western_pct;outside_labour_or_education_pct;"
                   "convicted_ratio_to_national;basic_education_pct;income_pct_of_region\n"
                   "M1;Mjølnerparken;2024;1.850;80,2;40,1;2,99;60,1;54,0\n"
                   "M2;Ærtebjerg;2024;999;80,2;40,1;3,00;60,1;54,0\n").encode("cp1252"))
    proc = subprocess.run([sys.executable, "-m", "boligmonitor.cli", "classify", "--values", str(f), "--format",
                           "csv"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0].startswith("Område;Listeår;Kategori;På listen;")
    lines = {(ln.split(";")[0], ln.split(";")[2]): ln.split(";")[3] for ln in proc.stdout.splitlines()[1:]}
    assert lines[("M1", "Udsat boligområde")] == "ja"  # labels, not ids
    assert lines[("M1", "Parallelsamfund")] == "ja"
    assert lines[("M2", "Udsat boligområde")] == "nej"  # 999 residents


def test_values_file_errors(tmp_path: Path) -> None:
    f = tmp_path / "v.csv"
    f.write_text("area_id,year,residents,non_western_pct\nM1,2024,1000,abc\nM1,2024,1000,50\n", encoding="utf-8")
    with pytest.raises(InputFileError) as exc:
        api.classify_values(f)
    text = str(exc.value)
    assert "row 2, column 'non_western_pct'" in text and "duplicate area and year" in text


PARQUET_TYPES = {"year": pa.int32(), "person_id": pa.int64(), "municipality_code": pa.int32(), "age": pa.int32(),
                 "outside_labour_or_education": pa.float64(), "gross_income": pa.float64(),
                 "in_education": pa.bool_(), "taxable": pa.bool_(), "convicted": pa.bool_()}


def _as_parquet(folder: Path) -> Path:
    """Rewrite the persons CSV as a typed Parquet file (the fast validation path reads Parquet statistics)."""
    csv_path = folder / "persons" / "persons.csv"
    table = pacsv.read_csv(csv_path, convert_options=pacsv.ConvertOptions(
        column_types=PARQUET_TYPES, strings_can_be_null=True, null_values=[""]))
    csv_path.unlink()
    pq.write_table(table, folder / "persons" / "persons_2023.parquet")
    return folder


@pytest.mark.parametrize(("changes", "words"), [
    ({2: {"age": -4}}, ["row 3", "column 'age'", "outside the allowed range", "-4"]),
    ({0: {"origin": "svensk"}}, ["row 1", "column 'origin'", "allowed codes"]),
    ({0: {"origin": ""}}, ["row 1", "column 'origin'", "value is empty"]),
    ({3: {"outside_labour_or_education": "1.5"}}, ["row 4", "outside_labour_or_education", "range"]),
    ({3: {"outside_labour_or_education": "nan"}}, ["row 4", "outside_labour_or_education", "range"]),
    ({4: {"gross_income": ""}}, ["row 5", "column 'gross_income'", "value is empty"]),
    ({1: {"person_id": 1}}, ["duplicate person-year", "person_id"]),
])
def test_bad_rows_in_parquet_are_found_despite_the_statistics_shortcuts(
        tmp_path: Path, changes: dict[int, dict[str, Any]], words: list[str]) -> None:
    # Parquet rows are numbered from 1 (no header line), CSV rows from 2.
    err = _run_fails(_as_parquet(tiny_data(tmp_path / "d", _with(changes))), tmp_path)
    text = str(err)
    for w in words:
        assert w in text, (w, text)


def test_clean_parquet_passes_with_the_statistics_shortcuts(tmp_path: Path) -> None:
    folder = _as_parquet(tiny_data(tmp_path / "d", GOOD))
    api.run(folder, tmp_path / "bundle")
    assert (tmp_path / "bundle" / "indicators.parquet").exists()
