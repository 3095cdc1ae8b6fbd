"""boligmonitor-web serve [--bind 127.0.0.1:8000] [--workers N]: the production-style server (gunicorn)."""

from __future__ import annotations

import os
import sys
from typing import Any

from django.core.management.base import CommandError, CommandParser

from boligmonitor.rules.texts import Text
from boligmonitor.web.command_help import HelpedCommand, said


class Command(HelpedCommand):
    help_text = Text("Kør webapplikationen med gunicorn (stop med Ctrl+C).",
                     "Serve the web application with gunicorn (stop with Ctrl+C).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default="127.0.0.1:8000", help=said(Text(
            "adresse og port, der lyttes på (standard: 127.0.0.1:8000)",
            "address and port to listen on (default: 127.0.0.1:8000)")))
        parser.add_argument("--workers", type=int, default=2, help=said(Text(
            "antal arbejdsprocesser (standard: 2)", "number of worker processes (default: 2)")))
        parser.add_argument("--threads", type=int, default=4, help=said(Text(
            "antal tråde pr. arbejdsproces (standard: 4)", "number of threads per worker process (default: 4)")))

    def handle(self, *args: Any, **opts: Any) -> None:
        import socket

        host, _, port = opts["bind"].rpartition(":")
        with socket.socket() as probe:
            if probe.connect_ex((host or "127.0.0.1", int(port))) == 0:
                raise CommandError(said(Text(
                    f"{opts['bind']} er allerede i brug (kører en anden server?). Stop den, eller vælg en anden "
                    "adresse, fx --bind 127.0.0.1:8001 (make demo DEMO_PORT=8001).",
                    f"{opts['bind']} is already in use (another server running?). Stop it, or choose another "
                    "address, e.g. --bind 127.0.0.1:8001 (make demo DEMO_PORT=8001).")))
        argv = [sys.executable, "-m", "gunicorn", "boligmonitor.web.wsgi:application", "--bind", opts["bind"],
                "--workers", str(opts["workers"]), "--threads", str(opts["threads"]), "--access-logfile", "-",
                "--access-logformat", '%(t)s "%(r)s" %(s)s %(M)sms']
        self.stdout.write(said(Text(f"Kører på http://{opts['bind']}/ — stop med Ctrl+C",
                                    f"Serving on http://{opts['bind']}/ — stop with Ctrl+C")))
        sys.stdout.flush()
        os.execv(sys.executable, argv)
