"""Shared fixtures: no outbound network, a tiny geodata folder built in the test."""

from __future__ import annotations

import atexit
import ipaddress
import os
import shutil
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

# Built graphs go to a store of this test run (and of the CLI and app processes it starts),
# never to the user's cache folder. Set before corridormap reads its settings.
os.environ["CORRIDORMAP_CACHE_DIR"] = tempfile.mkdtemp(prefix="corridormap-test-cache-")
import geopandas as gpd
import pytest
from shapely import LineString, Point

from corridormap import settings

atexit.register(shutil.rmtree, os.environ["CORRIDORMAP_CACHE_DIR"], ignore_errors=True)

_real_connect = socket.socket.connect


def _loopback_only(self: socket.socket, address: object) -> None:
    if self.family in (socket.AF_INET, socket.AF_INET6) and isinstance(address, tuple):
        host = str(address[0])
        if host != "localhost" and not ipaddress.ip_address(host).is_loopback:
            raise OSError(f"test tried to reach {host}: outbound network is blocked in tests")
    _real_connect(self, address)


@pytest.fixture(autouse=True)
def _no_outbound_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket.socket, "connect", _loopback_only)


#: Tiny network near 110-112.5 E, 40 N. A-B-C is the short way, A-D-C the long one;
#: E-F is a separate component.
NODES = {
    1: (110.0, 40.0),  # A
    2: (110.5, 40.0),  # B
    3: (111.0, 40.0),  # C
    4: (110.5, 40.5),  # D
    5: (112.0, 40.0),  # E
    6: (112.5, 40.0),  # F
}
EDGES = [(1, 2), (2, 3), (1, 4), (4, 3), (5, 6)]
CC = (111.0, 39.99)


def _edges_layer() -> gpd.GeoDataFrame:
    from corridormap.geometry import geodesic_lengths_m

    geoms = [LineString([NODES[u], NODES[v]]) for u, v in EDGES]
    gdf = gpd.GeoDataFrame(
        {
            "u": [u for u, _ in EDGES],
            "v": [v for _, v in EDGES],
            "kind": "osm",
            "status": "open",
            "line_zh": ["甲线", "甲线", "乙线", "乙线", "丙线"],
            "corridor_id": None,
        },
        geometry=geoms,
        crs="EPSG:4326",
    )
    gdf["length_m"] = geodesic_lengths_m(gdf.geometry.to_numpy())
    return gdf


def write_tiny_geodata(root: Path) -> Path:
    """Write ports, cities and both networks of the tiny fixture into ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    ports = gpd.GeoDataFrame(
        {
            "id": ["pa", "pair"],
            "name_zh": ["甲口岸", "乙航空口岸"],
            "name_en": ["Jia port", "Yi air port"],
            "alt_names": ["Jia;甲", None],
            "kind": "port",
            "port_type": ["rail", "air"],
            "faces": ["Mongolia", "none"],
            "league_zh": ["甲盟", "甲盟"],
        },
        geometry=[Point(NODES[1]), Point(110.2, 40.2)],
        crs="EPSG:4326",
    )
    cities = gpd.GeoDataFrame(
        {
            "id": ["cc", "ce", "cfar"],
            "name_zh": ["丙城", "戊城", "远城"],
            "name_en": ["Bing City", "Wu City", "Far City"],
            "alt_names": [None, None, None],
            "kind": "city",
            "city_kind": "hub",
            "admin_zh": ["甲盟", "戊市", "远市"],
            "population": [1_000_000.0, 4_000_000.0, None],
            "population_year": [2022, 2022, None],
            "gdp_100m_cny": [100.0, 900.0, None],
            "gdp_year": [2022, 2022, None],
        },
        # cc sits 0.01 deg south of C (its foot is C itself); ce is exactly at E;
        # cfar is 200+ km from every edge.
        geometry=[Point(*CC), Point(NODES[5]), Point(115.0, 43.0)],
        crs="EPSG:4326",
    )
    ports.to_file(root / "ports.geojson", driver="GeoJSON")
    cities.to_file(root / "cities.geojson", driver="GeoJSON")
    edges = _edges_layer()
    edges.to_parquet(root / "rail_edges.parquet")
    edges.to_parquet(root / "road_edges.parquet")
    return root


@pytest.fixture
def tiny_geodata(tmp_path: Path) -> Iterator[Path]:
    root = write_tiny_geodata(tmp_path / "geodata")
    with settings.override(geodata_dir=root):
        yield root
