"""National-scale benchmark: synth, then run (validate/indicators/classify), and a plain pandas reference.

Usage: python bench/run_bench.py --scale 1 [--data bench-data/s1]
Prints wall time and peak memory per stage; the pandas implementation computes the same statutory criterion
inputs (area-year counts for the five criteria) so the ratio compares like with like.
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
import pandas as pd, glob
from pathlib import Path
data = Path(DATA)
frames = []
areas = pd.read_csv(data / 'registry' / 'area_members.csv')
kinds = pd.read_csv(data / 'registry' / 'areas.csv')
areas = areas.merge(kinds[kinds.kind == 'statutory'][['area_id']], on='area_id')
cols = ['year','afdeling_id','municipality_code','age','origin','outside_labour_or_education','education_dk',
        'in_education','gross_income','taxable','convicted']
out = []
for f in sorted(glob.glob(str(data / 'persons' / '*.parquet'))):
    df = pd.read_parquet(f, columns=cols)
    df = df.merge(areas[['area_id','afdeling_id']], on='afdeling_id', how='left')
    a1864 = df.age.between(18, 64); a3059 = df.age.between(30, 59); a18 = df.age >= 18
    inc = df.taxable & df.age.between(15, 64) & ~df.in_education
    df['nw'] = df.origin.isin(['indvandrer_ikke_vestlig','efterkommer_ikke_vestlig'])
    df['n1864'] = a1864; df['out'] = df.outside_labour_or_education.where(a1864, 0.0)
    df['n3059'] = a3059; df['basic'] = a3059 & df.education_dk.isin(['grundskole','ukendt'])
    df['n18'] = a18; df['conv'] = a18 & df.convicted
    df['incn'] = inc; df['incs'] = df.gross_income.where(inc, 0.0)
    g = df.groupby(['year','area_id'])[['nw','n1864','out','n3059','basic','n18','conv','incn','incs']].sum()
    g['residents'] = df.groupby(['year','area_id']).size()
    out.append(g)
res = pd.concat(out)
extra = {'area_years': len(res)}
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
    results["pandas_reference"] = child(f"DATA = {str(data)!r}\n" + PANDAS)
    run_s = results["run"]["wall_s"]
    results["ratio_pandas_over_run"] = {"x": results["pandas_reference"]["wall_s"] / run_s}
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    t = time.perf_counter()
    main()
    print(f"benchmark finished in {time.perf_counter() - t:.0f} s; peak RSS of this driver "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
