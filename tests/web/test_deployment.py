"""Start-up refuses what a deployment must not run with: no real secret key on hosts others can reach, a bad
limit; and a TLS proxy's header is honoured when (and only when) it is configured."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from boligmonitor.web import deployment

REAL_KEY = "Xq3v-9Lk_2mWz8RtYb7Nc1Pd6Hf4Js0Ua5Ge3Ko9Vi2Ql8Tx"


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOLIGMONITOR_") and k != "DATABASE_URL"}
    return {**env, "BOLIGMONITOR_HOME": str(tmp_path), "DJANGO_SETTINGS_MODULE": "boligmonitor.web.settings", **extra}


def _manage(tmp_path: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "boligmonitor.web.manage", *args], env=_env(tmp_path, **extra),
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("key", ["", deployment.DEMO_KEY_PREFIX + "x" * 40, "django-insecure-" + "a1" * 30, "short",
                                 "a" * 60])
def test_a_public_site_refuses_to_start_without_a_real_key(tmp_path: Path, key: str) -> None:
    r = _manage(tmp_path, "check", BOLIGMONITOR_ALLOWED_HOSTS="monitor.example.dk", BOLIGMONITOR_SECRET_KEY=key)
    assert r.returncode == deployment.EX_CONFIG, r.stderr
    assert "BOLIGMONITOR_SECRET_KEY" in r.stderr
    assert "Traceback" not in r.stderr


def test_the_server_command_refuses_too(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    try:
        r = _manage(tmp_path, "serve", "--bind", f"127.0.0.1:{port}", BOLIGMONITOR_ALLOWED_HOSTS="monitor.example.dk")
    except subprocess.TimeoutExpired:
        pytest.fail("the server started without a secret key")
    assert r.returncode == deployment.EX_CONFIG
    assert "mangler / is missing" in r.stderr


@pytest.mark.parametrize("extra", [
    {"BOLIGMONITOR_ALLOWED_HOSTS": "monitor.example.dk", "BOLIGMONITOR_SECRET_KEY": REAL_KEY},
    {"BOLIGMONITOR_ALLOWED_HOSTS": "monitor.example.dk", "BOLIGMONITOR_DEBUG": "1"},
    {},  # the demo: loopback hosts only
    {"BOLIGMONITOR_ALLOWED_HOSTS": "127.0.0.1,localhost,[::1]"},
])
def test_a_real_key_debug_or_loopback_starts(tmp_path: Path, extra: dict[str, str]) -> None:
    r = _manage(tmp_path, "check", **extra)
    assert r.returncode == 0, r.stderr


def test_a_bad_limit_stops_start_up_with_a_message(tmp_path: Path) -> None:
    r = _manage(tmp_path, "check", BOLIGMONITOR_SITE_MINIMUM="0")
    assert r.returncode == deployment.EX_CONFIG
    assert "BOLIGMONITOR_SITE_MINIMUM='0'" in r.stderr and "at least 1" in r.stderr


PROBE = ("from django.test import RequestFactory; "
         "r = RequestFactory().get('/', HTTP_X_FORWARDED_PROTO='https'); print(r.is_secure())")


def test_behind_a_tls_proxy_its_header_marks_requests_secure(tmp_path: Path) -> None:
    behind = _manage(tmp_path, "shell", "-c", PROBE, BOLIGMONITOR_PROXY_SSL_HEADER="X-Forwarded-Proto")
    assert behind.returncode == 0, behind.stderr
    assert behind.stdout.strip().splitlines()[-1] == "True"
    direct = _manage(tmp_path, "shell", "-c", PROBE)  # without a proxy, a client cannot claim https
    assert direct.stdout.strip().splitlines()[-1] == "False"


def test_proxy_header_and_limits_are_parsed_strictly() -> None:
    assert deployment.proxy_ssl_header("X-Forwarded-Proto") == ("HTTP_X_FORWARDED_PROTO", "https")
    assert deployment.proxy_ssl_header("X-Forwarded-Ssl: on") == ("HTTP_X_FORWARDED_SSL", "on")
    assert deployment.proxy_ssl_header("") is None
    with pytest.raises(deployment.DeploymentError, match="X-Forwarded-Proto"):
        deployment.proxy_ssl_header("X Forwarded; Proto")
    assert deployment.env_int({"N": " 7 "}, "N", 5, minimum=1) == 7
    assert deployment.env_int({}, "N", 5) == 5
    for bad in ("abc", "0", "-3"):
        with pytest.raises(deployment.DeploymentError, match="at least 1"):
            deployment.env_int({"N": bad}, "N", 5, minimum=1)
    assert deployment.loopback_only(["127.0.0.1", "LOCALHOST"]) and not deployment.loopback_only(["*"])
    assert not deployment.loopback_only([])
