"""A vintage's automatic label is stored as what it is made of and worded in the page's language; a typed label is
shown as typed; migration 0007 splits the labels earlier versions stored as Danish text."""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from boligmonitor.web import models as m
from tests.web.bundles import copy_bundle, reseal


def _page(client: Any, url: str) -> str:
    return html.unescape(client.get(url).content.decode())


def test_an_automatic_label_is_worded_in_the_pages_language(client_for: Any) -> None:
    v = m.Vintage.objects.get(published=True)
    assert v.synthetic and v.label_parts is not None  # stored as its parts ...
    assert v.label_parts["checksum"] == v.checksum[:8] and v.label_parts["rules_version"] == v.rules_version
    da, en = v.label_in("da"), v.label_in("en")  # ... and worded per language
    years = f"Data {v.first_data_year}–{v.last_data_year}"
    assert da == f"{years} · regler {v.rules_version} · {v.checksum[:8]} · SYNTETISKE DATA" == v.label_text
    assert en == f"{years} · rules {v.rules_version} · {v.checksum[:8]} · SYNTHETIC DATA"
    for role in ("public", "analyst"):
        c = client_for(role)
        for url in ("/vintages/", "/lists/", "/composite/"):  # the table of vintages and the footer of every page
            assert da in _page(c, url) and en not in _page(c, url), (role, url)
            english = _page(c, url + "?lang=en")
            assert en in english and "· regler " not in english and "SYNTETISKE DATA ·" not in english, (role, url)
        assert c.get("/vintages.json?lang=en").json()["vintages"][0]["label"] == en
        assert c.get("/api/vintages?lang=en").json()["vintages"][0]["label"] == en


def test_cached_index_results_follow_the_pages_language(client_for: Any) -> None:
    """The index result is cached per worker whatever the language; the label it carries is worded per request."""
    v = m.Vintage.objects.get(published=True)
    c = client_for("analyst")
    for lang in ("da", "en", "da"):
        method = c.get(f"/composite.json?preset=imd&lang={lang}").json()["method"]
        assert method["vintage"] == v.label_in(lang) and v.label_in(lang) in method["text"]


def test_a_typed_label_is_shown_as_typed(client_for: Any, synth_bundle: Path, tmp_path: Path) -> None:
    typed = "Levering fra DST, marts 2026 (rettet)"
    call_command("import_bundle", str(reseal(copy_bundle(synth_bundle, tmp_path / "typed"), note="typed")),
                 "--label", f"  {typed} ")
    v = m.Vintage.objects.get(label_text=typed)
    assert v.label_parts is None and v.label_in("da") == v.label_in("en") == typed
    imported = m.AuditEvent.objects.get(action="import", detail__vintage=v.pk)  # the command is the actor
    assert imported.username == "" and imported.detail["via"] == "command_line"
    assert client_for("admin").get("/audit.json?action=import").json()["events"][0]["actor"] == "kommandolinjen"
    with pytest.raises(CommandError, match="højst 200 tegn"):
        call_command("import_bundle", str(synth_bundle), "--label", "x" * 201)
    analyst = client_for("analyst")
    for lang in ("da", "en"):
        assert typed in _page(analyst, f"/vintages/?lang={lang}")
        assert _page(analyst, f"/lists/?vintage={v.pk}&lang={lang}").count(typed) >= 1


def _migrate_script(db_url: str) -> str:
    """Migrate a fresh database to 0006, store vintages as earlier versions did, migrate on; print the result."""
    return f"""
import json, os
os.environ["DATABASE_URL"] = {db_url!r}
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "boligmonitor.web.settings")
import django
django.setup()
from django.core.management import call_command
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
call_command("migrate", "monitor", "0006", verbosity=0)
rows = [  # checksum, label as stored, synthetic, data years, rules
    ("a" * 64, "Data 2018–2024 · regler R1 · SYNTETISKE DATA", True, 2018, 2024, "R1"),  # before 0006
    ("b" * 64, "Data 2018–2024 · regler R1 · SYNTETISKE DATA · bbbbbbbb", True, 2018, 2024, "R1"),  # 0006's tail
    ("c" * 64, "Data 2010–2023 · regler R2.x+y · cccccccc", False, 2010, 2023, "R2.x+y"),  # since 0006
    ("d" * 64, "Data 2010–2023 · regler R2 · dddddddddddd · SYNTETISKE DATA", True, 2010, 2023, "R2"),
    ("e" * 64, "Levering marts · rettet", False, 2010, 2023, "R2"),  # typed by hand
    ("f" * 64, "Data 2010–2023 · regler R9 · ffffffff", False, 2010, 2023, "R2"),  # looks automatic, is not
]
with connection.cursor() as cur:
    for checksum, label, synthetic, first, last, rules in rows:
        cur.execute("INSERT INTO monitor_vintage (checksum, label, imported_at, source, synthetic, first_data_year, "
                    "last_data_year, first_list_year, last_list_year, rules_version, code_version, minimum_count, "
                    "published, manifest, outline_attribution) VALUES (%s, %s, CURRENT_TIMESTAMP, 'x', %s, %s, %s, "
                    "%s, %s, %s, 'c', 5, %s, '{{}}', '')",
                    [checksum, label, synthetic, first, last, first + 1, last + 1, rules, False])
call_command("migrate", verbosity=0)
from boligmonitor.web import models as m
print(json.dumps({{v.checksum[0]: [v.label_in("da"), v.label_in("en"), v.label_parts]
                  for v in m.Vintage.objects.all()}}))
call_command("migrate", "monitor", "0006", verbosity=0)  # and back: the Danish text is still there
with connection.cursor() as cur:
    cur.execute("SELECT checksum, label FROM monitor_vintage")
    print(json.dumps({{c[0]: label for c, label in cur.fetchall()}}))
"""


def test_migration_0007_splits_the_labels_earlier_versions_stored(tmp_path: Path) -> None:
    db_url = os.environ.get("LABELS_MIGRATION_DATABASE_URL") or f"sqlite:///{tmp_path / 'old.sqlite3'}"
    out = subprocess.run([sys.executable, "-c", _migrate_script(db_url)], capture_output=True, text=True,
                         env={**os.environ, "BOLIGMONITOR_HOME": str(tmp_path)}, check=True).stdout.splitlines()
    after, back = json.loads(out[-2]), json.loads(out[-1])
    assert after["a"][:2] == ["Data 2018–2024 · regler R1 · SYNTETISKE DATA",
                              "Data 2018–2024 · rules R1 · SYNTHETIC DATA"]
    assert after["b"][:2] == ["Data 2018–2024 · regler R1 · bbbbbbbb · SYNTETISKE DATA",
                              "Data 2018–2024 · rules R1 · bbbbbbbb · SYNTHETIC DATA"]  # one order for both forms
    assert after["c"][1] == "Data 2010–2023 · rules R2.x+y · cccccccc"
    assert after["c"][2] == {"data_years": [2010, 2023], "rules_version": "R2.x+y", "checksum": "cccccccc",
                             "synthetic": False}
    assert after["d"][1] == "Data 2010–2023 · rules R2 · dddddddddddd · SYNTHETIC DATA"
    assert after["e"] == ["Levering marts · rettet", "Levering marts · rettet", None]  # typed: as typed
    assert after["f"] == ["Data 2010–2023 · regler R9 · ffffffff"] * 2 + [None]  # its rules are not the row's
    assert back["b"] == "Data 2018–2024 · regler R1 · bbbbbbbb · SYNTETISKE DATA" and back["e"] == after["e"][0]


def test_the_label_column_keeps_its_name(db: Any) -> None:
    """Only Django's name for the field changed: the column is still 'label' (no copy of the data, no rebuild)."""
    with connection.cursor() as cur:
        columns = [c.name for c in connection.introspection.get_table_description(cur, "monitor_vintage")]
    assert "label" in columns and "label_text" not in columns and "label_parts" in columns
