"""Benchmark of the composite index (issue 11): one index < 0.5 s and 1,000 Monte Carlo runs < 5 s at 2,000 areas.

    python bench/many_areas.py --data bench-data/s1 --out bench-data/s1-2000
    boligmonitor run --data bench-data/s1-2000 --out bench-data/bundle-s1-2000
    python bench/index_bench.py --bundle bench-data/bundle-s1-2000

Prints a Markdown table (the numbers in docs/performance.md come from it). Each timing is the median of --repeat runs
in this process, after one warm-up; the bundle is opened once (its own time is shown apart).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from boligmonitor.index.compute import compute_index
from boligmonitor.index.data import BundleIndexData
from boligmonitor.index.presets import load_preset, preset_names
from boligmonitor.index.sensitivity import sensitivity
from boligmonitor.runs.bundle import open_bundle

ONE_INDEX_BAR = 0.5
MONTE_CARLO_BAR = 5.0


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    fn()  # warm-up (imports, caches of the operating system)
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bundle", default="bench-data/bundle-s1-2000")
    ap.add_argument("--runs", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    t = time.perf_counter()
    bundle = open_bundle(Path(a.bundle))
    opened = time.perf_counter() - t
    t = time.perf_counter()
    data = BundleIndexData(bundle)
    adapter = time.perf_counter() - t
    years = data.data_years()
    areas = len(data.units("area"))
    print(f"bundle {a.bundle}: {areas:,} areas, data years {years[0]}-{years[-1]} ({len(years)}), "
          f"{bundle.indicators.num_rows:,} cells; open {opened:.2f} s, adapter {adapter:.2f} s")
    print()
    print(f"| preset | one index, fresh adapter (median of {a.repeat}) | same adapter again | scored | "
          f"{a.runs:,} Monte Carlo runs + one-at-a-time (median of {max(1, a.repeat // 2)}) | bars met? |")
    print("|---|---|---|---|---|---|")
    for name in preset_names():
        spec = load_preset(name)
        # fresh: a new adapter per index, as a request that reads the bundle's cells for the first time
        cold, result = timed(lambda spec=spec: compute_index(BundleIndexData(bundle), spec),  # type: ignore[misc]
                             a.repeat)
        warm, _ = timed(lambda spec=spec: compute_index(data, spec), a.repeat)  # type: ignore[misc]
        mc, _ = timed(lambda spec=spec: sensitivity(data, spec, runs=a.runs, seed=1),  # type: ignore[misc]
                      max(1, a.repeat // 2))
        scored = sum(1 for r in result.rows if r.status == "scored")
        ok = "yes" if cold < ONE_INDEX_BAR and mc < MONTE_CARLO_BAR else "**no**"
        print(f"| {name} | {cold * 1000:.0f} ms | {warm * 1000:.0f} ms | {scored:,} | {mc:.2f} s | {ok} |")


if __name__ == "__main__":
    main()
