"""The safe import: a new vintage is previewed against the published one before an administrator publishes it, with
an explicit confirmation; vintages carry labels that tell them apart; the pages about data keep banner and footer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from boligmonitor.web import models as m
from boligmonitor.web.actions import import_bundle
from tests.web.bundles import copy_bundle, edit_column, reseal


def _moved(synth_bundle: Path, tmp_path: Path) -> tuple[m.Vintage, tuple[int, str, str]]:
    """A redelivery in which one area's decision in the latest list year is the opposite: a known list change."""
    b = copy_bundle(synth_bundle, tmp_path / "moved")
    t = pq.read_table(b / "classifications.parquet")
    rows = t.to_pylist()
    last = max(r["list_year"] for r in rows if r["member"] is True)  # the latest list with an area on it
    i = next(i for i, r in enumerate(rows) if r["list_year"] == last and r["member"] is True)
    edit_column(b, "classifications.parquet", "member", lambda values, _: values.__setitem__(i, False))
    result = import_bundle(reseal(b, note="moved"))
    return result.vintage, (last, rows[i]["category"], rows[i]["area_id"])


def test_the_preview_names_every_list_change(client_for: Any, synth_bundle: Path, tmp_path: Path) -> None:
    published = m.Vintage.objects.get(published=True)
    new, (year, category, area) = _moved(synth_bundle, tmp_path)
    admin = client_for("admin")
    data = admin.get(f"/vintages/{new.pk}/preview.json").json()
    assert data["current"]["id"] == published.pk and data["vintage"]["id"] == new.pk
    assert data["changes_total"] == 1
    change = data["changes"][0]
    assert (change["list_year"], change["category"], change["area_id"]) == (year, category, area)
    assert (change["current"], change["new"], change["direction"]) == (True, False, "out")
    row = next(r for r in data["counts"] if (r["list_year"], r["category"]) == (year, category))
    assert row["difference"] == -1 and row["current"] == row["new"] + 1
    assert [r for r in data["counts"] if r["difference"]] == [row]
    facts = {f["key"]: f for f in data["facts"]}
    assert {"rules_version", "data_years", "list_years"} <= facts.keys()
    assert facts["label"]["new"] != facts["label"]["current"]
    assert not any(f["differs"] for f in data["facts"])  # the same data years, rules, minimum, areas, decisions
    page = admin.get(f"/vintages/{new.pk}/preview/").content.decode()
    assert 'name="confirm" value="yes" required' in page and f'name="replaces" value="{published.pk}"' in page
    assert m.Vintage.objects.get(published=True) == published  # looking changes nothing


def test_the_preview_of_an_identical_vintage_shows_no_change(client_for: Any, synth_bundle: Path,
                                                            tmp_path: Path) -> None:
    new = import_bundle(reseal(copy_bundle(synth_bundle, tmp_path / "same"), note="same")).vintage
    data = client_for("admin").get(f"/vintages/{new.pk}/preview.json").json()
    assert data["changes_total"] == 0 and all(r["difference"] == 0 for r in data["counts"])
    assert sum(r["new"] for r in data["counts"]) > 0


def test_publishing_needs_the_confirmation_and_the_preview_it_was_given(client_for: Any, synth_bundle: Path,
                                                                       tmp_path: Path) -> None:
    published = m.Vintage.objects.get(published=True)
    new = import_bundle(reseal(copy_bundle(synth_bundle, tmp_path / "next"), note="next")).vintage
    admin = client_for("admin")
    asked = admin.post("/vintages/", {"publish": new.pk, "replaces": published.pk})  # no confirmation
    assert asked.status_code == 200 and "Forhåndsvisning" in asked.content.decode()
    assert m.Vintage.objects.get(published=True) == published
    # another vintage was published since this preview: shown again, not published
    stale = admin.post("/vintages/", {"publish": new.pk, "confirm": "yes", "replaces": "none"})
    assert stale.status_code == 409 and m.Vintage.objects.get(published=True) == published
    assert admin.post("/vintages/", {"publish": new.pk, "confirm": "yes", "replaces": published.pk}
                      ).status_code == 302
    assert m.Vintage.objects.get(published=True) == new
    assert client_for("analyst").get(f"/vintages/{new.pk}/preview.json").status_code == 403


def test_labels_tell_vintages_apart(db: Any, synth_bundle: Path, tmp_path: Path) -> None:
    published = m.Vintage.objects.get(published=True)
    again = import_bundle(reseal(copy_bundle(synth_bundle, tmp_path / "again"), note="again")).vintage
    assert (again.first_data_year, again.rules_version) == (published.first_data_year, published.rules_version)
    assert again.label != published.label
    assert again.checksum[:8] in again.label and published.checksum[:8] in published.label
    assert f"{published.first_data_year}–{published.last_data_year}" in again.label


def test_pages_about_data_keep_the_banner_and_the_footer(client_for: Any) -> None:
    published = m.Vintage.objects.get(published=True)
    assert published.synthetic
    admin = client_for("admin")
    for url in ("/vintages/", "/import/", "/audit/", "/users/", "/tokens/", f"/vintages/{published.pk}/preview/",
                "/areas/NOSUCHAREA/", "/audit/?from=yesterday"):
        page = admin.get(url).content.decode()
        assert 'class="banner"' in page and "SYNTETISKE DATA — opdigtede" in page, url
        assert published.label in page and "diskretionering: mindst" in page, url
    public = client_for("public").get("/vintages/").content.decode()
    assert 'class="banner"' in public and published.label in public
