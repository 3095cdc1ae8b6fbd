"""The audit of a finished bundle: try, as an attacker would, to work out every suppressed cell and every small group.

Only what the bundle publishes is used: its cells (``indicators``), its decisions (``classifications``), its
registry (which afdelinger make up each area, each municipality's region) and the catalogue's relations in its
manifest. The audit answers:

* ``primary``: a published count, numerator or denominator below the minimum, or a share's complement below it;
* ``suppressed_cell`` / ``small_group`` / ``small_remainder`` (:mod:`boligmonitor.disclosure.check`): a suppressed
  cell, or a person group below the minimum, that some sum or difference of published cells gives away;
* ``derived``: a published multi-year mean or ratio built on a suppressed yearly cell;
* ``criterion``: a decision that shows a criterion's value or margin although a cell behind it is suppressed;
* ``inconsistent``: published cells that contradict each other (the bundle was not made by this pipeline).

``boligmonitor run`` refuses to write a bundle with any finding, and the web application refuses to import one.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from boligmonitor.disclosure import blas, workers
from boligmonitor.disclosure.check import Checker, Finding
from boligmonitor.disclosure.geography import geography
from boligmonitor.disclosure.knowledge import Pattern, Spaces, Unit, YearKnowledge
from boligmonitor.disclosure.solve import AttackerValues, Published
from boligmonitor.disclosure.spec import Spec

UNIT_TYPES = ("nation", "region", "municipality", "area")


@dataclass(frozen=True)
class Issue:
    kind: str
    text: str  # names units, years, indicators; never a value of a suppressed cell
    value: float | None = None  # the count that could be worked out (for reports inside the secure environment)


@dataclass
class AuditReport:
    issues: list[Issue] = field(default_factory=list)
    suppressed_cells: int = 0
    checked_cells: int = 0

    @property
    def ok(self) -> bool:
        return not self.issues

    def counts(self) -> dict[str, int]:
        return dict(sorted(Counter(i.kind for i in self.issues).items()))

    def recovered(self) -> list[Issue]:
        return [i for i in self.issues if i.kind == "suppressed_cell"]

    def summary(self, limit: int = 10) -> str:
        if self.ok:
            return (f"disclosure audit: nothing can be worked out ({self.suppressed_cells} suppressed of "
                    f"{self.checked_cells} cells checked)")
        lines = [f"disclosure audit failed: {len(self.issues)} finding(s) "
                 + ", ".join(f"{k} {n}" for k, n in self.counts().items())]
        lines += [f"  - {i.text}" for i in self.issues[:limit]]
        if len(self.issues) > limit:
            lines.append(f"  … and {len(self.issues) - limit} more")
        return "\n".join(lines)


def audit_bundle(indicators: pa.Table, classifications: pa.Table | None, registry: dict[str, Any],
                 catalogue: dict[str, Any], minimum: int) -> AuditReport:
    """Audit a bundle's published cells against ``minimum`` (the site's or the pipeline's)."""
    with blas.single_threaded():
        return _audit(indicators, classifications, registry, catalogue, minimum)


def _audit(indicators: pa.Table, classifications: pa.Table | None, registry: dict[str, Any],
           catalogue: dict[str, Any], minimum: int) -> AuditReport:
    spec = Spec.from_dict(catalogue)
    lin = spec.linear
    report = AuditReport()
    rows = indicators.to_pydict()
    n = len(rows["unit_type"])
    present: dict[int, set[Unit]] = defaultdict(set)
    published: dict[int, dict[Unit, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
    pub_ind: dict[tuple[str, str, int], set[str]] = defaultdict(set)
    hidden: dict[int, dict[Unit, list[str]]] = defaultdict(lambda: defaultdict(list))
    conflicts: dict[int, list[str]] = defaultdict(list)
    derived_rows = []
    for i in range(n):
        unit: Unit = (rows["unit_type"][i], rows["unit_id"][i])
        year, ind = int(rows["year"][i]), rows["indicator_id"][i]
        present[year].add(unit)
        if ind in spec.derived:
            derived_rows.append((unit, year, ind, bool(rows["suppressed"][i])))
            continue
        if ind not in spec.indicators:
            continue
        report.checked_cells += 1
        if rows["suppressed"][i]:
            report.suppressed_cells += 1
            hidden[year][unit].append(ind)
            continue
        pub_ind[(unit[0], unit[1], year)].add(ind)
        s = spec.indicators[ind]
        num, den = rows["numerator"][i], rows["denominator"][i]
        parts = [(s.numerator, num)] + ([(s.denominator, den)] if s.denominator else [])
        for comp, v in parts:
            scale = spec.scales.get(comp, 1)
            if v is None or not math.isfinite(v):
                conflicts[year].append(f"{year} {unit[0]} {unit[1]} {ind}: published without a finite {comp}")
                continue
            value = round(v * scale)
            have = published[year][unit].get(comp)
            if have is not None and have != value:
                conflicts[year].append(f"{year} {unit[0]} {unit[1]}: {comp} is published as {have / scale:g} "
                                       f"and {value / scale:g}")
            published[year][unit][comp] = value
        report.issues += _primary(spec, unit, year, ind, num, den, minimum)
    years = sorted(present)
    geos = geography(registry, years)
    spaces = Spaces(lin)
    values = AttackerValues(spec, {y: Published(published[y]) for y in years}, {})
    checker = Checker(spec, minimum)

    def audit_year(y: int) -> tuple[list[Issue], list[str], list[Issue]]:
        """One data year (independent of every other): its findings, its contradictions found while solving,
        and its tree's."""
        patterns: dict[Unit, Pattern] = {u: frozenset(published[y].get(u, {})) for u in present[y]}
        k = YearKnowledge(spaces, geos[y], patterns)
        values.knowledge[y] = k
        before = len(values.inconsistent)
        found = [_issue(f, spec, k) for f in checker.year(k, y, hidden[y], values)]
        return found, values.inconsistent[before:], _tree_consistency(spec, y, published[y], k)

    # Workers send back the issues (texts and values the secure environment may see), never the cells.
    per_year = workers.run_each(audit_year, years, [len(present[y]) for y in years])
    for y, (found, _solving, _tree) in zip(years, per_year, strict=True):
        report.issues += [Issue("inconsistent", c) for c in conflicts[y]]
        report.issues += found
    report.issues += [Issue("inconsistent", text) for _found, solving, _tree in per_year for text in solving]
    report.issues += [issue for _found, _solving, tree in per_year for issue in tree]
    report.issues += _derived(spec, derived_rows, pub_ind, registry)
    if classifications is not None:
        report.issues += _criteria(spec, classifications, pub_ind)
    return report


def _issue(f: Finding, spec: Spec, k: YearKnowledge) -> Issue:
    target = spec.linear.targets[f.target].name
    g = f.group
    if g.kind == "atoms":
        c = k.geo.clusters[g.cluster]
        atoms = " and ".join(c.atoms[i] for i in g.atoms)
        return Issue(f.kind, f"{f.year}: the afdelinger of {atoms} (areas {'/'.join(c.areas)}): {target} can be "
                             "worked out", f.value)
    if g.kind == "minus":
        parts = "; ".join("/".join(k.geo.clusters[ci].areas) for ci, _ in g.parts)
        return Issue(f.kind, f"{f.year}: municipality {g.municipality} minus area(s) {parts}: {target} can be "
                             "worked out", f.value)
    return Issue(f.kind, f.describe(spec, [c.areas for c in k.geo.clusters]), f.value)


def _tree_consistency(spec: Spec, year: int, pub: dict[Unit, dict[str, float]], k: YearKnowledge) -> list[Issue]:
    """A region is the sum of its municipalities and the nation of its regions, for every component all of them
    publish (exact integers in component units)."""
    out = []
    parents: list[tuple[Unit, list[Unit]]] = [
        (("region", r), [("municipality", m) for m in ms]) for r, ms in k.regions.items()]
    if ("nation", "DK") in k.patterns:
        parents.append((("nation", "DK"), [("region", r) for r in k.regions]))
    for parent, kids in parents:
        common = set(pub.get(parent, {}))
        for kid in kids:
            common &= set(pub.get(kid, {}))
        for comp in sorted(common):
            total = sum(pub[kid][comp] for kid in kids)
            if total != pub[parent][comp]:
                scale = spec.scales.get(comp, 1)
                out.append(Issue("inconsistent", f"{year} {parent[0]} {parent[1]}: {comp} is published as "
                                                 f"{pub[parent][comp] / scale:g}, its parts add up to "
                                                 f"{total / scale:g}"))
    return out


def _primary(spec: Spec, unit: Unit, year: int, ind: str, num: float | None, den: float | None,
             minimum: int) -> list[Issue]:
    s = spec.indicators[ind]
    where = f"{year} {unit[0]} {unit[1]} {ind}"
    out = []
    small = []
    if s.kind != "mean" and num is not None and num < minimum and s.numerator in spec.counts:
        small.append("numerator")
    if s.denominator is not None and den is not None and den < minimum:
        small.append("denominator")
    if (spec.protect_complement and s.kind == "share" and num is not None and den is not None
            and den - num < minimum):
        small.append("denominator minus numerator")
    if small:
        out.append(Issue("primary", f"{where}: published {' and '.join(small)} below the minimum {minimum}"))
    return out


def _derived(spec: Spec, derived_rows: list[tuple[Unit, int, str, bool]],
             pub_ind: dict[tuple[str, str, int], set[str]], registry: dict[str, Any]) -> list[Issue]:
    """A published mean over years or ratio must rest on published yearly cells only."""
    region_of = {str(m["municipality_code"]): str(m["region_code"]) for m in registry["municipalities"]}
    area_mun = {a["area_id"]: str(a["municipality_code"]) for a in registry["areas"]}
    out = []
    for unit, year, ind, suppressed in derived_rows:
        if suppressed:
            continue
        d = spec.derived[ind]
        needs = [(unit[0], unit[1], y) for y in range(year - d.window + 1, year + 1)]
        if d.relative_to == "nation":
            needs += [("nation", "DK", y) for y in range(year - d.window + 1, year + 1)]
        elif d.relative_to == "region":
            mun = unit[1] if unit[0] == "municipality" else area_mun.get(unit[1]) if unit[0] == "area" else None
            if mun is not None and mun in region_of:
                needs += [("region", region_of[mun], y) for y in range(year - d.window + 1, year + 1)]
        missing = [k for k in needs if d.base not in pub_ind.get(k, set())]
        if missing:
            out.append(Issue("derived", f"{year} {unit[0]} {unit[1]} {ind}: published although {d.base} is not "
                                        f"published for {', '.join(f'{k[0]} {k[1]} {k[2]}' for k in missing)}"))
    return out


def _criteria(spec: Spec, classifications: pa.Table,
              pub_ind: dict[tuple[str, str, int], set[str]]) -> list[Issue]:
    """A decision may show a criterion's value and margin only when every yearly cell behind it is published."""
    out = []
    seen: set[tuple[str, str, tuple[int, ...]]] = set()
    cols = classifications.select(["area_id", "list_year", "criteria_json"]).to_pydict()
    for area, list_year, crit_json in zip(cols["area_id"], cols["list_year"], cols["criteria_json"], strict=True):
        for c in json.loads(crit_json):
            ind = spec.criterion_indicators.get(c.get("id"))
            if ind is None or (c.get("value") is None and c.get("margin") is None):
                continue
            years = tuple(int(y) for y in c.get("data_years") or ())
            key = (area, c["id"], years)
            if key in seen:
                continue
            seen.add(key)
            missing = [y for y in years if ind not in pub_ind.get(("area", area, y), set())]
            if missing:
                out.append(Issue("criterion", f"list {list_year} area {area}: criterion {c['id']} shows its value "
                                              f"or margin although {ind} is suppressed in {missing}"))
    return out


def recovered_summary(report: AuditReport) -> dict[str, Any]:
    """Counts for documentation and tests: recovered cells and how many of them are small."""
    rec = report.recovered()
    small = [i for i in rec if i.value is not None and 0 < i.value < 5]
    zero = [i for i in rec if i.value == 0]
    return {"recovered": len(rec), "recovered_1_to_4": len(small), "recovered_zero": len(zero),
            "findings": report.counts(), "suppressed": report.suppressed_cells}

