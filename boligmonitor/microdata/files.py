"""Finding the person-year files and making sure each one can be read, before DuckDB or pyarrow touch them.

DuckDB opens every path it is given and fails with one message for the first it cannot read (or hangs on a
pipe); these checks name each bad file and what to do about it. Only metadata is read here (a stat, a Parquet
footer), so they cost milliseconds at national scale. A file whose footer is fine but whose data pages are corrupt
is only found when the data is read; :func:`unreadable_parquet_files` names it after the fact.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from boligmonitor.errors import InputFileError, Problem
from boligmonitor.tabular import file_problem, parquet_problem

SUFFIXES = (".parquet", ".csv")


def person_files(folder: Path) -> tuple[list[Path], str]:
    """Every ``.parquet`` or ``.csv`` file under ``folder`` (sorted) and which of the two kinds they are.

    Linked sub-folders are followed (data is often linked in from a secure share), each real folder once, so a
    link loop ends instead of running forever. Other files (notes, lock files) are ignored, as before.
    """
    if not folder.is_dir():
        found = "is not a folder" if folder.exists() else "not found"
        raise InputFileError([Problem(str(folder), f"persons folder {found}", "check the --data path: it must "
                                      "hold the folders registry/ and persons/")])
    candidates: list[Path] = []
    named_like_files: list[Path] = []  # a folder named x.parquet: a Spark-style dataset, or a mistake
    problems: list[Problem] = []
    seen: set[tuple[int, int]] = set()
    stack = [folder]
    while stack:
        here = stack.pop()
        st = here.stat()
        if (st.st_dev, st.st_ino) in seen:
            continue  # a second way into a folder already read (a link loop or a duplicate link)
        seen.add((st.st_dev, st.st_ino))
        for entry in sorted(here.iterdir()):
            if _is_folder(entry):
                stack.append(entry)
                if entry.suffix.lower() in SUFFIXES:
                    named_like_files.append(entry)
            elif entry.suffix.lower() in SUFFIXES:
                candidates.append(entry)  # checked below, whatever it turns out to be (link, pipe, ...)
    for path in candidates:
        problem = file_problem(path, "data file")
        if problem is not None:
            problems.append(problem)
    for path in named_like_files:
        if not any(path in c.parents for c in candidates):
            problems.append(Problem(str(path), "expected a data file, found a folder without data files",
                                    "remove the folder or put the person-year files in it"))
    if problems:
        raise InputFileError(problems, f"{len(problems)} person-year file(s) cannot be read; nothing was written")
    kinds = {p.suffix.lower() for p in candidates}
    if len(kinds) > 1:
        raise InputFileError([Problem(str(folder), "both Parquet and CSV files found", "keep one format in persons/")])
    if not candidates:
        raise InputFileError([Problem(str(folder), "no .parquet or .csv files found", "add person-year files")])
    kind = "parquet" if kinds == {".parquet"} else "csv"
    return sorted(candidates), kind


def _is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a link loop is not a folder to walk into
        return False


def parquet_footers(files: list[Path]) -> tuple[dict[Path, pq.ParquetFile], list[Problem]]:
    """Open every Parquet file's footer (its schema and row-group statistics); the bad ones become problems."""
    opened: dict[Path, pq.ParquetFile] = {}
    problems = []
    for path in files:
        try:
            opened[path] = pq.ParquetFile(path)
        except (pa.ArrowException, OSError):
            problems.append(parquet_problem(path))
    return opened, problems


def unreadable_parquet_files(folder: Path) -> list[Problem]:
    """Read every data page of every Parquet file under ``folder``; the files that fail, as problems.

    Only called after a read has already failed, to say which file is corrupt (DuckDB's message does not say),
    so the cost of reading everything is paid only on that error path. Nothing read is kept or shown.
    """
    try:
        files, kind = person_files(folder)
    except InputFileError as exc:
        return exc.problems
    if kind != "parquet":
        return []
    out = []
    for path in files:
        try:
            pf = pq.ParquetFile(path)
            for _ in pf.iter_batches(batch_size=1 << 16, use_threads=False):
                pass
        except (pa.ArrowException, OSError):
            out.append(Problem(str(path), "part of the file cannot be read (a damaged data page)",
                               "export the file again from its source; the footer is intact but the data is not"))
    return out

