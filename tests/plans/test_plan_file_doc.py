"""docs/plan-file.md is generated from the model: every field of every block is described and the file is current."""

from __future__ import annotations

from pathlib import Path

from boligmonitor.plans.schema_doc import NOTES, _models, plan_file_doc

DOC = Path(__file__).resolve().parents[2] / "docs" / "plan-file.md"


def test_every_field_is_described() -> None:
    missing = [f"{m.__name__}.{name}" for m in _models() for name, f in m.model_fields.items()
               if not f.description and f"{m.__name__}.{name}" not in NOTES]
    assert missing == []


def test_the_committed_doc_is_current() -> None:
    assert DOC.read_text(encoding="utf-8") == plan_file_doc(), "run `make docs`"


def test_every_block_has_a_section() -> None:
    text = plan_file_doc()
    for m in _models():
        assert f"\n### {m.__name__}\n" in text
