from __future__ import annotations

import itertools
from pathlib import Path

import geopandas as gpd
import numpy as np
import osmnx as ox
import pandas as pd
import pytest
from pyproj import Geod

from corridormap import data, routing, stopping
from corridormap.errors import (
    EmptySelectionError,
    NoRouteError,
    NotOnNetworkError,
    UnknownPlaceError,
    WorkStoppedError,
)
from tests.conftest import CC, NODES

GEOD = Geod(ellps="WGS84")


def _d(a: tuple[float, float], b: tuple[float, float]) -> float:
    return float(GEOD.inv(a[0], a[1], b[0], b[1])[2])


# --- the tiny network built in the test -------------------------------------------------


def test_route_takes_the_short_way_and_its_length_is_the_hand_summed_geodesic(
    tiny_geodata: Path,
) -> None:
    r = routing.route("甲口岸", "Bing City", "rail")
    expected_m = _d(NODES[1], NODES[2]) + _d(NODES[2], NODES[3]) + _d(NODES[3], CC)
    assert r.length_km * 1000 == pytest.approx(expected_m, abs=0.01)
    assert 4 not in r.nodes  # not via D: A-D-C is longer
    assert r.lines == (
        ("甲线", pytest.approx((_d(NODES[1], NODES[2]) + _d(NODES[2], NODES[3])) / 1000)),
    )
    assert r.access_km[1] == pytest.approx(_d(NODES[3], CC) / 1000)
    # unclassed track is conventional (70 km/h); the access leg runs at 40 km/h
    track_km = (_d(NODES[1], NODES[2]) + _d(NODES[2], NODES[3])) / 1000
    assert r.time_h == pytest.approx(track_km / 70.0 + _d(NODES[3], CC) / 1000 / 40.0, rel=1e-6)
    assert r.geometry.coords[0] == NODES[1]
    assert r.geometry.coords[-1] == pytest.approx(CC)


def test_route_json_shape(tiny_geodata: Path) -> None:
    d = routing.route("pa", "cc", "road").to_dict()
    assert {"length_km", "time_h", "lines", "from", "to", "mode"} <= set(d)
    assert d["from"]["id"] == "pa"
    assert d["to"]["name_en"] == "Bing City"
    assert d["lines"] == ["甲线"]


def test_disconnected_pair_says_so(tiny_geodata: Path) -> None:
    with pytest.raises(NoRouteError, match="do not connect"):
        routing.route("pa", "ce", "rail")


def test_place_far_from_the_network_is_not_joined(tiny_geodata: Path) -> None:
    with pytest.raises(NotOnNetworkError, match="more than 15 km from the rail network"):
        routing.route("pa", "Far City", "rail")


def test_air_port_is_not_on_the_ground_networks(tiny_geodata: Path) -> None:
    with pytest.raises(NotOnNetworkError, match="air port"):
        routing.route("乙航空口岸", "cc", "road")


def test_unknown_name_in_a_route(tiny_geodata: Path) -> None:
    with pytest.raises(UnknownPlaceError, match="丙城"):
        routing.route("甲口岸", "丙成", "rail")


def test_od_matrix_statuses_and_values(tiny_geodata: Path) -> None:
    od = routing.od_matrix("rail").set_index(["origin", "destination"])
    assert od.loc[("pa", "cc"), "length_km"] == pytest.approx(
        routing.route("pa", "cc", "rail").length_km
    )
    assert od.loc[("pa", "cc"), "status"] == "ok"
    assert od.loc[("pa", "ce"), "status"] == "no_route"
    assert od.loc[("pa", "cfar"), "status"] == "too_far"
    assert (od.loc["pair", "status"] == "air_port").all()
    assert od.loc[od["status"] != "ok", ["length_km", "time_h"]].isna().all().all()


def test_od_matrix_empty_selection(tiny_geodata: Path) -> None:
    with pytest.raises(EmptySelectionError, match="no origins selected"):
        routing.od_matrix("rail", [], ["cc"])
    with pytest.raises(EmptySelectionError, match="no destinations selected"):
        routing.od_matrix("rail", ["pa"], [])
    with pytest.raises(UnknownPlaceError):
        routing.od_matrix("rail", ["nowhere"], ["cc"])


def test_fast_od_equals_osmnx_on_the_tiny_network(tiny_geodata: Path) -> None:
    fast = routing.od_matrix("road")
    slow = routing.od_matrix_osmnx("road")
    pd.testing.assert_frame_equal(fast, slow, atol=1e-3, rtol=0)


# --- the bundled network --------------------------------------------------------------


def _station_km(a: str, b: str) -> float:
    stations = (
        gpd.read_file(data.path("rail_stations.geojson"))
        .drop_duplicates("name_zh")
        .set_index("name_zh")
    )
    G = routing.cached_graph("rail").G
    path = ox.routing.shortest_path(
        G, int(stations.at[a, "node"]), int(stations.at[b, "node"]), weight="length"
    )
    assert path is not None
    return (
        sum(min(d["length"] for d in G[u][v].values()) for u, v in itertools.pairwise(path)) / 1000
    )


# Published km (tariff table 客里表 or line length; geodata/SOURCES.md). Tolerances: the OSM
# alignments are simplified to straight runs between nodes upstream, so the network runs below
# tariff km (on 572 consecutive station pairs >= 20 km: -3.7 % in total, median -2.1 %); where the
# shortest path follows one line the gap stays within 3 %; where it may take a straighter
# high-speed or newer alignment, or a line crosses mountains (包兰线), within 10 %. It must never
# be more than 2 % longer than published.
PUBLISHED = [
    ("哈尔滨", "满洲里", 935, 0.03),  # 滨洲线
    ("北京北", "张家口", 172, 0.03),  # 京张高铁 tariff km
    ("呼和浩特", "包头", 165, 0.03),  # 京包线 tariff km
    ("集宁南", "二连", 333, 0.05),  # 集二线 tariff km (published line length 336)
    ("张家口", "呼和浩特东", 287, 0.05),  # 张呼高铁 tariff km
    ("包头", "兰州", 979, 0.10),  # 包兰线 tariff km (published 990-995)
    ("临河", "额济纳", 684, 0.10),  # 临额线 tariff km
    ("昌平", "通辽", 804, 0.10),  # 京通线 tariff km
]


@pytest.mark.parametrize(("a", "b", "km", "tol"), PUBLISHED)
def test_rail_lengths_against_published_km(a: str, b: str, km: float, tol: float) -> None:
    got = _station_km(a, b)
    assert km * (1 - tol) <= got <= km * 1.02


def test_harbin_manzhouli_follows_the_binzhou_line() -> None:
    r = routing.route("哈尔滨", "满洲里铁路口岸", "rail", by="length")
    names = dict(r.lines)
    # the 哈齐 high-speed line runs beside 滨洲线 from Harbin to Qiqihar
    assert names.get("滨洲线", 0) + names.get("哈齐客专线", 0) > 600
    assert 900 < r.length_km < 960


def test_erenhot_to_ulaanbaatar_crosses_by_rail() -> None:
    r = routing.route("二连浩特铁路口岸", "乌兰巴托", "rail")
    # Erenhot-Ulaanbaatar is about 620 km by the Trans-Mongolian line (709 km Ulaanbaatar-
    # Zamyn-Uud by km posts minus the border approach is the published order of magnitude).
    assert 580 < r.length_km < 720


def test_a_port_on_the_network_has_no_access_leg_and_the_legs_add_up() -> None:
    r = routing.route("二连浩特铁路口岸", "呼和浩特", "rail")  # the port lies on the line
    assert r.access_km[0] < 0.001 and r.legs[0].cls != "access"
    assert r.legs[-1].cls == "access" and r.legs[-1].km == pytest.approx(r.access_km[1])
    assert sum(leg.km for leg in r.legs) == pytest.approx(r.length_km, abs=0.001)
    assert sum(leg.time_h for leg in r.legs) == pytest.approx(r.time_h, abs=1e-4)  # 0.4 s


def test_road_hohhot_baotou_matches_the_expressway() -> None:
    r = routing.route("呼和浩特", "包头", "road")
    # 呼包高速 is 151 km between the two ends; city centres add a few km of access.
    assert 150 < r.length_km < 185


@pytest.mark.parametrize("mode", ["rail", "road"])
def test_fast_od_equals_osmnx_for_every_bundled_pair(mode: str) -> None:
    fast = routing.od_matrix(mode)
    slow = routing.od_matrix_osmnx(mode)
    assert (fast["status"] == slow["status"]).all()
    ok = fast["status"] == "ok"
    assert ok.sum() > 100
    np.testing.assert_allclose(
        fast.loc[ok, "length_km"] * 1000, slow.loc[ok, "length_km"] * 1000, atol=1.0, rtol=0
    )
    np.testing.assert_allclose(
        fast.loc[ok, "time_h"] * 3600, slow.loc[ok, "time_h"] * 3600, atol=1.0, rtol=0
    )


def test_od_matrix_covers_ports_by_cities_with_reasons() -> None:
    od = routing.od_matrix("road")
    assert len(od) == 20 * 39
    reasons = set(od["status"])
    assert reasons <= {"ok", "no_route", "too_far", "air_port", "no_coordinates"}
    assert od.loc[od["status"] == "ok", "length_km"].gt(0).all()


def test_planned_corridor_is_off_by_default_and_never_lengthens_a_path() -> None:
    base = routing.cached_graph("rail")
    assert not any(d.get("status") == "planned" for *_, d in base.G.edges(data=True))
    before = routing.od_matrix("rail")
    after = routing.od_matrix(
        "rail", planned=["xb_ganqimaodu_gashuunsukhait", "xb_ceke_shiveekhuren"]
    )
    both = before["status"] == "ok"
    assert (after.loc[both, "time_h"] <= before.loc[both, "time_h"] + 1e-9).all()
    on = routing.cached_graph("rail", ["xb_ceke_shiveekhuren"])
    assert any(d.get("corridor_id") == "xb_ceke_shiveekhuren" for *_, d in on.G.edges(data=True))


def test_an_od_table_stops_between_chunks_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(routing, "_OD_CHUNK", 16)  # the bundled places make several chunks
    asked = []

    def gone() -> bool:
        asked.append(1)
        return len(asked) > 1  # the first chunk runs, the second is refused

    many = list(routing.cached_graph("rail").snaps.index)
    assert len(many) > 2 * 16
    with stopping.stop_when(gone), pytest.raises(WorkStoppedError, match="stopped"):
        routing.od_matrix("rail", many, ["hohhot"])
    assert len(asked) == 2
    with stopping.stop_when(lambda: False):
        assert len(routing.od_matrix("rail", many[:5], ["hohhot"])) == 5


def test_an_od_table_in_small_chunks_is_the_same_table(monkeypatch: pytest.MonkeyPatch) -> None:
    many = list(routing.cached_graph("road").snaps.index)
    whole = routing.od_matrix("road", many, many)
    monkeypatch.setattr(routing, "_OD_CHUNK", 7)
    pd.testing.assert_frame_equal(routing.od_matrix("road", many, many), whole)
    assert (whole["status"] == "ok").sum() > 1000
