"""The attacker's arithmetic: the counts that published cells give away, computed from the published cells only.

Structural questions (what can be worked out) are answered exactly by :mod:`boligmonitor.disclosure.knowledge`.
Here we need the *values* of what can be worked out, to tell a small group from a large one. Any set of unknown
counts consistent with every published cell and every relation gives the same value for a group that can be worked
out, so one consistent solution is enough: per unit the least-squares solution of its own published components,
tied together in the tree (parent = sum of children) where the tree adds knowledge, and per cluster of areas the
solution for its atoms. Counts are integers in component units, so values are rounded to the nearest integer.

A bundle whose published cells contradict each other (a component shown twice with two values, or a parent that is
not the sum of its children) has no consistent solution; that is reported as such.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from boligmonitor.disclosure import field as gf
from boligmonitor.disclosure.knowledge import Unit, YearKnowledge
from boligmonitor.disclosure.spec import Spec

TOLERANCE = 1e-6  # relative residual above which published cells are called inconsistent


def _lstsq(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, float]:
    if a.shape[0] == 0:
        return np.zeros(a.shape[1]), 0.0
    x, *_ = np.linalg.lstsq(a, b, rcond=None)
    resid = float(np.max(np.abs(a @ x - b))) if b.size else 0.0
    return x, resid / max(1.0, float(np.max(np.abs(b))) if b.size else 1.0)


def _null(a: np.ndarray, n: int) -> np.ndarray:
    """An orthonormal basis (columns) of the null space of a (float)."""
    if a.shape[0] == 0:
        return np.eye(n)
    _u, s, vt = np.linalg.svd(a, full_matrices=True)
    rank = int(np.sum(s > 1e-9 * max(1.0, float(s[0]) if s.size else 1.0)))
    return np.asarray(vt[rank:].T)


@dataclass
class Published:
    """Per present unit of one year: the published components and their values (component units)."""

    values: dict[Unit, dict[str, float]]
    conflicts: list[str] = field(default_factory=list)


class AttackerValues:
    """:class:`~boligmonitor.disclosure.check.Values` computed from published cells only."""

    def __init__(self, spec: Spec, published: dict[int, Published], knowledge: dict[int, YearKnowledge]) -> None:
        self.spec = spec
        self.lin = spec.linear
        self.published = published
        self.knowledge = knowledge
        self.inconsistent: list[str] = []
        self._units: dict[int, dict[Unit, np.ndarray]] = {}
        self._atoms: dict[tuple[int, int], np.ndarray] = {}
        self._patterns: dict[tuple[int, frozenset[str]], tuple[list[str], np.ndarray, np.ndarray, np.ndarray]] = {}
        self._clusters: dict[tuple[object, ...], tuple[np.ndarray, np.ndarray]] = {}
        self.targets_t = self.lin.target_matrix.T.astype(np.float64)

    # -- one year's solution ----------------------------------------------------------------------------------------
    def _pattern(self, fi: int, pattern_f: frozenset[str]) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
        """(components, their rows over the family, pseudo-inverse, null-space basis) of a family pattern."""
        key = (fi, pattern_f)
        got = self._patterns.get(key)
        if got is None:
            fam = self.lin.families[fi]
            cols = [self.lin.scol[c] for c in fam.components]
            comps = sorted(c for c in pattern_f if np.any(self.lin.expansion[c][cols]))
            a = np.array([self.lin.expansion[c][cols] for c in comps], dtype=np.float64).reshape(len(comps), len(cols))
            pinv = np.linalg.pinv(a) if comps else np.zeros((len(cols), 0))
            got = (comps, a, pinv, _null(a, len(cols)))
            self._patterns[key] = got
        return got

    def _solve_year(self, year: int) -> dict[Unit, np.ndarray]:
        k = self.knowledge[year]
        units = sorted(k.patterns)
        pub = self.published[year].values
        x = {u: np.zeros(len(self.lin.scanned)) for u in units}
        for fam in self.lin.families:
            cols = [self.lin.scol[c] for c in fam.components]
            by_pattern: dict[frozenset[str], list[Unit]] = {}
            for u in units:
                by_pattern.setdefault(k.spaces.split(k.patterns[u])[fam.index], []).append(u)
            local: dict[Unit, tuple[np.ndarray, np.ndarray]] = {}
            for pattern, group in by_pattern.items():
                comps, a, pinv, null = self._pattern(fam.index, pattern)
                b = np.array([[pub.get(u, {})[c] for c in comps] for u in group], dtype=np.float64)
                b = b.reshape(len(group), len(comps))
                x0 = b @ pinv.T
                if comps:
                    resid = np.max(np.abs(x0 @ a.T - b), axis=1) / np.maximum(1.0, np.max(np.abs(b), axis=1))
                    for u in np.array(group, dtype=object)[resid > TOLERANCE]:
                        self.inconsistent.append(f"{year} {u[0]} {u[1]}: its published cells contradict each other")
                for u, row in zip(group, x0, strict=True):
                    local[u] = (row, null)
            if self._tree_adds_knowledge(k, fam.index):
                self._tie_tree(k, year, local, cols)
            for u in units:
                x[u][cols] = local[u][0]
        return x

    def _tree_adds_knowledge(self, k: YearKnowledge, fi: int) -> bool:
        """Does the tree pin down anything a tree unit's own cells do not? Only then are units solved together."""
        b = k.blocks[fi]
        n = b.family.size
        return any(not np.array_equal(k.spaces.determined(fi, gf.basis(b.f[u], n)),
                                      k.spaces.determined(fi, gf.basis(b.w[u], n)))
                   for u in b.f)

    def _tie_tree(self, k: YearKnowledge, year: int, local: dict[Unit, tuple[np.ndarray, np.ndarray]],
                  cols: list[int]) -> None:
        """Move each tree unit within its own unseen directions so that parents are the sums of children."""
        n = len(cols)
        tree = [u for u in sorted(local) if u[0] != "area"]
        basis = {u: local[u][1] for u in tree}
        offset: dict[Unit, int] = {}
        total = 0
        for u in tree:
            offset[u] = total
            total += basis[u].shape[1]
        parents: list[tuple[Unit, list[Unit]]] = [
            (("region", r), [("municipality", m) for m in ms]) for r, ms in k.regions.items()]
        if ("nation", "DK") in local:
            parents.append((("nation", "DK"), [("region", r) for r in k.regions]))
        rows, rhs = [], []
        for p, kids in parents:
            block = np.zeros((n, total))
            block[:, offset[p]:offset[p] + basis[p].shape[1]] = basis[p]
            diff = -local[p][0].copy()
            for c in kids:
                block[:, offset[c]:offset[c] + basis[c].shape[1]] -= basis[c]
                diff += local[c][0]
            rows.append(block)
            rhs.append(diff)
        if not rows or total == 0:
            return
        a = np.vstack(rows)
        b = np.concatenate(rhs)
        z, resid = _lstsq(a, b)
        if resid > TOLERANCE:
            self.inconsistent.append(f"{year}: a region or the nation is not the sum of its parts")
        for u in tree:
            x0, pub = local[u]
            local[u] = (x0 + basis[u] @ z[offset[u]:offset[u] + basis[u].shape[1]], pub)

    def _cluster_system(self, fi: int, signature: object, areas: list[str], area_atoms: dict[str, tuple[int, ...]],
                        empty: tuple[int, ...], patterns: tuple[frozenset[str], ...],
                        n: int) -> tuple[np.ndarray, np.ndarray]:
        key = (fi, signature, patterns)
        got = self._clusters.get(key)
        if got is None:
            k = len({i for v in area_atoms.values() for i in v})
            blocks = []
            for a, pattern in zip(areas, patterns, strict=True):
                pa = self._pattern(fi, pattern)[1]
                row = np.zeros((pa.shape[0], k * n))
                for i in area_atoms[a]:
                    row[:, i * n:(i + 1) * n] = pa
                blocks.append(row)
            for i in empty:
                zero = np.zeros((n, k * n))
                zero[:, i * n:(i + 1) * n] = np.eye(n)
                blocks.append(zero)
            a_mat = np.vstack(blocks) if blocks else np.zeros((0, k * n))
            got = (a_mat, np.linalg.pinv(a_mat) if a_mat.shape[0] else np.zeros((k * n, 0)))
            self._clusters[key] = got
        return got

    # -- the Values protocol ----------------------------------------------------------------------------------------
    def unit(self, year: int, unit: Unit) -> np.ndarray:
        if year not in self._units:
            self._units[year] = self._solve_year(year)
        return np.rint(self._units[year][unit] @ self.targets_t)

    def atoms(self, year: int, cluster: int, atoms: tuple[int, ...]) -> np.ndarray:
        key = (year, cluster)
        sol = self._atoms.get(key)
        k = self.knowledge[year]
        c = k.geo.clusters[cluster]
        s_total = len(self.lin.scanned)
        if sol is None:
            sol = np.zeros((len(c.atoms), s_total))
            for fam in self.lin.families:
                cols = [self.lin.scol[x] for x in fam.components]
                n = len(cols)
                patterns = tuple(k.spaces.split(k.patterns[("area", a)])[fam.index] for a in c.areas)
                a_mat, pinv = self._cluster_system(fam.index, c.signature, c.areas, c.area_atoms, c.empty, patterns, n)
                rhs = []
                for a, pattern in zip(c.areas, patterns, strict=True):
                    comps = self._pattern(fam.index, pattern)[0]
                    values = self.published[year].values.get(("area", a), {})
                    rhs += [values[x] for x in comps]
                rhs += [0.0] * (len(c.empty) * n)
                b = np.array(rhs, dtype=np.float64)
                z = pinv @ b
                if b.size and float(np.max(np.abs(a_mat @ z - b))) > TOLERANCE * max(1.0, float(np.max(np.abs(b)))):
                    self.inconsistent.append(f"{year} areas {'/'.join(c.areas)}: their published cells contradict")
                for i in range(len(c.atoms)):
                    sol[i, cols] = z[i * n:(i + 1) * n]
            self._atoms[key] = sol
        return np.asarray(np.rint(sol[list(atoms)].sum(axis=0) @ self.targets_t))
