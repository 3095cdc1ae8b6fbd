"""What can be worked out from a set of published cells: exact, per data year and family.

The unknowns are the scanned counts of every unit and atom. A published cell fixes the value of its components at
its unit. A *perturbation* is a change of the unknowns that leaves every published number, and every relation of
the geography, as it is; a person group's count can be worked out exactly when every perturbation leaves it
unchanged (it is orthogonal to all of them). We compute the space of perturbations:

* per unit: ``W(u)``, the changes its own published cells do not see (the null space of its published components);
* in the tree: ``S(u)``, the changes achievable below u (a region's change must be a sum of its municipalities'),
  and ``F(u)``, those that can also be balanced above it (by the parent, or by siblings that can absorb them);
* in a cluster of areas sharing atoms: the changes of the atoms that no area sees (every area's sum of atom changes
  in its W); each municipality's rest absorbs any change of its atoms, so clusters are independent of the tree.

Subspaces depend only on which components are published (the *pattern*), so they are cached by pattern: a year with
a few hundred areas has only a handful of distinct patterns.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from boligmonitor.disclosure import field as gf
from boligmonitor.disclosure.geography import Cluster, YearGeography
from boligmonitor.disclosure.spec import Family, Linear

Unit = tuple[str, str]  # (unit_type, unit_id)
Pattern = frozenset[str]  # the components a unit publishes (in a year)


class Spaces:
    """Cached per-family subspaces keyed by pattern (shared by every year and every pass)."""

    def __init__(self, lin: Linear) -> None:
        self.lin = lin
        self._split: dict[Pattern, tuple[Pattern, ...]] = {}
        self._w: dict[tuple[int, Pattern], np.ndarray] = {}
        self._vectors: dict[tuple[int, str], np.ndarray] = {}
        self._fams_of = {c: {f.index for f in lin.families if np.any(lin.family_vector(c, f))}
                         for c in lin.components}
        self.cluster_cache: dict[tuple[object, ...], np.ndarray] = {}
        # per (year, family): the last knowledge's family patterns, its block, and the clusters it was built on
        self.blocks: dict[tuple[int, int], tuple[dict[Unit, Pattern], Block, list[Cluster]]] = {}
        # per year: the tree spaces (F per family) the last knowledge had, and its answers for tree units
        self.tree_answers: dict[int, tuple[list[dict[Unit, np.ndarray]], dict[Unit, np.ndarray]]] = {}
        self._det: dict[tuple[int, bytes, tuple[int, ...]], np.ndarray] = {}
        self.det_alone: dict[Pattern, np.ndarray] = {}  # determinability of a unit that only its own cells tie
        self.det_atoms: dict[tuple[int, tuple[int, ...]], np.ndarray] = {}
        # a cluster's shape and its areas' patterns, numbered: hashing the nested key once per cluster and
        # knowledge instead of once per question
        self.cluster_ids: dict[tuple[object, ...], int] = {}
        self.det_within: dict[tuple[int, tuple[int, ...]], np.ndarray] = {}

    def determined(self, fi: int, space: np.ndarray) -> np.ndarray:
        """For each target touching family fi: orthogonal to every change in ``space`` (canonical)?"""
        key = (fi, space.tobytes(), space.shape)
        got = self._det.get(key)
        if got is None:
            got = gf.orthogonal(space, self.lin.family_target_vectors[fi])
            self._det[key] = got
        return got

    def split(self, pattern: Pattern) -> tuple[Pattern, ...]:
        """The pattern restricted to each family."""
        got = self._split.get(pattern)
        if got is None:
            per: list[set[str]] = [set() for _ in self.lin.families]
            for c in pattern:
                for f in self._fams_of.get(c, ()):
                    per[f].add(c)
            got = tuple(frozenset(s) for s in per)
            self._split[pattern] = got
        return got

    def vector(self, f: Family, component: str) -> np.ndarray:
        key = (f.index, component)
        v = self._vectors.get(key)
        if v is None:
            v = self.lin.family_vector(component, f)
            self._vectors[key] = v
        return v

    def published(self, f: Family, pattern_f: Pattern) -> np.ndarray:
        """The published components of a family pattern as residue rows (for fixes: who sees a direction)."""
        comps = sorted(pattern_f)
        if not comps:
            return np.zeros((0, f.size), dtype=np.int64)
        return np.array([self.vector(f, c) for c in comps], dtype=np.int64)

    def w(self, f: Family, pattern_f: Pattern) -> np.ndarray:
        key = (f.index, pattern_f)
        got = self._w.get(key)
        if got is None:
            got = gf.nullspace(self.published(f, pattern_f), f.size)
            self._w[key] = got
        return got


@dataclass
class Block:
    """One family in one year: every unit's W, the tree's S and F, each cluster's atom perturbations."""

    family: Family
    w: dict[Unit, np.ndarray]
    s: dict[Unit, np.ndarray] = field(default_factory=dict)
    f: dict[Unit, np.ndarray] = field(default_factory=dict)
    below: dict[Unit, np.ndarray] = field(default_factory=dict)  # the sum of the children's S (regions, nation)
    absorb: dict[Unit, np.ndarray] = field(default_factory=dict)  # F(parent) + the siblings' S
    atoms: list[np.ndarray] = field(default_factory=list)  # per cluster: (d × k·s) feasible atom perturbations


class YearKnowledge:
    """Determinability of every person group of one data year."""

    def __init__(self, spaces: Spaces, geo: YearGeography, patterns: dict[Unit, Pattern]) -> None:
        self.spaces = spaces
        self.lin = spaces.lin
        self.geo = geo
        self.patterns = patterns
        self.present_municipalities = {u[1] for u in patterns if u[0] == "municipality"}
        self.regions = {r: [m for m in ms if m in self.present_municipalities]
                        for r, ms in geo.regions.items() if ("region", r) in patterns}
        self.region_of = {m: r for r, ms in self.regions.items() for m in ms}
        geo.build_clusters({u[1] for u in patterns if u[0] == "area"}, self.present_municipalities)
        self.cluster_of = {a: ci for ci, c in enumerate(geo.clusters) for a in c.areas}
        self._cluster_keys: dict[int, int] = {}
        splits = {u: self.spaces.split(p) for u, p in patterns.items()}
        self.blocks = [self._block(f, {u: sp[f.index] for u, sp in splits.items()}) for f in self.lin.families]
        # Whether a tree unit's count can be worked out rests on the tree's spaces only: while no family's tree
        # changed since this year's last knowledge (the protection loop's next pass), the answers carry over.
        last = self.spaces.tree_answers.get(geo.year)
        if last is not None and all(a is b.f for a, b in zip(last[0], self.blocks, strict=True)):
            self._memo_unit: dict[Unit, np.ndarray] = last[1]
        else:
            self._memo_unit = {}
            self.spaces.tree_answers[geo.year] = ([b.f for b in self.blocks], self._memo_unit)

    # -- building ------------------------------------------------------------------------------------------------
    def _block(self, f: Family, split: dict[Unit, Pattern]) -> Block:
        """The family's spaces, rebuilt only where a unit's pattern changed since this year's last knowledge (the
        protection loop hides a few cells per pass; the geography's clusters are then the same objects)."""
        key = (self.geo.year, f.index)
        cached = self.spaces.blocks.get(key)
        if cached is None or cached[0].keys() != split.keys() or cached[2] is not self.geo.clusters:
            return self._new_block(f, split)
        old_split, old, _clusters = cached
        changed = [u for u, pf in split.items() if old_split[u] is not pf and old_split[u] != pf]
        if not changed:
            return old  # nothing of this family changed in this year since the last pass
        w = dict(old.w)
        for u in changed:
            w[u] = self.spaces.w(f, split[u])
        b = Block(f, w)
        if any(u[0] != "area" for u in changed):
            self._tree(b, split)
        else:  # only areas changed: the tree's spaces are those of the last pass (areas are not in the tree)
            b.s, b.f, b.below, b.absorb = old.s, old.f, old.below, old.absorb
        redo = {self.cluster_of[u[1]] for u in changed if u[0] == "area"}
        b.atoms = [self._cluster_space(f, c, split) if ci in redo else old.atoms[ci]
                   for ci, c in enumerate(self.geo.clusters)]
        self.spaces.blocks[key] = (split, b, self.geo.clusters)
        return b

    def _new_block(self, f: Family, split: dict[Unit, Pattern]) -> Block:
        b = Block(f, {u: self.spaces.w(f, pf) for u, pf in split.items()})
        self._tree(b, split)
        b.atoms = [self._cluster_space(f, c, split) for c in self.geo.clusters]
        self.spaces.blocks[(self.geo.year, f.index)] = (split, b, self.geo.clusters)
        return b

    def _tree(self, b: Block, split: dict[Unit, Pattern]) -> None:
        n = b.family.size
        tree_units = [u for u in self.patterns if u[0] != "area"]
        if len({split[u] for u in tree_units}) <= 1:
            # every tree unit publishes the same: nothing is hidden higher up than anywhere else, F = W
            for u in tree_units:
                b.s[u] = b.f[u] = b.below[u] = b.absorb[u] = b.w[u]
            return
        nation = ("nation", "DK")
        for r, muns in self.regions.items():
            for m in muns:
                b.s[("municipality", m)] = b.w[("municipality", m)]
            b.below[("region", r)] = gf.add(*(b.s[("municipality", m)] for m in muns), n=n)
            b.s[("region", r)] = gf.intersect(b.w[("region", r)], b.below[("region", r)], n)
        if nation in self.patterns:
            b.below[nation] = gf.add(*(b.s[("region", r)] for r in self.regions), n=n)
            b.s[nation] = b.f[nation] = gf.intersect(b.w[nation], b.below[nation], n)
            top = b.f[nation]
        else:
            top = np.zeros((0, n), dtype=np.int64)
        regions = list(self.regions)
        for r, others in zip(regions, _others([b.s[("region", x)] for x in regions], n), strict=True):
            b.absorb[("region", r)] = gf.add(top, others, n=n)
            b.f[("region", r)] = gf.intersect(b.s[("region", r)], b.absorb[("region", r)], n)
        for r, muns in self.regions.items():
            above = b.f[("region", r)]
            units = [("municipality", m) for m in muns]
            for u, others in zip(units, _others([b.s[x] for x in units], n), strict=True):
                b.absorb[u] = gf.add(above, others, n=n)
                b.f[u] = gf.intersect(b.s[u], b.absorb[u], n)

    def _cluster_space(self, f: Family, c: Cluster, split: dict[Unit, Pattern]) -> np.ndarray:
        patterns = tuple(split[("area", a)] for a in c.areas)
        if len(c.atoms) == 1 and len(c.areas) == 1 and not c.empty:
            return self.spaces.w(f, patterns[0])
        key = (f.index, c.signature, patterns)
        got = self.spaces.cluster_cache.get(key)
        if got is None:
            got = self._cluster_nullspace(f, c, patterns)
            self.spaces.cluster_cache[key] = got
        return got

    def _cluster_nullspace(self, f: Family, c: Cluster, patterns: tuple[Pattern, ...]) -> np.ndarray:
        s, k = f.size, len(c.atoms)
        rows = []
        for a, pattern in zip(c.areas, patterns, strict=True):
            pub = self.spaces.published(f, pattern)
            for vec in pub:
                row = np.zeros(k * s, dtype=np.int64)
                for i in c.area_atoms[a]:
                    row[i * s:(i + 1) * s] = vec
                rows.append(row)
        for i in c.empty:  # nobody lives there: no change at all
            for j in range(s):
                row = np.zeros(k * s, dtype=np.int64)
                row[i * s + j] = 1
                rows.append(row)
        if not rows:
            return np.eye(k * s, dtype=np.int64)
        return gf.nullspace(np.array(rows, dtype=np.int64), k * s)

    # -- questions -----------------------------------------------------------------------------------------------
    def tree_space(self, fi: int, unit: Unit) -> np.ndarray:
        return self.blocks[fi].f[unit]

    def group_space(self, fi: int, cluster: int, atoms: tuple[int, ...]) -> np.ndarray:
        """Achievable changes of the sum over ``atoms`` of a cluster (rows, possibly dependent)."""
        b = self.blocks[fi]
        s = b.family.size
        feas = b.atoms[cluster]
        if feas.shape[0] == 0:
            return np.zeros((0, s), dtype=np.int64)
        out = np.zeros((feas.shape[0], s), dtype=np.int64)
        for i in atoms:
            out = out + feas[:, i * s:(i + 1) * s]
        return gf.reduce(out)

    def _determined(self, space_of: object) -> np.ndarray:
        lin = self.lin
        out = np.ones(len(lin.targets), dtype=bool)
        for f in lin.families:
            idx = lin.family_targets[f.index]
            if idx.size == 0:
                continue
            space = gf.basis(space_of(f.index), f.size)  # type: ignore[operator]
            out[idx] &= self.spaces.determined(f.index, space)
        return out

    def determined_unit(self, unit: Unit) -> np.ndarray:
        """For every target: can its count be worked out for this unit?"""
        if self._alone(unit):
            # Nothing but the unit's own cells counts: the answer depends on its pattern only (most units).
            pattern = self.patterns[unit]
            got = self.spaces.det_alone.get(pattern)
            if got is None:
                got = self._determined(lambda fi: self.spaces.w(self.lin.families[fi],
                                                                self.spaces.split(pattern)[fi]))
                self.spaces.det_alone[pattern] = got
            return got
        if unit[0] == "area":
            ci = self.cluster_of[unit[1]]
            return self.determined_atoms(ci, self.geo.clusters[ci].area_atoms[unit[1]])
        got = self._memo_unit.get(unit)
        if got is None:
            got = self._determined(lambda fi: self.tree_space(fi, unit))
            self._memo_unit[unit] = got
        return got

    def _alone(self, unit: Unit) -> bool:
        if unit[0] == "area":
            c = self.geo.clusters[self.cluster_of[unit[1]]]
            return len(c.areas) == 1 and len(c.atoms) == 1 and not c.empty
        return all(b.f[unit] is b.w[unit] for b in self.blocks)

    def determined_groups(self, cluster: int, inside: tuple[int, ...],
                          groups: list[tuple[int, ...]]) -> np.ndarray:
        """``determined_atoms`` of each of ``groups`` (those within ``inside``), stacked (groups × targets)."""
        self.determined_atoms(cluster, groups[0])  # numbers the cluster's shape
        key = (self._cluster_keys[cluster], inside)
        got = self.spaces.det_within.get(key)
        if got is None:
            got = self.spaces.det_within[key] = np.array([self.determined_atoms(cluster, g) for g in groups])
        return got

    def determined_atoms(self, cluster: int, atoms: tuple[int, ...]) -> np.ndarray:
        # the same cluster shape with the same patterns answers the same, in any year and pass
        ck = self._cluster_keys.get(cluster)
        if ck is None:
            c = self.geo.clusters[cluster]
            shape = (c.signature, tuple(self.patterns[("area", a)] for a in c.areas))
            ck = self._cluster_keys[cluster] = self.spaces.cluster_ids.setdefault(shape, len(self.spaces.cluster_ids))
        key = (ck, atoms)
        got = self.spaces.det_atoms.get(key)
        if got is None:
            got = self._determined(lambda fi: self.group_space(fi, cluster, atoms))
            self.spaces.det_atoms[key] = got
        return got


def _others(spaces: list[np.ndarray], n: int) -> list[np.ndarray]:
    """For each i: the sum of all spaces but the i-th. Spaces are canonical, so siblings that publish alike share
    one space; the sum depends only on which distinct spaces the others hold."""
    ids: dict[bytes, int] = {}
    distinct: list[np.ndarray] = []
    of: list[int] = []
    for sp in spaces:
        key = sp.tobytes() + bytes(str(sp.shape), "ascii")
        if key not in ids:
            ids[key] = len(distinct)
            distinct.append(sp)
        of.append(ids[key])
    count = [of.count(i) for i in range(len(distinct))]
    memo: dict[frozenset[int], np.ndarray] = {}
    out = []
    for i in of:
        keep = frozenset(j for j in range(len(distinct)) if j != i or count[j] > 1)
        got = memo.get(keep)
        if got is None:
            got = gf.add(*(distinct[j] for j in sorted(keep)), n=n) if keep else np.zeros((0, n), dtype=np.int64)
            memo[keep] = got
        out.append(got)
    return out
