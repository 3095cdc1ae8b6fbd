"""Dated rule functions: one per structural version of the law.

When only a number changes, a parameter file gets a new dated value. When the structure changes (criteria added,
"3 of 5" becoming "2 of 4", new categories), a new rule function starts here, dated by the list it first applies
to. Every function returns Decisions for one area and list year; history-dependent categories receive the
area's earlier statuses (each judged under the rules of its own year).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from boligmonitor.rules.model import CriterionResult, Decision, Margin, MeasureValue, compare, persons_to_flip
from boligmonitor.rules.parameters import ParameterSet
from boligmonitor.rules.sources import CriterionSource
from boligmonitor.rules.texts import CRITERION_LABELS, NOTES, REQUIRED, Text, count_text, percent_text

# The status that history-dependent categories count: ghettoområde (lists up to 2020), parallelsamfund (2021-).
GHETTO_FAMILY = ("ghettoomraade", "parallelsamfund")


@dataclass(frozen=True)
class Context:
    area_id: str
    source: CriterionSource
    params: ParameterSet
    list_year: int
    day: dt.date
    rules_version: str
    history: Mapping[int, bool | None]  # list year -> ghetto-family status that year (earlier years only)

    @property
    def average(self) -> str:
        """How multi-year shares are averaged (common/multi_year_average)."""
        value: str = self.params.value("common/multi_year_average", self.day)
        return value

    def floor(self) -> Text:
        """The resident floor in force, written for a sentence ("mindst 1.000 beboere")."""
        return count_text(self.params.value("common/resident_floor", self.day))

    def share(self, path: str) -> Text:
        """A share parameter in force, written as a percentage for a sentence ("over 50 pct.")."""
        return percent_text(self.params.value(path, self.day))

    def data_years(self, window: int) -> tuple[int, ...]:
        lag: int = self.params.value("common/data_year_lag", self.day)
        last = self.list_year - lag
        return tuple(range(last - window + 1, last + 1))


def criterion(
    ctx: Context,
    cid: str,
    measure: MeasureValue | None,
    parameter: str,
    comparator: str,
    unit: str,
    years: tuple[int, ...],
    label: Text | None = None,
    missing: Text | None = None,
) -> CriterionResult:
    """Evaluate one criterion exactly and work out its margin (``label`` defaults to the id's own label).

    Without a value (``measure`` None) the criterion is neither met nor unmet: ``met`` is None and ``missing``
    says why, and the decision built on it says what it could not decide."""
    label = label or CRITERION_LABELS[cid]
    dated = ctx.params[parameter].at(ctx.day)
    threshold: Fraction = Fraction(dated.value)
    if measure is None:
        return CriterionResult(
            cid, label, None, threshold, comparator, None, None, unit, years, parameter,
            dated.reference.title, dated.reference.href, dated.interpretation, missing=missing,
        )
    met = compare(measure.value, comparator, threshold)
    gap = measure.value - threshold
    if measure.per_person is not None:
        k, direction, note = persons_to_flip(
            measure.value, comparator, threshold, measure.per_person, measure.room_down, measure.room_up
        )
        margin = Margin(gap=gap, persons=k, direction=direction, note=note)
    elif measure.money_per_unit is not None:
        dkk = abs(gap) * measure.money_per_unit
        direction = "up" if met else "down"  # income: met (<) flips when the mean rises to the threshold
        margin = Margin(gap=gap, dkk_per_person=dkk, direction=direction)
    else:
        margin = Margin(gap=gap, note=NOTES["gap_only"])
    return CriterionResult(
        cid, label, measure.value, threshold, comparator, met, margin, unit, measure.data_years or years,
        parameter, dated.reference.title, dated.reference.href, dated.interpretation,
    )


def at_least(results: list[CriterionResult], k: int) -> tuple[bool | None, int]:
    """Three-valued 'at least k of these criteria are met' (unknown values may leave it undecided)."""
    met = sum(1 for r in results if r.met is True)
    unknown = sum(1 for r in results if r.met is None)
    if met >= k:
        return True, met
    if met + unknown < k:
        return False, met
    return None, met


def all_of(*parts: bool | None) -> bool | None:
    if any(p is False for p in parts):
        return False
    if any(p is None for p in parts):
        return None
    return True


def _why(ctx: Context, mv: MeasureValue | None, kind: str, measure: str, years: tuple[int, ...]) -> Text | None:
    return ctx.source.missing(kind, measure, years) if mv is None else None


def resident_floor(ctx: Context) -> CriterionResult:
    years = ctx.data_years(1)
    mv = ctx.source.residents(years[-1])
    return criterion(ctx, "residents", mv, "common/resident_floor", ">=", "persons", years,
                     missing=_why(ctx, mv, "residents", "residents", years))


def share_criterion(ctx: Context, concept: str, cid: str, measure: str, name: str,
                    comparator: str, window_param: str | None = None) -> CriterionResult:
    window = ctx.params.value(f"{concept}/{window_param}", ctx.day) if window_param else 1
    years = ctx.data_years(window)
    mv = ctx.source.share(measure, years, ctx.average)
    return criterion(ctx, cid, mv, f"{concept}/{name}", comparator, "share", years,
                     missing=_why(ctx, mv, "share", measure, years))


def convicted_ratio(ctx: Context, concept: str) -> CriterionResult:
    years = ctx.data_years(ctx.params.value(f"{concept}/convicted_window_years", ctx.day))
    mv = ctx.source.ratio_to_national("convicted", years, ctx.average)
    return criterion(ctx, "convicted_ratio", mv, f"{concept}/convicted_ratio_threshold", ">=", "ratio", years,
                     missing=_why(ctx, mv, "ratio_to_national", "convicted", years))


def income(ctx: Context, concept: str) -> CriterionResult:
    years = ctx.data_years(1)
    mv = ctx.source.ratio_to_region("income", years[-1])
    return criterion(ctx, "income_ratio", mv, f"{concept}/income_ratio_threshold", "<", "share", years,
                     missing=_why(ctx, mv, "ratio_to_region", "income", years))


def nonwestern(ctx: Context, concept: str) -> CriterionResult:
    return share_criterion(ctx, concept, "nonwestern", "nonwestern", "nonwestern_share_threshold", ">")


def outside_labour(ctx: Context, concept: str) -> CriterionResult:
    return share_criterion(ctx, concept, "outside_labour", "outside_labour", "outside_labour_threshold", ">",
                           "outside_labour_window_years")


def basic_education(ctx: Context, concept: str) -> CriterionResult:
    return share_criterion(ctx, concept, "basic_education", "basic_education", "basic_education_threshold", ">")


def decision(ctx: Context, rule_set: str, category: str, member: bool | None, criteria: list[CriterionResult],
             required: Text, counted: int, consecutive: int | None = None, notes: tuple[Text, ...] = ()) -> Decision:
    """One decision; an undetermined one (``member`` None) says which criteria it could not decide on, and every
    criterion without a value says why, so "cannot be decided" is an explained state, never an accident."""
    unknown = [c for c in criteria if c.met is None]
    explained: list[Text] = []
    # notes passed in already explain an undetermined history (a year unknown) or an undetermined udsat status
    if member is None and unknown and not notes:
        labels = Text("»" + "«, »".join(c.label.da for c in unknown) + "«",
                      "“" + "”, “".join(c.label.en for c in unknown) + "”")
        explained.append(NOTES["undetermined"].format(labels=labels))
    explained += [NOTES["not_computable"].format(label=c.label, reason=c.missing) for c in unknown if c.missing]
    return Decision(ctx.area_id, ctx.list_year, ctx.day.isoformat(), rule_set, category, member,
                    tuple(criteria), required, counted, consecutive, ctx.rules_version, (*notes, *explained))


# --- 2010: ghettoområde, ≥ 2 of 3 --------------------------------------------------------------------------
def rules_2010(ctx: Context) -> list[Decision]:
    c = "ghettoomraade"
    floor = resident_floor(ctx)
    crit = [
        nonwestern(ctx, c),
        outside_labour(ctx, c),
        share_criterion(ctx, c, "convicted_share", "convicted",
                        "convicted_share_threshold", ">", "convicted_window_years"),
    ]
    k = ctx.params.value(f"{c}/min_criteria", ctx.day)
    enough, n = at_least(crit, k)
    member = all_of(floor.met, enough)
    return [decision(ctx, "ghettoomraade_2010", c, member, [floor, *crit],
                     REQUIRED["floor_and_k_of_n"].format(k=k, n=len(crit), floor=ctx.floor()), n)]


# --- 2013: ghettoområde (særligt udsat boligområde), ≥ 3 of 5 ------------------------------------------------
def rules_2013(ctx: Context) -> list[Decision]:
    c = "ghettoomraade"
    floor = resident_floor(ctx)
    crit = [
        nonwestern(ctx, c),
        outside_labour(ctx, c),
        share_criterion(ctx, c, "convicted_share", "convicted",
                        "convicted_share_threshold", ">", "convicted_window_years"),
        basic_education(ctx, c),
        income(ctx, c),
    ]
    k = ctx.params.value(f"{c}/min_criteria", ctx.day)
    enough, n = at_least(crit, k)
    member = all_of(floor.met, enough)
    return [decision(ctx, "ghettoomraade_2013", c, member, [floor, *crit],
                     REQUIRED["floor_and_k_of_n"].format(k=k, n=len(crit), floor=ctx.floor()), n)]


def _udsat(ctx: Context, rule_set: str) -> tuple[Decision, CriterionResult]:
    c = "udsat_boligomraade"
    floor = resident_floor(ctx)
    crit = [outside_labour(ctx, c), convicted_ratio(ctx, c), basic_education(ctx, c), income(ctx, c)]
    k = ctx.params.value(f"{c}/min_criteria", ctx.day)
    enough, n = at_least(crit, k)
    member = all_of(floor.met, enough)
    return decision(ctx, rule_set, c, member, [floor, *crit],
                    REQUIRED["floor_and_k_of_n"].format(k=k, n=len(crit), floor=ctx.floor()), n), floor


def consecutive(ctx: Context, current: bool | None, needed: int) -> tuple[bool | None, int | None, tuple[Text, ...]]:
    """Count the list years in a row, ending with this one, with ghetto-family status."""
    if current is not True:
        return (current if current is None else False), (0 if current is False else None), ()
    count = 1
    year = ctx.list_year - 1
    while count < needed:
        status = ctx.history.get(year)
        if status is None:
            if year not in ctx.history:
                return None, None, (NOTES["status_unknown"].format(year=year, n=needed),)
            return None, None, (NOTES["status_undetermined"].format(year=year),)
        if status is False:
            return False, count, ()
        count += 1
        year -= 1
    return True, count, ()


# --- 2018-2020: udsat, ghettoområde, hårdt ghettoområde --------------------------------------------------------
def rules_2018(ctx: Context) -> list[Decision]:
    udsat, _floor = _udsat(ctx, "udsat_2018")
    nw = nonwestern(ctx, "ghettoomraade")
    ghetto_member = all_of(udsat.member, nw.met)
    ghetto = decision(ctx, "udsat_2018", "ghettoomraade", ghetto_member, [*udsat.criteria, nw],
                      REQUIRED["ghetto_2018"].format(share=ctx.share("ghettoomraade/nonwestern_share_threshold")),
                      udsat.criteria_met)
    permanent = ctx.params["haardt_ghettoomraade/consecutive_years"].at(ctx.day)
    trans = ctx.params["haardt_ghettoomraade/transitional_consecutive_years"]
    needed: int = trans.at(ctx.day).value if trans.in_force(ctx.day) else permanent.value
    hard_member, run, notes = consecutive(ctx, ghetto_member, needed)
    hard = decision(ctx, "udsat_2018", "haardt_ghettoomraade", hard_member, [*ghetto.criteria],
                    REQUIRED["haardt_ghetto"].format(n=needed), udsat.criteria_met, run, notes)
    return [udsat, ghetto, hard]


# --- 2021-: udsat, parallelsamfund, omdannelsesområde, forebyggelsesområde ------------------------------------
def rules_2021(ctx: Context) -> list[Decision]:
    udsat, floor = _udsat(ctx, "udsat_2021")
    nw = nonwestern(ctx, "parallelsamfund")
    par_member = all_of(udsat.member, nw.met)
    par = decision(ctx, "udsat_2021", "parallelsamfund", par_member, [*udsat.criteria, nw],
                   REQUIRED["parallelsamfund"].format(share=ctx.share("parallelsamfund/nonwestern_share_threshold")),
                   udsat.criteria_met)
    needed: int = ctx.params.value("omdannelsesomraade/consecutive_years", ctx.day)
    om_member, run, notes = consecutive(ctx, par_member, needed)
    om = decision(ctx, "udsat_2021", "omdannelsesomraade", om_member, [*par.criteria],
                  REQUIRED["omdannelse"].format(n=needed), udsat.criteria_met, run, notes)
    return [udsat, par, om, forebyggelse(ctx, floor, udsat.member)]


def forebyggelse(ctx: Context, floor: CriterionResult, udsat_member: bool | None) -> Decision:
    c = "forebyggelsesomraade"
    nw = nonwestern(ctx, c)
    crit = [outside_labour(ctx, c), convicted_ratio(ctx, c), basic_education(ctx, c), income(ctx, c)]
    k = ctx.params.value(f"{c}/min_criteria", ctx.day)
    enough, n = at_least(crit, k)
    member = all_of(floor.met, nw.met, enough)
    notes: tuple[Text, ...] = ()
    if ctx.params.value(f"{c}/excludes_udsat", ctx.day):
        if udsat_member is True and member is True:
            notes = (NOTES["forebyggelse_but_udsat"],)
        if udsat_member is None and member is True:
            notes = (NOTES["undetermined_udsat"],)
        member = all_of(member, None if udsat_member is None else not udsat_member)
    return decision(ctx, "forebyggelse_2021", c, member, [floor, nw, *crit],
                    REQUIRED["forebyggelse"].format(k=k, n=len(crit), floor=ctx.floor(),
                                                    share=ctx.share(f"{c}/nonwestern_share_threshold")), n,
                    notes=notes)


# --- § 51 b: kombineret udlejning ------------------------------------------------------------------------------
def rules_kombineret(ctx: Context) -> list[Decision]:
    c = "kombineret_udlejning"
    floor = resident_floor(ctx)
    years = ctx.data_years(ctx.params.value(f"{c}/window_years", ctx.day))
    share = ctx.source.share("outside_labour", years, ctx.average)
    why = _why(ctx, share, "share", "outside_labour", years)
    ordinary = criterion(ctx, "outside_labour", share, f"{c}/outside_labour_threshold", ">=", "share", years,
                         CRITERION_LABELS["outside_labour_51b"], why)
    large_floor: int = ctx.params.value(f"{c}/large_area_residents", ctx.day)
    crits = [floor, ordinary]
    member = all_of(floor.met, ordinary.met)
    if floor.value is not None and floor.value >= large_floor:
        large = criterion(ctx, "outside_labour_large", share, f"{c}/large_area_outside_labour_threshold", ">=",
                          "share", years, CRITERION_LABELS["outside_labour_large"].format(n=count_text(large_floor)),
                          why)
        crits.append(large)
        member = all_of(floor.met, large.met)
    return [decision(ctx, "kombineret_51b", c, member, crits,
                     REQUIRED["kombineret"].format(
                         floor=ctx.floor(), share=ctx.share(f"{c}/outside_labour_threshold"),
                         large_share=ctx.share(f"{c}/large_area_outside_labour_threshold"),
                         large_floor=count_text(large_floor)),
                     sum(1 for x in crits[1:] if x.met))]


RuleFunction = Callable[[Context], list[Decision]]

# The categories each rule function decides, in the law's own names for its era.
CATEGORIES_OF: dict[RuleFunction, tuple[str, ...]] = {
    rules_2010: ("ghettoomraade",),
    rules_2013: ("ghettoomraade",),
    rules_2018: ("udsat_boligomraade", "ghettoomraade", "haardt_ghettoomraade"),
    rules_2021: ("udsat_boligomraade", "parallelsamfund", "omdannelsesomraade", "forebyggelsesomraade"),
    rules_kombineret: ("kombineret_udlejning",),
}

# (first list date, rule set family, function). The latest start on or before the list date applies.
MAIN_RULES: tuple[tuple[dt.date, RuleFunction], ...] = (
    (dt.date(2010, 10, 26), rules_2010),
    (dt.date(2013, 12, 1), rules_2013),
    (dt.date(2018, 12, 1), rules_2018),
    (dt.date(2021, 11, 30), rules_2021),
)
KOMBINERET_FROM = dt.date(2010, 1, 1)


def rule_functions_for(day: dt.date) -> list[RuleFunction]:
    fns: list[RuleFunction] = []
    current = None
    for start, fn in MAIN_RULES:
        if start <= day:
            current = fn
    if current is not None:
        fns.append(current)
    if day >= KOMBINERET_FROM:
        fns.append(rules_kombineret)
    return fns
