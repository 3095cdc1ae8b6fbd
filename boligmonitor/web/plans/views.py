"""Plan pages. Each parses its input, calls one function in plans/queries.py (reading) or plans/actions.py
(writing), and answers as HTML, as its JSON twin (the same URL with ``.json``) or as a document (``.docx``,
``.pdf``, ``.xlsx``, the plan file ``.yaml``). Forms post back to their own page; after a save the browser is sent
on (POST, redirect, GET), and a refused save shows the same form with every error on its field and nothing saved.
"""

from __future__ import annotations

import copy
import csv
import functools
import io
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.safestring import SafeString
from django.views.decorators.http import require_http_methods

from boligmonitor.errors import BoligmonitorError, NotFound
from boligmonitor.plans.files import dump_plan
from boligmonitor.plans.geography import union_members
from boligmonitor.plans.model import PlanFile
from boligmonitor.plans.periods import periods
from boligmonitor.rules.texts import Text
from boligmonitor.web import exportcache, params
from boligmonitor.web import models as m
from boligmonitor.web import queries as site
from boligmonitor.web.access import Viewer
from boligmonitor.web.actions import audit
from boligmonitor.web.plans import access, actions, editors, fragments, storage
from boligmonitor.web.plans import forms as pf
from boligmonitor.web.plans import models as pm
from boligmonitor.web.plans import queries as q
from boligmonitor.web.plans.messages import PlanRefused
from boligmonitor.web.plans.sections import needs_revision
from boligmonitor.web.queries import Forbidden
from boligmonitor.web.uploads import accepts_files
from boligmonitor.web.views import _error, _json, error_body, lang_of, viewer

FORMATS = ("html", "json", "docx", "pdf", "xlsx", "yaml", "csv")
MEDIA = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "pdf": "application/pdf", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "yaml": "application/yaml; charset=utf-8", "csv": "text/csv; charset=utf-8"}


def plan_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """User errors as answers in the requested format and the page's language; bugs still raise."""
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, fmt: str | None = None, **kwargs: Any) -> HttpResponse:
        fmt = fmt or "html"
        if fmt not in FORMATS:
            return _error(request, "json", 404, "not_found", f"unknown format '{fmt}'")
        shown = fmt if fmt in ("html", "json") else "json"
        try:
            return view(request, *args, fmt=fmt, **kwargs)
        except PlanRefused as exc:
            return _error(request, shown, exc.status, exc.kind, exc.pick(lang_of(request)))
        except (NotFound, editors.Missing) as exc:
            return _error(request, shown, 404, "not_found", str(exc) if isinstance(exc, NotFound)
                          else Text("Den del af planen findes ikke", "No such part of the plan").pick(
                              lang_of(request)))
        except Forbidden as exc:
            if shown == "html" and not request.user.is_authenticated:
                return auth_views.redirect_to_login(request.get_full_path())
            return _error(request, shown, 403, "forbidden", str(exc))
        except exportcache.RateLimited as exc:
            code = "too_many_requests" if exc.status == 429 else "busy"
            response = _error(request, shown, exc.status, code, exc.text.pick(lang_of(request)))
            response["Retry-After"] = str(exc.retry_after)
            return response
        except BoligmonitorError as exc:
            return _error(request, shown, 400, "bad_request", str(exc))
    return wrapper


def _vintage(request: HttpRequest) -> m.Vintage:
    return site.choose_vintage(viewer(request), params.vintage_id(request.GET.get("vintage"), lang_of(request)))


def _plan(request: HttpRequest, plan_id: str) -> pm.Plan:
    pid = params.vintage_id(plan_id, lang_of(request))  # the same bounds as any id
    assert pid is not None
    return q.get_plan(viewer(request), pid)


def _version(request: HttpRequest) -> int | None:
    return params.parse_int(request.POST.get("version"), "version", lang_of(request))


def _download(request: HttpRequest, body: bytes, name: str, fmt: str, what: str) -> HttpResponse:
    audit("export", request, file=name, what=what)
    resp = HttpResponse(body, content_type=MEDIA[fmt])
    resp["Content-Disposition"] = f'attachment; filename="{name}"'
    return resp


def _back(request: HttpRequest, default: str) -> HttpResponse:
    nxt = request.POST.get("next") or default
    if not nxt.startswith("/") or nxt.startswith("//"):
        nxt = default
    return redirect(nxt)


# ---------------------------------------------------------------------------------------------------- choices

def _offered(a: m.Area, v: Viewer | None, mine: set[int]) -> bool:
    """The areas a municipality or housing-organisation user is offered: those of its own municipality (or of the
    municipalities where it owns afdelinger); others see every area."""
    if v is None or v.role not in ("municipality", "organisation"):
        return True
    return a.municipality_code in mine


def choices(vintage: m.Vintage | None, lang: str, plan: pm.Plan | None = None,
            doc: dict[str, Any] | None = None, v: Viewer | None = None) -> dict[str, dict[str, Any]]:
    """What the forms offer, per form class: the vintage's areas, years, municipalities, organisations, the
    indicator catalogue, the funding periods and their themes, the plan's activities."""
    out: dict[str, dict[str, Any]] = {}
    years: list[int] = []
    areas: list[tuple[str, str]] = []
    munis: list[tuple[int, str]] = []
    orgs: list[tuple[str, str]] = []
    if vintage is not None:
        years = list(range(vintage.first_data_year, vintage.last_data_year + 1))
        names = site.municipality_names(vintage)
        every = sorted(site._vintage_areas(vintage.pk, vintage.checksum, False),
                       key=lambda a: (names.get(str(a.municipality_code), ""), a.name))
        mine = {v.municipality_code} if v is not None and v.municipality_code is not None else set()
        if v is not None and v.role == "organisation":
            mine = {a.municipality_code for a in every if v.org_id in (a.org_ids or [])}
        chosen = set((doc or {}).get("areas") or ((doc or {}).get("scope") or {}).get("areas") or [])
        areas = [(a.area_id, _area_label(a, names, lang)) for a in every
                 if _offered(a, v, mine) or a.area_id in chosen]
        munis = [(int(c), n) for c, n in sorted(names.items(), key=lambda x: x[1])]
        orgs = [(o, n) for o, n in m.Organisation.objects.filter(vintage=vintage).order_by("name")
                .values_list("org_id", "name")]
    period_choices = [(p.id, p.name.text.pick(lang)) for p in periods()]
    out["AgreementBasicsForm"] = {"areas": areas, "years": years, "periods": period_choices}
    out["StrategyBasicsForm"] = {"areas": areas, "years": years, "municipalities": munis, "organisations": orgs}
    doc = doc or (plan.document if plan is not None else {})
    themes: list[tuple[str, str]] = []
    for p in periods():
        if p.id == doc.get("funding_period"):
            themes = [(t.id, t.name.text.pick(lang)) for t in p.themes]
    out["FocusAreaForm"] = {"themes": themes}
    activities = [(a["key"], a["title"]) for fa in doc.get("focus_areas", [])
                  for a in ((fa.get("delaftale") or {}).get("activities") or [])]
    out["BudgetLineForm"] = {"activities": activities}
    out["TheoryOfChangeForm"] = {"activities": activities}
    indicators = [(k, site.indicator_label(k, lang)) for k in site.INDICATOR_META]
    survey = [("tryghed", Text("Tryghed (survey)", "Feeling safe (survey)").pick(lang)),
              ("frivilligt_arbejde", Text("Frivilligt arbejde (survey)", "Voluntary work (survey)").pick(lang))]
    manual = sorted({mv["indicator"] for mv in doc.get("manual_values", [])} - {k for k, _ in survey})
    all_indicators = [*indicators, *survey, *[(k, k) for k in manual]]
    shares = frozenset(k for k, meta in site.INDICATOR_META.items() if meta["kind"] == "share")
    out["MeasureForm"] = {"indicators": all_indicators, "years": years, "shares": shares}
    out["OutcomeForm"] = {"indicators": all_indicators}
    return out


def _area_label(a: m.Area, names: dict[str, str], lang: str) -> str:
    kind = "" if a.kind == "statutory" else ", " + KINDS.get(a.kind, Text(a.kind, a.kind)).pick(lang)
    return f"{a.name} ({a.area_id}, {names.get(str(a.municipality_code), '')}{kind})"


KINDS = {"statutory": Text("lovgivningens område", "statutory area"),
         "helhedsplan": Text("helhedsplanområde", "helhedsplan area"), "custom": Text("eget område", "custom area")}


# ---------------------------------------------------------------------------------------------------- list, new

@plan_view
def plan_list(request: HttpRequest, fmt: str = "html") -> HttpResponse:
    v, lang = viewer(request), lang_of(request)
    try:
        vintage: m.Vintage | None = _vintage(request)
    except NotFound:
        vintage = None
    data = q.plan_list(v, vintage, lang, params.parse_int(request.GET.get("municipality"), "municipality", lang),
                       request.GET.get("org") or None, request.GET.get("kind") or None)
    if fmt == "json":
        return _json(data)
    if fmt != "html":
        raise NotFound(f"the plan list has no .{fmt} form")
    if vintage is not None:
        data["options"] = site.filter_options(vintage)
    return render(request, "plans/list.html", data)


def _new_doc(kind: str, key: str, basics: dict[str, Any], v: Viewer, vintage: m.Vintage | None) -> dict[str, Any]:
    """A new plan's document from the first form: for an agreement, its parties from the chosen areas (the
    municipality and the housing organisations owning them), which the parties page then completes."""
    doc: dict[str, Any] = {"kind": kind, "key": key, **basics}
    if kind == "agreement":
        parties: list[dict[str, Any]] = []
        if vintage is not None:
            areas = list(m.Area.objects.filter(vintage=vintage, area_id__in=basics.get("areas") or []))
            names = site.municipality_names(vintage)
            for code in sorted({a.municipality_code for a in areas}):
                parties.append({"name": names.get(str(code), str(code)), "role": "municipality",
                                "municipality": code})
            owners = sorted({o for a in areas for o in (a.org_ids or [])})
            org_names = dict(m.Organisation.objects.filter(vintage=vintage, org_id__in=owners)
                             .values_list("org_id", "name"))
            parties += [{"name": org_names.get(o, o), "role": "housing_organisation", "org_id": o} for o in owners]
        if v.role == "organisation" and v.org_id and not any(p.get("org_id") == v.org_id for p in parties):
            parties.append({"name": v.org_id, "role": "housing_organisation", "org_id": v.org_id})
        doc["parties"] = parties
    return doc


@plan_view
@require_http_methods(["GET", "POST"])
def plan_new(request: HttpRequest, fmt: str = "html") -> HttpResponse:
    v, lang = viewer(request), lang_of(request)
    if not access.can_create_any(v):
        raise Forbidden(Text("din rolle kan ikke oprette planer", "your role cannot create plans").pick(lang))
    vintage = _vintage(request)
    kind = request.GET.get("kind") if request.GET.get("kind") in ("agreement", "strategy") else "agreement"
    opts = choices(vintage, lang, v=v)
    if fmt == "json":  # what the form offers
        basics_opts = opts["AgreementBasicsForm" if kind == "agreement" else "StrategyBasicsForm"]
        return _json({"kind": kind, "vintage": site.vintage_info(vintage),
                      "options": {k: [list(x) for x in v] if isinstance(v, list) else v
                                  for k, v in basics_opts.items()}})
    if fmt != "html":
        raise NotFound(f"the new-plan page has no .{fmt} form")
    basics_cls = pf.AgreementBasicsForm if kind == "agreement" else pf.StrategyBasicsForm
    data = request.POST if request.method == "POST" else None
    first = pf.NewPlanForm(data=data, initial={"kind": kind}, prefix="new")
    initial: dict[str, Any] = {"baseline_year": vintage.last_data_year, "status": "draft",
                               "funding_period": "lbf_2019_26"}
    if v.municipality_code is not None:
        initial["municipality"] = v.municipality_code
    basics = basics_cls(data=data, initial=initial, prefix="head", **opts[basics_cls.__name__])
    errors: list[str] = []
    if request.method == "POST" and first.is_valid() and basics.is_valid():
        doc = _new_doc(kind, first.cleaned_data["key"], basics.to_data(), v, vintage)
        bound = editors.Bound(editors.EDITORS["basics"], basics, None, [], ())
        try:
            model = actions.validate(doc)
            plan = actions.create_plan(model, v, request.user, request, vintage=vintage)
        except PlanRefused as exc:
            if exc.kind != "invalid":
                errors.append(exc.pick(lang))
            else:
                for err in exc.errors:
                    if tuple(err["loc"])[:1] == ("key",):
                        first.add_error("key", err["text"].pick(lang))
                        continue
                    bound.show_errors(PlanRefused("invalid", exc.text, errors=[err]), lang)
                errors += bound.errors
        else:
            return redirect(f"/plans/{plan.pk}/")
    status = 400 if request.method == "POST" else 200
    return render(request, "plans/new.html", {"kind": kind, "first": first, "basics": basics, "errors": errors,
                                              "vintage": site.vintage_info(vintage)}, status=status)


# ---------------------------------------------------------------------------------------------------- the plan

@plan_view
def plan_page(request: HttpRequest, plan_id: str, fmt: str = "html") -> HttpResponse:
    v, lang = viewer(request), lang_of(request)
    plan = _plan(request, plan_id)
    if fmt == "yaml":
        doc = q.public_document(plan, v)
        body = dump_plan(PlanFile(plan=q.model_of(doc))).encode("utf-8")
        return _download(request, body, f"{plan.key}.yaml", "yaml", f"plan {plan.pk}")
    vintage = _vintage(request)
    year = params.parse_int(request.GET.get("year"), "year", lang)
    data = q.plan_page(plan, v, vintage, lang, year)
    if fmt == "json":
        return _json(data)
    if fmt in ("docx", "pdf"):
        from boligmonitor.web.plans.documents import render_agreement, render_strategy

        doc = data["document"]
        table = {"plan": data["header"], "vintage": q.data_for(plan, vintage, v).vintage(), "goals": data["goals"],
                 "lists": data["lists"], "year": data["year"]}

        def make() -> bytes:
            fn = render_agreement if plan.kind == "agreement" else render_strategy
            return fn(doc, table, lang=lang, fmt=fmt)

        body = exportcache.public_download(request, vintage, ("plan", plan.pk, plan.version, fmt, data["year"]),
                                           lang, v.is_public, make)
        return _download(request, body, f"{plan.key}.{fmt}", fmt, f"plan {plan.pk}")
    if fmt == "csv":
        return _area_members(request, plan, vintage)
    if fmt != "html":
        raise NotFound(f"the plan page has no .{fmt} form")
    data["goals_table"] = _goals_table(request, data, lang)
    return render(request, "plans/plan.html", data)


def _area_members(request: HttpRequest, plan: pm.Plan, vintage: m.Vintage) -> HttpResponse:
    """A plan over several areas with no union in the bundle: the ``area_members`` rows that make them one area
    in the next ``boligmonitor run`` (the areas are never summed here)."""
    model = q.model_of(plan.document)
    rows = union_members(model, q.data_for(plan, vintage, viewer(request)), f"U-{plan.key}"[:50])
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=["area_id", "afdeling_id", "valid_from", "valid_to"], lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({**r, "valid_to": r["valid_to"] or ""})
    return _download(request, buf.getvalue().encode("utf-8"), f"area_members-{plan.key}.csv", "csv",
                     f"plan {plan.pk} union")


def _sources(rows: list[dict[str, Any]], lang: str) -> list[str]:
    """Each row's data source as a footnote number (the sources are long; the table names them once below)."""
    seen: list[str] = []
    for row in rows:
        ind = row.get("indicator") or {}
        text = str((ind.get("source_en") if lang == "en" else None) or ind.get("source") or "")
        if text not in seen:
            seen.append(text)
        row["source_no"] = seen.index(text) + 1
    return seen


def _goals_table(request: HttpRequest, data: dict[str, Any], lang: str) -> SafeString:
    """Section 5 as HTML, made once per content (:mod:`~boligmonitor.web.plans.fragments`)."""
    def context() -> dict[str, Any]:
        _decorate(data, lang)
        return {"goals": data["goals"], "lists": data["lists"], "charts": True,
                "several_areas": data["several_areas"], "sources": data["sources"]}

    names = {a["area_id"]: a["name"] for a in data["header"]["areas"]}  # the charts' titles name the areas
    mun = (data["header"].get("municipality") or {}).get("name") or ""
    return fragments.goals_table(request, data["goals"], [data["lists"], names, mun], lang, context)


def _decorate(data: dict[str, Any], lang: str) -> None:
    """What the HTML adds to the JSON: charts per goal row, the goal's title once over its rows, sources."""
    from boligmonitor.web.plans import charts

    area_names = {a["area_id"]: a["name"] for a in data["header"]["areas"]}
    data["several_areas"] = len(area_names) > 1
    data["sources"] = _sources(data["goals"], lang)
    mun = (data["header"].get("municipality") or {}).get("name") or ""
    previous = previous_indicator = previous_target = None
    for i, row in enumerate(data["goals"]):
        key = (row.get("focus_area") or {}).get("key"), (row.get("goal") or {}).get("key")
        row["first_of_goal"] = key != previous  # the goal's title once, over its indicators (as seed 001 prints it)
        # A plan over many areas repeats each indicator and its target once per area: say them once per group, so
        # the rows show what differs (the area, its numbers, this year's target value).
        indicator = (*key, (row.get("indicator") or {}).get("id"))
        row["first_of_indicator"] = indicator != previous_indicator
        target_text = repr((row.get("target") or {}).get("text"))
        row["repeats_target"] = not row["first_of_indicator"] and target_text == previous_target
        previous, previous_indicator, previous_target = key, indicator, target_text
        row["area_name"] = area_names.get(row.get("area_id") or "", row.get("area_id") or "")
        if row.get("series"):
            fig = charts.target_chart(row, lang, area_names.get(row.get("area_id") or "", ""), mun)
            row["svg"] = charts.to_svg(fig, f"goal-{i}")


# ---------------------------------------------------------------------------------------------------- editing

def _editor_url(plan: pm.Plan, name: str, fa: str | None, goal: str | None) -> str:
    if goal is not None:
        return f"/plans/{plan.pk}/focus/{fa}/goals/{goal}/edit/"
    if fa is not None:
        return f"/plans/{plan.pk}/focus/{fa}/edit/{name}/"
    return f"/plans/{plan.pk}/edit/{name}/"


@plan_view
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, plan_id: str, section: str, fa: str | None = None, goal: str | None = None,
         fmt: str = "html") -> HttpResponse:
    """The generic editor: a part of the plan in forms; saved whole through the model, or nothing saved."""
    v, lang = viewer(request), lang_of(request)
    plan = _plan(request, plan_id)
    name = "measures" if goal is not None else section
    editor = editors.EDITORS.get(name)
    focus_level = name in ("goals", "measures", "delaftale", "theory_of_change")
    if editor is None or name not in editors.available(plan.kind) or focus_level != (fa is not None):
        raise NotFound(f"the plan has no section '{section}' to edit")
    if not access.may_edit(v, plan):
        raise Forbidden(Text("din rolle må ikke ændre denne plan", "your role may not change this plan").pick(lang))
    revision = needs_revision(plan.document, editor.section)
    doc = actions.working_document(plan) if revision else plan.document
    params_ = {"fa": fa or "", "goal": goal or ""}
    try:
        vintage: m.Vintage | None = _vintage(request)
    except NotFound:
        vintage = None
    opts = choices(vintage, lang, plan, doc, v)
    if fmt == "json":
        container, _ = editor.locate(copy.deepcopy(doc), params_)
        return _json({"plan": q.summary(plan, lang), "section": name, "version": plan.version,
                      "revision": revision, "part": container})
    if fmt != "html":
        raise NotFound(f"the edit page has no .{fmt} form")
    status = 200
    bound = editors.bind(editor, plan.kind, copy.deepcopy(doc), params_, opts,
                         request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if bound.valid():
            def mutate(target: dict[str, Any]) -> None:
                bound.apply(target, params_)

            try:
                actions.update(plan, editor.section, mutate, v, request.user, request, _version(request),
                               request.POST.get("why", ""))
            except PlanRefused as exc:
                if exc.kind != "invalid":
                    bound.errors.append(exc.pick(lang))
                else:
                    bound.show_errors(exc, lang)
            else:
                done = f"/plans/{plan.pk}/focus/{fa}/" if fa else f"/plans/{plan.pk}/"
                return redirect(done + "?saved=1")
        status = 400
    title = editor.title.pick(lang)
    if fa is not None:
        focus: dict[str, Any] = next((x for x in doc.get("focus_areas", []) if x["key"] == fa), {})
        title = f"{title}: {focus.get('title', fa)}"
        if goal is not None:
            g: dict[str, Any] = next((x for x in focus.get("goals", []) if x["key"] == goal), {})
            title = f"{title} – {g.get('title', goal)}"
    return render(request, "plans/edit.html", {
        "plan": q.summary(plan, lang), "title": title, "bound": bound, "revision": revision,
        "action": _editor_url(plan, name, fa, goal), "back": f"/plans/{plan.pk}/focus/{fa}/" if fa else
        f"/plans/{plan.pk}/", "version": plan.version}, status=status)


# ---------------------------------------------------------------------------------------------------- focus area

@plan_view
@require_http_methods(["GET", "POST"])
def focus(request: HttpRequest, plan_id: str, fa: str, fmt: str = "html") -> HttpResponse:
    v, lang = viewer(request), lang_of(request)
    plan = _plan(request, plan_id)
    if request.method == "POST":
        return _facts(request, plan, fa)
    vintage = _vintage(request)
    data = q.focus_page(plan, v, vintage, fa, lang)
    if fmt == "json":
        return _json(data)
    if fmt != "html":
        raise NotFound(f"the focus area page has no .{fmt} form")
    from boligmonitor.web.plans import charts

    for i, row in enumerate(data["goals"]):
        if row.get("series"):
            row["svg"] = charts.to_svg(charts.target_chart(row, lang), f"goal-{i}")
    data["sources"] = _sources(data["goals"], lang)
    toc = data["focus_area"].get("theory_of_change")
    if toc:
        titles = {a["key"]: a["title"] for a in ((data["focus_area"].get("delaftale") or {}).get("activities")
                                                 or [])}
        labels = {k: site.indicator_label(k, lang) for k in site.INDICATOR_META}
        data["toc_svg"] = charts.to_svg(charts.theory_of_change(toc, data["focus_area"]["title"], lang, titles,
                                                                labels), "toc")
    data["version"] = plan.version
    return render(request, "plans/focus.html", data)


def _facts(request: HttpRequest, plan: pm.Plan, fa: str) -> HttpResponse:
    """Drafted facts: accept (as drafted), edit (the text as changed) or drop; stored facts: drop or restore."""
    v, lang = viewer(request), lang_of(request)
    what = request.POST.get("do", "")
    text = (request.POST.get("text") or "").strip()
    indicator = request.POST.get("indicator") or None
    year = params.parse_int(request.POST.get("data_year"), "data_year", lang)
    index = params.parse_int(request.POST.get("index"), "index", lang)
    if what not in ("accept", "edit", "drop", "remove"):
        raise NotFound("unknown action")

    def change(doc: dict[str, Any]) -> None:
        focus_area = next((x for x in doc.get("focus_areas", []) if x["key"] == fa), None)
        if focus_area is None:
            raise editors.Missing(fa)
        facts = focus_area.setdefault("facts", [])
        if what == "remove":
            if index is None or not 0 <= index < len(facts):
                raise NotFound("no such fact")
            del facts[index]
            return
        status = {"accept": "accepted", "edit": "edited", "drop": "dropped"}[what]
        if index is not None and 0 <= index < len(facts):
            facts[index]["status"] = status
            if what == "edit" and text:
                facts[index]["text"] = text
            return
        facts.append({"text": text, "indicator": indicator, "data_year": year, "status": status})

    actions.update(plan, "facts", change, v, request.user, request, _version(request))
    return redirect(f"/plans/{plan.pk}/focus/{fa}/?saved=1")


# ---------------------------------------------------------------------------------------------------- reports

@plan_view
@require_http_methods(["GET", "POST"])
def reports_new(request: HttpRequest, plan_id: str, fmt: str = "html") -> HttpResponse:
    v, lang = viewer(request), lang_of(request)
    plan = _plan(request, plan_id)
    if request.method != "POST":
        return redirect(f"/plans/{plan.pk}/")
    year = params.parse_int(request.POST.get("year"), "year", lang)
    if year is None or not 2000 <= year <= 2100:
        raise PlanRefused("bad_year", Text("Vælg et år for årsrapporten.", "Choose a year for the annual report."))
    actions.start_report(plan, year, v, request.user, request, _version(request))
    return redirect(f"/plans/{plan.pk}/reports/{year}/")


@plan_view
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, plan_id: str, year: str, fmt: str = "html") -> HttpResponse:
    v, lang = viewer(request), lang_of(request)
    plan = _plan(request, plan_id)
    y = params.parse_int(year, "year", lang)
    assert y is not None
    if request.method == "POST":
        what = request.POST.get("do", "")
        if what == "transition":
            actions.transition_report(plan, y, request.POST.get("to", ""), v, request.user, request,
                                      _version(request))
        elif what == "edit":
            acts = {}
            for key in request.POST.getlist("activity"):
                status = request.POST.get(f"status-{key}", "planned")
                acts[key] = (status, request.POST.get(f"narrative-{key}", ""))
            actions.edit_report(plan, y, request.POST.get("narrative", ""), acts, v, request.user, request,
                                _version(request))
        else:
            raise NotFound("unknown action")
        return redirect(f"/plans/{plan.pk}/reports/{y}/?saved=1")
    vintage = _vintage(request)
    data = q.report_page(plan, v, vintage, y, lang)
    if fmt == "json":
        return _json(data["report"] | {"steps": data["steps"]})
    if fmt in ("docx", "pdf", "xlsx"):
        from boligmonitor.web.plans.documents import render_report

        body = exportcache.public_download(request, vintage, ("plan-report", plan.pk, plan.version, fmt, y), lang,
                                           v.is_public, lambda: render_report(data["report"], lang=lang, fmt=fmt))
        return _download(request, body, f"{plan.key}-indberetning-{y}.{fmt}", fmt, f"plan {plan.pk} report {y}")
    if fmt != "html":
        raise NotFound(f"the report page has no .{fmt} form")
    shown = {"header": data["report"]["plan"], "goals": data["report"]["goals"], "lists": data["report"]["lists"]}
    data["goals_table"] = _goals_table(request, shown, lang)
    data["version"] = plan.version
    data["activity_statuses"] = pf.STATUS_ACTIVITY
    data["status_texts"] = {k: t.pick(lang) for k, t in actions.STATUS_TEXT.items()}
    return render(request, "plans/report.html", data)


# ---------------------------------------------------------------------------------------------------- revisions

@plan_view
@require_http_methods(["GET", "POST"])
def revisions(request: HttpRequest, plan_id: str, fmt: str = "html") -> HttpResponse:
    v, lang = viewer(request), lang_of(request)
    plan = _plan(request, plan_id)
    if request.method == "POST":
        what = request.POST.get("do", "")
        version = _version(request)
        if what == "propose":
            actions.propose_revision(plan, request.POST.get("why", ""), v, request.user, request, version)
        elif what in ("approve", "reject"):
            actions.decide_revision(plan, what == "approve", v, request.user, request, version)
        elif what == "discard":
            actions.discard_revision(plan, v, request.user, request, version)
        else:
            raise NotFound("unknown action")
        return redirect(f"/plans/{plan.pk}/revisions/?saved=1")
    data = q.history(plan, v, lang)
    if fmt == "json":
        return _json(data)
    if fmt != "html":
        raise NotFound(f"the revisions page has no .{fmt} form")
    data["version"] = plan.version
    return render(request, "plans/revisions.html", data)


# ---------------------------------------------------------------------------------------------------- attachments

def attachment_limit(request: HttpRequest, kwargs: dict[str, Any]) -> int:
    """Uploads to a plan's attachments: editors only (decided before the body is read; the plan is checked too)."""
    v = viewer(request)
    if kwargs.get("fmt") not in (None, "json") or v.role not in access.EDITOR_ROLES:
        return 0
    plan = pm.Plan.objects.filter(pk=params.vintage_id(kwargs.get("plan_id"), "da") or 0).first()
    if plan is None or not access.may_edit(v, plan):
        return 0
    return int(settings.PLAN_ATTACHMENT_MAX_BYTES)


def attachment_too_large(request: HttpRequest) -> HttpResponse:
    exc = storage.too_large("upload")
    audit("plan_attachment_refused", request, reason=exc.kind)
    shown = "json" if request.path_info.endswith(".json") else "html"
    return _error(request, shown, 413, exc.kind, exc.pick(lang_of(request)))


@accepts_files(attachment_limit, attachment_too_large)
@plan_view
@require_http_methods(["GET", "POST"])
def attachment_list(request: HttpRequest, plan_id: str, fmt: str = "html") -> HttpResponse:
    v, lang = viewer(request), lang_of(request)
    plan = _plan(request, plan_id)
    form = pf.AttachmentForm()
    status = 200
    errors: list[str] = []
    if request.method == "POST":
        if not access.may_edit(v, plan):
            raise actions.forbidden()  # (the upload guard wrote nothing: its limit for this user was 0)
        form = pf.AttachmentForm(request.POST, request.FILES)
        refused = getattr(request, "upload_refused", None)
        if refused is not None:
            exc = storage.too_large("upload") if refused == "too_large" else PlanRefused(
                refused, Text("Vælg én fil (højst én pr. upload).", "Choose one file (one per upload)."))
            audit("plan_attachment_refused", request, plan=plan.pk, reason=exc.kind)
            raise exc
        if form.is_valid():
            f = form.cleaned_data["file"]
            try:
                actions.add_attachment(plan, form.cleaned_data["kind"], form.cleaned_data["title"], f, f.name, v,
                                       request.user, request, _version(request))
            except PlanRefused as exc:
                audit("plan_attachment_refused", request, plan=plan.pk, reason=exc.kind)
                if fmt == "json" or exc.status == 403:
                    raise
                errors.append(exc.pick(lang))
                status = exc.status
            else:
                if fmt == "json":
                    return _json({"attachments": q.attachments(plan, lang)})
                return redirect(f"/plans/{plan.pk}/attachments/?saved=1")
        else:
            status = 400
            audit("plan_attachment_refused", request, plan=plan.pk, reason="invalid_form",
                  fields=sorted(form.errors))
            if fmt == "json":
                return JsonResponse(error_body("invalid", "; ".join(
                    f"{k}: {' '.join(v)}" for k, v in form.errors.items()), 400), status=400)
    data = {"plan": q.summary(plan, lang), "attachments": q.attachments(plan, lang),
            "named": q.named_only(plan, v, lang), "permissions": q.permissions(plan, v)}
    if fmt == "json":
        return _json(data)
    return render(request, "plans/attachments.html", {**data, "form": form, "errors": errors,
                                                       "version": plan.version,
                                                       "max_mb": storage_limit_mb()}, status=status)


def storage_limit_mb() -> int:
    return int(settings.PLAN_ATTACHMENT_MAX_BYTES) // 2**20


@plan_view
@require_http_methods(["GET", "POST"])
def attachment(request: HttpRequest, plan_id: str, attachment_id: str, fmt: str = "html") -> HttpResponse:
    """The file, to those who may read the plan (the same answer as for a missing plan to anyone else)."""
    v, lang = viewer(request), lang_of(request)
    plan = _plan(request, plan_id)
    aid = params.vintage_id(attachment_id, lang)
    if request.method == "POST":
        if request.POST.get("do") != "delete" or aid is None:
            raise NotFound("unknown action")
        actions.delete_attachment(plan, aid, v, request.user, request, _version(request))
        return redirect(f"/plans/{plan.pk}/attachments/?saved=1")
    row = pm.PlanAttachment.objects.filter(plan=plan, pk=aid or 0).first()
    if row is None:
        raise NotFound("no such attachment")
    try:
        handle = storage.path_of(row.stored_name).open("rb")
    except FileNotFoundError:
        raise NotFound("the attachment's file is missing on the server") from None
    audit("plan_attachment_download", request, plan=plan.pk, attachment=row.pk)
    resp = FileResponse(handle, as_attachment=True, filename=row.file_name,
                        content_type=storage.CONTENT_TYPES[row.file_type])
    resp["Cache-Control"] = "private, no-store" if not plan.published else "private"
    return resp
