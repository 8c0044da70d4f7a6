"""Field-strength hinterlands: hand-computed on a matrix and the tiny fixture; limits on the data."""

from __future__ import annotations

import math
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from corridormap import places, settings
from corridormap.analysis import field
from corridormap.analysis._centres import centre_ids, centre_mass
from corridormap.errors import SettingsError
from corridormap.geometry import geodesic_lengths_m
from tests.conftest import NODES
from tests.test_cli import run

NAN = float("nan")
CONVENTIONAL_KPH, ACCESS_KPH = 70.0, 40.0


def test_strongest_field_by_hand_with_a_tie_a_centre_point_and_unreached_points() -> None:
    times = pd.DataFrame(
        {"a": [1.0, 3.0, 0.0, NAN, 1.0], "b": [2.0, 1.0, 2.0, NAN, 2.0], "c": [1.0] * 5},
        index=["p", "q", "r", "s", "u"],
    )
    mass = pd.Series({"a": 1.0, "b": 4.0, "c": NAN})  # c has no mass: it pulls nothing
    out = field.field_from(times, mass, alpha=2.0)
    # p: E_a = 1/1 = 1, E_b = 4/4 = 1: a tie, to a (first by id), b reported
    assert (out.loc["p", "centre"], out.loc["p", "tie"]) == ("a", "b")
    # q: E_a = 1/9, E_b = 4: b; r stands on a (T = 0)
    assert out.loc["q", "centre"] == "b"
    assert out.loc["q", "log_strength"] == pytest.approx(math.log(4.0))
    assert (out.loc["r", "centre"], out.loc["r", "log_strength"]) == ("a", math.inf)
    assert (out.loc["s", "centre"], out.loc["s", "status"]) == ("", "no_route")
    # alpha 1: p goes to b (4/2 > 1/1)
    assert field.field_from(times, mass, alpha=1.0).loc["p", "centre"] == "b"


@pytest.mark.parametrize("alpha", [0.0, -1.0, NAN, math.inf])
def test_unusable_alpha_is_refused(alpha: float) -> None:
    with pytest.raises(SettingsError):
        field.field_from(pd.DataFrame({"a": [1.0]}), pd.Series({"a": 1.0}), alpha=alpha)


def _grid(points: list[tuple[float, float, str]]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"country": [c for *_, c in points]},
        geometry=[shapely.Point(x, y) for x, y, _ in points],
        crs="EPSG:4326",
    )


def test_on_the_fixture_points_join_the_network_and_go_to_the_strongest(tiny_geodata: Path) -> None:
    grid = _grid(
        [
            (110.0, 40.0, "CN"),  # on pa (node A)
            (110.9, 40.0, "CN"),  # on B-C, 0.2 of it before C
            (112.25, 40.02, "CN"),  # beside the middle of E-F, a separate component
            (114.0, 43.0, "CN"),  # far from every edge
            (110.5, 40.0, "MN"),  # on B, but a point abroad joins foreign edges only
        ]
    )
    with settings.override(route_by="time"):
        f = field.hinterlands(
            "rail", centres=["pa", "cc", "ce"], mass="population", grid=grid, spacing_m=10_000
        )
    pts = f.points
    assert list(pts["centre"]) == ["pa", "cc", "ce", "", ""]
    assert list(pts["status"]) == ["ok", "ok", "ok", "too_far", "too_far"]
    assert pts.loc[0, "time_h"] == pytest.approx(0.0, abs=1e-9)
    bc, access, ef = geodesic_lengths_m(
        np.array(
            [
                shapely.LineString([NODES[2], NODES[3]]),
                shapely.LineString([(111.0, 39.99), NODES[3]]),
                shapely.LineString([NODES[5], NODES[6]]),
            ]
        )
    )
    # cc (1e6) and pa (1e6, its league's figures) pull alike: the nearer by time wins, cc.
    # To 2 s: the projected chord B-C passes ~30 m from the parallel the point stands on.
    assert pts.loc[1, "time_h"] == pytest.approx(
        access / 1000 / ACCESS_KPH + 0.2 * bc / 1000 / CONVENTIONAL_KPH, abs=6e-4
    )
    snap = 0.02 * 111.0  # km north of E-F, about
    assert pts.loc[2, "time_h"] == pytest.approx(
        0.5 * ef / 1000 / CONVENTIONAL_KPH + snap / ACCESS_KPH, rel=1e-2
    )
    table = f.hinterlands.set_index("centre")
    assert table.loc[["pa", "cc", "ce"], "cells"].tolist() == [1, 1, 1]
    assert table.loc["pa", "area_km2"] == pytest.approx(100.0)
    assert table.loc["pa"].geometry.area > 0


def test_every_port_is_the_strongest_field_at_its_own_place() -> None:
    g = places.gazetteer().places
    ids = centre_ids("ports", "road")
    at = [i for i in ids if g[i].lon is not None]
    grid = _grid([(g[i].lon, g[i].lat, "CN") for i in at])  # type: ignore[misc]
    f = field.hinterlands("road", centres="ports", mass="equal", grid=grid, spacing_m=25_000)
    ok = f.points["status"] == "ok"
    assert ok.sum() >= 5
    assert (f.points.loc[ok, "centre"] == pd.Series(at)[ok.to_numpy()].to_numpy()).all()


def test_a_huge_alpha_gives_the_nearest_centre_by_time() -> None:
    grid = field.field_grid(spacing_m=100_000)
    ids = centre_ids("cities", "road")
    times, status = field.grid_times("road", grid, ids)
    mass = centre_mass(ids, "population")
    with_mass = [c for c in ids if np.isfinite(mass[c])]
    reached = times[with_mass].notna().any(axis=1) & (status == "ok")
    nearest = times.loc[reached, with_mass].idxmin(axis=1)
    out = field.field_from(times, mass, alpha=1e6)
    assert reached.sum() > 50
    assert (out.loc[reached, "centre"] == nearest[reached]).all()
    # at alpha 1 Beijing's mass wins points that are nearer to another city
    loose = field.field_from(times, mass, alpha=1.0)
    assert (loose.loc[reached, "centre"] != nearest[reached]).any()


def test_the_grid_is_on_land_every_spacing() -> None:
    grid = field.field_grid(spacing_m=50_000)
    assert set(grid["country"]) >= {"CN", "MN", "RU"}
    dx = np.diff(np.sort(grid["x_m"].unique()))
    assert np.allclose(dx, 50_000)
    with pytest.raises(SettingsError):
        field.field_grid(spacing_m=10.0)


def test_the_cli_writes_hinterlands_and_points() -> None:
    out = run("field", "--mode", "road", "--mass", "equal", "--spacing-km", "50", "--format", "csv")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0].startswith(
        "centre,mode,mass,alpha,mass_value,mass_year,cells,area_km2"
    )
    pts = run("field", "--mode", "rail", "--spacing-km", "100", "--points")
    assert pts.returncode == 0, pts.stderr
    assert '"FeatureCollection"' in pts.stdout
