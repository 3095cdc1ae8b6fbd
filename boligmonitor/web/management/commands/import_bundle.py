"""boligmonitor-web import_bundle PATH [--publish] [--label TEXT] [--lang da|en]: verify and import a bundle, all or
nothing.

Importing never publishes by itself: the public keeps seeing the published vintage until an administrator
publishes another one, here with ``--publish`` or on the page of vintages.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from boligmonitor.rules.texts import Text
from boligmonitor.web.actions import command_line, import_bundle
from boligmonitor.web.refusal import ImportRefused

IMPORTED = Text("Importeret", "Imported")
UNCHANGED = Text("Allerede importeret (intet ændret)", "Already imported (nothing changed)")
PUBLISHED = Text("offentliggjort", "published")
NOT_PUBLISHED = Text("ikke offentliggjort (brug --publish)", "not published (use --publish)")
TOO_LONG = Text("--label: højst 200 tegn (den har {n}); skriv en kortere betegnelse",
                "--label: at most 200 characters (it has {n}); write a shorter label")


class Command(BaseCommand):
    help = "Import an aggregate bundle (a folder written by 'boligmonitor run'); --publish also publishes it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--publish", action="store_true",
                            help="make it the published vintage (the one the public sees) after importing")
        parser.add_argument("--label", default="", help="the vintage's label, shown as typed (default: data years, "
                            "rules version and checksum, in each page's language)")
        parser.add_argument("--lang", choices=("da", "en"), default="da", help="language of the messages")

    def handle(self, *args: Any, **opts: Any) -> None:
        lang = opts["lang"]
        if len(opts["label"].strip()) > 200:
            raise CommandError(TOO_LONG.format(n=len(opts["label"].strip())).pick(lang))
        try:
            result = import_bundle(opts["path"], publish=opts["publish"], label=opts["label"],
                                   actor=command_line())  # the audit log names the command line as the actor
        except ImportRefused as exc:
            raise CommandError(exc.pick(lang)) from None
        v = result.vintage
        verb = (IMPORTED if result.created else UNCHANGED).pick(lang)
        state = (PUBLISHED if v.published else NOT_PUBLISHED).pick(lang)
        self.stdout.write(f"{verb}: {v.pk} — {v.label_in(lang)} — {v.checksum[:12]}… — {state}")
