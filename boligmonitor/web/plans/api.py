"""The plans' part of the JSON API (mounted at /api/plans; OpenAPI at /api/openapi.json). Reads call the same
functions as the pages and their JSON twins; writes call plans/actions.py, so they are validated, scoped and
audited like the forms. Writing needs a logged-in session and its CSRF token (django-ninja's ``django_auth``).

The plan itself travels as the plan file's model (``boligmonitor.plans.model``), so its schema in the OpenAPI
document is the plan-file schema.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.security import django_auth

from boligmonitor.errors import NotFound
from boligmonitor.plans.model import Agreement, PlanFile, Strategy
from boligmonitor.web import params
from boligmonitor.web import queries as site
from boligmonitor.web.plans import actions
from boligmonitor.web.plans import queries as q
from boligmonitor.web.plans.messages import PlanRefused
from boligmonitor.web.views import error_body, lang_of, viewer

router = Router(tags=["plans"])


class PlanErrorDetail(Schema):
    code: str
    status: int
    message: str


class PlanError(Schema):
    error: PlanErrorDetail


ERRORS: dict[int, Any] = {400: PlanError, 403: PlanError, 404: PlanError, 409: PlanError, 422: PlanError}


class PlanPeriod(Schema):
    start: str
    end: str


class PlanSummary(Schema):
    id: int
    kind: Literal["strategy", "agreement"]
    kind_text: str
    key: str
    title: str
    status: str
    status_text: str
    published: bool
    municipality_code: int | None
    municipality: str
    areas: list[str]
    organisations: list[str]
    period: PlanPeriod
    funding_period: str | None = None
    version: int
    pending_state: str
    updated_at: str


class PlanFlag(Schema):
    code: str
    severity: str
    text: str
    source: str


class PlanRow(PlanSummary):
    flags: list[PlanFlag]
    may_edit: bool


class PlanList(Schema):
    plans: list[PlanRow]
    filters: dict[str, Any]
    can_create: bool
    vintage: dict[str, Any] | None


class PlanText2(Schema):
    da: str
    en: str


class PlanValue(Schema):
    """A published cell or a hand-entered value; a suppressed one carries no numbers."""

    value: float | None
    numerator: float | None
    denominator: float | None
    suppressed: bool
    source: Literal["bundle", "manual"]
    note: PlanText2 | None


class PlanYearValues(Schema):
    year: int | None
    area: PlanValue
    municipality: PlanValue


class PlanTarget(Schema):
    kind: str
    text: PlanText2
    by: int
    value: float | None


class PlanGoalRow(Schema):
    focus_area: dict[str, Any]
    goal: dict[str, Any]
    indicator: dict[str, Any]
    baseline: PlanYearValues
    actual: PlanYearValues
    series: list[PlanYearValues]
    target: PlanTarget | None
    status: Literal["achieved", "on_track", "off_track", "not_achieved", "no_data", "suppressed", "no_target"]
    fixed: bool = False
    area_id: str | None = None


class PlanListRow(Schema):
    goal_key: str
    year: int
    count: int | None
    target: float | None
    status: str


class PlanCheck(Schema):
    severity: Literal["error", "warning"]
    code: str
    text: PlanText2
    source: str


class PlanGoalsTable(Schema):
    plan: dict[str, Any]
    year: int
    vintage: dict[str, Any]
    goals: list[PlanGoalRow]
    lists: list[PlanListRow]


class PlanReport(PlanGoalsTable):
    activities: list[dict[str, Any]]
    milestones: list[dict[str, Any]]
    budget: list[dict[str, Any]]
    checks: list[PlanCheck]
    report: dict[str, Any] | None
    steps: list[str] = Field(default_factory=list, description="workflow steps this user may take now")


class PlanPage(Schema):
    plan: PlanSummary
    header: dict[str, Any]
    document: dict[str, Any]
    year: int
    vintage: dict[str, Any]
    goals: list[PlanGoalRow]
    lists: list[PlanListRow]
    budget: list[dict[str, Any]]
    milestones: list[dict[str, Any]]
    checks: list[dict[str, Any]]
    flags: list[PlanFlag]
    attachments: list[dict[str, Any]]
    permissions: dict[str, bool]
    pending: dict[str, Any] | None
    pending_state: str


class PlanFilters(Schema):
    vintage: int | None = None
    lang: str | None = None


class PlanListFilters(PlanFilters):
    municipality: int | None = None
    org: str | None = None
    kind: str | None = None


class PlanYearFilter(PlanFilters):
    year: int | None = None


class PlanReplace(Schema):
    plan: Strategy | Agreement = Field(discriminator="kind")
    version: int = Field(description="the plan's version you changed; an older one is refused (409)")
    why: str = ""


class PlanTransition(Schema):
    to: Literal["submitted", "approved", "draft", "reported"]
    version: int | None = None


class PlanRevisionAct(Schema):
    action: Literal["propose", "approve", "reject", "discard"]
    why: str = ""
    version: int | None = None


def _lang(request: HttpRequest, f: PlanFilters) -> str:
    return f.lang if f.lang in ("da", "en") else lang_of(request)


def _vintage(request: HttpRequest, f: PlanFilters) -> Any:
    return site.choose_vintage(viewer(request), params.vintage_id(f.vintage, lang_of(request)))


def _plan(request: HttpRequest, plan_id: int) -> Any:
    if not 1 <= plan_id <= params.ID_MAX:
        raise NotFound(f"no plan with id {plan_id}")
    return q.get_plan(viewer(request), plan_id)


def refusal(request: HttpRequest, exc: PlanRefused) -> Any:
    from boligmonitor.web.api import api

    return api.create_response(request, error_body(exc.kind, exc.pick(lang_of(request)), exc.status),
                               status=exc.status)


@router.get("", response={200: PlanList, **ERRORS}, summary="Plans you may read, with report flags")
def plan_list(request: HttpRequest, f: Query[PlanListFilters]) -> Any:
    lang = _lang(request, f)
    try:
        vintage = _vintage(request, f)
    except NotFound:
        vintage = None
    return q.plan_list(viewer(request), vintage, lang, params.bounded(f.municipality, "municipality", lang), f.org,
                       f.kind)


@router.get("/{plan_id}", response={200: PlanPage, **ERRORS}, summary="One plan: document, goals table, checks")
def plan(request: HttpRequest, plan_id: int, f: Query[PlanYearFilter]) -> Any:
    lang = _lang(request, f)
    return q.plan_page(_plan(request, plan_id), viewer(request), _vintage(request, f), lang,
                       params.bounded(f.year, "year", lang))


@router.get("/{plan_id}/file", response={200: PlanFile, **ERRORS}, summary="The plan as a plan file")
def plan_file(request: HttpRequest, plan_id: int) -> Any:
    p = _plan(request, plan_id)
    return PlanFile(plan=q.model_of(q.public_document(p, viewer(request))))


@router.get("/{plan_id}/goals", response={200: PlanGoalsTable, **ERRORS},
            summary="Section 5: baseline and actual for the area and the municipality, target and status")
def goals(request: HttpRequest, plan_id: int, f: Query[PlanYearFilter]) -> Any:
    lang = _lang(request, f)
    return q.goals_only(_plan(request, plan_id), viewer(request), _vintage(request, f),
                        params.bounded(f.year, "year", lang))


@router.get("/{plan_id}/reports/{year}", response={200: PlanReport, **ERRORS}, summary="The annual report of a year")
def report(request: HttpRequest, plan_id: int, year: int, f: Query[PlanFilters]) -> Any:
    lang = _lang(request, f)
    params.bounded(year, "year", lang)
    data = q.report_page(_plan(request, plan_id), viewer(request), _vintage(request, f), year, lang)
    return {**data["report"], "steps": data["steps"]}


@router.post("", response={201: PlanSummary, **ERRORS}, auth=django_auth, summary="Create a plan from a plan file")
def create(request: HttpRequest, body: PlanFile) -> Any:
    try:
        model = actions.validate(body.plan.model_dump(mode="json"))  # the web's own checks (repeated keys)
        p = actions.create_plan(model, viewer(request), request.user, request)
    except PlanRefused as exc:
        return refusal(request, exc)
    return Status(201, q.summary(p, lang_of(request)))


@router.put("/{plan_id}", response={200: PlanSummary, **ERRORS}, auth=django_auth,
            summary="PlanReplace a plan (a signed agreement's content becomes a revision for its board)")
def replace(request: HttpRequest, plan_id: int, body: PlanReplace) -> Any:
    p = _plan(request, plan_id)
    try:
        model = actions.validate(body.plan.model_dump(mode="json"))
        p = actions.replace_document(p, model, viewer(request), request.user, request, body.version, body.why)
    except PlanRefused as exc:
        return refusal(request, exc)
    return q.summary(p, lang_of(request))


@router.post("/{plan_id}/reports/{year}", response={200: PlanReport, **ERRORS}, auth=django_auth,
             summary="Start the annual report of a year (a draft)")
def start_report(request: HttpRequest, plan_id: int, year: int, f: Query[PlanFilters]) -> Any:
    p = _plan(request, plan_id)
    params.bounded(year, "year", lang_of(request))
    try:
        p = actions.start_report(p, year, viewer(request), request.user, request)
    except PlanRefused as exc:
        return refusal(request, exc)
    return report(request, plan_id, year, f)


@router.post("/{plan_id}/reports/{year}/status", response={200: PlanReport, **ERRORS}, auth=django_auth,
             summary="Move the annual report: submitted, approved (board), draft (board sends back), reported")
def report_status(request: HttpRequest, plan_id: int, year: int, body: PlanTransition, f: Query[PlanFilters]) -> Any:
    p = _plan(request, plan_id)
    params.bounded(year, "year", lang_of(request))
    try:
        actions.transition_report(p, year, body.to, viewer(request), request.user, request, body.version)
    except PlanRefused as exc:
        return refusal(request, exc)
    return report(request, plan_id, year, f)


@router.post("/{plan_id}/revisions", response={200: PlanSummary, **ERRORS}, auth=django_auth,
             summary="Propose (editors), approve or reject (the board) or discard a revision")
def revision(request: HttpRequest, plan_id: int, body: PlanRevisionAct) -> Any:
    p = _plan(request, plan_id)
    v = viewer(request)
    try:
        if body.action == "propose":
            p = actions.propose_revision(p, body.why, v, request.user, request, body.version)
        elif body.action == "discard":
            p = actions.discard_revision(p, v, request.user, request, body.version)
        else:
            p = actions.decide_revision(p, body.action == "approve", v, request.user, request, body.version)
    except PlanRefused as exc:
        return refusal(request, exc)
    return q.summary(p, lang_of(request))
