"""Find every way the published cells of one year give away a small group, or a suppressed cell.

Three kinds of finding, for every unit and every person group the geography defines (areas, unions of their atoms,
a municipality minus the areas in it), and every target of the spec:

* ``suppressed_cell``: a suppressed cell whose protected count can be worked out exactly (any value, zero included);
* ``small_group``: a person group whose count can be worked out and is below the minimum (zero included; a group
  with no residents at all is empty, not small);
* ``small_remainder``: a parent (nation, region) whose children that cannot be worked out add up to less than the
  minimum — each hidden child is then known to be small.

The values come from a :class:`Values` source: the true counts inside the pipeline, or in the audit of a bundle the
values an attacker computes from the published cells (:mod:`boligmonitor.disclosure.solve`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from boligmonitor.disclosure.knowledge import Unit, YearKnowledge
from boligmonitor.disclosure.spec import Spec


class Values(Protocol):
    """Per target, a group's count in the target's units (float64; NaN where it cannot be known)."""

    def unit(self, year: int, unit: Unit) -> np.ndarray: ...

    def atoms(self, year: int, cluster: int, atoms: tuple[int, ...]) -> np.ndarray: ...


@dataclass(frozen=True)
class Group:
    """A person group: a published unit, a union of atoms of a cluster, or a municipality minus area parts."""

    kind: str  # unit | atoms | minus
    unit: Unit = ("", "")
    cluster: int = -1
    atoms: tuple[int, ...] = ()
    parts: tuple[tuple[int, tuple[int, ...]], ...] = ()  # for minus: (cluster, atoms inside the municipality)

    @property
    def municipality(self) -> str:
        return self.unit[1]


@dataclass(frozen=True)
class Finding:
    kind: str  # suppressed_cell | small_group | small_remainder
    year: int
    group: Group
    target: int  # index into Linear.targets
    value: float | None  # the count that can be worked out, in persons (None: not computed)
    indicator: str | None = None  # for suppressed_cell: the cell's indicator
    children: tuple[Unit, ...] = ()  # for small_remainder: the hidden children

    def describe(self, spec: Spec, cluster_areas: list[list[str]] | None = None, with_value: bool = False) -> str:
        t = spec.linear.targets[self.target].name
        where = describe_group(self.group, cluster_areas)
        val = f" = {self.value:g}" if with_value and self.value is not None else ""
        if self.kind == "suppressed_cell":
            return f"{self.year} {where}: suppressed {self.indicator} can be worked out ({t}{val})"
        if self.kind == "small_remainder":
            kids = ", ".join(f"{u[0]} {u[1]}" for u in self.children)
            return f"{self.year} {where} minus its published parts: {t}{val} for {kids}"
        return f"{self.year} {where}: {t}{val} can be worked out"


def describe_group(group: Group, cluster_areas: list[list[str]] | None = None) -> str:
    if group.kind == "unit":
        return f"{group.unit[0]} {group.unit[1]}"
    if group.kind == "atoms":
        areas = f" of areas {'/'.join(cluster_areas[group.cluster])}" if cluster_areas else ""
        return f"afdeling group {group.atoms}{areas}"
    return f"municipality {group.municipality} minus area part(s) {group.parts}"


class Checker:
    """The findings of one year (shared by the pipeline's protection loop and the audit of a bundle)."""

    def __init__(self, spec: Spec, minimum: int) -> None:
        self.spec = spec
        self.lin = spec.linear
        self.minimum = minimum
        self.threshold = minimum * self.lin.target_unit
        self.residents = self.lin.target_index.get("residents")
        self.secret_target = {i: self._component_target(spec.secret(i)) for i in spec.indicators}

    def _component_target(self, component: str) -> int | None:
        vec = self.lin.expansion[component]
        for i, row in enumerate(self.lin.target_matrix):
            if np.array_equal(row, vec):
                return i
        return None

    def _small(self, det: np.ndarray, value: np.ndarray) -> np.ndarray:
        if self.residents is not None and det[self.residents] and value[self.residents] == 0:
            return np.zeros_like(det)  # an empty group holds nobody to protect
        return det & (value < self.threshold)

    def year(self, k: YearKnowledge, year: int, hidden: dict[Unit, list[str]], values: Values) -> list[Finding]:
        """``hidden``: per present unit, the indicators of its suppressed (present) cells."""
        out: list[Finding] = []
        det: dict[Unit, np.ndarray] = {u: k.determined_unit(u) for u in sorted(k.patterns)}
        val: dict[Unit, np.ndarray] = {u: values.unit(year, u) for u in det}
        unit_scale = self.lin.target_unit
        for u in sorted(det):
            group = Group("unit", u)
            for ind in hidden.get(u, ()):
                secret = self.secret_target.get(ind)
                if secret is not None and det[u][secret]:
                    out.append(Finding("suppressed_cell", year, group, secret,
                                       _persons(val[u][secret], unit_scale[secret]), ind))
            for t in np.nonzero(self._small(det[u], val[u]))[0]:
                out.append(Finding("small_group", year, group, int(t), _persons(val[u][t], unit_scale[t])))
        values = _YearMemo(values)  # the groups of a cluster are asked for by clusters and municipalities alike
        out += self._clusters(k, year, values)
        out += self._municipalities(k, year, det, val, values)
        out += self._remainders(k, year, det, val)
        return out

    def _clusters(self, k: YearKnowledge, year: int, values: Values) -> list[Finding]:
        out = []
        for ci, c in enumerate(k.geo.clusters):
            own = set(c.area_atoms.values())
            for atoms in c.groups:
                if atoms in own:
                    continue  # the area itself, checked as a unit
                det = k.determined_atoms(ci, atoms)
                if not det.any():
                    continue
                v = values.atoms(year, ci, atoms)
                for t in np.nonzero(self._small(det, v))[0]:
                    out.append(Finding("small_group", year, Group("atoms", cluster=ci, atoms=atoms), int(t),
                                       _persons(v[t], self.lin.target_unit[t])))
        return out

    def _municipalities(self, k: YearKnowledge, year: int, det: dict[Unit, np.ndarray],
                        val: dict[Unit, np.ndarray], values: Values) -> list[Finding]:
        """The municipality minus any union of area atoms inside it that can be worked out.

        Counts are never negative, so for each target the smallest such difference takes, from every cluster
        touching the municipality, the largest part of it that can be worked out (or nothing): if even that
        difference is not small, none is."""
        out = []
        n = len(self.lin.targets)
        for mun, parts in sorted(k.geo.municipality_groups().items()):
            m = ("municipality", mun)
            if m not in det or not det[m].any():
                continue
            taken = np.zeros(n)
            picks: list[tuple[int, list[tuple[int, ...]], np.ndarray]] = []
            for ci, inside in parts:
                groups = k.geo.groups_within(ci, inside)
                dets = k.determined_groups(ci, inside, groups)
                vals = np.array([values.atoms(year, ci, g) for g in groups])
                worked_out = np.where(dets, vals, 0.0)
                best = worked_out.max(axis=0)
                taken += np.maximum(best, 0.0)
                picks.append((ci, groups, np.where(best > 0, worked_out.argmax(axis=0), -1)))
            rest = val[m] - taken
            for t in np.nonzero(det[m] & (rest < self.threshold))[0]:
                chosen = [(ci, groups[int(pick[t])]) for ci, groups, pick in picks if pick[t] >= 0]
                if not chosen:
                    continue  # the municipality itself, checked as a unit
                if self.residents is not None and self._empty(k, year, m, chosen, val, values):
                    continue
                out.append(Finding("small_group", year, Group("minus", m, parts=tuple(chosen)), int(t),
                                   _persons(rest[t], self.lin.target_unit[t])))
        return out

    def _empty(self, k: YearKnowledge, year: int, m: Unit, parts: list[tuple[int, tuple[int, ...]]],
               val: dict[Unit, np.ndarray], values: Values) -> bool:
        """Does the municipality minus these parts hold nobody (as far as can be worked out)?"""
        r = self.residents
        assert r is not None
        residents = val[m][r]
        for ci, g in parts:
            if not k.determined_atoms(ci, g)[r]:
                return False
            residents -= values.atoms(year, ci, g)[r]
        return bool(residents == 0)

    def _remainders(self, k: YearKnowledge, year: int, det: dict[Unit, np.ndarray],
                    val: dict[Unit, np.ndarray]) -> list[Finding]:
        out = []
        parents: list[tuple[Unit, list[Unit]]] = [
            (("region", r), [("municipality", m) for m in ms]) for r, ms in k.regions.items()]
        if ("nation", "DK") in det:
            parents.append((("nation", "DK"), [("region", r) for r in k.regions]))
        for parent, kids in parents:
            hidden = np.zeros((len(kids), len(self.lin.targets)), dtype=bool)
            rest = val[parent].copy()
            for i, kid in enumerate(kids):
                hidden[i] = ~det[kid]
                rest = rest - np.where(hidden[i], 0.0, val[kid])
            n_hidden = hidden.sum(axis=0)
            bad = det[parent] & (n_hidden >= 2) & (rest < self.threshold)
            for t in np.nonzero(bad)[0]:
                kids_t = tuple(kid for i, kid in enumerate(kids) if hidden[i, t])
                out.append(Finding("small_remainder", year, Group("unit", parent), int(t),
                                   _persons(rest[t], self.lin.target_unit[t]), children=kids_t))
        return out


class _YearMemo:
    """A :class:`Values` source that remembers the atom groups of one year's check (the arrays are not changed
    by the checker, so handing out the same one twice is safe)."""

    def __init__(self, values: Values) -> None:
        self.values = values
        self.memo: dict[tuple[int, int, tuple[int, ...]], np.ndarray] = {}

    def unit(self, year: int, unit: Unit) -> np.ndarray:
        return self.values.unit(year, unit)

    def atoms(self, year: int, cluster: int, atoms: tuple[int, ...]) -> np.ndarray:
        key = (year, cluster, atoms)
        got = self.memo.get(key)
        if got is None:
            got = self.memo[key] = self.values.atoms(year, cluster, atoms)
        return got


def _persons(value: Any, unit: Any) -> float | None:
    v = float(value)
    return None if np.isnan(v) else v / float(unit)
