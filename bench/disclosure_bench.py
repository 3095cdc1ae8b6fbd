"""Disclosure control alone: primary + complementary suppression and the attacker's audit, timed on their own.

Usage: python bench/disclosure_bench.py --data bench-data/s1 [--cache /tmp/s1.pickle] [--workers N] [--repeat 3]

The person-level stages (validate, scan, roll-up, classification) are run once and their results pickled to
``--cache``, so repeated measurements time only what disclosure control does. Prints, per repetition, wall and CPU
seconds (this process and its worker processes) of ``build_cells`` (primary, complementary, derived) and of
``audit_bundle``, and a SHA-256 of the published indicator table, so that two versions or two worker counts can be
compared for identical output.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import os
import pickle
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from boligmonitor.disclosure.audit import audit_bundle  # noqa: E402
from boligmonitor.indicators.catalogue import components  # noqa: E402
from boligmonitor.indicators.disclosure import DisclosureSettings, build_cells, geographies  # noqa: E402
from boligmonitor.indicators.engine import atom_sums, rollup, scan  # noqa: E402
from boligmonitor.microdata.readers import open_persons  # noqa: E402
from boligmonitor.registry.model import load_registry  # noqa: E402
from boligmonitor.rules.parameters import default_parameters  # noqa: E402
from boligmonitor.runs.pipeline import classify_all, publish_decisions, registry_record  # noqa: E402


def prepare(data: Path, cache: Path) -> dict[str, Any]:
    if cache.exists():
        with cache.open("rb") as fh:
            got: dict[str, Any] = pickle.load(fh)
            return got
    registry = load_registry(data / "registry")
    con = duckdb.connect()
    source = open_persons(con, data / "persons")
    codes = default_parameters().value("common/basic_education_codes", dt.date(9999, 12, 31))
    result = scan(con, source, components(tuple(codes)))
    units = rollup(result, registry)
    atoms = atom_sums(result, {y: g.afdeling_atom for y, g in geographies(units).items()})
    years = sorted({k[2] for k in units.keys})
    state = {"units": units, "atoms": atoms, "decisions": classify_all(units, registry, years),
             "record": registry_record(registry)}
    with cache.open("wb") as fh:
        pickle.dump(state, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return state


def cpu() -> float:
    """CPU seconds of this process and of its finished children (worker processes)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def digest(table: pa.Table) -> str:
    buf = io.BytesIO()
    pq.write_table(table, buf)
    return hashlib.sha256(buf.getvalue()).hexdigest()[:16]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=ROOT / "bench-data" / "s1")
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--workers", type=str, default=None, help="sets BOLIGMONITOR_DISCLOSURE_WORKERS")
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    if args.workers is not None:
        os.environ["BOLIGMONITOR_DISCLOSURE_WORKERS"] = args.workers
    state = prepare(args.data, args.cache or Path(f"/tmp/disclosure-bench-{args.data.name}.pickle"))
    settings = DisclosureSettings()
    rows = []
    for _ in range(args.repeat):
        w0, c0 = time.perf_counter(), cpu()
        cells = build_cells(state["units"], settings, state["atoms"])
        w1, c1 = time.perf_counter(), cpu()
        indicators = cells.to_arrow()
        classifications = publish_decisions(state["decisions"], cells)
        assert cells.spec is not None
        w2, c2 = time.perf_counter(), cpu()
        report = audit_bundle(indicators, classifications, state["record"], cells.spec.as_dict(), settings.minimum)
        w3, c3 = time.perf_counter(), cpu()
        rows.append((w1 - w0, c1 - c0, w3 - w2, c3 - c2))
        print(f"cells {w1 - w0:6.2f} s wall {c1 - c0:6.2f} s cpu | audit {w3 - w2:6.2f} s wall {c3 - c2:6.2f} s cpu"
              f" | audit ok={report.ok} hidden={cells.protection.hidden if cells.protection else None}"
              f" indicators={digest(indicators)} classifications={digest(classifications)}", flush=True)
    if len(rows) > 1:
        med = [statistics.median(r[i] for r in rows) for i in range(4)]
        print(f"median: cells {med[0]:.2f} s wall {med[1]:.2f} s cpu | audit {med[2]:.2f} s wall {med[3]:.2f} s cpu")


if __name__ == "__main__":
    main()
