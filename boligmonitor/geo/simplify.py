"""Line simplification that keeps neighbours together.

Simplifying each municipality's ring on its own would move a shared border differently on its two sides and open
slivers between neighbours. So rings are first cut into *arcs* at the points where the set of rings running along
the boundary changes (a junction), each stretch of boundary is stored once, and each arc is simplified once with
Douglas–Peucker with its two ends fixed: both neighbours then draw the same simplified line. The same routine runs
twice: once when the package file is built (~100 m on the ground) and again on the map for the detail a zoom level
cannot show (a fraction of a pixel).

Simplification can make a line cross another; at these tolerances that is a pixel-sized blemish, not checked.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

Point = tuple[float, float]

# Metres per degree at Denmark's latitude: a plane good to ±5 % over the country, enough to choose what to drop.
LAT0 = 56.0
METRES_PER_DEGREE_LAT = 110_574.0
METRES_PER_DEGREE_LON = 111_320.0 * math.cos(math.radians(LAT0))


def to_metres(p: Point) -> Point:
    """Longitude/latitude as metres on a plane fitted to Denmark (only used to measure distances)."""
    return p[0] * METRES_PER_DEGREE_LON, p[1] * METRES_PER_DEGREE_LAT


def segment_distance(p: Point, a: Point, b: Point) -> float:
    """Distance from ``p`` to the segment ``a``–``b`` (not the infinite line: a point beyond an end counts too)."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length2 = dx * dx + dy * dy
    if length2 == 0.0:
        return math.hypot(p[0] - a[0], p[1] - a[1])
    t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2))
    return math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy))


def douglas_peucker(points: Sequence[Point], tolerance: float) -> list[int]:
    """Indices of the points to keep: both ends, and every point farther than ``tolerance`` from the kept line.

    Iterative (a stack, not recursion), so a 10,000-point coastline cannot exhaust Python's recursion limit.
    """
    n = len(points)
    if n <= 2:
        return list(range(n))
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        i, j = stack.pop()
        if j <= i + 1:
            continue
        far, worst = -1, -1.0
        a, b = points[i], points[j]
        for k in range(i + 1, j):
            d = segment_distance(points[k], a, b)
            if d > worst:
                far, worst = k, d
        if worst > tolerance:
            keep[far] = True
            stack.append((i, far))
            stack.append((far, j))
    return [k for k in range(n) if keep[k]]


def simplify_line(points: Sequence[Point], tolerance: float) -> list[Point]:
    """An open line or a closed ring (first == last), simplified; a closed ring stays closed.

    A closed ring has no natural ends, so it is split at its first point and the point farthest from it, and
    both halves are simplified with those two points fixed (a ring never collapses below those two).
    """
    if len(points) < 3:
        return list(points)
    if points[0] != points[-1]:
        return [points[k] for k in douglas_peucker(points, tolerance)]
    start = points[0]
    far = max(range(len(points) - 1), key=lambda k: math.hypot(points[k][0] - start[0], points[k][1] - start[1]))
    first = douglas_peucker(points[: far + 1], tolerance)
    second = douglas_peucker(points[far:], tolerance)
    return [points[k] for k in first] + [points[far + k] for k in second[1:]]


@dataclass(frozen=True)
class Topology:
    """Rings as sequences of shared arcs. A reference ``i >= 0`` uses arc ``i`` as stored, ``~i`` reversed."""

    arcs: list[list[Point]]
    rings: list[list[int]]

    def ring(self, refs: Sequence[int]) -> list[Point]:
        """The closed ring the arc references describe."""
        return ring_from_arcs(self.arcs, refs)

    def simplified(self, tolerance: float, measure: Callable[[Point], Point] = lambda p: p) -> Topology:
        """Every arc simplified once; a ring that would fall below a triangle gets its arcs back in more detail.

        ``measure`` maps a point to the plane the tolerance is measured in (e.g. :func:`to_metres`).
        """
        tol = [tolerance] * len(self.arcs)
        arcs = [_simplify_arc(a, tolerance, measure) for a in self.arcs]
        while True:
            thin = [refs for refs in self.rings if len(set(ring_from_arcs(arcs, refs))) < 3]
            if not thin:
                return Topology(arcs, [list(r) for r in self.rings])
            for refs in thin:
                for ref in refs:
                    i = ref if ref >= 0 else ~ref
                    tol[i] /= 4  # converges: at tolerance 0 every original point is back
                    arcs[i] = _simplify_arc(self.arcs[i], tol[i], measure)


def _simplify_arc(arc: list[Point], tolerance: float, measure: Callable[[Point], Point]) -> list[Point]:
    planar = [measure(p) for p in arc]
    kept = simplify_line(planar, tolerance)
    index = {q: k for k, q in enumerate(planar)}  # the same point twice maps to either; both are the same point
    return [arc[index[q]] for q in kept]


def ring_from_arcs(arcs: Sequence[Sequence[Point]] | Mapping[int, Sequence[Point]], refs: Sequence[int]) -> list[Point]:
    """The closed ring that the arc references describe (``arcs`` by index: a list, or a dict of some arcs)."""
    out: list[Point] = []
    for ref in refs:
        arc = list(arcs[ref]) if ref >= 0 else list(reversed(arcs[~ref]))
        out.extend(arc if not out else arc[1:])
    return out


def build_topology(rings: Sequence[Sequence[Point]]) -> Topology:
    """Cut closed rings into arcs at junctions and store each stretch of boundary once.

    Points must be *exactly* equal where rings share a boundary (the DAGI outlines are; quantise first otherwise).
    A point is a junction when it lies on more than one ring and its two neighbours are not the same on all of them.
    """
    opened = [_open(r) for r in rings]
    neighbours: dict[Point, set[frozenset[Point]]] = defaultdict(set)
    uses: dict[Point, int] = defaultdict(int)
    for ring in opened:
        n = len(ring)
        for i, p in enumerate(ring):
            neighbours[p].add(frozenset((ring[i - 1], ring[(i + 1) % n])))
            uses[p] += 1
    junctions = {p for p, pairs in neighbours.items() if uses[p] > 1 and len(pairs) > 1}
    arcs: list[list[Point]] = []
    index: dict[tuple[Point, ...], int] = {}

    def ref_of(arc: list[Point]) -> int:
        key = tuple(arc)
        if key in index:
            return index[key]
        back = tuple(reversed(arc))
        if back in index:
            return ~index[back]
        index[key] = len(arcs)
        arcs.append(arc)
        return len(arcs) - 1

    out_rings = []
    for ring in opened:
        cuts = [i for i, p in enumerate(ring) if p in junctions]
        if not cuts:  # an island, or a ring shared whole (an enclave): one closed arc, from its smallest point
            k = ring.index(min(ring))
            rotated = ring[k:] + ring[:k]
            out_rings.append([ref_of([*rotated, rotated[0]])])
            continue
        rotated = ring[cuts[0]:] + ring[: cuts[0]]
        marks = [i - cuts[0] for i in cuts] + [len(ring)]
        closed = [*rotated, rotated[0]]
        out_rings.append([ref_of(closed[a: b + 1]) for a, b in itertools.pairwise(marks)])
    return Topology(arcs, out_rings)


def _open(ring: Sequence[Point]) -> list[Point]:
    """The ring without its closing point and without repeated consecutive points."""
    pts = [tuple(p) for p in ring]
    out: list[Point] = []
    for p in pts:
        q = (float(p[0]), float(p[1]))
        if not out or out[-1] != q:
            out.append(q)
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out
