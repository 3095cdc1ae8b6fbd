"""boligmonitor-web import_bundle PATH [--no-publish]: verify and import an aggregate bundle, all or nothing."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from boligmonitor.errors import BoligmonitorError
from boligmonitor.web.actions import import_bundle


class Command(BaseCommand):
    help = "Import an aggregate bundle (a folder written by 'boligmonitor run')."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--no-publish", action="store_true", help="import without making it the published vintage")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            result = import_bundle(opts["path"], publish=not opts["no_publish"])
        except BoligmonitorError as exc:
            raise CommandError(str(exc)) from None
        v = result.vintage
        verb = "Imported" if result.created else "Already imported (nothing changed)"
        self.stdout.write(f"{verb}: vintage {v.pk} — {v.label} — checksum {v.checksum[:12]}…"
                          + (" — published" if v.published else ""))
