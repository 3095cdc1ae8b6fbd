"""What disclosure control must know about the catalogue: every linear relation it creates, as plain data.

A :class:`Spec` is written into every bundle's manifest (``catalogue``), so the audit of a bundle needs nothing but
the bundle: which components each published cell shows, how every component is a signed sum of *scanned*
components (the counts made directly from person rows), which components partition which, and which indicator each
criterion of the law reads.

From the spec this module derives the linear algebra the audit works with:

* **families**: groups of scanned components linked by some relation (age bands, origins and educations are one
  family because residents = the bands = the origins); no relation crosses families, so each is solved alone;
* **targets**: the person groups whose counts must never be worked out when small — every count component, the
  complement of every share (denominator minus numerator), every union of parts of a partition (all subsets of the
  origin and education groups, every run of consecutive age bands);
* **directions**: elementary changes of the unknown counts (one person moving from one scanned group to another, or
  into or out of one) from which complementary suppression picks the cheapest to hide.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from boligmonitor.disclosure import field as gf


@dataclass(frozen=True)
class IndicatorSpec:
    kind: str  # count | share | mean
    numerator: str
    denominator: str | None


@dataclass(frozen=True)
class DerivedSpec:
    base: str
    window: int
    relative_to: str | None


@dataclass(frozen=True)
class Partition:
    """``total`` is exactly the sum of ``parts`` (disjoint person groups); ``ordered`` parts are age bands."""

    name: str
    total: str
    parts: tuple[str, ...]
    ordered: bool


@dataclass(frozen=True)
class Spec:
    scanned: tuple[str, ...]
    scales: dict[str, int]
    expansion: dict[str, dict[str, int]]  # every component -> {scanned component: coefficient}
    counts: frozenset[str]  # components that count persons (or full-time persons): small ones are protected
    indicators: dict[str, IndicatorSpec]
    derived: dict[str, DerivedSpec]
    partitions: tuple[Partition, ...]
    criterion_indicators: dict[str, str]
    protect_complement: bool = True

    # -- serialisation (the bundle's manifest) -------------------------------------------------------------------
    def as_dict(self) -> dict[str, Any]:
        return {
            "scanned": list(self.scanned),
            "scales": dict(sorted(self.scales.items())),
            "expansion": {c: dict(sorted(e.items())) for c, e in sorted(self.expansion.items())},
            "counts": sorted(self.counts),
            "indicators": {i: {"kind": s.kind, "numerator": s.numerator, "denominator": s.denominator}
                           for i, s in sorted(self.indicators.items())},
            "derived": {i: {"base": d.base, "window": d.window, "relative_to": d.relative_to}
                        for i, d in sorted(self.derived.items())},
            "partitions": [{"name": p.name, "total": p.total, "parts": list(p.parts), "ordered": p.ordered}
                           for p in self.partitions],
            "criterion_indicators": dict(sorted(self.criterion_indicators.items())),
            "protect_complement": self.protect_complement,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Spec:
        """Read a manifest's ``catalogue``; raises KeyError/TypeError/ValueError on a malformed one."""
        spec = cls(
            scanned=tuple(str(x) for x in d["scanned"]),
            scales={str(k): int(v) for k, v in d["scales"].items()},
            expansion={str(c): {str(k): int(v) for k, v in e.items()} for c, e in d["expansion"].items()},
            counts=frozenset(str(x) for x in d["counts"]),
            indicators={str(i): IndicatorSpec(str(s["kind"]), str(s["numerator"]),
                                              None if s["denominator"] is None else str(s["denominator"]))
                        for i, s in d["indicators"].items()},
            derived={str(i): DerivedSpec(str(s["base"]), int(s["window"]),
                                         None if s["relative_to"] is None else str(s["relative_to"]))
                     for i, s in d["derived"].items()},
            partitions=tuple(Partition(str(p["name"]), str(p["total"]), tuple(str(x) for x in p["parts"]),
                                       bool(p["ordered"])) for p in d["partitions"]),
            criterion_indicators={str(k): str(v) for k, v in d["criterion_indicators"].items()},
            protect_complement=bool(d.get("protect_complement", True)),
        )
        spec.check()
        return spec

    def check(self) -> None:
        known = set(self.scanned)
        for c, e in self.expansion.items():
            if not set(e) <= known:
                raise ValueError(f"component {c} expands into unknown scanned components {sorted(set(e) - known)}")
        for i, s in self.indicators.items():
            for used in (s.numerator, s.denominator):
                if used is not None and used not in self.expansion:
                    raise ValueError(f"indicator {i} uses unknown component {used}")
        for p in self.partitions:
            for c in (p.total, *p.parts):
                if c not in self.expansion:
                    raise ValueError(f"partition {p.name} uses unknown component {c}")

    # -- derived linear data ---------------------------------------------------------------------------------------
    @cached_property
    def linear(self) -> Linear:
        return Linear(self)

    def cell_components(self, indicator: str) -> tuple[str, ...]:
        """The components a published cell of ``indicator`` shows (numerator, and denominator if any)."""
        s = self.indicators[indicator]
        return (s.numerator,) if s.denominator is None else (s.numerator, s.denominator)

    def secret(self, indicator: str) -> str:
        """The count a suppressed cell protects: its numerator, or a mean's denominator (the persons behind it)."""
        s = self.indicators[indicator]
        if s.kind == "mean" and s.denominator is not None:
            return s.denominator
        return s.numerator


@dataclass(frozen=True)
class Target:
    """A person group whose count must not be worked out when it is small (value < minimum × ``unit``)."""

    name: str
    coefficients: dict[str, int]  # scanned component -> integer coefficient (component units)
    unit: int  # the target's value is in 1/unit persons; its threshold is minimum × unit


@dataclass
class Family:
    index: int
    components: tuple[str, ...]  # scanned components
    col: dict[str, int] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.components)


class Linear:
    """Families, vectors and targets of a spec (see the module docstring)."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        used = {c for i in spec.indicators for c in spec.cell_components(i)}
        used |= {c for p in spec.partitions for c in (p.total, *p.parts)}
        self.components = sorted(used)
        self.scanned = list(spec.scanned)
        self.scol = {c: j for j, c in enumerate(self.scanned)}
        self.families = self._families(used)
        self.family_of = {c: f.index for f in self.families for c in f.components}
        # integer expansion of every used component over all scanned components (values are exact int64 sums)
        self.expansion = {c: self._int_vector(spec.expansion[c]) for c in used}
        self.targets = self._targets(used)
        self.target_index = {t.name: i for i, t in enumerate(self.targets)}
        self.target_matrix = np.array([self._int_vector(t.coefficients) for t in self.targets], dtype=np.int64)
        self.target_unit = np.array([t.unit for t in self.targets], dtype=np.int64)
        # per family: which targets touch it and their residue vectors
        self.family_targets: list[np.ndarray] = []
        self.family_target_vectors: list[np.ndarray] = []
        for f in self.families:
            cols = [self.scol[c] for c in f.components]
            part = self.target_matrix[:, cols]
            idx = np.nonzero(np.any(part != 0, axis=1))[0]
            self.family_targets.append(idx)
            self.family_target_vectors.append(gf.reduce(part[idx]))
        self.directions = [self._directions(f) for f in self.families]

    def _int_vector(self, coefficients: dict[str, int]) -> np.ndarray:
        v = np.zeros(len(self.scanned), dtype=np.int64)
        for c, k in coefficients.items():
            v[self.scol[c]] += k
        return v

    def _families(self, used: set[str]) -> list[Family]:
        parent = {c: c for c in self.scanned}

        def find(x: str) -> str:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for c in sorted(used):
            parts = sorted(k for k, v in self.spec.expansion[c].items() if v)
            for a, b in itertools.pairwise(parts):
                parent[find(a)] = find(b)
        groups: dict[str, list[str]] = {}
        touched = {k for c in used for k, v in self.spec.expansion[c].items() if v}
        for c in self.scanned:
            if c in touched:
                groups.setdefault(find(c), []).append(c)
        fams = sorted(groups.values(), key=lambda g: self.scol[g[0]])
        return [Family(i, tuple(g), {c: j for j, c in enumerate(g)}) for i, g in enumerate(fams)]

    def family_vector(self, component: str, f: Family) -> np.ndarray:
        """The component as a residue vector over family ``f``'s scanned components (zero if it is elsewhere)."""
        v = np.zeros(f.size, dtype=np.int64)
        for c, k in self.spec.expansion[component].items():
            if c in f.col:
                v[f.col[c]] = k
        return gf.reduce(v)

    def _targets(self, used: set[str]) -> list[Target]:
        spec = self.spec
        out: dict[tuple[tuple[str, int], ...], Target] = {}

        def put(name: str, coefficients: dict[str, int], unit: int) -> None:
            coef = {c: k for c, k in coefficients.items() if k}
            key = tuple(sorted(coef.items()))
            if coef and key not in out:
                out[key] = Target(name, coef, unit)

        def scaled(component: str, factor: int) -> dict[str, int]:
            return {c: k * factor for c, k in spec.expansion[component].items()}

        for c in sorted(used & spec.counts):
            put(c, scaled(c, 1), spec.scales.get(c, 1))
        if spec.protect_complement:
            for _i, s in sorted(spec.indicators.items()):
                if s.kind != "share" or s.denominator is None:
                    continue
                sn, sd = spec.scales.get(s.numerator, 1), spec.scales.get(s.denominator, 1)
                coef = scaled(s.denominator, sn)
                for k, v in scaled(s.numerator, sd).items():
                    coef[k] = coef.get(k, 0) - v
                put(f"{s.denominator}-{s.numerator}", coef, sn * sd)
        for p in spec.partitions:
            unit = spec.scales.get(p.total, 1)
            n = len(p.parts)
            if p.ordered:
                subsets = [tuple(range(i, j)) for i in range(n) for j in range(i + 1, n + 1)]
            else:
                subsets = [s for r in range(1, n + 1) for s in itertools.combinations(range(n), r)]
            for sub in subsets:
                union: dict[str, int] = {}
                for i in sub:
                    for k, v in spec.expansion[p.parts[i]].items():
                        union[k] = union.get(k, 0) + v
                put(f"{p.name}:" + "+".join(p.parts[i] for i in sub), union, unit)
        return list(out.values())

    def _directions(self, f: Family) -> np.ndarray:
        """One person into/out of a scanned group (e_k), or from one group to another (e_k − e_l)."""
        s = f.size
        rows = [np.eye(s, dtype=np.int64)[k] for k in range(s)]
        for k, j in itertools.combinations(range(s), 2):
            v = np.zeros(s, dtype=np.int64)
            v[k], v[j] = 1, -1
            rows.append(v)
        return gf.reduce(np.array(rows, dtype=np.int64).reshape(len(rows), s))
