"""Borders and timetables: routes stay in China, cross once at an open port, run at class speeds."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely import LineString, Point

from corridormap import borders, calibration, classes, data, network, routing, settings
from corridormap.geometry import geodesic_lengths_m
from tests.test_cli import run

ROOT = Path(__file__).resolve().parents[1]


def _china() -> shapely.Geometry:
    countries = data.load_basemap("countries")
    return shapely.union_all(countries.geometry[countries["name_en"] == "China"].to_numpy())


def _excursions(mode: str) -> shapely.Geometry:
    """The straightened pieces of Chinese line that cut across a neighbour's outline."""
    crossings = data.load_crossings()
    rows = crossings[(crossings["mode"] == mode) & (crossings["status"] == "excursion")]
    pairs = {
        frozenset((int(a), int(b))) for a, b in zip(rows["node"], rows["node_to"], strict=True)
    }
    edges = data.load_edges(mode)
    keep = [
        frozenset((int(u), int(v))) in pairs for u, v in zip(edges["u"], edges["v"], strict=True)
    ]
    # 0.005° (about 500 m): a place that joins an excursion cuts it at a foot computed in metres,
    # and the straight lon/lat piece from that foot bows off the original straight edge.
    return shapely.buffer(shapely.union_all(edges.geometry[keep].to_numpy()), 5e-3)


ALL_PLANNED = ("xb_ganqimaodu_gashuunsukhait", "xb_ceke_shiveekhuren", "xb_mandula_khangi")


@pytest.mark.parametrize(
    ("mode", "year", "planned"),
    [
        ("rail", None, ()),
        ("rail", 2015, ()),
        ("rail", 2022, ALL_PLANNED),
        ("road", None, ()),
        ("road", 2015, ()),
    ],
)
def test_no_route_between_two_chinese_places_leaves_china(
    mode: str, year: int | None, planned: tuple[str, ...]
) -> None:
    with settings.override(year=year):
        _stays_in_china(mode, planned)


def _stays_in_china(mode: str, planned: tuple[str, ...]) -> None:
    countries = data.load_basemap("countries")
    others = shapely.union_all(countries.geometry[countries["name_en"] != "China"].to_numpy())
    # Allowed outside China's outline: the sea (Tianjin port) and the listed excursions of
    # straightened Chinese line; nothing inside another country.
    allowed = shapely.union(shapely.buffer(_china(), 1e-6), _excursions(mode))
    country = data.load_places()["country"].fillna("CN")
    od = routing.od_matrix(mode, planned=planned)
    od = od[(od["status"] == "ok")]
    domestic = [
        (o, d) for o, d in zip(od["origin"], od["destination"], strict=True)
        if country[d] == "CN"
    ]  # fmt: skip
    assert len(domestic) > 100
    abroad = []
    for o, d in domestic:
        r = routing.route(o, d, mode, planned=planned)
        # the network part: without the access legs to the places' own points (a port stands
        # on the 10m border line, up to 3 km off the 50m outline)
        network_part = LineString(list(r.geometry.coords)[1:-1])
        out = shapely.intersection(shapely.difference(network_part, allowed), others)
        km = float(geodesic_lengths_m([out])[0]) / 1e3 if not out.is_empty else 0.0
        if km > 0.001:
            abroad.append((o, d, round(km, 3)))
        assert r.crossing is None
    assert abroad == []


def test_ceke_to_hohhot_by_road_stays_in_china() -> None:
    r = routing.route("策克口岸", "呼和浩特", "road")
    network_part = LineString(list(r.geometry.coords)[1:-1])
    allowed = shapely.union(shapely.buffer(_china(), 1e-6), _excursions("road"))
    assert shapely.difference(network_part, allowed).length == pytest.approx(0, abs=1e-9)
    assert 900 < r.length_km < 1200  # it used to run 598 km through Mongolia


@pytest.mark.parametrize(
    ("a", "b", "mode", "port"),
    [
        ("二连浩特铁路口岸", "乌兰巴托", "rail", "erenhot_rail"),
        ("呼和浩特", "扎门乌德", "rail", "erenhot_rail"),
        ("满洲里公路口岸", "赤塔", "road", "manzhouli_road"),
        ("哈尔滨", "后贝加尔斯克", "rail", "manzhouli_rail"),
    ],
)
def test_a_route_abroad_crosses_once_at_an_open_port_and_pays_the_crossing(
    a: str, b: str, mode: str, port: str
) -> None:
    r = routing.route(a, b, mode)
    assert r.crossing == port
    china = _china()
    parts = shapely.get_parts(shapely.intersection(r.geometry, shapely.boundary(china)))
    assert len(parts) == 1  # the line meets China's outline exactly once
    cfg = settings.get()
    profile = cfg.profile[mode]
    expected = cfg.crossing_h[profile] + (cfg.gauge_change_h[profile] if mode == "rail" else 0)
    assert r.crossing_h == pytest.approx(expected, abs=1e-6)
    crossing_legs = [leg for leg in r.legs if leg.crossing is not None]
    assert [leg.crossing for leg in crossing_legs] == [port]
    assert crossing_legs[0].time_h > expected


def test_only_open_ports_of_the_mode_cross() -> None:
    crossings = data.load_crossings()
    ports = data.load_places()
    open_ = crossings[crossings["status"] == "open"]
    assert set(open_.loc[open_["mode"] == "rail", "port_id"]) == {"erenhot_rail", "manzhouli_rail"}
    for mode, rows in open_.groupby("mode"):
        assert (ports.loc[rows["port_id"], "port_type"] == mode).all()
    G = routing.cached_graph("rail").G
    marked = {d["crossing"] for _, _, d in G.edges(data=True) if d.get("crossing")}
    assert marked == {"erenhot_rail", "manzhouli_rail"}


def test_freight_never_uses_a_passenger_dedicated_edge() -> None:
    with settings.override(profile={"rail": "freight", "road": "car"}):
        G = routing.cached_graph("rail").G
        assert all(d["class"] not in ("high_speed", "intercity") for _, _, d in G.edges(data=True))
        named = [str(d["line_zh"]).split(";") for _, _, d in G.edges(data=True) if d.get("line_zh")]
        only_passenger = [
            n
            for n in named
            if all(classes.rail_line_class(x)[0] in classes.PASSENGER_ONLY for x in n)
        ]
        assert only_passenger == []
        r = routing.route("二连浩特铁路口岸", "呼和浩特", "rail")
        assert {leg.cls for leg in r.legs} <= {"conventional", "access", "connector"}
    fast = routing.route("呼和浩特", "北京", "rail")
    assert "high_speed" in {leg.cls for leg in fast.legs}


def test_speed_override_changes_the_time_of_its_class_only() -> None:
    base = routing.route("呼和浩特", "北京", "rail")
    speeds = dict(settings.get().class_speeds)
    speeds["passenger"] = {**speeds["passenger"], "high_speed": 300.0}
    with settings.override(class_speeds=speeds):
        faster = routing.route("呼和浩特", "北京", "rail")
    hs = sum(leg.km for leg in faster.legs if leg.cls == "high_speed")
    assert hs > 400
    if base.nodes == faster.nodes:
        assert base.time_h - faster.time_h == pytest.approx(hs / 210 - hs / 300, rel=1e-6)
    assert faster.time_h < base.time_h


def test_calibration_table_agrees_within_the_stated_tolerance() -> None:
    table = calibration.calibration_table()
    fitted = table[table["use"] == "fit"]
    assert len(fitted) >= 8
    assert (fitted["status"] == "ok").all()
    assert ((fitted["ratio"] - 1).abs() <= calibration.TOLERANCE).all(), fitted[
        ["from_station", "to_station", "ratio"]
    ]
    facts = pd.read_csv(data.path("facts/timetable.csv"))
    assert facts["source"].str.startswith("http").all()
    assert facts["quote"].str.len().gt(10).all()


@pytest.mark.parametrize("by", ["time", "length"])
@pytest.mark.parametrize("mode", ["rail", "road"])
def test_fast_od_equals_osmnx_per_pair_with_borders(mode: str, by: str) -> None:
    origins = ["erenhot_rail", "manzhouli_rail", "ceke"] if mode == "rail" else [
        "erenhot_road", "ceke", "manzhouli_road"]  # fmt: skip
    dests = ["hohhot", "beijing", "ulaanbaatar", "chita", "alxa"]
    fast = routing.od_matrix(mode, origins, dests, by=by)
    slow = routing.od_matrix_osmnx(mode, origins, dests, by=by)
    pd.testing.assert_frame_equal(fast, slow, atol=1e-3, rtol=0)
    assert (fast["status"] == "ok").sum() >= 8


def test_route_geojson_from_the_cli() -> None:
    out = run("route", "二连浩特", "乌兰巴托", "--mode", "rail", "--format", "geojson")
    assert out.returncode == 0, out.stderr
    feature = json.loads(out.stdout)
    assert feature["type"] == "Feature"
    assert feature["geometry"]["type"] == "LineString"
    assert feature["properties"]["crossing"] == "erenhot_rail"
    lib = routing.route("二连浩特", "乌兰巴托", "rail")
    assert feature["properties"]["length_km"] == pytest.approx(lib.length_km, abs=1e-3)


def test_cli_rejects_an_unknown_class_speed() -> None:
    out = run("route", "呼和浩特", "北京", "--mode", "rail", "--speed", "warp=9000")
    assert out.returncode == 2
    assert "high_speed" in out.stderr and "Traceback" not in out.stderr


# --- a fixture with hand-computed times --------------------------------------------------

#: Home side A-B-C (A-B high-speed, B-C conventional, A-C conventional), then C-D abroad
#: through a crossing at C; E is a second, closed crossing at B.
_NODES = {1: (110.0, 40.0), 2: (110.5, 40.0), 3: (111.0, 40.0), 4: (111.5, 40.0), 5: (110.5, 40.5)}
_EDGES = [
    (1, 2, "high_speed", "CN", None, True),
    (2, 3, "conventional", "CN", None, False),
    (1, 3, "conventional", "CN", None, False),
    (3, 4, "broad_gauge", "MN", "px", False),
]


def _fixture(root: Path) -> Path:
    root.mkdir(parents=True)
    geoms = [LineString([_NODES[u], _NODES[v]]) for u, v, *_ in _EDGES]
    edges = gpd.GeoDataFrame(
        {
            "u": [e[0] for e in _EDGES],
            "v": [e[1] for e in _EDGES],
            "kind": "osm",
            "status": "open",
            "line_zh": ["甲高铁", "乙线", "丙线", "丁线"],
            "corridor_id": None,
            "class": [e[2] for e in _EDGES],
            "country": [e[3] for e in _EDGES],
            "crossing": [e[4] for e in _EDGES],
            "gauge_break": [e[4] is not None for e in _EDGES],
            "passenger_only": [e[5] for e in _EDGES],
            "tariff_km": [60.0, None, None, None],
        },
        geometry=geoms,
        crs="EPSG:4326",
    )
    edges["length_m"] = geodesic_lengths_m(edges.geometry.to_numpy())
    edges.to_parquet(root / "rail_edges.parquet")
    edges.to_parquet(root / "road_edges.parquet")
    gpd.GeoDataFrame(
        {"id": ["px"], "name_zh": ["甲口岸"], "name_en": ["Jia port"], "alt_names": [None],
         "kind": "port", "port_type": ["rail"], "faces": ["Mongolia"]},
        geometry=[Point(_NODES[3])], crs="EPSG:4326",
    ).to_file(root / "ports.geojson")  # fmt: skip
    gpd.GeoDataFrame(
        {"id": ["ca", "cd"], "name_zh": ["甲城", "丁城"], "name_en": ["A City", "D City"],
         "alt_names": [None, None], "kind": "city", "country": ["CN", "MN"]},
        geometry=[Point(_NODES[1]), Point(_NODES[4])], crs="EPSG:4326",
    ).to_file(root / "cities.geojson")  # fmt: skip
    return root


def _km(u: int, v: int) -> float:
    return float(geodesic_lengths_m([LineString([_NODES[u], _NODES[v]])])[0]) / 1e3


@pytest.mark.parametrize("profile", ["passenger", "freight"])
def test_hand_computed_times_by_class_profile_and_gauge_break(tmp_path: Path, profile: str) -> None:
    root = _fixture(tmp_path / "geodata")
    with settings.override(geodata_dir=root, profile={"rail": profile, "road": "car"}):
        cfg = settings.get()
        sp = cfg.class_speeds[profile]
        r = routing.route("甲城", "甲口岸", "rail")
        if profile == "passenger":  # A-B high-speed then B-C, faster than A-C direct
            expected = _km(1, 2) / sp["high_speed"] + _km(2, 3) / sp["conventional"]
            assert r.nodes[1:-1] == (1, 2, 3) or 2 in r.nodes
        else:  # freight may not use A-B
            expected = _km(1, 3) / sp["conventional"]
            assert 2 not in r.nodes
        assert r.time_h == pytest.approx(expected, rel=1e-6)
        assert r.crossing is None
        abroad = routing.route("甲城", "丁城", "rail")
        border = cfg.crossing_h[profile] + cfg.gauge_change_h[profile]
        assert abroad.time_h == pytest.approx(
            expected + _km(3, 4) / sp["broad_gauge"] + border, rel=1e-6
        )
        assert abroad.crossing == "px"
        assert abroad.crossing_h == pytest.approx(border)
        shortest = routing.route("甲城", "甲口岸", "rail", by="length")
        assert shortest.length_km == pytest.approx(_km(1, 3), rel=1e-9)
        assert network.graph_for("rail").G.nodes[4]["side"] == "abroad"


def test_edges_come_out_in_one_country_each_and_closed_crossings_are_closed() -> None:
    edges = data.load_edges("road")
    sample = edges[(edges["kind"] == "osm") & (edges["status"] == "open")]
    sample = sample.sample(5000, random_state=1)
    countries = data.load_basemap("countries")
    codes = countries["name_en"].map(borders.COUNTRY_CODES).to_numpy()
    mid = shapely.line_interpolate_point(sample.geometry.to_numpy(), 0.5, normalized=True)
    inside = np.column_stack([shapely.contains(g, mid) for g in countries.geometry])
    one = inside.sum(axis=1) == 1
    expected = codes[inside[one].argmax(axis=1)]
    got = sample["country"].to_numpy()[one]
    excursion = shapely.intersects(_excursions("road"), mid[one])
    assert one.sum() > 4500
    assert ((got == expected) | excursion).all()
    assert (got[(got != expected)] == "CN").all()  # an excursion is always the Chinese line
    crossings = data.load_crossings()
    closed = crossings[(crossings["status"] == "closed") & (crossings["mode"] == "road")]
    for node in closed["node"]:
        at = edges[((edges["u"] == node) | (edges["v"] == node)) & (edges["country"] != "CN")]
        assert (at["status"] == "closed").all()
