"""The label of an imported vintage: what it holds, and enough of its identity to tell two deliveries apart.

Two bundles of the same data years and rules version (a corrected delivery, a re-run with another minimum) used to
get the same label, so the page of vintages, the preview and the footer could not say which one was which. The
label now ends with the first characters of the bundle's checksum (unique per vintage) and, should even those
coincide with another vintage's label, a longer part of it.
"""

from __future__ import annotations

from collections.abc import Callable


def vintage_label(data_years: tuple[int, int], rules_version: str, synthetic: bool, checksum: str,
                  taken: Callable[[str], bool]) -> str:
    """``taken(label)`` says whether another vintage already carries ``label``."""
    base = f"Data {data_years[0]}–{data_years[1]} · regler {rules_version}"
    tail = " · SYNTETISKE DATA" if synthetic else ""
    for width in (8, 12, 16, 64):
        label = f"{base} · {checksum[:width]}{tail}"[:200]
        if not taken(label):
            return label
    return label  # the whole checksum is unique; reached only if a label was set by hand to exactly this
