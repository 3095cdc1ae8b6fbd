"""The run use case: registry + person-years -> validated -> indicators -> lists -> disclosure -> bundle.

This is the only place where the person-level engine and the law meet. Classification uses the exact counts;
what the bundle publishes about it obeys the same disclosure rule as every indicator.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from boligmonitor import __version__
from boligmonitor.disclosure.audit import audit_bundle
from boligmonitor.errors import DisclosureAuditError, InputFileError
from boligmonitor.indicators.catalogue import CRITERION_INDICATOR, components
from boligmonitor.indicators.disclosure import CellTable, DisclosureSettings, build_cells, geographies
from boligmonitor.indicators.engine import UnitTable, atom_sums, code_problems, rollup, scan
from boligmonitor.microdata.dataset import MARK, check_data_folder, read_mark
from boligmonitor.microdata.files import unreadable_parquet_files
from boligmonitor.microdata.readers import open_persons
from boligmonitor.microdata.validate import count_failures, duplicate_problems, row_checks, row_problems
from boligmonitor.registry.model import Registry, load_registry
from boligmonitor.rules import FactsSource, YearCounts, classify_area, rules_version
from boligmonitor.rules.model import CriterionResult, Decision
from boligmonitor.rules.parameters import default_parameters
from boligmonitor.rules.texts import NOTES, Text
from boligmonitor.runs.bundle import BUNDLE_FORMAT, check_destination, write_bundle

# measure -> (numerator component, denominator component) as the rules' sources expect them
MEASURES = {
    "nonwestern": ("nonwestern", "residents"),
    "outside_labour": ("outside_fte_18_64", "pop_18_64"),
    "basic_education": ("basic_30_59", "pop_30_59"),
    "convicted": ("convicted_18plus", "pop_18plus"),
    "income": ("income_sum_15_64", "income_n_15_64"),
}
FIRST_LIST_YEAR = 2010

Progress = Callable[[str], None]


@dataclass
class RunReport:
    bundle: Path
    timings: dict[str, float] = field(default_factory=dict)
    manifest: dict[str, Any] = field(default_factory=dict)


def _counts(units: UnitTable, unit: tuple[str, str], years: list[int]) -> dict[str, dict[int, YearCounts]]:
    out: dict[str, dict[int, YearCounts]] = {}
    for measure, (num, den) in MEASURES.items():
        out[measure] = {}
        for y in years:
            key = (unit[0], unit[1], y)
            if key in units:
                out[measure][y] = YearCounts(units.exact(key, num), units.count(key, den))
    return out


def classify_all(units: UnitTable, registry: Registry, years: list[int]) -> list[Decision]:
    """Every statutory area, every list year the data supports, under the rules in force each year."""
    params = default_parameters()
    list_years = [y + 1 for y in years if y + 1 >= FIRST_LIST_YEAR]
    national = _counts(units, ("nation", "DK"), years)
    regional = {str(r): _counts(units, ("region", str(r)), years) for r in registry.regions}
    out: list[Decision] = []
    for area_id in registry.statutory_area_ids():
        region = str(registry.region_of(registry.areas[area_id]["municipality_code"]))
        residents = {y: units.count(("area", area_id, y), "residents") for y in years
                     if ("area", area_id, y) in units}
        source = FactsSource(_counts(units, ("area", area_id), years), national, regional[region], residents)
        out += classify_area(area_id, dict.fromkeys(list_years, source), list_years, params)
    return out


def _num(x: Fraction | None, digits: int = 6) -> float | None:
    return None if x is None else round(float(x), digits)


def criterion_json(c: CriterionResult, withheld: Text | None) -> dict[str, Any]:
    """One criterion as published: Danish texts under their plain keys, English under ``*_en``."""
    m = c.margin
    margin = None
    if m is not None and not withheld:
        margin = {"persons": m.persons, "dkk_per_person": _num(m.dkk_per_person, 0), "gap": _num(m.gap),
                  "direction": m.direction, "note": m.note.da if m.note else None,
                  "note_en": m.note.en if m.note else None}
    return {
        "id": c.id, "label": c.label.da, "label_en": c.label.en, "value": None if withheld else _num(c.value),
        "threshold": _num(c.threshold), "comparator": c.comparator, "wording": c.wording.da,
        "wording_en": c.wording.en, "met": c.met,
        "margin": margin, "unit": c.unit, "data_years": list(c.data_years), "parameter": c.parameter,
        "legal_reference": c.legal_reference, "legal_href": c.legal_href, "interpretation": c.interpretation,
        "withheld": withheld.da if withheld else None, "withheld_en": withheld.en if withheld else None,
    }


def notes_json(notes: tuple[Text, ...]) -> list[dict[str, str]]:
    return [{"da": n.da, "en": n.en} for n in notes]


def withheld(cells: CellTable, area_id: str, c: CriterionResult) -> Text | None:
    """Why a criterion's value and margin are not published: a yearly cell behind them is suppressed."""
    ind = CRITERION_INDICATOR.get(c.id)
    hidden = [y for y in c.data_years if ind and cells.suppression(("area", area_id, y), ind)]
    return NOTES["withheld"].format(years=", ".join(map(str, hidden))) if hidden else None


def publish_decisions(decisions: list[Decision], cells: CellTable) -> pa.Table:
    """Decisions as rows; criterion values and margins built on suppressed counts are withheld."""
    rows: dict[str, list[Any]] = {k: [] for k in ("area_id", "list_year", "list_date", "rule_set", "category",
                                                  "member", "criteria_met", "consecutive_years", "criteria_json",
                                                  "notes_json", "rules_version")}
    for d in sorted(decisions, key=lambda d: (d.area_id, d.list_year, d.category)):
        crits = []
        for c in d.criteria:
            crits.append(criterion_json(c, withheld(cells, d.area_id, c)))
        for k, v in (("area_id", d.area_id), ("list_year", d.list_year), ("list_date", d.list_date),
                     ("rule_set", d.rule_set), ("category", d.category), ("member", d.member),
                     ("criteria_met", d.criteria_met), ("consecutive_years", d.consecutive_years),
                     ("criteria_json", json.dumps(crits, ensure_ascii=False, sort_keys=True)),
                     ("notes_json", json.dumps(notes_json(d.notes), ensure_ascii=False, sort_keys=True)),
                     ("rules_version", d.rules_version)):
            rows[k].append(v)
    return pa.table(rows)


def run(data: Path, out: Path, settings: DisclosureSettings | None = None, overwrite: bool = False,
        progress: Progress | None = None) -> RunReport:
    """Validate the data folder, compute every indicator and list, and write the bundle (or nothing)."""
    check_destination(out, overwrite, data)  # --out is refused before any work, and never replaces the input
    check_data_folder(data)
    try:
        return _run(data, out, settings, overwrite, progress)
    except (duckdb.Error, pa.ArrowException, OSError):
        # A Parquet file whose footer is sound but whose data pages are not fails only when read. Say which file,
        # if one is to blame; any other failure is a bug and keeps its traceback.
        problems = unreadable_parquet_files(data / "persons")
        if problems:
            raise InputFileError(problems, f"{len(problems)} person-year file(s) cannot be read; nothing was "
                                 "written") from None
        raise


def _run(data: Path, out: Path, settings: DisclosureSettings | None, overwrite: bool,
         progress: Progress | None) -> RunReport:
    settings = settings or DisclosureSettings()
    say = progress or (lambda _msg: None)
    t0 = time.perf_counter()
    timings: dict[str, float] = {}
    registry = load_registry(data / "registry")
    con = duckdb.connect()
    source = open_persons(con, data / "persons")
    # The codes in force on the latest list date, never "today": the bundle must not depend on when it runs.
    codes = default_parameters().value("common/basic_education_codes", dt.date(9999, 12, 31))
    say("validating person-years")
    checks = row_checks(source)
    problems = row_problems(con, checks, count_failures(con, source, checks))
    problems += duplicate_problems(con, source)
    timings["validate"] = time.perf_counter() - t0
    t = time.perf_counter()
    say("scanning person-years")
    # With bad rows (NaN, text in number columns) the components cannot be computed, but the groups still show
    # unknown afdelinger and municipalities, so every problem is reported in one go.
    result = scan(con, source, components(tuple(codes)) if not problems else [])
    timings["scan"] = time.perf_counter() - t
    t = time.perf_counter()
    problems += code_problems(con, result.groups, registry)  # unknown afdelinger/municipalities, from the groups
    timings["validate"] += time.perf_counter() - t
    if problems:
        raise InputFileError(problems, f"{len(problems)} problem(s) in the person-year data; nothing was written")
    # Person-level work is over: closing DuckDB ends its threads before disclosure control forks its workers.
    con.close()
    t = time.perf_counter()
    say("rolling up to areas, municipalities, regions and the nation")
    units = rollup(result, registry)
    atoms = atom_sums(result, {y: g.afdeling_atom for y, g in geographies(units).items()})
    say("disclosure control: primary and complementary suppression")
    cells = build_cells(units, settings, atoms, say)
    timings["indicators"] = time.perf_counter() - t
    t = time.perf_counter()
    say("applying the law, every version")
    years = sorted({k[2] for k in units.keys})
    decisions = classify_all(units, registry, years)
    classifications = publish_decisions(decisions, cells)
    timings["classify"] = time.perf_counter() - t
    t = time.perf_counter()
    manifest = _manifest(data, registry, years, settings, source.files)
    assert cells.spec is not None
    manifest["catalogue"] = cells.spec.as_dict()
    indicators, record = cells.to_arrow(), registry_record(registry)
    timings["write"] = time.perf_counter() - t
    t = time.perf_counter()
    say("auditing the bundle as an attacker would")
    audit = audit_bundle(indicators, classifications, record, manifest["catalogue"], settings.minimum)
    timings["audit"] = time.perf_counter() - t
    if not audit.ok:
        raise DisclosureAuditError(audit.summary() + "\nNothing was written. Please report this as a bug.")
    t = time.perf_counter()
    write_bundle(out, indicators, classifications, record, manifest, overwrite)
    timings["write"] += time.perf_counter() - t
    timings["total"] = time.perf_counter() - t0
    return RunReport(out, timings, manifest)


def registry_record(registry: Registry) -> dict[str, Any]:
    """The master data the faces need beside the aggregates (no persons): names, who owns what, which afdeling is
    in which area when, and the area geometry if the registry has one. It lives only here (under the bundle's
    checksums), not in the manifest."""
    return {
        "regions": [{"region_code": k, "name": v} for k, v in sorted(registry.regions.items())],
        "areas": [{"area_id": a, "name": r["name"], "municipality_code": r["municipality_code"], "kind": r["kind"]}
                  for a, r in sorted(registry.areas.items())],
        "municipalities": [{"municipality_code": k, "name": v[0], "region_code": v[1]}
                           for k, v in sorted(registry.municipalities.items())],
        "organisations": [{"org_id": k, "name": v} for k, v in sorted(registry.organisations.items())],
        "afdelinger": [{k: rec[k] for k in ("afdeling_id", "org_id", "number", "name", "municipality_code",
                                            "dwellings")} for _, rec in sorted(registry.afdelinger.items())],
        "area_members": [{"area_id": m.area_id, "afdeling_id": m.afdeling_id,
                          "valid_from": m.valid_from.isoformat(),
                          "valid_to": m.valid_to.isoformat() if m.valid_to else None}
                         for m in sorted(registry.members, key=lambda m: (m.area_id, m.afdeling_id, m.valid_from))],
        "area_geometry": registry.geometry,
        # only when given, so a bundle without it stays byte-for-byte what it was
        **({"municipality_geometry": registry.municipality_geometry} if registry.municipality_geometry else {}),
    }


def _manifest(data: Path, registry: Registry, years: list[int], settings: DisclosureSettings,
              files: list[Path]) -> dict[str, Any]:
    marker = data / MARK
    dataset: dict[str, Any] = read_mark(marker) if marker.exists() else {}
    return {
        "bundle_format": BUNDLE_FORMAT,
        "code_version": __version__,
        "rules_version": rules_version(),
        "data": {
            "synthetic": bool(dataset.get("synthetic", False)),
            "description": dataset.get("note", ""),
            "data_years": [years[0], years[-1]] if years else [],
            "list_years": [y + 1 for y in years if y + 1 >= FIRST_LIST_YEAR],
            "person_files": [f.name for f in files],
            "statutory_areas": len(registry.statutory_area_ids()),
            "areas": len(registry.areas),
            "notices": registry.notices,
        },
        "disclosure": settings.as_dict(),
        "membership_rule": "an afdeling belongs to an area for a data year when its membership is valid on 31 "
                           "December of that year",
    }
