"""Corpus, part 2: broken files and folders — empty, truncated, corrupt, misnamed, linked, unreadable, mixed.

Some of these hung (a pipe named .csv) or ended in a DuckDB/pyarrow traceback; each must now name the file and what
to do. "Unreadable" is tested for real: as root, chmod 000 stops nobody, so that case runs the CLI without root's
capabilities to override file permissions (setpriv); a pipe and a folder stand in where a file is expected.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from tests.helpers import tiny_data
from tests.integration.corpus import (
    Case,
    check,
    data_folder,
    edit_lines,
    persons_csv,
    rows,
    run_args,
    to_parquet,
)


def case(name: str, build_data: object, *words: str, code: int = 3, subprocess: bool = False,
         as_user: str | None = None) -> Case:
    """A ``run`` case whose data folder is made by ``build_data(root)`` (which starts from good data)."""

    def build(root: Path) -> list[str]:
        build_data(root)  # type: ignore[operator]
        return run_args(root)

    return Case(name, build, code, words, subprocess=subprocess, as_user=as_user)


def _csv(root: Path) -> Path:
    return persons_csv(data_folder(root))


def _parquet(root: Path) -> Path:
    return to_parquet(data_folder(root))


def _second_year(root: Path, drop: tuple[str, ...], parquet: bool) -> None:
    """A second data year, written like the first but without the columns in ``drop``."""
    data = data_folder(root)
    later = tiny_data(root / "later", [{**r, "year": 2022} for r in rows()])
    src = persons_csv(later)
    if drop:
        lines = src.read_text(encoding="utf-8").splitlines()
        header = lines[0].split(",")
        keep = [i for i, h in enumerate(header) if h not in drop]
        src.write_text("\n".join(",".join(ln.split(",")[i] for i in keep) for ln in lines) + "\n", encoding="utf-8")
    if parquet:
        to_parquet(data)
        to_parquet(later, name="persons_2022.parquet")
        shutil.move(later / "persons" / "persons_2022.parquet", data / "persons" / "persons_2022.parquet")
    else:
        shutil.move(src, data / "persons" / "persons_2022.csv")
    shutil.rmtree(later)


def _replace_bytes(path: Path, data: bytes) -> None:
    path.write_bytes(data)


def _truncate(path: Path) -> None:
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])


def _damage_page(path: Path) -> None:
    """Scramble the data pages of one column; the footer (schema, statistics) stays intact."""
    meta = pq.ParquetFile(path).metadata.row_group(0)
    col = meta.column([meta.column(i).path_in_schema for i in range(meta.num_columns)].index("gross_income"))
    raw = bytearray(path.read_bytes())
    for i in range(col.data_page_offset + 2, col.data_page_offset + col.total_compressed_size - 2):
        raw[i] ^= 0x5A
    path.write_bytes(bytes(raw))


def _zero_rows(path: Path) -> None:
    table = pq.read_table(path)
    pq.write_table(table.slice(0, 0), path)


def _mixed(root: Path) -> None:
    text = _csv(root).read_bytes()
    to_parquet(root / "data")
    (root / "data" / "persons" / "persons_2022.csv").write_bytes(text)


def _mixed_encoding(root: Path) -> None:
    """UTF-8 for well over the megabyte the encoding is judged from, then a Windows-1252 'Ærø'."""
    path = _csv(root)
    lines = path.read_bytes().splitlines()
    filler = [lines[1]] * (2_000_000 // len(lines[1]))
    path.write_bytes(b"\n".join([*lines, *filler, lines[2].replace(b"AFD1", "Ærø".encode("cp1252"))]) + b"\n")


def _fifo(root: Path) -> None:
    data = data_folder(root)
    os.mkfifo(data / "persons" / "persons_2022.csv")


def _ragged(extra: str) -> object:
    def build(root: Path) -> None:
        edit_lines(_csv(root), lambda lines: [ln + extra if i == 3 else ln for i, ln in enumerate(lines)])
    return build


def _drop_field(root: Path) -> None:
    edit_lines(_csv(root), lambda lines: [ln.rsplit(",", 1)[0] if i == 3 else ln for i, ln in enumerate(lines)])


CASES = [
    case("csv-empty", lambda r: _csv(r).write_bytes(b""), "persons.csv: the file is empty", "Fix:"),
    case("csv-header-only", lambda r: edit_lines(_csv(r), lambda lines: lines[:1]),
         "persons.csv: the file has a header but no rows", subprocess=True),
    case("csv-blank-lines-only", lambda r: _csv(r).write_text("\n\n   \n", encoding="utf-8"),
         "persons.csv: the file is empty"),
    case("csv-ragged-extra-field", _ragged(",extra"), "persons.csv, row 4", "found 14", "stray separator",
         subprocess=True),
    case("csv-ragged-two-rows", lambda r: edit_lines(_csv(r), lambda lines: [
        ln + ",x" if i in (2, 5) else ln for i, ln in enumerate(lines)]), "row 3", "row 6"),
    case("csv-ragged-missing-field", _drop_field, "persons.csv, row 4", "found 12"),
    case("csv-unclosed-quote", lambda r: edit_lines(_csv(r), lambda lines: [
        ln.replace("AFD1", '"AFD1') if i == 3 else ln for i, ln in enumerate(lines)]), "persons.csv"),
    case("csv-undecodable-bytes", lambda r: _csv(r).write_bytes(
        _csv(r).read_bytes().replace(b"gymnasial", b"\x81\x8d")), "persons.csv", "neither UTF-8 nor Windows-1252"),
    case("csv-mixed-encoding", _mixed_encoding, "persons.csv: the CSV file cannot be read (it starts as UTF-8 but "
         "later holds bytes that are not UTF-8"),
    case("csv-utf16", lambda r: _csv(r).write_bytes(_csv(r).read_text(encoding="utf-8").encode("utf-16")),
         "persons.csv: the file is UTF-16 text", "Fix:"),
    case("csv-nul-bytes", lambda r: _csv(r).write_bytes(_csv(r).read_bytes().replace(b"dansk", b"da\x00sk")),
         "persons.csv: the file contains NUL bytes"),
    case("csv-duplicate-header", lambda r: edit_lines(_csv(r), lambda lines: [
        lines[0].replace("sex", "age"), *lines[1:]]), "persons.csv, row 1, column 'age'", "appears twice"),
    case("csv-empty-header-name", lambda r: edit_lines(_csv(r), lambda lines: [
        lines[0].replace("sex", ""), *lines[1:]]), "persons.csv, row 1", "has no name"),
    case("csv-header-row-missing", lambda r: edit_lines(_csv(r), lambda lines: lines[1:]),
         "persons.csv, row 1: the first line has none of the expected column names", "add the header row"),
    case("csv-unknown-column", lambda r: edit_lines(_csv(r), lambda lines: [
        lines[0].replace("sex", "køn"), *lines[1:]]), "persons.csv, column 'køn'", "unknown column"),
    case("csv-column-missing-in-one-year", lambda r: _second_year(r, ("age",), parquet=False),
         "persons_2022.csv, column 'age': required column is missing (the other files have it)", subprocess=True),
    case("csv-two-columns-missing-in-one-year", lambda r: _second_year(r, ("age", "origin"), parquet=False),
         "persons_2022.csv: required columns are missing: 'age', 'origin' (the other files have them)"),
    case("csv-and-parquet-mixed", lambda r: _mixed(r), "both Parquet and CSV files found"),
    case("csv-is-a-pipe", _fifo, "persons_2022.csv: expected a data file, found a pipe", subprocess=True),
    case("parquet-empty", lambda r: _replace_bytes(_parquet(r), b""), "persons_2023.parquet: the file is empty"),
    case("parquet-truncated", lambda r: _truncate(_parquet(r)), "persons_2023.parquet: not a readable Parquet file",
         subprocess=True),
    case("parquet-text-file", lambda r: _replace_bytes(_parquet(r), b"year,person_id\n2023,1\n"),
         "persons_2023.parquet: not a readable Parquet file"),
    case("parquet-magic-and-garbage", lambda r: _replace_bytes(_parquet(r), b"PAR1" + os.urandom(300) + b"PAR1"),
         "persons_2023.parquet: not a readable Parquet file"),
    case("parquet-damaged-data-page", lambda r: _damage_page(_parquet(r)),
         "persons_2023.parquet: part of the file cannot be read", subprocess=True),
    case("parquet-no-rows", lambda r: _zero_rows(_parquet(r)), "persons_2023.parquet: the file holds no rows"),
    case("parquet-column-missing-in-one-year", lambda r: _second_year(r, ("age",), parquet=True),
         "persons_2022.parquet, column 'age': required column is missing (the other files have it)"),
    case("parquet-columns-missing-in-one-year", lambda r: _second_year(r, ("convicted", "taxable"), parquet=True),
         "persons_2022.parquet: required columns are missing: 'taxable', 'convicted'"),
    case("folder-named-parquet", lambda r: (_parquet(r).parent / "extra.parquet").mkdir(),
         "extra.parquet: expected a data file, found a folder without data files"),
    case("folder-named-csv", lambda r: (_csv(r).parent / "2022.csv").mkdir(), "2022.csv: expected a data file"),
    case("dangling-link", lambda r: os.symlink(r / "gone.parquet", _parquet(r).parent / "persons_2022.parquet"),
         "persons_2022.parquet: the data file is a symbolic link to", "which does not exist"),
    case("link-loop", lambda r: os.symlink(_parquet(r).parent / "loop.parquet", _parquet(r).parent / "loop.parquet"),
         "loop.parquet: the path is a loop of symbolic links"),
    case("link-loop-csv", lambda r: os.symlink(_csv(r).parent / "a.csv", _csv(r).parent / "b.csv")
         or os.symlink(_csv(r).parent / "b.csv", _csv(r).parent / "a.csv"), "a.csv: the path is a loop",
         "b.csv: the path is a loop"),
    case("persons-folder-missing", lambda r: shutil.rmtree(data_folder(r) / "persons"), "persons folder not found"),
    case("persons-is-a-file", lambda r: (shutil.rmtree(data_folder(r) / "persons"),
                                          (r / "data" / "persons").write_text("x")), "persons folder is not a folder"),
    case("persons-folder-empty", lambda r: _csv(r).unlink(), "no .parquet or .csv files found"),
    case("registry-folder-missing", lambda r: shutil.rmtree(data_folder(r) / "registry"), "registry folder not found"),
    case("data-folder-is-a-file", lambda r: (r / "data").write_text("x"), "data folder is not a folder",
         subprocess=True),
    case("data-folder-missing", lambda r: None, "data folder not found"),
]


@pytest.mark.parametrize("c", CASES, ids=[c.name for c in CASES])
def test_broken_file_is_refused_clearly(c: Case, tmp_path: Path) -> None:
    check(c, tmp_path)


@pytest.fixture
def shared_root() -> Iterator[Path]:
    """A folder the user nobody can enter (pytest's own tmp folders are private to root)."""
    root = Path(tempfile.mkdtemp(prefix="boligmonitor-corpus-"))
    root.chmod(0o777)
    yield root
    shutil.rmtree(root, ignore_errors=True)


def _open_up(root: Path) -> None:
    for here, dirs, files in os.walk(root):
        for d in dirs:
            (Path(here) / d).chmod(0o777)
        for f in files:
            (Path(here) / f).chmod(0o644)


def test_unreadable_file_is_named(shared_root: Path) -> None:
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: cannot make a file unreadable")

    def build(root: Path) -> list[str]:
        path = _parquet(root)
        _open_up(root)
        path.chmod(0)
        return run_args(root)

    check(Case("unreadable-file", build, 3, ("persons_2023.parquet: the data file cannot be read (permission "
                                            "denied)", "read access"), as_user="nobody"), shared_root)


def test_a_linked_folder_loop_is_walked_once(tmp_path: Path) -> None:
    """A link back to a folder already read is not followed again: the loop ends and nothing is counted twice."""
    from boligmonitor import api

    data = data_folder(tmp_path)
    os.symlink(data / "persons", data / "persons" / "again")
    api.run(data, tmp_path / "bundle")
    one = pq.read_table(tmp_path / "bundle" / "indicators.parquet").to_pylist()
    residents = [r for r in one if r["unit_type"] == "nation" and r["indicator_id"] == "residents"]
    assert residents[0]["numerator"] == len(rows())


def test_a_spark_style_folder_named_parquet_is_read(tmp_path: Path) -> None:
    from boligmonitor import api

    path = _parquet(tmp_path)
    folder = path.parent / "persons.parquet"
    folder.mkdir()
    shutil.move(path, folder / "part-00000.parquet")
    api.run(tmp_path / "data", tmp_path / "bundle")
    assert (tmp_path / "bundle" / "manifest.json").exists()
