"""The early-warning watchlist: every statutory area, listed or not, with its distance to each statutory line, the
direction of the last years, and flags.

Distances and margins are the classification rows' own (a value or margin withheld by disclosure control stays
withheld, and nothing is computed from it). Whether a criterion alone would put an area on a list, or take it off,
is decided by the law's own rule functions on a what-if: the area's published values with that one criterion moved
just across its line (:class:`Judge`). Numbers and words are in :mod:`.texts`; the choices (what "close" means) are
the constants below, and every result names them.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from boligmonitor.errors import NotFound
from boligmonitor.forecast import law
from boligmonitor.forecast.data import Vintage
from boligmonitor.forecast.law import Request, YearLaw
from boligmonitor.forecast.texts import (
    DIRECTIONS,
    FLAG_WHY,
    FLAGS,
    NOT_ASSESSABLE,
    OMDANNELSE_PERSONS,
    OMDANNELSE_UNTIL,
    WATCH_METHOD,
    WITHHELD,
)
from boligmonitor.published import exit_path, localised
from boligmonitor.rules.classify import classify_area, rules_version
from boligmonitor.rules.display import threshold_text, value_text
from boligmonitor.rules.model import MeasureValue, compare
from boligmonitor.rules.obligations import obligations_in_force
from boligmonitor.rules.parameters import ParameterSet, default_parameters
from boligmonitor.rules.texts import CATEGORY_LABELS, Text, number

# "Close" to a line: within this distance in the criterion's own unit (a share: 5 percentage points; the convicted
# ratio: half the national average; residents: 100). Chosen to match the width of a year's usual movement in the
# synthetic and published series (a couple of points); stated on every result.
CLOSE: dict[str, Fraction] = {"share": Fraction(5, 100), "ratio": Fraction(1, 2), "persons": Fraction(100)}
# Slower than this per year is "unchanged" (a quarter of a percentage point; 0.05 of the ratio; 10 residents).
FLAT: dict[str, float] = {"share": 0.0025, "ratio": 0.05, "persons": 10.0}
TREND_YEARS = 3  # the direction is the change over the last three list years (this one and the two before)
# Categories decided by earlier years' statuses, not by their own criteria (their criteria repeat the base category's).
CONSECUTIVE_CATEGORIES = ("haardt_ghettoomraade", "omdannelsesomraade")
EPSILON = Fraction(1, 10**9)  # how far across a line a what-if moves a value
MAX_FLIPS = 3  # the fewest criteria that end a status are looked for among sets of up to three


class ValueSource:
    """A criterion source answering each request of the rules with a given value (a what-if)."""

    def __init__(self, values: Mapping[Request, Fraction | None]) -> None:
        self.values = values

    def _get(self, request: Request) -> MeasureValue | None:
        v = self.values.get(request)
        return None if v is None else MeasureValue(v, request[2])

    def residents(self, year: int) -> MeasureValue | None:
        return self._get(("residents", "residents", (year,), ""))

    def share(self, measure: str, years: tuple[int, ...], average: str = "mean_of_yearly_shares"
              ) -> MeasureValue | None:
        return self._get(("share", measure, tuple(years), average))

    def ratio_to_national(self, measure: str, years: tuple[int, ...], average: str = "mean_of_yearly_shares"
                          ) -> MeasureValue | None:
        return self._get(("ratio_to_national", measure, tuple(years), average))

    def ratio_to_region(self, measure: str, year: int) -> MeasureValue | None:
        return self._get(("ratio_to_region", measure, (year,), ""))

    def missing(self, kind: str, measure: str, years: tuple[int, ...]) -> Text:
        return Text("", "")


class Judge:
    """Runs the rule functions on what-ifs, once per distinct pattern of comparisons (and run of earlier statuses),
    like the forecast's signatures."""

    def __init__(self, params: ParameterSet) -> None:
        self.params = params
        self.cache: dict[tuple[Any, ...], dict[str, bool | None]] = {}
        self.calls = 0

    def members(self, yl: YearLaw, values: Mapping[Request, Fraction | None],
                earlier: Mapping[int, bool | None]) -> dict[str, bool | None]:
        codes = tuple(law.exact_code(values.get(c.request), c.threshold) for c in yl.comparisons)
        key = (yl.list_year, _run(earlier, yl.list_year), codes)
        if key not in self.cache:
            self.calls += 1
            decisions = classify_area("what-if", {yl.list_year: ValueSource(values)}, [yl.list_year], self.params,
                                      earlier=earlier)
            self.cache[key] = {d.category: d.member for d in decisions}
        return self.cache[key]


def _run(earlier: Mapping[int, bool | None], year: int) -> tuple[int, object]:
    """The run of the counted status ending the year before, and what ended it (see lists._run_length)."""
    n, y = 0, year - 1
    while earlier.get(y) is True and n < 12:
        n, y = n + 1, y - 1
    return n, earlier.get(y, "absent")


@dataclass
class Line:
    """One criterion of one category for one area: value, line, margin, direction."""

    category: str
    criterion: str
    label: Text
    request: Request
    value: float | None
    threshold: float
    comparator: str
    unit: str
    met: bool | None
    withheld: bool
    persons: int | None
    gap: float | None
    published: dict[str, Any]  # the criterion as published (for its exit-path sentence)
    direction: str = "unknown"
    change_per_year: float | None = None
    years_at_pace: float | None = None
    # moving this criterion alone across its line changes the category's decision (assessed for close lines only)
    alone: bool | None = None

    @property
    def close(self) -> bool:
        return self.gap is not None and abs(Fraction(repr(self.gap))) <= CLOSE.get(self.unit, Fraction(0))

    def exit(self, lang: str) -> str:
        return exit_path(self.published | {"label": localised(self.published, "label", lang)}, lang)


@dataclass
class Flag:
    id: str
    category: str | None
    text: Text


@dataclass
class AreaWatch:
    area_id: str
    name: str
    municipality_code: int
    municipality: str
    organisations: tuple[str, ...]
    list_year: int
    lists: list[str]
    lines: list[Line]
    flags: list[Flag] = field(default_factory=list)
    assessable: bool = True
    # forebyggelsesområder: the fewest residents whose changed status makes the area udsat through one criterion
    udsat_distance: int | None = None
    omdannelse: dict[str, Any] | None = None

    def flag_ids(self) -> list[str]:
        return list(dict.fromkeys(f.id for f in self.flags))

    def nearest(self) -> Line | None:
        """The published line closest in residents (then in its own unit) among criteria not yet decided by
        more than they can flip."""
        known = [ln for ln in self.lines if ln.persons is not None and ln.criterion != "residents"
                 and ln.category not in CONSECUTIVE_CATEGORIES]
        return min(known, key=lambda ln: (ln.persons or 0, abs(ln.gap or 0)), default=None)


@dataclass
class Watchlist:
    year: int
    areas: list[AreaWatch]
    method: dict[str, Any]

    def rows(self, lang: str = "da") -> list[dict[str, Any]]:
        """One row per area: lists, flags with their reasons, the nearest line."""
        out = []
        for a in self.areas:
            near = a.nearest()
            out.append({
                "area_id": a.area_id, "name": a.name, "municipality_code": a.municipality_code,
                "municipality": a.municipality, "list_year": a.list_year,
                "lists": ", ".join(CATEGORY_LABELS[c].pick(lang) for c in a.lists),
                "flags": ", ".join(FLAGS[f].pick(lang) for f in a.flag_ids()),
                "flag_ids": a.flag_ids(),
                "nearest": (f"{CATEGORY_LABELS[near.category].pick(lang)}: {near.label.pick(lang)} — "
                            f"{near.exit(lang)}" if near else ""),
                "why": " · ".join(f.text.pick(lang) for f in a.flags) or ("" if a.assessable
                                                                         else NOT_ASSESSABLE.pick(lang)),
                "udsat_distance": a.udsat_distance,
                "organisations": list(a.organisations),
            })
        return out

    def lines(self, lang: str = "da") -> list[dict[str, Any]]:
        """One row per area, category and criterion: the distance to each line."""
        out = []
        for a in self.areas:
            for ln in a.lines:
                out.append({
                    "area_id": a.area_id, "name": a.name, "municipality": a.municipality, "list_year": a.list_year,
                    "category": ln.category, "category_label": CATEGORY_LABELS[ln.category].pick(lang),
                    "criterion": ln.criterion, "criterion_label": ln.label.pick(lang),
                    "value": None if ln.withheld else ln.value,
                    "value_text": WITHHELD.pick(lang) if ln.withheld else value_text(
                        ln.value, ln.unit, lang, ln.threshold, ln.comparator, ln.met),
                    "threshold": ln.threshold, "comparator": ln.comparator,
                    "threshold_text": f"{ln.comparator} {threshold_text(ln.threshold, ln.unit, lang)}",
                    "unit": ln.unit, "met": ln.met, "gap": ln.gap,
                    "gap_points": None if ln.gap is None or ln.unit != "share" else round(ln.gap * 100, 4),
                    "persons": ln.persons, "exit_path": ln.exit(lang),
                    "direction": ln.direction, "direction_text": DIRECTIONS[ln.direction].pick(lang),
                    "change_per_year": ln.change_per_year, "years_at_pace": ln.years_at_pace,
                    "close": ln.close, "alone": ln.alone, "flags": ", ".join(a.flag_ids()),
                })
        return out


def _both(x: float, decimals: int) -> Text:
    return Text(number(x, decimals, "da"), number(x, decimals, "en"))


def _fraction(x: float) -> Fraction:
    return Fraction(repr(x))  # the decimal as published (rounded to 6 places), exactly


def _side(comparator: str, met: bool) -> tuple[str, str]:
    """The side of the threshold a value is on: '>', '>=', '<' or '<=' (the comparison to satisfy)."""
    if comparator == ">":
        return (">", "gt") if met else ("<=", "le")
    if comparator == ">=":
        return (">=", "ge") if met else ("<", "lt")
    return ("<", "lt") if met else (">=", "ge")


def _feasible(constraints: list[tuple[Fraction, str, bool]], target: Fraction | None) -> Fraction:
    """A value meeting every (threshold, comparator, met): the published value when it does (a value rounded for
    publishing may not), else the nearest one that does, else one inside the interval."""
    lo: tuple[Fraction, bool] | None = None  # (bound, strict)
    hi: tuple[Fraction, bool] | None = None
    for t, cmp, met in constraints:
        side = _side(cmp, met)[1]
        if side in ("gt", "ge"):
            strict = side == "gt"
            if lo is None or t > lo[0] or (t == lo[0] and strict):
                lo = (t, strict)
        else:
            strict = side == "lt"
            if hi is None or t < hi[0] or (t == hi[0] and strict):
                hi = (t, strict)

    def ok(v: Fraction) -> bool:
        return all(compare(v, cmp, t) is met for t, cmp, met in constraints)

    if target is not None and ok(target):
        return target
    low = None if lo is None else (lo[0] + EPSILON if lo[1] else lo[0])
    high = None if hi is None else (hi[0] - EPSILON if hi[1] else hi[0])
    if target is not None:
        if low is not None and target < low:
            return low
        if high is not None and target > high:
            return high
    if low is not None and high is not None:
        return (low + high) / 2
    if low is not None:
        return low
    if high is not None:
        return high
    return target if target is not None else Fraction(0)


def across(threshold: Fraction, comparator: str, met: bool) -> Fraction:
    """The nearest value on the other side of a line: what a what-if moves a criterion to."""
    want = not met
    for v in (threshold, threshold + EPSILON, threshold - EPSILON):
        if compare(v, comparator, threshold) is want:
            return v
    raise law.ForecastBug(f"no value flips {comparator} {threshold}")


def _baseline(rows: list[dict[str, Any]], yl: YearLaw) -> dict[Request, Fraction | None]:
    """The values the rules asked for, as published (projected onto the published decisions' side of every line)."""
    constraints: dict[Request, list[tuple[Fraction, str, bool]]] = {}
    published: dict[Request, Fraction] = {}
    unknown: set[Request] = set()
    for r in rows:
        for c in r["criteria"]:
            request = yl.criterion_request.get((r["category"], c["id"]))
            if request is None:
                continue
            if c["met"] is None:
                unknown.add(request)
                continue
            constraints.setdefault(request, []).append((_fraction(c["threshold"]), c["comparator"], c["met"]))
            if c.get("value") is not None and not c.get("withheld"):
                published[request] = _fraction(c["value"])
    out: dict[Request, Fraction | None] = dict.fromkeys(unknown)
    for request, cs in constraints.items():
        out[request] = _feasible(cs, published.get(request))
    return out


def _history(vintage_rows: Iterable[dict[str, Any]]) -> dict[int, bool | None]:
    return {int(r["list_year"]): r["member"] for r in vintage_rows
            if law.ghetto_status_category(r["category"], r["rule_set"])}


def _direction(line: Line, trend: list[tuple[int, float]]) -> None:
    """Direction and pace of the criterion's value over the last list years (published values only)."""
    if line.value is None or line.met is None or len(trend) < 2:
        return
    n = len(trend)
    mx = sum(y for y, _ in trend) / n
    mv = sum(v for _, v in trend) / n
    slope = sum((y - mx) * (v - mv) for y, v in trend) / sum((y - mx) ** 2 for y, _ in trend)
    line.change_per_year = slope
    # which way the value moves when it heads for the line: down for a met '>'/'>=' or an unmet '<'
    down = line.met if line.comparator in (">", ">=") else not line.met
    if abs(slope) < FLAT.get(line.unit, 0.0):
        line.direction = "flat"
    elif (slope < 0) == down:
        line.direction = "towards"
        if line.gap is not None:
            line.years_at_pace = abs(line.gap) / abs(slope)
    else:
        line.direction = "away"


def watchlist(vintage: Vintage, year: int | None = None, municipality: int | None = None,
              organisation: str | None = None, flag: str | None = None,
              params: ParameterSet | None = None) -> Watchlist:
    """The watchlist for list ``year`` (default: the latest), optionally only one municipality's areas, one
    organisation's or those with one flag."""
    p = params or default_parameters()
    years = vintage.list_years()
    if not years:
        raise NotFound(f"{vintage.label}: the vintage has no classification rows")
    y = years[-1] if year is None else year
    if y not in years:
        raise NotFound(f"--year {y}: the vintage has lists for {years[0]}–{years[-1]}. Fix: choose one of those.")
    if flag is not None and flag not in FLAGS:
        raise NotFound(f"--flag {flag}: not a watchlist flag; the flags are {', '.join(FLAGS)}")
    by_area: dict[str, list[dict[str, Any]]] = {}
    for r in vintage.rows:
        if int(r["list_year"]) <= y:
            by_area.setdefault(r["area_id"], []).append(r)
    judge = Judge(p)
    laws = {yy: law.year_law(yy, p) for yy in range(y - TREND_YEARS + 1, y + 1) if yy in years}
    out = []
    for area_id in sorted(by_area):
        rec = vintage.areas.get(area_id)
        if rec is None:
            continue
        if municipality is not None and rec.municipality_code != municipality:
            continue
        if organisation is not None and organisation not in rec.organisations:
            continue
        rows = [r for r in by_area[area_id] if int(r["list_year"]) == y]
        if not rows:
            continue
        a = _assess(area_id, rec.name, rec.municipality_code, vintage.municipality_name(rec.municipality_code),
                    rec.organisations, y, rows, by_area[area_id], laws, judge, p)
        if flag is None or flag in a.flag_ids():
            out.append(a)
    method = {"list_year": y, "close": {k: float(v) for k, v in CLOSE.items()}, "flat_per_year": FLAT,
              "trend_years": [max(years[0], y - TREND_YEARS + 1), y], "rules_version": rules_version(p),
              "vintage": vintage.label, "synthetic": vintage.synthetic, "rule_calls": judge.calls,
              "text": WATCH_METHOD.format(year=y, first=max(years[0], y - TREND_YEARS + 1),
                                          share=_both(float(CLOSE["share"] * 100), 0),
                                          ratio=_both(float(CLOSE["ratio"]), 1),
                                          persons=_both(float(CLOSE["persons"]), 0), rules=rules_version(p))}
    return Watchlist(y, out, method)


def _assess(area_id: str, name: str, municipality_code: int, municipality: str, organisations: tuple[str, ...],
            year: int, rows: list[dict[str, Any]], all_rows: list[dict[str, Any]], laws: dict[int, YearLaw],
            judge: Judge, params: ParameterSet) -> AreaWatch:
    yl = laws[year]
    lines = _lines(rows, yl)
    _trends(lines, all_rows, laws, year)
    lists = [r["category"] for r in rows if r["member"] is True]
    a = AreaWatch(area_id, name, municipality_code, municipality, organisations, year, lists, lines)
    earlier = {yy: s for yy, s in _history(all_rows).items() if yy < year}
    base = _baseline(rows, yl)
    published = {r["category"]: r["member"] for r in rows}
    members = judge.members(yl, base, earlier)
    if any(members.get(c) != m for c, m in published.items()):
        a.assessable = False  # the rounded, published criteria do not reproduce the decision: no what-ifs
        return a
    consecutive = {r["category"] for r in rows if r["consecutive_years"] is not None}
    moving: dict[tuple[str, Request], list[Line]] = {}
    for ln in lines:
        # only a close line can raise a flag, so only close lines get a what-if (a what-if costs a rules run)
        if ln.met is None or ln.category in consecutive or ln.withheld or not ln.close:
            continue
        flipped = judge.members(yl, {**base, ln.request: across(Fraction(repr(ln.threshold)), ln.comparator,
                                                                  ln.met)}, earlier)
        ln.alone = flipped.get(ln.category) is (not ln.met) and published.get(ln.category) is ln.met
        if ln.alone and ln.direction == "towards":
            moving.setdefault(("approaching" if not ln.met else "leaving", ln.request), []).append(ln)
    for (fid, _), same in moving.items():
        # one flag per criterion: the categories it would move together are named together
        cats = Text(", ".join(CATEGORY_LABELS[x.category].da for x in same),
                    ", ".join(CATEGORY_LABELS[x.category].en for x in same))
        a.flags.append(Flag(fid, same[0].category, FLAG_WHY[fid].format(**(_numbers(same[0]) | {"category": cats}))))
    _near_floor(a)
    _near_udsat(a, yl, base, earlier, judge, published)
    _omdannelse(a, yl, base, earlier, judge, published, all_rows, params)
    return a


def _lines(rows: list[dict[str, Any]], yl: YearLaw) -> list[Line]:
    out = []
    for r in rows:
        for c in r["criteria"]:
            request = yl.criterion_request.get((r["category"], c["id"]))
            if request is None:
                continue
            withheld = bool(c.get("withheld"))
            margin = c.get("margin") or {}
            value = None if withheld else c.get("value")
            out.append(Line(r["category"], c["id"], Text(c.get("label") or c["id"], c.get("label_en") or
                                                         c.get("label") or c["id"]),
                            request, value, float(c["threshold"]), c["comparator"], c.get("unit", ""), c["met"],
                            withheld, None if withheld else margin.get("persons"),
                            None if value is None else value - float(c["threshold"]), c))
    return out


def _trends(lines: list[Line], all_rows: list[dict[str, Any]], laws: dict[int, YearLaw], year: int) -> None:
    """The published value of each line's request in the list years before, shifted by the years between."""
    values: dict[tuple[int, Request], float | None] = {}
    for r in all_rows:
        ry = int(r["list_year"])
        if ry not in laws:
            continue
        for c in r["criteria"]:
            request = laws[ry].criterion_request.get((r["category"], c["id"]))
            if request is None:
                continue
            v = None if c.get("withheld") else c.get("value")
            if (ry, request) not in values or v is not None:
                values[(ry, request)] = v
    for ln in lines:
        kind, measure, yrs, average = ln.request
        trend: list[tuple[int, float]] = []
        for back in range(TREND_YEARS):  # this year, then earlier ones while they are published
            v = values.get((year - back, (kind, measure, tuple(x - back for x in yrs), average)))
            if v is None:
                break
            trend.insert(0, (year - back, v))
        _direction(ln, trend)


def _numbers(ln: Line) -> dict[str, Any]:
    """The fields a flag sentence fills in, each written in both languages."""
    def both(f: Any) -> Text:
        return Text(f("da"), f("en"))

    slope = ln.change_per_year or 0.0
    per_year = (both(lambda lang: number(slope * 100, 1, lang) + (" point" if lang == "da" else " points"))
                if ln.unit == "share" else both(lambda lang: number(slope, 0 if ln.unit == "persons" else 2, lang)))
    return {"category": CATEGORY_LABELS[ln.category], "criterion": ln.label,
            "value": both(lambda lang: value_text(ln.value, ln.unit, lang, ln.threshold, ln.comparator, ln.met)),
            "threshold": both(lambda lang: f"{ln.comparator} {threshold_text(ln.threshold, ln.unit, lang)}"),
            "slope": per_year, "exit": both(ln.exit)}


def _near_floor(a: AreaWatch) -> None:
    for ln in a.lines:
        if ln.criterion == "residents" and ln.close and not ln.withheld and ln.value is not None:
            a.flags.append(Flag("near_floor", None, FLAG_WHY["near_floor"].format(
                value=_both(ln.value, 0), threshold=_both(ln.threshold, 0))))
            return


def _near_udsat(a: AreaWatch, yl: YearLaw, base: dict[Request, Fraction | None], earlier: Mapping[int, bool | None],
                judge: Judge, published: dict[str, bool | None]) -> None:
    """A forebyggelsesområde one criterion from udsat: which criterion, and how many residents it takes."""
    if published.get("forebyggelsesomraade") is not True or "udsat_boligomraade" not in published:
        return
    enough: list[Line] = []
    for ln in a.lines:
        if ln.category != "udsat_boligomraade" or ln.met is not False or ln.withheld:
            continue
        flipped = judge.members(yl, {**base, ln.request: across(Fraction(repr(ln.threshold)), ln.comparator,
                                                                  ln.met)}, earlier)
        if flipped.get("udsat_boligomraade") is True:
            enough.append(ln)
    counted = [ln.persons for ln in enough if ln.persons is not None]
    a.udsat_distance = min(counted) if counted else None
    close = sorted((ln for ln in enough if ln.close), key=lambda ln: (ln.persons is None, ln.persons or 0))
    if close:
        a.flags.append(Flag("near_udsat", "udsat_boligomraade", FLAG_WHY["near_udsat"].format(**_numbers(close[0]))))


def _omdannelse(a: AreaWatch, yl: YearLaw, base: dict[Request, Fraction | None], earlier: Mapping[int, bool | None],
                judge: Judge, published: dict[str, bool | None], all_rows: list[dict[str, Any]],
                params: ParameterSet) -> None:
    """An omdannelsesområde: years in a row, the fewest residents whose changed status would end the status it
    counts (sets of up to three criteria), and how long the development plan's consequences then still apply."""
    row = next((r for r in all_rows if int(r["list_year"]) == a.list_year and r["member"] is True
                and r["consecutive_years"] is not None and r["category"] in ("omdannelsesomraade",
                                                                              "haardt_ghettoomraade")), None)
    if row is None:
        return
    status = next((r["category"] for r in all_rows if int(r["list_year"]) == a.list_year
                   and law.ghetto_status_category(r["category"], r["rule_set"])), None)
    candidates = [ln for ln in a.lines if ln.category == status and ln.met is True and ln.persons is not None]
    fewest: int | None = None
    # fewer criteria are not always fewer residents (one large margin against three small ones): every set counts
    for size in range(1, MAX_FLIPS + 1):
        for combo in itertools.combinations(candidates, size):
            total = sum(ln.persons or 0 for ln in combo)
            if fewest is not None and total >= fewest:
                continue
            what_if = dict(base)
            for ln in combo:
                what_if[ln.request] = across(Fraction(repr(ln.threshold)), ln.comparator, True)
            if status is not None and judge.members(yl, what_if, earlier).get(status) is False:
                fewest = total
    until = _obligations_until(all_rows, a.list_year, params)
    a.omdannelse = {"consecutive_years": row["consecutive_years"], "leave_earliest": a.list_year + 1,
                    "persons": fewest, "obligations_until": until}
    a.flags.append(Flag("omdannelse", row["category"], FLAG_WHY["omdannelse"].format(
        years=row["consecutive_years"], leave=a.list_year + 1,
        persons=OMDANNELSE_PERSONS.format(n=_both(fewest, 0))
        if fewest is not None else Text("", ""),
        until=OMDANNELSE_UNTIL.format(year=until) if until is not None else Text("", ""))))


def _obligations_until(all_rows: list[dict[str, Any]], year: int, params: ParameterSet) -> int | None:
    """The last list year an obligation still applies if the area is on no list from the next list on (the law's
    persistence rules, rules/obligations.py), or None when none continues."""
    history: dict[int, dict[str, bool | None]] = {}
    for r in all_rows:
        if int(r["list_year"]) <= year:
            history.setdefault(int(r["list_year"]), {})[r["category"]] = r["member"]
    cats = {c for h in history.values() for c in h}
    last = None
    shipped = None if params is default_parameters() else params  # the shipped obligations are parsed once
    for future in range(year + 1, year + 12):
        history[future] = dict.fromkeys(cats, False)
        if any(o["basis"] == "persists" for o in obligations_in_force(history, future, params=shipped)):
            last = future
    return last


def flags_by_area(vintage: Vintage, year: int | None = None) -> dict[str, list[str]]:
    """Each statutory area's flag ids for list ``year`` (for colouring a map); areas without a flag have []."""
    return {a.area_id: a.flag_ids() for a in watchlist(vintage, year).areas}
