"""Benchmark of the watchlist and the list forecast at 2,000 statutory areas x 15+ data years (not a test).

    python bench/forecast_bench.py --bundle bench-data/bundle-s1 [--areas 2000] [--futures 1000] [--horizon 3]

The bundle's statutory areas (200 at scale 1) are copied until there are ``--areas`` of them: copy c of area A is
``A~c`` in the same municipality, its cells the original's with every share moved by a small copy-specific amount on
the logit scale (so the copies do not share futures), its classification rows the original's. Nothing is written.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import time
from pathlib import Path

from boligmonitor.forecast.data import Cell, Vintage, from_bundle
from boligmonitor.forecast.lists import forecast
from boligmonitor.forecast.watchlist import watchlist
from boligmonitor.runs.bundle import open_bundle


def _moved(c: Cell, shift: float, indicator: str) -> Cell:
    if c.suppressed or c.numerator is None or c.denominator is None or indicator in ("residents",
                                                                                      "mean_income_15_64"):
        return c
    p = c.numerator / c.denominator
    if not 0 < p < 1:
        return c
    q = 1 / (1 + math.exp(-(math.log(p / (1 - p)) + shift)))
    return Cell(round(q * c.denominator), c.denominator)


def many(v: Vintage, n: int) -> Vintage:
    originals = v.classified_areas()
    copies = max(1, math.ceil(n / len(originals)))
    cells = {k: c for k, c in v.cells.items() if k[0] != "area" or k[1] not in set(originals)}
    rows = []
    areas = dict(v.areas)
    made = 0
    for c in range(copies):
        for a in originals:
            if made >= n:
                break
            made += 1
            aid = a if c == 0 else f"{a}~{c}"
            shift = 0.0 if c == 0 else ((c * 7919 + hash(a) % 97) % 41 - 20) / 200
            for (ut, uid, y, ind), cell in v.cells.items():
                if ut == "area" and uid == a:
                    cells[(ut, aid, y, ind)] = _moved(cell, shift, ind)
            rows += [{**r, "area_id": aid} for r in v.rows if r["area_id"] == a]
            areas[aid] = v.areas[a].__class__(aid, v.areas[a].name, v.areas[a].municipality_code, v.areas[a].kind,
                                              v.areas[a].organisations)
    return Vintage(v.label, v.rules_version, v.synthetic, cells, rows, areas, v.municipalities, v.organisations)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bundle", default="bench-data/bundle-s1")
    ap.add_argument("--areas", type=int, default=2000)
    ap.add_argument("--futures", type=int, default=1000)
    ap.add_argument("--horizon", type=int, default=3)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    base = from_bundle(open_bundle(Path(a.bundle)))
    v = many(base, a.areas)
    years = v.data_years()
    print(f"{len(v.classified_areas())} statutory areas, data years {years[0]}-{years[-1]} ({len(years)}), "
          f"list years {v.list_years()[0]}-{v.list_years()[-1]}")
    wall, cpu = [], []
    for _ in range(a.repeat):
        t, c = time.perf_counter(), time.process_time()
        w = watchlist(v)
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    print(f"watchlist: {len(w.areas)} areas, {w.method['rule_calls']} rule-function calls; wall median "
          f"{statistics.median(wall):.2f} s, CPU median {statistics.median(cpu):.2f} s (of {a.repeat})")
    wall, cpu = [], []
    for _ in range(a.repeat):
        t, c = time.perf_counter(), time.process_time()
        fc = forecast(v, horizon=a.horizon, futures=a.futures)
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    print(f"forecast: {a.horizon} list years x {a.futures} futures, {len(fc.rows)} probabilities, "
          f"{fc.rule_calls} rule-function calls; wall median {statistics.median(wall):.2f} s (min {min(wall):.2f} s), "
          f"CPU median {statistics.median(cpu):.2f} s (of {a.repeat})")
    print(f"load average during the run: {os.getloadavg()[0]:.1f} (2 cores; wall time grows with other work)")


if __name__ == "__main__":
    main()
