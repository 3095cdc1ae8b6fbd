"""A plan checked against its funding period's rules and against the vintage: what is missing or wrong, in Danish
and English, each with the source of the rule ("Delaftale mangler for Beskæftigelse", "Lokal medfinansiering 18 %
< 25 %"). Pure functions over the model, the period rules and :class:`~boligmonitor.plans.data.PlanData`.

A rule the sources do not give is not checked as if they did: without a deadline for the annual report the check
says the report is outstanding, not that it is late.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

from boligmonitor.indicators.catalogue import INDICATOR_BY_ID
from boligmonitor.plans.budget import by_source, local_share
from boligmonitor.plans.data import PlanData, unknown_areas
from boligmonitor.plans.model import AbsoluteTarget, Agreement, ListTarget, Strategy
from boligmonitor.plans.periods import PERIOD_IDS, FundingPeriod, RequiredDocument, load_period
from boligmonitor.rules.texts import CATEGORY_LABELS, Text, date_text, percent_text

Plan = Strategy | Agreement
PLAN_SOURCE = "plan"  # a check of the plan's own consistency, not of a funding-period rule


@dataclass(frozen=True)
class Check:
    severity: Literal["error", "warning"]
    code: str
    text: Text
    source: str

    def as_dict(self) -> dict[str, Any]:
        return {"severity": self.severity, "code": self.code, "text": {"da": self.text.da, "en": self.text.en},
                "source": self.source}


def _vintage_source(data: PlanData) -> str:
    return f"vintage {data.vintage()['label']}"


def _pct(share: float) -> Text:
    # to a tenth of a percent: 0.18 -> 18, 0.2468 -> 24,7 (never rounded up to the minimum it falls short of)
    return percent_text(Fraction(math.floor(share * 1000 + 1e-9), 1000))


# -- funding-period rules ------------------------------------------------------------------------------------------


def _has_attachment(plan: Agreement, kind: str, title: str | None = None) -> bool:
    for a in plan.attachments:
        if a.kind.casefold() != kind.casefold():
            continue
        if title is None or a.title.casefold() == title.casefold():
            return True
    return False


def _evidence(plan: Agreement, doc: RequiredDocument) -> bool:
    for e in doc.evidence:
        if e == "attachment" and _has_attachment(plan, doc.id):
            return True
        if e == "budget_lines" and plan.budget:
            return True
        if e == "milestones" and plan.milestones:
            return True
        if e == "signed_parties" and any(s.signed for p in plan.parties for s in p.signatories):
            return True
    return False


def chosen_themes(plan: Agreement) -> list[str]:
    out: list[str] = []
    for fa in plan.focus_areas:
        if fa.theme and fa.theme not in out:
            out.append(fa.theme)
    return out


def documents(plan: Agreement, period: FundingPeriod) -> Iterator[Check]:
    """Every required document: one delaftale per chosen indsatsområde, and each of the others once."""
    for doc in period.required_documents:
        if not doc.per_theme:
            if not _evidence(plan, doc):
                yield Check("error", "document_missing",
                            Text(f"Dokument mangler: {doc.name.da}", f"Document missing: {doc.name.en}"), doc.source)
            continue
        for theme_id in chosen_themes(plan):
            theme = period.theme(theme_id)
            if theme is None:
                continue  # reported as an unknown theme
            has = any(fa.theme == theme_id and fa.delaftale is not None for fa in plan.focus_areas) or (
                "attachment" in doc.evidence and (_has_attachment(plan, doc.id, theme.id)
                                                  or _has_attachment(plan, doc.id, theme.name.da)))
            if not has:
                yield Check("error", f"{doc.id}_missing",
                            Text(f"{doc.name.da} mangler for {theme.name.da}",
                                 f"{doc.name.en} missing for {theme.name.en}"), doc.source)


def themes(plan: Agreement, period: FundingPeriod) -> Iterator[Check]:
    known = {t.id for t in period.themes}
    names = ", ".join(sorted(known))
    for i, fa in enumerate(plan.focus_areas):
        if fa.theme is None:
            yield Check("warning", "theme_missing",
                        Text(f"Indsatsområdet '{fa.title}' (focus_areas[{i}]) angiver ikke et af periodens "
                             f"indsatsområder ({names})",
                             f"The focus area '{fa.title}' (focus_areas[{i}]) names none of the period's themes "
                             f"({names})"), period.sources[0])
        elif fa.theme not in known:
            yield Check("error", "theme_unknown",
                        Text(f"Ukendt indsatsområde '{fa.theme}' i focus_areas[{i}]; periodens er: {names}",
                             f"Unknown theme '{fa.theme}' in focus_areas[{i}]; the period's are: {names}"),
                        period.sources[0])
    if not plan.focus_areas:
        yield Check("warning", "no_theme", Text("Aftalen har ingen indsatsområder endnu",
                                                "The agreement has no focus areas yet"), period.sources[0])


def cofinancing(plan: Agreement, period: FundingPeriod) -> Iterator[Check]:
    """The whole budget's local share against the period's minimum (each year's share is in the budget table)."""
    share = local_share(by_source(plan.budget))
    minimum = period.cofinancing.minimum_local_share
    if share is not None and share < minimum - 1e-9:
        yield Check("error", "cofinancing_too_low",
                    Text(f"Lokal medfinansiering {_pct(share).da} % < {_pct(minimum).da} %",
                         f"Local co-financing {_pct(share).en} % < {_pct(minimum).en} %"), period.cofinancing.source)


def annual_reports(plan: Agreement, period: FundingPeriod, today: dt.date) -> Iterator[Check]:
    """Each calendar year of the agreement that has ended needs its report; with a deadline in the rules a report
    not sent by then is missing (and one sent after it late), and the period's consequence is named."""
    rule = period.annual_report
    if not rule.yearly:
        return
    consequence = rule.consequence
    then = (Text(f" Efter periodens regler: {consequence.da}", f" Under the period's rules: {consequence.en}")
            if consequence is not None else Text("", ""))
    source = rule.source + (f"; {rule.consequence_source}" if rule.consequence_source else "")
    by_year = {r.year: r for r in plan.reports}
    for y in range(plan.period.start.year, min(plan.period.end.year, today.year - 1) + 1):
        report = by_year.get(y)
        sent = report is not None and report.status in ("submitted", "approved", "reported")
        sent_on = report.submitted if report is not None else None
        if rule.due is None:
            if not sent:
                yield Check("warning", "report_outstanding",
                            Text(f"Indberetningen for {y} er ikke indsendt (kilderne angiver ingen frist).{then.da}",
                                 f"The report for {y} has not been submitted (the sources give no deadline)."
                                 f"{then.en}"), source)
            continue
        due = rule.due.due(y)
        when = date_text(due)
        if not sent and today > due:
            yield Check("error", "report_missing",
                        Text(f"Indberetningen for {y} mangler (frist {when.da}).{then.da}",
                             f"The report for {y} is missing (due {when.en}).{then.en}"),
                        f"{source}; {rule.due.source}")
        elif sent and sent_on is not None and sent_on > due:
            yield Check("warning", "report_late",
                        Text(f"Indberetningen for {y} blev indsendt for sent ({date_text(sent_on).da}; frist "
                             f"{when.da}).", f"The report for {y} was submitted late ({date_text(sent_on).en}; due "
                             f"{when.en})."), rule.due.source)


def period_dates(plan: Agreement, period: FundingPeriod) -> Iterator[Check]:
    if plan.period.start > period.end or plan.period.end < period.start:
        yield Check("warning", "outside_funding_period",
                    Text(f"Aftalens periode ligger uden for {period.name.da} ({period.start.year}–{period.end.year})",
                         f"The agreement's period lies outside {period.name.en} "
                         f"({period.start.year}–{period.end.year})"), period.sources[0])


# -- the plan against itself and the vintage -------------------------------------------------------------------


def activity_keys(plan: Plan) -> set[str]:
    return {a.key for fa in plan.focus_areas if fa.delaftale for a in fa.delaftale.activities}


def references(plan: Plan, data: PlanData, period: FundingPeriod | None) -> Iterator[Check]:
    """Areas, indicators, list categories and activity keys the plan names must exist."""
    vsrc = _vintage_source(data)
    ids = plan.scope.areas if isinstance(plan, Strategy) else plan.areas
    for a in unknown_areas(data, ids):
        yield Check("error", "area_unknown", Text(f"Område '{a}' findes ikke i datagrundlaget ({vsrc})",
                                                  f"Area '{a}' is not in the vintage ({vsrc})"), vsrc)
    if isinstance(plan, Strategy) and data.municipality(plan.municipality) is None:
        yield Check("error", "municipality_unknown",
                    Text(f"Kommune {plan.municipality} findes ikke i datagrundlaget",
                         f"Municipality {plan.municipality} is not in the vintage"), vsrc)
    published = data.indicators()
    manual = {m.indicator for m in plan.manual_values}
    survey = period.survey_indicators if period is not None else set()
    years = data.years()
    if years and plan.baseline_year not in years:
        yield Check("warning", "baseline_year_missing",
                    Text(f"Basisåret {plan.baseline_year} findes ikke i datagrundlaget ({years[0]}–{years[-1]})",
                         f"The baseline year {plan.baseline_year} is not in the vintage ({years[0]}–{years[-1]})"),
                    vsrc)
    for i, fa in enumerate(plan.focus_areas):
        for j, g in enumerate(fa.goals):
            for k, m in enumerate(g.measured_by):
                where = f"focus_areas[{i}].goals[{j}].measured_by[{k}]"
                t = m.target
                if isinstance(t, ListTarget):
                    for c in t.lists:
                        if c not in CATEGORY_LABELS:
                            yield Check("error", "list_unknown",
                                        Text(f"Ukendt liste '{c}' i {where}; kendte: {', '.join(CATEGORY_LABELS)}",
                                             f"Unknown list '{c}' in {where}; known: {', '.join(CATEGORY_LABELS)}"),
                                        PLAN_SOURCE)
                    continue
                if m.indicator in INDICATOR_BY_ID:
                    if m.indicator not in published:
                        yield Check("warning", "indicator_not_in_vintage",
                                    Text(f"Indikatoren '{m.indicator}' ({where}) findes ikke i datagrundlaget",
                                         f"The indicator '{m.indicator}' ({where}) is not in the vintage"), vsrc)
                    if (isinstance(t, AbsoluteTarget) and INDICATOR_BY_ID[m.indicator].kind == "share"
                            and not 0 <= t.value <= 1):
                        yield Check("error", "share_target_out_of_range",
                                    Text(f"Målet {t.value:g} for en andel ({where}) skal skrives som brøk: "
                                         f"0,95 = 95 %", f"The target {t.value:g} for a share ({where}) is written "
                                         "as a fraction: 0.95 = 95 %"), PLAN_SOURCE)
                elif m.indicator not in manual and m.indicator not in survey:
                    yield Check("error", "indicator_unknown",
                                Text(f"Ukendt indikator '{m.indicator}' ({where}): vælg en indikator fra kataloget "
                                     "eller indtast værdier for den (manual_values)",
                                     f"Unknown indicator '{m.indicator}' ({where}): choose a catalogue indicator "
                                     "or enter values for it (manual_values)"), PLAN_SOURCE)
    known = activity_keys(plan)
    for i, fa in enumerate(plan.focus_areas):
        toc = fa.theory_of_change
        for key in (toc.activities if toc else []):
            if key not in known:
                yield Check("error", "activity_unknown",
                            Text(f"Forandringsteorien i focus_areas[{i}] nævner en ukendt aktivitet '{key}'",
                                 f"The theory of change in focus_areas[{i}] names an unknown activity '{key}'"),
                            PLAN_SOURCE)
    if isinstance(plan, Agreement):
        for i, b in enumerate(plan.budget):
            if b.activity is not None and b.activity not in known:
                yield Check("error", "activity_unknown",
                            Text(f"Budgetlinje budget[{i}] nævner en ukendt aktivitet '{b.activity}'",
                                 f"Budget line budget[{i}] names an unknown activity '{b.activity}'"), PLAN_SOURCE)
        for r in plan.reports:
            for reported in r.activities:
                if reported.activity not in known:
                    yield Check("error", "activity_unknown",
                                Text(f"Indberetningen for {r.year} nævner en ukendt aktivitet '{reported.activity}'",
                                     f"The report for {r.year} names an unknown activity '{reported.activity}'"),
                                PLAN_SOURCE)


def duplicate_keys(plan: Plan) -> list[tuple[str, str]]:
    """(path, key) of every key used twice where keys must be unique: focus areas, goals and activities across the
    plan (reports and budget lines name them), milestones, bodies, report years and revision numbers."""
    out: list[tuple[str, str]] = []

    def once(items: list[tuple[str, str]]) -> None:
        seen: set[str] = set()
        for path, key in items:
            if key in seen:
                out.append((path, key))
            seen.add(key)

    fas = plan.focus_areas
    once([(f"focus_areas[{i}].key", fa.key) for i, fa in enumerate(fas)])
    once([(f"focus_areas[{i}].goals[{j}].key", g.key) for i, fa in enumerate(fas) for j, g in enumerate(fa.goals)])
    once([(f"focus_areas[{i}].delaftale.activities[{j}].key", a.key) for i, fa in enumerate(fas) if fa.delaftale
          for j, a in enumerate(fa.delaftale.activities)])
    if isinstance(plan, Agreement):
        once([(f"milestones[{i}].key", m.key) for i, m in enumerate(plan.milestones)])
        once([(f"organisation.bodies[{i}].key", b.key) for i, b in enumerate(plan.organisation.bodies)])
        once([(f"reports[{i}].year", str(r.year)) for i, r in enumerate(plan.reports)])
        once([(f"revisions[{i}].number", str(r.number)) for i, r in enumerate(plan.revisions)])
    return out


def check_plan(plan: Plan, data: PlanData, today: dt.date | None = None) -> list[Check]:
    """Every check of the plan, errors first."""
    day = today or dt.date.today()
    out: list[Check] = []
    period: FundingPeriod | None = None
    if isinstance(plan, Agreement):
        if plan.funding_period not in PERIOD_IDS:
            out.append(Check("error", "funding_period_unknown",
                             Text(f"Ukendt støtteperiode '{plan.funding_period}'; kendte: {', '.join(PERIOD_IDS)}",
                                  f"Unknown funding period '{plan.funding_period}'; known: {', '.join(PERIOD_IDS)}"),
                             PLAN_SOURCE))
        else:
            period = load_period(plan.funding_period)
            for gen in (themes(plan, period), documents(plan, period), cofinancing(plan, period),
                        annual_reports(plan, period, day), period_dates(plan, period)):
                out.extend(gen)
    out.extend(references(plan, data, period))
    out.extend(Check("error", "duplicate_key", Text(f"Nøglen '{key}' bruges to gange ({path})",
                                                    f"The key '{key}' is used twice ({path})"), PLAN_SOURCE)
               for path, key in duplicate_keys(plan))
    return sorted(out, key=lambda c: c.severity != "error")
