"""Make a data folder with about 2,000 areas from a synthetic one, for the web benchmark's national scale.

    python bench/many_areas.py --data bench-data/s1 --out bench-data/s1-2000 --areas 2000

The persons are linked, not copied. Each added area is a `custom` area of one afdeling that is in no area yet (the
way a municipality follows single estates), so the statutory lists do not change.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
from pathlib import Path

from boligmonitor.microdata.geometry import area_geometry


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="bench-data/s1")
    ap.add_argument("--out", default="bench-data/s1-2000")
    ap.add_argument("--areas", type=int, default=2000)
    a = ap.parse_args()
    src, out = Path(a.data), Path(a.out)
    if out.exists():
        shutil.rmtree(out)
    (out / "registry").mkdir(parents=True)
    (out / "persons").symlink_to((src / "persons").resolve())
    for f in (src / "registry").glob("*.csv"):
        shutil.copy(f, out / "registry" / f.name)
    shutil.copy(src / "dataset.json", out / "dataset.json")
    areas = _read(out / "registry" / "areas.csv")
    members = _read(out / "registry" / "area_members.csv")
    afdelinger = _read(out / "registry" / "afdelinger.csv")
    taken = {m["afdeling_id"] for m in members}
    free = [x for x in afdelinger if x["afdeling_id"] not in taken]
    for i, afd in enumerate(free[: max(0, a.areas - len(areas))], start=1):
        aid = f"C{i:04d}"
        areas.append({"area_id": aid, "name": f"Opfølgning {afd['name']}", "municipality_code":
                      afd["municipality_code"], "kind": "custom"})
        members.append({"area_id": aid, "afdeling_id": afd["afdeling_id"], "valid_from": "2000-01-01",
                        "valid_to": ""})
    _write(out / "registry" / "areas.csv", areas)
    _write(out / "registry" / "area_members.csv", members)
    muns = _read(out / "registry" / "municipalities.csv")
    geo = area_geometry(muns, [{**x, "municipality_code": int(x["municipality_code"])} for x in areas], members)
    (out / "registry" / "area_geometry.geojson").write_text(json.dumps(geo), encoding="utf-8")
    print(f"{out}: {len(areas)} areas ({sum(1 for x in areas if x['kind'] == 'custom')} custom)")


if __name__ == "__main__":
    main()
