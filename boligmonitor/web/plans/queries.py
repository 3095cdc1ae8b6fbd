"""The read side of the plans app: every plan page, its JSON twin, the API and the documents call these.

Each function takes the viewer (and the vintage whose numbers the plan shows), applies plans/access.py and returns
plain data. The numbers come through the plans' data interface over the vintage's published cells
(``DatabaseData``), so the goals table, the annual report, the checks and the drafted facts are the same functions
the CLI and the documents use (``boligmonitor.plans``), and every number is a published cell or a hand-entered
value with its source.

What the public may see of a published plan: the plan itself, the approved annual reports, the attachments; never
drafts, the board's pending decisions, or who saved which version.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from boligmonitor.errors import NotFound
from boligmonitor.plans import facts as plan_facts
from boligmonitor.plans.checks import annual_reports
from boligmonitor.plans.model import Agreement, Strategy
from boligmonitor.plans.periods import PERIOD_IDS, load_period
from boligmonitor.plans.report import annual_report, goals_table, list_rows, plan_header
from boligmonitor.rules.texts import Text
from boligmonitor.web import models as m
from boligmonitor.web import queries as site
from boligmonitor.web.access import Viewer
from boligmonitor.web.plans import access
from boligmonitor.web.plans import models as pm
from boligmonitor.web.plans.actions import ATTACHMENT_KINDS, STATUS_TEXT
from boligmonitor.web.plans.data import DatabaseData
from boligmonitor.web.plans.sections import SECTIONS

PlanModel = Strategy | Agreement
PUBLIC_REPORTS = ("approved", "reported")
KIND_TEXT = {"strategy": Text("Kommunal strategi", "Municipal strategy"),
             "agreement": Text("Strategisk samarbejdsaftale", "Strategic cooperation agreement")}
PLAN_STATUS = {"draft": Text("kladde", "draft"), "published": Text("offentliggjort", "published"),
               "signed": Text("underskrevet", "signed"), "ended": Text("afsluttet", "ended")}


def get_plan(viewer: Viewer, plan_id: int) -> pm.Plan:
    """The plan, if the viewer may read it; otherwise exactly the answer for a plan that does not exist."""
    plan = pm.Plan.objects.filter(pk=plan_id).first()
    if plan is None or not access.may_read(viewer, plan):
        raise NotFound(f"no plan with id {plan_id}")
    return plan


def model_of(doc: dict[str, Any]) -> PlanModel:
    return Strategy.model_validate(doc) if doc["kind"] == "strategy" else Agreement.model_validate(doc)


def public_document(plan: pm.Plan, viewer: Viewer) -> dict[str, Any]:
    """The plan in force as this viewer may see it: the public gets the approved annual reports only."""
    # A copy a caller may change without changing the plan: the nested parts are only read (validated into a
    # model, shown), so the top level is copied and the filtered lists are new; a full deep copy cost ~15 ms.
    doc = dict(plan.document)
    if not access.sees_internals(viewer, plan) and doc.get("kind") == "agreement":
        doc["reports"] = [r for r in doc.get("reports", []) if r.get("status") in PUBLIC_REPORTS]
        doc["revisions"] = [r for r in doc.get("revisions", []) if r.get("status") == "approved"]
    return doc


def data_for(plan: pm.Plan, vintage: m.Vintage, viewer: Viewer) -> DatabaseData:
    return DatabaseData(vintage, viewer, access.scope_of(plan)[0])


def permissions(plan: pm.Plan, viewer: Viewer) -> dict[str, bool]:
    return {"edit": access.may_edit(viewer, plan), "approve": access.may_approve(viewer, plan),
            "internals": access.sees_internals(viewer, plan)}


def summary(plan: pm.Plan, lang: str, names: dict[str, str] | None = None) -> dict[str, Any]:
    doc = plan.document
    areas, orgs = access.scope_of(plan)
    return {"id": plan.pk, "kind": plan.kind, "kind_text": KIND_TEXT[plan.kind].pick(lang), "key": plan.key,
            "title": plan.title, "status": plan.status,
            "status_text": PLAN_STATUS.get(plan.status, Text(plan.status, plan.status)).pick(lang),
            "published": plan.published, "municipality_code": plan.municipality_code,
            "municipality": (names or {}).get(str(plan.municipality_code), ""),
            "areas": sorted(areas), "organisations": sorted(orgs), "period": doc.get("period"),
            "funding_period": doc.get("funding_period"), "version": plan.version,
            "pending_state": plan.pending_state, "updated_at": plan.updated_at.isoformat()}


def report_flags(model: PlanModel, today: dt.date, lang: str) -> list[dict[str, Any]]:
    """A missing or late annual report, as the period's rules say (and what that means: payments stop, where the
    rules say so)."""
    if not isinstance(model, Agreement) or model.funding_period not in PERIOD_IDS:
        return []
    period = load_period(model.funding_period)
    return [{"code": c.code, "severity": c.severity, "text": c.text.pick(lang), "source": c.source}
            for c in annual_reports(model, period, today)]


# ---------------------------------------------------------------------------------------------------- list

def plan_list(viewer: Viewer, vintage: m.Vintage | None, lang: str, municipality: int | None = None,
              org: str | None = None, kind: str | None = None) -> dict[str, Any]:
    """The plans the viewer may read, per municipality or organisation, with their report flags."""
    qs = access.readable(viewer).prefetch_related("area_rows", "org_rows")
    if municipality is not None:
        qs = qs.filter(municipality_code=municipality)
    if org:
        qs = qs.filter(org_rows__org_id=org).distinct()
    if kind in ("strategy", "agreement"):
        qs = qs.filter(kind=kind)
    names = site.municipality_names(vintage) if vintage is not None else {}
    today = timezone.localdate()
    rows = []
    for plan in qs.order_by("municipality_code", "title", "pk"):
        plan._scope = (frozenset(a.area_id for a in plan.area_rows.all()),
                       frozenset(o.org_id for o in plan.org_rows.all()))
        row = summary(plan, lang, names)
        row["flags"] = report_flags(model_of(plan.document), today, lang) if access.sees_internals(
            viewer, plan) else []
        row["may_edit"] = access.may_edit(viewer, plan)
        rows.append(row)
    return {"plans": rows, "filters": {"municipality": municipality, "org": org, "kind": kind},
            "can_create": access.can_create_any(viewer),
            "vintage": site.vintage_info(vintage) if vintage is not None else None}


# ---------------------------------------------------------------------------------------------------- one plan

def _year(vintage: m.Vintage, year: int | None) -> int:
    if year is None:
        return vintage.last_data_year
    if not vintage.first_data_year <= year <= vintage.last_data_year + 1:
        raise NotFound(f"year {year} is outside the vintage's data years "
                       f"{vintage.first_data_year}–{vintage.last_data_year}")
    return year


def plan_page(plan: pm.Plan, viewer: Viewer, vintage: m.Vintage, lang: str, year: int | None = None
              ) -> dict[str, Any]:
    """Everything the plan page shows: the plan as the viewer may see it, section 5's goals table filled from the
    vintage, list targets, budget, milestones, the checks against the period's rules and the data."""
    doc = public_document(plan, viewer)
    model = model_of(doc)
    data = data_for(plan, vintage, viewer)
    y = _year(vintage, year)
    today = timezone.localdate()
    report = annual_report(model, data, min(y, vintage.last_data_year), today)
    internals = access.sees_internals(viewer, plan)
    out: dict[str, Any] = {
        "plan": summary(plan, lang, site.municipality_names(vintage)),
        "header": report["plan"],
        "document": doc,
        "year": report["year"],
        "vintage": site.vintage_info(vintage),
        "goals": report["goals"],
        "lists": report["lists"],
        "budget": report["budget"],
        "milestones": report["milestones"],
        "checks": [{**c, "shown": c["text"][lang]} for c in report["checks"]] if internals else [],
        "flags": report_flags(model, today, lang) if internals else [],
        "attachments": attachments(plan, lang),
        "permissions": permissions(plan, viewer),
        "pending": plan.pending if internals else None,
        "pending_state": plan.pending_state if internals else "",
        "sections": {k: v.pick(lang) for k, v in SECTIONS.items()},
    }
    if isinstance(model, Agreement) and model.funding_period in PERIOD_IDS:
        period = load_period(model.funding_period)
        out["period"] = {"id": period.id, "name": period.name.text.pick(lang),
                         "themes": {t.id: t.name.text.pick(lang) for t in period.themes},
                         "required_documents": [{"id": d.id, "name": d.name.text.pick(lang), "per_theme": d.per_theme,
                                                 "source": d.source} for d in period.required_documents],
                         "minimum_local_share": period.cofinancing.minimum_local_share}
    return out


def goals_only(plan: pm.Plan, viewer: Viewer, vintage: m.Vintage, year: int | None = None) -> dict[str, Any]:
    """Section 5 alone (the API's goals table)."""
    model = model_of(public_document(plan, viewer))
    data = data_for(plan, vintage, viewer)
    y = min(_year(vintage, year), vintage.last_data_year)
    return {"plan": plan_header(model, data), "year": y, "vintage": dict(data.vintage()),
            "goals": goals_table(model, data, y), "lists": list_rows(model, data, y)}


def focus_page(plan: pm.Plan, viewer: Viewer, vintage: m.Vintage, key: str, lang: str) -> dict[str, Any]:
    """One focus area: problem complex, drafted data facts, the statutory criteria it touches with the exit path,
    its goals' rows, the delaftale's activities and the theory of change."""
    doc = public_document(plan, viewer)
    model = model_of(doc)
    focus = next((fa for fa in model.focus_areas if fa.key == key), None)
    if focus is None:
        raise NotFound(f"the plan has no focus area '{key}'")
    data = data_for(plan, vintage, viewer)
    y = vintage.last_data_year
    rows = [g for g in goals_table(model, data, y) if (g.get("focus_area") or {}).get("key") == key]
    kept = {f.text for f in focus.facts}
    drafted = [{**d, "shown": d["text"][lang]} for d in plan_facts.draft(model, focus, data, y)
               if d["text"]["da"] not in kept and d["text"]["en"] not in kept]
    return {
        "plan": summary(plan, lang, site.municipality_names(vintage)),
        "vintage": site.vintage_info(vintage),
        "focus_area": next(fa for fa in doc["focus_areas"] if fa["key"] == key),
        "goals": rows,
        "drafted_facts": drafted if access.may_edit(viewer, plan) else [],
        "criteria": plan_facts.criteria(model, focus, data, lang=lang),
        "permissions": permissions(plan, viewer),
    }


def report_page(plan: pm.Plan, viewer: Viewer, vintage: m.Vintage, year: int, lang: str) -> dict[str, Any]:
    """The annual report of ``year`` (issue 10's shape) with the workflow steps this viewer may take."""
    doc = public_document(plan, viewer)
    state = next((r for r in doc.get("reports", []) if r["year"] == year), None)
    if state is None:
        raise NotFound(f"the plan has no annual report for {year}")
    model = model_of(doc)
    data = data_for(plan, vintage, viewer)
    report = annual_report(model, data, min(year, vintage.last_data_year), timezone.localdate())
    report["year"] = year
    if not access.sees_internals(viewer, plan):
        report["checks"] = []
    steps = []
    perms = permissions(plan, viewer)
    status = state["status"]
    if perms["edit"] and status == "draft":
        steps.append("submitted")
    if perms["approve"] and status == "submitted":
        steps += ["approved", "draft"]
    if perms["edit"] and status == "approved":
        steps.append("reported")
    return {"report": report, "plan": summary(plan, lang, site.municipality_names(vintage)),
            "state": state, "status_text": STATUS_TEXT[status].pick(lang), "steps": steps,
            "permissions": perms, "vintage": site.vintage_info(vintage)}


def attachments(plan: pm.Plan, lang: str = "da") -> list[dict[str, Any]]:
    return [{"id": a.pk, "kind": a.kind, "kind_text": ATTACHMENT_KINDS.get(a.kind, Text(a.kind, a.kind)).pick(lang),
             "title": a.title, "file_name": a.file_name, "file_type": a.file_type, "size": a.size,
             "uploaded_at": a.uploaded_at.isoformat(), "url": f"/plans/{plan.pk}/attachments/{a.pk}"}
            for a in plan.attachment_files.all()]


def named_only(plan: pm.Plan, viewer: Viewer, lang: str) -> list[dict[str, Any]]:
    """Documents the plan names (a plan file may name them: 'registered in LBF's system') with no uploaded file."""
    uploaded = {(a.kind, a.file_name) for a in plan.attachment_files.all()}
    return [{"kind": a["kind"], "kind_text": ATTACHMENT_KINDS.get(a["kind"], Text(a["kind"], a["kind"])).pick(lang),
             "title": a.get("title") or "", "file_name": a.get("file_name")}
            for a in public_document(plan, viewer).get("attachments", [])
            if (a["kind"], a.get("file_name")) not in uploaded]


def history(plan: pm.Plan, viewer: Viewer, lang: str) -> dict[str, Any]:
    """Every saved version (who, when, why) and the revisions of the agreement; internal only."""
    if not access.sees_internals(viewer, plan):
        raise NotFound(f"no plan with id {plan.pk}")
    return {"plan": summary(plan, lang), "permissions": permissions(plan, viewer),
            "pending_state": plan.pending_state, "pending": plan.pending,
            "revisions": plan.document.get("revisions", []),
            "proposed": (plan.pending or {}).get("revisions", [])[-1:] if plan.pending_state == "proposed" else [],
            "versions": [{"number": v.number, "saved_at": v.saved_at.isoformat(), "username": v.username,
                          "action": v.action, "why": v.why, "in_force": v.in_force}
                         for v in plan.versions.order_by("-number")[:200]]}
