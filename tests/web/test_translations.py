"""Every Danish text of the interface has an English translation, and the compiled catalogue is up to date."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

LOCALE = Path(__file__).resolve().parents[2] / "boligmonitor" / "web" / "locale"
ENTRY = re.compile(r'^msgid ((?:".*"\n)+)msgstr ((?:".*"\n?)+)', re.MULTILINE)


def _unquote(block: str) -> str:
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', block)).encode().decode("unicode_escape").encode(
        "latin-1").decode("utf-8")


def test_every_text_is_translated_and_compiled() -> None:
    po = (LOCALE / "en" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    entries = {_unquote(i): _unquote(s) for i, s in ENTRY.findall(po)}
    entries.pop("", None)
    assert len(entries) > 100
    assert [k for k, v in entries.items() if not v] == []
    assert "#, fuzzy" not in po
    with (LOCALE / "en" / "LC_MESSAGES" / "django.mo").open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    stale = [k for k, v in entries.items() if compiled.gettext(k) != v]
    assert stale == [], "run: make messages"
