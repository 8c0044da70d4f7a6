from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from pyproj import Geod

from corridormap import network
from corridormap.errors import InvalidLayerError
from tests.conftest import CC, NODES, _edges_layer

GEOD = Geod(ellps="WGS84")


def _dist(a: tuple[float, float], b: tuple[float, float]) -> float:
    return float(GEOD.inv(a[0], a[1], b[0], b[1])[2])


def test_split_cuts_an_edge_at_the_foot_point_and_keeps_total_length() -> None:
    edges = _edges_layer()
    # a point 0.01 deg north of the middle of A-B
    split = network.split_edges_at_points(
        edges, np.array([110.25]), np.array([40.01]), max_snap_m=5000, first_node_id=100
    )
    assert split.node.tolist() == [100]
    pieces = split.edges[(split.edges["u"].isin([1, 100])) & (split.edges["v"].isin([2, 100]))]
    assert len(pieces) == 2
    assert pieces["length_m"].sum() == pytest.approx(_dist(NODES[1], NODES[2]), rel=1e-6)
    # The edge is the geodesic A-B, which bows about 30 m north of the 40 N parallel at its
    # middle; the foot of a point due north of the middle is that geodesic midpoint.
    az, _, ab = GEOD.inv(*NODES[1], *NODES[2])
    mid_lon, mid_lat, _ = GEOD.fwd(*NODES[1], az, ab / 2)
    assert split.snap_m[0] == pytest.approx(_dist((110.25, 40.01), (mid_lon, mid_lat)), abs=2.0)
    assert set(pieces["line_zh"]) == {"甲线"}


def test_split_reuses_an_end_node_and_skips_far_points() -> None:
    edges = _edges_layer()
    split = network.split_edges_at_points(
        edges, np.array([110.0, 115.0]), np.array([40.0, 43.0]), max_snap_m=5000, first_node_id=100
    )
    assert split.node.tolist() == [1, -1]
    assert np.isnan(split.snap_m[1])
    assert len(split.edges) == len(edges)


def test_graph_has_both_directions_lengths_and_travel_times() -> None:
    G = network.graph_from_edges(_edges_layer(), speeds={"conventional": 72.0})
    assert G.number_of_edges() == 2 * 5
    ab = G[1][2][0]
    assert ab["length"] == pytest.approx(_dist(NODES[1], NODES[2]))
    assert G[2][1][0]["length"] == ab["length"]
    # 72 km/h is 20 m/s
    assert ab["travel_time"] == pytest.approx(ab["length"] / 20.0, rel=1e-3)
    assert (G.nodes[4]["x"], G.nodes[4]["y"]) == NODES[4]


def test_graph_for_attaches_places_and_reports_the_rest(tiny_geodata: Path) -> None:
    mg = network.graph_for("rail")
    snaps = mg.snaps
    assert snaps.loc["pa", "status"] == "ok"
    assert snaps.loc["pa", "snap_m"] == pytest.approx(0.0, abs=1e-6)
    assert snaps.loc["cc", "snap_m"] == pytest.approx(_dist(CC, NODES[3]), rel=1e-6)
    assert snaps.loc["cfar", "status"] == "too_far"
    assert snaps.loc["pair", "status"] == "air_port"
    assert mg.G.nodes[int(snaps.loc["cc", "node"])]["place_id"] == "cc"


def test_unknown_mode_and_planned_corridor_are_errors(tiny_geodata: Path) -> None:
    with pytest.raises(InvalidLayerError, match="unknown mode 'air'"):
        network.graph_for("air")
    with pytest.raises(InvalidLayerError, match="no planned rail corridor"):
        network.graph_for("rail", planned=["nope"])
