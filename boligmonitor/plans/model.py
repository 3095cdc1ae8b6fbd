"""Strategies and boligsociale helhedsplaner as data: the plan file's schema, and the one model every face shares.

A *strategy* is a municipality's kommunal strategi for udsatte boligområder (Horsens, Copenhagen: vision → focus
areas → goals → the indicators each goal is measured by). An *agreement* is a strategic cooperation agreement
(strategisk samarbejdsaftale) for a boligsocial helhedsplan in the section structure of Landsbyggefonden's template
(the Slagelse agreement, seed 001: 1 Kort om boligområdet … 8 Revision), with its delaftaler, activities, budget,
milestones, attached documents and annual reports.

The web application stores these in its database and edits them through forms; a plan file (YAML) is the same model
written out, so plans can be versioned, moved between installations and created in bulk. Unknown keys are errors
(``extra="forbid"``): a misspelt key never disappears silently. References to areas, municipalities, organisations,
indicators and funding-period themes are checked against a vintage and the period rules by
:mod:`boligmonitor.plans.checks`, not here: this module only knows the shape.

No Django here (import-linter: core packages never import the web).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Key = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_\-]{0,63}$", description="a short id: a-z, 0-9, _ and -")]
Year = Annotated[int, Field(ge=2000, le=2100)]
Share = Annotated[float, Field(ge=0.0, le=1.0)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False, str_strip_whitespace=True)


class Period(Strict):
    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError("end is before start")
        return self


# -- targets ----------------------------------------------------------------------------------------------------------


class AbsoluteTarget(Strict):
    """'95 % of the young complete a youth education by 2020': the indicator's value reaches ``value``."""

    kind: Literal["absolute"] = "absolute"
    value: float
    direction: Literal["at_least", "at_most"] = "at_least"
    by: Year


class RelativeTarget(Strict):
    """'Employment at the level of the municipality average': the gap to a reference unit of the same vintage
    (municipality, region or nation) closes by ``close_gap`` (1.0 = all of it) by the year."""

    kind: Literal["relative"] = "relative"
    reference: Literal["municipality", "region", "nation"] = "municipality"
    close_gap: Share = 1.0
    by: Year


class ChangeTarget(Strict):
    """'Reduce by 50 %': the value changes by ``change`` relative to the baseline (−0.5 = halve it)."""

    kind: Literal["change"] = "change"
    change: float = Field(ge=-1.0, le=10.0)
    by: Year


class ListTarget(Strict):
    """'No areas on the udsat or parallelsamfund list in 2030' (``at_most: 0``) or 'halve the number of areas on the
    list' (``change: -0.5``), counted on the computed lists of the year over the plan's scope."""

    kind: Literal["list"] = "list"
    lists: list[str] = Field(min_length=1, description="list category ids, e.g. udsat_boligomraade")
    at_most: int | None = Field(default=None, ge=0)
    change: float | None = Field(default=None, ge=-1.0, le=0.0)
    by: Year

    @model_validator(mode="after")
    def _one(self) -> ListTarget:
        if (self.at_most is None) == (self.change is None):
            raise ValueError("give exactly one of at_most and change")
        return self


Target = Annotated[AbsoluteTarget | RelativeTarget | ChangeTarget | ListTarget, Field(discriminator="kind")]


class Measure(Strict):
    """One indicator a goal is 'measured by' (Copenhagen's 'Måles ved'), with its target.

    ``indicator`` is a catalogue indicator id (values come from the bundle), a survey indicator of the funding
    period (``tryghed``, ``frivilligt_arbejde``) or a custom key; the last two take hand-entered values
    (:class:`ManualValue`)."""

    indicator: str = Field(min_length=1, max_length=80)
    label: str | None = Field(default=None, max_length=300, description="shown instead of the catalogue label")
    target: Target | None = None
    baseline_year: Year | None = Field(default=None, description="data year of the baseline; default the plan's")


class Goal(Strict):
    key: Key
    title: str = Field(min_length=1, max_length=500)
    description: str = ""
    measured_by: list[Measure] = Field(default_factory=list)


class Fact(Strict):
    """A data fact drafted from the bundle for a problem complex ('Godt 40 pct. af de 15-64-årige …'), which the
    user accepts, edits or drops."""

    text: str = Field(min_length=1)
    indicator: str | None = None
    data_year: Year | None = None
    status: Literal["draft", "accepted", "edited", "dropped"] = "draft"


class Activity(Strict):
    key: Key
    title: str = Field(min_length=1, max_length=300)
    responsible: str = ""
    partners: list[str] = Field(default_factory=list)
    target_group: str = ""
    period: Period | None = None
    status: Literal["planned", "running", "done", "paused", "cancelled"] = "planned"
    outputs: list[str] = Field(default_factory=list, description="output measures (aktivitetsmål)")


class Delaftale(Strict):
    """The sub-agreement of one indsatsområde: sub-goals, activities, roles and responsibilities."""

    sub_goals: list[str] = Field(default_factory=list)
    activities: list[Activity] = Field(default_factory=list)
    roles: str = ""
    signed: dt.date | None = None


class Outcome(Strict):
    text: str = Field(min_length=1)
    horizon: Literal["short", "medium", "long"]
    indicators: list[str] = Field(default_factory=list)


class TheoryOfChange(Strict):
    """Activities → outputs → short-, medium- and long-term outcomes, with assumptions and risks (section 7)."""

    activities: list[str] = Field(default_factory=list, description="activity keys")
    outputs: list[str] = Field(default_factory=list)
    outcomes: list[Outcome] = Field(default_factory=list)
    assumptions: list[str] = Field(default_factory=list)
    risks: list[str] = Field(default_factory=list)


class FocusArea(Strict):
    """A focus area of a strategy, or an indsatsområde of an agreement (``theme`` names the funding period's)."""

    key: Key
    title: str = Field(min_length=1, max_length=300)
    theme: str | None = Field(default=None, description="the funding period's theme id (agreements)")
    description: str = ""
    problem_complex: str = ""
    facts: list[Fact] = Field(default_factory=list)
    goals: list[Goal] = Field(default_factory=list)
    delaftale: Delaftale | None = None
    theory_of_change: TheoryOfChange | None = None


class ManualValue(Strict):
    """A value entered by hand (survey indicators, custom indicators): value, year and source."""

    indicator: str = Field(min_length=1, max_length=80)
    unit: Literal["area", "municipality"] = "area"
    year: Year
    value: float
    source: str = Field(min_length=1, max_length=500)
    respondents: int | None = Field(default=None, ge=0)


# -- strategy ---------------------------------------------------------------------------------------------------------


class Scope(Strict):
    """The areas a strategy covers: named areas, or every almen area of the municipality."""

    areas: list[str] = Field(default_factory=list)
    all_almen_areas: bool = False

    @model_validator(mode="after")
    def _one(self) -> Scope:
        if bool(self.areas) == self.all_almen_areas:
            raise ValueError("name areas or set all_almen_areas, not both or neither")
        return self


class Strategy(Strict):
    kind: Literal["strategy"] = "strategy"
    key: Key
    title: str = Field(min_length=1, max_length=300)
    municipality: int = Field(ge=100, le=999)
    organisations: list[str] = Field(default_factory=list, description="housing organisations sharing it")
    period: Period
    vision: str = ""
    scope: Scope
    baseline_year: Year
    status: Literal["draft", "published"] = "draft"
    focus_areas: list[FocusArea] = Field(default_factory=list)
    change_strategy: str = Field(default="", description="forandringsstrategi (Copenhagen)")
    manual_values: list[ManualValue] = Field(default_factory=list)


# -- agreement --------------------------------------------------------------------------------------------------------


class Signatory(Strict):
    name: str = Field(min_length=1, max_length=200)
    title: str = ""
    signed: dt.date | None = None


class Party(Strict):
    name: str = Field(min_length=1, max_length=300)
    role: Literal["housing_organisation", "municipality", "police", "other"]
    org_id: str | None = None
    municipality: int | None = Field(default=None, ge=100, le=999)
    signatories: list[Signatory] = Field(default_factory=list)


class Member(Strict):
    name: str = Field(min_length=1, max_length=200)
    organisation: str = ""
    role: Literal["chair", "member", "observer"] = "member"


class Body(Strict):
    """A board (bestyrelse), team or følgegruppe."""

    key: Key
    name: str = Field(min_length=1, max_length=200)
    kind: Literal["board", "team", "follow_group", "secretariat", "other"]
    members: list[Member] = Field(default_factory=list)
    mandate: str = ""


class Organisation(Strict):
    administering_organisation: str = ""
    bodies: list[Body] = Field(default_factory=list)
    description: str = ""

    @model_validator(mode="after")
    def _one_board(self) -> Organisation:
        if sum(1 for b in self.bodies if b.kind == "board") > 1:
            raise ValueError("an agreement has one board (bestyrelse)")
        return self


class BudgetLine(Strict):
    year: Year
    activity: str | None = Field(default=None, description="activity key, or none for organisation/secretariat")
    party: str = Field(min_length=1, max_length=300)
    source: Literal["lbf", "municipality", "housing_organisation", "other"]
    amount: float = Field(ge=0)
    spent: float | None = Field(default=None, ge=0)
    note: str = ""


class Milestone(Strict):
    key: Key
    title: str = Field(min_length=1, max_length=300)
    due: dt.date
    status: Literal["open", "done", "cancelled"] = "open"
    done_on: dt.date | None = None


class Attachment(Strict):
    """A document attached to the agreement (beredskabsplan, kommissorium, …). The file itself is uploaded in the
    web application; a plan file names it only."""

    kind: str = Field(min_length=1, max_length=60)
    title: str = ""
    file_name: str | None = None


class ActivityReport(Strict):
    activity: str
    status: Literal["planned", "running", "done", "paused", "cancelled"]
    narrative: str = ""


class AnnualReport(Strict):
    """The yearly follow-up (indberetning). Goal values are not stored: they come from the newest vintage."""

    year: Year
    status: Literal["draft", "submitted", "approved", "reported"] = "draft"
    activities: list[ActivityReport] = Field(default_factory=list)
    narrative: str = ""
    submitted: dt.date | None = None
    approved: dt.date | None = None
    approved_by: str | None = None
    reported: dt.date | None = None


class Revision(Strict):
    """A change of the agreement: who, when, why; it needs the board's approval."""

    number: int = Field(ge=1)
    date: dt.date
    by: str = Field(min_length=1)
    why: str = Field(min_length=1)
    status: Literal["proposed", "approved", "rejected"] = "proposed"
    approved_by: str | None = None


class Agreement(Strict):
    kind: Literal["agreement"] = "agreement"
    key: Key
    title: str = Field(min_length=1, max_length=300)
    funding_period: str = Field(min_length=1, description="id of the funding-period rules, e.g. lbf_2019_26")
    areas: list[str] = Field(min_length=1, description="area ids of the bundle; one helhedsplan area usually")
    afdelinger: list[str] = Field(default_factory=list, description="default: the areas' afdelinger")
    parties: list[Party] = Field(default_factory=list)
    period: Period
    baseline_year: Year
    status: Literal["draft", "signed", "ended"] = "draft"
    published: bool = False
    # the sections of the agreement (seed 001): 1 area, 2 vision, 3 organisation, 4 interplay, 5 goals, 6 focus
    # areas, 7 local evaluation, 8 revision
    about_area: str = ""
    vision: str = ""
    strategy: str = ""
    working_principles: list[str] = Field(default_factory=list)
    organisation: Organisation = Field(default_factory=Organisation)
    interplay: str = ""
    physical_plans: str = ""
    focus_areas: list[FocusArea] = Field(default_factory=list)
    local_evaluation: str = ""
    revision_procedure: str = ""
    budget: list[BudgetLine] = Field(default_factory=list)
    milestones: list[Milestone] = Field(default_factory=list)
    attachments: list[Attachment] = Field(default_factory=list)
    reports: list[AnnualReport] = Field(default_factory=list)
    revisions: list[Revision] = Field(default_factory=list)
    manual_values: list[ManualValue] = Field(default_factory=list)


Plan = Annotated[Strategy | Agreement, Field(discriminator="kind")]


class PlanFile(Strict):
    """A plan file: one strategy or agreement, with the format version it was written in."""

    format: Literal[1] = 1
    plan: Plan
