from __future__ import annotations

import numpy as np
import pytest
from shapely import LineString

from corridormap.geometry import (
    geodesic_circle,
    geodesic_distance_m,
    geodesic_lengths_m,
    to_lonlat,
    to_projected,
)


def test_lengths_match_textbook_wgs84_arcs() -> None:
    # Independent values: one degree of the equator is a*pi/180 = 111,319.491 m;
    # the meridian arc from the equator to 1 N on WGS84 is 110,574.389 m.
    equator = LineString([(0, 0), (1, 0)])
    meridian = LineString([(0, 0), (0, 1)])
    got = geodesic_lengths_m([equator, meridian])
    assert got[0] == pytest.approx(111_319.491, abs=0.01)
    assert got[1] == pytest.approx(110_574.389, abs=0.01)


def test_multi_segment_lines_sum_their_segments() -> None:
    two = LineString([(0, 0), (0.5, 0), (1, 0)])
    assert geodesic_lengths_m([two])[0] == pytest.approx(111_319.491, abs=0.01)


def test_distance_between_points() -> None:
    assert geodesic_distance_m(0, 0, 1, 0)[0] == pytest.approx(111_319.491, abs=0.01)


def test_projection_round_trip() -> None:
    x, y = to_projected([111.9343], [43.6988])
    lon, lat = to_lonlat(x, y)
    assert lon[0] == pytest.approx(111.9343, abs=1e-9)
    assert lat[0] == pytest.approx(43.6988, abs=1e-9)


def test_a_geodesic_circle_lies_at_its_radius_and_closes() -> None:
    lons, lats = geodesic_circle(119.7567, 47.0861, 36_000.0)
    d = geodesic_distance_m(np.full(lons.size, 119.7567), np.full(lats.size, 47.0861), lons, lats)
    np.testing.assert_allclose(d, 36_000.0, atol=1.0)
    assert (lons[0], lats[0]) == pytest.approx((lons[-1], lats[-1]))
