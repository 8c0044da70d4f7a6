"""OSM XML uploads and Overpass downloads become edge layers in the bundled schema."""

from __future__ import annotations

import http.server
import json
import re
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import parse_qs

import geopandas as gpd
import networkx as nx
import numpy as np
import osmnx as ox
import pandas as pd
import pytest
from pyproj import Geod
from shapely import Polygon, box

from corridormap import extracts, settings
from corridormap.errors import DownloadError, InvalidLayerError, SettingsError, UploadError
from corridormap.network import graph_from_edges

GEOD = Geod(ellps="WGS84")

#: OSM node id -> (lon, lat), on the 集二线 north of Jining.
NODES = {
    1: (111.90, 43.60),
    2: (111.95, 43.62),  # level crossing: on the railway and the primary road
    3: (112.00, 43.65),  # rail junction
    4: (112.05, 43.70),
    5: (112.02, 43.60),
    6: (112.10, 43.72),
    7: (112.03, 43.66),
    8: (112.03, 43.58),
    9: (112.01, 43.57),
    10: (111.93, 43.55),
    11: (111.94, 43.58),  # road junction
    12: (111.96, 43.56),
    13: (111.98, 43.58),
    14: (111.96, 43.575),  # the footway meets the secondary road here
    15: (112.01, 43.625),
    16: (112.08, 43.74),
}
#: OSM way id -> (node ids, tags).
WAYS: dict[int, tuple[list[int], dict[str, str]]] = {
    101: ([1, 2, 3], {"railway": "rail", "name": "集二线", "usage": "main"}),
    102: ([3, 4, 16], {"railway": "rail", "name": "集二线"}),
    103: ([3, 7, 4], {"railway": "rail", "name": "集二线", "service": "siding"}),  # 2nd track
    104: ([3, 15], {"railway": "rail", "name": "甲支线", "oneway": "yes"}),
    105: ([15, 5], {"railway": "rail", "name": "乙支线"}),
    106: ([5, 8, 9, 5], {"railway": "rail"}),  # balloon loop: a self-loop once simplified
    107: ([4, 6], {"railway": "light_rail"}),
    201: ([10, 11, 2], {"highway": "primary", "name": "G208", "oneway": "yes"}),
    202: ([11, 14, 13], {"highway": "secondary"}),
    203: ([14, 12], {"highway": "footway"}),
}
BBOX = (111.85, 43.50, 112.15, 43.75)


def osm_xml(ways: dict[int, tuple[list[int], dict[str, str]]] = WAYS) -> bytes:
    used = sorted({n for refs, _ in ways.values() for n in refs})
    parts = ['<?xml version="1.0" encoding="UTF-8"?>', '<osm version="0.6" generator="test">']
    parts += [f'<node id="{n}" lat="{NODES[n][1]}" lon="{NODES[n][0]}" version="1"/>' for n in used]
    for way_id, (refs, tags) in ways.items():
        parts.append(f'<way id="{way_id}" version="1">')
        parts += [f'<nd ref="{n}"/>' for n in refs]
        parts += [f'<tag k="{k}" v="{v}"/>' for k, v in tags.items()]
        parts.append("</way>")
    parts.append("</osm>")
    return "\n".join(parts).encode("utf-8")


def overpass_json(ways: dict[int, tuple[list[int], dict[str, str]]]) -> dict[str, object]:
    used = sorted({n for refs, _ in ways.values() for n in refs})
    nodes = [{"type": "node", "id": n, "lat": NODES[n][1], "lon": NODES[n][0]} for n in used]
    return {
        "version": 0.6,
        "generator": "Overpass API 0.7.62",
        "osm3s": {"timestamp_osm_base": "2025-01-01T00:00:00Z"},
        "elements": nodes
        + [
            {"type": "way", "id": w, "nodes": refs, "tags": tags}
            for w, (refs, tags) in ways.items()
        ],
    }


def geodesic_m(*nodes: int) -> float:
    lon, lat = zip(*(NODES[n] for n in nodes), strict=True)
    return float(GEOD.line_length(lon, lat))


def uv_names(edges: gpd.GeoDataFrame) -> list[tuple[int, int, str | None]]:
    """Return (u, v, line_zh) per row, a missing line_zh as None."""
    frame = edges[["u", "v", "line_zh"]]
    return [(u, v, None if pd.isna(name) else name) for u, v, name in frame.itertuples(False)]


def assert_edges_schema(edges: gpd.GeoDataFrame) -> None:
    assert list(edges.columns) == [
        "u",
        "v",
        "length_m",
        "kind",
        "status",
        "line_zh",
        "corridor_id",
        "geometry",
    ]
    assert edges.crs == "EPSG:4326"
    dtypes = {c: str(t) for c, t in edges.dtypes.items()}
    assert dtypes == {
        "u": "int64",
        "v": "int64",
        "length_m": "float64",
        "kind": "str",
        "status": "str",
        "line_zh": "str",
        "corridor_id": "str",
        "geometry": "geometry",
    }
    assert (edges["kind"] == "osm").all() and (edges["status"] == "open").all()
    assert edges["corridor_id"].isna().all()


#: The rail edges expected from WAYS: (u, v, OSM node path, line_zh). Nodes 1, 3, 4, 5, 16
#: are the only endpoints; renumbered in id order they become 0, 1, 2, 3, 4.
RAIL_EXPECTED = [
    (0, 1, (1, 2, 3), "集二线"),
    (1, 2, (3, 4), "集二线"),
    (1, 2, (3, 7, 4), "集二线"),
    (1, 3, (3, 15, 5), "乙支线;甲支线"),
    (2, 4, (4, 16), "集二线"),
]


def check_rail_edges(edges: gpd.GeoDataFrame) -> None:
    assert_edges_schema(edges)
    assert uv_names(edges) == [(u, v, name) for u, v, _, name in RAIL_EXPECTED]
    expected_m = [geodesic_m(*path) for _, _, path, _ in RAIL_EXPECTED]
    assert edges["length_m"].to_numpy() == pytest.approx(expected_m, abs=0.1)
    first = [tuple(g.coords[0]) for g in edges.geometry]
    assert first == [NODES[path[0]] for _, _, path, _ in RAIL_EXPECTED]
    last = [tuple(g.coords[-1]) for g in edges.geometry]
    assert last == [NODES[path[-1]] for _, _, path, _ in RAIL_EXPECTED]


# --- OSM XML uploads ---------------------------------------------------------------


def test_rail_edges_from_osm_xml() -> None:
    edges = extracts.edges_from_osm_xml(osm_xml(), "jining.osm", "rail")
    check_rail_edges(edges)
    # the level crossing (node 2) and the light rail do not cut the 集二线; the loop is gone
    assert len(edges.geometry[0].coords) == 3
    assert not (edges["u"] == edges["v"]).any()


def test_rail_graph_routes_over_the_extract() -> None:
    edges = extracts.edges_from_osm_xml(osm_xml(), "jining.osm", "rail")
    G = graph_from_edges(edges, speeds={"conventional": 80.0})
    assert sorted(G.nodes) == [0, 1, 2, 3, 4]
    expected = geodesic_m(1, 2, 3) + geodesic_m(3, 15, 5)
    assert nx.shortest_path(G, 0, 3, weight="length") == [0, 1, 3]
    assert nx.shortest_path_length(G, 0, 3, weight="length") == pytest.approx(expected, abs=0.2)
    seconds = nx.shortest_path_length(G, 3, 0, weight="travel_time")
    assert seconds == pytest.approx(expected / (80 / 3.6), abs=0.1)
    # the direct 3-4 track wins over the parallel one through node 7
    assert nx.shortest_path_length(G, 1, 2, weight="length") == pytest.approx(
        geodesic_m(3, 4), abs=0.1
    )


def test_road_filter_keeps_primary_and_secondary_drops_footway() -> None:
    edges = extracts.edges_from_osm_xml(osm_xml(), "jining.osm", "road")
    assert_edges_schema(edges)
    # road endpoints 2, 10, 11, 13 -> 0, 1, 2, 3; the footway's node 14 is not a junction
    expected = [(0, 2, (2, 11), "G208"), (1, 2, (10, 11), "G208"), (2, 3, (11, 14, 13), None)]
    assert uv_names(edges) == [(u, v, name) for u, v, _, name in expected]
    assert edges["length_m"].to_numpy() == pytest.approx(
        [geodesic_m(*p) for _, _, p, _ in expected], abs=0.1
    )
    # the one-way primary is still routable both ways
    G = graph_from_edges(edges, speeds={"conventional": 80.0})
    assert nx.has_path(G, 0, 1) and nx.has_path(G, 1, 0)


def test_file_written_by_osmnx_loads_without_its_warning() -> None:
    # osmnx warns (UserWarning, an error under filterwarnings=error) when the root says
    # generator="OSMnx ..."; the upload is rewritten before osmnx reads it
    content = osm_xml().replace(b'generator="test"', b'generator="OSMnx 2.1.1"')
    assert len(extracts.edges_from_osm_xml(content, "saved.osm", "rail")) == len(RAIL_EXPECTED)


def test_osmnx_settings_are_restored_after_an_upload() -> None:
    before = list(ox.settings.useful_tags_way)
    assert "railway" not in before
    extracts.edges_from_osm_xml(osm_xml(), "jining.osm", "rail")
    assert ox.settings.useful_tags_way == before


def osm_error(content: bytes, mode: str = "rail", filename: str = "bad.osm") -> UploadError:
    with pytest.raises(UploadError) as info:
        extracts.edges_from_osm_xml(content, filename, mode)
    assert info.value.filename == filename
    assert str(info.value).startswith(f"{filename}: ")
    return info.value


def test_not_xml_is_refused() -> None:
    err = osm_error(b"u,v\n1,2\n", filename="edges.csv")
    assert "not well-formed XML" in err.problem
    assert "OpenStreetMap .osm XML" in err.problem


def test_xml_that_is_not_osm_is_refused() -> None:
    kml = b'<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document/></kml>'
    err = osm_error(kml, filename="lines.kml")
    assert "root element is <{http://www.opengis.net/kml/2.2}kml>, not <osm>" in err.problem


def test_billion_laughs_is_refused_before_expansion() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE osm [<!ENTITY lol "lol">'
        + b"".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode()
            for i in range(1, 10)
        )
        + b']><osm version="0.6"><node id="1" lat="43" lon="112"><tag k="a" v="&lol9;"/>'
        + b"</node></osm>"
    )
    err = osm_error(bomb)
    assert "declares entities" in err.problem
    assert "EntitiesForbidden" in err.problem


def test_no_railway_for_mode_rail() -> None:
    roads = {k: w for k, w in WAYS.items() if "highway" in w[1]}
    err = osm_error(osm_xml(roads))
    assert err.problem.startswith("no rail ways: none of the file's 3 ways is tagged railway=rail")


def test_road_mode_names_every_tag_it_looked_for() -> None:
    rails = {k: w for k, w in WAYS.items() if "railway" in w[1]}
    err = osm_error(osm_xml(rails), mode="road")
    assert "none of the file's 7 ways is tagged highway=motorway or highway=motorway_link" in (
        err.problem
    )
    assert "highway=tertiary_link" in err.problem


def test_empty_file_is_refused() -> None:
    assert osm_error(b"").problem.startswith("the file is empty")
    assert osm_error(b"  \n").problem.startswith("the file is empty")


def test_file_over_the_size_limit_is_refused_before_parsing() -> None:
    content = osm_xml()
    with settings.override(upload_max_bytes=len(content) - 1):
        err = osm_error(content)
    assert f"has {len(content):,} bytes, more than the limit of {len(content) - 1:,}" in (
        err.problem
    )
    with settings.override(upload_max_bytes=len(content)):
        assert len(extracts.edges_from_osm_xml(content, "ok.osm", "rail")) == 5


def test_way_with_a_missing_node_is_refused() -> None:
    content = osm_xml().replace(b'<node id="7" ', b'<node id="77" ')
    err = osm_error(content)
    assert "way 103 refers to node 7, which is not in the file" in err.problem


def test_node_without_a_valid_position_is_refused() -> None:
    content = osm_xml().replace(f'lat="{NODES[15][1]}"'.encode(), b'lat="north"')
    assert "node 15 has no valid position" in osm_error(content).problem


def test_only_self_loops_give_no_usable_edge() -> None:
    err = osm_error(osm_xml({106: WAYS[106]}))
    assert "give no usable rail edge" in err.problem


def test_unknown_mode() -> None:
    with pytest.raises(InvalidLayerError, match="unknown mode 'air'"):
        extracts.edges_from_osm_xml(osm_xml(), "a.osm", "air")


# --- edges_from_graph ------------------------------------------------------------------


def test_edges_from_graph_dedupes_orients_and_renumbers() -> None:
    G = nx.MultiDiGraph(crs="epsg:4326")
    G.add_node(900, x=112.0, y=43.0)
    G.add_node(20, x=111.0, y=43.0)
    G.add_node(7, x=111.0, y=44.0)
    G.add_edge(900, 20, osmid=1, railway="rail", name=["乙线", "甲线;乙线"])
    G.add_edge(20, 900, osmid=1, railway="rail", name=["甲线", "乙线"])  # the same way, back
    G.add_edge(20, 900, osmid=5, railway="rail")  # another way: a parallel edge, kept
    G.add_edge(20, 7, osmid=[2, 3], railway=["rail", "narrow_gauge"])
    G.add_edge(7, 7, osmid=4, railway="rail")  # self-loop, dropped
    G.add_edge(7, 900, osmid=6, highway="primary")  # not rail, dropped
    edges = extracts.edges_from_graph(G, "rail")
    # ids in osmnx id order: 7 -> 0, 20 -> 1, 900 -> 2
    assert uv_names(edges) == [(0, 1, None), (1, 2, "乙线;甲线"), (1, 2, None)]
    # u is the first vertex: the 900 -> 20 edge was reversed to run 20 -> 900
    assert [list(g.coords) for g in edges.geometry] == [
        [(111.0, 44.0), (111.0, 43.0)],
        [(111.0, 43.0), (112.0, 43.0)],
        [(111.0, 43.0), (112.0, 43.0)],
    ]
    assert edges["length_m"].tolist() == pytest.approx(
        [GEOD.inv(111, 44, 111, 43)[2], 81_540.5, 81_540.5], abs=0.05
    )
    road = extracts.edges_from_graph(G, "road")
    assert uv_names(road) == [(0, 1, None)]


def test_edges_from_graph_refuses_a_projected_graph() -> None:
    G = nx.MultiDiGraph(crs="EPSG:32649")
    with pytest.raises(InvalidLayerError, match="unprojected"):
        extracts.edges_from_graph(G, "rail")


# --- Overpass downloads --------------------------------------------------------------


@dataclass
class FakeOverpass:
    """What the local server answers, and the queries it received."""

    status: int = 200
    body: bytes = b""
    content_type: str = "application/json"
    queries: list[str] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)


@pytest.fixture
def overpass(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[FakeOverpass, str]]:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    fake = FakeOverpass()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            form = parse_qs(self.rfile.read(length).decode("utf-8"))
            fake.paths.append(self.path)
            fake.queries.extend(form.get("data", []))
            self.send_response(fake.status)
            self.send_header("Content-Type", fake.content_type)
            self.send_header("Content-Length", str(len(fake.body)))
            self.end_headers()
            self.wfile.write(fake.body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/api"
    try:
        with settings.override(overpass_url=url):
            yield fake, url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def osmnx_state() -> dict[str, object]:
    names = (
        "overpass_url",
        "overpass_rate_limit",
        "use_cache",
        "doh_url_template",
        "bidirectional_network_types",
    )
    state: dict[str, object] = {n: getattr(ox.settings, n) for n in names}
    state["useful_tags_way"] = list(ox.settings.useful_tags_way)
    state["getaddrinfo"] = socket.getaddrinfo
    return state


def test_rail_edges_from_overpass(overpass: tuple[FakeOverpass, str]) -> None:
    fake, _ = overpass
    rails = {k: w for k, w in WAYS.items() if w[1].get("railway") == "rail"}
    fake.body = json.dumps(overpass_json(rails)).encode()
    before = osmnx_state()
    edges = extracts.edges_from_overpass(BBOX, "rail")
    check_rail_edges(edges)
    assert osmnx_state() == before
    assert fake.paths == ["/api/interpreter"]
    assert len(fake.queries) == 1
    query = fake.queries[0]
    assert query.startswith("[out:json][timeout:")
    assert 'way["railway"~"^(rail)$"](poly:' in query
    # osmnx asks for the box buffered by 500 m: the polygon holds the box and barely more
    coords = np.array(re.search(r"poly:'([^']+)'", query).group(1).split(), float)  # type: ignore[union-attr]
    poly = Polygon(np.column_stack([coords[1::2], coords[0::2]]))
    assert poly.contains(box(*BBOX))
    west, south, east, north = poly.bounds
    assert BBOX[0] - west == pytest.approx(500 / 80_700, abs=5e-4)  # 1 deg lon ~ 80.7 km
    assert BBOX[1] - south == pytest.approx(500 / 111_100, abs=5e-4)
    assert east - BBOX[2] == pytest.approx(500 / 80_700, abs=5e-4)
    assert north - BBOX[3] == pytest.approx(500 / 111_100, abs=5e-4)


def test_road_query_uses_the_road_filter(overpass: tuple[FakeOverpass, str]) -> None:
    fake, _ = overpass
    roads = {k: w for k, w in WAYS.items() if w[1].get("highway") in {"primary", "secondary"}}
    fake.body = json.dumps(overpass_json(roads)).encode()
    edges = extracts.edges_from_overpass(BBOX, "road")
    assert len(edges) == 3
    assert edges["length_m"].sum() == pytest.approx(
        geodesic_m(10, 11, 2) + geodesic_m(11, 14, 13), abs=0.3
    )
    assert (
        '["highway"~"^(motorway|motorway_link|primary|primary_link|secondary|secondary_link|'
        'tertiary|tertiary_link|trunk|trunk_link)$"]'
    ) in fake.queries[0]


def test_server_error_is_a_download_error(overpass: tuple[FakeOverpass, str]) -> None:
    fake, url = overpass
    fake.status, fake.body, fake.content_type = 500, b"runtime error: out of memory", "text/plain"
    before = osmnx_state()
    with pytest.raises(DownloadError) as info:
        extracts.edges_from_overpass(BBOX, "rail")
    message = str(info.value)
    assert f"the Overpass API at {url} gave no usable answer" in message
    assert "500" in message and "out of memory" in message
    assert "works offline with the bundled data" in message
    assert osmnx_state() == before
    assert len(fake.queries) == 1


def test_garbage_answer_is_a_download_error(overpass: tuple[FakeOverpass, str]) -> None:
    fake, url = overpass
    fake.body, fake.content_type = b"<html>maintenance</html>", "text/html"
    with pytest.raises(DownloadError, match=re.escape(f"{url} gave no usable answer")) as info:
        extracts.edges_from_overpass(BBOX, "rail")
    assert "maintenance" in str(info.value)


def test_json_without_elements_is_a_download_error(overpass: tuple[FakeOverpass, str]) -> None:
    fake, _ = overpass
    fake.body = b'{"remark": "runtime error: Query timed out"}'
    with pytest.raises(DownloadError, match="KeyError: 'elements'"):
        extracts.edges_from_overpass(BBOX, "rail")


def test_empty_area_is_a_download_error(overpass: tuple[FakeOverpass, str]) -> None:
    fake, _ = overpass
    fake.body = json.dumps({"version": 0.6, "elements": []}).encode()
    with pytest.raises(DownloadError, match="No data elements in server response"):
        extracts.edges_from_overpass(BBOX, "rail")


def test_unreachable_server_is_a_download_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/api"  # nothing listens there any more
    before = osmnx_state()
    with settings.override(overpass_url=url), pytest.raises(DownloadError) as info:
        extracts.edges_from_overpass(BBOX, "road")
    assert str(info.value).startswith(f"could not reach the Overpass API at {url}")
    assert "works offline with the bundled data" in str(info.value)
    assert osmnx_state() == before


@pytest.mark.parametrize(
    ("bbox", "problem"),
    [
        ((112.0, 43.0, 111.0, 44.0), "west < east and south < north"),
        ((111.0, 44.0, 112.0, 43.0), "west < east and south < north"),
        ((60.0, 43.0, 61.0, 44.0), "longitudes must lie within 70-140 E"),
        ((111.0, 56.0, 112.0, 57.0), "latitudes must lie within 15-56 N"),
        ((110.0, 42.0, 113.0, 44.0), "covers 6.00 square degrees, more than 4"),
        ((111.0, float("nan"), 112.0, 44.0), "finite number"),
        ((111.0, 43.0, 112.0), "must be four numbers"),
        (("a", 43.0, 112.0, 44.0), "must be four numbers"),
    ],
)
def test_bad_bbox_is_a_settings_error(bbox: tuple[float, ...], problem: str) -> None:
    with pytest.raises(SettingsError, match=re.escape(problem)):
        extracts.edges_from_overpass(bbox, "rail")  # type: ignore[arg-type]


def test_largest_allowed_bbox_passes_validation() -> None:
    assert extracts._check_bbox((110, 42, 112, 44)) == (110.0, 42.0, 112.0, 44.0)


def test_overpass_url_must_be_http() -> None:
    with pytest.raises(SettingsError, match="overpass_url must be an http"):
        with settings.override(overpass_url="ftp://overpass.example/api"):
            pass


def test_a_network_far_from_the_region_is_refused_with_where_it_lies() -> None:
    # the same ways moved to Sydney: every place would be too far from it
    sydney = osm_xml().replace(b'lat="43.', b'lat="-33.').replace(b'lon="112.', b'lon="151.')
    sydney = sydney.replace(b'lon="111.', b'lon="150.')
    with pytest.raises(UploadError) as caught:
        extracts.edges_from_osm_xml(sydney, "sydney.osm", "rail")
    assert "outside the region of the ports and cities" in caught.value.problem
    assert "lat -33" in caught.value.problem
    assert not extracts.edges_from_osm_xml(osm_xml(), "here.osm", "rail").empty
