"""Plans benchmark (issue 10): 200 plans over a national bundle of 2,000 areas, each plan 4 focus areas × 10 goals
× 2 indicators over 10 years. Times the annual report (the core's report dict and its JSON), the documents (DOCX,
PDF, XLSX of the annual report; DOCX and PDF of the agreement) and, with ``--web``, the plan page and the annual
report's JSON twin served by ``boligmonitor-web serve``.

    python bench/plans_bench.py --bundle bench-data/bundle-s1-2000 [--plans 200 --samples 20 --web]

Bars: plan page and annual-report JSON p95 < 200 ms; DOCX < 2 s; PDF < 4 s. A benchmark, not a test: it prints a
table, and the numbers go to docs/performance.md ("Plans") by hand.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FOCUS = [("uddannelse", "Uddannelse og livschancer", "uddannelse_og_livschancer"),
         ("beskaeftigelse", "Beskæftigelse", "beskaeftigelse"),
         ("kriminalitet", "Kriminalitetsforebyggelse", "kriminalitetsforebyggelse"),
         ("faellesskab", "Sammenhængskraft og medborgerskab", "sammenhaengskraft_og_medborgerskab")]
GOALS, MEASURES, YEARS = 10, 2, 10


def indicators() -> list[str]:
    """The catalogue's shares and means (what goals are measured by), plus the two survey indicators of the
    2019-26 period, which take hand-entered values."""
    from boligmonitor.indicators.catalogue import INDICATOR_BY_ID

    return [k for k, v in INDICATOR_BY_ID.items() if v.kind in ("share", "mean")] + ["tryghed", "frivilligt_arbejde"]


def target(rng: random.Random, by: int, k: int) -> dict[str, Any] | None:
    kind = k % 4
    if kind == 0:
        return {"kind": "absolute", "value": round(rng.uniform(0.1, 0.6), 2), "by": by,
                "direction": rng.choice(["at_least", "at_most"])}
    if kind == 1:
        return {"kind": "relative", "reference": rng.choice(["municipality", "nation"]),
                "close_gap": rng.choice([0.5, 1.0]), "by": by}
    if kind == 2:
        return {"kind": "change", "change": rng.choice([-0.5, -0.2, 0.1]), "by": by}
    return None


def make_plan(i: int, area: dict[str, Any], names: list[str], first_year: int, rng: random.Random) -> dict[str, Any]:
    """One agreement as a plan-file dict: 4 focus areas × 10 goals × 2 indicators, 10 years of budget, milestones
    and annual reports, a list target."""
    start = first_year
    end = start + YEARS - 1
    focus_areas = []
    k = 0
    for fkey, ftitle, theme in FOCUS:
        goals = []
        for g in range(GOALS):
            measures = []
            for _ in range(MEASURES):
                measures.append({"indicator": names[k % len(names)], "target": target(rng, end, k)})
                k += 1
            goals.append({"key": f"{fkey}-{g}", "title": f"{ftitle}: mål {g + 1}", "measured_by": measures})
        activities = [{"key": f"{fkey}-akt-{a}", "title": f"Aktivitet {a + 1} ({ftitle})", "responsible": "Kommunen",
                       "partners": ["Skolen", "Jobcentret"], "status": "running", "outputs": ["20 deltagere"]}
                      for a in range(5)]
        focus_areas.append({
            "key": fkey, "title": ftitle, "theme": theme, "problem_complex": "Tal og tekst om udfordringerne. " * 8,
            "goals": goals, "delaftale": {"sub_goals": ["Delmål 1", "Delmål 2"], "activities": activities},
            "theory_of_change": {"activities": [a["key"] for a in activities[:3]],
                                 "outputs": ["Output 1", "Output 2", "Output 3"],
                                 "outcomes": [{"text": f"Resultat på {h} sigt", "horizon": h} for h in
                                              ("short", "medium", "long")],
                                 "assumptions": ["En forudsætning"], "risks": ["En risiko"]}})
    focus_areas[0]["goals"][0]["measured_by"][1] = {
        "indicator": "udsatte-lister", "target": {"kind": "list", "lists": ["udsat_boligomraade", "parallelsamfund"],
                                                  "at_most": 0, "by": end}}
    budget = [{"year": y, "party": p, "source": s, "amount": a, "spent": a * 0.9 if y < end else None,
               "activity": f"{FOCUS[y % 4][0]}-akt-0"}
              for y in range(start + 1, end + 1)
              for p, s, a in (("Landsbyggefonden", "lbf", 750000.0), ("Kommunen", "municipality", 200000.0),
                              ("Boligorganisationen", "housing_organisation", 50000.0))]
    return {
        "kind": "agreement", "key": f"bench-{i:03d}", "title": f"Helhedsplan {area['name']}",
        "funding_period": "lbf_2019_26", "areas": [area["area_id"]],
        "parties": [{"name": "Boligorganisationen", "role": "housing_organisation",
                     "signatories": [{"name": "Direktøren", "signed": f"{start}-01-15"}]},
                    {"name": "Kommunen", "role": "municipality", "municipality": int(area["municipality_code"]),
                     "signatories": [{"name": "Kommunaldirektøren"}]}],
        "period": {"start": f"{start + 1}-01-01", "end": f"{end}-12-31"}, "baseline_year": start,
        "about_area": "Om boligområdet. " * 20, "vision": "Visionen. " * 10, "strategy": "Strategien. " * 10,
        "working_principles": ["Til stede", "Dialog", "Brobygning"],
        "organisation": {"administering_organisation": "Boligorganisationen",
                         "bodies": [{"key": "bestyrelse", "name": "Bestyrelsen", "kind": "board",
                                     "members": [{"name": f"Medlem {m}", "role": "chair" if m == 0 else "member"}
                                                 for m in range(6)]}]},
        "interplay": "Samspil. " * 10, "local_evaluation": "Evaluering. " * 10, "revision_procedure": "Revision.",
        "focus_areas": focus_areas, "budget": budget,
        "milestones": [{"key": f"m{y}", "title": f"Milepæl {y}", "due": f"{y}-06-30",
                        "status": "done" if y < end - 2 else "open"} for y in range(start + 1, end + 1)],
        "attachments": [{"kind": "beredskabsplan", "title": "Beredskabsplan"},
                        {"kind": "kommissorium", "title": "Kommissorium"}],
        "reports": [{"year": y, "status": "approved", "approved": f"{y + 1}-03-01", "approved_by": "Bestyrelsen"}
                    for y in range(start + 1, end)],
        "manual_values": [{"indicator": ind, "year": y, "value": round(rng.uniform(0.5, 0.9), 2),
                           "source": "Tryghedsmåling"} for ind in ("tryghed", "frivilligt_arbejde")
                          for y in (start, start + 4, start + 8)],
    }


def generate(bundle: Path, n: int, seed: int = 1) -> tuple[list[dict[str, Any]], int]:
    """``n`` plans over distinct areas of the bundle, and the year of their newest annual report (each plan has an
    approved report for every year of its period but the last, which is still running)."""
    registry = json.loads((bundle / "registry.json").read_text(encoding="utf-8"))
    manifest = json.loads((bundle / "manifest.json").read_text(encoding="utf-8"))
    last = int(manifest["data"]["data_years"][-1])
    rng = random.Random(seed)
    areas = sorted(registry["areas"], key=lambda a: a["area_id"])
    rng.shuffle(areas)
    names = indicators()
    return [make_plan(i, a, names, last - YEARS + 1, rng) for i, a in enumerate(areas[:n])], last - 1


def timed(fn: Callable[[], Any]) -> tuple[float, float]:
    """(wall, CPU) seconds of one call. CPU time (all threads of this process) is reported too: on a shared
    machine the wall time also measures everyone else's work."""
    t, c = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - t, time.process_time() - c


def _p95(values: list[float]) -> float:
    v = sorted(values)
    return v[math.ceil(0.95 * len(v)) - 1]  # nearest rank: a value that was measured


def row(name: str, runs: list[tuple[float, float | None]], bar: str = "") -> str:
    wall = [w * 1000 for w, _ in runs]
    cpu = [c * 1000 for _, c in runs if c is not None]
    cpu_text = f"{statistics.median(cpu):.0f} | {_p95(cpu):.0f}" if cpu else "– | –"
    return (f"| {name} | {statistics.median(wall):.0f} | {_p95(wall):.0f} | {max(wall):.0f} | {cpu_text} | "
            f"{len(runs)} | {bar} |")


HEADER = ("| step | wall p50 ms | wall p95 ms | wall max ms | CPU p50 ms | CPU p95 ms | n | bar |\n"
          "|---|---|---|---|---|---|---|---|")


def documents(plans: list[dict[str, Any]], year: int, bundle: Path, samples: int) -> None:
    from boligmonitor.plans.data import BundleData
    from boligmonitor.plans.model import Agreement
    from boligmonitor.plans.report import annual_report
    from boligmonitor.runs.bundle import open_bundle
    from boligmonitor.web.plans.documents import render_agreement, render_report

    t = time.perf_counter()
    data = BundleData(open_bundle(bundle))
    print(f"vintage loaded for plans: {time.perf_counter() - t:.1f} s")
    models = [Agreement.model_validate(p) for p in plans]
    today = dt.date(year + 1, 6, 1)
    report_runs, json_runs, reports = [], [], []
    for m in models:
        report_runs.append(timed(lambda m=m: reports.append(annual_report(m, data, year, today=today))))
        json_runs.append(timed(lambda: json.dumps(reports[-1], ensure_ascii=False)))
    goals = len(reports[0]["goals"])
    print(f"{len(models)} plans; goal rows in a report: {goals} (the period's fixed ones + the plan's own)")
    print(HEADER)
    print(row("annual report dict (core, per plan)", report_runs))
    print(row("its JSON", json_runs))
    sample = list(range(0, len(models), max(1, len(models) // samples)))[:samples]
    for fmt, bar in (("docx", "< 2 s"), ("pdf", "< 4 s"), ("xlsx", "")):
        runs = [timed(lambda i=i, fmt=fmt: render_report(reports[i], fmt=fmt)) for i in sample]
        print(row(f"annual report {fmt.upper()}", runs, bar))
    for fmt, bar in (("docx", "< 2 s"), ("pdf", "< 4 s")):
        runs = [timed(lambda i=i, fmt=fmt: render_agreement(models[i], reports[i], fmt=fmt)) for i in sample]
        print(row(f"agreement {fmt.upper()}", runs, bar))


# -- the web application ----------------------------------------------------------------------------------------------

IMPORT = """
import json, sys, django
django.setup()
from django.core.management import call_command
from boligmonitor.web.plans import models as pm
for f in sys.argv[1:]:
    call_command("plan", "import", f, stdout=open("/dev/null", "w"))
print(json.dumps(sorted(pm.Plan.objects.filter(key__startswith="bench-").values_list("pk", flat=True))))
"""


def web(files: list[Path], year: int, bundle: Path, samples: int, port: int, keep: str = "") -> None:
    """Import the bundle and the plans into a fresh SQLite database, serve it as production does (gunicorn), log
    in as a national analyst (who may read every plan) and time the plan page, its JSON twin, the annual report
    page and its JSON twin, and the documents as downloaded."""
    import http.cookiejar
    import os
    import re
    import socket
    import subprocess
    import tempfile
    import urllib.parse
    import urllib.request

    home = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="plansbench-"))
    home.mkdir(parents=True, exist_ok=True)
    password = "bench password 42"
    env = {**os.environ, "BOLIGMONITOR_HOME": str(home), "DATABASE_URL": f"sqlite:///{home / 'web.sqlite3'}",
           "DJANGO_SETTINGS_MODULE": "boligmonitor.web.settings", "BOLIGMONITOR_PASSWORD": password}

    def manage(*args: str) -> str:
        return subprocess.run([sys.executable, "-m", "boligmonitor.web.manage", *args], env=env, check=True,
                              capture_output=True, text=True).stdout

    kept = home / "plan-ids.json"
    if kept.exists():  # --keep: the database of an earlier run, imports skipped (they take ~5 min)
        ids = json.loads(kept.read_text())
        print(f"reusing the database in {home} ({len(ids)} plans)")
    else:
        manage("migrate", "-v0")
        t = time.perf_counter()
        manage("import_bundle", "--publish", str(bundle))
        print(f"bundle imported: {time.perf_counter() - t:.1f} s")
        manage("create_user", "analyst", "--role", "analyst")
        t = time.perf_counter()
        ids = json.loads(subprocess.run([sys.executable, "-c", IMPORT, *map(str, files)], env=env, check=True,
                                        capture_output=True, text=True, cwd=ROOT).stdout.strip().splitlines()[-1])
        print(f"{len(ids)} plans imported through 'boligmonitor-web plan import': {time.perf_counter() - t:.1f} s")
        kept.write_text(json.dumps(ids))
    server = subprocess.Popen([sys.executable, "-m", "boligmonitor.web.manage", "serve", "--bind",
                               f"127.0.0.1:{port}"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        base = f"http://127.0.0.1:{port}"
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        form = opener.open(f"{base}/login/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
        assert token, "no CSRF token on the login page"
        body = urllib.parse.urlencode({"username": "analyst", "password": password,
                                       "csrfmiddlewaretoken": token[1]}).encode()
        opener.open(urllib.request.Request(f"{base}/login/", body, headers={"Referer": f"{base}/login/"})).read()

        import psutil

        tree = [psutil.Process(server.pid), *psutil.Process(server.pid).children(recursive=True)]

        def server_cpu() -> float:
            """CPU seconds the server (gunicorn and its workers) has used: with one request at a time, the
            difference around a request is that request's CPU time, whatever else runs on the machine."""
            return sum(sum(p.cpu_times()[:2]) for p in tree)

        def get(path: str) -> tuple[float, float | None]:
            c, t = server_cpu(), time.perf_counter()
            with opener.open(base + path) as r:
                assert r.status == 200, (path, r.status)
                r.read()
            return time.perf_counter() - t, server_cpu() - c

        rng = random.Random(2)
        for _ in range(5):
            get(f"/plans/{ids[0]}/")
        pages = {"plan page (HTML)": "/plans/{id}/", "plan page JSON twin": "/plans/{id}.json",
                 "annual report page (HTML)": "/plans/{id}/reports/{year}/",
                 "annual report JSON": "/plans/{id}/reports/{year}.json"}
        print(f"\nweb, sequential requests to random plans (CPU: the server's, per request)\n{HEADER}")
        for name, pattern in pages.items():
            runs = [get(pattern.format(id=rng.choice(ids), year=year)) for _ in range(max(samples, 100))]
            print(row(name, runs, "p95 < 200 ms"))
        for name, pattern, bar in (("agreement DOCX (download)", "/plans/{id}.docx", "< 2 s"),
                                   ("agreement PDF (download)", "/plans/{id}.pdf", "< 4 s"),
                                   ("annual report DOCX (download)", "/plans/{id}/reports/{year}.docx", "< 2 s"),
                                   ("annual report PDF (download)", "/plans/{id}/reports/{year}.pdf", "< 4 s")):
            runs = [get(pattern.format(id=i, year=year)) for i in rng.sample(ids, min(samples, len(ids)))]
            print(row(name, runs, bar))
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bundle", default="bench-data/bundle-s1-2000")
    ap.add_argument("--plans", type=int, default=200)
    ap.add_argument("--samples", type=int, default=20, help="documents rendered (spread over the plans)")
    ap.add_argument("--out", default="", help="also write the plans as plan files (YAML) into this folder")
    ap.add_argument("--web", action="store_true", help="also time the plan pages served by boligmonitor-web")
    ap.add_argument("--port", type=int, default=8766)
    ap.add_argument("--no-documents", action="store_true", help="skip the documents timed in this process")
    ap.add_argument("--keep", default="", help="web: keep the database in this folder and reuse it next time")
    a = ap.parse_args()
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "boligmonitor.web.settings")
    bundle = Path(a.bundle)
    t = time.perf_counter()
    plans, year = generate(bundle, a.plans)
    print(f"generated {len(plans)} plans in {time.perf_counter() - t:.1f} s; report year {year}")
    folder = Path(a.out) if a.out else None
    if folder is None and a.web:
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix="plansbench-files-"))
    files = write_files(plans, folder) if folder is not None else []
    if not a.no_documents:
        documents(plans, year, bundle, a.samples)
    if a.web:
        web(files, year, bundle, a.samples, a.port, a.keep)


def write_files(plans: list[dict[str, Any]], folder: Path) -> list[Path]:
    from boligmonitor.plans.files import dump_plan
    from boligmonitor.plans.model import PlanFile

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for p in plans:
        path = folder / f"{p['key']}.yaml"
        path.write_text(dump_plan(PlanFile.model_validate({"format": 1, "plan": p})), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    main()
