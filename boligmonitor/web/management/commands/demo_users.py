"""boligmonitor-web demo_users: one account per role, scoped to areas in the published vintage; prints them.

The accounts are made like every other (web/users.py): audited, with the command line as the actor."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.management.base import CommandError

from boligmonitor.rules.texts import Text
from boligmonitor.web import models as m
from boligmonitor.web import users
from boligmonitor.web.command_help import HelpedCommand, said


class Command(HelpedCommand):
    help_text = Text("Opret (eller nulstil) én demokonto pr. rolle med nye tilfældige adgangskoder, og udskriv dem.",
                     "Create (or reset) one demo account per role with fresh random passwords and print them.")

    def handle(self, *args: Any, **opts: Any) -> None:
        v = m.Vintage.objects.filter(published=True).first()
        if v is None:
            raise CommandError(said(Text("importér et bundt først (boligmonitor-web import_bundle --publish STI)",
                                         "import a bundle first (boligmonitor-web import_bundle --publish PATH)")))
        area = m.Area.objects.filter(vintage=v, kind="statutory").order_by("area_id").first()
        plan = m.Area.objects.filter(vintage=v).exclude(kind="statutory").order_by("area_id").first()
        if area is None:
            raise CommandError(said(Text("den offentliggjorte dataudgave har ingen lovbestemte områder",
                                         "the published vintage has no statutory areas")))
        org = (area.org_ids or [""])[0]
        board_areas = [plan.area_id] if plan else [area.area_id]
        accounts = [
            ("admin", "admin", {}, Text("alt, også import og revisionsloggen",
                                        "everything, plus import and the audit log")),
            ("analytiker", "analyst", {}, Text("alle områder og indikatorer, alle dataudgaver",
                                               "every area and indicator, every vintage")),
            ("kommune", "municipality", {"municipality_code": area.municipality_code},
             Text(f"fulde profiler i kommune {area.municipality_code}",
                  f"full profiles in municipality {area.municipality_code}")),
            ("boligorg", "organisation", {"org_id": org},
             Text(f"fulde profiler af områder med afdelinger i {org}",
                  f"full profiles of areas with afdelinger of {org}")),
            ("bestyrelse", "board", {"area_ids": board_areas},
             Text(f"kun læse, planområde(r) {', '.join(board_areas)}",
                  f"read-only, the plan area(s) {', '.join(board_areas)}")),
        ]
        self.stdout.write(said(Text("Demokonti (adgangskoderne er nye, hver gang dette køres):",
                                    "Demo accounts (passwords are new each time this runs):")))
        for username, role, scope, what in accounts:
            password = secrets.token_urlsafe(12)
            try:
                users.create_or_reset(None, username, password, users.Scope(role, **scope))  # audited
            except users.Refused as exc:
                raise CommandError(f"{username}: {said(exc.text)}") from None
            self.stdout.write(f"  {username:<11} {password:<18} {role:<13} {said(what)}")
        self.stdout.write(said(Text(
            "  (uden login) offentligt: de offentliggjorte lister og den offentlige profil af lovbestemte områder",
            "  (no login)  public: the published lists and the public profile of statutory areas")))
