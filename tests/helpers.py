"""Small builders for test data folders: a tiny registry and person-year tables written as real files."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

DEFAULTS = {
    "sex": "K", "origin": "dansk", "outside_labour_or_education": "0", "education_dk": "gymnasial",
    "in_education": "false", "gross_income": "300000", "taxable": "true", "convicted": "false",
    "municipality_code": "101",
}
PERSON_HEADER = ["year", "person_id", "afdeling_id", "municipality_code", "age", "sex", "origin",
                 "outside_labour_or_education", "education_dk", "in_education", "gross_income", "taxable",
                 "convicted"]


def parse_ascii(table: str) -> list[dict[str, str]]:
    """Rows from an ehrQL-style ASCII table (header | header, a rule line, then rows)."""
    lines = [ln.strip() for ln in table.strip().splitlines() if ln.strip()]
    header = [h.strip() for h in lines[0].split("|")]
    rows = []
    for ln in lines[2:]:
        cells = [c.strip() for c in ln.split("|")]
        rows.append({h: c for h, c in zip(header, cells, strict=True) if c != ""})
    return rows


def write_csv(path: Path, header: list[str], rows: list[dict[str, Any]], delimiter: str = ",",
              encoding: str = "utf-8") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding=encoding, newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=header, delimiter=delimiter, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow({h: r.get(h, "") for h in header})


def tiny_registry(folder: Path, areas: dict[str, list[str]] | None = None, kinds: dict[str, str] | None = None) -> None:
    """Region 1084, municipalities 101 and 147, afdelinger AFD1..AFD4, areas as given (default A={AFD1}, B={AFD2})."""
    areas = areas or {"A": ["AFD1"], "B": ["AFD2"]}
    kinds = kinds or {}
    write_csv(folder / "regions.csv", ["region_code", "name"], [{"region_code": 1084, "name": "Region Hovedstaden"}])
    write_csv(folder / "municipalities.csv", ["municipality_code", "name", "region_code"],
              [{"municipality_code": 101, "name": "København", "region_code": 1084},
               {"municipality_code": 147, "name": "Frederiksberg", "region_code": 1084}])
    write_csv(folder / "organisations.csv", ["org_id", "name"], [{"org_id": "O1", "name": "Boligselskabet Øst"}])
    write_csv(folder / "afdelinger.csv", ["afdeling_id", "org_id", "number", "name", "municipality_code", "dwellings"],
              [{"afdeling_id": f"AFD{i}", "org_id": "O1", "number": i, "name": f"Afdeling {i}",
                "municipality_code": 101, "dwellings": 100} for i in range(1, 5)])
    write_csv(folder / "areas.csv", ["area_id", "name", "municipality_code", "kind"],
              [{"area_id": a, "name": f"Område {a}", "municipality_code": 101, "kind": kinds.get(a, "statutory")}
               for a in areas])
    write_csv(folder / "area_members.csv", ["area_id", "afdeling_id", "valid_from", "valid_to"],
              [{"area_id": a, "afdeling_id": afd, "valid_from": "2000-01-01", "valid_to": ""}
               for a, afds in areas.items() for afd in afds])


def tiny_data(folder: Path, persons: list[dict[str, Any]], **registry: Any) -> Path:
    tiny_registry(folder / "registry", **registry)
    rows = [{**DEFAULTS, **p} for p in persons]
    header = PERSON_HEADER + [k for k in ("charged", "in_daycare", "grade_9th_avg", "voted")
                              if any(k in p for p in persons)]
    write_csv(folder / "persons" / "persons.csv", header, rows)
    return folder
