"""What an index computation returns: one row per unit and the method that produced it, named in full."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from boligmonitor.index import texts as tx
from boligmonitor.index.data import Vintage
from boligmonitor.index.spec import IndexSpec
from boligmonitor.indicators.catalogue import LABELS
from boligmonitor.rules.texts import Text, number

Status = Literal["scored", "excluded", "not_eligible"]


@dataclass(frozen=True)
class ClassOf:
    id: str
    label: Text
    colour: str | None = None


@dataclass(frozen=True)
class IndexRow:
    unit_id: str
    name: str
    municipality_code: int | None
    status: Status
    value: float | None
    rank: int | None
    klass: ClassOf | None  # the unit's class (with dynamics: the pair status · dynamics)
    scores: dict[str, float | None]  # normalised score per indicator (None: missing)
    inputs: dict[str, float | None]  # the published value per indicator (None: suppressed or not available)
    missing: dict[str, str]  # indicator -> reason code (normalisation's REASONS)
    coverage: float  # share of the weight carried by published inputs
    note: Text | None = None
    status_class: ClassOf | None = None  # with dynamics: the status class alone
    dynamics_value: float | None = None
    dynamics_class: ClassOf | None = None


@dataclass(frozen=True)
class Method:
    """Every choice behind a result, and where its data came from."""

    spec: IndexSpec
    year: int
    vintage: Vintage
    weights: dict[str, float]
    pca: dict[str, Any] | None = None  # loadings, explained share, units (PCA weights only)
    notes: list[Text] = field(default_factory=list)

    def choices(self, lang: str) -> dict[str, str]:
        s = self.spec
        n = s.normalisation
        norm = tx.NORMALISATION[n.method].format(ref=tx.REFERENCE_UNIT[n.reference]).pick(lang)
        if n.method == "points" and n.bands:
            norm += " [" + ", ".join(f"≥ {number(b.from_, _dec(b.from_), lang)}: {number(b.points, 0, lang)}"
                                     for b in n.bands) + "]"
        agg = tx.AGGREGATION[s.aggregation.method].format(p=number(s.aggregation.p or 0, 2, lang)).pick(lang)
        c = s.classes
        classes = (tx.CLASSES["quantiles"].format(count=c.count).pick(lang) if c.method == "quantiles"
                   else tx.CLASSES["cuts_z" if c.scale == "z" else "cuts"].pick(lang))
        pct = number(s.missing.min_coverage * 100, 0, lang)
        out = {"normalisation": norm, "weights": tx.WEIGHTS[s.weights.method].pick(lang), "aggregation": agg,
               "classes": classes, "missing": tx.MISSING_RULE[s.missing.rule].format(pct=pct).pick(lang)}
        if s.dynamics is not None:
            out["dynamics"] = tx.DYNAMICS.format(years=s.dynamics.years).pick(lang)
        return out

    def text(self, lang: str) -> str:
        """One line naming the method completely enough to reproduce it (with the fingerprint)."""
        s, c = self.spec, self.choices(lang)
        parts = [f"{s.name.text().pick(lang)} [{s.id} {s.fingerprint()}]", c["normalisation"], c["weights"],
                 c["aggregation"], c["classes"], *([c["dynamics"]] if "dynamics" in c else []),
                 tx.MISSING_SHORT[s.missing.rule].format(pct=number(s.missing.min_coverage * 100, 0, lang)).pick(lang),
                 tx.DATA_YEAR.format(year=self.year).pick(lang),
                 tx.VINTAGE.format(label=self.vintage.label, rules=self.vintage.rules_version).pick(lang)]
        return "; ".join(parts)

    def as_dict(self, lang: str) -> dict[str, Any]:
        s = self.spec
        return {
            "preset": s.id, "name": s.name.text().pick(lang), "fingerprint": s.fingerprint(), "data_year": self.year,
            "vintage": self.vintage.label, "rules_version": self.vintage.rules_version,
            "code_version": self.vintage.code_version, "synthetic": self.vintage.synthetic,
            "choices": self.choices(lang), "definition": s.model_dump(mode="json", by_alias=True, exclude_none=True),
            "indicators": [{"id": i.id, "label": _label(i.id, lang), "direction": s.direction(i.id),
                            "weight": self.weights.get(i.id),
                            "stands_for": None if i.stands_for is None else i.stands_for.text().pick(lang),
                            "substitute": i.substitute} for i in s.indicators],
            "not_covered": [t.text().pick(lang) for t in s.not_covered],
            "assumptions": [t.text().pick(lang) for t in s.assumptions],
            "sources": list(s.sources), "pca": self.pca, "notes": [n.pick(lang) for n in self.notes],
            "text": self.text(lang),
        }


def _dec(x: float) -> int:
    return 0 if float(x).is_integer() else 2


def _label(indicator: str, lang: str) -> str:
    da, en = LABELS.get(indicator, (indicator, indicator))
    return en if lang == "en" else da


@dataclass(frozen=True)
class IndexResult:
    method: Method
    rows: list[IndexRow]

    def row(self, unit_id: str) -> IndexRow:
        return next(r for r in self.rows if r.unit_id == unit_id)

    def flat(self, lang: str = "da", municipality_names: dict[int, str] | None = None) -> list[dict[str, Any]]:
        """Rows for CSV/JSON/XLSX: at least area_id, value, rank, class (pinned by issue 11), then the rest."""
        names = municipality_names or {}
        key = "area_id" if self.method.spec.units == "area" else "municipality_code"
        ids = self.method.spec.ids()
        method = self.method.text(lang)
        dyn = self.method.spec.dynamics is not None
        out = []
        for r in self.rows:
            row: dict[str, Any] = {
                key: r.unit_id, "name": r.name,
                "municipality": names.get(r.municipality_code, "") if r.municipality_code is not None else "",
                "value": r.value, "rank": r.rank, "class": None if r.klass is None else r.klass.id,
                "class_label": None if r.klass is None else r.klass.label.pick(lang),
                "status": tx.STATUS[r.status].pick(lang), "coverage": r.coverage,
                "note": None if r.note is None else r.note.pick(lang),
            }
            if dyn:
                row |= {"status_class": None if r.status_class is None else r.status_class.id,
                        "dynamics_value": r.dynamics_value,
                        "dynamics_class": None if r.dynamics_class is None else r.dynamics_class.id}
            row |= {f"score.{i}": r.scores.get(i) for i in ids}
            row |= {f"input.{i}": r.inputs.get(i) for i in ids}
            row["method"] = method
            out.append(row)
        return out
