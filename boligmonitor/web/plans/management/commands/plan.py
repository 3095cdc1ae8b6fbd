"""boligmonitor-web plan ...: plans as files and documents from the command line.

  plan list                                        the plans (id, key, kind, status, title)
  plan export ID|KEY [--out F]                      the plan file (YAML; stdout without --out)
  plan import FILE [--vintage V] [--replace]       a plan file: checked against the vintage, all or nothing
  plan report ID|KEY --year Y --format json|docx|pdf|xlsx [--out F] [--vintage V] [--lang da|en]

Import checks the file's shape (unknown keys, wrong values) and its references (areas, indicators, themes, activity
keys) against the vintage (default: the published one); on any problem it prints every problem with its place in
the file and imports nothing. A key that exists already is refused unless --replace, which saves the file as a new
version of that plan (a signed agreement's content then waits, as a revision, for its board). The command acts as
the administrator and is audited like the web.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from boligmonitor.errors import NotFound, UserError
from boligmonitor.plans.files import PlanFileError, dump_plan, load_plan_file
from boligmonitor.plans.model import PlanFile
from boligmonitor.plans.report import annual_report
from boligmonitor.rules.texts import Text
from boligmonitor.web import models as m
from boligmonitor.web.access import Viewer
from boligmonitor.web.command_help import MESSAGES_LANG, HelpedCommand, said
from boligmonitor.web.plans import actions
from boligmonitor.web.plans import models as pm
from boligmonitor.web.plans import queries as q
from boligmonitor.web.plans.data import DatabaseData
from boligmonitor.web.plans.messages import PlanRefused

SYSTEM = Viewer("admin", "boligmonitor-web plan")
NO_VINTAGE = Text("ingen dataudgave: importér og offentliggør en bundle først (boligmonitor-web import_bundle "
                  "--publish STI)", "no data vintage: import and publish a bundle first (boligmonitor-web "
                  "import_bundle --publish PATH)")


def _vintage(vid: int | None, lang: str) -> m.Vintage:
    if vid is not None:
        v = m.Vintage.objects.filter(pk=vid).first()
        if v is None:
            raise CommandError(Text(f"ingen dataudgave med id {vid}", f"no data vintage with id {vid}").pick(lang))
        return v
    v = m.Vintage.objects.filter(published=True).first()
    if v is None:
        raise CommandError(NO_VINTAGE.pick(lang))
    return v


def _plan(ref: str, lang: str) -> pm.Plan:
    plan = pm.Plan.objects.filter(pk=int(ref)).first() if ref.isdigit() else None
    plan = plan or pm.Plan.objects.filter(key=ref).first()
    if plan is None:
        raise CommandError(Text(f"ingen plan med id eller nøgle '{ref}' (se 'boligmonitor-web plan list')",
                                f"no plan with id or key '{ref}' (see 'boligmonitor-web plan list')").pick(lang))
    return plan


def _write(body: bytes, out: str | None, binary: bool, lang: str) -> None:
    if out is None:
        if binary:
            raise CommandError(Text("angiv --out FIL for dette format", "give --out FILE for this format").pick(lang))
        sys.stdout.write(body.decode("utf-8"))
        return
    path = Path(out)
    if path.is_dir() or not path.parent.is_dir():
        raise CommandError(Text(f"--out {out}: skal være en fil i en mappe, der findes",
                                f"--out {out}: must be a file in a folder that exists").pick(lang))
    tmp = path.with_name(f".{path.name}.part")
    tmp.write_bytes(body)
    tmp.replace(path)  # all or nothing: no half-written file is left under the name


PLAN_REF = Text("planens id eller nøgle", "the plan's id or key")


class Command(HelpedCommand):
    help_text = Text("Planer som filer og dokumenter: list, export, import, report.",
                     "Plans as files and documents: list, export, import, report.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--lang", choices=("da", "en"), default="da",
                            help=said(MESSAGES_LANG))
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help=said(Text("planerne (id, nøgle, art, status, titel)",
                                              "the plans (id, key, kind, status, title)")))
        ex = sub.add_parser("export", help=said(Text("skriv en plan som planfil (YAML)",
                                                     "write a plan as a plan file (YAML)")))
        ex.add_argument("plan", help=said(PLAN_REF))
        ex.add_argument("--out", help=said(Text("skriv til denne fil (standard: skærmen)",
                                                "write to this file (default: standard output)")))
        im = sub.add_parser("import", help=said(Text("importér en planfil, helt eller slet ikke",
                                                     "import a plan file, all or nothing")))
        im.add_argument("file", help=said(Text("planfilen (YAML)", "the plan file (YAML)")))
        im.add_argument("--vintage", type=int, help=said(Text(
            "kontrollér henvisningerne mod denne dataudgave (standard: den offentliggjorte)",
            "check references against this vintage (default: the published one)")))
        im.add_argument("--replace", action="store_true", help=said(Text(
            "gem som en ny version af planen med denne nøgle", "save as a new version of the plan with this key")))
        rp = sub.add_parser("report", help=said(Text("skriv en plans årsrapport", "write a plan's annual report")))
        rp.add_argument("plan", help=said(PLAN_REF))
        rp.add_argument("--year", type=int, required=True, help=said(Text("rapportens år", "the report's year")))
        rp.add_argument("--format", choices=("json", "docx", "pdf", "xlsx"), default="json", help=said(Text(
            "json | docx | pdf | xlsx (standard: json; de andre kræver --out)",
            "json | docx | pdf | xlsx (default: json; the others need --out)")))
        rp.add_argument("--out", help=said(Text("skriv til denne fil (standard: skærmen, kun for json)",
                                                "write to this file (default: standard output, json only)")))
        rp.add_argument("--vintage", type=int, help=said(Text("dataudgaven (standard: den offentliggjorte)",
                                                              "the data vintage (default: the published one)")))
        for p in (im, rp, ex):
            p.add_argument("--lang", choices=("da", "en"), default=None,
                           help=said(Text("sprog (da | en; standard: da)", "language (da | en; default: da)")))

    def handle(self, *args: Any, **o: Any) -> None:
        lang = o.get("lang") or "da"
        try:
            getattr(self, f"_{o['action']}")(o, lang)
        except PlanFileError as exc:
            raise CommandError(exc.pick(lang)) from None
        except PlanRefused as exc:
            raise CommandError(exc.pick(lang)) from None
        except (UserError, NotFound) as exc:
            raise CommandError(str(exc)) from None

    def _list(self, o: dict[str, Any], lang: str) -> None:
        for p in pm.Plan.objects.order_by("pk"):
            self.stdout.write(f"{p.pk:>5}  {p.key:<32} {p.kind:<10} {p.status:<10} {p.title}")

    def _export(self, o: dict[str, Any], lang: str) -> None:
        plan = _plan(o["plan"], lang)
        text = dump_plan(PlanFile(plan=q.model_of(plan.document)))
        _write(text.encode("utf-8"), o.get("out"), False, lang)

    def _import(self, o: dict[str, Any], lang: str) -> None:
        vintage = _vintage(o.get("vintage"), lang)
        path = Path(o["file"])
        data = DatabaseData(vintage, SYSTEM)
        pf = load_plan_file(path, data)  # shape and references; raises with every problem, nothing imported
        model = pf.plan
        existing = pm.Plan.objects.filter(key=model.key).first()
        why = f"imported from {path.name}"
        if existing is not None:
            if not o["replace"]:
                raise CommandError(Text(f"{path}: der findes allerede en plan med nøglen '{model.key}' (id "
                                        f"{existing.pk}); brug --replace for at gemme filen som en ny version af den, "
                                        "eller giv planen en anden nøgle. Intet blev importeret.",
                                        f"{path}: a plan with the key '{model.key}' exists (id {existing.pk}); use "
                                        "--replace to save the file as a new version of it, or give the plan another "
                                        "key. Nothing was imported.").pick(lang))
            plan = actions.replace_document(existing, model, SYSTEM, why=why, action="import")
            verb = Text("Gemt som ny version", "Saved as a new version")
        else:
            plan = actions.create_plan(model, SYSTEM, action="import", why=why, vintage=vintage)
            verb = Text("Importeret", "Imported")
        self.stdout.write(f"{verb.pick(lang)}: {plan.pk} — {plan.key} — {plan.title}")

    def _report(self, o: dict[str, Any], lang: str) -> None:
        plan = _plan(o["plan"], lang)
        vintage = _vintage(o.get("vintage"), lang)
        year = o["year"]
        if not 2000 <= year <= 2100:
            raise CommandError(Text("--year skal være et årstal", "--year must be a year").pick(lang))
        data = q.data_for(plan, vintage, SYSTEM)
        report = annual_report(q.model_of(plan.document), data, min(year, vintage.last_data_year))
        report["year"] = year
        fmt = o["format"]
        if fmt == "json":
            body = (json.dumps(report, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        else:
            from boligmonitor.web.plans.documents import render_report

            body = render_report(report, lang=lang, fmt=fmt)
        _write(body, o.get("out"), fmt != "json", lang)
        if o.get("out"):
            self.stdout.write(Text(f"Skrevet: {o['out']}", f"Written: {o['out']}").pick(lang))
