"""The README's tour works as written: its example values file classifies, its web section has its own database."""

from __future__ import annotations

import re
from pathlib import Path

from boligmonitor import api

ROOT = Path(__file__).resolve().parents[2]


def test_the_example_values_file_classifies_and_its_columns_are_documented() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "classify --values examples/published_values.csv" in readme
    decisions = api.classify_values(ROOT / "examples" / "published_values.csv")
    assert any(d.member for d in decisions) and any(d.member is False for d in decisions)
    header = (ROOT / "examples" / "published_values.csv").read_text(encoding="utf-8").splitlines()[0].split(";")
    assert [c for c in header if f"| `{c}` |" not in readme] == []


def test_the_web_section_does_not_touch_the_demo_database() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    web = readme[readme.index("The web application"):]
    assert "DATABASE_URL=sqlite:///$PWD/var/tour-web.sqlite3" in web.split("boligmonitor-web migrate")[0]
    assert "DEMO_PORT" in readme and re.search(r"DEMO_PORT \?= 8000", (ROOT / "Makefile").read_text())
