"""An index definition (a preset file, or what a user builds in the web form): every choice as data.

The model is strict (unknown keys refused) and checked against the catalogue and against itself: each indicator is
known and has a direction, expert weights are given, the aggregation can take the normalisation's scores (a
geometric mean needs scores that are never negative), cut points ascend. Any problem raises :class:`IndexSpecError`
naming where in the definition it is, what was expected and how to fix it; nothing is computed then.
"""

from __future__ import annotations

import hashlib
import json
from itertools import pairwise
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from boligmonitor.errors import UserError
from boligmonitor.indicators.catalogue import DIRECTION, LABELS
from boligmonitor.rules.texts import Text

NormalisationMethod = Literal["reference", "zscore", "minmax", "rank", "percentile", "target", "exponential", "points"]
AggregationMethod = Literal["arithmetic", "geometric", "generalised", "sum"]
WeightMethod = Literal["equal", "expert", "pca"]
ReferenceUnit = Literal["municipality", "region", "nation"]

# Normalisations whose scores are never negative / always positive (what a geometric or generalised mean needs).
NON_NEGATIVE = frozenset({"reference", "minmax", "rank", "percentile", "exponential", "points"})  # + capped target
POSITIVE = frozenset({"rank", "exponential"})


class IndexSpecError(UserError):
    """An index definition that cannot be used; ``problems`` are (where, what is wrong, how to fix it)."""

    exit_code = 10

    def __init__(self, name: str, problems: list[tuple[str, str, str]]) -> None:
        self.name = name
        self.problems = problems
        lines = [f"  - {where}: {what}. Fix: {fix}" if where else f"  - {what}. Fix: {fix}"
                 for where, what, fix in problems]
        super().__init__(f"{name}: the index definition cannot be used ({len(problems)} problem(s)); nothing was "
                         "computed:\n" + "\n".join(lines))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Texts(_Strict):
    da: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def text(self) -> Text:
        return Text(self.da, self.en)


class IndicatorChoice(_Strict):
    id: str
    # +1: a higher value means more disadvantage; -1: a lower value does. Default: the catalogue's better side.
    direction: Literal[1, -1] | None = None
    weight: float | None = Field(default=None, ge=0)  # expert weights (relative; scaled to sum 1)
    target: float | None = None  # for the distance-to-target normalisation
    stands_for: Texts | None = None  # the reference method's indicator this one represents
    substitute: bool = False  # True: ours measures something else than the original (stated on every result)


class PointBand(_Strict):
    from_: float = Field(alias="from")
    points: float = Field(ge=0)


class Normalisation(_Strict):
    method: NormalisationMethod
    reference: ReferenceUnit = "municipality"  # reference and points
    bands: list[PointBand] | None = None  # points: score >= from gives these points
    cap: bool = True  # target: at or beyond the target scores 0
    constant: float = Field(default=23.0, gt=0)  # exponential: IMD's 23 (10 % of units above 50)

    def key(self) -> str:
        if self.method in ("reference", "points"):
            return f"{self.method}:{self.reference}"
        return self.method

    def never_negative(self) -> bool:
        return self.method in NON_NEGATIVE or (self.method == "target" and self.cap)


class Weights(_Strict):
    method: WeightMethod = "equal"


class Aggregation(_Strict):
    method: AggregationMethod = "arithmetic"
    p: float | None = None  # generalised mean's exponent (p=1 arithmetic, p=-1 harmonic; 0 is the geometric mean)

    def key(self) -> str:
        return f"generalised(p={self.p:g})" if self.method == "generalised" and self.p is not None else self.method


class ClassBand(_Strict):
    id: str = Field(min_length=1)
    label: Texts
    from_: float | None = Field(default=None, alias="from")  # the first band has none (everything below the next)
    colour: str | None = Field(default=None, pattern=r"^#[0-9a-fA-F]{6}$")


class Classes(_Strict):
    method: Literal["quantiles", "cuts"]
    count: int | None = Field(default=None, ge=2, le=100)  # quantiles: how many groups (10 = deciles)
    labels: list[Texts] | None = None  # quantiles: a label per group, group 1 = the most disadvantaged
    bands: list[ClassBand] | None = None  # cuts, ascending
    # cuts on the value, or on the value standardised over the scored units (mean 0, standard deviation 1). Not
    # called "on": YAML 1.1 reads the key on as the boolean true.
    scale: Literal["value", "z"] = "value"


class Missing(_Strict):
    # exclude: a unit with a suppressed or missing input gets no index value at all.
    # reweight: it is scored from its published inputs, their weights scaled up; shown on the row.
    rule: Literal["exclude", "reweight"] = "exclude"
    min_coverage: float = Field(default=0.5, gt=0, le=1)  # reweight: share of the weight that must be published


class Eligibility(_Strict):
    kinds: list[str] | None = None  # area kinds scored (default: every kind)
    residents_more_than: int | None = Field(default=None, ge=0)
    residents_at_least: int | None = Field(default=None, ge=0)


class Dynamics(_Strict):
    """Change over ``years`` years of each indicator (Berlin MSS: two years), an index of its own with classes;
    the unit's class is then the pair (status class, dynamics class)."""

    years: int = Field(default=2, ge=1, le=10)
    normalisation: Normalisation = Normalisation(method="zscore")
    aggregation: Aggregation = Aggregation(method="arithmetic")
    classes: Classes


class Sensitivity(_Strict):
    """The alternatives the Monte Carlo draws from, besides the definition's own choices."""

    normalisation: list[Normalisation] | None = None
    aggregation: list[Aggregation] | None = None
    weights: list[WeightMethod] | None = None
    weight_noise: float = Field(default=0.25, ge=0, lt=1)  # each weight times U(1-n, 1+n), then scaled to sum 1
    drop_probability: float = Field(default=0.25, ge=0, le=1)  # a run leaves out one indicator (drawn uniformly)


class IndexSpec(_Strict):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    name: Texts
    description: Texts | None = None
    sources: list[str] = Field(default_factory=list)
    units: Literal["area", "municipality"] = "area"
    eligibility: Eligibility = Eligibility()
    indicators: list[IndicatorChoice] = Field(min_length=1)
    not_covered: list[Texts] = Field(default_factory=list)  # the original's indicators our data has no stand-in for
    assumptions: list[Texts] = Field(default_factory=list)  # our choices where the sources are silent
    normalisation: Normalisation
    weights: Weights = Weights()
    aggregation: Aggregation = Aggregation()
    classes: Classes
    missing: Missing = Missing()
    dynamics: Dynamics | None = None
    sensitivity: Sensitivity = Sensitivity()

    def direction(self, indicator: str) -> int:
        chosen = next(i.direction for i in self.indicators if i.id == indicator)
        if chosen is not None:
            return chosen
        return 1 if DIRECTION.get(indicator) == "lower" else -1

    def ids(self) -> list[str]:
        return [i.id for i in self.indicators]

    def fingerprint(self) -> str:
        """A short hash of every choice: two results with the same fingerprint used the same method."""
        text = json.dumps(self.model_dump(mode="json", by_alias=True), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def build_spec(data: Any, name: str) -> IndexSpec:
    """A definition from plain data (a parsed preset file, a web form): validated, or :class:`IndexSpecError`."""
    try:
        spec = IndexSpec.model_validate(data)
    except ValidationError as exc:
        raise IndexSpecError(name, [_problem(e) for e in exc.errors()]) from None
    problems = check_spec(spec)
    if problems:
        raise IndexSpecError(name, problems)
    return spec


def _where(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _problem(e: Any) -> tuple[str, str, str]:
    kind, where = e["type"], _where(tuple(x for x in e["loc"] if not str(x).startswith("function-after")))
    if kind == "extra_forbidden":
        return where, "this key is not part of an index definition", "remove it, or check its spelling"
    if kind == "missing":
        return where, "this key is required", "add it"
    if kind == "literal_error":
        return where, f"{e['msg'].lower()}", "use one of the values named"
    return where, e["msg"], "correct the value"


def check_spec(spec: IndexSpec) -> list[tuple[str, str, str]]:
    """The checks a schema cannot express; [] when the definition is usable."""
    p: list[tuple[str, str, str]] = []
    ids = spec.ids()
    for n, i in enumerate(spec.indicators):
        where = f"indicators[{n}]"
        if i.id not in LABELS:
            p.append((f"{where}.id", f"'{i.id}' is not an indicator of the catalogue",
                      "use an indicator id from docs/data-contracts.md (e.g. outside_labour_18_64)"))
        elif i.direction is None and DIRECTION.get(i.id) == "neutral":
            p.append((f"{where}.direction", f"'{i.id}' has no better side in the catalogue",
                      "give direction: 1 (a higher value means more disadvantage) or -1"))
        if ids.count(i.id) > 1 and ids.index(i.id) != n:
            p.append((f"{where}.id", f"'{i.id}' appears twice", "list each indicator once"))
        if spec.weights.method == "expert" and i.weight is None:
            p.append((f"{where}.weight", "expert weights need a weight for every indicator", "add weight: (>= 0)"))
        if spec.normalisation.method == "target" and not i.target:
            p.append((f"{where}.target", "the distance-to-target normalisation needs a non-zero target",
                      "add target: (in the indicator's own unit, e.g. 0.40 for 40 %)"))
    if spec.weights.method == "expert" and all(i.weight is not None for i in spec.indicators) \
            and sum(i.weight or 0 for i in spec.indicators) <= 0:
        p.append(("indicators", "the expert weights add up to 0", "give at least one indicator a positive weight"))
    p += _check_normalisation(spec.normalisation, "normalisation", spec.units)
    p += _check_aggregation(spec.aggregation, spec.normalisation, "aggregation")
    p += _check_classes(spec.classes, "classes")
    e = spec.eligibility
    if e.residents_more_than is not None and e.residents_at_least is not None:
        p.append(("eligibility", "give either residents_more_than or residents_at_least, not both", "keep one"))
    if spec.units == "municipality" and e.kinds:
        p.append(("eligibility.kinds", "area kinds do not apply to municipalities", "remove kinds"))
    if spec.dynamics is not None:
        d = spec.dynamics
        if d.normalisation.method in ("reference", "points", "target", "exponential"):
            p.append(("dynamics.normalisation.method", f"changes cannot be normalised by '{d.normalisation.method}' "
                      "(a change can be negative or zero)", "use zscore, minmax, rank or percentile"))
        p += _check_aggregation(d.aggregation, d.normalisation, "dynamics.aggregation")
        p += _check_classes(d.classes, "dynamics.classes")
    s = spec.sensitivity
    for n, alt in enumerate(s.normalisation or []):
        p += _check_normalisation(alt, f"sensitivity.normalisation[{n}]", spec.units)
        if alt.method == "target" and not all(i.target for i in spec.indicators):
            p.append((f"sensitivity.normalisation[{n}]", "distance to a target needs a target for every indicator",
                      "add target: to each indicator, or drop this alternative"))
    if s.weights and "expert" in s.weights and not all(i.weight is not None for i in spec.indicators):
        p.append(("sensitivity.weights", "expert weights are an alternative but not every indicator has a weight",
                  "add weight: to each indicator, or drop 'expert'"))
    for n, agg in enumerate(s.aggregation or []):
        if agg.method == "generalised" and (agg.p is None or agg.p == 0):
            p.append((f"sensitivity.aggregation[{n}].p", "a generalised mean needs a non-zero exponent p",
                      "give p (e.g. 0.5 or -1); p = 0 is the geometric mean"))
    return p


def _check_normalisation(n: Normalisation, where: str, units: str) -> list[tuple[str, str, str]]:
    p: list[tuple[str, str, str]] = []
    if n.method == "points":
        if not n.bands:
            p.append((f"{where}.bands", "a points system needs bands", "add bands: [{from: 110, points: 1}, ...]"))
        elif any(b.from_ <= a.from_ for a, b in pairwise(n.bands)):
            p.append((f"{where}.bands", "the bands' 'from' values must ascend", "order the bands from low to high"))
    elif n.bands is not None:
        p.append((f"{where}.bands", f"bands belong to the points normalisation, not '{n.method}'", "remove bands"))
    if n.method in ("reference", "points") and units == "municipality" and n.reference == "municipality":
        p.append((f"{where}.reference", "a municipality cannot be compared with itself",
                  "use reference: region or nation"))
    return p


def _check_aggregation(a: Aggregation, n: Normalisation, where: str) -> list[tuple[str, str, str]]:
    p: list[tuple[str, str, str]] = []
    if a.method == "generalised" and (a.p is None or a.p == 0):
        p.append((f"{where}.p", "a generalised mean needs a non-zero exponent p",
                  "give p (e.g. 0.5 or -1); p = 0 is the geometric mean: use method: geometric"))
    if a.method != "generalised" and a.p is not None:
        p.append((f"{where}.p", "p belongs to the generalised mean", "remove p, or use method: generalised"))
    if not compatible(n, a):
        if a.method == "generalised" and (a.p or 0) < 0:
            p.append((where, f"a {a.key()} mean needs positive scores, and '{n.method}' scores can be zero or "
                      "negative", "use arithmetic aggregation, or the rank or exponential normalisation"))
        else:
            p.append((where, f"a {a.key()} mean needs scores that are never negative, and '{n.method}' scores can "
                      "be", "use arithmetic aggregation, or a normalisation such as minmax, rank, percentile, "
                      "reference or exponential (or a target with cap: true)"))
    return p


def compatible(n: Normalisation, a: Aggregation) -> bool:
    """Can ``a`` aggregate the scores of ``n``? (Decided from the method alone, never from the data.)"""
    if a.method in ("arithmetic", "sum"):
        return True
    if a.method == "generalised" and (a.p or 0) < 0:
        return n.method in POSITIVE
    return n.never_negative()


def _check_classes(c: Classes, where: str) -> list[tuple[str, str, str]]:
    p: list[tuple[str, str, str]] = []
    if c.method == "quantiles":
        if c.count is None:
            p.append((f"{where}.count", "quantile classes need a count", "add count: (e.g. 10 for deciles)"))
        elif c.labels is not None and len(c.labels) != c.count:
            p.append((f"{where}.labels", f"{len(c.labels)} labels for {c.count} groups", "give one label per group"))
        if c.bands is not None:
            p.append((f"{where}.bands", "bands belong to cut-point classes", "remove bands, or use method: cuts"))
    else:
        if not c.bands or len(c.bands) < 2:
            p.append((f"{where}.bands", "cut-point classes need at least two bands", "add bands with from: values"))
            return p
        if c.bands[0].from_ is not None:
            p.append((f"{where}.bands[0].from", "the first band takes everything below the second and has no from",
                      "remove from: in the first band"))
        rest = [b.from_ for b in c.bands[1:] if b.from_ is not None]
        if len(rest) < len(c.bands) - 1:
            p.append((f"{where}.bands", "every band after the first needs from:", "add from: values"))
        elif any(b <= a for a, b in pairwise(rest)):
            p.append((f"{where}.bands", "the bands' from values must ascend", "order the bands from low to high"))
        ids = [b.id for b in c.bands]
        if len(set(ids)) != len(ids):
            p.append((f"{where}.bands", "two bands have the same id", "give each band its own id"))
    return p
