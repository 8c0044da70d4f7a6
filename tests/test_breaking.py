"""Breaking points: hand-computed on small matrices and the tiny fixture, on-route on the data."""

from __future__ import annotations

import math
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from corridormap import routing, settings
from corridormap.analysis import breaking
from corridormap.errors import SettingsError
from corridormap.geometry import geodesic_lengths_m
from tests.conftest import NODES
from tests.test_cli import run

NAN = float("nan")
#: Hours among five centres: a-b 1 h, a-c 2 h, b-c 2 h (a tie for b), d 3 h from c only;
#: e reaches nobody.
IDS = ["a", "b", "c", "d", "e"]
TIMES = pd.DataFrame(
    [
        [0, 1, 2, NAN, NAN],
        [1, 0, 2, NAN, NAN],
        [2, 2, 0, 3, NAN],
        [NAN, NAN, 3, 0, NAN],
        [NAN, NAN, NAN, NAN, 0],
    ],
    index=IDS,
    columns=IDS,
    dtype=float,
)
KM = TIMES * 100.0
MASS = pd.Series({"a": 1.0, "b": 4.0, "c": 9.0, "d": NAN, "e": 1.0})


def test_converse_by_hand_with_ties_unreachable_and_missing_mass() -> None:
    out = breaking.breaking_from(TIMES, KM, MASS, k=1)
    pairs = {(r.a, r.b): r for r in out.itertuples()}
    # k = 1: a's nearest is b, b's is a, c's nearest are a and b (tied at 2 h), d's is c
    assert set(pairs) == {("a", "b"), ("a", "c"), ("b", "c"), ("c", "d"), ("e", "")}
    # a-b: 100 km, d_a = 100 / (1 + sqrt(4/1)) = 33.3 km from a
    assert pairs[("a", "b")].d_a_km == pytest.approx(100 / 3)
    # a-c: 200 / (1 + 3) = 50 km; b-c: 200 / (1 + sqrt(9/4)) = 80 km
    assert pairs[("a", "c")].d_a_km == pytest.approx(50.0)
    assert pairs[("b", "c")].d_a_km == pytest.approx(80.0)
    assert pairs[("c", "d")].status == "no_mass"
    assert math.isnan(pairs[("c", "d")].d_a_km)
    assert pairs[("e", "")].status == "no_route"
    ok = out[out["status"] == "ok"]
    assert ((ok["d_a_km"] > 0) & (ok["d_a_km"] < ok["d_ab_km"])).all()


def test_more_neighbours_add_pairs_and_equal_masses_meet_half_way() -> None:
    out = breaking.breaking_from(TIMES, KM, pd.Series(1.0, index=IDS), k=2)
    assert ("a", "d") not in set(zip(out["a"], out["b"], strict=True))  # never reached
    assert len(out) == 5
    assert np.allclose(out["d_a_km"].dropna(), out["d_ab_km"].dropna() / 2)


@pytest.mark.parametrize("k", [0, -1, 1.5])
def test_unusable_k_is_refused(k: float) -> None:
    with pytest.raises(SettingsError):
        breaking.breaking_from(TIMES, KM, MASS, k=k)  # type: ignore[arg-type]


def test_on_the_fixture_the_point_lies_down_the_route_at_d_a(tiny_geodata: Path) -> None:
    # pa (at A) and cc (its foot is C) have equal masses (pa takes cc's league figures): the
    # point is half the route from pa, which runs A-B-C and cc's 1.1 km access leg
    with settings.override(route_by="time"):
        bp = breaking.breaking_points("rail", mass="population", centres=["pa", "cc", "ce"])
    row = bp[(bp["a"] == "cc") & (bp["b"] == "pa")].iloc[0]
    ab, bc, access = geodesic_lengths_m(
        np.array(
            [
                shapely.LineString([NODES[1], NODES[2]]),
                shapely.LineString([NODES[2], NODES[3]]),
                shapely.LineString([(111.0, 39.99), NODES[3]]),
            ]
        )
    )
    assert row["d_ab_km"] == pytest.approx((ab + bc + access) / 1000, abs=1e-3)
    assert row["d_a_km"] == pytest.approx(row["d_ab_km"] / 2)
    # from cc: its access leg, then back from C toward B by (D/2 - access) on B-C
    back = row["d_a_km"] * 1000 - access
    assert row.geometry.y == pytest.approx(40.0, abs=1e-4)
    assert row.geometry.x == pytest.approx(111.0 - 0.5 * back / bc, abs=1e-4)
    ce = bp[bp["a"] == "ce"].iloc[0]
    assert (ce["b"], ce["status"]) == ("", "no_route")  # E-F is a separate component


def test_on_the_data_each_point_lies_on_its_route_between_its_centres() -> None:
    bp = breaking.breaking_points("rail", mass="equal", k=2)
    ok = bp[bp["status"] == "ok"]
    assert len(ok) >= 20
    crs = settings.get().projected_crs
    mg = routing.cached_graph("rail")
    for row in ok.itertuples():
        assert 0 < row.d_a_km < row.d_ab_km
        r = routing.route(row.a, row.b, "rail")
        assert r.length_km == pytest.approx(row.d_ab_km, rel=1e-9)
        # the route's own edges, of the same length as route(); Route.geometry drops the first
        # vertex of each edge after the first, so where an access leg ends at a station beside
        # its track node it strays from the edges, and is not the reference here
        nodes = [int(mg.snaps["node"][p]) for p in (row.a, row.b)]
        edges = routing.path_between_nodes("rail", *nodes)
        route = shapely.union_all([e["geometry"] for e in edges])
        line, pt = gpd.GeoSeries([route, row.geometry], crs="EPSG:4326").to_crs(crs)
        assert line.distance(pt) < 1.0, (row.a, row.b)


def test_the_cli_writes_csv_and_geojson() -> None:
    out = run("breaking", "--mode", "rail", "--mass", "equal", "--k", "1", "--format", "csv")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0].startswith("mode,mass,year,a,b,")
    geo = run("breaking", "--mode", "rail", "--k", "1")
    assert geo.returncode == 0, geo.stderr
    assert '"type": "FeatureCollection"' in geo.stdout or '"FeatureCollection"' in geo.stdout
    bad = run("breaking", "--mode", "rail", "--k", "0")
    assert bad.returncode == 2
    assert "k (neighbours per centre)" in bad.stderr


def test_a_pair_reached_one_way_only_has_no_route() -> None:
    one_way = pd.DataFrame([[0, NAN], [2.0, 0]], index=["a", "b"], columns=["a", "b"])
    out = breaking.breaking_from(one_way, one_way * 50, pd.Series({"a": 1.0, "b": 1.0}), k=1)
    row = out.set_index(["a", "b"]).loc[("a", "b")]
    assert row["status"] == "no_route"
    assert math.isnan(row["d_a_km"])
