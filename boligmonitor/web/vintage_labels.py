"""The label of an imported vintage: what it holds, and enough of its identity to tell two deliveries apart.

Two bundles of the same data years and rules version (a corrected delivery, a re-run with another minimum) used to
get the same label, so the page of vintages, the preview and the footer could not say which one was which. The
label now ends with the first characters of the bundle's checksum (unique per vintage) and, should even those
coincide with another vintage's label, a longer part of it.

An automatic label is stored as what it is made of (:func:`label_parts`: data years, rules version, the part of the
checksum, synthetic or not) and worded in the page's language by :func:`render`: an English page says "rules" and
"SYNTHETIC DATA" where a Danish one says "regler" and "SYNTETISKE DATA". The Danish wording is also kept as text (the
default language; what uniqueness is checked on). A label an administrator typed has no parts and is shown as typed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from boligmonitor.rules.texts import Text

WORDS = Text("Data {first}–{last} · regler {rules}", "Data {first}–{last} · rules {rules}")
SYNTHETIC = Text("SYNTETISKE DATA", "SYNTHETIC DATA")
MAX_LENGTH = 200  # Vintage.label_text


def label_parts(data_years: tuple[int, int], rules_version: str, synthetic: bool, checksum_part: str | None
                ) -> dict[str, Any]:
    return {"data_years": [int(data_years[0]), int(data_years[1])], "rules_version": rules_version,
            "checksum": checksum_part, "synthetic": bool(synthetic)}


def render(parts: dict[str, Any], lang: str) -> str:
    """An automatic label in ``lang`` ("da" or "en")."""
    first, last = parts["data_years"]
    text = WORDS.format(first=first, last=last, rules=parts["rules_version"]).pick(lang)
    if parts.get("checksum"):
        text += f" · {parts['checksum']}"
    if parts.get("synthetic"):
        text += f" · {SYNTHETIC.pick(lang)}"
    return text[:MAX_LENGTH]


def vintage_label(data_years: tuple[int, int], rules_version: str, synthetic: bool, checksum: str,
                  taken: Callable[[str], bool]) -> tuple[str, dict[str, Any]]:
    """(the Danish text, the parts) of a new vintage's label; ``taken(text)`` says whether another vintage already
    carries the Danish text."""
    for width in (8, 12, 16, 64):
        parts = label_parts(data_years, rules_version, synthetic, checksum[:width])
        text = render(parts, "da")
        if not taken(text):
            return text, parts
    return text, parts  # the whole checksum is unique; reached only if a label was set by hand to exactly this
