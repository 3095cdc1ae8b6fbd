"""Every protection of docs/data-protection.md is caught by the audit when it is switched off.

Each case runs the pipeline on the same small synthetic Denmark with one protection disabled (and the pipeline's
own refusal disabled, so the careless bundle is written), then audits that bundle as the web import does. With the
protection on, the same data gives a bundle the audit passes (the last case)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow.parquet as pq
import pytest

from boligmonitor import api
from boligmonitor.disclosure import workers
from boligmonitor.disclosure.audit import AuditReport, audit_bundle
from boligmonitor.disclosure.knowledge import Spaces, Unit, YearKnowledge
from boligmonitor.disclosure.protect import Protector, Report
from boligmonitor.indicators import disclosure
from boligmonitor.runs import pipeline


@pytest.fixture(scope="module")
def small_denmark(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("denmark")
    api.synth(out, scale=0.005, years=(2014, 2024), seed=5)
    return out


def _no_primary(original: Callable[..., None]) -> Callable[..., None]:
    def run(t: Any, j: int, ind: Any, s: Any) -> None:
        original(t, j, ind, s)
        t.sup[:, j] = 0
    return run


def _no_derived(original: Callable[..., None]) -> Callable[..., None]:
    def run(t: Any, d: Any) -> None:
        original(t, d)
        t.sup[:, t.col[d.id]] = 0
    return run


def _no_primary_nor_complementary(mp: pytest.MonkeyPatch) -> None:
    # Complementary suppression alone also hides a published small count (it is a small group anyone can read),
    # so primary suppression is caught by the audit only when both are off; tests/unit/test_disclosure.py checks
    # the primary code on its own.
    mp.setattr(disclosure, "_primary", _no_primary(disclosure._primary))
    mp.setattr(disclosure, "complementary", lambda *a, **k: Report())


SWITCHES: dict[str, tuple[Callable[[pytest.MonkeyPatch], None], str]] = {
    "primary suppression": (_no_primary_nor_complementary, "primary"),
    "complementary suppression": (lambda mp: mp.setattr(disclosure, "complementary", lambda *a, **k: Report()),
                                  "suppressed_cell"),
    "derived values marked": (lambda mp: mp.setattr(disclosure, "_derived", _no_derived(disclosure._derived)),
                              "derived"),
    "criteria withheld": (lambda mp: mp.setattr(pipeline, "withheld", lambda *a, **k: None), "criterion"),
}


def _audit(bundle: Path) -> AuditReport:
    return audit_bundle(pq.read_table(bundle / "indicators.parquet"), pq.read_table(bundle / "classifications.parquet"),
                        json.loads((bundle / "registry.json").read_text()),
                        json.loads((bundle / "manifest.json").read_text())["catalogue"], 5)


@pytest.mark.parametrize("protection", sorted(SWITCHES))
def test_switching_a_protection_off_is_caught(small_denmark: Path, tmp_path: Path, protection: str) -> None:
    switch_off, kind = SWITCHES[protection]
    with pytest.MonkeyPatch.context() as mp:
        switch_off(mp)
        mp.setattr(pipeline, "audit_bundle", lambda *a, **k: AuditReport())
        api.run(small_denmark, tmp_path / "b")
    report = _audit(tmp_path / "b")
    assert report.counts().get(kind, 0) > 0, report.counts()


def test_with_every_protection_on_the_audit_finds_nothing(small_denmark: Path, tmp_path: Path) -> None:
    api.run(small_denmark, tmp_path / "b")  # the pipeline's own audit would refuse to write
    report = _audit(tmp_path / "b")
    assert report.ok, report.summary()
    assert report.suppressed_cells > 0
    assert np.isfinite(report.checked_cells)


def test_the_pipeline_refuses_to_write_a_bundle_that_fails_its_audit(small_denmark: Path, tmp_path: Path) -> None:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(disclosure, "complementary", lambda *a, **k: Report())
        with pytest.raises(Exception) as err:
            api.run(small_denmark, tmp_path / "b")
    assert getattr(err.value, "exit_code", None) == 8 and "disclosure audit failed" in str(err.value)
    assert not (tmp_path / "b").exists()


@pytest.mark.parametrize(("scale", "seed"), [(0.003, 11), (0.02, 3)])
def test_the_audit_finds_nothing_at_other_scales_and_seeds(tmp_path: Path, scale: float, seed: int) -> None:
    """Beside the 0.005/seed 5 Denmark above and the session's 0.01/seed 7 one: tiny municipalities (many small
    cells, long chains of complementary suppression) and a larger country."""
    api.synth(tmp_path / "d", scale=scale, years=(2019, 2024), seed=seed)
    api.run(tmp_path / "d", tmp_path / "b")
    report = _audit(tmp_path / "b")
    assert report.ok, report.summary()
    assert report.suppressed_cells > 0


def test_the_cli_audits_a_bundle(small_denmark: Path, tmp_path: Path) -> None:
    """`boligmonitor audit` passes what run writes and names, with exit code 8, what a careless bundle gives away."""
    import subprocess
    import sys

    api.run(small_denmark, tmp_path / "good")
    ok = subprocess.run([sys.executable, "-m", "boligmonitor.cli", "audit", "--bundle", str(tmp_path / "good"),
                         "--lang", "en"], capture_output=True, text=True)
    assert ok.returncode == 0 and "nothing can be worked out" in ok.stdout, ok.stderr
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(disclosure, "complementary", lambda *a, **k: Report())
        mp.setattr(pipeline, "audit_bundle", lambda *a, **k: AuditReport())
        api.run(small_denmark, tmp_path / "careless")
    bad = subprocess.run([sys.executable, "-m", "boligmonitor.cli", "audit", "--bundle", str(tmp_path / "careless"),
                          "--format", "json"], capture_output=True, text=True)
    assert bad.returncode == 8, bad.stderr
    findings = json.loads(bad.stdout)
    assert any(f["kind"] == "suppressed_cell" for f in findings) and "value" not in findings[0]


# -- disclosure control in worker processes (docs/adr/0008, addendum) --------------------------------------------

def _bundle_checksums(bundle: Path) -> dict[str, str]:
    return dict(json.loads((bundle / "manifest.json").read_text())["checksums"])


def test_one_and_two_worker_processes_write_the_same_bundle(small_denmark: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Years are protected in forked workers whose decisions the parent merges: with the merge left out, the
    two-worker bundle would publish what the workers hid."""
    for n in ("1", "2"):
        monkeypatch.setenv(workers.ENV, n)
        api.run(small_denmark, tmp_path / n)
    assert _bundle_checksums(tmp_path / "1") == _bundle_checksums(tmp_path / "2")
    codes = pq.read_table(tmp_path / "2" / "indicators.parquet", columns=["suppression"]).column(0).to_pylist()
    assert sum(c is not None and c.startswith("secondary_") for c in codes) > 0  # the workers did decide something


def test_the_audit_in_two_worker_processes_finds_what_it_finds_in_one(small_denmark: Path, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(disclosure, "complementary", lambda *a, **k: Report())
        mp.setattr(pipeline, "audit_bundle", lambda *a, **k: AuditReport())
        api.run(small_denmark, tmp_path / "careless")
    reports = {}
    for n in ("1", "2"):
        monkeypatch.setenv(workers.ENV, n)
        reports[n] = _audit(tmp_path / "careless")
    assert reports["1"].issues == reports["2"].issues
    assert reports["2"].counts().get("suppressed_cell", 0) > 0


def test_knowledge_updated_pass_by_pass_equals_knowledge_built_afresh(small_denmark: Path, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The protection loop rebuilds a year's knowledge only where a pass hid cells; every time, it must answer
    exactly what knowledge built from nothing answers, for every unit and every group of atoms."""
    monkeypatch.setenv(workers.ENV, "1")  # the comparisons are collected in this process
    original = Protector.knowledge
    compared = {"updated": 0, "answers": 0}
    wrong: list[str] = []

    def checked(self: Protector, year: int) -> tuple[YearKnowledge, dict[Unit, int]]:
        updated = (year, 0) in self.spaces.blocks
        k, rows = original(self, year)
        fresh = YearKnowledge(Spaces(self.lin), k.geo, dict(k.patterns))
        for u in sorted(k.patterns):
            compared["answers"] += 1
            if not np.array_equal(k.determined_unit(u), fresh.determined_unit(u)):
                wrong.append(f"{year} {u}")
        for ci, c in enumerate(k.geo.clusters):
            for g in c.groups:
                compared["answers"] += 1
                if not np.array_equal(k.determined_atoms(ci, g), fresh.determined_atoms(ci, g)):
                    wrong.append(f"{year} cluster {c.areas} atoms {g}")
        compared["updated"] += updated
        return k, rows

    monkeypatch.setattr(Protector, "knowledge", checked)
    api.run(small_denmark, tmp_path / "b")
    assert not wrong, wrong[:10]
    assert compared["updated"] > 0 and compared["answers"] > 0, compared
