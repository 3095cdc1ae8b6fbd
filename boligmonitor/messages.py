"""Every user error in Danish (the default) and English.

The core raises its errors in English, the developers' language, with the values that matter (file, row, column,
the expected kind, the fix) formatted in. This module gives each such message its Danish text: the catalogue in
``messages_da`` holds the English template of every message (``{}`` where a value goes) and its Danish text, and a
message is matched against the templates, its values kept as they were. A value that is itself a catalogued phrase
("a whole number in plain digits …") is translated too. The CLI, the Python API and the web show ``localize(exc,
lang)``; tests/unit/test_messages.py fails on any raised message without a Danish entry.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from boligmonitor.errors import InputFileError, Problem
from boligmonitor.messages_da import DANISH

LANGS = ("da", "en")
# The language of a command-line run (boligmonitor, boligmonitor-web): --lang, else this variable, else Danish.
LANG_ENV = "BOLIGMONITOR_LANG"


def language_of(argv: Sequence[str]) -> str:
    """The language a run speaks, errors and help included, known before the command line is parsed: the last
    --lang da|en (a command's own --lang after the command wins over one before it), else BOLIGMONITOR_LANG=en,
    else Danish."""
    found = None
    for i, arg in enumerate(argv):
        value = argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else arg[7:] if arg.startswith("--lang=") \
            else None
        if value in LANGS:
            found = value
    return found or ("en" if os.environ.get(LANG_ENV) == "en" else "da")
_SLOT = re.compile(r"\{(\d*)\}")
MAX_DEPTH = 3  # a value inside a value inside a message: deeper nesting does not occur


@dataclass(frozen=True)
class Template:
    english: str
    danish: str
    regex: re.Pattern[str]
    literal: int  # characters of fixed text: the more, the more specific the template

    def fill(self, values: list[str]) -> str:
        order = iter(range(len(values)))

        def slot(m: re.Match[str]) -> str:
            return values[int(m.group(1)) if m.group(1) else next(order)]

        return _SLOT.sub(slot, self.danish)


def template(english: str, danish: str) -> Template:
    parts = english.split("{}")
    regex = re.compile("(.+?)".join(re.escape(p) for p in parts) + r"\Z", re.DOTALL)
    return Template(english, danish, regex, sum(len(p) for p in parts))


@cache
def _templates() -> tuple[dict[str, str], list[Template]]:
    exact = {en: da for en, da in DANISH.items() if "{}" not in en}
    slotted = sorted((template(en, da) for en, da in DANISH.items() if "{}" in en), key=lambda t: -t.literal)
    return exact, slotted


def danish(text: str, depth: int = 0) -> str | None:
    """The Danish text of one English message or phrase, or None when the catalogue has none."""
    exact, slotted = _templates()
    if text in exact:
        return exact[text]
    for t in slotted:
        m = t.regex.match(text)
        if m:
            values = [(danish(v, depth + 1) if depth < MAX_DEPTH else None) or v for v in m.groups()]
            return t.fill(values)
    return None


# Problem.render() as text: "file, row 3, column 'age': message (value '7x'). Fix: fix"
_RENDERED = re.compile(r"(?P<file>[^:]*?)(?:, row (?P<row>\d+))?(?:, column '(?P<column>[^']*)')?: (?P<message>.*?)"
                       r"(?: \(value (?P<value>'.*'|\".*\")\))?\. Fix: (?P<fix>.*)\Z", re.DOTALL)


def _line(line: str) -> tuple[str, list[str]]:
    da = danish(line)
    if da is not None:
        return da, []
    if line.endswith(":") and (da := danish(line[:-1])) is not None:  # the head of a list of problems
        return da + ":", []
    m = _RENDERED.match(line)
    if m is None:
        return line, [line]
    value = m["value"]
    p = Problem(m["file"], m["message"], m["fix"], int(m["row"]) if m["row"] else None, m["column"],
                None if value is None else value[1:-1])
    return problem_da(p)


def _text(text: str) -> tuple[str, list[str]]:
    """Danish of a whole message, line by line when the whole has no entry; also the parts that have none."""
    whole = danish(text)
    if whole is not None:
        return whole, []
    lines, missing = [], []
    for line in text.split("\n"):
        indent = line[: len(line) - len(line.lstrip(" -•"))]
        da, more = _line(line[len(indent):]) if line.strip() else ("", [])
        missing += more
        lines.append(indent + da)
    return "\n".join(lines), missing


def problem_da(p: Problem) -> tuple[str, list[str]]:
    """Problem.render() in Danish."""
    missing = []
    message, fix = danish(p.message), danish(p.fix)
    if message is None:
        missing.append(p.message)
    if fix is None:
        missing.append(p.fix)
    where = p.file + (f", række {p.row}" if p.row is not None else "") + (
        f", kolonne '{p.column}'" if p.column is not None else "")
    shown = f" (værdi {p.value!r})" if p.value is not None else ""
    return f"{where}: {message or p.message}{shown}. Sådan rettes det: {fix or p.fix}", missing


def _localized(exc: BaseException | str) -> tuple[str, list[str]]:
    if isinstance(exc, InputFileError):
        head, _, _ = str(exc).partition(":\n")
        head_da, missing = _text(head)
        lines = []
        for p in exc.problems:
            text, more = problem_da(p)
            lines.append("  - " + text)
            missing += more
        return head_da + ":\n" + "\n".join(lines), missing
    return _text(str(exc))


def localize(exc: BaseException | str, lang: str) -> str:
    """The message of a user error (or a message text) in ``lang``; English text where Danish is missing."""
    if lang == "en":
        return str(exc)
    return _localized(exc)[0]


def untranslated(exc: BaseException | str) -> list[str]:
    """The parts of a message that have no Danish text (for the tests: must be empty)."""
    return _localized(exc)[1]


# -- the disclosure audit's findings --------------------------------------------------------------------------------
# A finding is an English sentence from disclosure/ (audit.py, check.py, solve.py). The catalogue (messages_da.py)
# words its frame; what is left are the units it names ("municipality 101", "area A0001", ids joined by "and"),
# worded here. Only in findings: elsewhere "area" may be part of a text that must not be touched.
FINDING_WORDS = {"nation DK": "hele landet", "municipality": "kommune", "areas": "områderne", "area": "område",
                 "and": "og"}
_FINDING_WORD = re.compile(r"\b(nation DK|municipality|areas|area|and)\b")
# the kinds of finding (disclosure/audit.py Issue.kind)
FINDING_KINDS: dict[str, tuple[str, str]] = {
    "primary": ("primær", "primary"), "suppressed_cell": ("diskretioneret celle", "suppressed cell"),
    "small_group": ("lille gruppe", "small group"), "small_remainder": ("lille rest", "small remainder"),
    "derived": ("afledt tal", "derived"), "criterion": ("kriterium", "criterion"),
    "inconsistent": ("modstridende tal", "inconsistent"),
}


def finding_text(text: str, lang: str) -> str:
    """One finding of the disclosure audit in ``lang`` (the CLI's audit, `run`'s refusal, the web import's)."""
    if lang == "en":
        return text
    return _FINDING_WORD.sub(lambda m: FINDING_WORDS[m[1]], localize(text, lang))


def finding_kind(kind: str, lang: str) -> str:
    da, en = FINDING_KINDS.get(kind, (kind, kind))
    return en if lang == "en" else da
