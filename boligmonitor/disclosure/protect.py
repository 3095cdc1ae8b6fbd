"""Complementary suppression: hide more cells until nothing small, and no suppressed cell, can be worked out.

Inside the pipeline, with the true counts at hand. Each pass asks :class:`~boligmonitor.disclosure.check.Checker`
for the findings of every year that changed, and answers each finding with the cheapest set of cells to hide:

1. pick an elementary *direction* (one person moving between two scanned groups, or into/out of one) that changes
   the exposed count;
2. make that change invisible: hide, at every unit the change passes through, the published cells that would see
   it. Where the change must be balanced — a municipality's change by a sibling municipality (or the region), a
   region's by a sibling region (or the nation), an atom's by the municipality's rest (free) or by another atom of
   the same areas — the balancing units' cells are hidden too.

Costs prefer hiding small cells of profile indicators in non-statutory areas; a criterion's cell, the residents
count and cells higher in the tree cost more. Every fix hides at least one more cell, so the loop ends (at worst
when a unit shows nothing). A pass answers only findings whose units no earlier fix of the pass touched; the rest
are checked again in the next pass, on fresh knowledge.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from boligmonitor.disclosure import field as gf
from boligmonitor.disclosure import workers
from boligmonitor.disclosure.check import Checker, Finding, Values
from boligmonitor.disclosure.geography import YearGeography
from boligmonitor.disclosure.knowledge import Pattern, Spaces, Unit, YearKnowledge
from boligmonitor.disclosure.spec import Spec

# (cost, family, direction, the (unit, suppression code) pairs to hide it at — built only for the option chosen)
Option = tuple[float, int, int, Callable[[], list[tuple[Unit, str]]]]


@dataclass
class Route:
    """Per direction: the cost of balancing a change along the tree, and which neighbour does it (-1: nobody)."""

    cost: np.ndarray
    pick: np.ndarray
    via: list[tuple[Unit, str]]  # (unit, "down" | "up"): where the change goes next and how its route continues
UNIT_WEIGHT = {"nation": 40.0, "region": 12.0, "municipality": 3.0}
AREA_WEIGHT = {"statutory": 1.0}  # other kinds (helhedsplan, custom): 0.5
CRITERION_WEIGHT = 20.0
RESIDENTS_WEIGHT = 200.0
PARTITION, HIERARCHY, AREA = "secondary_partition", "secondary_hierarchy", "secondary_area"


@dataclass
class Table:
    """The cells being protected: rows are unit-years, columns indicators (only those with counts take part)."""

    keys: list[tuple[str, str, int]]
    ids: list[str]
    present: np.ndarray  # bool (n × k)
    hidden: np.ndarray  # bool (n × k); True = suppressed
    size: np.ndarray  # float (n × k): what hiding the cell costs before weights (its denominator, else numerator)
    linear: np.ndarray  # bool (k): the column takes part (a base indicator with counts, not a derived value)
    reason: dict[tuple[int, int], str] = field(default_factory=dict)  # newly hidden cells -> suppression code

    def __post_init__(self) -> None:
        self.row = {k: i for i, k in enumerate(self.keys)}
        self.col = {c: j for j, c in enumerate(self.ids)}


@dataclass
class Report:
    passes: int = 0
    hidden: int = 0
    findings_per_pass: list[int] = field(default_factory=list)


class Protector:
    def __init__(self, spec: Spec, geos: dict[int, YearGeography], table: Table, values: Values, minimum: int,
                 area_kind: dict[str, str], progress: Callable[[str], None] | None = None) -> None:
        self.spec = spec
        self.lin = spec.linear
        self.geos = geos
        self.table = table
        self.values = values
        self.checker = Checker(spec, minimum)
        self.spaces = Spaces(self.lin)
        self.area_kind = area_kind
        self.say = progress or (lambda _m: None)
        self._pattern_cache: dict[bytes, Pattern] = {}
        crit = set(spec.criterion_indicators.values())
        self.cell_weight = np.array([RESIDENTS_WEIGHT if i == "residents" else CRITERION_WEIGHT if i in crit else 1.0
                                     for i in table.ids])
        self.cell_comps = [spec.cell_components(i) if table.linear[j] else () for j, i in enumerate(table.ids)]
        self.sees_cache: dict[tuple[int, bytes], np.ndarray] = {}
        self.target_families = [tuple(fi for fi, idx in enumerate(self.lin.family_targets) if t in set(idx.tolist()))
                                for t in range(len(self.lin.targets))]
        comp_fams = {c: {f.index for f in self.lin.families if self.lin.family_vector(c, f).any()}
                     for c in self.lin.components}
        self.cell_families = [set().union(*(comp_fams[c] for c in comps)) if comps else set()
                              for comps in self.cell_comps]
        self.families_hidden: set[int] = set()
        self.rows: dict[Unit, int] = {}
        self._cost_memo: dict[tuple[int, int, bytes], np.ndarray] = {}
        self._down_memo: dict[tuple[int, Unit], Route] = {}
        self._up_memo: dict[tuple[int, Unit], Route] = {}
        self._cand_memo: dict[tuple[int, int], np.ndarray] = {}

    # -- state --------------------------------------------------------------------------------------------------
    def rows_of(self, year: int) -> dict[Unit, int]:
        return {(k[0], k[1]): r for r, k in enumerate(self.table.keys) if k[2] == year}

    def pattern(self, r: int) -> Pattern:
        t = self.table
        mask = t.present[r] & ~t.hidden[r] & t.linear
        key = mask.tobytes()
        got = self._pattern_cache.get(key)
        if got is None:
            got = frozenset(c for j in np.nonzero(mask)[0] for c in self.cell_comps[j])
            self._pattern_cache[key] = got
        return got

    def knowledge(self, year: int) -> tuple[YearKnowledge, dict[Unit, int]]:
        rows = self.rows_of(year)
        return YearKnowledge(self.spaces, self.geos[year], {u: self.pattern(r) for u, r in rows.items()}), rows

    def hidden_cells(self, rows: dict[Unit, int]) -> dict[Unit, list[str]]:
        t = self.table
        out = {}
        for u, r in rows.items():
            js = np.nonzero(t.present[r] & t.hidden[r] & t.linear)[0]
            if js.size:
                out[u] = [t.ids[j] for j in js]
        return out

    # -- the loop -------------------------------------------------------------------------------------------------
    def run(self, max_passes: int = 500) -> Report:
        """Protect every year; the years are independent (a fix hides cells of its own year only), so they are
        shared among worker processes (:mod:`~boligmonitor.disclosure.workers`) and merged in year order."""
        years = sorted(self.geos)
        weights = [sum(1 for k in self.table.keys if k[2] == y) for y in years]
        results = workers.run_each(lambda y: self._protect_year(y, max_passes), years, weights)
        t = self.table
        report = Report()
        for found, reasons in results:
            for (r, j), code in reasons:
                t.hidden[r, j] = True
                t.reason[(r, j)] = code
            for i, n in enumerate(found):
                if i == len(report.findings_per_pass):
                    report.findings_per_pass.append(0)
                report.findings_per_pass[i] += n
        report.passes = len(report.findings_per_pass)
        for i, n in enumerate(report.findings_per_pass):
            self.say(f"disclosure control: pass {i + 1}, {n} finding(s)")
        report.hidden = len(t.reason)
        return report

    def _protect_year(self, year: int, max_passes: int) -> tuple[list[int], list[tuple[tuple[int, int], str]]]:
        """Check and fix one year until nothing is found: (findings per pass, the cells hidden with their codes)."""
        found_per_pass: list[int] = []
        rows_of_year = set(self.rows_of(year).values())
        while True:
            if len(found_per_pass) == max_passes:
                raise RuntimeError("complementary suppression did not converge")  # a bug, not a user error
            k, rows = self.knowledge(year)
            self.rows = rows
            # Routes are costed once per year and pass, like the knowledge they rest on; an option whose
            # cells an earlier fix already hid hides nothing and the next cheapest is taken.
            self._down_memo, self._up_memo = {}, {}
            findings = self.checker.year(k, year, self.hidden_cells(rows), self.values)
            found_per_pass.append(len(findings))
            touched: set[tuple[Unit, int]] = set()
            hid = False
            for f in findings:
                fams = self.target_families[f.target]
                if any((u, fi) in touched for u in self.involved(k, f) for fi in fams):
                    continue
                changed = self.fix(k, rows, f)
                if changed:
                    touched |= {(u, fi) for u in changed for fi in self.families_hidden}
                    hid = True
            if not hid:
                break  # no fix hid anything: the year is done (only a year with a fix is checked again)
        reasons = [(rj, code) for rj, code in self.table.reason.items() if rj[0] in rows_of_year]
        return found_per_pass, reasons

    def involved(self, k: YearKnowledge, f: Finding) -> set[Unit]:
        g = f.group
        if g.kind == "unit":
            out: set[Unit] = {g.unit, *f.children}
            if g.unit[0] == "area":
                out |= {("area", a) for a in k.geo.clusters[k.cluster_of[g.unit[1]]].areas}
            return out
        if g.kind == "atoms":
            return {("area", a) for a in k.geo.clusters[g.cluster].areas}
        return {g.unit} | {("area", a) for ci, _ in g.parts for a in k.geo.clusters[ci].areas}

    # -- costs ----------------------------------------------------------------------------------------------------
    def _sees(self, fi: int, pattern_key: bytes, r: int) -> tuple[np.ndarray, np.ndarray]:
        """(published indicator columns of row r, bool matrix cells × directions: the cell sees the direction)."""
        t = self.table
        mask = t.present[r] & ~t.hidden[r] & t.linear
        js = np.nonzero(mask)[0]
        key = (fi, pattern_key)
        got = self.sees_cache.get(key)
        if got is None or got.shape[0] != js.size:
            fam = self.lin.families[fi]
            dirs = self.lin.directions[fi]
            got = np.zeros((js.size, dirs.shape[0]), dtype=bool)
            for i, j in enumerate(js):
                for c in self.cell_comps[j]:
                    v = self.spaces.vector(fam, c)
                    if v.any():
                        got[i] |= gf.dot(dirs, v[:, None])[:, 0] != 0
            self.sees_cache[key] = got
        return js, got

    def cost(self, fi: int, r: int, unit: Unit) -> np.ndarray:
        """Per direction of family ``fi``: the cost of hiding, at row r, every published cell that sees it."""
        t = self.table
        mask = t.present[r] & ~t.hidden[r] & t.linear
        key = (fi, r, mask.tobytes())
        got = self._cost_memo.get(key)
        if got is not None:
            return got
        js, sees = self._sees(fi, key[2], r)
        if js.size == 0:
            got = np.zeros(self.lin.directions[fi].shape[0])
        else:
            per_cell = (1.0 + t.size[r, js]) * self.cell_weight[js] * self._unit_weight(unit)
            got = np.asarray(per_cell @ sees, dtype=float)
        self._cost_memo[key] = got
        return got

    def _unit_weight(self, unit: Unit) -> float:
        if unit[0] == "area":
            return AREA_WEIGHT.get(self.area_kind.get(unit[1], ""), 0.5)
        return UNIT_WEIGHT[unit[0]]

    def hide(self, r: int, fi: int, d: int, code: str) -> bool:
        """Hide at row r every published cell that sees direction d of family fi."""
        t = self.table
        mask = t.present[r] & ~t.hidden[r] & t.linear
        js, sees = self._sees(fi, mask.tobytes(), r)
        hit = js[sees[:, d]]
        for j in hit:
            t.hidden[r, j] = True
            t.reason[(r, int(j))] = code
            self.families_hidden |= self.cell_families[j]
        return bool(hit.size)

    # -- fixes ----------------------------------------------------------------------------------------------------
    def fix(self, k: YearKnowledge, rows: dict[Unit, int], f: Finding) -> set[Unit]:
        g = f.group
        if f.kind == "small_remainder":
            return self._fix_remainder(k, rows, f)
        if g.kind == "unit" and g.unit[0] != "area":
            return self._apply(self._tree_options(k, rows, g.unit, f.target))
        if g.kind == "unit":
            ci = k.cluster_of[g.unit[1]]
            return self._apply(self._cluster_options(k, rows, ci, k.geo.clusters[ci].area_atoms[g.unit[1]], f.target))
        if g.kind == "atoms":
            return self._apply(self._cluster_options(k, rows, g.cluster, g.atoms, f.target))
        options = self._tree_options(k, rows, g.unit, f.target)
        for ci, atoms in g.parts:
            options += self._cluster_options(k, rows, ci, atoms, f.target, AREA)
        return self._apply(options)

    def _apply(self, options: list[Option]) -> set[Unit]:
        """Carry out the cheapest option (cost, family, direction, [(unit, code)]) that hides something new."""
        self.families_hidden = set()
        for _cost, fi, d, steps in sorted(options, key=lambda o: (o[0], o[1], o[2])):
            changed = {u for u, code in steps() if self.hide(self.rows[u], fi, d, code)}
            if changed:
                return changed
        # Nothing hides anything new: the knowledge was stale within this pass; the next pass checks again.
        return set()

    def _candidates(self, fi: int, target: int) -> np.ndarray:
        """Directions of family fi that change the target's count (asked for every option of every fix)."""
        key = (fi, target)
        got = self._cand_memo.get(key)
        if got is None:
            got = self._cand_memo[key] = self._changing(fi, target)
        return got

    def _changing(self, fi: int, target: int) -> np.ndarray:
        idx = self.lin.family_targets[fi]
        pos = np.nonzero(idx == target)[0]
        if pos.size == 0:
            return np.zeros(self.lin.directions[fi].shape[0], dtype=bool)
        t = self.lin.family_target_vectors[fi][pos[0]]
        return np.asarray(gf.dot(self.lin.directions[fi], t[:, None])[:, 0] != 0)

    def _in(self, space: np.ndarray, fi: int) -> np.ndarray:
        """Per direction: does it lie in ``space``?"""
        n = self.lin.families[fi].size
        dirs = self.lin.directions[fi]
        if space.shape[0] == 0:
            return np.asarray(~np.any(dirs != 0, axis=1))
        return gf.orthogonal(gf.nullspace(space, n), dirs)

    def _tree_options(self, k: YearKnowledge, rows: dict[Unit, int], unit: Unit, target: int) -> list[Option]:
        out: list[Option] = []
        for fam in self.lin.families:
            fi = fam.index
            cand = self._candidates(fi, target)
            if not cand.any():
                continue
            down, up = self._down(k, fi, unit), self._up(k, fi, unit)
            total = self.cost(fi, rows[unit], unit) + down.cost + up.cost
            for d in np.nonzero(cand & np.isfinite(total))[0]:
                out.append((float(total[d]), fi, int(d), self._route_steps(k, fi, unit, int(d), down, up)))
        return out

    def _route_steps(self, k: YearKnowledge, fi: int, unit: Unit, d: int, down: Route,
                     up: Route) -> Callable[[], list[tuple[Unit, str]]]:
        return lambda: [(unit, PARTITION), *self._steps(k, fi, down, d), *self._steps(k, fi, up, d)]

    def _kid_steps(self, k: YearKnowledge, fi: int, kid: Unit, d: int,
                   down: Route) -> Callable[[], list[tuple[Unit, str]]]:
        return lambda: [(kid, HIERARCHY), *self._steps(k, fi, down, d)]

    def _steps(self, k: YearKnowledge, fi: int, route: Route, d: int) -> list[tuple[Unit, str]]:
        """The units a route hides the direction at (reconstructed only for the option carried out)."""
        i = int(route.pick[d])
        if i < 0:
            return []
        u, how = route.via[i]
        rest = self._down(k, fi, u) if how == "down" else self._up(k, fi, u)
        return [(u, HIERARCHY), *self._steps(k, fi, rest, d)]

    def _down(self, k: YearKnowledge, fi: int, unit: Unit) -> Route:
        """Making a change of ``unit`` achievable from below (a region's through one of its municipalities)."""
        q = self.lin.directions[fi].shape[0]
        if unit[0] in ("municipality", "area"):
            return Route(np.zeros(q), np.full(q, -1), [])
        memo = self._down_memo.get((fi, unit))
        if memo is not None:
            return memo
        kids = ([("municipality", m) for m in k.regions[unit[1]]] if unit[0] == "region"
                else [("region", r) for r in k.regions])
        free = self._in(k.blocks[fi].below[unit], fi)
        best, pick = np.full(q, np.inf), np.full(q, -1)
        for i, kid in enumerate(kids):
            total = self.cost(fi, self.rows[kid], kid) + self._down(k, fi, kid).cost
            better = total < best
            best = np.where(better, total, best)
            pick = np.where(better, i, pick)
        route = Route(np.where(free, 0.0, best), np.where(free, -1, pick), [(kid, "down") for kid in kids])
        self._down_memo[(fi, unit)] = route
        return route

    def _up(self, k: YearKnowledge, fi: int, unit: Unit) -> Route:
        """Balancing a change of ``unit`` above it: by a sibling (and below it), or by the parent (and above)."""
        q = self.lin.directions[fi].shape[0]
        if unit[0] == "nation":
            return Route(np.zeros(q), np.full(q, -1), [])
        memo = self._up_memo.get((fi, unit))
        if memo is not None:
            return memo
        if unit[0] == "municipality":
            region = k.region_of[unit[1]]
            parent: Unit = ("region", region)
            sibs = [("municipality", m) for m in k.regions[region] if m != unit[1]]
        else:
            parent = ("nation", "DK")
            sibs = [("region", r) for r in k.regions if r != unit[1]]
        free = self._in(k.blocks[fi].absorb[unit], fi)
        best, pick = np.full(q, np.inf), np.full(q, -1)
        via: list[tuple[Unit, str]] = []
        for sib in sibs:
            total = self.cost(fi, self.rows[sib], sib) + self._down(k, fi, sib).cost
            better = total < best
            best = np.where(better, total, best)
            pick = np.where(better, len(via), pick)
            via.append((sib, "down"))
        if parent in self.rows:
            total = self.cost(fi, self.rows[parent], parent) + self._up(k, fi, parent).cost
            better = total < best
            best = np.where(better, total, best)
            pick = np.where(better, len(via), pick)
            via.append((parent, "up"))
        route = Route(np.where(free, 0.0, best), np.where(free, -1, pick), via)
        self._up_memo[(fi, unit)] = route
        return route

    def _cluster_options(self, k: YearKnowledge, rows: dict[Unit, int], ci: int, atoms: tuple[int, ...],
                         target: int, code: str | None = None) -> list[Option]:
        """Change one atom of the group (the municipality's rest balances it), or move between an atom inside
        the group and one outside it; every area that sees the change hides the cells that see it."""
        c = k.geo.clusters[ci]
        inside = set(atoms)
        movable = [a for a in range(len(c.atoms)) if a not in c.empty]  # an empty atom cannot change
        patterns: list[tuple[int, ...]] = [(a,) for a in atoms if a in movable]
        patterns += [(a, b) for a in atoms if a in movable for b in movable if b not in inside]
        why = code or (PARTITION if len(c.areas) == 1 else AREA)
        seen = []  # per pattern: the areas that see it (the same in every family)
        for pat in patterns:
            seeing = [a for a in c.areas if len(set(c.area_atoms[a]) & set(pat)) % 2 == 1]
            seen.append((seeing, _fixed([(("area", a), why) for a in seeing])))
        out: list[Option] = []
        for fam in self.lin.families:
            fi = fam.index
            cand = self._candidates(fi, target)
            if not cand.any():
                continue
            costs = {a: self.cost(fi, rows[("area", a)], ("area", a)) for a in c.areas}
            dirs = np.nonzero(cand)[0]
            for seeing, make in seen:
                total = sum((costs[a] for a in seeing), np.zeros(cand.shape[0]))
                out += [(cost, fi, d, make) for d, cost in zip(dirs.tolist(), total[dirs].tolist(), strict=True)]
        return out

    def _fix_remainder(self, k: YearKnowledge, rows: dict[Unit, int], f: Finding) -> set[Unit]:
        """The hidden children of a parent add up to a small count: hide one more child (balanced by a hidden one)."""
        parent = f.group.unit
        kids = ([("municipality", m) for m in k.regions[parent[1]]] if parent[0] == "region"
                else [("region", r) for r in k.regions])
        hidden = set(f.children)
        options = []
        for fam in self.lin.families:
            fi = fam.index
            cand = self._candidates(fi, f.target)
            if not cand.any():
                continue
            b = k.blocks[fi]
            n = b.family.size
            balance = self._in(gf.add(*(b.s[h] for h in hidden), n=n), fi)
            for kid in kids:
                if kid in hidden:
                    continue
                down = self._down(k, fi, kid)
                total = self.cost(fi, rows[kid], kid) + down.cost
                for d in np.nonzero(cand & balance & np.isfinite(total))[0]:
                    options.append((float(total[d]), fi, int(d), self._kid_steps(k, fi, kid, int(d), down)))
        return self._apply(options)


def _fixed(steps: list[tuple[Unit, str]]) -> Callable[[], list[tuple[Unit, str]]]:
    return lambda: steps
