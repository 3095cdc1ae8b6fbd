"""boligmonitor-web import_bundle PATH [--publish] [--label TEXT] [--lang da|en]: verify and import a bundle, all or
nothing.

Importing never publishes by itself: the public keeps seeing the published vintage until an administrator
publishes another one, here with ``--publish`` or on the page of vintages.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from boligmonitor.rules.texts import Text
from boligmonitor.web.actions import command_line, import_bundle
from boligmonitor.web.command_help import MESSAGES_LANG, HelpedCommand, said
from boligmonitor.web.refusal import ImportRefused

IMPORTED = Text("Importeret", "Imported")
UNCHANGED = Text("Allerede importeret (intet ændret)", "Already imported (nothing changed)")
PUBLISHED = Text("offentliggjort", "published")
NOT_PUBLISHED = Text("ikke offentliggjort (brug --publish)", "not published (use --publish)")
TOO_LONG = Text("--label: højst 200 tegn (den har {n}); skriv en kortere betegnelse",
                "--label: at most 200 characters (it has {n}); write a shorter label")


class Command(HelpedCommand):
    help_text = Text("Importér et aggregeret bundt (en mappe skrevet af 'boligmonitor run'), helt eller slet ikke; "
                     "--publish offentliggør det også.",
                     "Import an aggregate bundle (a folder written by 'boligmonitor run'), all or nothing; --publish "
                     "also publishes it.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help=said(Text("bundtets mappe", "the bundle folder")))
        parser.add_argument("--publish", action="store_true",
                            help=said(Text("gør den til den offentliggjorte dataudgave (den, offentligheden ser) efter "
                                           "importen", "make it the published vintage (the one the public sees) "
                                           "after importing")))
        parser.add_argument("--label", default="", help=said(Text(
            "dataudgavens betegnelse, vist som skrevet (standard: dataår, regelversion og kontrolsum på hver sides "
            "sprog)", "the vintage's label, shown as typed (default: data years, rules version and checksum, in each "
            "page's language)")))
        parser.add_argument("--lang", choices=("da", "en"), default="da", help=said(MESSAGES_LANG))

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
