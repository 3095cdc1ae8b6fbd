"""The forecast is calibrated on the synthetic backtest: of the areas given a probability of about p, about a share p
was on the list. Scored as of the lists 2020-2024 (the synthetic Denmark changes its rules of motion in 2013 and
2018, mimicking the 2018 package, which no forecast from earlier data can foresee; docs/forecast-backtest.md shows
those years too). The same check rejects an overconfident model, so it can fail."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import pytest

from boligmonitor import api
from boligmonitor.forecast import lists, model
from boligmonitor.forecast.backtest import Backtest, backtest
from boligmonitor.forecast.data import Vintage, from_bundle

pytestmark = pytest.mark.slow

MAX_ECE = 0.025  # expected calibration error: the probability-weighted mean |observed - predicted| over the bins
MAX_Z = 3.5  # a bin's observed share within 3.5 binomial standard errors of its mean probability (n >= 40)
MIN_SKILL = 0.3  # Brier score at least 30 % better than "same as last year" at every horizon


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Vintage:
    data = tmp_path_factory.mktemp("cal") / "data"
    api.synth(data, scale=0.2, years=(2012, 2024), seed=3)
    out = data.parent / "bundle"
    api.run(data, out)
    return from_bundle(api.open_bundle(out))


def verdict(bt: Backtest) -> dict[str, Any]:
    scored = bt.scored()
    ece = sum(c["n"] / len(scored) * abs(c["observed"] - c["mean_probability"]) for c in bt.calibration() if c["n"])
    z = []
    for c in bt.calibration():
        if c["n"] >= 40:
            p = min(max(c["mean_probability"], 0.005), 0.995)
            z.append((c["observed"] - c["mean_probability"]) / math.sqrt(p * (1 - p) / c["n"]))
    skill = [bt.brier(h)["skill"] for h in range(1, bt.horizon + 1)]
    return {"ece": ece, "max_z": max(abs(x) for x in z), "skill": skill, "bins": len(z)}


def test_probabilities_are_calibrated_on_the_synthetic_backtest(synthetic: Vintage) -> None:
    v = verdict(backtest(synthetic, horizon=3, futures=300, first_as_of=2020))
    assert v["bins"] >= 4, v  # enough bins with 40 or more forecasts to judge
    assert v["ece"] <= MAX_ECE, v
    assert v["max_z"] <= MAX_Z, v
    assert min(v["skill"]) >= MIN_SKILL, v


def test_the_check_rejects_an_overconfident_model(synthetic: Vintage, monkeypatch: pytest.MonkeyPatch) -> None:
    """Divide every variance the model fitted by 50: the futures are too narrow, and the same check fails."""
    real = model.fit

    def narrow(y: Any, u: Any, known: Any) -> model.Fit:
        f = real(y, u, known)
        p = f.params
        return replace(f, params=replace(p, q=p.q / 50, s=p.s / 50, k=p.k / 50))

    monkeypatch.setattr(lists.model, "fit", narrow)
    v = verdict(backtest(synthetic, horizon=3, futures=300, first_as_of=2020))
    assert v["ece"] > MAX_ECE or v["max_z"] > MAX_Z or min(v["skill"]) < MIN_SKILL, v
