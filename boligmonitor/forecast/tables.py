"""The watchlist, the forecast and the backtest as rows for every face (CLI tables and files, web pages and their
JSON twins): stable English keys, texts in the language asked for, and the method as sentences."""

from __future__ import annotations

from typing import Any

from boligmonitor.forecast.backtest import Backtest
from boligmonitor.forecast.data import Vintage
from boligmonitor.forecast.lists import Forecast
from boligmonitor.forecast.texts import (
    FORECAST_METHOD,
    MEASURE_NAMES,
    NO_CHANGE_METHOD,
    STARTED_FROM,
    UNKNOWN_INPUTS,
)
from boligmonitor.rules.texts import CATEGORY_LABELS, Text


def forecast_rows(fc: Forecast, vintage: Vintage, lang: str = "da", municipality: int | None = None
                  ) -> list[dict[str, Any]]:
    """One row per area, list year and category: the probability of being on the list, and of no decision."""
    out = []
    for r in fc.rows:
        a = vintage.areas.get(r["area_id"])
        if municipality is not None and (a is None or a.municipality_code != municipality):
            continue
        out.append({"area_id": r["area_id"], "name": a.name if a else "",
                    "municipality_code": a.municipality_code if a else None,
                    "municipality": vintage.municipality_name(a.municipality_code) if a else "",
                    "list_year": r["list_year"], "category": r["category"],
                    "category_label": CATEGORY_LABELS[r["category"]].pick(lang),
                    "probability": round(r["probability"], 4), "p_undetermined": round(r["p_undetermined"], 4),
                    "member_as_of": r["member_as_of"], "horizon": r["horizon"]})
    return out


def forecast_method(fc: Forecast, lang: str = "da") -> list[str]:
    """The method as sentences: the model, the data years, the rules; inputs never published, later starts."""
    m = fc.method
    text = FORECAST_METHOD if m["model"] == "trend" else NO_CHANGE_METHOD
    out = [text.format(as_of=m["as_of"], first=m["data_years"][0], last=m["data_years"][1], futures=m["futures"],
                       rules=m["rules_version"], seed=m["seed"]).pick(lang)]
    if fc.unknown_inputs:
        out.append(UNKNOWN_INPUTS.format(items=_items(
            {a: ", ".join(MEASURE_NAMES[x].pick(lang) for x in ms) for a, ms in fc.unknown_inputs.items()},
            lang)).pick(lang))
    if fc.started_from:
        out.append(STARTED_FROM.format(items=_items(
            {a: ", ".join(f"{MEASURE_NAMES[x].pick(lang)} {y}" for x, y in ms.items())
             for a, ms in fc.started_from.items()}, lang)).pick(lang))
    return out


def _items(by_area: dict[str, str], lang: str) -> Text:
    text = "; ".join(f"{a}: {v}" for a, v in sorted(by_area.items()))
    return Text(text, text)


def backtest_rows(bt: Backtest, lang: str = "da") -> dict[str, list[dict[str, Any]]]:
    """The backtest as three tables: Brier scores by horizon, by category, and the calibration bins."""
    by_horizon = [{"horizon": h, **bt.brier(h)} for h in range(1, bt.horizon + 1)]
    categories = sorted({p.category for p in bt.pairs})
    by_category = [{"category": c, "category_label": CATEGORY_LABELS[c].pick(lang), **bt.brier(category=c)}
                   for c in categories]
    return {"by_horizon": by_horizon, "by_category": by_category, "calibration": bt.calibration()}
