"""The geography of one data year as disclosure control sees it: a tree and a set of atoms.

* The **tree**: the nation is the sum of its regions, a region the sum of its municipalities (every person has a
  municipality, so these are exact).
* **Atoms**: the afdelinger of a municipality that lie in at least one area, grouped by the set of areas they lie in
  (in that year, by the membership rule valid on 31 December). Every published area is a sum of atoms. Everybody
  else in a municipality — other afdelinger, other housing — is the municipality's *rest*, which is never
  published: it absorbs any change of the atoms, so areas are tied to each other (through shared atoms) but not to
  the tree. The rest itself, and the municipality minus an area, are person groups that must not be small when
  they can be worked out.
* **Clusters**: published areas connected by shared atoms (a statutory area and the helhedsplan area around it).

Built from the registry as a bundle carries it (``registry.json``), so the pipeline and the audit of a bundle see
the same geography.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

# A cluster with at most this many atoms has every union of atoms checked; larger ones check areas, atoms and the
# pairwise differences and overlaps of areas (documented in docs/data-protection.md).
ALL_SUBSETS_UP_TO = 6


@dataclass
class Cluster:
    areas: list[str]
    atoms: list[str]
    area_atoms: dict[str, tuple[int, ...]]  # area -> indices into atoms
    groups: list[tuple[int, ...]] = field(default_factory=list)  # atom-index sets checked as person groups
    empty: tuple[int, ...] = ()  # atoms known to hold nobody (they lie in an area, or a municipality, with no rows)

    @cached_property
    def signature(self) -> tuple[int, tuple[tuple[int, ...], ...], tuple[int, ...]]:
        # a cache key looked up for every family, group and pass: built once (a cluster never changes once built)
        return len(self.atoms), tuple(self.area_atoms[a] for a in self.areas), self.empty


@dataclass
class YearGeography:
    year: int
    regions: dict[str, list[str]]  # region -> its municipalities (all of the registry's)
    atom_municipality: dict[str, str]
    afdeling_atom: dict[str, str]
    area_atoms: dict[str, list[str]]  # every area with members this year -> its atoms
    clusters: list[Cluster] = field(default_factory=list)
    _built_for: tuple[frozenset[str], frozenset[str] | None] | None = field(default=None, repr=False, compare=False)
    _within: dict[tuple[int, tuple[int, ...]], list[tuple[int, ...]]] = field(default_factory=dict, repr=False,
                                                                              compare=False)
    _mun_groups: tuple[list[Cluster], dict[str, list[tuple[int, tuple[int, ...]]]]] | None = field(
        default=None, repr=False, compare=False)

    def build_clusters(self, present_areas: set[str], present_municipalities: set[str] | None = None) -> None:
        """Connect the published areas of this year through shared atoms.

        An area of the registry that has members this year but no rows in the bundle has no residents, and neither
        has a municipality without rows: their atoms are known to be empty, which an attacker uses too.

        The protection loop asks again on every pass with the same units (hiding a cell never removes a unit):
        the clusters are then kept as they are, the same objects, so that what is cached per cluster stays valid."""
        built_for = (frozenset(present_areas),
                     None if present_municipalities is None else frozenset(present_municipalities))
        if built_for == self._built_for:
            return
        self._built_for = built_for
        self._within = {}
        by_atom: dict[str, list[str]] = defaultdict(list)
        areas = sorted(a for a in present_areas if a in self.area_atoms)
        for a in areas:
            for atom in self.area_atoms[a]:
                by_atom[atom].append(a)
        parent = {a: a for a in areas}

        def find(x: str) -> str:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for members in by_atom.values():
            for x, y in itertools.pairwise(members):
                parent[find(x)] = find(y)
        comps: dict[str, list[str]] = defaultdict(list)
        for a in areas:
            comps[find(a)].append(a)
        empty = {atom for a, atoms in self.area_atoms.items() if a not in present_areas for atom in atoms}
        if present_municipalities is not None:
            empty |= {atom for atom, mun in self.atom_municipality.items() if mun not in present_municipalities}
        self.clusters = []
        for group in sorted(comps.values()):
            atoms = sorted({atom for a in group for atom in self.area_atoms[a]})
            idx = {atom: i for i, atom in enumerate(atoms)}
            area_atoms = {a: tuple(sorted(idx[x] for x in self.area_atoms[a])) for a in group}
            self.clusters.append(Cluster(group, atoms, area_atoms, _groups(area_atoms, len(atoms)),
                                         tuple(i for i, atom in enumerate(atoms) if atom in empty)))

    def groups_within(self, cluster: int, inside: tuple[int, ...]) -> list[tuple[int, ...]]:
        """The checked groups of a cluster that lie within ``inside`` (its atoms in one municipality)."""
        key = (cluster, inside)
        got = self._within.get(key)
        if got is None:
            within = set(inside)
            got = self._within[key] = [g for g in self.clusters[cluster].groups if set(g) <= within]
        return got

    def municipality_groups(self) -> dict[str, list[tuple[int, tuple[int, ...]]]]:
        """Per municipality: (cluster index, atom indices inside the municipality) for every cluster touching it."""
        if self._mun_groups is not None and self._mun_groups[0] is self.clusters:
            return self._mun_groups[1]  # asked on every pass; the clusters have not been rebuilt since
        out: dict[str, list[tuple[int, tuple[int, ...]]]] = defaultdict(list)
        for ci, c in enumerate(self.clusters):
            by_mun: dict[str, list[int]] = defaultdict(list)
            for i, atom in enumerate(c.atoms):
                by_mun[self.atom_municipality[atom]].append(i)
            for mun, idx in by_mun.items():
                out[mun].append((ci, tuple(idx)))
        self._mun_groups = (self.clusters, out)
        return out


def _groups(area_atoms: dict[str, tuple[int, ...]], k: int) -> list[tuple[int, ...]]:
    if k <= ALL_SUBSETS_UP_TO:
        return [s for r in range(1, k + 1) for s in itertools.combinations(range(k), r)]
    sets = {frozenset(v) for v in area_atoms.values()} | {frozenset({i}) for i in range(k)}
    for a, b in itertools.combinations(area_atoms.values(), 2):
        sa, sb = frozenset(a), frozenset(b)
        sets |= {sa - sb, sb - sa, sa & sb}
    return sorted(tuple(sorted(s)) for s in sets if s)


def geography(registry: dict[str, Any], years: list[int]) -> dict[int, YearGeography]:
    """The tree and the atoms of every year, from a bundle's registry record."""
    mun_region = {str(m["municipality_code"]): str(m["region_code"]) for m in registry["municipalities"]}
    afd_mun = {a["afdeling_id"]: str(a["municipality_code"]) for a in registry["afdelinger"]}
    out: dict[int, YearGeography] = {}
    for y in years:
        day = dt.date(y, 12, 31).isoformat()
        areas_of: dict[str, set[str]] = defaultdict(set)
        for m in registry["area_members"]:
            if m["valid_from"] <= day and (m["valid_to"] is None or day <= m["valid_to"]):
                areas_of[m["afdeling_id"]].add(m["area_id"])
        out[y] = year_geography(y, mun_region, afd_mun, areas_of)
    return out


def year_geography(year: int, mun_region: dict[str, str], afd_mun: dict[str, str],
                   areas_of: dict[str, set[str]]) -> YearGeography:
    """One year's tree and atoms: ``areas_of`` maps each afdeling to the areas it lies in that year."""
    regions: dict[str, list[str]] = defaultdict(list)
    for mun, reg in sorted(mun_region.items()):
        regions[reg].append(mun)
    afdeling_atom: dict[str, str] = {}
    atom_mun: dict[str, str] = {}
    area_atoms: dict[str, set[str]] = defaultdict(set)
    for afd, areas in sorted(areas_of.items()):
        if afd not in afd_mun or not areas:
            continue
        mun = afd_mun[afd]
        atom = f"{mun}:{'+'.join(sorted(areas))}"
        afdeling_atom[afd] = atom
        atom_mun[atom] = mun
        for a in areas:
            area_atoms[a].add(atom)
    return YearGeography(year, dict(regions), atom_mun, afdeling_atom,
                         {a: sorted(v) for a, v in sorted(area_atoms.items())})
