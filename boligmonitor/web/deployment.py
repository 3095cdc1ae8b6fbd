"""Reading the deployment's environment: checked once at start-up, so a bad value stops the server with a clear
message (in Danish and English) instead of surfacing later as a 500 or as a site running with the demo key.

Plain functions without Django, so settings.py can use them before Django is configured.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping

# Names that only ever reach this machine. "testserver" is Django's test client, which opens no socket.
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]", "testserver"})
DEMO_KEY_PREFIX = "demo-only-not-secret-"
MIN_KEY_LENGTH = 40
EX_CONFIG = 78  # sysexits.h: configuration error


class DeploymentError(Exception):
    """A setting that must be fixed before the server may start; the message says how, in both languages."""


def env_int(env: Mapping[str, str], name: str, default: int, minimum: int = 0) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = minimum - 1
    if value < minimum:
        raise DeploymentError(f"{name}={raw!r}: skal være et helt tal på mindst {minimum} / must be a whole number "
                              f"of at least {minimum}.")
    return value


def loopback_only(hosts: list[str]) -> bool:
    return bool(hosts) and all(h.strip().lower() in LOOPBACK_HOSTS for h in hosts)


def secret_key_problem(key: str, debug: bool, hosts: list[str]) -> str | None:
    """Why the server must not start with this key, or None. The demo key is fine on the loopback interface."""
    if debug or loopback_only(hosts):
        return None
    if not key or key.startswith(DEMO_KEY_PREFIX) or key.startswith("django-insecure"):
        return ("BOLIGMONITOR_SECRET_KEY mangler / is missing. Webapplikationen svarer på "
                f"{', '.join(hosts)} og må ikke starte med demo-nøglen. Sæt en hemmelig nøgle, fx "
                "BOLIGMONITOR_SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))'). / "
                "The web application answers on these hosts and must not start with the demo key; set a secret key "
                "as shown.")
    if len(key) < MIN_KEY_LENGTH or len(set(key)) < 5:
        return (f"BOLIGMONITOR_SECRET_KEY er for kort eller for ensformig (mindst {MIN_KEY_LENGTH} tilfældige tegn) "
                f"/ is too short or too uniform (at least {MIN_KEY_LENGTH} random characters).")
    return None


def proxy_ssl_header(value: str) -> tuple[str, str] | None:
    """``X-Forwarded-Proto`` (or ``X-Forwarded-Proto: https``) -> Django's ``("HTTP_X_FORWARDED_PROTO", "https")``.

    Only for deployments behind a TLS proxy that sets this header itself and strips it from clients' requests;
    otherwise a client could claim https.
    """
    value = value.strip()
    if not value:
        return None
    name, _, expected = value.partition(":")
    name, expected = name.strip(), expected.strip() or "https"
    if not name or not all(c.isalnum() or c == "-" for c in name):
        raise DeploymentError(f"BOLIGMONITOR_PROXY_SSL_HEADER={value!r}: forventede et headernavn som "
                              "X-Forwarded-Proto / expected a header name such as X-Forwarded-Proto.")
    return "HTTP_" + name.upper().replace("-", "_"), expected


def stop(message: str) -> None:
    """Refuse to start: the message on stderr, exit code 78 (configuration error), no traceback."""
    print(f"boligmonitor: {message}", file=sys.stderr)
    raise SystemExit(EX_CONFIG)
