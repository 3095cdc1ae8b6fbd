"""An independent attacker checks the disclosure machinery on small random Denmarks.

``brute_force`` shares no code with ``boligmonitor.disclosure``: it writes down, for one data year, every published
number as an equation over the unknown counts of every afdeling in an area and of the rest of each municipality,
and decides with plain floating-point linear algebra (a null space by SVD) which suppressed cells and which person
groups those equations pin down. On random registries and persons it must agree with the audit on a bundle that has
primary suppression only, and find nothing in the bundle the pipeline writes.
"""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boligmonitor import api
from boligmonitor.disclosure.audit import AuditReport, audit_bundle
from boligmonitor.disclosure.protect import Report
from boligmonitor.indicators import disclosure
from boligmonitor.runs import pipeline
from tests.helpers import write_csv

YEAR = 2023
MUNICIPALITIES = {"101": "1084", "147": "1084", "751": "1082"}
REGIONS = {"1084": "Region Hovedstaden", "1082": "Region Midtjylland"}
AGES = (0, 3, 10, 15, 16, 24, 40, 55, 62, 75)
ORIGINS = ("dansk", "indvandrer_vestlig", "indvandrer_ikke_vestlig", "efterkommer_vestlig", "efterkommer_ikke_vestlig")
EDUCATIONS = ("grundskole", "gymnasial", "erhvervsfaglig", "kort_videregaaende", "mellemlang_videregaaende",
              "lang_videregaaende", "ukendt")
HEADER = ["year", "person_id", "afdeling_id", "municipality_code", "age", "sex", "origin",
          "outside_labour_or_education", "education_dk", "in_education", "gross_income", "taxable", "convicted"]


def write_denmark(folder: Path, afdelinger: dict[str, str], areas: dict[str, tuple[list[str], str]],
                  persons: list[dict[str, Any]]) -> Path:
    reg = folder / "registry"
    write_csv(reg / "regions.csv", ["region_code", "name"], [{"region_code": k, "name": v} for k, v in REGIONS.items()])
    write_csv(reg / "municipalities.csv", ["municipality_code", "name", "region_code"],
              [{"municipality_code": m, "name": f"Kommune {m}", "region_code": r} for m, r in MUNICIPALITIES.items()])
    write_csv(reg / "organisations.csv", ["org_id", "name"], [{"org_id": "O1", "name": "Boligselskabet"}])
    write_csv(reg / "afdelinger.csv", ["afdeling_id", "org_id", "number", "name", "municipality_code", "dwellings"],
              [{"afdeling_id": a, "org_id": "O1", "number": i + 1, "name": a, "municipality_code": m, "dwellings": 50}
               for i, (a, m) in enumerate(sorted(afdelinger.items()))])
    write_csv(reg / "areas.csv", ["area_id", "name", "municipality_code", "kind"],
              [{"area_id": a, "name": a, "municipality_code": afdelinger[afds[0]], "kind": kind}
               for a, (afds, kind) in sorted(areas.items())])
    write_csv(reg / "area_members.csv", ["area_id", "afdeling_id", "valid_from", "valid_to"],
              [{"area_id": a, "afdeling_id": x, "valid_from": "2000-01-01", "valid_to": ""}
               for a, (afds, _) in sorted(areas.items()) for x in afds])
    write_csv(folder / "persons" / "persons.csv", HEADER, persons)
    return folder


def people(rng: random.Random, first: int, n: int, municipality: str, afdeling: str,
           skew: float) -> list[dict[str, Any]]:
    """n persons; ``skew`` concentrates them in few categories (small cells) when high."""
    def pick(seq: tuple[Any, ...]) -> Any:
        return seq[0] if rng.random() < skew else rng.choice(seq)

    out = []
    for i in range(n):
        age = pick(AGES[::-1]) if skew else rng.choice(AGES)
        out.append({"year": YEAR, "person_id": first + i, "afdeling_id": afdeling, "municipality_code": municipality,
                    "age": age, "sex": rng.choice("KM"), "origin": pick(ORIGINS), "education_dk": pick(EDUCATIONS),
                    "outside_labour_or_education": rng.choice(("0", "0", "1", "0.5")),
                    "in_education": str(rng.random() < 0.2).lower(), "gross_income": str(rng.randint(0, 600_000)),
                    "taxable": "true", "convicted": str(age >= 15 and rng.random() < 0.1).lower()})
    return out


def random_denmark(folder: Path, seed: int) -> Path:
    rng = random.Random(seed)
    afdelinger = {f"AFD{i}": rng.choice(["101", "101", "147", "751"]) for i in range(1, 7)}
    by_mun: dict[str, list[str]] = {}
    for a, m in afdelinger.items():
        by_mun.setdefault(m, []).append(a)
    areas: dict[str, tuple[list[str], str]] = {}
    for m, afds in sorted(by_mun.items()):
        rng.shuffle(afds)
        cut = rng.randint(1, len(afds))
        areas[f"S{m}"] = (sorted(afds[:cut]), "statutory")
        if len(afds) > 1 and rng.random() < 0.8:
            areas[f"H{m}"] = (sorted(rng.sample(afds, rng.randint(1, len(afds)))), "helhedsplan")
        if rng.random() < 0.4:
            areas[f"C{m}"] = (sorted(rng.sample(afds, rng.randint(1, len(afds)))), "custom")
    persons: list[dict[str, Any]] = []
    for a, m in sorted(afdelinger.items()):
        persons += people(rng, len(persons) + 1, rng.choice([3, 8, 15, 30, 60]), m, a, rng.choice([0.0, 0.5, 0.8]))
    for m in MUNICIPALITIES:
        persons += people(rng, len(persons) + 1, rng.choice([6, 40, 150]), m, "", rng.choice([0.0, 0.6]))
    return write_denmark(folder, afdelinger, areas, persons)


# -- the attacker ----------------------------------------------------------------------------------------------------


def brute_force(bundle: Path, minimum: int) -> dict[str, set[tuple[str, ...]]]:
    """What one year's published numbers pin down, by linear algebra over every afdeling and municipality rest."""
    manifest = json.loads((bundle / "manifest.json").read_text())
    cat = manifest["catalogue"]
    registry = json.loads((bundle / "registry.json").read_text())
    rows = [r for r in pq.read_table(bundle / "indicators.parquet").to_pylist() if r["year"] == YEAR]
    scanned: list[str] = cat["scanned"]
    col = {c: i for i, c in enumerate(scanned)}
    s = len(scanned)
    day = f"{YEAR}-12-31"
    afd_mun = {a["afdeling_id"]: str(a["municipality_code"]) for a in registry["afdelinger"]}
    areas_of = {m["area_id"]: set() for m in registry["area_members"]}
    for m in registry["area_members"]:
        if m["valid_from"] <= day and (m["valid_to"] is None or day <= m["valid_to"]):
            areas_of[m["area_id"]].add(m["afdeling_id"])
    in_area = sorted({a for v in areas_of.values() for a in v})
    blocks = in_area + [f"rest:{m}" for m in sorted(MUNICIPALITIES)]
    bidx = {b: i for i, b in enumerate(blocks)}
    mun_of_block = {b: (afd_mun[b] if not b.startswith("rest:") else b[5:]) for b in blocks}
    region = {str(m["municipality_code"]): str(m["region_code"]) for m in registry["municipalities"]}

    def members(unit_type: str, unit_id: str) -> list[str]:
        if unit_type == "nation":
            return blocks
        if unit_type == "region":
            return [b for b in blocks if region[mun_of_block[b]] == unit_id]
        if unit_type == "municipality":
            return [b for b in blocks if mun_of_block[b] == unit_id]
        return sorted(areas_of[unit_id])

    def functional(unit: tuple[str, str], coefficients: dict[str, float]) -> np.ndarray:
        f = np.zeros(len(blocks) * s)
        for b in members(*unit):
            for c, k in coefficients.items():
                f[bidx[b] * s + col[c]] += k
        return f

    present = {(r["unit_type"], r["unit_id"]) for r in rows}
    eqs, rhs = [], []
    for r in rows:
        spec = cat["indicators"].get(r["indicator_id"])
        if spec is None or r["suppressed"]:
            continue
        for comp, v in ((spec["numerator"], r["numerator"]), (spec["denominator"], r["denominator"])):
            if comp is None:
                continue
            eqs.append(functional((r["unit_type"], r["unit_id"]), cat["expansion"][comp]))
            rhs.append(v)  # unknowns in natural units (persons, full-time persons): every coefficient is ±1
    for b in blocks:  # nobody lives where the bundle has no rows
        unit = ("municipality", mun_of_block[b])
        empty_area = any(b in areas_of[a] and ("area", a) not in present for a in areas_of)
        if unit not in present or empty_area:
            for j in range(s):
                e = np.zeros(len(blocks) * s)
                e[bidx[b] * s + j] = 1
                eqs.append(e)
                rhs.append(0.0)
    a = np.array(eqs)
    b = np.array(rhs)
    x, *_ = np.linalg.lstsq(a, b, rcond=None)
    _u, sv, vt = np.linalg.svd(a)
    rank = int(np.sum(sv > 1e-8 * sv[0]))
    null = vt[rank:]

    def pinned(f: np.ndarray) -> bool:
        return bool(np.max(np.abs(null @ f), initial=0.0) < 1e-7 * max(1.0, float(np.max(np.abs(f)))))

    out: dict[str, set[tuple[str, ...]]] = {"suppressed_cell": set(), "small_group": set()}
    for r in rows:
        spec = cat["indicators"].get(r["indicator_id"])
        if spec is None or not r["suppressed"]:
            continue
        secret = spec["denominator"] if spec["kind"] == "mean" else spec["numerator"]
        if pinned(functional((r["unit_type"], r["unit_id"]), cat["expansion"][secret])):
            out["suppressed_cell"].add((r["unit_type"], r["unit_id"], r["indicator_id"]))
    # person groups: every unit and every union of area afdelinger of a municipality, with or without its rest
    groups: dict[str, dict[str, float]] = {}
    for unit in sorted(present):
        groups[f"{unit[0]} {unit[1]}"] = {x: 1.0 for x in members(*unit)}
    for m in MUNICIPALITIES:
        afds = [x for x in in_area if afd_mun[x] == m]
        for k in range(1, len(afds) + 1):
            for sub in itertools.combinations(afds, k):
                groups[f"{m}:{'+'.join(sub)}"] = dict.fromkeys(sub, 1.0)
                if ("municipality", m) in present:
                    groups[f"{m} minus {'+'.join(sub)}"] = {x: 1.0 for x in members("municipality", m)
                                                             if x not in sub}
    counts = [c for c in cat["counts"] if c in {v for i in cat["indicators"].values()
                                                for v in (i["numerator"], i["denominator"]) if v}]
    shares = [(i["numerator"], i["denominator"]) for i in cat["indicators"].values() if i["kind"] == "share"]
    residents = cat["expansion"]["residents"]
    for name, g in groups.items():
        def value_of(coefficients: dict[str, float], g: dict[str, float] = g) -> tuple[bool, float]:
            f = np.zeros(len(blocks) * s)
            for blk, w in g.items():
                for c, k in coefficients.items():
                    f[bidx[blk] * s + col[c]] += w * k
            return pinned(f), float(f @ x)

        known, people_here = value_of(residents)
        if known and abs(people_here) < 1e-6:
            continue  # an empty group
        for comp in counts:
            known, v = value_of(cat["expansion"][comp])
            if known and v < minimum - 1e-3:  # float noise of the solve (income columns are large)
                out["small_group"].add((name, comp))
        for num, den in shares:
            coef = dict(cat["expansion"][den])
            for c, k in cat["expansion"][num].items():
                coef[c] = coef.get(c, 0) - k
            known, v = value_of(coef)
            if known and v < minimum - 1e-3:  # float noise of the solve (income columns are large)
                out["small_group"].add((name, f"{den}-{num}"))
    return out


def _audit(bundle: Path, minimum: int) -> AuditReport:
    return audit_bundle(pq.read_table(bundle / "indicators.parquet"), None,
                        json.loads((bundle / "registry.json").read_text()),
                        json.loads((bundle / "manifest.json").read_text())["catalogue"], minimum)


def _recovered(report: AuditReport) -> set[tuple[str, str, str]]:
    out = set()
    for i in report.recovered():
        if not i.text.startswith(f"{YEAR} "):
            continue
        head, rest = i.text.split(": suppressed ", 1)
        _, unit_type, unit_id = head.split(" ")
        out.add((unit_type, unit_id, rest.split(" ")[0]))
    return out


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000))
def test_the_audit_recovers_exactly_what_brute_force_recovers(tmp_path_factory: pytest.TempPathFactory,
                                                               seed: int) -> None:
    """With primary suppression only, the structured audit and plain linear algebra pin down the same cells."""
    tmp = tmp_path_factory.mktemp("careless")
    folder = random_denmark(tmp / "d", seed)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(disclosure, "complementary", lambda *a, **k: Report())
        mp.setattr(pipeline, "audit_bundle", lambda *a, **k: AuditReport())
        api.run(folder, tmp / "b")
    expected = brute_force(tmp / "b", 5)
    assert _recovered(_audit(tmp / "b", 5)) == expected["suppressed_cell"]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000), minimum=st.sampled_from([3, 5]))
def test_brute_force_finds_nothing_in_what_the_pipeline_publishes(tmp_path_factory: pytest.TempPathFactory,
                                                                   seed: int, minimum: int) -> None:
    tmp = tmp_path_factory.mktemp("protected")
    folder = random_denmark(tmp / "d", seed)
    api.run(folder, tmp / "b", minimum=minimum)
    found = brute_force(tmp / "b", minimum)
    assert not found["suppressed_cell"], sorted(found["suppressed_cell"])
    assert not found["small_group"], sorted(found["small_group"])[:20]
