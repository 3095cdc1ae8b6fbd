"""One error hierarchy for every face (CLI, Python API, later the web).

User errors carry a message meant for the person who gave the input and an exit code per class; anything else
is a bug and keeps its traceback. Messages never contain person-level values, only file, row, column and the
kind of value that was expected.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem found in an input: where it is, what was wrong, and how to fix it."""

    file: str
    message: str
    fix: str
    row: int | None = None
    column: str | None = None
    value: str | None = None

    def render(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column is not None:
            where += f", column '{self.column}'"
        shown = f" (value {self.value!r})" if self.value is not None else ""
        return f"{where}: {self.message}{shown}. Fix: {self.fix}"


class BoligmonitorError(Exception):
    """Base for errors we expect and can explain."""

    exit_code = 1


class UserError(BoligmonitorError):
    """Shown to the user without a traceback."""

    exit_code = 2


class InputFileError(UserError):
    """An input file or folder is missing, unreadable or does not follow the data contract."""

    exit_code = 3

    def __init__(self, problems: list[Problem], summary: str | None = None) -> None:
        self.problems = problems
        head = summary or f"{len(problems)} problem(s) found in the input; nothing was written"
        super().__init__(head + ":\n" + "\n".join("  - " + p.render() for p in problems))


class ParameterFileError(UserError):
    """A law parameter file is malformed (a bug in a release, or a local edit gone wrong)."""

    exit_code = 4


class ParameterNotInForce(UserError):
    """A parameter or rule was asked for a date that no dated value covers."""

    exit_code = 5


class BundleError(UserError):
    """An aggregate bundle is missing, incomplete or fails its checksums."""

    exit_code = 6


class NotFound(UserError):
    """An area, year or category that does not exist in the bundle."""

    exit_code = 7


SHOWN_VALUE_LIMIT = 40


def shorten(value: str, limit: int = SHOWN_VALUE_LIMIT) -> str:
    """A cell value fit for a message: a 5,000-digit number must not flood the terminal (nor hide the fix)."""
    if len(value) <= limit:
        return value
    return f"{value[: limit - 1]}… ({len(value):,} characters)"


class DisclosureAuditError(UserError):
    """The finished bundle failed its disclosure audit: something suppressed could be worked out. Nothing was
    written. Not expected from this pipeline; the message names what could be worked out (never its value)."""

    exit_code = 8
