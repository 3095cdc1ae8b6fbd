"""The data folder's optional mark, ``dataset.json`` (written by ``boligmonitor synth``), checked before any work.

The pipeline copies ``synthetic`` and ``note`` into the bundle's manifest, and every output made from a synthetic
bundle says so; a mark that cannot be read, or says ``"synthetic": "no"``, must stop the run at the start (it was
read only after the whole computation before, and then crashed). Other keys are the generator's own business.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from boligmonitor.errors import InputFileError, Problem
from boligmonitor.tabular import file_problem

MARK = "dataset.json"
FIX = 'write a JSON object such as {"synthetic": false, "note": "…"} in UTF-8, or remove the file'
NOTE_LIMIT = 1000  # the note is copied into every manifest; a page of text is the most anyone means


def check_data_folder(data: Path) -> None:
    """The data folder exists and, if it carries ``dataset.json``, the mark is one the pipeline can use."""
    if not data.is_dir():
        found = "is not a folder" if data.exists() else "not found"
        raise InputFileError([Problem(str(data), f"data folder {found}", "give --data the folder that holds "
                                      "registry/ and persons/")])
    mark = data / MARK
    if mark.exists() or mark.is_symlink():
        read_mark(mark)


def read_mark(path: Path) -> dict[str, Any]:
    """Parse and check the mark; raises :class:`InputFileError` naming what is wrong."""
    problem = file_problem(path)
    if problem is not None:
        raise InputFileError([problem])
    name = str(path)
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raise InputFileError([Problem(name, "the file starts with a byte-order mark", "save it as UTF-8 without "
                                      "BOM")])
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise InputFileError([Problem(name, "the file is not UTF-8 text", FIX)]) from None
    except json.JSONDecodeError as exc:
        raise InputFileError([Problem(name, f"not valid JSON (at line {exc.lineno}, column {exc.colno})", FIX,
                                      exc.lineno)]) from None
    except (ValueError, RecursionError):
        raise InputFileError([Problem(name, "not usable JSON (a number with thousands of digits, or nesting "
                                      "thousands of levels deep)", FIX)]) from None
    if not isinstance(data, dict):
        raise InputFileError([Problem(name, f"expected a JSON object, found {type(data).__name__}", FIX)])
    problems = []
    if "synthetic" in data and not isinstance(data["synthetic"], bool):
        problems.append(Problem(name, "\"synthetic\" must be true or false (JSON booleans, without quotes)", FIX,
                                column="synthetic", value=str(data["synthetic"])[:40]))
    note = data.get("note")
    if note is not None and (not isinstance(note, str) or len(note) > NOTE_LIMIT):
        problems.append(Problem(name, f"\"note\" must be text of at most {NOTE_LIMIT:,} characters", FIX,
                                column="note"))
    if problems:
        raise InputFileError(problems)
    return data
