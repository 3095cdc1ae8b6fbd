"""The forecast of the lists: for every statutory area, each category's probability one to ``horizon`` list years
after ``as_of``, from the real rule functions applied to simulated futures of the criteria's inputs.

Only what was published as of the list year ``as_of`` is used: cells of the data years that fed that list (the
parameter ``common/data_year_lag``) and the decisions of that list and earlier ones (the history consecutive-year
categories count). See docs/adr/0013-watchlist-and-forecast.md for the model and its limits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from boligmonitor.errors import NotFound, UserError
from boligmonitor.forecast import law, model, series, simulate
from boligmonitor.forecast.data import RESIDENTS, Vintage
from boligmonitor.forecast.law import Inputs, YearLaw
from boligmonitor.rules.classify import classify_area, rules_version
from boligmonitor.rules.parameters import ParameterSet, default_parameters
from boligmonitor.rules.sources import FactsSource, YearCounts

MAX_HORIZON = 5
MAX_FUTURES = 100_000
HISTORY_YEARS = 12  # earlier list years a signature carries (the longest consecutive-year rule counts 5)
CHUNK = 64  # areas simulated together (bounds memory: 64 areas x 1,000 futures x a few years per measure)
# history codes
H_FALSE, H_TRUE, H_NONE, H_ABSENT = 0, 1, 2, 3
MEMBER_CODE = {False: H_FALSE, True: H_TRUE, None: H_NONE}
CODE_MEMBER: dict[int, bool | None] = {H_FALSE: False, H_TRUE: True, H_NONE: None}

Progress = Callable[[int, int], None]


@dataclass
class Forecast:
    """Probabilities per (area, list year, category), with the method that produced them."""

    as_of: int
    list_years: list[int]
    rows: list[dict[str, Any]]
    method: dict[str, Any]
    unknown_inputs: dict[str, list[str]] = field(default_factory=dict)
    started_from: dict[str, dict[str, int]] = field(default_factory=dict)
    rule_calls: int = 0  # how often the rule functions ran (once per distinct future pattern)


def check_settings(vintage: Vintage, as_of: int | None, horizon: int, futures: int) -> int:
    """The list year to forecast from; a clear error for settings that cannot work."""
    if not 1 <= horizon <= MAX_HORIZON:
        raise UserError(f"--horizon must be from 1 to {MAX_HORIZON} list years (got {horizon}).")
    if not 1 <= futures <= MAX_FUTURES:
        raise UserError(f"--futures must be from 1 to {MAX_FUTURES:,} (got {futures}).")
    years = vintage.list_years()
    if not years:
        raise NotFound(f"{vintage.label}: the vintage has no classification rows, so there are no lists to forecast")
    if as_of is None:
        return years[-1]
    if as_of not in years:
        raise NotFound(f"--as-of {as_of}: the vintage has lists for {years[0]}–{years[-1]}. Fix: choose one of those "
                       "list years.")
    return as_of


def published_history(vintage: Vintage, as_of: int) -> dict[str, dict[int, bool | None]]:
    """Each area's ghetto-family status per list year up to ``as_of``, as published."""
    out: dict[str, dict[int, bool | None]] = {}
    for r in vintage.rows:
        y = int(r["list_year"])
        if y <= as_of and law.ghetto_status_category(r["category"], r["rule_set"]):
            out.setdefault(r["area_id"], {})[y] = r["member"]
    return out


MODELS = ("trend", "no_change")


@dataclass
class _Prepared:
    """Everything a forecast needs before the futures are drawn: what was known as of the list year, the law of the
    target years, the fitted model per measure and the published history."""

    as_of: int
    last_data: int
    known: Vintage
    areas: list[str]
    years: list[int]
    target: list[int]
    laws: list[YearLaw]
    window: simulate.Window
    ser: dict[str, series.MeasureSeries]
    fits: dict[str, model.Fit]
    states: dict[str, model.Filtered]
    nat_draw: simulate.Drawn
    nat_fit: model.Fit
    history: dict[str, dict[int, bool | None]]
    pool: simulate.Pool


NO_CHANGE = model.Params(q=0.0, k=0.0, s=0.0, v=0.0, phi=1.0)


def _fit(s: series.MeasureSeries, how: str) -> tuple[model.Fit, model.Filtered]:
    if how == "no_change":  # every input stays at its last published value
        return model.Fit(NO_CHANGE, float("nan"), 0, int(s.known.sum())), model.last_value(s.y, s.known)
    f = model.fit(s.y, s.u, s.known)
    return f, model.kalman(s.y, s.u, s.known, f.params)[0]


def prepare(vintage: Vintage, as_of: int | None, horizon: int, futures: int, seed: int, params: ParameterSet,
            how: str = "trend") -> _Prepared:
    if how not in MODELS:
        raise UserError(f"--model must be one of {', '.join(MODELS)} (got '{how}').")
    year0 = check_settings(vintage, as_of, horizon, futures)
    last_data = year0 - law.data_year_lag(year0, params)
    known = vintage.truncated(last_data, year0)
    areas = sorted({r["area_id"] for r in known.rows if int(r["list_year"]) == year0})
    data_years = known.data_years()
    if not data_years or data_years[-1] != last_data:
        raise NotFound(f"the list of {year0} rests on data year {last_data}, which the vintage does not publish")
    years = list(range(data_years[0], last_data + 1))
    target = list(range(year0 + 1, year0 + horizon + 1))
    laws = [law.year_law(y, params) for y in target]
    needed = sorted({y for yl in laws for y in yl.data_years})
    window = simulate.Window(list(range(min(needed[0], last_data), needed[-1] + 1)), last_data)
    ser = series.build(known, areas, years)
    fitted = {m: _fit(s, how) for m, s in ser.items()}
    nat = series.national(known, years)
    nat_fit, nat_state = _fit(nat, how)
    nat_draw = simulate.draw_nation(nat, nat_fit, nat_state, window, futures, seed)
    return _Prepared(year0, last_data, known, areas, years, target, laws, window, ser,
                     {m: f for m, (f, _) in fitted.items()}, {m: st for m, (_, st) in fitted.items()}, nat_draw,
                     nat_fit, published_history(known, year0),
                     simulate.Pool(seed, futures, window, len(series.MEASURES)))


def inputs_for(prep: _Prepared, idx: np.ndarray) -> Inputs:
    """Published and drawn inputs of the areas at ``idx`` (positions in ``prep.areas``)."""
    names = [prep.areas[i] for i in idx]
    drawn = simulate.draw(prep.ser, prep.fits, prep.states, idx, names, prep.window, prep.pool)
    # income is the published ratio to the region itself: the region's mean is 1 in the rules' source
    reg_num, reg_den = np.ones((len(names), len(prep.window.years))), np.ones((len(names), len(prep.window.years)))
    return Inputs(prep.window.years, {m: d.num for m, d in drawn.items()}, {m: d.den for m, d in drawn.items()},
                  prep.nat_draw.num[0], prep.nat_draw.den[0], reg_num, reg_den)


def forecast(vintage: Vintage, as_of: int | None = None, horizon: int = 3, futures: int = 1000, seed: int = 1,
             params: ParameterSet | None = None, progress: Progress | None = None, how: str = "trend",
             chunk: int = CHUNK, exhaustive: bool = False) -> Forecast:
    """Forecast the lists ``as_of + 1 .. as_of + horizon`` (``as_of`` defaults to the vintage's latest list).

    ``how`` is the model of the futures: ``trend`` (the fitted model, :mod:`.model`) or ``no_change`` (every input
    stays at its last published value: one future). ``exhaustive`` runs the rule functions for every future of every
    area, without signatures (the reference the tests compare the fast way with)."""
    p = params or default_parameters()
    if how == "no_change":
        futures = 1
    prep = prepare(vintage, as_of, horizon, futures, seed, p, how)
    run = _Run(p, prep.laws, futures)
    rows: list[dict[str, Any]] = []
    member_now = {(r["area_id"], r["category"]): r["member"] for r in prep.known.rows
                  if int(r["list_year"]) == prep.as_of}
    total = len(prep.areas)
    for start in range(0, total, chunk):
        idx = np.arange(start, min(start + chunk, total))
        names = [prep.areas[i] for i in idx]
        inputs = inputs_for(prep, idx)
        published = [prep.history.get(a, {}) for a in names]
        probabilities = (run.each if exhaustive else run.chunk)(names, inputs, published)
        for (a, y, cat), (pm, pu) in probabilities.items():
            rows.append({"area_id": a, "list_year": y, "category": cat, "probability": pm, "p_undetermined": pu,
                         "horizon": y - prep.as_of, "member_as_of": member_now.get((a, cat))})
        if progress is not None:
            progress(min(start + chunk, total), total)
    rows.sort(key=lambda r: (r["list_year"], r["category"], r["area_id"]))
    unknown_inputs, started_from = _gaps(prep)
    method = {
        "as_of": prep.as_of, "list_years": prep.target, "data_years": [prep.years[0], prep.last_data],
        "futures": futures, "seed": seed, "horizon": horizon, "rules_version": rules_version(p),
        "vintage": vintage.label, "synthetic": vintage.synthetic, "model": how,
        "fits": {m: {**asdict(f.params), "units": f.units} for m, f in prep.fits.items()}
        | {"national_convicted": {**asdict(prep.nat_fit.params), "units": prep.nat_fit.units}},
        "rule_calls": run.calls,
    }
    return Forecast(prep.as_of, prep.target, rows, method, unknown_inputs, started_from, run.calls)


def _gaps(prep: _Prepared) -> tuple[dict[str, list[str]], dict[str, dict[str, int]]]:
    """Per area: the measures never published up to the last data year (unknown inputs), and those whose last
    published year is earlier (the simulation starts there)."""
    unknown: dict[str, list[str]] = {}
    started: dict[str, dict[str, int]] = {}
    for m, s in prep.ser.items():
        last = s.last_known()
        for i, a in enumerate(prep.areas):
            if last[i] < 0:
                unknown.setdefault(a, []).append(m)
            elif s.years[last[i]] < prep.last_data:
                started.setdefault(a, {})[m] = s.years[last[i]]
    return unknown, started


class _Run:
    """Classifies futures year by year, calling the rule functions once per distinct signature (shared by every
    area and future with that signature) and checking each call against the forecast's own reading."""

    def __init__(self, params: ParameterSet, laws: list[YearLaw], futures: int) -> None:
        self.params = params
        self.laws = laws
        self.futures = futures
        self.cache: dict[tuple[int, bytes], tuple[dict[str, int], int]] = {}
        self.calls = 0

    def chunk(self, areas: list[str], inputs: Inputs, published: list[dict[int, bool | None]]
              ) -> dict[tuple[str, int, str], tuple[float, float]]:
        n, f = len(areas), self.futures
        hist = self._history(published)
        out: dict[tuple[str, int, str], tuple[float, float]] = {}
        for yl in self.laws:
            values = {r: inputs.value(r) for r in yl.requests}
            codes = [law.compare_codes(values[c.request], c.threshold) for c in yl.comparisons]
            self._settle(yl, codes, inputs)
            keys = _keys([*_run_length(hist, yl.list_year), *codes])
            uniq, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
            results = [self._decide(yl, areas, inputs, values, hist, int(row), _key_bytes(u))
                       for u, row in zip(uniq, first, strict=True)]
            cats = yl.categories
            member = np.array([[r[0][c] for c in cats] for r in results], dtype=np.uint8)[inverse].reshape(
                n, f, len(cats))
            hist[yl.list_year] = np.array([r[1] for r in results], dtype=np.uint8)[inverse].reshape(n, f)
            for i, a in enumerate(areas):
                for j, c in enumerate(cats):
                    col = member[i, :, j]
                    out[(a, yl.list_year, c)] = (float((col == H_TRUE).mean()), float((col == H_NONE).mean()))
        return out

    def _history(self, published: list[dict[int, bool | None]]) -> dict[int, np.ndarray]:
        """Status codes [area, future] of the earlier list years, as published (the same in every future)."""
        hist: dict[int, np.ndarray] = {}
        for yl in self.laws:
            for y in range(yl.list_year - HISTORY_YEARS, yl.list_year):
                if y not in hist:
                    col = np.full((len(published), self.futures), H_ABSENT, dtype=np.uint8)
                    for i, h in enumerate(published):
                        if y in h:
                            col[i, :] = MEMBER_CODE[h[y]]
                    hist[y] = col
        return hist

    def each(self, areas: list[str], inputs: Inputs, published: list[dict[int, bool | None]]
             ) -> dict[tuple[str, int, str], tuple[float, float]]:
        """The reference: the rule functions for every area and future, each future's history carried forward by
        ``classify_area`` itself, no signatures, no cache."""
        out: dict[tuple[str, int, str], tuple[float, float]] = {}
        years = [yl.list_year for yl in self.laws]
        for i, a in enumerate(areas):
            counts: dict[tuple[int, str], list[bool | None]] = {}
            for f in range(self.futures):
                source = _source(inputs, i, f)
                self.calls += 1
                for d in classify_area(a, dict.fromkeys(years, source), years, self.params, earlier=published[i]):
                    counts.setdefault((d.list_year, d.category), []).append(d.member)
            for (y, c), members in counts.items():
                out[(a, y, c)] = (sum(m is True for m in members) / self.futures,
                                  sum(m is None for m in members) / self.futures)
        return out

    def _settle(self, yl: YearLaw, codes: list[np.ndarray], inputs: Inputs) -> None:
        """Replace every NEAR code by the exact comparison of the rules' own source value with the threshold."""
        for c, code in zip(yl.comparisons, codes, strict=True):
            for i, f in zip(*np.nonzero(code == law.NEAR), strict=True):
                source = _source(inputs, int(i), int(f), only=c.request[1])
                code[i, f] = law.exact_code(law.ask(source, c.request), c.threshold)

    def _decide(self, yl: YearLaw, areas: list[str], inputs: Inputs, values: dict[law.Request, np.ndarray],
                hist: dict[int, np.ndarray], row: int, key: bytes | None) -> tuple[dict[str, int], int]:
        if key is not None and (yl.list_year, key) in self.cache:
            return self.cache[(yl.list_year, key)]
        i, f = divmod(row, self.futures)
        earlier = {y: CODE_MEMBER[int(h[i, f])] for y, h in hist.items()
                   if y < yl.list_year and int(h[i, f]) != H_ABSENT}
        source = _source(inputs, i, f)
        self.calls += 1
        decisions = classify_area(areas[i], {yl.list_year: source}, [yl.list_year], self.params, earlier=earlier)
        members: dict[str, int] = {}
        status = H_ABSENT
        for d in decisions:
            members[d.category] = MEMBER_CODE[d.member]
            if law.ghetto_status_category(d.category, d.rule_set):
                status = MEMBER_CODE[d.member]
            for c in d.criteria:
                _check(yl, d.category, c.id, c.value, values, i, f)
        result = (members, status)
        if key is not None:
            self.cache[(yl.list_year, key)] = result
        return result


def _keys(fields: list[np.ndarray]) -> np.ndarray:
    """One key per (area, future): the fields packed into an int64 (4 bits each) when they fit, else their bytes."""
    if len(fields) <= 15 and all(int(x.max(initial=0)) < 16 for x in fields):
        key = np.zeros(fields[0].size, dtype=np.int64)
        for x in fields:
            key = (key << 4) | x.reshape(-1).astype(np.int64)
        return key
    flat = np.stack(fields, axis=-1).reshape(fields[0].size, -1)
    return np.ascontiguousarray(flat).view(np.dtype((np.void, flat.shape[1]))).ravel()


def _key_bytes(key: object) -> bytes:
    return key.tobytes() if isinstance(key, np.generic) else bytes(key)  # type: ignore[call-overload]


def _run_length(hist: dict[int, np.ndarray], year: int) -> tuple[np.ndarray, np.ndarray]:
    """The earlier statuses as the rules can use them: how many list years in a row up to ``year - 1`` the area had
    the status counted (capped at HISTORY_YEARS), and the code of the year that ended the run (False, undetermined,
    or absent from the history). Two histories alike in both give the same decisions: the rules read history only by
    counting back from the year before (``rules.versions.consecutive``; a test keeps this true)."""
    shape = hist[year - 1].shape
    run = np.zeros(shape, dtype=np.uint8)
    end = np.full(shape, H_ABSENT + 1, dtype=np.uint8)  # H_ABSENT + 1: the run reaches the cap
    alive = np.ones(shape, dtype=bool)
    for y in range(year - 1, year - HISTORY_YEARS - 1, -1):
        h = hist[y]
        on = h == H_TRUE
        end = np.where(alive & ~on, h, end)
        run = run + (alive & on)
        alive = alive & on
    return run, end


def _check(yl: YearLaw, category: str, cid: str, value: Fraction | None, values: dict[law.Request, np.ndarray],
           i: int, f: int) -> None:
    """The rules' value for a criterion must be the one the signature was computed from."""
    mine = float(values[yl.criterion_request[(category, cid)]][i, f])
    if value is None:
        ok = bool(np.isnan(mine))
    else:
        ok = not np.isnan(mine) and abs(float(value) - mine) <= 1e-9 * max(1.0, abs(mine))
    if not ok:
        raise law.ForecastBug(f"{category} {yl.list_year}, criterion '{cid}': the rules computed {value}, the "
                              f"forecast's signature used {mine}")


def _fraction(x: float, scale: int) -> Fraction:
    """A numerator as the exact number it stands for: a whole number of ``1/scale`` (persons, millionths of a
    full-time person, øre), as the pipeline sums them; a binary float's own expansion would be both inexact and slow
    in rational arithmetic."""
    return Fraction(round(float(x) * scale), scale)


def _source(inputs: Inputs, i: int, f: int, only: str | None = None) -> FactsSource:
    """The rules' source for future ``f`` of area ``i``: every needed year's counts, published or drawn (``only``:
    just this measure's, when one request is to be asked)."""
    area: dict[str, dict[int, YearCounts]] = {}
    for m in series.MEASURES[1:]:
        if only is not None and m != only:
            continue
        by_year = {}
        for k, y in enumerate(inputs.years):
            num, den = inputs.num[m][i, f, k], inputs.den[m][i, f, k]
            if not (np.isnan(num) or np.isnan(den)):
                by_year[y] = YearCounts(_fraction(num, series.NUMERATOR_SCALE[m]), int(den))
        area[m] = by_year
    national = {"convicted": {y: YearCounts(_fraction(inputs.nat_num[f, k], 1), int(inputs.nat_den[f, k]))
                              for k, y in enumerate(inputs.years)
                              if not (np.isnan(inputs.nat_num[f, k]) or np.isnan(inputs.nat_den[f, k]))}}
    regional = {"income": {y: YearCounts(_fraction(inputs.reg_num[i, k], 1), int(inputs.reg_den[i, k]))
                           for k, y in enumerate(inputs.years)
                           if not (np.isnan(inputs.reg_num[i, k]) or np.isnan(inputs.reg_den[i, k]))}}
    residents = {y: int(inputs.num[RESIDENTS][i, f, k]) for k, y in enumerate(inputs.years)
                 if not np.isnan(inputs.num[RESIDENTS][i, f, k])}
    return FactsSource(area, national, regional, residents)


__all__ = ["Forecast", "forecast"]
