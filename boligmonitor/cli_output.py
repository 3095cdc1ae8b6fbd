"""What the CLI's read commands write: the same labelled rows in every format, in the chosen language.

A table, a CSV, a JSON document and an XLSX sheet of one command carry the same information: labels (never only
ids), the law's own reference for each threshold, comparators as ≥ and ≤, the language's number conventions (Danish
CSV: ``;`` and decimal comma) and the synthetic-data marker when the data are synthetic.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rich.console import Console

from boligmonitor.output import to_csv, xlsx_bytes

COMPARATORS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "==": "="}
WORDS: dict[str, tuple[str, str]] = {
    "wrote": ("Skrev {n} rækker til {path}", "Wrote {n} rows to {path}"),
    "wrote_one": ("Skrev 1 række til {path}", "Wrote 1 row to {path}"),
    "yes": ("ja", "yes"), "no": ("nej", "no"),
}


def word(key: str, lang: str) -> str:
    da, en = WORDS[key]
    return en if lang == "en" else da


def comparator(op: str | None) -> str:
    return "" if op is None else COMPARATORS.get(op, op)


def count(n: int, lang: str) -> str:
    """A whole number as the language writes it: 12.345 in Danish, 12,345 in English."""
    text = f"{n:,}"
    return text if lang == "en" else text.replace(",", ".")


def wrote(n: int, path: Any, lang: str) -> str:
    """"Skrev 12 rækker til …", in the singular for one row."""
    return word("wrote_one", lang).format(path=path) if n == 1 else word("wrote", lang).format(n=count(n, lang),
                                                                                               path=path)


def write(rows: list[dict[str, Any]], fmt: str, out: Console, lang: str, banner: str, sheet: str,
          output: Path | None = None, doc: dict[str, Any] | None = None) -> None:
    """csv / json / xlsx of labelled rows: the banner as the first line (CSV), first row (XLSX) or a field (JSON)."""
    if fmt == "xlsx":
        target = output or Path("boligmonitor.xlsx")
        target.write_bytes(xlsx_bytes(rows, sheet=sheet, banner=banner,
                                      yes_no=(word("yes", lang), word("no", lang))))
        out.print(wrote(len(rows), target, lang), highlight=False)
        return
    if fmt == "json":
        body = {"synthetic": bool(banner), **({"notice": banner} if banner else {}), **(doc or {}), "rows": rows}
        text = json.dumps(body, ensure_ascii=False, indent=2, default=str) + "\n"
    else:
        text = to_csv(rows, delimiter=";" if lang == "da" else ",", decimal="," if lang == "da" else ".",
                      yes_no=(word("yes", lang), word("no", lang)), banner=banner)
    if output:
        output.write_text(text, encoding="utf-8")
        out.print(wrote(len(rows), output, lang), highlight=False)
    else:
        print(text, end="")
