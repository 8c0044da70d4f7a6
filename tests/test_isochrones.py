"""Time circles: hand-computed on the tiny fixture, nested and growing on the bundled data."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

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
