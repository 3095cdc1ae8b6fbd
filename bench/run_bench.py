"""National-scale benchmark: synth, then run (validate/indicators/classify), and a plain pandas reference.

Usage: python bench/run_bench.py --scale 1 [--data bench-data/s1]
Prints wall time and peak memory per stage, and the plain pandas implementation of the statutory lists
(bench/pandas_reference.py) with its ratio to the whole run; it also checks that both give the same lists.
Last, the DuckDB floor (bench/duckdb_floor.py): the pandas reference's person-level work alone in one DuckDB
query, i.e. the best ratio any DuckDB `run` could reach here.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def child(code: str) -> dict[str, float]:
    """Run a stage in its own process so peak RSS belongs to that stage alone."""
    wrapper = (
        "import json, resource, time\n"
        "t0 = time.perf_counter()\n" + code + "\n"
        "out = dict(globals().get('extra', {}))\n"
        "out['wall_s'] = time.perf_counter() - t0\n"
        "out['peak_mib'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "print('BENCH' + json.dumps(out))\n"
    )
    proc = subprocess.run([sys.executable, "-c", wrapper], capture_output=True, text=True, check=True, cwd=ROOT)
    line = next(ln for ln in proc.stdout.splitlines() if ln.startswith("BENCH"))
    return json.loads(line[5:])


PANDAS = """
import sys
sys.path.insert(0, 'bench')
from pathlib import Path
import pandas_reference as ref
res = ref.run(Path(DATA))
diffs = ref.compare(res, Path(BUNDLE))
extra = {'list_rows': len(res), 'lists_agree_with_engine': not diffs, 'differences': diffs[:10]}
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--skip-synth", action="store_true")
    args = ap.parse_args()
    data = args.data or ROOT / "bench-data" / f"s{args.scale:g}"
    bundle = data.parent / f"bundle-s{args.scale:g}"
    results = {}
    if not args.skip_synth or not data.exists():
        results["synth"] = child(
            f"from boligmonitor import api\nimport shutil\nshutil.rmtree({str(data)!r}, ignore_errors=True)\n"
            f"s = api.synth({str(data)!r}, scale={args.scale}, years=(2006, 2024), seed=1)\n"
            "extra = {'person_rows': s['person_rows']}")
    results["run"] = child(
        f"from boligmonitor import api\nr = api.run({str(data)!r}, {str(bundle)!r}, overwrite=True)\n"
        "extra = {k + '_s': v for k, v in r.timings.items()}")
    results["pandas_reference"] = child(f"DATA = {str(data)!r}\nBUNDLE = {str(bundle)!r}\n" + PANDAS)
    results["duckdb_floor"] = child(
        f"import sys\nsys.path.insert(0, 'bench')\nfrom pathlib import Path\nimport duckdb_floor\n"
        f"best, rows = duckdb_floor.floor(Path({str(data)!r}))\n"
        "extra = {'best_of_3_s': best, 'person_rows': rows}")
    pandas_s = results["pandas_reference"]["wall_s"]
    results["ratio_pandas_over_run"] = {"x": pandas_s / results["run"]["wall_s"]}
    results["ratio_pandas_over_duckdb_floor"] = {"x": pandas_s / results["duckdb_floor"]["best_of_3_s"]}
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    t = time.perf_counter()
    main()
    print(f"benchmark finished in {time.perf_counter() - t:.0f} s; peak RSS of this driver "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
