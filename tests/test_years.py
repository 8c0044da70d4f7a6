"""The network through time and planned scenarios, on the tiny fixture with hand-computed answers.

The fixture adds two edges to the tiny network (tests/conftest.py): line 丁线 C–E, a schematic
edge of 100 km (its published length, not its drawn one) that opened in 2020 and joins the
separate E–F component; and a planned corridor A–C of 80 km, shorter than A–B–C.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from pyproj import Geod
from shapely import LineString

from corridormap import routing, settings
from corridormap.analysis import scenario
from corridormap.errors import NoRouteError, SettingsError
from tests.conftest import CC, NODES, write_tiny_geodata

GEOD = Geod(ellps="WGS84")
CONVENTIONAL_KPH = 70.0
ACCESS_KPH = 40.0


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return float(GEOD.line_length([a[0], b[0]], [a[1], b[1]])) / 1000


@pytest.fixture
def dated(tmp_path: Path) -> Iterator[Path]:
    root = write_tiny_geodata(tmp_path / "geodata")
    edges = gpd.read_parquet(root / "rail_edges.parquet")
    extra = gpd.GeoDataFrame(
        {
            "u": [3, 1],
            "v": [5, 3],
            "kind": ["schematic", "planned"],
            "status": ["open", "planned"],
            "line_zh": ["丁线", "规划线"],
            "corridor_id": [None, "pl_ac"],
            "length_m": [100_000.0, 80_000.0],
            "opened_year": pd.array([2020, None], dtype="Int64"),
        },
        geometry=[LineString([NODES[3], NODES[5]]), LineString([NODES[1], NODES[3]])],
        crs="EPSG:4326",
    )
    edges = pd.concat([edges.assign(opened_year=pd.NA), extra], ignore_index=True)
    edges["opened_year"] = edges["opened_year"].astype("Int64")
    gpd.GeoDataFrame(edges, geometry="geometry", crs="EPSG:4326").to_parquet(
        root / "rail_edges.parquet"
    )
    with settings.override(geodata_dir=root, route_by="length"):
        yield root


@pytest.mark.parametrize("year", [2015, 2019])
def test_before_its_opening_year_the_line_is_not_there(dated: Path, year: int) -> None:
    with settings.override(year=year), pytest.raises(NoRouteError):
        routing.route("cc", "ce", "rail")


@pytest.mark.parametrize("year", [2020, 2025, None])
def test_from_its_opening_year_the_line_carries_its_published_length(
    dated: Path, year: int | None
) -> None:
    with settings.override(year=year):
        r = routing.route("cc", "ce", "rail")
    access = _km(CC, NODES[3])  # cc joins at C; ce sits on E
    assert r.length_km == pytest.approx(access + 100.0, abs=0.01)
    assert r.time_h == pytest.approx(access / ACCESS_KPH + 100.0 / CONVENTIONAL_KPH, abs=1e-3)
    assert r.schematic_km == pytest.approx(100.0, abs=0.01)
    assert r.year == year


def test_a_place_cut_onto_a_schematic_edge_shares_its_published_length(dated: Path) -> None:
    # A port halfway along the drawn C-E line (85 km drawn) splits the 100 km into two halves
    # of about 50 km (the cut is at the foot point in the projected CRS, 0.15 % off the middle).
    mid = ((NODES[3][0] + NODES[5][0]) / 2, NODES[3][1])
    ports = gpd.read_file(dated / "ports.geojson")
    ports.loc[0, "geometry"] = gpd.points_from_xy([mid[0]], [mid[1]])[0]
    ports.to_file(dated / "ports.geojson", driver="GeoJSON")
    with settings.override(geodata_dir=dated, route_by="length"):
        r = routing.route("pa", "ce", "rail")
    assert r.length_km == pytest.approx(50.0, abs=0.3)


def test_switching_a_scenario_on_never_lengthens_a_path(dated: Path) -> None:
    off = routing.route("pa", "cc", "rail")
    on = routing.route("pa", "cc", "rail", planned=["pl_ac"])
    access = _km(CC, NODES[3])
    assert off.length_km == pytest.approx(_km(NODES[1], NODES[2]) * 2 + access, abs=0.01)
    assert on.length_km == pytest.approx(80.0 + access, abs=0.01)
    tables = scenario.compare_states("rail", scenario.State(2015), scenario.State(2015, ("pl_ac",)))
    od = tables["od"]
    ok = (od["status_before"] == "ok") & (od["status_after"] == "ok")
    assert ok.any()
    assert (od.loc[ok, "length_km_delta"] <= 1e-9).all()
    row = od[(od["origin"] == "pa") & (od["destination"] == "cc")].iloc[0]
    assert row["length_km_delta"] == pytest.approx(80.0 - 2 * _km(NODES[1], NODES[2]), abs=0.01)


def test_year_against_year_reports_change_rate_and_newly_reached_places(dated: Path) -> None:
    tables = scenario.compare_states("rail", scenario.State(2015), scenario.State(2025))
    od = tables["od"].set_index(["origin", "destination"])
    assert od.loc[("pa", "ce"), "status_before"] == "no_route"
    assert od.loc[("pa", "ce"), "status_after"] == "ok"
    assert tables["why"].empty
    acc = tables["accessibility"].set_index("place")
    a0, a1 = acc.loc["pa", "weighted_h_before"], acc.loc["pa", "weighted_h_after"]
    assert acc.loc["pa", "change_rate"] == pytest.approx((a0 - a1) / a0)


def test_nothing_changed_comes_with_its_reason(dated: Path) -> None:
    same = scenario.compare_states("rail", scenario.State(2015), scenario.State(2019))
    assert list(same["why"]["reason"]) == ["no_new_lines"]
    with settings.override(profile={"rail": "freight", "road": "car"}):
        assert scenario.why_unchanged("rail", scenario.State(2015), scenario.State(2015)) == [
            ("same_state", "2015")
        ]


def test_a_year_outside_the_supported_span_is_refused() -> None:
    with pytest.raises(SettingsError, match=f"from {settings.FIRST_YEAR} to {settings.LAST_YEAR}"):
        with settings.override(year=1990):
            pass
    with pytest.raises(SettingsError):
        scenario.compare_states("rail", scenario.State(1990), scenario.State(2025))
