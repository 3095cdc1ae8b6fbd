"""Compute an index: published cells -> scores -> weights -> values -> ranks -> classes, one row per unit.

    result = compute_index(BundleIndexData(bundle), load_preset("aarhus"), year=2023)

Every row says whether the unit was scored, left out (not eligible) or got no index (a suppressed or missing input
under the definition's missing-input rule), and why, in Danish and English; ``result.method`` names every choice.
"""

from __future__ import annotations

import functools
from collections.abc import Collection

import numpy as np
from numpy.typing import NDArray

from boligmonitor.index import texts as tx
from boligmonitor.index import weights as wt
from boligmonitor.index.aggregate import aggregate
from boligmonitor.index.classes import band_index, competition_rank, quantile_group, standardised
from boligmonitor.index.data import IndexData, Vintage
from boligmonitor.index.panel import Panel, build_panel
from boligmonitor.index.result import ClassOf, IndexResult, IndexRow, Method, Status
from boligmonitor.index.scores import REASONS, changes, needs_reference, score_matrix
from boligmonitor.index.spec import Classes, IndexSpec
from boligmonitor.indicators.catalogue import LABELS
from boligmonitor.rules.texts import Text, number

Matrix = NDArray[np.float64]
Vector = NDArray[np.float64]


def reference_types(spec: IndexSpec, with_alternatives: bool = False) -> set[str]:
    """The reference units (municipality, region, nation) the definition (and its alternatives) compare with."""
    norms = [spec.normalisation, *((spec.sensitivity.normalisation or []) if with_alternatives else [])]
    return {n.reference for n in norms if needs_reference(n)}


def compute_index(data: IndexData, spec: IndexSpec, year: int | None = None,
                  units: Collection[str] | None = None) -> IndexResult:
    panel = build_panel(data, spec, year, units, reference_types(spec))
    return index_from_panel(panel, spec, data.vintage())


def directions(spec: IndexSpec) -> list[int]:
    return [spec.direction(i) for i in spec.ids()]


def targets(spec: IndexSpec) -> list[float | None]:
    return [i.target for i in spec.indicators]


def resolve_weights(method: str, spec: IndexSpec, scores: Matrix, columns: list[int] | None = None
                    ) -> tuple[Vector, wt.Pca | None]:
    """Weights (summing to 1) of the indicators in ``columns`` (default: all)."""
    cols = list(range(len(spec.indicators))) if columns is None else columns
    if method == "equal":
        return wt.equal(len(cols)), None
    if method == "expert":
        return wt.expert([spec.indicators[c].weight or 0.0 for c in cols]), None
    p = wt.pca(scores[:, cols], [spec.indicators[c].id for c in cols])
    return p.weights, p


DECIMALS = 9


def settle(values: Vector) -> Vector:
    """Values rounded to 9 decimals before ranks and classes: floating-point noise (a reweighted sum of points
    giving 9.999999999999998 for 10) must never move a unit across a cut point or split a tie."""
    return np.round(values, DECIMALS)


def assign_classes(c: Classes, values: Vector, ranks: NDArray[np.int64]) -> list[ClassOf | None]:
    if c.method == "quantiles":
        assert c.count is not None
        groups = quantile_group(ranks, c.count)
        return [None if g == 0 else ClassOf(str(g), c.labels[g - 1].text() if c.labels
                                            else tx.QUANTILE_LABEL.format(group=g, count=c.count))
                for g in groups.tolist()]
    assert c.bands is not None
    v = standardised(values) if c.scale == "z" else values
    idx = band_index(v, [b.from_ for b in c.bands[1:] if b.from_ is not None])
    return [None if i < 0 else ClassOf(c.bands[i].id, c.bands[i].label.text(), c.bands[i].colour)
            for i in idx.tolist()]


def index_from_panel(panel: Panel, spec: IndexSpec, vintage: Vintage) -> IndexResult:
    ids = spec.ids()
    scores, reasons = score_matrix(panel, panel.current, spec.normalisation, directions(spec), targets(spec))
    w, pca = resolve_weights(spec.weights.method, spec, scores)
    values, coverage = aggregate(scores, w, spec.aggregation.method, spec.aggregation.p, spec.missing.rule,
                                 spec.missing.min_coverage)
    values = settle(values)
    ranks = competition_rank(values)
    classes = assign_classes(spec.classes, values, ranks)
    notes: list[Text] = []
    pca_info = None
    if pca is not None:
        pca_info = {"loadings": dict(zip(ids, pca.loadings.tolist(), strict=True)), "explained": pca.explained,
                    "units": pca.units}
        notes += [tx.NOTE["pca_against"].format(indicator=_label(ids[j])) for j in range(len(ids))
                  if pca.loadings[j] < 0]
    dyn_values: Vector | None = None
    dyn_classes: list[ClassOf | None] = [None] * len(panel.units)
    dyn_reasons = None
    if spec.dynamics is not None:
        d = spec.dynamics
        dscores, dyn_reasons = score_matrix(panel, changes(panel), d.normalisation, directions(spec), targets(spec))
        dyn_values, _ = aggregate(dscores, w, d.aggregation.method, d.aggregation.p, spec.missing.rule,
                                  spec.missing.min_coverage)
        dyn_values = settle(dyn_values)
        dyn_classes = assign_classes(d.classes, dyn_values, competition_rank(dyn_values))
    rows = []
    score_rows, input_rows = scores.tolist(), panel.current.values.tolist()  # Python floats, NaN for missing
    reason_rows = reasons.tolist()
    for i, u in enumerate(panel.units):
        missing = {ids[j]: REASONS[r] for j, r in enumerate(reason_rows[i])
                   if r != 0 and score_rows[i][j] != score_rows[i][j]}  # a reason, and no score (NaN != NaN)
        value = None if np.isnan(values[i]) else float(values[i])
        status: Status = "scored" if value is not None else "excluded" if panel.eligible[i] else "not_eligible"
        note = _note(spec, status, panel.not_eligible.get(u.unit_id), missing, float(coverage[i]))
        klass, status_class, dyn_value, dyn_class = classes[i], None, None, None
        if spec.dynamics is not None and dyn_values is not None and dyn_reasons is not None:
            status_class, dyn_class = classes[i], dyn_classes[i]
            dyn_value = None if np.isnan(dyn_values[i]) else float(dyn_values[i])
            klass = None
            if status_class is not None and dyn_class is not None:
                klass = _pair(status_class, dyn_class)
            elif status == "scored":
                gone = {ids[j]: REASONS[int(dyn_reasons[i, j])] for j in range(len(ids))
                        if dyn_reasons[i, j] != 0}
                years = f"{panel.previous_year}-{panel.year}"
                extra = tx.NOTE["no_dynamics"].format(inputs=_inputs(gone), years=years)
                note = extra if note is None else Text(f"{note.da} {extra.da}", f"{note.en} {extra.en}")
        rows.append(IndexRow(
            unit_id=u.unit_id, name=u.name, municipality_code=u.municipality_code, status=status, value=value,
            rank=int(ranks[i]) if ranks[i] > 0 else None, klass=klass,
            scores={k: None if v != v else v for k, v in zip(ids, score_rows[i], strict=True)},  # v != v: NaN
            inputs={k: None if v != v else v for k, v in zip(ids, input_rows[i], strict=True)},
            missing=missing, coverage=round(float(coverage[i]), DECIMALS) if panel.eligible[i] else 0.0, note=note,
            status_class=status_class, dynamics_value=dyn_value, dynamics_class=dyn_class))
    method = Method(spec, panel.year, vintage, dict(zip(ids, w.tolist(), strict=True)), pca_info, notes)
    return IndexResult(method, rows)


@functools.lru_cache(maxsize=256)
def _pair(status: ClassOf, dynamics: ClassOf) -> ClassOf:
    """The combined class (12 of them in Berlin's MSS), made once per pair."""
    return ClassOf(f"{status.id}.{dynamics.id}", tx.COMBINED_CLASS.format(status=status.label,
                                                                         dynamics=dynamics.label))


def _label(indicator: str) -> Text:
    da, en = LABELS.get(indicator, (indicator, indicator))
    return Text(da, en)


def _inputs(missing: dict[str, str]) -> Text:
    parts = [(_label(k), tx.MISSING_REASON[v]) for k, v in missing.items()]
    return Text("; ".join(f"{lab.da}: {why.da}" for lab, why in parts),
                "; ".join(f"{lab.en}: {why.en}" for lab, why in parts))


def _note(spec: IndexSpec, status: Status, not_eligible: Text | None, missing: dict[str, str],
          coverage: float) -> Text | None:
    if status == "not_eligible":
        return not_eligible
    if not missing:
        return None
    pct_da, pct_en = number(coverage * 100, 0, "da"), number(coverage * 100, 0, "en")
    if status == "excluded":
        if spec.missing.rule == "reweight":
            least = number(spec.missing.min_coverage * 100, 0, "en")
            return tx.NOTE["too_little"].format(inputs=_inputs(missing), pct=Text(pct_da, pct_en),
                                                min=Text(least, least))
        rule = tx.MISSING_RULE["exclude"]
        return tx.NOTE["excluded"].format(inputs=_inputs(missing), rule=rule)
    return tx.NOTE["reweighted"].format(inputs=_inputs(missing), pct=Text(pct_da, pct_en))
