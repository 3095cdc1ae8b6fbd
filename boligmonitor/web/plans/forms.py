"""The forms of the plan pages. Each edits a part of the shared plan model: it turns the browser's strings into the
model's values (Danish decimal commas and dates accepted), and back for the initial values. Whether the result is a
valid plan is decided by the model alone (editors.py validates the whole plan and puts its errors on the fields).

Labels are Danish (the product's language) and translated through Django's catalogue.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, ClassVar

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from boligmonitor.rules.texts import CATEGORY_LABELS
from boligmonitor.web.plans.actions import ATTACHMENT_KINDS

LINES_HELP = _("Én pr. linje.")
STATUS_ACTIVITY = [("planned", _("planlagt")), ("running", _("i gang")), ("done", _("afsluttet")),
                   ("paused", _("sat på pause")), ("cancelled", _("aflyst"))]
HORIZONS = [("short", _("kort sigt")), ("medium", _("mellemlang sigt")), ("long", _("lang sigt"))]
SOURCES = [("lbf", _("Landsbyggefonden")), ("municipality", _("kommunal medfinansiering")),
           ("housing_organisation", _("boligorganisation")), ("other", _("anden"))]
ROLES = [("housing_organisation", _("boligorganisation")), ("municipality", _("kommune")), ("police", _("politi")),
         ("other", _("anden"))]
BODY_KINDS = [("board", _("bestyrelse")), ("team", _("team")), ("follow_group", _("følgegruppe")),
              ("secretariat", _("sekretariat")), ("other", _("andet"))]
MEMBER_ROLES = {"formand": "chair", "chair": "chair", "medlem": "member", "member": "member",
                "observatør": "observer", "observer": "observer"}
TARGET_KINDS = [("", _("intet mål")), ("absolute", _("absolut værdi")), ("relative", _("i forhold til en enhed")),
                ("change", _("ændring fra baseline")), ("list", _("områder på listerne"))]
REFERENCES = [("municipality", _("kommunen")), ("region", _("regionen")), ("nation", _("hele landet"))]
DIRECTIONS = [("at_least", _("mindst")), ("at_most", _("højst"))]
LIST_INDICATOR = "lists"  # a goal measured by the computed lists (list targets)


def _lang() -> str:
    return "en" if (get_language() or "").startswith("en") else "da"


class NumberField(forms.CharField):
    """A number as people write it: '750.000', '1.234,5' and '12,5' in Danish, '1,234.5' in English, spaces
    allowed. Returns a float (or None when empty and not required)."""

    DANISH_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")

    def __init__(self, *args: Any, percent: bool = False, **kwargs: Any) -> None:
        self.percent = percent  # '80 %' means 0.8
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> float | None:
        raw = str(value or "").replace("\u00a0", "").replace(" ", "").strip()
        if not raw:
            return None
        scale = 1.0
        if self.percent and raw.endswith("%"):
            raw, scale = raw[:-1], 0.01
        text = raw
        if _lang() == "en":
            text = text.replace(",", "")
        elif self.DANISH_THOUSANDS.match(text) or ("," in text and "." in text):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", ".")
        try:
            return float(text) * scale
        except ValueError:
            raise forms.ValidationError(_("Skriv et tal, fx 12,5 eller 750.000.")) from None

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, float):
            text = f"{value:.10g}" if not value.is_integer() else str(int(value))
            return text.replace(".", ",") if _lang() == "da" else text
        return value


def lines(text: str) -> list[str]:
    return [x.strip() for x in (text or "").splitlines() if x.strip()]


def unlines(items: list[str] | None) -> str:
    return "\n".join(items or [])


def _date(value: Any) -> str | None:
    return value.isoformat() if value else None


def _period(cleaned: dict[str, Any]) -> dict[str, Any] | None:
    start, end = cleaned.get("period_start"), cleaned.get("period_end")
    if start is None and end is None:
        return None
    return {"start": _date(start), "end": _date(end)}


class PlanForm(forms.Form):
    """A form for one part of a plan: ``to_data`` gives the model's fields, ``initial_of`` the form's values, and
    ``FIELD_OF`` maps a model field (first part of an error's location) to the form field showing it."""

    FIELD_OF: ClassVar[dict[str, str]] = {}
    template_name_div = "plans/_form_fields.html"

    @classmethod
    def initial_of(cls, item: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in item.items() if k in cls.base_fields}

    def to_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "DELETE"}

    @classmethod
    def field_for(cls, model_field: str) -> str | None:
        name = cls.FIELD_OF.get(model_field, model_field)
        return name if name in cls.base_fields else None


def _dated(initial: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    period = item.get("period") or {}
    if period:
        initial["period_start"], initial["period_end"] = period.get("start"), period.get("end")
    return initial


# ---------------------------------------------------------------------------------------------------- basics

class AgreementBasicsForm(PlanForm):
    FIELD_OF: ClassVar[dict[str, str]] = {"period": "period_start"}
    title = forms.CharField(label=_("Områdets / indsatsens navn"), max_length=300)
    funding_period = forms.ChoiceField(label=_("Støtteperiode (Landsbyggefonden)"))
    areas = forms.MultipleChoiceField(label=_("Boligområder"), help_text=_(
        "Områder fra dataudgavens register; helst ét helhedsplanområde."), widget=forms.SelectMultiple(
        attrs={"size": 8}))
    period_start = forms.DateField(label=_("Aftalen gælder fra"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=_("Aftalen gælder til"), widget=forms.DateInput(attrs={"type": "date"}))
    baseline_year = forms.TypedChoiceField(label=_("Baselineår (dataår)"), coerce=int)
    status = forms.ChoiceField(label=_("Status"), choices=[("draft", _("kladde")), ("signed", _("underskrevet")),
                                                            ("ended", _("afsluttet"))])
    published = forms.BooleanField(label=_("Offentlig (alle kan se aftalen, når den ikke er en kladde)"),
                                   required=False)

    def __init__(self, *args: Any, areas: Sequence[tuple[str, str]] = (), years: Sequence[int] = (),
                 periods: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["areas"].choices = areas
        self.fields["baseline_year"].choices = [(y, str(y)) for y in years]
        self.fields["funding_period"].choices = periods

    @classmethod
    def initial_of(cls, item: dict[str, Any]) -> dict[str, Any]:
        return _dated(super().initial_of(item), item)

    def to_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {"title": d["title"], "funding_period": d["funding_period"], "areas": list(d["areas"]),
                "period": _period(d), "baseline_year": d["baseline_year"], "status": d["status"],
                "published": d["published"]}


class StrategyBasicsForm(PlanForm):
    FIELD_OF: ClassVar[dict[str, str]] = {"period": "period_start", "scope": "areas", "municipality": "municipality"}
    title = forms.CharField(label=_("Strategiens titel"), max_length=300)
    municipality = forms.TypedChoiceField(label=_("Kommune (ejer strategien)"), coerce=int)
    organisations = forms.MultipleChoiceField(label=_("Boligorganisationer, der deler strategien"), required=False,
                                              widget=forms.SelectMultiple(attrs={"size": 6}))
    all_almen_areas = forms.BooleanField(label=_("Alle almene boligområder i kommunen"), required=False)
    areas = forms.MultipleChoiceField(label=_("Eller navngivne boligområder"), required=False,
                                      widget=forms.SelectMultiple(attrs={"size": 8}))
    period_start = forms.DateField(label=_("Periode fra"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=_("Periode til"), widget=forms.DateInput(attrs={"type": "date"}))
    baseline_year = forms.TypedChoiceField(label=_("Baselineår (dataår)"), coerce=int)
    status = forms.ChoiceField(label=_("Status"), choices=[("draft", _("kladde")),
                                                            ("published", _("offentliggjort"))])

    def __init__(self, *args: Any, areas: Sequence[tuple[str, str]] = (), years: Sequence[int] = (),
                 municipalities: Sequence[tuple[int, str]] = (),
                 organisations: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["areas"].choices = areas
        self.fields["baseline_year"].choices = [(y, str(y)) for y in years]
        self.fields["municipality"].choices = municipalities
        self.fields["organisations"].choices = organisations

    @classmethod
    def initial_of(cls, item: dict[str, Any]) -> dict[str, Any]:
        out = _dated(super().initial_of(item), item)
        scope = item.get("scope") or {}
        out["areas"], out["all_almen_areas"] = scope.get("areas", []), scope.get("all_almen_areas", False)
        return out

    def to_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {"title": d["title"], "municipality": d["municipality"], "organisations": list(d["organisations"]),
                "scope": {"areas": list(d["areas"]), "all_almen_areas": d["all_almen_areas"]},
                "period": _period(d), "baseline_year": d["baseline_year"], "status": d["status"]}


class NewPlanForm(forms.Form):
    """The first step of a new plan: its kind and key; the rest is the kind's basics form."""

    kind = forms.ChoiceField(label=_("Slags plan"), choices=[
        ("agreement", _("Strategisk samarbejdsaftale (boligsocial helhedsplan)")),
        ("strategy", _("Kommunal strategi for udsatte boligområder"))])
    key = forms.CharField(label=_("Nøgle"), max_length=64, help_text=_(
        "Kort id til planfilen: små bogstaver a-z, tal, _ og -, fx en-faelles-indsats-2025."))


class AgreementTextsForm(PlanForm):
    about_area = forms.CharField(label=_("1. Kort om boligområdet"), required=False, widget=forms.Textarea)
    vision = forms.CharField(label=_("2. Vision for boligområdet"), required=False, widget=forms.Textarea)
    strategy = forms.CharField(label=_("Overordnet strategi og mål"), required=False, widget=forms.Textarea)
    working_principles = forms.CharField(label=_("Arbejdsprincipper"), required=False, widget=forms.Textarea,
                                         help_text=LINES_HELP)
    interplay = forms.CharField(label=_("4. Samspil med centrale tiltag og indsatser"), required=False,
                                widget=forms.Textarea)
    physical_plans = forms.CharField(label=_("Fysiske helhedsplaner og udviklingsplaner"), required=False,
                                     widget=forms.Textarea)
    local_evaluation = forms.CharField(label=_("7. Lokal evaluering"), required=False, widget=forms.Textarea)
    revision_procedure = forms.CharField(label=_("8. Revision af samarbejdsaftalen"), required=False,
                                         widget=forms.Textarea)

    @classmethod
    def initial_of(cls, item: dict[str, Any]) -> dict[str, Any]:
        out = super().initial_of(item)
        out["working_principles"] = unlines(item.get("working_principles"))
        return out

    def to_data(self) -> dict[str, Any]:
        d = dict(self.cleaned_data)
        d["working_principles"] = lines(d["working_principles"])
        return d


class StrategyTextsForm(PlanForm):
    vision = forms.CharField(label=_("Vision"), required=False, widget=forms.Textarea)
    change_strategy = forms.CharField(label=_("Forandringsstrategi"), required=False, widget=forms.Textarea)


# ---------------------------------------------------------------------------------------------------- parties

class PartyForm(PlanForm):
    FIELD_OF: ClassVar[dict[str, str]] = {"signatories": "signatories"}
    name = forms.CharField(label=_("Part"), max_length=300)
    role = forms.ChoiceField(label=_("Rolle"), choices=ROLES)
    org_id = forms.CharField(label=_("Boligorganisationens id"), required=False, max_length=50)
    municipality = forms.IntegerField(label=_("Kommunekode"), required=False, min_value=100, max_value=999)
    signatories = forms.CharField(label=_("Underskrivere"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text=_("Én pr. linje: navn | titel | dato (ÅÅÅÅ-MM-DD), fx "
                                              "'Jens Hansen | direktør | 2021-09-15'."))

    @classmethod
    def initial_of(cls, item: dict[str, Any]) -> dict[str, Any]:
        out = super().initial_of(item)
        out["signatories"] = "\n".join(" | ".join([s.get("name", ""), s.get("title", ""), s.get("signed") or ""])
                                       .rstrip(" |") for s in item.get("signatories", []))
        return out

    def clean_signatories(self) -> list[dict[str, Any]]:
        out = []
        for i, line in enumerate(lines(self.cleaned_data.get("signatories", "")), start=1):
            parts = [p.strip() for p in line.split("|")]
            if len(parts) > 3:
                raise forms.ValidationError(_("Linje %(n)s: højst tre dele (navn | titel | dato)."),
                                            params={"n": i})
            date = parts[2] if len(parts) > 2 and parts[2] else None
            if date is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
                raise forms.ValidationError(_("Linje %(n)s: datoen skal skrives ÅÅÅÅ-MM-DD."), params={"n": i})
            out.append({"name": parts[0], "title": parts[1] if len(parts) > 1 else "", "signed": date})
        return out

    def to_data(self) -> dict[str, Any]:
        d = dict(self.cleaned_data)
        d.pop("DELETE", None)
        d["org_id"] = d["org_id"] or None
        return d


# ---------------------------------------------------------------------------------------------------- organisation

class OrganisationForm(PlanForm):
    administering_organisation = forms.CharField(label=_("Administrerende boligorganisation"), required=False,
                                                 max_length=300)
    description = forms.CharField(label=_("3. Organisering"), required=False, widget=forms.Textarea)


class BodyForm(PlanForm):
    key = forms.CharField(label=_("Nøgle"), max_length=64)
    name = forms.CharField(label=_("Navn"), max_length=200)
    kind = forms.ChoiceField(label=_("Slags"), choices=BODY_KINDS)
    mandate = forms.CharField(label=_("Kommissorium / opgave"), required=False, widget=forms.Textarea(
        attrs={"rows": 2}))
    members = forms.CharField(label=_("Medlemmer"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Én pr. linje: navn | organisation | formand, medlem eller observatør."))

    @classmethod
    def initial_of(cls, item: dict[str, Any]) -> dict[str, Any]:
        out = super().initial_of(item)
        back = {"chair": "formand" if _lang() == "da" else "chair", "member": "medlem" if _lang() == "da"
                else "member", "observer": "observatør" if _lang() == "da" else "observer"}
        out["members"] = "\n".join(f"{x.get('name', '')} | {x.get('organisation', '')} | "
                                   f"{back.get(x.get('role', 'member'), 'medlem')}" for x in item.get("members", []))
        return out

    def clean_members(self) -> list[dict[str, Any]]:
        out = []
        for i, line in enumerate(lines(self.cleaned_data.get("members", "")), start=1):
            parts = [p.strip() for p in line.split("|")]
            role = MEMBER_ROLES.get((parts[2] if len(parts) > 2 else "medlem").lower())
            if role is None or len(parts) > 3:
                raise forms.ValidationError(_("Linje %(n)s: skriv navn | organisation | formand, medlem eller "
                                              "observatør."), params={"n": i})
            out.append({"name": parts[0], "organisation": parts[1] if len(parts) > 1 else "", "role": role})
        return out


# ---------------------------------------------------------------------------------------------------- focus areas

class FocusAreaForm(PlanForm):
    key = forms.CharField(label=_("Nøgle"), max_length=64)
    title = forms.CharField(label=_("Titel"), max_length=300)
    theme = forms.ChoiceField(label=_("Indsatsområde i støtteperioden"), required=False)
    description = forms.CharField(label=_("Beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    problem_complex = forms.CharField(label=_("Problemkompleks"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, themes: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", "–"), *themes]

    def to_data(self) -> dict[str, Any]:
        d = super().to_data()
        d["theme"] = d["theme"] or None
        return d


class GoalForm(PlanForm):
    key = forms.CharField(label=_("Nøgle"), max_length=64)
    title = forms.CharField(label=_("Mål"), max_length=500)
    description = forms.CharField(label=_("Beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MeasureForm(PlanForm):
    """'Måles ved': one indicator of a goal with its target (one of the four kinds, or none)."""

    FIELD_OF: ClassVar[dict[str, str]] = {"target": "target_kind"}
    TARGET_FIELDS: ClassVar[dict[str, str]] = {"value": "target_value", "direction": "direction",
                                               "reference": "reference", "close_gap": "close_gap",
                                               "change": "change", "lists": "lists", "at_most": "at_most",
                                               "by": "by"}
    indicator = forms.ChoiceField(label=_("Indikator"))
    custom_indicator = forms.CharField(label=_("Eller egen indikator (nøgle)"), required=False, max_length=80,
                                       help_text=_("Værdier tastes ind under Håndindtastede værdier."))
    label = forms.CharField(label=_("Egen betegnelse"), required=False, max_length=300)
    baseline_year = forms.TypedChoiceField(label=_("Baselineår"), required=False, coerce=int, empty_value=None)
    target_kind = forms.ChoiceField(label=_("Slags mål"), choices=TARGET_KINDS, required=False)
    target_value = NumberField(label=_("Målværdi"), required=False, help_text=_(
        "Andele i procent (fx 95 for 95 %), gennemsnit som tal."))
    direction = forms.ChoiceField(label=_("Retning"), choices=DIRECTIONS, required=False)
    reference = forms.ChoiceField(label=_("I forhold til"), choices=REFERENCES, required=False)
    close_gap = NumberField(label=_("Luk så stor en del af afstanden (%)"), required=False)
    change = NumberField(label=_("Ændring fra baseline (%)"), required=False, help_text=_("Fx -50 for en halvering."))
    lists = forms.MultipleChoiceField(label=_("Lister"), required=False,
                                      choices=[(k, v.da) for k, v in CATEGORY_LABELS.items()],
                                      widget=forms.SelectMultiple(attrs={"size": 4}))
    at_most = forms.IntegerField(label=_("Højst så mange områder på listerne"), required=False, min_value=0)
    by = forms.IntegerField(label=_("Nås senest i år"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args: Any, indicators: Sequence[tuple[str, str]] = (),
                 years: Sequence[int] = (), shares: frozenset[str] = frozenset(), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [("", "–"), *indicators]
        self.fields["indicator"].required = False
        self.fields["baseline_year"].choices = [("", _("planens")), *[(y, str(y)) for y in years]]
        self.fields["lists"].choices = [(k, v.pick(_lang())) for k, v in CATEGORY_LABELS.items()]
        self.shares = shares
        initial: dict[str, Any] = dict(self.initial)  # type: ignore[has-type]
        ind = initial.get("indicator")
        if not self.is_bound and initial.get("target_value") is not None and ind in shares:
            initial["target_value"] = initial["target_value"] * 100  # shown in percent
        if not self.is_bound and ind and ind not in dict(indicators):
            initial.update(indicator="", custom_indicator=ind)  # an own indicator
        self.initial = initial

    @classmethod
    def initial_of(cls, item: dict[str, Any]) -> dict[str, Any]:
        out = {"indicator": item.get("indicator"), "label": item.get("label") or "",
               "baseline_year": item.get("baseline_year")}
        t = item.get("target") or {}
        out["target_kind"] = t.get("kind", "")
        out.update({"direction": t.get("direction"), "reference": t.get("reference"), "lists": t.get("lists", []),
                    "at_most": t.get("at_most"), "by": t.get("by")})
        if t.get("close_gap") is not None:
            out["close_gap"] = t["close_gap"] * 100
        if t.get("change") is not None:
            out["change"] = t["change"] * 100
        if t.get("value") is not None:
            out["target_value"] = t["value"]
        return out

    def clean(self) -> dict[str, Any]:
        d = super().clean() or {}
        if not d.get("indicator") and not d.get("custom_indicator") and d.get("target_kind") != "list":
            self.add_error("indicator", _("Vælg en indikator eller skriv en egen."))
        return d

    def to_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        kind = d.get("target_kind") or ""
        indicator = (d.get("custom_indicator") or "").strip() or d.get("indicator") or (
            LIST_INDICATOR if kind == "list" else "")
        out: dict[str, Any] = {"indicator": indicator, "label": d.get("label") or None,
                               "baseline_year": d.get("baseline_year")}
        if not kind:
            out["target"] = None
            return out
        t: dict[str, Any] = {"kind": kind, "by": d.get("by")}
        if kind == "absolute":
            value = d.get("target_value")
            if value is not None and indicator in self.shares:
                value = value / 100
            t.update(value=value, direction=d.get("direction") or "at_least")
        elif kind == "relative":
            gap = d.get("close_gap")
            t.update(reference=d.get("reference") or "municipality", close_gap=1.0 if gap is None else gap / 100)
        elif kind == "change":
            change = d.get("change")
            t["change"] = None if change is None else change / 100
        elif kind == "list":
            t.update(lists=list(d.get("lists") or []), at_most=d.get("at_most"),
                     change=None if d.get("change") is None else d["change"] / 100)
        out["target"] = t
        return out


# ---------------------------------------------------------------------------------------------------- delaftale

class DelaftaleForm(PlanForm):
    sub_goals = forms.CharField(label=_("Delmål"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                help_text=LINES_HELP)
    roles = forms.CharField(label=_("Roller og ansvar"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    signed = forms.DateField(label=_("Delaftalen underskrevet"), required=False,
                             widget=forms.DateInput(attrs={"type": "date"}))

    @classmethod
    def initial_of(cls, item: dict[str, Any]) -> dict[str, Any]:
        out = super().initial_of(item)
        out["sub_goals"] = unlines(item.get("sub_goals"))
        return out

    def to_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {"sub_goals": lines(d["sub_goals"]), "roles": d["roles"], "signed": _date(d.get("signed"))}


class ActivityForm(PlanForm):
    FIELD_OF: ClassVar[dict[str, str]] = {"period": "period_start"}
    key = forms.CharField(label=_("Nøgle"), max_length=64)
    title = forms.CharField(label=_("Aktivitet"), max_length=300)
    responsible = forms.CharField(label=_("Ansvarlig"), required=False, max_length=300)
    partners = forms.CharField(label=_("Samarbejdspartnere"), required=False, help_text=_("Adskilt af komma."))
    target_group = forms.CharField(label=_("Målgruppe"), required=False, max_length=300)
    period_start = forms.DateField(label=_("Fra"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=_("Til"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_ACTIVITY)
    outputs = forms.CharField(label=_("Aktivitetsmål (output)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}), help_text=LINES_HELP)

    @classmethod
    def initial_of(cls, item: dict[str, Any]) -> dict[str, Any]:
        out = _dated(super().initial_of(item), item)
        out["partners"] = ", ".join(item.get("partners", []))
        out["outputs"] = unlines(item.get("outputs"))
        return out

    def to_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {"key": d["key"], "title": d["title"], "responsible": d["responsible"],
                "partners": [p.strip() for p in (d["partners"] or "").split(",") if p.strip()],
                "target_group": d["target_group"], "period": _period(d), "status": d["status"],
                "outputs": lines(d["outputs"])}


# ---------------------------------------------------------------------------------------------------- theory of change

class TheoryOfChangeForm(PlanForm):
    activities = forms.MultipleChoiceField(label=_("Aktiviteter"), required=False,
                                           widget=forms.SelectMultiple(attrs={"size": 5}))
    outputs = forms.CharField(label=_("Output"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=LINES_HELP)
    assumptions = forms.CharField(label=_("Antagelser"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text=LINES_HELP)
    risks = forms.CharField(label=_("Risici"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=LINES_HELP)

    def __init__(self, *args: Any, activities: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activities"].choices = activities

    @classmethod
    def initial_of(cls, item: dict[str, Any]) -> dict[str, Any]:
        return {"activities": item.get("activities", []), "outputs": unlines(item.get("outputs")),
                "assumptions": unlines(item.get("assumptions")), "risks": unlines(item.get("risks"))}

    def to_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {"activities": list(d["activities"]), "outputs": lines(d["outputs"]),
                "assumptions": lines(d["assumptions"]), "risks": lines(d["risks"])}


class OutcomeForm(PlanForm):
    text = forms.CharField(label=_("Resultat"), widget=forms.Textarea(attrs={"rows": 2}))
    horizon = forms.ChoiceField(label=_("Sigt"), choices=HORIZONS)
    indicators = forms.MultipleChoiceField(label=_("Indikatorer"), required=False,
                                           widget=forms.SelectMultiple(attrs={"size": 4}))

    def __init__(self, *args: Any, indicators: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicators"].choices = indicators

    def to_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {"text": d["text"], "horizon": d["horizon"], "indicators": list(d["indicators"])}


# ---------------------------------------------------------------------------------------------------- budget, ...

class BudgetLineForm(PlanForm):
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    activity = forms.ChoiceField(label=_("Aktivitet"), required=False)
    party = forms.CharField(label=_("Part"), max_length=300)
    source = forms.ChoiceField(label=_("Finansieringskilde"), choices=SOURCES)
    amount = NumberField(label=_("Budget (kr.)"))
    spent = NumberField(label=_("Forbrugt (kr.)"), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args: Any, activities: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activity"].choices = [("", _("organisation og sekretariat")), *activities]

    def to_data(self) -> dict[str, Any]:
        d = super().to_data()
        d["activity"] = d["activity"] or None
        return d


class MilestoneForm(PlanForm):
    key = forms.CharField(label=_("Nøgle"), max_length=64)
    title = forms.CharField(label=_("Milepæl"), max_length=300)
    due = forms.DateField(label=_("Frist"), widget=forms.DateInput(attrs={"type": "date"}))
    status = forms.ChoiceField(label=_("Status"), choices=[("open", _("åben")), ("done", _("nået")),
                                                            ("cancelled", _("opgivet"))])
    done_on = forms.DateField(label=_("Nået den"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def to_data(self) -> dict[str, Any]:
        d = super().to_data()
        d["due"], d["done_on"] = _date(d["due"]), _date(d.get("done_on"))
        return d


class ManualValueForm(PlanForm):
    indicator = forms.CharField(label=_("Indikator (nøgle)"), max_length=80, help_text=_(
        "Fx tryghed eller frivilligt_arbejde (tryghedsmålingen), eller en egen indikators nøgle."))
    unit = forms.ChoiceField(label=_("Enhed"), choices=[("area", _("boligområdet")), ("municipality", _("kommunen"))])
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    value = NumberField(label=_("Værdi"), percent=True,
                        help_text=_("Andele som brøk eller i procent med %-tegn: 0,8 eller 80 %."))
    source = forms.CharField(label=_("Kilde"), max_length=500, help_text=_("Fx 'Tryghedsmåling VIVE/LBF 2023'."))
    respondents = forms.IntegerField(label=_("Antal besvarelser"), required=False, min_value=0)


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Slags bilag"))
    title = forms.CharField(label=_("Titel"), required=False, max_length=300)
    file = forms.FileField(label=_("Fil"), help_text=_("PDF, Word, Excel, OpenDocument, PNG eller JPEG."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, v.pick(_lang())) for k, v in ATTACHMENT_KINDS.items()]


class ReportForm(forms.Form):
    narrative = forms.CharField(label=_("Årets fortælling"), required=False, widget=forms.Textarea)


class ActivityReportForm(forms.Form):
    activity = forms.CharField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_ACTIVITY)
    narrative = forms.CharField(label=_("Status og fortælling"), required=False,
                                widget=forms.Textarea(attrs={"rows": 2}))


class WhyForm(forms.Form):
    why = forms.CharField(label=_("Hvorfor ændres aftalen?"), widget=forms.Textarea(attrs={"rows": 3}),
                          max_length=2000)
