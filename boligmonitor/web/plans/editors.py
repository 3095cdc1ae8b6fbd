"""One engine for every edit page of a plan: a *head* form for the fields of one part of the document and/or a
*formset* for a list in it (budget lines, milestones, goals, measures, activities, ...).

An editor says where its part lives in the document (``locate``), which forms edit it and with which choices. On a
POST the forms turn strings into values; the changed part is put into a copy of the plan; ``actions.update``
validates the whole plan with the shared model and saves it, or raises with every error's location, which is put
back on the field that shows it. Nothing is saved when anything is wrong. A row's fields the form does not show
(a focus area's goals, a goal's measures) are kept as they were.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.forms import BaseFormSet, formset_factory

from boligmonitor.rules.texts import Text
from boligmonitor.web.plans import forms as pf
from boligmonitor.web.plans.messages import PlanRefused, path_text

Params = dict[str, str]


class Missing(Exception):
    """The part named in the URL (a focus area, a goal) is not in the plan."""


@dataclass(frozen=True)
class Editor:
    section: str
    title: Text
    locate: Callable[[dict[str, Any], Params], tuple[dict[str, Any], tuple[Any, ...]]]
    head: type[pf.PlanForm] | None = None
    items: str | None = None
    item_form: type[pf.PlanForm] | None = None
    defaults: dict[str, Any] = field(default_factory=dict)  # blank choices in a row become these
    extra: int = 2


def _doc(doc: dict[str, Any], params: Params) -> tuple[dict[str, Any], tuple[Any, ...]]:
    return doc, ()


def _focus(doc: dict[str, Any], params: Params) -> tuple[int, dict[str, Any]]:
    for i, fa in enumerate(doc.get("focus_areas", [])):
        if fa["key"] == params.get("fa"):
            return i, fa
    raise Missing(params.get("fa", ""))


def _focus_area(doc: dict[str, Any], params: Params) -> tuple[dict[str, Any], tuple[Any, ...]]:
    i, fa = _focus(doc, params)
    return fa, ("focus_areas", i)


def _goal(doc: dict[str, Any], params: Params) -> tuple[dict[str, Any], tuple[Any, ...]]:
    i, fa = _focus(doc, params)
    for j, g in enumerate(fa.get("goals", [])):
        if g["key"] == params.get("goal"):
            return g, ("focus_areas", i, "goals", j)
    raise Missing(params.get("goal", ""))


def _nested(key: str) -> Callable[[dict[str, Any], Params], tuple[dict[str, Any], tuple[Any, ...]]]:
    def locate(doc: dict[str, Any], params: Params) -> tuple[dict[str, Any], tuple[Any, ...]]:
        i, fa = _focus(doc, params)
        if fa.get(key) is None:
            fa[key] = {}
        return fa[key], ("focus_areas", i, key)
    return locate


def _organisation(doc: dict[str, Any], params: Params) -> tuple[dict[str, Any], tuple[Any, ...]]:
    doc.setdefault("organisation", {})
    return doc["organisation"], ("organisation",)


EDITORS: dict[str, Editor] = {
    "basics": Editor("basics", Text("Stamdata", "Basic details"), _doc, head=pf.AgreementBasicsForm),
    "texts": Editor("texts", Text("Aftalens tekster", "Texts"), _doc, head=pf.AgreementTextsForm),
    "parties": Editor("parties", Text("Parter og underskrifter", "Parties and signatures"), _doc,
                      items="parties", item_form=pf.PartyForm),
    "organisation": Editor("organisation", Text("Organisering", "Organisation"), _organisation,
                           head=pf.OrganisationForm, items="bodies", item_form=pf.BodyForm,
                           defaults={"kind": "other"}),
    "focus_areas": Editor("focus_areas", Text("Indsatsområder", "Focus areas"), _doc, items="focus_areas",
                          item_form=pf.FocusAreaForm),
    "goals": Editor("goals", Text("Mål", "Goals"), _focus_area, items="goals", item_form=pf.GoalForm),
    "measures": Editor("goals", Text("Måles ved: indikatorer og mål", "Measured by: indicators and targets"),
                       _goal, items="measured_by", item_form=pf.MeasureForm, extra=1),
    "delaftale": Editor("delaftale", Text("Delaftale og aktiviteter", "Sub-agreement and activities"),
                        _nested("delaftale"), head=pf.DelaftaleForm, items="activities", item_form=pf.ActivityForm,
                        defaults={"status": "planned"}),
    "theory_of_change": Editor("theory_of_change", Text("Forandringsteori", "Theory of change"),
                               _nested("theory_of_change"), head=pf.TheoryOfChangeForm, items="outcomes",
                               item_form=pf.OutcomeForm, defaults={"horizon": "short"}),
    "budget": Editor("budget", Text("Budget", "Budget"), _doc, items="budget", item_form=pf.BudgetLineForm, extra=3),
    "milestones": Editor("milestones", Text("Milepælsplan", "Milestones"), _doc, items="milestones",
                         item_form=pf.MilestoneForm, defaults={"status": "open"}, extra=3),
    "manual_values": Editor("manual_values", Text("Håndindtastede værdier", "Hand-entered values"), _doc,
                            items="manual_values", item_form=pf.ManualValueForm, defaults={"unit": "area"}),
}
STRATEGY_HEADS: dict[str, type[pf.PlanForm]] = {"basics": pf.StrategyBasicsForm, "texts": pf.StrategyTextsForm}
# what a strategy has: no parties, organisation, delaftaler or budget of its own
STRATEGY_EDITORS = frozenset({"basics", "texts", "focus_areas", "goals", "measures", "theory_of_change",
                              "manual_values"})


def available(kind: str) -> frozenset[str]:
    return STRATEGY_EDITORS if kind == "strategy" else frozenset(EDITORS)


def head_form(editor: Editor, kind: str) -> type[pf.PlanForm] | None:
    if kind == "strategy" and editor.section in STRATEGY_HEADS and editor.head is not None:
        return STRATEGY_HEADS[editor.section]
    return editor.head


def _blank_choice(form: forms.Form, defaults: dict[str, Any]) -> None:
    """Every single choice of a row starts blank, so an untouched empty row is not mistaken for a new one."""
    for name, f in form.fields.items():
        if isinstance(f, forms.ChoiceField) and not isinstance(f, forms.MultipleChoiceField):
            choices = list(f.choices)
            if not any(v == "" for v, _ in choices):
                f.choices = [("", "–"), *choices]
            if name in defaults:
                f.required = False


@dataclass
class Bound:
    """An editor bound to a plan document (and, on POST, to the request's data)."""

    editor: Editor
    head: pf.PlanForm | None
    formset: BaseFormSet | None
    originals: list[dict[str, Any]]
    prefix: tuple[Any, ...]
    errors: list[str] = field(default_factory=list)

    def valid(self) -> bool:
        ok = True
        if self.head is not None:
            ok = self.head.is_valid() and ok
        if self.formset is not None:
            ok = self.formset.is_valid() and ok
        return ok

    def _rows(self) -> list[tuple[forms.Form, dict[str, Any]]]:
        """(form, new item) for each row that stays, in order."""
        assert self.formset is not None
        out = []
        for i, form in enumerate(self.formset.forms):
            if form.cleaned_data.get("DELETE"):
                continue
            original = self.originals[i] if i < len(self.originals) else None
            if original is None and not form.has_changed():
                continue
            data = form.to_data()
            for k, v in self.editor.defaults.items():
                if data.get(k) in (None, ""):
                    data[k] = v
            out.append((form, {**(original or {}), **data}))
        return out

    def apply(self, doc: dict[str, Any], params: Params) -> None:
        """Put the forms' values into ``doc`` (a copy of the plan)."""
        container, _ = self.editor.locate(doc, params)
        if self.head is not None:
            container.update(self.head.to_data())
        if self.formset is not None and self.editor.items is not None:
            self._kept = self._rows()
            container[self.editor.items] = [item for _, item in self._kept]

    def show_errors(self, exc: PlanRefused, lang: str) -> None:
        """The model's errors on the fields that show them; the rest above the form."""
        n = len(self.prefix)
        kept = getattr(self, "_kept", [])
        for err in exc.errors:
            loc = tuple(err["loc"])
            text = err["text"].pick(lang)
            rest = loc[n:] if loc[:n] == self.prefix else None
            placed = False
            if rest is not None:
                if (self.editor.items is not None and len(rest) >= 2 and rest[0] == self.editor.items
                        and isinstance(rest[1], int) and rest[1] < len(kept)):
                    form = kept[rest[1]][0]
                    placed = _place(form, rest[2:], text)
                elif self.head is not None:
                    placed = _place(self.head, rest, text)
            if not placed:
                self.errors.append(f"{path_text(loc)}: {text}")


def _place(form: forms.Form, rest: tuple[Any, ...], text: str) -> bool:
    first = next((p for p in rest if isinstance(p, str)), None)
    name = type(form).field_for(first) if first and hasattr(type(form), "field_for") else None
    if name is not None and name in form.fields:
        form.add_error(name, text)
    else:
        form.add_error(None, text)
    return True


def bind(editor: Editor, kind: str, doc: dict[str, Any], params: Params, options: dict[str, Any],
         data: Any = None) -> Bound:
    """The editor's forms for the part of ``doc`` named by ``params``, with their choices (``options``: per form
    class name, the keyword arguments its __init__ takes)."""
    container, prefix = editor.locate(doc, params)
    head = None
    head_cls = head_form(editor, kind)
    if head_cls is not None:
        head = head_cls(data=data, initial=head_cls.initial_of(container), prefix="head",
                        **options.get(head_cls.__name__, {}))
    formset = None
    originals: list[dict[str, Any]] = []
    if editor.items is not None and editor.item_form is not None:
        originals = list(container.get(editor.items) or [])
        item_cls = editor.item_form
        factory = formset_factory(item_cls, extra=editor.extra, can_delete=True)
        formset = factory(data=data, initial=[item_cls.initial_of(x) for x in originals], prefix="rows",
                          form_kwargs=options.get(item_cls.__name__, {}))
        for form in formset.forms:
            _blank_choice(form, editor.defaults)
    return Bound(editor, head, formset, originals, prefix)
