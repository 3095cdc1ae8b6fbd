"""The web import runs the pipeline's attacker audit: a bundle that gives a suppressed cell away is refused."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from boligmonitor import api
from boligmonitor.disclosure.audit import AuditReport
from boligmonitor.disclosure.protect import Report
from boligmonitor.errors import BundleError
from boligmonitor.indicators import disclosure
from boligmonitor.runs import pipeline
from boligmonitor.web import models as m
from boligmonitor.web.actions import import_bundle


def _counts() -> tuple[int, ...]:
    return (m.Vintage.objects.count(), m.IndicatorValue.objects.count(), m.Classification.objects.count())


@pytest.fixture(scope="module")
def careless_bundle(synth_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What a tool with primary suppression only would publish: every small cell hidden, the rest subtractable."""
    out = tmp_path_factory.mktemp("careless") / "b"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(disclosure, "complementary", lambda *a, **k: Report())
        mp.setattr(pipeline, "audit_bundle", lambda *a, **k: AuditReport())
        api.run(synth_data, out)
    return out


def test_a_bundle_whose_suppressed_cells_can_be_worked_out_is_refused(db: Any, careless_bundle: Path) -> None:
    before = _counts()
    with pytest.raises(BundleError, match="disclosure audit can work out") as err:
        import_bundle(careless_bundle)
    assert "suppressed" in str(err.value)
    # in Danish all of it: the kinds of finding and the units the first finding names too
    danish = err.value.pick("da")
    assert "første fund" in danish
    assert not re.search(r"\b(municipality|area|areas|nation DK|primary|small group|suppressed cell)\b", danish), danish
    assert _counts() == before
    event = m.AuditEvent.objects.filter(action="import_failed").latest("pk")
    assert event.detail["reason"] == "disclosure_audit"


def test_a_bundle_without_the_catalogues_relations_is_refused(db: Any, synth_bundle: Path, tmp_path: Path) -> None:
    b = tmp_path / "b"
    shutil.copytree(synth_bundle, b)
    manifest = json.loads((b / "manifest.json").read_text(encoding="utf-8"))
    del manifest["catalogue"]
    (b / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    before = _counts()
    with pytest.raises(BundleError, match="catalogue"):
        import_bundle(b)
    assert _counts() == before
