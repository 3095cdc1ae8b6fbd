"""obligations.yaml: provisions, not Q&A pages; no crime-based termination as a list obligation; clear errors."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from boligmonitor.errors import ParameterFileError
from boligmonitor.rules.obligations import _raw, obligations_in_force, parse_obligations
from boligmonitor.rules.parameters import default_parameters

QA_PAGES = ("bl.dk", "jura360", "spoergsmaal", "viden-kartotek")


def test_every_obligation_cites_a_provision_and_an_act_not_a_qa_page() -> None:
    for o in parse_obligations(_raw(), default_parameters()):
        assert o.provision.startswith(("Almenboligloven", "Almenlejeloven")), o.id
        assert not any(q in o.href for q in QA_PAGES), (o.id, o.href)
        for rule in o.persists:
            assert not any(q in rule.href for q in QA_PAGES), (rule.id, rule.href)


def test_crime_based_termination_is_not_a_list_obligation() -> None:
    # almenlejeloven § 90, stk. 1, nr. 10 applies to every almen tenancy, not to listed areas (ADR 0007)
    for o in parse_obligations(_raw(), default_parameters()):
        assert "§ 90" not in o.provision and "ophæv" not in (o.title.da + o.provision).lower(), o.id
    everything = {c: True for c in ("udsat_boligomraade", "parallelsamfund", "omdannelsesomraade")}
    ids = {o["id"] for o in obligations_in_force({2024: everything}, 2024)}
    assert not any("ophaev" in i or "kriminalitet" in i for i in ids)


def test_english_page_gets_english_obligations() -> None:
    history: dict[int, dict[str, bool | None]] = {2024: {"omdannelsesomraade": True}}
    plan = next(o for o in obligations_in_force(history, 2024, "en") if o["id"] == "udviklingsplan")
    assert plan["title"] == "Development plan: at most 40 % social family housing before 1 January 2030 (§ 168 a)"
    assert plan["why"] == "The area is on the list: Transformation area."


def _broken(edit: Any) -> Any:
    data = yaml.safe_load(yaml.safe_dump(_raw(), allow_unicode=True))
    edit(data)
    return data


@pytest.mark.parametrize(("edit", "words"), [
    (lambda d: d["obligations"][0].update(categories=["ghetto"]), "unknown categories ghetto"),
    (lambda d: d["obligations"][0].pop("provision"), "missing provision"),
    (lambda d: d["obligations"][0].update(in_force="2020-01-01"), "is not a date"),
    (lambda d: d["obligations"][1].update(lists={"from": 2019}), "after the period of its first list (2019)"),
    (lambda d: d["obligations"][3].update(persists=["stk9"]), "no persistence rule 'stk9'"),
    (lambda d: d["persistence"]["paragraf_168a_stk6"].update(latest="udviklingsplan/nope"), "udviklingsplan/nope"),
    (lambda d: d["obligations"][0].update(title={"da": "kun dansk"}), "needs a Danish and an English text"),
])
def test_broken_obligations_are_explained(edit: Any, words: str) -> None:
    with pytest.raises(ParameterFileError) as exc:
        parse_obligations(_broken(edit), default_parameters())
    assert words in str(exc.value) and "obligations.yaml" in str(exc.value)
