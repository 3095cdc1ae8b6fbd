"""boligmonitor-web create_user NAME --role ROLE [--municipality N] [--org ID] [--area ID ...] [--lang da|en]

Creates the account, or resets an existing one's role, scope and password, through the same functions as the web's
account pages (``web/users.py``): the same rules for names, passwords and scopes, and the same audit entries, with
the command line as the actor. The password is read from BOLIGMONITOR_PASSWORD or asked for (never given on the
command line, where it would end up in the shell history and the process list)."""

from __future__ import annotations

import getpass
import os
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import translation

from boligmonitor.rules.texts import Text
from boligmonitor.web import models as m
from boligmonitor.web import users
from boligmonitor.web.command_help import MESSAGES_LANG, HelpedCommand, said

SAVED = Text("Bruger {name} ({role}) oprettet.", "User {name} ({role}) created.")
RESET = Text("Bruger {name} ({role}): rolle, område og adgangskode sat.", "User {name} ({role}): role, scope and "
                                                                          "password set.")


class Command(HelpedCommand):
    help_text = Text("Opret en konto med en rolle og dens område, eller nulstil en eksisterende (registreres i "
                     "revisionsloggen med kommandolinjen som aktør). Adgangskoden læses fra BOLIGMONITOR_PASSWORD "
                     "eller spørges om.",
                     "Create or reset an account with a role and its scope (audited, with the command line as the "
                     "actor). The password is read from BOLIGMONITOR_PASSWORD or asked for.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help=said(Text("brugernavnet", "the user name")))
        parser.add_argument("--role", required=True, choices=[r for r, _ in m.Profile.ROLES], help=said(Text(
            "rollen: admin (administrator), analyst (national analytiker), municipality (kommune), organisation "
            "(boligorganisation) eller board (bestyrelsesmedlem)",
            "the role: admin, analyst (national analyst), municipality, organisation (housing organisation) or "
            "board (board member)")))
        parser.add_argument("--municipality", type=int, help=said(Text(
            "rollen municipality: kommunekoden fra Danmarks Statistik", "municipality role: the DST municipality "
            "code")))
        parser.add_argument("--org", default="", help=said(Text("rollen organisation: boligorganisationens org_id",
                                                                    "organisation role: the org_id")))
        parser.add_argument("--area", action="append", default=[], help=said(Text(
            "rollen board: et område i planen (gentag for flere)",
            "board role: an area of the plan (repeat for more)")))
        parser.add_argument("--lang", choices=("da", "en"), default="da", help=said(MESSAGES_LANG))

    def handle(self, *args: Any, **o: Any) -> None:
        lang = o["lang"]
        with translation.override(lang):  # Django's password validators answer in the active language
            try:
                scope = users.command_scope(o["role"], o["municipality"], o["org"].strip(),
                                            [a.strip() for a in o["area"] if a.strip()])
                password = os.environ.get("BOLIGMONITOR_PASSWORD") or getpass.getpass("Password: ")
                created = users.create_or_reset(None, o["username"], password, scope)
            except users.Refused as exc:
                option = {"username": "NAME", "password": "BOLIGMONITOR_PASSWORD"}.get(exc.field, f"--{exc.field}")
                raise CommandError(f"{option}: {exc.text.pick(lang)}") from None
        done = SAVED if created else RESET
        role = users.ROLE_TEXTS[scope.role].pick(lang)
        self.stdout.write(done.format(name=o["username"], role=role).pick(lang))
