"""Lists you can trust at a glance (issue 12 §3): computed lists say they are computed from the data vintage and are
not the ministry's official list, in every form; the list date is the rules' own (2010-2012 were not 1 December);
the change reads as a word in the reader's language, also in the downloads."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import load_workbook

from boligmonitor.rules import list_date
from boligmonitor.web import models as m


def _rows(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def test_every_form_of_the_lists_says_they_are_computed_not_official(client_for: Any) -> None:
    c = client_for("public")
    label = m.Vintage.objects.get(published=True).label
    da = f"Beregnet af boligmonitor ud fra dataudgaven {label} – ikke ministeriets officielle liste."
    assert da in c.get("/lists/").content.decode()
    assert c.get("/lists.json").json()["computed_note"] == da
    assert da in _rows(c.get("/lists.csv").content)[0][0]
    book = load_workbook(io.BytesIO(c.get("/lists.xlsx").content))
    assert {r[0].value: r[1].value for r in book["Om data"].iter_rows()}["Lister"] == da
    en = c.get("/lists/?lang=en").content.decode()
    label = m.Vintage.objects.get(published=True).label_in("en")  # the automatic label in the page's language
    assert f"Computed by boligmonitor from the data vintage {label} – not the ministry&#x27;s official list." in en


def test_the_list_date_is_the_rules_own(client_for: Any) -> None:
    c = client_for("public")
    v = m.Vintage.objects.get(published=True)
    for year in (2010, 2011, 2012, 2013, v.last_list_year):
        if not v.first_list_year <= year <= v.last_list_year:
            continue
        day = list_date(year)
        page = c.get(f"/lists.json?year={year}").json()
        assert page["list_date"] == day.isoformat()
        assert (page["list_date_text"] == "26. oktober 2010") == (year == 2010)
        assert ("1. december" in page["list_date_text"]) == (year >= 2013), year
        assert page["list_date_text"] in c.get(f"/lists/?year={year}").content.decode()


def test_the_change_is_a_word_in_danish_downloads_and_in_english_pages(client_for: Any) -> None:
    c = client_for("analyst")  # many downloads in a row: the public's are rationed
    v = m.Vintage.objects.get(published=True)
    seen_da, seen_en = set(), set()
    for year in range(v.first_list_year, v.last_list_year + 1):
        rows = _rows(c.get(f"/lists.csv?year={year}").content)
        header = rows[1]
        seen_da |= {r[header.index("Ændring")] for r in rows[2:]}
        en = list(csv.reader(io.StringIO(c.get(f"/lists.csv?year={year}&lang=en").content.decode("utf-8-sig"))))
        seen_en |= {r[en[1].index("Change")] for r in en[2:]}
    assert seen_da and seen_da <= {"fortsat", "ny på listen", "udgået", "kan ikke afgøres"}
    assert seen_en and seen_en <= {"stays", "new on the list", "left", "cannot be decided"}
