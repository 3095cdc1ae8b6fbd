"""Web benchmark: import a national bundle, then p95 latency per page and 50 concurrent users for 60 s.

    python bench/web_bench.py --bundle bench-data/bundle-s1 [--users 50 --seconds 60 --port 8765]

The server is the production-style one (`boligmonitor-web serve`: gunicorn, 2 workers × 4 threads) on SQLite.
Users are threads with their own keep-alive connection, each looping over the lists page, an area page and the
API. Prints a table; numbers go to docs/performance.md by hand.
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
    a = ap.parse_args()
    home = Path(tempfile.mkdtemp(prefix="webbench-"))
    env = {**os.environ, "BOLIGMONITOR_HOME": str(home), "DATABASE_URL": os.environ.get(
        "DATABASE_URL", f"sqlite:///{home / 'web.sqlite3'}"), "DJANGO_SETTINGS_MODULE": "boligmonitor.web.settings"}
    _web(env, "migrate", "-v0")
    t = time.perf_counter()
    print(_web(env, "import_bundle", a.bundle).strip())
    print(f"import: {time.perf_counter() - t:.1f} s")
    manifest = json.loads((Path(a.bundle) / "manifest.json").read_text(encoding="utf-8"))
    registry = json.loads((Path(a.bundle) / "registry.json").read_text(encoding="utf-8"))
    areas = [x["area_id"] for x in registry["areas"] if x["kind"] == "statutory"]
    print(f"areas: {len(registry['areas'])} ({len(areas)} statutory), "
          f"list years {manifest['data']['list_years'][0]}–{manifest['data']['list_years'][-1]}")
    server = subprocess.Popen([sys.executable, "-m", "boligmonitor.web.manage", "serve", "--bind",
                               f"127.0.0.1:{a.port}"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
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
        for name, url in pages.items():
            times = []
            for _ in range(a.samples):
                status, dt = _get(conn, url())
                assert status == 200, (name, status)
                times.append(dt)
            print(f"{name:<12} {_p(times, 50):8.1f} {_p(times, 95):8.1f} {max(times) * 1000:8.1f}")
        _load(a, pages)
    finally:
        server.terminate()
        server.wait(timeout=10)


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
