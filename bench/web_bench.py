"""Web benchmark: import a national bundle, then p95 latency per page and 50 concurrent users for 60 s.

    python bench/web_bench.py --bundle bench-data/bundle-s1 [--users 50 --seconds 60 --port 8765] [--no-load]

The server is the production-style one (`boligmonitor-web serve`: gunicorn, 2 workers × 4 threads) on SQLite.
Users are threads with their own keep-alive connection, each looping over the lists page, an area page and the
API. Then the analyst's Monday morning (issue 12) as logged-in users: the start page of each role, the area page,
compare of 8 areas, rank (statutory areas and, the largest ranking, every area of the most common kind) and their
downloads. Prints tables; numbers go to docs/performance.md by hand.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any


def _web(env: dict[str, str], *args: str) -> str:
    return subprocess.run([sys.executable, "-m", "boligmonitor.web.manage", *args], env=env, check=True,
                          capture_output=True, text=True).stdout


def _get(conn: http.client.HTTPConnection, path: str) -> tuple[int, float]:
    t = time.perf_counter()
    conn.request("GET", path)
    r = conn.getresponse()
    r.read()
    return r.status, time.perf_counter() - t


def _p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] * 1000 if len(values) > 1 else values[0] * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bundle", default="bench-data/bundle-s1")
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--samples", type=int, default=200)
    ap.add_argument("--no-load", action="store_true", help="skip the 50-user load test")
    ap.add_argument("--reuse", default="", help="the folder of an earlier run's database (its bundle imported)")
    ap.add_argument("--only-issue12", action="store_true", help="time only the pages of issue 12")
    a = ap.parse_args()
    home = Path(a.reuse) if a.reuse else Path(tempfile.mkdtemp(prefix="webbench-"))
    env = {**os.environ, "BOLIGMONITOR_HOME": str(home), "DATABASE_URL": os.environ.get(
        "DATABASE_URL", f"sqlite:///{home / 'web.sqlite3'}"), "DJANGO_SETTINGS_MODULE": "boligmonitor.web.settings"}
    if not a.reuse:
        _web(env, "migrate", "-v0")
        t = time.perf_counter()
        print(_web(env, "import_bundle", "--publish", a.bundle).strip())  # importing alone does not publish
        print(f"import: {time.perf_counter() - t:.1f} s")
    manifest = json.loads((Path(a.bundle) / "manifest.json").read_text(encoding="utf-8"))
    registry = json.loads((Path(a.bundle) / "registry.json").read_text(encoding="utf-8"))
    areas = [x["area_id"] for x in registry["areas"] if x["kind"] == "statutory"]
    print(f"areas: {len(registry['areas'])} ({len(areas)} statutory), "
          f"list years {manifest['data']['list_years'][0]}–{manifest['data']['list_years'][-1]}")
    server = subprocess.Popen([sys.executable, "-m", "boligmonitor.web.manage", "serve", "--bind",
                               f"127.0.0.1:{a.port}"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(1200):  # up to two minutes: gunicorn starts slowly on a busy machine
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", a.port)) == 0:
                    break
            time.sleep(0.1)
        rng = random.Random(1)
        pages = {
            "lists page": lambda: f"/lists/?year={rng.randint(2010, 2025)}",
            "area page": lambda: f"/areas/{rng.choice(areas)}/",
            "API lists": lambda: f"/api/lists?year={rng.randint(2010, 2025)}",
            "API area": lambda: f"/api/areas/{rng.choice(areas)}",
        }
        conn = http.client.HTTPConnection("127.0.0.1", a.port, timeout=30)
        for _ in range(5):
            _get(conn, "/lists/")
        print(f"\n{'page':<12} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  (sequential, {a.samples} requests each)")
        for name, url in ({} if a.only_issue12 else pages).items():
            times = []
            for _ in range(a.samples):
                status, dt = _get(conn, url())
                assert status == 200, (name, status)
                times.append(dt)
            print(f"{name:<12} {_p(times, 50):8.1f} {_p(times, 95):8.1f} {max(times) * 1000:8.1f}")
        _monday(a, env, registry, manifest, server.pid)
        if not a.no_load:
            _load(a, pages)
    finally:
        server.terminate()
        server.wait(timeout=10)


PASSWORD = "web-bench-password-1234"


def _login(port: int, username: str) -> str:
    """Log in through the login form (CSRF token and all); the session cookie to send with each request."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/login/")
    r = conn.getresponse()
    page = r.read().decode()
    csrf = next(c.split(";")[0].split("=", 1)[1] for c in r.headers.get_all("Set-Cookie") or []
                if c.startswith("csrftoken="))
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    body = f"csrfmiddlewaretoken={token}&username={username}&password={PASSWORD}&next=/"
    conn.request("POST", "/login/", body, {"Content-Type": "application/x-www-form-urlencoded",
                                           "Cookie": f"csrftoken={csrf}", "Referer": f"http://127.0.0.1:{port}/login/"})
    r = conn.getresponse()
    r.read()
    session = next((c.split(";")[0] for c in r.headers.get_all("Set-Cookie") or [] if c.startswith("sessionid=")),
                   None)
    if session is None:
        raise SystemExit(f"login as {username} failed: HTTP {r.status} (throttled, or a wrong password?)")
    return f"{session}; csrftoken={csrf}"


def _get_as(conn: http.client.HTTPConnection, path: str, cookie: str) -> tuple[int, float]:
    t = time.perf_counter()
    conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    r = conn.getresponse()
    r.read()
    return r.status, time.perf_counter() - t


def _monday(a: argparse.Namespace, env: dict[str, str], registry: dict[str, Any], manifest: dict[str, Any],
            server_pid: int) -> None:
    """The pages of issue 12 as their users see them, sequentially: p50/p95/max wall time per page, and the
    server's CPU time per request (gunicorn and its workers; with one request at a time the difference around a
    request is its cost, whatever else runs on this shared machine)."""
    import psutil

    tree = [psutil.Process(server_pid), *psutil.Process(server_pid).children(recursive=True)]

    def server_cpu() -> float:
        return sum(sum(proc.cpu_times()[:2]) for proc in tree)

    areas = registry["areas"]
    statutory = [x for x in areas if x["kind"] == "statutory"]
    municipality = statutory[0]["municipality_code"]
    for name, extra in (("bench-analyst", ["--role", "analyst"]),
                        ("bench-municipality", ["--role", "municipality", "--municipality", str(municipality)])):
        subprocess.run([sys.executable, "-m", "boligmonitor.web.manage", "create_user", name, *extra],
                       env={**env, "BOLIGMONITOR_PASSWORD": PASSWORD}, check=True, capture_output=True)
    cookies = {"public": "", "analyst": _login(a.port, "bench-analyst"),
               "municipality": _login(a.port, "bench-municipality")}
    kinds: dict[str, int] = {}
    for x in areas:
        kinds[x["kind"]] = kinds.get(x["kind"], 0) + 1
    biggest = max(kinds, key=lambda k: kinds[k])
    years = list(range(manifest["data"]["data_years"][0], manifest["data"]["data_years"][-1] + 1))
    rng = random.Random(2)

    def eight() -> str:
        return "&".join(f"area={x['area_id']}" for x in rng.sample(areas, 8))

    pages: dict[str, tuple[str, Any]] = {
        "start, public": ("public", lambda: "/"),
        "start, municipality": ("municipality", lambda: "/"),
        "start, analyst": ("analyst", lambda: "/"),
        "area page": ("analyst", lambda: f"/areas/{rng.choice(areas)['area_id']}/"),
        "compare 8 (HTML)": ("analyst", lambda: f"/compare/?{eight()}&year={rng.choice(years)}"),
        "compare 8 (JSON)": ("analyst", lambda: f"/compare.json?{eight()}"),
        "compare 8 (XLSX)": ("analyst", lambda: f"/compare.xlsx?{eight()}"),
        "rank statutory": ("analyst", lambda: f"/rank/?indicator=nonwestern_share&year={rng.choice(years)}"),
        f"rank {biggest} ({kinds[biggest]})": (
            "analyst", lambda: f"/rank/?indicator=outside_labour_18_64&kind={biggest}&year={rng.choice(years)}"),
        f"rank {biggest} CSV": ("analyst", lambda: f"/rank.csv?indicator=residents&kind={biggest}"
                                                   f"&year={rng.choice(years)}"),
        "map table CSV": ("analyst", lambda: f"/map.csv?indicator=residents&year={rng.choice(years)}"),
    }
    conns = {role: http.client.HTTPConnection("127.0.0.1", a.port, timeout=60) for role in cookies}
    print(f"\nissue 12 pages ({len(areas)} areas; {kinds}); sequential, {a.samples} requests each")
    print(f"{'page':<28} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'CPU p50':>8} {'CPU p95':>8}")
    for name, (role, url) in pages.items():
        for _ in range(3):  # warm: each worker's caches, as in a running server
            _get_as(conns[role], url(), cookies[role])
        times, cpu = [], []
        for _ in range(a.samples):
            before = server_cpu()
            status, dt = _get_as(conns[role], url(), cookies[role])
            cpu.append(server_cpu() - before)
            assert status == 200, (name, status)
            times.append(dt)
        print(f"{name:<28} {_p(times, 50):8.1f} {_p(times, 95):8.1f} {max(times) * 1000:8.1f} "
              f"{_p(cpu, 50):8.1f} {_p(cpu, 95):8.1f}")


def _load(a: argparse.Namespace, pages: dict[str, object]) -> None:
    stop = time.monotonic() + a.seconds
    lock = threading.Lock()
    times: list[float] = []
    errors: list[str] = []

    def user(seed: int) -> None:
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", a.port, timeout=30)
        while time.monotonic() < stop:
            name = rng.choice(list(pages))
            try:
                status, dt = _get(conn, pages[name]())  # type: ignore[operator]
            except OSError as exc:
                with lock:
                    errors.append(f"{name}: {exc}")
                conn = http.client.HTTPConnection("127.0.0.1", a.port, timeout=30)
                continue
            with lock:
                times.append(dt)
                if status != 200:
                    errors.append(f"{name}: HTTP {status}")

    threads = [threading.Thread(target=user, args=(i,)) for i in range(a.users)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    print(f"\nload: {a.users} users for {a.seconds} s: {len(times)} requests ({len(times) / a.seconds:.0f}/s), "
          f"{len(errors)} errors, p50 {_p(times, 50):.0f} ms, p95 {_p(times, 95):.0f} ms")
    for e in errors[:5]:
        print("  ", e)


if __name__ == "__main__":
    main()
