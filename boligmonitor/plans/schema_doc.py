"""docs/plan-file.md, generated from the model (``python -m boligmonitor.docs``; ``make check`` fails when stale).

Every block of the plan file gets a table: field, type, required, description, example. Types, requirements,
allowed values and limits come from the pydantic model; descriptions from the model's field descriptions, else from
:data:`NOTES`; examples from the example plans (:mod:`boligmonitor.plans.examples`).
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from typing import Any, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from boligmonitor.plans import model as m
from boligmonitor.plans.examples import example_agreement, example_strategy
from boligmonitor.plans.files import MAX_BYTES, dump_plan
from boligmonitor.plans.periods import periods

# Descriptions of fields the model leaves undescribed ("Model.field").
NOTES: dict[str, str] = {
    "PlanFile.format": "the plan file format; 1",
    "PlanFile.plan": "one strategy or agreement, chosen by its `kind`",
    "Period.start": "first day", "Period.end": "last day (not before `start`)",
    "Strategy.kind": "says this block is a municipal strategy", "Agreement.kind": "says this block is an agreement",
    "Strategy.key": "the plan's id in this installation", "Agreement.key": "the plan's id in this installation",
    "Strategy.title": "the strategy's name", "Agreement.title": "the agreement's name (Områdets navn)",
    "Strategy.municipality": "the owner municipality's code (DST)", "Strategy.period": "the strategy's period",
    "Strategy.vision": "the vision", "Strategy.scope": "the areas the strategy covers",
    "Strategy.baseline_year": "data year of the baselines", "Strategy.status": "a published strategy is public",
    "Strategy.focus_areas": "focus areas (fokusområder), each with goals",
    "Strategy.manual_values": "values entered by hand (survey and custom indicators)",
    "Scope.areas": "area ids of the vintage", "Scope.all_almen_areas": "every almen area of the municipality",
    "Agreement.parties": "the parties (Aftalens parter)", "Agreement.period": "the agreement's period (fra - til)",
    "Agreement.baseline_year": "data year of the baselines in section 5",
    "Agreement.status": "draft, signed or ended", "Agreement.published": "the public may see it",
    "Agreement.about_area": "section 1, Kort om boligområdet", "Agreement.vision": "section 2, Vision",
    "Agreement.strategy": "section 3, overall strategy", "Agreement.working_principles": "section 3, principles",
    "Agreement.organisation": "section 3, organisation", "Agreement.interplay": "section 4, Samspil",
    "Agreement.physical_plans": "section 4, fysiske helhedsplaner/udviklingsplaner",
    "Agreement.focus_areas": "section 6, one indsatsområde each (its `theme` names the period's)",
    "Agreement.local_evaluation": "section 7, Lokal evaluering",
    "Agreement.revision_procedure": "section 8, Revision af samarbejdsaftalen",
    "Agreement.budget": "budget lines per year", "Agreement.milestones": "the milepælsplan",
    "Agreement.attachments": "attached documents (beredskabsplan, kommissorium, …)",
    "Agreement.reports": "annual reports (indberetninger)", "Agreement.revisions": "revisions of the agreement",
    "Agreement.manual_values": "values entered by hand (survey and custom indicators)",
    "FocusArea.key": "id, unique in the plan", "FocusArea.title": "the focus area's name",
    "FocusArea.description": "free text", "FocusArea.problem_complex": "section 6, Problemkompleks: the text",
    "FocusArea.facts": "data facts drafted from the bundle", "FocusArea.goals": "goals of the focus area",
    "FocusArea.delaftale": "the sub-agreement of this indsatsområde",
    "FocusArea.theory_of_change": "section 7, forandringsteori",
    "Goal.key": "id, unique in the plan", "Goal.title": "the goal", "Goal.description": "free text",
    "Goal.measured_by": "the indicators the goal is measured by (Måles ved)",
    "Measure.indicator": "catalogue indicator id, a survey indicator of the period, or a custom key",
    "Measure.target": "where the indicator should be, and by when",
    "AbsoluteTarget.value": "the value to reach; shares as fractions (0.95 = 95 %)",
    "AbsoluteTarget.direction": "at_least or at_most the value", "AbsoluteTarget.by": "the year",
    "RelativeTarget.reference": "the unit compared with (same vintage)",
    "RelativeTarget.close_gap": "share of the baseline gap to close (1 = all)", "RelativeTarget.by": "the year",
    "ChangeTarget.change": "change from the baseline (-0.5 = halve, 0.1 = up 10 %)", "ChangeTarget.by": "the year",
    "ListTarget.at_most": "at most this many of the plan's areas on the lists",
    "ListTarget.change": "or: the baseline count changed by this (-0.5 = halve)", "ListTarget.by": "the list year",
    "Fact.text": "the fact as shown", "Fact.indicator": "indicator it was drafted from",
    "Fact.data_year": "its data year", "Fact.status": "draft, accepted, edited or dropped",
    "Activity.key": "id, unique in the plan (budget lines and reports name it)", "Activity.title": "the activity",
    "Activity.responsible": "responsible party", "Activity.partners": "partners",
    "Activity.target_group": "target group", "Activity.period": "when it runs", "Activity.status": "its status",
    "Delaftale.sub_goals": "delmål", "Delaftale.activities": "the activities", "Delaftale.roles": "roles and "
    "responsibilities", "Delaftale.signed": "date signed",
    "Outcome.text": "the outcome", "Outcome.horizon": "short, medium or long term",
    "Outcome.indicators": "indicators that show it",
    "TheoryOfChange.outputs": "outputs the activities deliver", "TheoryOfChange.outcomes": "outcomes",
    "ListTarget.kind": "list target", "AbsoluteTarget.kind": "absolute target",
    "RelativeTarget.kind": "relative target", "ChangeTarget.kind": "change target",
    "TheoryOfChange.assumptions": "assumptions", "TheoryOfChange.risks": "risks",
    "ManualValue.indicator": "the indicator", "ManualValue.unit": "the plan's area(s) or the municipality",
    "ManualValue.year": "the data year", "ManualValue.value": "the value; shares as fractions",
    "ManualValue.source": "where the value comes from (shown with it)", "ManualValue.respondents":
    "number of respondents (surveys)",
    "Signatory.name": "name", "Signatory.title": "title", "Signatory.signed": "date signed",
    "Party.name": "name", "Party.role": "kind of party", "Party.org_id": "housing organisation id of the registry",
    "Party.municipality": "municipality code (municipality parties)", "Party.signatories": "who signs",
    "Member.name": "name", "Member.organisation": "organisation", "Member.role": "chair, member or observer",
    "Body.key": "id", "Body.name": "name", "Body.kind": "kind of body (one board at most)",
    "Body.members": "members", "Body.mandate": "mandate (kommissorium) in brief",
    "Organisation.administering_organisation": "administrerende boligorganisation",
    "Organisation.bodies": "board, teams, følgegrupper, secretariat", "Organisation.description": "free text",
    "BudgetLine.year": "budget year", "BudgetLine.party": "the party paying",
    "BudgetLine.source": "funding source (local co-financing is everything but lbf)",
    "BudgetLine.amount": "budgeted DKK", "BudgetLine.spent": "spent DKK", "BudgetLine.note": "note",
    "Milestone.key": "id", "Milestone.title": "the milestone", "Milestone.due": "due date",
    "Milestone.status": "open, done or cancelled", "Milestone.done_on": "date done",
    "Attachment.kind": "document kind; required documents are named by the period's ids (beredskabsplan, "
    "kommissorium, indberetningsskema, delaftale with the theme as title, …)",
    "Attachment.title": "title", "Attachment.file_name": "the uploaded file's name",
    "ActivityReport.activity": "activity key", "ActivityReport.status": "status that year",
    "ActivityReport.narrative": "what happened",
    "AnnualReport.year": "the year reported on", "AnnualReport.status": "draft → submitted → approved → reported",
    "AnnualReport.activities": "per activity", "AnnualReport.narrative": "free text",
    "AnnualReport.submitted": "date", "AnnualReport.approved": "date", "AnnualReport.approved_by": "who approved",
    "AnnualReport.reported": "date reported to LBF",
    "Revision.number": "1, 2, …", "Revision.date": "date", "Revision.by": "who", "Revision.why": "why",
    "Revision.status": "proposed, approved or rejected", "Revision.approved_by": "who approved",
}


def _type(annotation: Any) -> str:
    origin = get_origin(annotation)
    if origin is typing.Annotated:
        args = get_args(annotation)
        inner = _type(args[0])
        meta = [a for a in args[1:] if isinstance(a, FieldInfo)]
        if meta and meta[0].metadata:
            inner += _limits(meta[0])
        return inner
    if origin is list:
        return f"list of {_type(get_args(annotation)[0])}"
    if origin in (typing.Union, types.UnionType):
        options = [a for a in get_args(annotation) if a is not type(None)]
        return " or ".join(_type(a) for a in options)
    if origin is typing.Literal:
        return " \\| ".join(f"`{v}`" for v in get_args(annotation))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    names = {str: "text", int: "whole number", float: "number", bool: "true/false", dt.date: "date YYYY-MM-DD"}
    return names.get(annotation, str(annotation))


def _limits(info: FieldInfo) -> str:
    parts = []
    for meta in info.metadata:
        for attr, word in (("ge", "≥"), ("le", "≤"), ("min_length", "min length"), ("max_length", "max length"),
                           ("pattern", "pattern")):
            value = getattr(meta, attr, None)
            if value is not None:
                parts.append(f"{word} `{value}`" if attr == "pattern" else f"{word} {value}")
    return f" ({', '.join(parts)})" if parts else ""


def _models() -> list[type[BaseModel]]:
    """Every model reachable from PlanFile, in the order a reader meets them."""
    out: list[type[BaseModel]] = []
    todo: list[Any] = [m.PlanFile]
    while todo:
        t = todo.pop(0)
        if isinstance(t, type) and issubclass(t, BaseModel):
            if t in out:
                continue
            out.append(t)
            todo += [f.annotation for f in t.model_fields.values()]
            continue
        todo += list(get_args(t))
    return out


def _examples() -> dict[str, Any]:
    """'Model.field' -> an example value, from the example plans (first occurrence)."""
    found: dict[str, Any] = {}

    def walk(obj: Any) -> None:
        if isinstance(obj, BaseModel):
            for name in type(obj).model_fields:
                value = getattr(obj, name)
                key = f"{type(obj).__name__}.{name}"
                if key not in found and value not in (None, "", [], {}):
                    found[key] = value
                walk(value)
        elif isinstance(obj, list):
            for x in obj:
                walk(x)

    walk(m.PlanFile(plan=example_agreement()))
    walk(m.PlanFile(plan=example_strategy()))
    return found


def _example(value: Any) -> str:
    if isinstance(value, BaseModel):
        return "(block)"
    if isinstance(value, list):
        if value and isinstance(value[0], BaseModel):
            return "(list of blocks)"
        text = ", ".join(str(v) for v in value[:3])
        return f"`[{text}]`"
    if isinstance(value, dt.date):
        return f"`{value.isoformat()}`"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    text = str(value).replace("\n", " ").replace("|", "\\|")
    return f"`{text[:60]}{'…' if len(text) > 60 else ''}`"


def plan_file_doc() -> str:
    examples = _examples()
    out = ["# Plan files", "", "_Generated by `python -m boligmonitor.docs` from `boligmonitor/plans/model.py`; do not "
           "edit._", "",
           "A plan file is one municipal strategy or one strategic cooperation agreement (helhedsplan) as YAML: "
           "`boligmonitor-web plan export ID` writes one, `boligmonitor-web plan import FILE` reads one. Files are "
           f"UTF-8 (Windows-1252 is accepted), at most {MAX_BYTES:,} bytes, without anchors/aliases or repeated "
           "keys. Unknown keys are errors. An import checks every reference against the published vintage (areas, "
           "indicators, funding-period themes, list categories, activity keys) and imports nothing when anything is "
           "wrong; the error names the file, the path inside it (`plan.focus_areas[0].goals[1].measured_by[0]."
           "target.kind`), what was expected and how to fix it.", "",
           "Shares are fractions, as the bundle publishes them: 0.95 is 95 %. Dates are YYYY-MM-DD. Keys (`key`) "
           "are short ids of a-z, 0-9, `_` and `-`; focus-area, goal, activity and milestone keys are unique in the "
           "plan.", "",
           "Funding periods (`funding_period`): "
           + "; ".join(f"`{p.id}` — {p.name.da} (themes: {', '.join(f'`{t.id}`' for t in p.themes)})"
                       for p in periods()) + ".", "",
           "## Blocks", ""]
    for model in _models():
        doc = (model.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
        out += [f"### {model.__name__}", ""]
        if doc and not doc.startswith(("!!!", "Usage docs")):
            out += [doc, ""]
        out += ["| field | type | required | description | example |", "|---|---|---|---|---|"]
        for name, field in model.model_fields.items():
            key = f"{model.__name__}.{name}"
            required = "yes" if field.is_required() else "no"
            typ = _type(field.annotation) + _limits(field)
            desc = field.description or NOTES.get(key, "")
            if not field.is_required() and field.default not in (None, "", [], PydanticUndefined):
                default = field.default
                if not isinstance(default, (BaseModel, list)):
                    desc += f" (default `{str(default).lower() if isinstance(default, bool) else default}`)"
            ex = _example(examples[key]) if key in examples else ""
            out.append(f"| `{name}` | {typ} | {required} | {desc} | {ex} |")
        out.append("")
    out += ["## A complete example", "", "```yaml", dump_plan(m.PlanFile(plan=example_strategy())).rstrip(), "```",
            ""]
    return "\n".join(out)

