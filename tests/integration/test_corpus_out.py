"""Corpus, part 5: ``--out``/``--overwrite`` and the commands' arguments.

``run --data d --out d --overwrite`` deleted the input data. Now --out is checked before any computation, and
--overwrite replaces only a folder that holds a bundle and nothing else. The snapshot in ``corpus.check`` proves
that the data folder (and everything else under the case's folder) is byte for byte what it was.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from boligmonitor import api
from tests.integration.corpus import BAD_ROW, Case, check, data_folder, run_in_process


def run_case(name: str, out: str, *words: str, overwrite: bool = True, prepare: object = None,
             broken: bool = False, code: int = 6, subprocess: bool = False) -> Case:
    """``run --data <root>/data --out <root>/<out>``; ``prepare(root)`` sets the stage after the data is made."""

    def build(root: Path) -> list[str]:
        data_folder(root, {BAD_ROW: {"age": "34.5"}} if broken else None)
        if prepare is not None:
            prepare(root)  # type: ignore[operator]
        return ["run", "--data", str(root / "data"), "--out", str(root / out), *(["--overwrite"] if overwrite
                                                                                  else [])]

    return Case(name, build, code, words, subprocess=subprocess)


def _fake_bundle(folder: Path, *extra: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "manifest.json").write_text(json.dumps({"bundle_format": 3}), encoding="utf-8")
    (folder / "indicators.parquet").write_bytes(b"old")
    for name in extra:
        (folder / name).write_text("keep me", encoding="utf-8")


def args_case(name: str, argv: list[str], *words: str, code: int = 2, prepare: object = None) -> Case:
    def build(root: Path) -> list[str]:
        data_folder(root)
        if prepare is not None:
            prepare(root)  # type: ignore[operator]
        return [a.replace("ROOT", str(root)) for a in argv]

    return Case(name, build, code, words)


APART = "must be apart from the data folder"
ONLY_BUNDLE = "--overwrite only replaces a bundle folder"

CASES = [
    run_case("out-is-data", "data", APART, subprocess=True),
    run_case("out-is-data-without-overwrite", "data", APART, overwrite=False),
    run_case("out-contains-data", ".", APART),
    run_case("out-inside-data", "data/bundle", APART),
    run_case("out-inside-persons", "data/persons", APART),
    run_case("out-is-data-through-a-link", "link", "symbolic link",
             prepare=lambda r: os.symlink(r / "data", r / "link")),
    run_case("out-holds-other-things", "other", ONLY_BUNDLE, "notes.txt",
             prepare=lambda r: ((r / "other").mkdir(), (r / "other" / "notes.txt").write_text("x"))),
    run_case("out-holds-a-bundle-and-more", "old", ONLY_BUNDLE, "mine.xlsx",
             prepare=lambda r: _fake_bundle(r / "old", "mine.xlsx")),
    run_case("out-manifest-not-a-bundle", "old", ONLY_BUNDLE, "manifest.json is not a bundle's",
             prepare=lambda r: ((r / "old").mkdir(), (r / "old" / "manifest.json").write_text("[]"))),
    run_case("out-not-empty-without-overwrite", "old", "exists and is not empty", "--overwrite", overwrite=False,
             prepare=lambda r: _fake_bundle(r / "old")),
    run_case("out-is-a-file", "out.txt", "a file with this name exists",
             prepare=lambda r: (r / "out.txt").write_text("x")),
    run_case("out-parent-is-a-file", "out.txt/bundle", "because", "is a file",
             prepare=lambda r: (r / "out.txt").write_text("x")),
    # the order: a bad --out is reported before the (broken) data is even read
    run_case("out-checked-before-the-data", "data", APART, broken=True),
    run_case("broken-data-keeps-the-old-bundle", "old", "row 4, column 'age'", broken=True, code=3,
             prepare=lambda r: _fake_bundle(r / "old")),
    args_case("min-count-zero", ["run", "--data", "ROOT/data", "--out", "ROOT/b", "--min-count", "0"],
              "--min-count must be from 1 to 10,000 (got 0)"),
    args_case("min-count-huge", ["run", "--data", "ROOT/data", "--out", "ROOT/b", "--min-count", str(10**30)],
              "--min-count must be from 1 to 10,000"),
    args_case("min-count-text", ["run", "--data", "ROOT/data", "--out", "ROOT/b", "--min-count", "fem"],
              "Invalid value for '--min-count'"),
    args_case("synth-into-data", ["synth", "--out", "ROOT/data", "--scale", "0.001", "--years", "2023-2023"],
              "--out", "is not an empty folder", "never writes into existing data"),
    args_case("synth-years-far-future", ["synth", "--out", "ROOT/s", "--years", "2000-99999"],
              "--years must be FIRST-LAST with 1990 ≤ FIRST ≤ LAST ≤ 2100"),
    args_case("synth-years-reversed", ["synth", "--out", "ROOT/s", "--years", "2024-2006"], "--years must be"),
    args_case("synth-years-text", ["synth", "--out", "ROOT/s", "--years", "seneste"], "--years must look like"),
    args_case("synth-seed-negative", ["synth", "--out", "ROOT/s", "--seed", "-1"], "--seed must be a whole number"),
    args_case("synth-scale-nan", ["synth", "--out", "ROOT/s", "--scale", "nan"], "--scale must be above 0"),
    args_case("synth-scale-huge", ["synth", "--out", "ROOT/s", "--scale", "1e9"], "--scale must be above 0"),
    args_case("synth-out-is-a-file", ["synth", "--out", "ROOT/f"], "is not an empty folder",
              prepare=lambda r: (r / "f").write_text("x")),
]


@pytest.mark.parametrize("c", CASES, ids=[c.name for c in CASES])
def test_bad_destination_or_argument_is_refused_before_any_work(c: Case, tmp_path: Path) -> None:
    check(c, tmp_path)


def test_overwrite_replaces_a_real_bundle(tmp_path: Path) -> None:
    data = data_folder(tmp_path)
    api.run(data, tmp_path / "b")
    first = (tmp_path / "b" / "manifest.json").read_bytes()
    (tmp_path / "b" / "indicators.parquet").write_bytes(b"damaged")
    outcome = run_in_process(["run", "--data", str(data), "--out", str(tmp_path / "b"), "--overwrite"])
    assert outcome.code == 0, outcome.text
    assert (tmp_path / "b" / "manifest.json").read_bytes() == first
    api.open_bundle(tmp_path / "b")  # checksums hold again
    assert not list(tmp_path.glob(".bundle-*"))


def test_an_empty_folder_is_a_fine_destination(tmp_path: Path) -> None:
    data = data_folder(tmp_path)
    (tmp_path / "empty").mkdir()
    api.run(data, tmp_path / "empty")
    assert (tmp_path / "empty" / "manifest.json").exists()


def test_direct_pipeline_callers_get_the_same_protection(tmp_path: Path) -> None:
    """pipeline.run checks --out first too, for code that calls it without the API."""
    from boligmonitor.errors import BundleError
    from boligmonitor.runs.pipeline import run

    data = data_folder(tmp_path)
    before = sorted(p.name for p in data.rglob("*"))
    with pytest.raises(BundleError, match="apart from the data folder"):
        run(data, data, overwrite=True)
    assert sorted(p.name for p in data.rglob("*")) == before
    shutil.rmtree(data)


def test_a_bug_shows_no_traceback_and_no_values(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An unexpected exception (a bug) ends with a short note and exit code 1: its text and the traceback's
    frames could hold person-level values, so neither is printed unless BOLIGMONITOR_DEBUG is set."""
    from boligmonitor import cli

    def crash(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("row 5831000 gross_income 314159.25")

    monkeypatch.setattr(cli.api, "run", crash)
    monkeypatch.delenv("BOLIGMONITOR_DEBUG", raising=False)
    outcome = run_in_process(["run", "--data", str(tmp_path / "d"), "--out", str(tmp_path / "b")])
    assert outcome.code == 1, outcome.text
    assert "Internal error: RuntimeError (a bug in boligmonitor" in outcome.stderr
    assert "Traceback" not in outcome.text and "5831000" not in outcome.text and "314159" not in outcome.text
    monkeypatch.setenv("BOLIGMONITOR_DEBUG", "1")
    monkeypatch.setattr("sys.argv", ["boligmonitor", "run", "--data", str(tmp_path / "d"), "--out",
                                     str(tmp_path / "b")])
    with pytest.raises(RuntimeError):  # a developer asks for the details and gets them
        cli.main()
