"""The strategic cooperation agreement in the structure of Landsbyggefonden's template (seed 001): the header (area,
parties, period, signatures, the documents the period requires), then sections 1 Kort om boligområdet … 8 Revision,
with section 5's table of goals and indicators filled from the data; budget and milestone plan as annexes."""

from __future__ import annotations

from typing import Any

from boligmonitor.plans.model import Agreement
from boligmonitor.web.plans.documents import parts
from boligmonitor.web.plans.documents.outline import Cell, Outline, cell, date_str, period_text, vintage_text
from boligmonitor.web.plans.documents.words import ROLES, STATES, pick, t


def agreement_outline(plan: Agreement, table: dict[str, Any], lang: str = "da") -> Outline:
    info = table.get("plan") or {}
    areas = info.get("areas") or [{"area_id": a, "name": a} for a in plan.areas]
    rules = parts.period_rules(plan.funding_period)
    out = Outline(t("agreement_title", lang), plan.title, lang, bool((table.get("vintage") or {}).get("synthetic")))
    out.h(0, out.title)
    _header(out, plan, table, areas, rules)
    _about(out, plan, areas)
    out.h(1, t("s2", lang))
    out.text_or_empty(plan.vision)
    if plan.strategy:
        out.h(2, t("strategy", lang))
        out.p(plan.strategy)
    if plan.working_principles:
        out.h(2, t("principles", lang))
        out.ul(plan.working_principles)
    _organisation(out, plan)
    out.h(1, t("s4", lang))
    out.text_or_empty(plan.interplay)
    if plan.physical_plans:
        out.h(2, t("physical", lang))
        out.p(plan.physical_plans)
    out.h(1, t("s5", lang))
    out.p(t("s5_intro", lang, year=plan.baseline_year, vintage=(table.get("vintage") or {}).get("label", "")))
    out.table(parts.goal_headers(table, lang), parts.goal_rows(table, lang))
    _focus_areas(out, plan, rules)
    out.h(1, t("s7", lang))
    out.text_or_empty(plan.local_evaluation)
    labels, titles = parts.indicator_labels(table, lang), parts.activity_titles(plan)
    for fa in plan.focus_areas:
        parts.theory_of_change(out, fa, labels, titles)
    _revision(out, plan)
    if plan.budget:
        out.h(1, t("annex_budget", lang))
        parts.budget_lines(out, plan)
    if plan.milestones:
        out.h(1, t("annex_milestones", lang))
        out.table([t("milestone", lang), t("due", lang), t("status", lang)],
                  [[cell(m.title), cell(date_str(m.due, lang)), cell(pick(STATES, m.status, lang))]
                   for m in sorted(plan.milestones, key=lambda m: m.due)])
    out.p(vintage_text(table, lang), "muted")
    return out


def _header(out: Outline, plan: Agreement, table: dict[str, Any], areas: list[dict[str, Any]], rules: Any) -> None:
    lang = out.lang
    out.fields([
        (t("area_name", lang), f"{plan.title} ({', '.join(a.get('name') or a['area_id'] for a in areas)})"),
        (t("valid", lang), period_text(plan.period, lang)),
        (t("funding_period", lang), rules.name.text.pick(lang) if rules is not None else plan.funding_period),
        (t("status", lang), pick(STATES, plan.status, lang)),
    ])
    out.h(2, t("parties", lang))
    if plan.parties:
        out.ul([f"{p.name} ({pick(ROLES, p.role, lang)})" for p in plan.parties])
    else:
        out.text_or_empty("")
    out.h(2, t("signatures", lang))
    rows: list[list[Cell | None]] = []
    for party in plan.parties:
        for s in party.signatories:
            rows.append([cell(party.name), cell(s.name), cell(s.title), cell(date_str(s.signed, lang))])
        if not party.signatories:  # an empty line to sign on, as on the paper template
            rows.append([cell(party.name), cell(""), cell(""), cell("")])
    out.table([t("party", lang), t("name", lang), t("title", lang), t("date", lang)], rows)
    out.h(2, t("agreement_documents", lang))
    if rules is not None:
        out.p(t("required_intro", lang, period=rules.name.text.pick(lang)))
        docs: list[str] = []
        for d in rules.required_documents:
            name = d.name.text.pick(lang)
            docs += [f"{name}: {fa.title}" for fa in plan.focus_areas] if d.per_theme else [name]
        out.ul(docs)
    if plan.attachments:
        out.h(3, t("attached", lang))
        out.ul([" – ".join(x for x in (a.title or a.kind, a.file_name or "") if x) for a in plan.attachments])
    if table.get("checks"):
        out.h(3, t("checks", lang))
        parts.checks(out, table["checks"])


def _about(out: Outline, plan: Agreement, areas: list[dict[str, Any]]) -> None:
    lang = out.lang
    out.h(1, t("s1", lang))
    out.p(t("areas_covered", lang))
    out.ul([f"{a.get('name') or a['area_id']} ({a['area_id']})" for a in areas])
    if plan.afdelinger:
        out.p(t("afdelinger", lang, items=", ".join(plan.afdelinger)), "muted")
    out.text_or_empty(plan.about_area)


def _organisation(out: Outline, plan: Agreement) -> None:
    lang, org = out.lang, plan.organisation
    out.h(1, t("s3", lang))
    out.p(org.description)
    if org.administering_organisation:
        out.p(t("administering", lang, name=org.administering_organisation))
    for body in org.bodies:
        out.h(2, f"{body.name} ({pick(ROLES, body.kind, lang)})")
        if body.mandate:
            out.p(t("mandate", lang, text=body.mandate))
        if body.members:
            out.table([t("name", lang), t("organisation", lang), t("role", lang)],
                      [[cell(m.name), cell(m.organisation), cell(pick(ROLES, m.role, lang))] for m in body.members])
    if not (org.description or org.administering_organisation or org.bodies):
        out.text_or_empty("")


def _focus_areas(out: Outline, plan: Agreement, rules: Any) -> None:
    lang = out.lang
    out.h(1, t("s6", lang))
    for fa in plan.focus_areas:
        out.h(2, fa.title)
        if fa.theme:
            out.p(t("theme", lang, name=parts.theme_name(rules, fa.theme, lang)), "muted")
        out.p(fa.description)
        out.h(3, t("problem", lang))
        out.text_or_empty(fa.problem_complex)
        parts.facts(out, fa)
        parts.delaftale(out, fa)
    if not plan.focus_areas:
        out.text_or_empty("")


def _revision(out: Outline, plan: Agreement) -> None:
    lang = out.lang
    out.h(1, t("s8", lang))
    out.text_or_empty(plan.revision_procedure)
    if plan.revisions:
        out.h(2, t("revisions", lang))
        out.table([t("number", lang), t("date", lang), t("by", lang), t("why", lang), t("status", lang),
                   t("approved_by", lang)],
                  [[cell(r.number), cell(date_str(r.date, lang)), cell(r.by), cell(r.why),
                    cell(pick(STATES, r.status, lang)), cell(r.approved_by or "")] for r in plan.revisions])
