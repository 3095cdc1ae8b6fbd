"""boligmonitor-web create_user NAME --role ROLE [--municipality N] [--org ID] [--area ID ...]

The password is read from BOLIGMONITOR_PASSWORD or asked for (never given on the command line, where it would end
up in the shell history and the process list)."""

from __future__ import annotations

import getpass
import os
from typing import Any

from django.contrib.auth.password_validation import ValidationError, validate_password
from django.core.management.base import BaseCommand, CommandError, CommandParser

from boligmonitor.web import models as m
from boligmonitor.web.actions import create_user


class Command(BaseCommand):
    help = "Create or reset an account with a role and its scope."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=[r for r, _ in m.Profile.ROLES])
        parser.add_argument("--municipality", type=int, help="municipality role: the DST municipality code")
        parser.add_argument("--org", default="", help="organisation role: the org_id")
        parser.add_argument("--area", action="append", default=[], help="board role: an area of the plan")

    def handle(self, *args: Any, **o: Any) -> None:
        if o["role"] == "municipality" and o["municipality"] is None:
            raise CommandError("the municipality role needs --municipality CODE")
        if o["role"] == "organisation" and not o["org"]:
            raise CommandError("the organisation role needs --org ORG_ID")
        if o["role"] == "board" and not o["area"]:
            raise CommandError("the board role needs at least one --area AREA_ID")
        password = os.environ.get("BOLIGMONITOR_PASSWORD") or getpass.getpass("Password: ")
        try:
            validate_password(password)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        create_user(o["username"], password, o["role"], o["municipality"], o["org"], o["area"])
        self.stdout.write(f"User {o['username']} ({o['role']}) saved.")
