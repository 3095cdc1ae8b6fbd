"""Issue 11's pages served: the map, the watchlist and the forecast, p50/p95 per request on a real server.

    python bench/watch_web_bench.py --bundle bench-data/bundle-s1-2000 [--samples 100 --port 8791 --home DIR]

Imports the bundle into a fresh SQLite database, serves it with ``boligmonitor-web serve`` (gunicorn, 2 workers x 4
threads) and times sequential requests as a national analyst (who sees every area: the public sees only the
statutory ones). The watchlist and the forecast are computed once per worker
and kept: their first requests are timed on their own ("cold", one per worker), then the samples ("warm"). The
server's CPU time per request (psutil, gunicorn and its workers) is printed too: on a shared machine the wall time
is mostly waiting for a core. Numbers go to docs/performance.md by hand.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path
from typing import Any

import psutil


def _web(env: dict[str, str], *args: str) -> str:
    return subprocess.run([sys.executable, "-m", "boligmonitor.web.manage", *args], env=env, check=True,
                          capture_output=True, text=True).stdout


def _cpu(server: psutil.Process) -> float:
    procs = [server, *server.children(recursive=True)]
    total = 0.0
    for p in procs:
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.NoSuchProcess:
            pass
    return total


COOKIES: dict[str, str] = {}


def _headers() -> dict[str, str]:
    return {"Cookie": "; ".join(f"{k}={v}" for k, v in COOKIES.items())} if COOKIES else {}


def _keep_cookies(r: http.client.HTTPResponse) -> None:
    for header in r.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        COOKIES[name.strip()] = rest.split(";", 1)[0]


def _login(port: int, username: str, password: str) -> None:
    """Log in as a browser would: the form's CSRF token, then the post; the session cookie is kept."""
    conn = _conn(port)
    conn.request("GET", "/login/", headers=_headers())
    r = conn.getresponse()
    body = r.read().decode()
    _keep_cookies(r)
    token = body.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    form = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
    conn = _conn(port)
    conn.request("POST", "/login/", body=form, headers={**_headers(), "Content-Type":
                                                           "application/x-www-form-urlencoded",
                                                           "Referer": f"http://127.0.0.1:{port}/login/"})
    r = conn.getresponse()
    answer = r.read().decode(errors="replace")
    _keep_cookies(r)
    if r.status != 302 and 'class="error"' in answer:
        print(answer[answer.index('class="error"'):][:200])
    if r.status != 302 or "sessionid" not in COOKIES:
        raise SystemExit(f"login failed: HTTP {r.status} {sorted(COOKIES)}")


def _conn(port: int) -> http.client.HTTPConnection:
    """A new connection per request: gunicorn closes an idle keep-alive connection after 2 s, which a loaded machine
    reaches between two requests (and http.client does not reconnect on its own)."""
    return http.client.HTTPConnection("127.0.0.1", port, timeout=900)


def _get(port: int, path: str, server: psutil.Process) -> tuple[int, float, float]:
    conn = _conn(port)
    c0, t = _cpu(server), time.perf_counter()
    conn.request("GET", path, headers=_headers())
    r = conn.getresponse()
    r.read()
    wall = time.perf_counter() - t
    conn.close()
    return r.status, wall, _cpu(server) - c0


def _p(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] * 1000 if len(values) > 1 else values[0] * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bundle", default="bench-data/bundle-s1-2000")
    ap.add_argument("--port", type=int, default=8791)
    ap.add_argument("--samples", type=int, default=100)
    ap.add_argument("--home", help="reuse the database of an earlier run (its folder) instead of importing again")
    ap.add_argument("--only", help="time only the requests whose name contains this (e.g. 'map'); the cold requests "
                    "of the pages left out are skipped too")
    a = ap.parse_args()
    home = Path(a.home) if a.home else Path(tempfile.mkdtemp(prefix="watchbench-"))
    env = {**os.environ, "BOLIGMONITOR_HOME": str(home), "DATABASE_URL": f"sqlite:///{home / 'web.sqlite3'}",
           "DJANGO_SETTINGS_MODULE": "boligmonitor.web.settings"}
    if not a.home:
        _web(env, "migrate", "-v0")
        t = time.perf_counter()
        print(_web(env, "import_bundle", "--publish", a.bundle).strip())
        print(f"import: {time.perf_counter() - t:.1f} s")
    password = "bench analyst password 42"
    subprocess.run([sys.executable, "-m", "boligmonitor.web.manage", "create_user", "--role", "analyst", "bench"],
                   env={**env, "BOLIGMONITOR_PASSWORD": password}, check=True, capture_output=True)
    with socket.socket() as s:
        if s.connect_ex(("127.0.0.1", a.port)) == 0:  # someone else's server: timing it would time the wrong thing
            raise SystemExit(f"port {a.port} is in use; choose another with --port")
    proc = subprocess.Popen([sys.executable, "-m", "boligmonitor.web.manage", "serve", "--bind",
                             f"127.0.0.1:{a.port}"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = psutil.Process(proc.pid)
    try:
        for _ in range(300):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", a.port)) == 0:
                    break
            time.sleep(0.1)
        time.sleep(2)
        for attempt in range(3):  # right after start a worker may still be settling; the second try has always done
            try:
                _login(a.port, "bench", password)
                break
            except SystemExit:
                if attempt == 2:
                    raise
                COOKIES.clear()
                time.sleep(3)
        rng = random.Random(1)
        # cold: the first requests build the per-worker caches (two workers: two of each)
        for path in [p for p in ("/map/", "/watchlist/", "/forecast/") if not a.only or a.only in p]:
            for _ in range(2):
                status, wall, cpu = _get(a.port, path, server)
                print(f"cold {path}: {status} {wall:.1f} s wall, {cpu:.1f} s server CPU")
        regions = [1081, 1082, 1083, 1084, 1085]
        municipalities = [101, 147, 461, 751, 851, 561, 621, 157, 173, 390]
        pages: dict[str, Any] = {
            "map, whole country, list status": lambda: "/map/",
            "map, a region": lambda: f"/map/?region={rng.choice(regions)}",
            "map, a municipality": lambda: f"/map/?municipality={rng.choice(municipalities)}",
            "map, watchlist flags": lambda: "/map/?colour=watchlist",
            "map, an indicator on every area": lambda: "/map/?indicator=residents",
            "map JSON twin": lambda: "/map.json",
            "watchlist page": lambda: f"/watchlist/?page={rng.randint(1, 4)}",
            "watchlist JSON twin": lambda: "/watchlist.json",
            "watchlist, one municipality": lambda: f"/watchlist/?municipality={rng.choice(municipalities)}",
            "forecast page": lambda: f"/forecast/?page={rng.randint(1, 4)}",
            "forecast JSON twin": lambda: "/forecast.json",
            "forecast CSV (every area)": lambda: "/forecast.csv",
        }
        print(f"| request ({a.samples} sequential, as an analyst) | wall p50 ms | wall p95 ms | server CPU p50 ms "
              "| server CPU p95 ms |")
        print("|---|---|---|---|---|")
        for name, make in [(n, f) for n, f in pages.items() if not a.only or a.only in n]:
            walls, cpus = [], []
            for _ in range(a.samples):
                status, wall, cpu = _get(a.port, make(), server)
                if status != 200:
                    raise SystemExit(f"{name}: HTTP {status}")
                walls.append(wall)
                cpus.append(cpu)
            print(f"| {name} | {_p(walls, 50):.0f} | {_p(walls, 95):.0f} | {_p(cpus, 50):.0f} | {_p(cpus, 95):.0f} |",
                  flush=True)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


if __name__ == "__main__":
    main()
