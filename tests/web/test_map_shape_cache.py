"""The map keeps each area's projected shape on its cached base map (svg.BaseMap.shapes): a cached shape must be
the one a fresh projection gives, and an area whose geometry is another object (another vintage) is projected anew."""

from __future__ import annotations

from boligmonitor.geo.outlines import packaged
from boligmonitor.web import svg


def _hexagon(lon: float, lat: float, r: float) -> dict[str, object]:
    ring = [[lon + r * dx, lat + r * dy] for dx, dy in ((1, 0), (0.5, 0.8), (-0.5, 0.8), (-1, 0), (-0.5, -0.8),
                                                        (0.5, -0.8), (1, 0))]
    return {"type": "Polygon", "coordinates": [ring]}


def _base() -> svg.BaseMap:
    outlines = packaged()
    view = svg.map_view_of(outlines, "municipality", 101, [101])
    return svg.base_map(outlines, view)


def test_cached_shapes_equal_fresh_projection() -> None:
    base = _base()
    features = [{"area_id": "A1", "municipality_code": 101, "geometry": _hexagon(12.55, 55.68, 0.01)},
                {"area_id": "A2", "municipality_code": 101, "geometry": _hexagon(12.57, 55.67, 0.0002)},
                {"area_id": "far", "municipality_code": 101, "geometry": _hexagon(8.0, 57.0, 0.01)}]
    first = svg.area_shapes(base, features)
    again = svg.area_shapes(base, features)  # from the cache
    assert set(first) == {"A1", "A2"}  # 'far' is outside the view, from the cache too
    assert again == first
    assert first["A1"] == svg._area_shape(base, features[0]["geometry"], 101)
    assert first["A2"].marker and not first["A1"].marker


def test_other_geometry_of_the_same_area_is_projected_anew() -> None:
    base = _base()
    old = [{"area_id": "B1", "municipality_code": 101, "geometry": _hexagon(12.55, 55.68, 0.01)}]
    new = [{"area_id": "B1", "municipality_code": 101, "geometry": _hexagon(12.58, 55.66, 0.02)}]
    before = svg.area_shapes(base, old)["B1"]
    after = svg.area_shapes(base, new)["B1"]
    assert after != before
    assert after == svg._area_shape(base, new[0]["geometry"], 101)
