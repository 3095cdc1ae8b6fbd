"""Importing never publishes; publishing is one explicit act, and the database keeps one published vintage even
when two workers publish at the same moment. The races run in real processes against a real database (a fresh
SQLite file, or a fresh PostgreSQL database when the suite runs on PostgreSQL)."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from boligmonitor.web import models as m
from boligmonitor.web.actions import import_bundle
from tests.web.bundles import copy_bundle, reseal, upload, zip_folder


def _redelivered(synth_bundle: Path, tmp_path: Path, note: str) -> Path:
    return reseal(copy_bundle(synth_bundle, tmp_path / note), note=note)


def test_importing_does_not_publish(db: Any, synth_bundle: Path, tmp_path: Path) -> None:
    published = m.Vintage.objects.get(published=True)
    publishes = m.AuditEvent.objects.filter(action="publish").count()
    result = import_bundle(_redelivered(synth_bundle, tmp_path, "second"))
    assert result.created and not result.vintage.published
    assert m.Vintage.objects.get(published=True) == published
    assert m.AuditEvent.objects.filter(action="publish").count() == publishes


def test_the_command_publishes_only_when_asked(db: Any, synth_bundle: Path, tmp_path: Path, capsys: Any) -> None:
    published = m.Vintage.objects.get(published=True)
    b = _redelivered(synth_bundle, tmp_path, "command")
    call_command("import_bundle", str(b))
    assert "ikke offentliggjort (brug --publish)" in capsys.readouterr().out
    assert m.Vintage.objects.get(published=True) == published
    call_command("import_bundle", str(b), "--publish", "--lang", "en")  # already imported: now published
    out = capsys.readouterr().out
    assert "Already imported" in out and "published" in out
    assert m.Vintage.objects.get(published=True).manifest["note"] == "command"


def test_an_upload_does_not_change_what_the_public_sees(client_for: Any, synth_bundle: Path, tmp_path: Path) -> None:
    published = m.Vintage.objects.get(published=True)
    r = client_for("admin").post("/import/", {"bundle": upload(zip_folder(_redelivered(synth_bundle, tmp_path,
                                                                                         "uploaded")))})
    assert r.status_code == 200
    assert "ikke offentliggjort" in r.content.decode()
    assert client_for("public").get("/lists.json").json()["vintage"]["id"] == published.pk


def test_the_database_refuses_a_second_published_vintage(db: Any) -> None:
    other = m.Vintage.objects.create(checksum="d" * 64, label="x", source="x", first_data_year=2006,
                                     last_data_year=2024, first_list_year=2010, last_list_year=2025,
                                     rules_version="x", code_version="x", minimum_count=5, manifest={})
    with pytest.raises(IntegrityError), transaction.atomic():
        m.Vintage.objects.filter(pk=other.pk).update(published=True)  # bypassing publish_vintage
    assert m.Vintage.objects.filter(published=True).count() == 1


# ------------------------------------------------------------------------------------------- races

RACER = """
import json, os, sys, time
import django
django.setup()
from pathlib import Path
from boligmonitor.web import actions

barrier, me, path, publish, step = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4] == "1", sys.argv[5]

def meet():
    # both processes get here before either goes on: the race the database has to settle
    (barrier / me).touch()
    deadline = time.time() + 120
    while len(list(barrier.iterdir())) < 2:
        if time.time() > deadline:
            sys.exit("the other process never arrived")
        time.sleep(0.005)

original = getattr(actions, step)
def racing(*args, **kwargs):
    meet()
    return original(*args, **kwargs)
setattr(actions, step, racing)
result = actions.import_bundle(path, publish=publish)
print(json.dumps({"created": result.created, "vintage": result.vintage.pk}))
"""

STATE = """
import json, django
django.setup()
from boligmonitor.web import models as m
print(json.dumps({"vintages": m.Vintage.objects.count(), "published": m.Vintage.objects.filter(published=True).count(),
                  "audit": sorted(m.AuditEvent.objects.values_list("action", flat=True))}))
"""


@pytest.fixture
def fresh_site(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A migrated database of its own for the racing processes, on the same kind of server as the suite."""
    env = {**os.environ, "BOLIGMONITOR_HOME": str(tmp_path), "DJANGO_SETTINGS_MODULE": "boligmonitor.web.settings",
           "BOLIGMONITOR_UPLOAD_DIR": str(tmp_path / "uploads")}
    drop = None
    if connection.vendor == "postgresql":
        import psycopg

        s = connection.settings_dict
        name = f"bm_race_{secrets.token_hex(4)}"
        server = psycopg.connect(host=s["HOST"], port=s["PORT"] or 5432, user=s["USER"], password=s["PASSWORD"],
                                 dbname="postgres", autocommit=True)
        server.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT'] or 5432}/{name}"

        def drop() -> None:
            server.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            server.close()
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'race.sqlite3'}"
    try:
        subprocess.run([sys.executable, "-m", "boligmonitor.web.manage", "migrate", "-v0"], env=env, check=True)
        yield env
    finally:
        if drop is not None:
            drop()


def _race(env: dict[str, str], tmp_path: Path, bundles: list[Path], publish: bool, step: str) -> list[dict[str, Any]]:
    barrier = tmp_path / f"barrier-{step}"
    barrier.mkdir()
    procs = [subprocess.Popen([sys.executable, "-c", RACER, str(barrier), str(i), str(b), "1" if publish else "0",
                               step], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for i, b in enumerate(bundles)]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err[-3000:]
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def _state(env: dict[str, str]) -> dict[str, Any]:
    out = subprocess.run([sys.executable, "-c", STATE], env=env, check=True, capture_output=True, text=True).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def test_the_same_bundle_imported_twice_at_once_is_imported_once(fresh_site: dict[str, str], synth_bundle: Path,
                                                                 tmp_path: Path) -> None:
    # both have checked that the bundle is new before either stores it
    results = _race(fresh_site, tmp_path, [synth_bundle, synth_bundle], publish=False, step="_store_once")
    assert sorted(r["created"] for r in results) == [False, True]
    assert results[0]["vintage"] == results[1]["vintage"]
    state = _state(fresh_site)
    assert state["vintages"] == 1 and state["published"] == 0
    assert state["audit"] == ["import", "import_unchanged"]


def test_two_bundles_published_at_once_leave_exactly_one_published(fresh_site: dict[str, str], synth_bundle: Path,
                                                                   tmp_path: Path) -> None:
    bundles = [_redelivered(synth_bundle, tmp_path, f"delivery-{i}") for i in (1, 2)]
    # both are imported, then both publish at the same moment
    results = _race(fresh_site, tmp_path, bundles, publish=True, step="publish_vintage")
    assert all(r["created"] for r in results)
    state = _state(fresh_site)
    assert state["vintages"] == 2
    assert state["published"] == 1
    assert state["audit"].count("publish") == 2
