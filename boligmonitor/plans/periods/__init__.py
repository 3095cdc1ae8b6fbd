"""Funding-period rules as data: one dated YAML file per period of Landsbyggefonden's money, every fact with its
source, loaded and validated here (unknown keys refused). A fact the sources do not give stays empty (``null``) and
is named under ``not_in_sources``; the checks then say that they cannot judge it rather than guess.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from boligmonitor.errors import ParameterFileError
from boligmonitor.plans.model import Key, Share
from boligmonitor.rules.texts import Text


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Named(_Strict):
    da: str = Field(min_length=1)
    en: str = Field(min_length=1)

    @property
    def text(self) -> Text:
        return Text(self.da, self.en)


class Theme(_Strict):
    id: Key
    name: Named
    goal: Named | None = None
    source: str = Field(min_length=1)


class FixedIndicator(_Strict):
    """One fixed indicator. Register indicators name their catalogue entry; survey indicators are entered by hand
    (a :class:`~boligmonitor.plans.model.ManualValue` with value, year, source)."""

    id: str = Field(min_length=1)
    kind: Literal["register", "survey"]
    catalogue: str | None = None
    unit: Literal["share", "mean", "count"]
    label: Named
    data_source: str = Field(min_length=1)
    source: str = Field(min_length=1)
    note: Named | None = None

    @model_validator(mode="after")
    def _catalogue(self) -> FixedIndicator:
        if (self.kind == "register") != (self.catalogue is not None):
            raise ValueError("a register indicator names its catalogue entry, a survey indicator none")
        return self


class FixedGoal(_Strict):
    theme: str
    goal: Named
    source: str = Field(min_length=1)
    indicators: list[FixedIndicator]


Evidence = Literal["delaftale", "attachment", "budget_lines", "milestones", "signed_parties"]


class RequiredDocument(_Strict):
    """A document the agreement must have. ``evidence`` says what in a plan shows it exists: an attached file of
    this kind, or the plan's own budget lines, milestones, delaftaler or signed parties."""

    id: Key
    name: Named
    per_theme: bool = False
    evidence: list[Evidence] = Field(min_length=1)
    source: str = Field(min_length=1)


class CoFinancing(_Strict):
    minimum_local_share: Share
    source: str = Field(min_length=1)


class DueRule(_Strict):
    """The report for year Y is due on ``day``/``month`` of year Y + ``years_after``."""

    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)
    years_after: int = Field(default=1, ge=0, le=2)
    source: str = Field(min_length=1)

    def due(self, year: int) -> dt.date:
        return dt.date(year + self.years_after, self.month, self.day)


class AnnualReportRule(_Strict):
    yearly: bool
    source: str = Field(min_length=1)
    due: DueRule | None = None  # None: the sources give no deadline
    consequence: Named | None = None  # None: the sources say nothing of it
    consequence_source: str | None = None

    @model_validator(mode="after")
    def _sourced(self) -> AnnualReportRule:
        if (self.consequence is None) != (self.consequence_source is None):
            raise ValueError("a consequence needs its source (consequence_source), and a source its consequence")
        return self


class Approval(_Strict):
    by: Named
    source: str = Field(min_length=1)


class FundingPeriod(_Strict):
    id: Key
    name: Named
    start: dt.date
    end: dt.date
    legal_basis: str = Field(min_length=1)
    sources: list[str] = Field(min_length=1)
    agreement_years: int | None = None
    agreement_years_source: str | None = None
    themes: list[Theme] = Field(min_length=1)
    fixed_goals: list[FixedGoal]
    required_documents: list[RequiredDocument]
    cofinancing: CoFinancing
    annual_report: AnnualReportRule
    changes_need_approval: Approval | None = None
    not_in_sources: list[Named] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> FundingPeriod:
        if self.end < self.start:
            raise ValueError("end is before start")
        ids = [t.id for t in self.themes]
        if len(set(ids)) != len(ids):
            raise ValueError("theme ids repeat")
        for g in self.fixed_goals:
            if g.theme not in ids:
                raise ValueError(f"fixed goal of unknown theme {g.theme!r}")
        return self

    def theme(self, theme_id: str) -> Theme | None:
        return next((t for t in self.themes if t.id == theme_id), None)

    def fixed_indicator(self, indicator_id: str) -> FixedIndicator | None:
        return next((i for g in self.fixed_goals for i in g.indicators if i.id == indicator_id), None)

    @property
    def survey_indicators(self) -> set[str]:
        return {i.id for g in self.fixed_goals for i in g.indicators if i.kind == "survey"}


PERIOD_IDS = ("lbf_2011_14", "lbf_2019_26")


def parse_period(text: str, where: str) -> FundingPeriod:
    """A period from YAML text; a malformed file is a :class:`ParameterFileError` naming the file and the field."""
    try:
        raw = yaml.safe_load(text)
        return FundingPeriod.model_validate(raw)
    except yaml.YAMLError as exc:
        raise ParameterFileError(f"{where}: not valid YAML ({exc}).") from None
    except ValidationError as exc:
        # an unknown key first: it is usually the misspelling behind the 'missing' ones
        errors = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
        found = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or '(top)'}: {e['msg']}" for e in errors[:5])
        raise ParameterFileError(f"{where}: {found}. The funding-period rules are part of the release; restore the "
                                 "file from the release.") from None


@cache
def load_period(period_id: str) -> FundingPeriod:
    """The rules of one funding period (``lbf_2019_26``, ``lbf_2011_14``)."""
    if period_id not in PERIOD_IDS:
        raise KeyError(period_id)
    f = resources.files("boligmonitor.plans.periods").joinpath(f"{period_id}.yaml")
    period = parse_period(f.read_text(encoding="utf-8"), f"plans/periods/{period_id}.yaml")
    if period.id != period_id:
        raise ParameterFileError(f"plans/periods/{period_id}.yaml: id is {period.id!r}, expected {period_id!r}.")
    return period


def periods() -> list[FundingPeriod]:
    return [load_period(p) for p in PERIOD_IDS]
