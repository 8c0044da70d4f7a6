"""Time circles: hand-computed on the tiny fixture, nested and growing on the bundled data."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pytest
import shapely

from corridormap import routing, settings
from corridormap.analysis import isochrones
from corridormap.errors import SettingsError
from tests.test_cli import run

CONVENTIONAL_KPH = 70.0


def test_a_half_hour_band_on_the_fixture_reaches_35_km_down_each_line(tiny_geodata: Path) -> None:
    # pa stands on node A, where A-B (42.6 km) and A-D (70 km) start: in 0.5 h at 70 km/h the
    # band reaches 35 km down each, and no other place
    with settings.override(route_by="time"):
        bands = isochrones.isochrones("pa", "rail", hours=[0.5])
    band = bands.iloc[0]
    assert band["network_km"] == pytest.approx(2 * 0.5 * CONVENTIONAL_KPH, abs=0.1)
    assert band["places"] == "pa"
    times = routing.times_from("pa", "rail")
    assert times.min() == pytest.approx(0.0, abs=1e-9)


@pytest.mark.parametrize(("place", "mode"), [("erenhot_rail", "rail"), ("hohhot", "road")])
def test_bands_are_nested_and_grow_with_time(place: str, mode: str) -> None:
    bands = isochrones.isochrones(place, mode, hours=[1, 2, 4])
    assert list(bands["hours"]) == [1.0, 2.0, 4.0]
    assert bands["network_km"].is_monotonic_increasing
    assert bands["places_n"].is_monotonic_increasing
    polygons = list(bands.geometry)
    for inner, outer in itertools.pairwise(polygons):
        assert shapely.buffer(outer, 1e-4).contains(inner)  # to the 1e-5 degree rounding
        assert outer.area > inner.area
    assert place in bands.iloc[0]["places"].split(";")


@pytest.mark.parametrize("hours", [[0.0], [-1.0], [float("nan")], [100.0], []])
def test_unusable_hours_are_refused(hours: list[float]) -> None:
    with pytest.raises(SettingsError):
        isochrones.isochrones("erenhot_rail", "rail", hours=hours)


def test_the_cli_writes_one_feature_per_band() -> None:
    out = run("isochrone", "二连浩特", "--mode", "rail", "--hours", "1,3")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert [f["properties"]["hours"] for f in doc["features"]] == [1.0, 3.0]
    assert all(f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in doc["features"])
    bad = run("isochrone", "二连浩特", "--mode", "rail", "--hours", "1,x")
    assert bad.returncode == 2
    assert "--hours needs numbers" in bad.stderr


def test_the_land_near_a_network_is_the_union_of_its_lines_buffers() -> None:
    # a 100 km square (its middle is farther than 5 km from every side) with a 30 km dead end
    # inside, a 6 km grid of 2 km blocks, a bridge out to a fork, and a lone line drawn twice
    grid = [((100_000 + 2_000 * i, 0), (100_000 + 2_000 * i, 6_000)) for i in range(4)] + [
        ((100_000, 2_000 * i), (106_000, 2_000 * i)) for i in range(4)
    ]
    lines = np.array(
        [
            shapely.LineString(c)
            for c in [
                ((0, 0), (100_000, 0), (100_000, 100_000)),
                ((100_000, 100_000), (0, 100_000), (0, 0)),
                ((0, 50_000), (30_000, 50_000)),
                *grid,
                ((106_000, 3_000), (130_000, 3_000)),
                ((130_000, 3_000), (140_000, 10_000)),
                ((130_000, 3_000), (140_000, -5_000)),
                ((0, 150_000), (20_000, 170_000)),
                ((20_000, 170_000), (0, 150_000)),
            ]
        ]
    )
    got = isochrones._buffered(lines, 5_000.0)
    want = shapely.union_all(shapely.buffer(lines, 5_000.0, quad_segs=isochrones.QUAD_SEGS))
    assert got.area == pytest.approx(want.area, rel=1e-4)
    assert shapely.symmetric_difference(got, want).area < 1e-4 * want.area
    assert not got.contains(shapely.Point(60_000, 60_000))  # the square's middle stays out
    assert got.contains(shapely.Point(33_000, 53_000))  # near the dead end's tip
    assert got.contains(shapely.Point(103_000, 3_000))  # inside the block grid
    assert isochrones._buffered(np.array([], dtype=object), 5_000.0).is_empty


def test_a_narrow_seven_sided_face_keeps_its_middle_out() -> None:
    # a face of the Beijing road network, 14 km wide, whose middle is 5.5 km from every side:
    # GEOS alone shrinks a ring this small by 5 km to nothing
    ring = [(13_300, 5_200), (14_500, 600), (7_600, 0), (300, 3_500), (200, 3_500), (3_300, 23_100),
            (7_800, 22_500), (13_300, 5_200)]  # fmt: skip
    lines = np.array([shapely.LineString(ring[i : i + 2]) for i in range(len(ring) - 1)])
    got = isochrones._buffered(lines, 5_000.0)
    want = shapely.union_all(shapely.buffer(lines, 5_000.0, quad_segs=isochrones.QUAD_SEGS))
    assert len(want.interiors) == len(got.interiors) == 1
    hole = shapely.Polygon(got.interiors[0])
    assert hole.area == pytest.approx(shapely.Polygon(want.interiors[0]).area, rel=1e-6)
    assert hole.contains(shapely.Point(6_700, 7_400))
    # the outer corners' arcs are drawn from other vertices: within 0.3 % on a shape this small
    assert got.area == pytest.approx(want.area, rel=3e-3)
