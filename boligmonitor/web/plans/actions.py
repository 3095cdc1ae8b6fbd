"""The one layer that writes plans: create, change a section, the annual report's workflow, revisions of a signed
agreement, attachments, import. Pages, the API and the management command all call these; each is audited
(``web.actions.audit``) and all-or-nothing.

Every change is made to a copy of the document and the whole document is validated by the shared pydantic model
before anything is written; a form from an older version of the plan is refused (``expected_version``), so two
people editing at once cannot overwrite each other unseen.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from pydantic import ValidationError

from boligmonitor.plans.checks import duplicate_keys
from boligmonitor.plans.model import Agreement, PlanFile, Strategy
from boligmonitor.rules.texts import Text
from boligmonitor.web import models as m
from boligmonitor.web.access import Viewer
from boligmonitor.web.actions import audit
from boligmonitor.web.plans import access
from boligmonitor.web.plans import models as pm
from boligmonitor.web.plans.messages import NOTHING_SAVED, PlanRefused, clean_loc, parse_path, refused_by_model
from boligmonitor.web.plans.sections import merge_revision, needs_revision

PlanModel = Strategy | Agreement
Mutation = Callable[[dict[str, Any]], None]


def _refuse(kind: str, da: str, en: str, status: int = 400) -> PlanRefused:
    return PlanRefused(kind, Text(f"{da} {NOTHING_SAVED.da}", f"{en} {NOTHING_SAVED.en}"), status)


def forbidden() -> PlanRefused:
    return _refuse("forbidden", "Din rolle må ikke ændre denne plan.", "Your role may not change this plan.", 403)


def validate(doc: dict[str, Any]) -> PlanModel:
    """The whole document through the shared model; every error with its place in the plan."""
    try:
        model = PlanFile.model_validate({"format": 1, "plan": doc}).plan
    except ValidationError as exc:
        errors = [{**e, "loc": clean_loc(e["loc"])[1:]} for e in exc.errors(include_url=False)]
        raise refused_by_model(errors) from None
    # keys name focus areas, goals, activities and milestones across the plan: each once
    repeated = duplicate_keys(model)
    if repeated:
        raise refused_by_model([{"loc": parse_path(path), "type": "duplicate_key", "ctx": {"key": key}}
                                for path, key in repeated])
    return model


def dump(model: PlanModel) -> dict[str, Any]:
    return model.model_dump(mode="json")


def reference_vintage() -> m.Vintage | None:
    """The vintage a plan's areas are looked up in for its scope: the published one, else the newest."""
    return m.Vintage.objects.filter(published=True).first() or m.Vintage.objects.first()


def index_of(doc: dict[str, Any], vintage: m.Vintage | None) -> dict[str, Any]:
    """The columns pages filter on, worked out from the document (and the vintage's registry for the areas'
    municipality and owners)."""
    areas: list[str]
    orgs: set[str] = set()
    municipality: int | None
    if doc["kind"] == "strategy":
        municipality = doc["municipality"]
        orgs |= set(doc.get("organisations", []))
        scope = doc["scope"]
        if scope.get("all_almen_areas") and vintage is not None:
            # every almen area of the municipality (helhedsplan areas are unions of others: plans.geography)
            areas = list(m.Area.objects.filter(vintage=vintage, municipality_code=municipality)
                         .exclude(kind="helhedsplan").values_list("area_id", flat=True))
        else:
            areas = list(scope.get("areas", []))
        published = doc.get("status") == "published"
    else:
        areas = list(doc["areas"])
        parties = doc.get("parties", [])
        orgs |= {p["org_id"] for p in parties if p.get("org_id")}
        municipality = next((p["municipality"] for p in parties
                             if p.get("role") == "municipality" and p.get("municipality")), None)
        published = bool(doc.get("published")) and doc.get("status") != "draft"
    if vintage is not None and areas:
        rows = m.Area.objects.filter(vintage=vintage, area_id__in=areas).values_list("municipality_code", "org_ids")
        for code, owners in rows:
            orgs |= set(owners or [])
            if municipality is None:
                municipality = code
    return {"kind": doc["kind"], "key": doc["key"], "title": doc["title"][:300], "status": doc.get("status", ""),
            "published": published, "municipality_code": municipality, "areas": sorted(set(areas)),
            "orgs": sorted(orgs)}


def _store_index(plan: pm.Plan, index: dict[str, Any]) -> None:
    for field in ("kind", "key", "title", "status", "published", "municipality_code"):
        setattr(plan, field, index[field])
    plan.save()
    plan.area_rows.all().delete()
    plan.org_rows.all().delete()
    pm.PlanArea.objects.bulk_create([pm.PlanArea(plan=plan, area_id=a) for a in index["areas"]])
    pm.PlanOrganisation.objects.bulk_create([pm.PlanOrganisation(plan=plan, org_id=o) for o in index["orgs"]])
    plan._scope = (frozenset(index["areas"]), frozenset(index["orgs"]))


def _user(user: Any) -> Any:
    return user if user is not None and getattr(user, "pk", None) else None


def _version(plan: pm.Plan, doc: dict[str, Any], user: Any, action: str, why: str, in_force: bool = True) -> None:
    number = (pm.PlanVersion.objects.filter(plan=plan).order_by("-number").values_list("number", flat=True)
              .first() or 0) + 1
    pm.PlanVersion.objects.create(plan=plan, number=number, document=doc, saved_by=_user(user),
                                  username=getattr(user, "username", "") or "", action=action[:40], why=why,
                                  in_force=in_force)


# ---------------------------------------------------------------------------------------------------- create

def create_plan(model: PlanModel, viewer: Viewer, user: Any = None, request: HttpRequest | None = None,
                action: str = "create", why: str = "", vintage: m.Vintage | None = None) -> pm.Plan:
    """Store a new plan (validated already, as a model) within the creator's scope; its key must be new."""
    doc = dump(model)
    index = index_of(doc, vintage or reference_vintage())
    if not access.may_create(viewer, index["municipality_code"], index["orgs"]):
        raise _refuse("forbidden", "Du kan kun oprette planer i din egen kommune eller boligorganisation.",
                      "You may only create plans in your own municipality or housing organisation.", 403)
    try:
        with transaction.atomic():
            plan = pm.Plan(document=doc, created_by=_user(user), **{k: index[k] for k in (
                "kind", "key", "title", "status", "published", "municipality_code")})
            plan.save()
            _store_index(plan, index)
            _version(plan, doc, user, action, why)
    except IntegrityError:
        raise _refuse("duplicate_key", f"Der findes allerede en plan med nøglen '{doc['key']}'; vælg en anden nøgle.",
                      f"A plan with the key '{doc['key']}' already exists; choose another key.", 409) from None
    audit(f"plan_{action}", request, user, plan=plan.pk, key=plan.key, kind=plan.kind)
    return plan


# ---------------------------------------------------------------------------------------------------- change

def _locked(plan: pm.Plan, expected_version: int | None) -> pm.Plan:
    fresh = pm.Plan.objects.select_for_update().get(pk=plan.pk)
    if expected_version is not None and fresh.version != expected_version:
        raise _refuse("stale", "Planen er blevet ændret af en anden, siden du åbnede formularen. Åbn den igen og "
                               "gentag din ændring.",
                      "The plan was changed by someone else since you opened the form. Open it again and repeat "
                      "your change.", 409)
    return fresh


def working_document(plan: pm.Plan) -> dict[str, Any]:
    """What the content forms of a plan show: a revision's working copy if there is one, else the plan in force."""
    return copy.deepcopy(plan.pending if plan.pending is not None else plan.document)


def update(plan: pm.Plan, section: str, mutate: Mutation, viewer: Viewer, user: Any = None,
           request: HttpRequest | None = None, expected_version: int | None = None, why: str = "",
           check: Callable[[Viewer, pm.Plan], bool] = access.may_edit) -> pm.Plan:
    """Change one section: ``mutate`` edits a copy; the whole plan is validated; then saved with a new version.

    A signed agreement's content goes into the working copy of a revision instead (the board approves it)."""
    if not check(viewer, plan):
        raise forbidden()
    with transaction.atomic():
        fresh = _locked(plan, expected_version)
        fresh._scope = getattr(plan, "_scope", None)
        revision = needs_revision(fresh.document, section)
        if revision and fresh.pending_state == "proposed":
            raise _refuse("revision_pending", "En revision af aftalen venter på bestyrelsens godkendelse; den skal "
                                              "godkendes eller afvises, før aftalen kan ændres igen.",
                          "A revision of the agreement is waiting for the board's approval; it must be approved or "
                          "rejected before the agreement can be changed again.", 409)
        doc = working_document(fresh) if revision else copy.deepcopy(fresh.document)
        mutate(doc)
        new = dump(validate(doc))
        if new.get("key") != fresh.key and pm.Plan.objects.filter(key=new.get("key")).exclude(pk=fresh.pk).exists():
            raise _refuse("duplicate_key", f"Der findes allerede en plan med nøglen '{new['key']}'.",
                          f"A plan with the key '{new['key']}' already exists.", 409)
        if revision:
            fresh.pending = new
            fresh.pending_state = "editing"
        else:
            fresh.document = new
            _store_index(fresh, index_of(new, reference_vintage()))
        fresh.version += 1
        fresh.save()
        _version(fresh, new, user, f"update:{section}", why, in_force=not revision)
    audit("plan_revision_edit" if revision else "plan_update", request, user, plan=fresh.pk, section=section)
    return fresh


def replace_document(plan: pm.Plan, model: PlanModel, viewer: Viewer, user: Any = None,
                     request: HttpRequest | None = None, expected_version: int | None = None,
                     why: str = "", action: str = "replace") -> pm.Plan:
    """The whole plan at once (the API's PUT, a re-imported plan file). A signed agreement's content still goes
    through a revision."""
    new = dump(model)

    def put(doc: dict[str, Any]) -> None:
        doc.clear()
        doc.update(new)

    return update(plan, "basics", put, viewer, user, request, expected_version, why or action)


# ---------------------------------------------------------------------------------------------------- revisions

def propose_revision(plan: pm.Plan, why: str, viewer: Viewer, user: Any = None, request: HttpRequest | None = None,
                     expected_version: int | None = None) -> pm.Plan:
    """Put the working copy before the board, with the reason."""
    if not access.may_edit(viewer, plan):
        raise forbidden()
    why = why.strip()
    if not why:
        raise _refuse("why_missing", "Skriv hvorfor aftalen ændres.", "Write why the agreement is changed.")
    with transaction.atomic():
        fresh = _locked(plan, expected_version)
        if fresh.pending is None or fresh.pending_state != "editing":
            raise _refuse("no_revision", "Der er ingen ændringer at foreslå: ret aftalen først.",
                          "There are no changes to propose: change the agreement first.", 409)
        doc = copy.deepcopy(fresh.pending)
        number = max((r["number"] for r in doc.get("revisions", [])), default=0) + 1
        doc.setdefault("revisions", []).append({"number": number, "date": timezone.localdate().isoformat(),
                                                "by": viewer.username or "-", "why": why, "status": "proposed"})
        fresh.pending = dump(validate(doc))
        fresh.pending_state = "proposed"
        fresh.version += 1
        fresh.save()
        _version(fresh, fresh.pending, user, f"revision:{number}:proposed", why, in_force=False)
    audit("plan_revision_propose", request, user, plan=fresh.pk, revision=number)
    return fresh


def decide_revision(plan: pm.Plan, approve: bool, viewer: Viewer, user: Any = None,
                    request: HttpRequest | None = None, expected_version: int | None = None) -> pm.Plan:
    """The board approves (the revision comes into force) or rejects it (it is recorded, the copy is dropped)."""
    if not access.may_approve(viewer, plan):
        raise _refuse("forbidden", "Kun planens bestyrelse kan godkende eller afvise en revision.",
                      "Only the plan's board may approve or reject a revision.", 403)
    with transaction.atomic():
        fresh = _locked(plan, expected_version)
        if fresh.pending is None or fresh.pending_state != "proposed":
            raise _refuse("no_revision", "Der er ingen foreslået revision at tage stilling til.",
                          "There is no proposed revision to decide on.", 409)
        proposal = copy.deepcopy(fresh.pending)
        last = proposal["revisions"][-1]
        last["status"] = "approved" if approve else "rejected"
        last["approved_by"] = viewer.username or "-"
        if approve:
            new = dump(validate(merge_revision(fresh.document, proposal)))
        else:
            new = copy.deepcopy(fresh.document)
            new.setdefault("revisions", []).append(last)
            new = dump(validate(new))
        fresh.document = new
        fresh.pending = None
        fresh.pending_state = ""
        _store_index(fresh, index_of(new, reference_vintage()))
        fresh.version += 1
        fresh.save()
        verdict = "approved" if approve else "rejected"
        _version(fresh, new, user, f"revision:{last['number']}:{verdict}", last["why"])
    audit(f"plan_revision_{verdict}", request, user, plan=fresh.pk, revision=last["number"])
    return fresh


def discard_revision(plan: pm.Plan, viewer: Viewer, user: Any = None, request: HttpRequest | None = None,
                     expected_version: int | None = None) -> pm.Plan:
    """The editors drop a working copy they have not proposed yet."""
    if not access.may_edit(viewer, plan):
        raise forbidden()
    with transaction.atomic():
        fresh = _locked(plan, expected_version)
        if fresh.pending_state != "editing":
            raise _refuse("no_revision", "Der er ingen ændringer under arbejde at kassere.",
                          "There are no changes in progress to discard.", 409)
        # the history keeps the working copy as it was dropped, so a discard by mistake can be redone from it
        _version(fresh, fresh.pending, user, "revision:discarded", "", in_force=False)
        fresh.pending = None
        fresh.pending_state = ""
        fresh.version += 1
        fresh.save()
    audit("plan_revision_discard", request, user, plan=fresh.pk)
    return fresh


# ---------------------------------------------------------------------------------------------------- reports

# (from, to) -> who may make the step: editors submit and report to LBF, the board approves or sends back.
TRANSITIONS: dict[tuple[str, str], str] = {
    ("draft", "submitted"): "edit",
    ("submitted", "approved"): "approve",
    ("submitted", "draft"): "approve",
    ("approved", "reported"): "edit",
}
STATUS_TEXT = {"draft": Text("kladde", "draft"), "submitted": Text("indsendt", "submitted"),
               "approved": Text("godkendt af bestyrelsen", "approved by the board"),
               "reported": Text("indberettet til LBF", "reported to LBF")}


def _report(doc: dict[str, Any], year: int) -> dict[str, Any] | None:
    return next((r for r in doc.get("reports", []) if r["year"] == year), None)


def start_report(plan: pm.Plan, year: int, viewer: Viewer, user: Any = None, request: HttpRequest | None = None,
                 expected_version: int | None = None) -> pm.Plan:
    """A draft annual report for ``year`` with one line per activity of the plan."""
    def add(doc: dict[str, Any]) -> None:
        if _report(doc, year) is not None:
            raise _refuse("report_exists", f"Der er allerede en årsrapport for {year}.",
                          f"There already is an annual report for {year}.", 409)
        activities = [{"activity": a["key"], "status": a.get("status", "planned"), "narrative": ""}
                      for fa in doc.get("focus_areas", []) for a in ((fa.get("delaftale") or {}).get("activities")
                                                                     or [])]
        doc.setdefault("reports", []).append({"year": year, "status": "draft", "activities": activities})
        doc["reports"].sort(key=lambda r: r["year"])
    return update(plan, "reports", add, viewer, user, request, expected_version, f"report {year}")


def transition_report(plan: pm.Plan, year: int, to: str, viewer: Viewer, user: Any = None,
                      request: HttpRequest | None = None, expected_version: int | None = None) -> pm.Plan:
    """One step of draft → submitted → approved by the board → reported to LBF (or the board sends it back)."""
    report = _report(plan.document, year)
    if report is None:
        raise _refuse("no_report", f"Der er ingen årsrapport for {year}.", f"There is no annual report for {year}.",
                      404)
    step = TRANSITIONS.get((report["status"], to))
    if step is None:
        now, want = STATUS_TEXT.get(report["status"], Text("?", "?")), STATUS_TEXT.get(to, Text(to, to))
        raise _refuse("bad_transition", f"Årsrapporten for {year} er {now.da} og kan ikke blive {want.da}.",
                      f"The annual report for {year} is {now.en} and cannot become {want.en}.", 409)
    check = access.may_approve if step == "approve" else access.may_edit
    if not check(viewer, plan):
        if step == "approve":
            raise _refuse("forbidden", "Kun planens bestyrelse kan godkende eller sende en årsrapport tilbage.",
                          "Only the plan's board may approve an annual report or send it back.", 403)
        raise forbidden()
    today = timezone.localdate().isoformat()

    def move(doc: dict[str, Any]) -> None:
        r = _report(doc, year)
        assert r is not None
        if r["status"] != report["status"]:
            raise _refuse("stale", "Årsrapporten er blevet ændret imens; åbn siden igen.",
                          "The annual report was changed meanwhile; open the page again.", 409)
        r["status"] = to
        if to == "submitted":
            r["submitted"] = today
        elif to == "approved":
            r["approved"], r["approved_by"] = today, viewer.username or "-"
        elif to == "reported":
            r["reported"] = today
        elif to == "draft":  # sent back: the submission no longer counts
            r["submitted"] = None

    plan = update(plan, "reports", move, viewer, user, request, expected_version, f"report {year}: {to}", check)
    audit("plan_report", request, user, plan=plan.pk, year=year, status=to)
    return plan


def edit_report(plan: pm.Plan, year: int, narrative: str, activities: dict[str, tuple[str, str]], viewer: Viewer,
                user: Any = None, request: HttpRequest | None = None,
                expected_version: int | None = None) -> pm.Plan:
    """The report's narrative and, per activity, status and narrative; only while it is a draft."""
    def change(doc: dict[str, Any]) -> None:
        r = _report(doc, year)
        if r is None:
            raise _refuse("no_report", f"Der er ingen årsrapport for {year}.",
                          f"There is no annual report for {year}.", 404)
        if r["status"] != "draft":
            raise _refuse("report_locked", "Kun en kladde kan ændres; bestyrelsen kan sende rapporten tilbage.",
                          "Only a draft can be changed; the board can send the report back.", 409)
        r["narrative"] = narrative
        by_key = {a["activity"]: a for a in r.get("activities", [])}
        for key, (status, text) in activities.items():
            line = by_key.get(key)
            if line is None:
                line = {"activity": key}
                r.setdefault("activities", []).append(line)
            line["status"], line["narrative"] = status, text
    return update(plan, "reports", change, viewer, user, request, expected_version, f"report {year}")


def today() -> dt.date:
    return timezone.localdate()


# ---------------------------------------------------------------------------------------------------- attachments

ATTACHMENT_KINDS: dict[str, Text] = {
    "beredskabsplan": Text("Beredskabsplan", "Contingency plan (beredskabsplan)"),
    "kommissorium": Text("Kommissorium for bestyrelsen", "Terms of reference of the board (kommissorium)"),
    "budget": Text("Budget", "Budget"),
    "milepaelsplan": Text("Milepælsplan", "Milestone plan"),
    "delaftale": Text("Delaftale", "Sub-agreement (delaftale)"),
    "indberetningsskema": Text("Indberetningsskema", "Reporting form (indberetningsskema)"),
    "organisationsdiagram": Text("Organisationsdiagram", "Organisation chart"),
    "other": Text("Andet", "Other"),
}


def add_attachment(plan: pm.Plan, kind: str, title: str, src: Any, file_name: str, viewer: Viewer,
                   user: Any = None, request: HttpRequest | None = None,
                   expected_version: int | None = None) -> pm.PlanAttachment:
    """Check and store an uploaded document and name it in the plan; the file and the row go together or not."""
    from boligmonitor.web.plans import storage

    if not access.may_edit(viewer, plan):
        raise forbidden()
    if kind not in ATTACHMENT_KINDS:
        raise _refuse("attachment_kind", f"Ukendt slags bilag '{kind[:40]}'; vælg en af {', '.join(ATTACHMENT_KINDS)}.",
                      f"Unknown kind of attachment '{kind[:40]}'; choose one of {', '.join(ATTACHMENT_KINDS)}.")
    name = storage.clean_name(file_name)
    stored, file_type, size, digest = storage.store(src, name)
    def name_it(doc: dict[str, Any]) -> None:
        doc.setdefault("attachments", []).append({"kind": kind, "title": title.strip()[:300], "file_name": name})

    try:
        with transaction.atomic():
            fresh = update(plan, "attachments", name_it, viewer, user, request, expected_version,
                           f"attachment {name}")
            row = pm.PlanAttachment.objects.create(plan=fresh, kind=kind, title=title.strip()[:300], file_name=name,
                                                   stored_name=stored, file_type=file_type, size=size,
                                                   sha256=digest, uploaded_by=_user(user),
                                                   username=getattr(user, "username", "") or "")
    except BaseException:
        storage.remove(stored)
        raise
    audit("plan_attachment", request, user, plan=plan.pk, attachment=row.pk, file=name, size=size, type=file_type)
    return row


def delete_attachment(plan: pm.Plan, attachment_id: int, viewer: Viewer, user: Any = None,
                      request: HttpRequest | None = None, expected_version: int | None = None) -> pm.Plan:
    from boligmonitor.web.plans import storage

    if not access.may_edit(viewer, plan):
        raise forbidden()
    row = pm.PlanAttachment.objects.filter(plan=plan, pk=attachment_id).first()
    if row is None:
        raise _refuse("not_found", "Bilaget findes ikke.", "No such attachment.", 404)

    def unname(doc: dict[str, Any]) -> None:
        items = doc.get("attachments", [])
        for i, a in enumerate(items):
            if a.get("file_name") == row.file_name and a.get("kind") == row.kind:
                del items[i]
                break

    with transaction.atomic():
        fresh = update(plan, "attachments", unname, viewer, user, request, expected_version,
                       f"attachment {row.file_name} removed")
        stored = row.stored_name
        row.delete()
    storage.remove(stored)
    audit("plan_attachment_delete", request, user, plan=plan.pk, file=row.file_name)
    return fresh
