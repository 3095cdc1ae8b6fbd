"""Why an import was refused, in Danish and English, with a short code for the audit log.

Every refusal names the file (as the administrator knows it: the uploaded zip or the bundle folder), and where it
applies the row and column, what was expected and how to fix it. Bundles hold aggregates only, so a message may
name an area, a year and an indicator; it never repeats a small number it refuses.
"""

from __future__ import annotations

from boligmonitor.errors import BundleError
from boligmonitor.rules.texts import Text

FIX_RERUN = Text("kør 'boligmonitor run' igen og importér den nye bundle",
                 "run 'boligmonitor run' again and import the new bundle")


class ImportRefused(BundleError):
    """A bundle or upload the web application will not import. Nothing has been written when this is raised."""

    def __init__(self, kind: str, text: Text) -> None:
        self.kind = kind
        self.text = text
        super().__init__(text.en)

    def pick(self, lang: str) -> str:
        return self.text.pick(lang)


def where(file: str, row: int | None = None, column: str | None = None) -> Text:
    """``file, row 3, column 'x'`` in both languages (rows count from 1, the first data row)."""
    da = en = file
    if row is not None:
        da += f", række {row}"
        en += f", row {row}"
    if column is not None:
        da += f", kolonne '{column}'"
        en += f", column '{column}'"
    return Text(da, en)


def refuse(kind: str, at: Text, problem: Text, fix: Text = FIX_RERUN) -> ImportRefused:
    """The one message shape: where, what was wrong (and expected), how to fix it; nothing was imported."""
    return ImportRefused(kind, Text(f"{at.da}: {problem.da}. Sådan retter du det: {fix.da}. Intet blev importeret.",
                                    f"{at.en}: {problem.en}. Fix: {fix.en}. Nothing was imported."))


def rows_text(rows: list[int], total: int) -> Text:
    """``rows 4, 9, 17 (and 120 more)``: a few examples, never a list of thousands."""
    shown = ", ".join(str(r) for r in rows)
    more = total - len(rows)
    if len(rows) == 1 and total == 1:
        return Text(f"række {shown}", f"row {shown}")
    return Text(f"rækkerne {shown}" + (f" (og {more} flere)" if more > 0 else ""),
                f"rows {shown}" + (f" (and {more} more)" if more > 0 else ""))
