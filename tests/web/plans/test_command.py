"""boligmonitor-web plan export/import/report: the plan file round trip, refusals that import nothing, the annual
report in the issue's shape, and the demo's plan files (the demo imports them with this command)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from boligmonitor.web.plans import models as pm
from tests.web.plans import factories as f

DEMO = Path(__file__).resolve().parents[3] / "boligmonitor" / "web" / "plans" / "demo"


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("plan", *args, stdout=out)
    return out.getvalue()


def test_export_import_round_trip_is_identical(db: Any, tmp_path: Path) -> None:
    plan = f.create(f.agreement_doc())
    out = tmp_path / "aftale.yaml"
    _run("export", str(plan.pk), "--out", str(out))
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# boligmonitor plan file") and "Beskæftigelse" in text  # UTF-8, not escaped
    original = plan.document
    pm.Plan.objects.all().delete()
    assert "Importeret" in _run("import", str(out))
    again = pm.Plan.objects.get(key="aftale-test")
    assert again.document == original
    out2 = tmp_path / "igen.yaml"
    _run("export", "aftale-test", "--out", str(out2))
    assert out2.read_text(encoding="utf-8") == text  # byte for byte
    assert again.versions.get().action == "import"


def test_an_existing_key_is_refused_unless_replace(db: Any, tmp_path: Path) -> None:
    plan = f.create(f.agreement_doc())
    out = tmp_path / "aftale.yaml"
    _run("export", str(plan.pk), "--out", str(out))
    with pytest.raises(CommandError, match="--replace"):
        _run("import", str(out))
    changed = out.read_text(encoding="utf-8").replace("title: En fælles indsats (test)", "title: Ny titel")
    out.write_text(changed, encoding="utf-8")
    assert "ny version" in _run("import", str(out), "--replace")
    plan.refresh_from_db()
    assert plan.title == "Ny titel" and plan.versions.count() == 2


@pytest.mark.parametrize(("change", "words"), [
    (lambda d: d["plan"].update(colour="red"), "colour"),
    (lambda d: d["plan"].update(areas=["NO-SUCH-AREA"]), "NO-SUCH-AREA"),
    (lambda d: d["plan"]["focus_areas"][0]["goals"][0]["measured_by"][0].update(indicator="nope"), "nope"),
    (lambda d: d["plan"]["budget"][0].update(activity="no-activity"), "no-activity"),
    (lambda d: d["plan"].update(funding_period="lbf_1999"), "lbf_1999"),
    (lambda d: d["plan"]["milestones"][0].update(due="31-12-2024"), "milestones[0].due"),
])
def test_broken_files_import_nothing(db: Any, tmp_path: Path, change: Any, words: str) -> None:
    plan = f.create(f.agreement_doc())
    out = tmp_path / "aftale.yaml"
    _run("export", str(plan.pk), "--out", str(out))
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    data["plan"]["key"] = "ny-noegle"
    change(data)
    out.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        _run("import", str(out))
    assert words in str(exc.value) and str(out) in str(exc.value)
    assert "nothing was imported" in str(exc.value).lower() or "intet blev importeret" in str(exc.value).lower()
    assert not pm.Plan.objects.filter(key="ny-noegle").exists()


def test_report_as_json_and_documents(db: Any, tmp_path: Path) -> None:
    plan = f.create(f.agreement_doc())
    year = plan.document["baseline_year"] + 1
    out = tmp_path / "r.json"
    _run("report", str(plan.pk), "--year", str(year), "--format", "json", "--out", str(out))
    report = json.loads(out.read_text(encoding="utf-8"))
    assert set(report) >= {"plan", "year", "vintage", "goals", "lists", "activities", "milestones", "budget",
                           "checks", "report"}
    row = next(g for g in report["goals"] if g["indicator"]["id"] == "outside_labour_18_64" and not g.get("fixed"))
    assert set(row["baseline"]) == {"year", "area", "municipality"} and row["target"]["kind"] == "relative"
    assert row["status"] in ("achieved", "on_track", "off_track", "not_achieved", "no_data", "suppressed")
    with pytest.raises(CommandError, match="--out"):
        _run("report", str(plan.pk), "--year", str(year), "--format", "xlsx")
    xlsx = tmp_path / "r.xlsx"
    _run("report", str(plan.pk), "--year", str(year), "--format", "xlsx", "--out", str(xlsx))
    assert xlsx.read_bytes()[:2] == b"PK"
    with pytest.raises(CommandError, match="ingen plan"):
        _run("report", "no-such-plan", "--year", str(year))


def test_the_demo_plan_files_import(db: Any) -> None:
    files = sorted(DEMO.glob("*.yaml"))
    assert len(files) == 2
    for path in files:
        assert "Importeret" in _run("import", str(path))
    kinds = dict(pm.Plan.objects.values_list("kind", "status"))
    assert kinds == {"agreement": "signed", "strategy": "published"}
    agreement = pm.Plan.objects.get(kind="agreement").document
    assert [r["status"] for r in agreement["reports"]] == ["approved", "draft"]
    assert "syntetisk" in agreement["title"] and "syntetisk" in pm.Plan.objects.get(kind="strategy").title


def test_a_broken_file_is_explained_in_danish_by_default_and_in_english_on_request(db: Any, tmp_path: Path) -> None:
    plan = f.create(f.agreement_doc())
    out = tmp_path / "aftale.yaml"
    _run("export", str(plan.pk), "--out", str(out))
    text = out.read_text(encoding="utf-8").replace("key: aftale-test", "key: ny-noegle").replace(
        "title: En fælles indsats (test)", "titel: En fælles indsats (test)")
    out.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError) as da:
        _run("import", str(out))
    assert str(da.value).startswith(f"{out}: planfilen kan ikke importeres (2 fejl); intet blev importeret")
    assert "plan.titel: Er ikke et felt i planen (stavefejl?). Ret: fjern nøglen, eller ret stavningen" in str(
        da.value)
    assert "plan.title: Skal udfyldes. Ret: tilføj nøglen" in str(da.value)
    with pytest.raises(CommandError) as en:
        _run("import", str(out), "--lang", "en")
    assert "the plan file cannot be imported (2 problem(s)); nothing was imported" in str(en.value)
    assert "plan.title: Field required. Fix: add the key" in str(en.value)
    assert not pm.Plan.objects.filter(key="ny-noegle").exists()
