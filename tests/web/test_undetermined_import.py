"""A decision the pipeline could not make (member null, a criterion's met null: e.g. an area with no 18-64-year-olds)
imports as null, and no page, JSON twin, download or API answer breaks on it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa

from boligmonitor.web import models as m
from boligmonitor.web.actions import import_bundle
from tests.web.bundles import copy_bundle, edit_column, reseal

UNDETERMINED_ROWS = range(0, 40, 4)


def _undetermined_bundle(synth_bundle: Path, tmp_path: Path) -> Path:
    b = copy_bundle(synth_bundle, tmp_path / "b")

    def member(values: list[Any], t: pa.Table) -> None:
        for i in UNDETERMINED_ROWS:
            values[i] = None

    def criteria(values: list[Any], t: pa.Table) -> None:
        for i in UNDETERMINED_ROWS:
            items = json.loads(values[i])
            items[0]["met"] = None
            values[i] = json.dumps(items)

    edit_column(b, "classifications.parquet", "member", member)
    edit_column(b, "classifications.parquet", "criteria_json", criteria)
    return reseal(b, note="undetermined")


def test_undetermined_decisions_import_and_every_face_answers(client_for: Any, synth_bundle: Path,
                                                              tmp_path: Path) -> None:
    v = import_bundle(_undetermined_bundle(synth_bundle, tmp_path)).vintage
    rows = list(m.Classification.objects.filter(vintage=v, member__isnull=True).values("area_id", "list_year",
                                                                                         "category", "criteria"))
    assert len(rows) == len(UNDETERMINED_ROWS)
    assert all(r["criteria"][0]["met"] is None for r in rows)
    c = client_for("analyst")
    for r in rows:
        a, y = r["area_id"], r["list_year"]
        q = f"vintage={v.pk}&year={y}"
        for url in (f"/areas/{a}/?{q}", f"/areas/{a}.json?{q}", f"/lists/?{q}", f"/lists.json?{q}",
                    f"/lists.csv?{q}", f"/lists.xlsx?{q}", f"/api/lists?{q}", f"/map/?{q}", f"/map.json?{q}",
                    f"/lists.json?vintage={v.pk}&year={min(y + 1, v.last_list_year)}"):
            assert c.get(url).status_code == 200, url
        api = c.get(f"/api/areas/{a}?{q}")
        assert api.status_code == 200, api.content
        decision = next(d for d in api.json()["explanation"]["decisions"] if d["category"] == r["category"])
        assert decision["member"] is None
        assert decision["criteria"][0]["met"] is None
    first = rows[0]
    for url in (f"/areas/{first['area_id']}.pdf?vintage={v.pk}&year={first['list_year']}",
                f"/lists.pdf?vintage={v.pk}&year={first['list_year']}"):
        assert c.get(url).status_code == 200, url
