"""The version history of a plan (/plans/<id>/revisions/): a discarded working copy is kept, and every version's
action and generated reason read as words in the page's language (the code only in the markup's title)."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from boligmonitor.web.plans import actions
from boligmonitor.web.plans.templatetags.plans_tags import version_action, version_why
from tests.web.plans import factories as f
from tests.web.plans.test_actions import _signed


def test_a_discarded_working_copy_stays_in_the_history(db: Any) -> None:
    editor = f.editor_of_plan_area()
    plan = _signed(editor)
    plan = actions.update(plan, "texts", lambda d: d.update(vision="Kasseret vision"), f.viewer(editor), editor)
    plan = actions.discard_revision(plan, f.viewer(editor), editor)
    assert plan.pending is None and plan.document["vision"] == "Visionen"
    last = plan.versions.order_by("-number").first()
    assert last.action == "revision:discarded" and not last.in_force
    assert last.document["vision"] == "Kasseret vision" and last.username == editor.username


@pytest.mark.parametrize(("code", "da", "en"), [
    ("create", "oprettet", "created"),
    ("update:goals", "rettet: Mål og indikatorer", "edited: Goals and indicators"),
    ("revision:3:proposed", "revision 3 foreslået til bestyrelsen", "revision 3 proposed to the board"),
    ("revision:3:approved", "revision 3 godkendt af bestyrelsen", "revision 3 approved by the board"),
    ("revision:discarded", "ændringer under arbejde kasseret", "changes in progress discarded"),
    ("something:new", "something:new", "something:new"),  # an unknown code is shown as it is, never hidden
])
def test_version_actions_read_as_words(code: str, da: str, en: str) -> None:
    with translation.override("da"):
        assert version_action(code) == da
    with translation.override("en"):
        assert version_action(code) == en


def test_generated_reasons_are_translated_and_typed_ones_kept() -> None:
    with translation.override("da"):
        assert version_why("report 2023: submitted") == "årlig opfølgning 2023: indsendt"
        assert version_why("Ny vision efter seminaret") == "Ny vision efter seminaret"
        assert version_why("imported from aftale.yaml") == "importeret fra aftale.yaml"
    with translation.override("en"):
        assert version_why("report 2023") == "annual follow-up 2023"


def test_the_history_page_shows_words_not_codes(db: Any) -> None:
    editor = f.editor_of_plan_area()
    plan = _signed(editor)
    actions.update(plan, "texts", lambda d: d.update(vision="Ny"), f.viewer(editor), editor)
    html = f.client(editor).get(f"/plans/{plan.pk}/revisions/").content.decode()
    assert "rettet: Aftalens tekster" in html and "<code>update:texts</code>" not in html
