"""The broken-input corpus: how a case is described, built, run through the CLI and judged.

Each case builds a small broken input under its own folder, runs one CLI command on it (in this process through
``cli.main``, or as a real subprocess) and must end with: the expected exit code, a message containing the expected
words (file, row, column, fix), no traceback, the folder exactly as it was before (input untouched, no bundle, no
temporary folder), and no value of any other column of a person row in the output (data-protection property 6).
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import os
import subprocess
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from boligmonitor.messages import untranslated
from tests.helpers import tiny_data, write_csv

# Every person row carries values no message has any reason to print unless that very cell is the problem.
SENTINELS = ("person_id", "gross_income", "outside_labour_or_education")
GOOD: list[dict[str, Any]] = [
    {"year": 2023, "person_id": 5831000 + 7 * i, "afdeling_id": "AFD1", "age": 30 + i,
     "gross_income": f"{314159 + 1111 * i}.25", "outside_labour_or_education": f"0.{4375 + i}"}
    for i in range(7)
]
BAD_ROW = 2  # the row the number cases break: line 4 of a CSV (header = line 1), row 3 of a Parquet file
PARQUET_TYPES = {"year": pa.int32(), "person_id": pa.int64(), "municipality_code": pa.int32(), "age": pa.int32(),
                 "outside_labour_or_education": pa.float64(), "gross_income": pa.float64(),
                 "in_education": pa.bool_(), "taxable": pa.bool_(), "convicted": pa.bool_()}
TIMEOUT = 60  # seconds for a subprocess case; a hang (1e999999999 as a Fraction) fails instead of blocking CI
# Every case as a subprocess (with the timeout): for running the corpus against code that may hang, e.g. to watch
# it fail with the protections switched off.
ALL_SUBPROCESS = os.environ.get("BOLIGMONITOR_CORPUS_SUBPROCESS") == "1"

Builder = Callable[[Path], list[str]]


@dataclass(frozen=True)
class Case:
    """One broken input: ``build(root)`` writes it under ``root`` and returns the CLI arguments to run."""

    name: str
    build: Builder
    code: int
    words: tuple[str, ...]
    shown: str | None = None  # the person column whose (broken) value the message may show
    subprocess: bool = False  # run as a real process (hang guards, permissions, and a share of ordinary cases)
    as_user: str | None = None  # run without root's permission override (chmod 000 does not stop root)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    code: int | str
    stdout: str
    stderr: str

    @property
    def text(self) -> str:
        return self.stdout + self.stderr


# --- building inputs ------------------------------------------------------------------------------------------


def rows(changes: dict[int, dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    changes = changes or {}
    return [{**p, **changes.get(i, {})} for i, p in enumerate(GOOD)]


def data_folder(root: Path, changes: dict[int, dict[str, Any]] | None = None, **registry: Any) -> Path:
    return tiny_data(root / "data", rows(changes), **registry)


def run_args(root: Path, *extra: str) -> list[str]:
    return ["run", "--data", str(root / "data"), "--out", str(root / "bundle"), *extra]


def to_parquet(data: Path, types: dict[str, pa.DataType] | None = None, name: str = "persons_2023.parquet") -> Path:
    """Rewrite the persons CSV as one typed Parquet file (``types`` overrides the usual column types)."""
    csv_path = data / "persons" / "persons.csv"
    column_types = {**PARQUET_TYPES, **(types or {})}
    table = pacsv.read_csv(csv_path, convert_options=pacsv.ConvertOptions(
        column_types=column_types, strings_can_be_null=True, null_values=[""]))
    csv_path.unlink()
    out = data / "persons" / name
    pq.write_table(table, out)
    return out


def parquet_table(data: Path, columns: dict[str, pa.Array], name: str = "persons_2023.parquet") -> Path:
    """A Parquet file of the good rows with some columns replaced by arrays of any type."""
    csv_path = data / "persons" / "persons.csv"
    table = pacsv.read_csv(csv_path, convert_options=pacsv.ConvertOptions(
        column_types=PARQUET_TYPES, strings_can_be_null=True, null_values=[""]))
    for col, arr in columns.items():
        table = table.set_column(table.column_names.index(col), col, arr)
    csv_path.unlink()
    out = data / "persons" / name
    pq.write_table(table, out)
    return out


def persons_csv(data: Path) -> Path:
    return data / "persons" / "persons.csv"


def edit_lines(path: Path, edit: Callable[[list[str]], list[str]]) -> None:
    path.write_text("\n".join(edit(path.read_text(encoding="utf-8").splitlines())) + "\n", encoding="utf-8")


def registry_table(data: Path, name: str) -> Path:
    return data / "registry" / f"{name}.csv"


def rewrite_registry(data: Path, name: str, header: list[str], records: list[dict[str, Any]]) -> None:
    write_csv(registry_table(data, name), header, records)


def read_registry(data: Path, name: str) -> tuple[list[str], list[dict[str, str]]]:
    with registry_table(data, name).open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


# --- running --------------------------------------------------------------------------------------------------


def run_in_process(argv: list[str]) -> Outcome:
    """``boligmonitor <argv>`` through ``cli.main`` with captured streams; an escaping exception is a traceback."""
    from boligmonitor import cli

    out, err = io.StringIO(), io.StringIO()
    code: int | str
    saved, saved_lang = sys.argv, os.environ.get("BOLIGMONITOR_LANG")
    sys.argv = ["boligmonitor", *argv]
    os.environ["BOLIGMONITOR_LANG"] = "en"  # the expected words are English; untranslated() checks the Danish
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                cli.main()
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            except BaseException:  # a crash is what the corpus looks for
                err.write(traceback.format_exc())
                code = "exception"
    finally:
        sys.argv = saved
        if saved_lang is None:
            os.environ.pop("BOLIGMONITOR_LANG", None)
        else:
            os.environ["BOLIGMONITOR_LANG"] = saved_lang
    return Outcome(code, out.getvalue(), err.getvalue())


def run_subprocess(argv: list[str], as_user: str | None = None, cwd: Path | None = None) -> Outcome:
    cmd = [sys.executable, "-m", "boligmonitor.cli", *argv]
    if as_user is not None and os.geteuid() == 0:
        # Root ignores file permissions through two capabilities; without them it reads no file whose mode forbids
        # its owner to, yet still reaches the project and its virtual environment (which another user, e.g. in a
        # private temporary clone, cannot).
        cmd = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *cmd]
    env = {**os.environ, "BOLIGMONITOR_DEBUG": "", "BOLIGMONITOR_LANG": "en"}
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT, check=False, cwd=cwd, env=env)
    except subprocess.TimeoutExpired:
        return Outcome("timeout", "", f"no answer within {TIMEOUT} s")
    return Outcome(proc.returncode, proc.stdout, proc.stderr)


# --- judging --------------------------------------------------------------------------------------------------


def snapshot(root: Path) -> dict[str, tuple[str, str]]:
    """Every path under ``root`` with its kind and content digest (links by target, pipes by kind only)."""
    out: dict[str, tuple[str, str]] = {}
    for here, dirs, files in os.walk(root, followlinks=False):
        for name in dirs + files:
            p = Path(here) / name
            rel = str(p.relative_to(root))
            st = p.lstat()
            if p.is_symlink():
                out[rel] = ("link", os.readlink(p))
            elif p.is_dir():
                out[rel] = ("dir", oct(st.st_mode))
            elif p.is_file():
                out[rel] = ("file", oct(st.st_mode) + hashlib.sha256(p.read_bytes()).hexdigest())
            else:
                out[rel] = ("special", oct(st.st_mode))
    return out


def leaked(text: str, shown: str | None) -> list[str]:
    """Values of person-row cells (other than the broken one) that appear in ``text``."""
    found = []
    for row in GOOD:
        for col in SENTINELS:
            if col != shown and str(row[col]) in text:
                found.append(f"{col}={row[col]}")
    return found


def check(case: Case, root: Path) -> Outcome:
    """Build, run and judge one case; raises AssertionError with the whole output when any expectation fails."""
    argv = case.build(root)
    before = snapshot(root)
    real = case.subprocess or case.as_user or ALL_SUBPROCESS
    outcome = run_subprocess(argv, case.as_user, cwd=root) if real else run_in_process(argv)
    after = snapshot(root)
    report = f"[{case.name}] exit {outcome.code}\n{outcome.text}"
    assert "Traceback" not in outcome.text and "Internal error" not in outcome.text, report
    assert outcome.code == case.code, report
    for w in case.words:
        assert w in outcome.stderr, f"missing {w!r} in\n{report}"
    # the same message exists in Danish, every part of it (the default language; shown with BOLIGMONITOR_LANG=da)
    message = outcome.stderr.split("Error: ", 1)[-1].rstrip("\n")
    assert untranslated(message) == [], f"no Danish text for {untranslated(message)}\n{report}"
    assert before == after, f"the run changed files: {sorted(set(before.items()) ^ set(after.items()))}\n{report}"
    assert not leaked(outcome.text, case.shown), f"person values in the message: {leaked(outcome.text, case.shown)}"
    return outcome
