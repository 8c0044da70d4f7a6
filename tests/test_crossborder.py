"""The corridor beyond the border: the lines added after the snapshots, on the bundled data."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from corridormap import data, routing, settings
from corridormap.analysis import scenario
from corridormap.geometry import geodesic_distance_m
from tests.test_cli import run

FREIGHT = {"rail": "freight", "road": "car"}
GS_LINK = "xb_ganqimaodu_gashuunsukhait"


@pytest.mark.parametrize(
    ("origin", "destination", "by", "published_km", "tolerance_km"),
    [
        # Tavan Tolgoi–Gashuun Sukhait 233.6 km (Montsame 2022; 240 in a later item)
        ("tavan_tolgoi", "gashuun_sukhait", "length", 233.6, 35),
        # Tavan Tolgoi–Zuunbayan 414.6 km (Montsame, cabinet figure)
        ("tavan_tolgoi", "zuunbayan", "length", 414.6, 20),
        # Zuunbayan–Khangi 226.9 km (Railway Gazette)
        ("zuunbayan", "khangi", "length", 226.9, 25),
        # Sainshand–Zuunbayan about 50 km (de.wikipedia; 62 in another version)
        ("sainshand", "zuunbayan", "length", 50.0, 12),
        # Zamyn-Üüd–Ulaanbaatar: km posts 1,113 − 404 (Trans-Mongolian route map)
        ("zamyn_uud", "ulaanbaatar", "length", 709.0, 10),
        # 包银高铁 519 km (CCTV 2025), boarding at the cities' stations
        ("baotou", "yinchuan", "time", 519.0, 25),
    ],
)
def test_each_added_line_routes_at_its_published_length(
    origin: str, destination: str, by: str, published_km: float, tolerance_km: float
) -> None:
    r = routing.route(origin, destination, "rail", by=by)
    on_line = r.length_km - sum(r.access_km)
    assert on_line == pytest.approx(published_km, abs=tolerance_km)
    assert r.schematic_km > 0.5 * published_km


def test_baotou_to_mandula_station_is_the_published_baoman_length() -> None:
    # 包满铁路 262.69 km (imline.cn), measured to Mandula station (OSM node 9072960167).
    with settings.override(profile=FREIGHT):
        G = routing.cached_graph("rail").G
    ids = np.array(list(G.nodes))
    x = np.array([G.nodes[n]["x"] for n in ids])
    y = np.array([G.nodes[n]["y"] for n in ids])

    def near(lon: float, lat: float) -> int:
        d = geodesic_distance_m(x, y, np.full(len(x), lon), np.full(len(x), lat))
        return int(ids[int(np.argmin(d))])

    stations = data.load_stations().set_index("name_zh")
    baotou = stations.geometry["包头"]
    km = nx.shortest_path_length(
        G, near(baotou.x, baotou.y), near(109.9543728, 42.5433592), weight="length"
    )
    assert km / 1000 == pytest.approx(262.69, abs=10)


@pytest.mark.parametrize("profile", ["freight", "passenger"])
def test_tavan_tolgoi_reaches_baotou_before_and_after_the_link(profile: str) -> None:
    with settings.override(profile={"rail": profile, "road": "car"}):
        before = routing.route("tavan_tolgoi", "baotou", "rail")
        after = routing.route("tavan_tolgoi", "baotou", "rail", planned=[GS_LINK])
    assert before.crossing == "erenhot_rail"
    assert after.crossing == "ganqimaodu"
    assert after.length_km < before.length_km - 500
    assert after.time_h < before.time_h
    # both pay the border and the 1520/1435 mm gauge change once
    cfg = settings.get()
    assert after.crossing_h == pytest.approx(
        cfg.crossing_h[profile] + cfg.gauge_change_h[profile], abs=1e-6
    )


def test_the_tavan_tolgoi_lines_are_not_there_before_they_opened() -> None:
    with settings.override(year=2021, profile=FREIGHT):
        od = routing.od_matrix("rail", ["erenhot_rail"], ["tavan_tolgoi", "khangi", "zuunbayan"])
    status = od.set_index("destination")["status"]
    assert status["zuunbayan"] == "ok"  # the Sainshand branch is older
    assert status["tavan_tolgoi"] != "ok"
    assert status["khangi"] != "ok"


def test_shiveekhuren_is_reached_only_with_the_ceke_link() -> None:
    with settings.override(profile=FREIGHT):
        off = routing.od_matrix("rail", ["ceke"], ["shiveekhuren"])
        on = routing.route("ceke", "shiveekhuren", "rail", planned=["xb_ceke_shiveekhuren"])
    assert off["status"].iloc[0] != "ok"
    assert on.crossing == "ceke"
    assert dict(on.lines)["策克—西伯库伦跨境铁路"] == pytest.approx(6.96, abs=0.01)


def test_hohhot_to_beijing_by_rail_is_faster_in_2025_than_in_2018() -> None:
    with settings.override(year=2018):
        old = routing.route("hohhot", "beijing", "rail")
    with settings.override(year=2025):
        new = routing.route("hohhot", "beijing", "rail")
    assert old.year == 2018
    assert "京张高速线" not in {name for name, _ in old.lines}
    assert new.time_h < old.time_h - 2


def test_the_cli_compares_two_years_and_says_why_nothing_changed() -> None:
    out = run("scenario", "--mode", "rail", "--before-year", "2015", "--year", "2025",
              "--table", "accessibility").stdout  # fmt: skip
    header = out.splitlines()[0].split(",")
    assert "change_rate" in header
    rates = [float(line.split(",")[header.index("change_rate")]) for line in out.splitlines()[1:]
             if line.split(",")[header.index("change_rate")]]  # fmt: skip
    assert max(rates) > 0.2
    why = run("scenario", "--mode", "road", "--before-year", "2015", "--year", "2025",
              "--table", "why").stdout  # fmt: skip
    assert why.splitlines()[1].startswith("no_new_lines")


def test_year_and_scenario_tables_come_before_and_after() -> None:
    tables = scenario.compare_states("rail", scenario.State(2025), scenario.State(2025, (GS_LINK,)))
    assert {"od", "accessibility", "gravity", "catchment", "points", "axes", "why"} <= set(tables)
    assert tables["why"].empty
    cat = tables["catchment"].set_index("city")
    assert cat.loc["tavan_tolgoi", "port_after"] == "ganqimaodu"
