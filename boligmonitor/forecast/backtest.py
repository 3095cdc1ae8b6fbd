"""How far to trust the forecast: forecast past lists from what was published then, and score against what the
vintage then decided.

For each past list year ``as_of`` the forecast sees only the data years that fed that list and the decisions up to
it (:meth:`Vintage.truncated`, applied inside :func:`~boligmonitor.forecast.lists.forecast`; the model's parameters
are fitted on that too). Its probabilities for the next lists are scored with the Brier score (the mean squared
difference between probability and outcome, 0 is perfect) against the vintage's published decisions, next to the
naive forecast "same as last year" (probability 1 for an area on the list in ``as_of``, else 0). An undetermined
published decision has no outcome to score and is counted apart.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from boligmonitor.errors import NotFound
from boligmonitor.forecast.data import Vintage
from boligmonitor.forecast.lists import forecast
from boligmonitor.rules.parameters import ParameterSet

# The law renamed two categories on 30 November 2021 (L 23 (2021-22), § 1, nr. 1: »ghettoområde« becomes
# »parallelsamfund«, »hårdt ghettoområde« becomes »omdannelsesområde«), so "same as last year" for the 2021 list looks
# at the category under its former name.
FORMER_NAME = {"parallelsamfund": "ghettoomraade", "omdannelsesomraade": "haardt_ghettoomraade"}
BINS = tuple(i / 10 for i in range(11))  # calibration bins of width 0.1

Progress = Callable[[int, int], None]


@dataclass
class Pair:
    as_of: int
    list_year: int
    area_id: str
    category: str
    probability: float
    p_undetermined: float
    persistence: float
    outcome: bool | None

    @property
    def horizon(self) -> int:
        return self.list_year - self.as_of


@dataclass
class Backtest:
    pairs: list[Pair]
    as_of_years: list[int]
    horizon: int
    futures: int
    seed: int
    methods: list[dict[str, Any]] = field(default_factory=list)

    def scored(self, horizon: int | None = None, category: str | None = None) -> list[Pair]:
        return [p for p in self.pairs if p.outcome is not None and (horizon is None or p.horizon == horizon)
                and (category is None or p.category == category)]

    def brier(self, horizon: int | None = None, category: str | None = None) -> dict[str, Any]:
        """Brier score of the forecast and of "same as last year" on the same outcomes."""
        ps = self.scored(horizon, category)
        n = len(ps)
        if not n:
            return {"n": 0, "forecast": None, "persistence": None, "skill": None, "events": 0}
        bf = sum((p.probability - float(bool(p.outcome))) ** 2 for p in ps) / n
        bp = sum((p.persistence - float(bool(p.outcome))) ** 2 for p in ps) / n
        return {"n": n, "forecast": bf, "persistence": bp, "skill": None if bp == 0 else 1 - bf / bp,
                "events": sum(1 for p in ps if p.outcome)}

    def calibration(self, horizon: int | None = None) -> list[dict[str, Any]]:
        """Per probability bin: how many forecasts, their mean probability and how often the area was listed."""
        ps = self.scored(horizon)
        out = []
        for lo, hi in itertools.pairwise(BINS):
            inside = [p for p in ps if lo <= p.probability < hi or (hi == 1.0 and p.probability == 1.0)]
            n = len(inside)
            out.append({"low": lo, "high": hi, "n": n,
                        "mean_probability": sum(p.probability for p in inside) / n if n else None,
                        "observed": sum(1 for p in inside if p.outcome) / n if n else None})
        return out

    def undetermined_outcomes(self) -> int:
        return sum(1 for p in self.pairs if p.outcome is None)


def backtest(vintage: Vintage, horizon: int = 3, futures: int = 500, seed: int = 1, first_as_of: int | None = None,
             params: ParameterSet | None = None, progress: Progress | None = None, how: str = "trend") -> Backtest:
    """Forecast from every list year from ``first_as_of`` (default: the third list year, so the model has data
    years to learn from) to the year before the last, and pair each probability with the published outcome.
    ``how`` is the forecast's model (``no_change`` gives the baseline "the inputs stay as last published")."""
    years = vintage.list_years()
    if not years:
        raise NotFound(f"{vintage.label}: the vintage has no classification rows, so there are no lists to score")
    start = first_as_of if first_as_of is not None else (years[2] if len(years) > 2 else years[-1])
    as_ofs = [y for y in years if start <= y < years[-1]]
    if not as_ofs:
        raise NotFound(f"--as-of {start}: a backtest needs a later list to score against; the vintage has lists for "
                       f"{years[0]}–{years[-1]}. Fix: choose an earlier list year.")
    outcome = {(r["area_id"], int(r["list_year"]), r["category"]): r["member"] for r in vintage.rows}
    pairs: list[Pair] = []
    methods = []
    for n, as_of in enumerate(as_ofs):
        h = min(horizon, years[-1] - as_of)
        fc = forecast(vintage, as_of, h, futures, seed, params, how=how)
        methods.append(fc.method)
        for r in fc.rows:
            key = (r["area_id"], r["list_year"], r["category"])
            if key not in outcome:
                continue
            before = outcome.get((r["area_id"], as_of, r["category"]))
            if before is None and r["category"] in FORMER_NAME:
                before = outcome.get((r["area_id"], as_of, FORMER_NAME[r["category"]]))
            pairs.append(Pair(as_of, r["list_year"], r["area_id"], r["category"], r["probability"],
                              r["p_undetermined"], 1.0 if before is True else 0.0, outcome[key]))
        if progress is not None:
            progress(n + 1, len(as_ofs))
    return Backtest(pairs, as_ofs, horizon, futures, seed, methods)
