"""Plan files: round trip (export → import → identical) and a corpus of broken files, each refused with the file,
the path inside it, what was expected and how to fix it — and nothing returned."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from boligmonitor.plans.files import MAX_BYTES, PlanFileError, dump_plan, load_plan_file, load_plan_text
from boligmonitor.plans.model import PlanFile, Strategy

from .fakes import TableData, agreement

HERE = Path(__file__).parent
BROKEN = sorted((HERE / "broken").glob("*.yaml"))


def vintage() -> TableData:
    return TableData({("area", "H1", 2020, "outside_labour_18_64"): 0.4, ("area", "H1", 2020, "daycare_1_5"): 0.9},
                     years=[2020, 2021, 2022])


def strategy() -> Strategy:
    return Strategy.model_validate({
        "key": "horsens", "title": "Fælles strategi for udsatte boligområder", "municipality": 330,
        "organisations": ["Boligselskabet"], "period": {"start": dt.date(2019, 1, 1), "end": dt.date(2030, 12, 31)},
        "vision": "Ingen udsatte boligområder i 2030.\nAlle skal have lige muligheder.",
        "scope": {"all_almen_areas": True}, "baseline_year": 2020,
        "focus_areas": [{"key": "arbejde", "title": "Flere i arbejde", "goals": [
            {"key": "job", "title": "Beskæftigelse på kommunens niveau", "measured_by": [
                {"indicator": "outside_labour_18_64", "target": {"kind": "relative", "by": 2030}},
                {"indicator": "lists", "target": {"kind": "list", "lists": ["udsat_boligomraade"], "at_most": 0,
                                                  "by": 2030}}]},
            {"key": "trivsel", "title": "Tryghed", "measured_by": [
                {"indicator": "tryghed_lokal", "label": "Andel trygge (egen måling)",
                 "target": {"kind": "change", "change": 0.1, "by": 2026}}]}]}],
        "manual_values": [{"indicator": "tryghed_lokal", "year": 2020, "value": 0.71, "source": "Egen survey 2020",
                           "respondents": 420}],
    })


@pytest.mark.parametrize("plan", [agreement(vision="Æ ø å — “citat”"), strategy()], ids=["agreement", "strategy"])
def test_round_trip_export_import_identical(plan: object) -> None:
    pf = PlanFile(plan=plan)  # type: ignore[arg-type]
    text = dump_plan(pf)
    again = load_plan_text(text, "x.yaml", vintage())
    assert again == pf
    assert dump_plan(again) == text


def test_the_committed_example_is_valid_and_stable() -> None:
    text = (HERE / "valid_agreement.yaml").read_text(encoding="utf-8")
    assert dump_plan(load_plan_text(text, "valid_agreement.yaml", vintage())) == text


def test_windows_1252_files_are_read(tmp_path: Path) -> None:
    f = tmp_path / "plan.yaml"
    f.write_bytes(dump_plan(PlanFile(plan=agreement(vision="Ørestad og Århus"))).encode("cp1252"))
    assert load_plan_file(f).plan.vision == "Ørestad og Århus"


def test_a_file_over_the_limit_is_refused_before_reading(tmp_path: Path) -> None:
    f = tmp_path / "big.yaml"
    f.write_bytes(b"#" * (MAX_BYTES + 1))
    with pytest.raises(PlanFileError, match="more than the limit"):
        load_plan_file(f)


def test_the_corpus_is_large_enough() -> None:
    assert len(BROKEN) >= 30


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_broken_plan_file(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    expected = text.splitlines()[0].removeprefix("# expect: ").split("|")
    data = vintage() if "# vintage: test" in text else None
    with pytest.raises(PlanFileError) as caught:
        load_plan_file(path, data)
    message = str(caught.value)
    assert message.startswith(f"{path}: the plan file cannot be imported"), message
    assert "nothing was imported" in message and "Fix: " in message
    for fragment in expected:
        assert fragment in message, (fragment, message)
    assert "Traceback" not in message
    # and in Danish, as the command line says it by default: no English sentence of pydantic's left
    dansk = caught.value.pick("da")
    assert dansk.startswith(f"{path}: planfilen kan ikke importeres") and "intet blev importeret" in dansk
    assert dansk.count("Ret: ") == len(caught.value.problems)
    for english in ("Input should", "Field required", "Extra inputs", "Value error", "Fix:", "appears twice",
                    "are not allowed", "is used twice", "does not exist"):
        assert english not in dansk, (english, dansk)

