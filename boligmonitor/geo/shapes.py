"""Small plane-geometry helpers for polygons given as rings of (x, y) points (outer ring first, then holes)."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from boligmonitor.geo.simplify import Point, segment_distance

Ring = Sequence[Point]
Polygon = Sequence[Ring]


def ring_area(ring: Ring) -> float:
    """Signed area (shoelace); positive when the ring runs anticlockwise."""
    total = 0.0
    for (x0, y0), (x1, y1) in itertools.pairwise(ring):
        total += x0 * y1 - x1 * y0
    return total / 2


def polygon_area(polygon: Polygon) -> float:
    """Area of the outer ring minus its holes (orientation ignored)."""
    if not polygon:
        return 0.0
    return abs(ring_area(polygon[0])) - sum(abs(ring_area(h)) for h in polygon[1:])


def in_ring(p: Point, ring: Ring) -> bool:
    """Even–odd rule: is ``p`` inside the closed ring?"""
    x, y = p
    inside = False
    for (x0, y0), (x1, y1) in itertools.pairwise(ring):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def in_polygon(p: Point, polygon: Polygon) -> bool:
    return bool(polygon) and in_ring(p, polygon[0]) and not any(in_ring(p, h) for h in polygon[1:])


def boundary_distance(p: Point, polygon: Polygon) -> float:
    """Distance from ``p`` to the nearest edge of any ring of the polygon."""
    return min(segment_distance(p, a, b) for ring in polygon for a, b in itertools.pairwise(ring))


def bounds(rings: Sequence[Ring]) -> tuple[float, float, float, float]:
    """(min x, min y, max x, max y) over every point."""
    xs = [p[0] for r in rings for p in r]
    ys = [p[1] for r in rings for p in r]
    return min(xs), min(ys), max(xs), max(ys)


def label_point(polygon: Polygon, steps: int = 24) -> Point:
    """A point well inside the polygon (roughly the one farthest from its edges), for a label.

    A centroid can fall outside a crescent-shaped municipality or in the sea of a bay; a grid search for the inside
    point farthest from the boundary, refined twice around the best cell, cannot. Falls back to the first vertex for a
    polygon too thin to hold a grid point. Vectorised: every grid point against every edge at once.
    """
    starts = np.array([p for ring in polygon for p in ring[:-1]], dtype=float)
    ends = np.array([p for ring in polygon for p in ring[1:]], dtype=float)
    x0, y0, x1, y1 = bounds(polygon[:1])
    best, best_d = (float(polygon[0][0][0]), float(polygon[0][0][1])), -1.0
    cx, cy, w, h = (x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, y1 - y0
    k = np.arange(steps + 1) / steps - 0.5
    for _ in range(3):
        gx, gy = np.meshgrid(cx + w * k, cy + h * k)
        pts = np.column_stack([gx.ravel(), gy.ravel()])
        inside = _inside(pts, starts, ends)
        if inside.any():
            d = _edge_distance(pts[inside], starts, ends)
            i = int(np.argmax(d))
            if d[i] > best_d:
                best, best_d = (float(pts[inside][i][0]), float(pts[inside][i][1])), float(d[i])
        cx, cy, w, h = best[0], best[1], w * 4 / steps, h * 4 / steps
    return best


def _inside(pts: Any, starts: Any, ends: Any) -> Any:
    """Even–odd rule for many points against all edges (holes included, so a point in a hole is outside)."""
    x, y = pts[:, 0:1], pts[:, 1:2]
    ax, ay, bx, by = starts[:, 0], starts[:, 1], ends[:, 0], ends[:, 1]
    crosses = (ay > y) != (by > y)
    with np.errstate(divide="ignore", invalid="ignore"):
        at = ax + (y - ay) * (bx - ax) / (by - ay)
    return ((crosses & (x < at)).sum(axis=1) % 2) == 1


def _edge_distance(pts: Any, starts: Any, ends: Any) -> Any:
    d = ends - starts
    length2 = np.maximum((d * d).sum(axis=1), 1e-18)
    rel = pts[:, None, :] - starts[None, :, :]
    t = np.clip((rel * d[None, :, :]).sum(axis=2) / length2, 0.0, 1.0)
    nearest = starts[None, :, :] + t[..., None] * d[None, :, :]
    return np.sqrt(((pts[:, None, :] - nearest) ** 2).sum(axis=2)).min(axis=1)


def distance(a: Point, b: Point) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])
