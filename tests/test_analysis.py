from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from corridormap import routing, settings
from corridormap import tables as tables_mod
from corridormap.analysis import accessibility, catchment, gravity, hierarchy, masses, scenario
from corridormap.errors import TooManyPairsError
from tests.test_cli import run

NAN = np.nan


# --- hand-computed cases on small matrices ------------------------------------------


def test_accessibility_weighted_and_plain_with_self_unreachable_and_missing_mass() -> None:
    times = pd.DataFrame(
        [[0.0, 2.0, 4.0], [1.0, NAN, 3.0], [NAN, NAN, NAN]],
        index=["A", "B", "E"],
        columns=["A", "C", "D"],
    )
    mass = pd.Series({"A": 10.0, "C": 30.0, "D": NAN})
    out = accessibility.accessibility_from(times, mass)
    # A: self excluded; only C has a mass -> 2.0; plain (2 + 4) / 2
    assert out.loc["A", "weighted_h"] == pytest.approx(2.0)
    assert out.loc["A", "plain_h"] == pytest.approx(3.0)
    assert out.loc["A", ["reachable", "destinations"]].tolist() == [2, 2]
    # B: C unreachable, D has no mass -> weighted over A alone; plain (1 + 3) / 2
    assert out.loc["B", "weighted_h"] == pytest.approx(1.0)
    assert out.loc["B", "plain_h"] == pytest.approx(2.0)
    assert out.loc["E", "status"] == "no_route"
    assert np.isnan(out.loc["E", "weighted_h"])
    assert out.loc[["A", "B"], "status"].tolist() == ["ok", "ok"]


def test_accessibility_reports_no_mass() -> None:
    out = accessibility.accessibility_from(
        pd.DataFrame([[1.0]], index=["X"], columns=["Y"]), pd.Series({"Y": NAN})
    )
    assert out.loc["X", "status"] == "no_mass"
    assert out.loc["X", "plain_h"] == pytest.approx(1.0)


def test_gravity_by_hand() -> None:
    dist = pd.DataFrame(
        [[10.0, 5.0], [10.0, 5.0], [NAN, NAN]], index=["X", "Y", "Z"], columns=["P", "Q"]
    )
    pop = pd.Series({"X": 100.0, "Y": NAN, "Z": 1.0, "P": 25.0, "Q": 9.0})
    gdp = pd.Series({"X": 4.0, "Y": 1.0, "Z": 1.0, "P": 4.0, "Q": 1.0})
    out = gravity.gravity_from(dist, pop, gdp, b=2).set_index(["city", "port"])
    # sizes: X sqrt(400)=20, P sqrt(100)=10, Q sqrt(9)=3; R = 20*10/10^2 = 2, 20*3/5^2 = 2.4
    assert out.loc[("X", "P"), "linkage"] == pytest.approx(2.0)
    assert out.loc[("X", "Q"), "linkage"] == pytest.approx(2.4)
    assert out.loc[("X", "P"), "membership"] == pytest.approx(2.0 / 4.4)
    assert out.loc[("X", "Q"), "membership"] == pytest.approx(2.4 / 4.4)
    assert (out.loc["Y", "status"] == "no_mass").all()
    assert (out.loc["Z", "status"] == "no_route").all()
    assert out.loc[out["status"] != "ok", ["linkage", "membership"]].isna().all().all()
    b1 = gravity.gravity_from(dist, pop, gdp, b=1).set_index(["city", "port"])
    assert b1.loc[("X", "Q"), "linkage"] == pytest.approx(20 * 3 / 5)
    with pytest.raises(ValueError, match="b must be a number above 0"):
        gravity.gravity_from(dist, pop, gdp, b=0)


def test_catchment_nearest_with_tie_and_unreachable() -> None:
    times = pd.DataFrame(
        [[2.0, 2.0, 5.0], [NAN, 1.0, 0.5], [NAN, NAN, NAN]],
        index=["i", "j", "k"],
        columns=["q", "p", "r"],
    )
    out = catchment.catchment_from(times)
    assert out.loc["i", "port"] == "p"  # tie between p and q, broken by id
    assert out.loc["i", "tie"] == "q"
    assert out.loc["j", "port"] == "r"
    assert out.loc["j", "time_h"] == pytest.approx(0.5)
    assert out.loc["k", "status"] == "no_route"
    assert out.loc["k", "port"] == ""


def test_huff_shares_by_hand() -> None:
    times = pd.DataFrame([[1.0, 2.0], [NAN, NAN]], index=["i", "k"], columns=["p", "q"])
    share = catchment.huff_from(times, lam=2)
    # 1/1 and 1/4 -> 0.8 and 0.2
    assert share.loc["i", "p"] == pytest.approx(0.8)
    assert share.loc["i", "q"] == pytest.approx(0.2)
    assert share.loc["k"].isna().all()


def test_natural_break_tiers() -> None:
    values = pd.Series(
        {"a": 1.0, "b": 2.0, "c": 3.0, "d": 10.0, "e": 11.0, "f": 12.0, "g": 100.0, "h": NAN}
    )
    tiers = hierarchy.tiers_from(values)
    assert tiers["g"] == 1
    assert tiers[["d", "e", "f"]].tolist() == [2, 2, 2]
    assert tiers[["a", "b", "c"]].tolist() == [3, 3, 3]
    assert pd.isna(tiers["h"])
    assert hierarchy.tiers_from(pd.Series({"x": 5.0, "y": 5.0})).tolist() == [1, 1]


def test_natural_break_tiers_of_thousands_of_values_take_their_clusters() -> None:
    # 10,000 values (as with a large upload) in three clusters; the exact Fisher-Jenks would
    # take minutes, the breaks of 1,000 order statistics split the clusters all the same
    rng = np.random.default_rng(3)
    sizes = {3: 6_000, 2: 3_000, 1: 1_000}
    centres = {3: 100.0, 2: 200.0, 1: 300.0}
    tier = np.concatenate([np.full(n, t) for t, n in sizes.items()])
    values = np.concatenate([centres[t] + rng.uniform(-10.0, 10.0, n) for t, n in sizes.items()])
    order = rng.permutation(len(values))
    series = pd.Series(values[order], index=[f"p{i}" for i in range(len(values))])
    assert len(series) >= 10 * hierarchy.EXACT_BREAKS_UP_TO
    tiers = hierarchy.tiers_from(series)
    assert tiers.to_numpy(dtype=int).tolist() == tier[order].tolist()
    assert tiers.equals(
        hierarchy.tiers_from(series.sample(frac=1.0, random_state=1)).reindex(series.index)
    )


# --- the tiny network built in the test (conftest: A-B-C short way, A-D-C long way, E-F apart) ---


def test_measures_on_the_tiny_network(tiny_geodata: object) -> None:
    from pyproj import Geod

    from tests.conftest import CC, NODES

    geod = Geod(ellps="WGS84")
    track_km = sum(geod.inv(*a, *b)[2] for a, b in ((NODES[1], NODES[2]), (NODES[2], NODES[3])))
    access_km = geod.inv(*NODES[3], *CC)[2] / 1000
    # unclassed track is conventional rail (70 km/h), the access leg to cc runs at 40 km/h
    hours = track_km / 1000 / 70.0 + access_km / 40.0
    # accessibility of port pa: only cc (mass 100) is reachable; ce is in another component
    acc = accessibility.accessibility("rail")
    assert acc.loc["pa", "weighted_h"] == pytest.approx(hours, rel=1e-6)
    assert acc.loc["pa", ["reachable", "destinations"]].tolist() == [1, 3]
    assert acc.loc["pair", "status"] == "air_port"  # says why it reaches nothing
    # catchment: cc's nearest port is pa; ce reaches none; the far city is not on the network
    cat = catchment.catchment("rail")
    assert cat.loc["cc", "port"] == "pa"
    assert cat.loc["cc", "time_h"] == pytest.approx(hours, rel=1e-6)
    assert cat.loc["cc", "huff_share"] == pytest.approx(1.0)
    assert cat.loc[["ce", "cfar"], "status"].tolist() == ["no_route", "no_route"]
    # gravity: pa takes its league 甲盟's figures (the city cc, population 1e6, GDP 100):
    # by population R = 1e6 * 1e6 / km^2; by √(P·G) R = sqrt(1e6*100)^2 / km^2; F = 1
    km = track_km / 1000 + access_km
    pg = gravity.gravity("rail", mass="pg").set_index(["city", "port"])
    assert pg.loc[("cc", "pa"), "linkage"] == pytest.approx(1e6 * 100 / km**2, rel=1e-6)
    g = gravity.gravity("rail").set_index(["city", "port"])
    assert g.loc[("cc", "pa"), "mass"] == "population"
    assert g.loc[("cc", "pa"), "linkage"] == pytest.approx(1e6 * 1e6 / km**2, rel=1e-6)
    assert g.loc[("cc", "pa"), "membership"] == pytest.approx(1.0)
    assert g.loc[("ce", "pa"), "status"] == "no_route"
    assert g.loc[("cfar", "pa"), "status"] == "no_route"


# --- invariants on the bundled data -----------------------------------------------------


def test_port_masses_come_from_the_host_league() -> None:
    m = masses.place_masses()
    assert m.loc["ceke", "mass_from"] == "alxa"
    assert m.loc["ceke", "gdp_100m_cny"] == m.loc["alxa", "gdp_100m_cny"]
    assert m.loc["erenhot_rail", "mass_from"] == "xilingol"


@pytest.mark.parametrize("mode", ["rail", "road"])
def test_memberships_sum_to_one_per_city(mode: str) -> None:
    g = gravity.gravity(mode)
    ok = g[g["status"] == "ok"]
    assert len(ok) > 0
    sums = ok.groupby("city")["membership"].sum()
    np.testing.assert_allclose(sums.to_numpy(), 1.0, atol=1e-12)


@pytest.mark.parametrize("mode", ["rail", "road"])
def test_catchment_matches_the_od_minimum(mode: str) -> None:
    c = catchment.catchment(mode)
    od = routing.od_matrix(mode)
    best = od[od["status"] == "ok"].groupby("destination")["time_h"].min()
    ok = c[c["status"] == "ok"]
    np.testing.assert_allclose(
        ok["time_h"].to_numpy(), best.reindex(ok.index).to_numpy(), rtol=0, atol=1e-9
    )
    for city, port in ok["port"].items():
        row = od[(od["origin"] == port) & (od["destination"] == city)]
        assert row["time_h"].iloc[0] == pytest.approx(best[city])


def test_accessibility_of_every_place() -> None:
    a = accessibility.accessibility("rail", mass="population")
    assert len(a) == 59
    assert set(a["status"]) <= {
        "ok",
        "no_route",
        "no_mass",
        "air_port",
        "no_coordinates",
        "too_far",
    }
    ok = a[a["status"] == "ok"]
    assert (ok["weighted_h"] > 0).all()
    assert a.loc["hohhot", "status"] == "ok"
    with pytest.raises(ValueError, match="mass must be"):
        accessibility.accessibility("rail", mass="area")


def test_scenario_never_lengthens_and_reports_changes() -> None:
    tables = scenario.compare("rail", ["xb_ganqimaodu_gashuunsukhait", "xb_ceke_shiveekhuren"])
    od = tables["od"]
    both = (od["status_before"] == "ok") & (od["status_after"] == "ok")
    assert (od.loc[both, "length_km_delta"] <= 1e-9).all()
    assert {"accessibility", "gravity", "catchment", "axes"} <= set(tables)
    assert tables["catchment"]["changed"].dtype == bool
    axes = tables["axes"]
    np.testing.assert_allclose(axes["flow_delta"], axes["flow_after"] - axes["flow_before"])


def test_analysis_tables_read_in_both_languages() -> None:
    from corridormap import tables

    c = catchment.catchment("rail")
    zh, en = tables.localize(c, "zh"), tables.localize(c, "en")
    assert list(zh.columns)[:3] == ["城市", "方式", "口岸"]
    assert list(en.columns)[:3] == ["City", "Mode", "Port"]
    assert zh.iloc[0, 0] == "呼和浩特"  # one language per table, so it fits a page
    assert en.iloc[0, 0] == "Hohhot"
    assert set(zh["状态"]) <= {"可达", "网络不连通"}
    s = scenario.compare("rail", ["xb_ceke_shiveekhuren"])["axes"]
    assert "分配联系量（变化）" in tables.localize(s, "zh").columns


def test_axes_are_ranked_by_assigned_linkage() -> None:
    axes = hierarchy.axis_tiers("rail")
    assert not axes.empty
    assert axes["flow"].is_monotonic_decreasing
    assert axes["tier"].iloc[0] == 1


def test_scenario_choices_are_the_drawn_planned_corridors() -> None:
    from corridormap import data

    assert set(data.planned_corridors("rail").index) == {
        "xb_ganqimaodu_gashuunsukhait",
        "xb_ceke_shiveekhuren",
        "xb_mandula_khangi",
    }
    assert data.planned_corridors("road").empty


@pytest.mark.parametrize(
    ("destinations", "n"), [("seats", 12), ("hubs", 12), ("cities", 39), ("all", 59)]
)
def test_the_destination_set_of_accessibility(destinations: str, n: int) -> None:
    a = accessibility.accessibility("rail", destinations=destinations)
    assert set(a["destination_set"]) == {destinations}
    # Hohhot counts every destination of the set but itself
    assert a.loc["hohhot", "destinations"] == n - (destinations != "hubs")


def test_ports_as_destinations_weigh_each_port_by_its_host_league() -> None:
    a = accessibility.accessibility("rail", destinations="ports")
    seats = accessibility.accessibility("rail", destinations="seats")
    assert a.loc["hohhot", "destinations"] == 20
    assert 0 < a.loc["hohhot", "reachable"] <= 8  # land ports on the rail network only
    assert a.loc["hohhot", "weighted_h"] != seats.loc["hohhot", "weighted_h"]
    out = run("access", "--mode", "rail", "--to", "seats").stdout
    assert "destination_set" in out.splitlines()[0] and ",seats," in out


def test_above_the_pair_cap_reach_is_refused_and_port_measures_still_come() -> None:
    # 59 places × 39 cities = 2,301 routes; a cap of 2,000 refuses the accessibility measures
    with settings.override(max_od_pairs=2_000):
        with pytest.raises(TooManyPairsError, match="max_od_pairs"):
            accessibility.accessibility("rail")
        tables = scenario.analysis_tables("rail")
        # the seats (59 × 12) stay under the cap
        seats = accessibility.accessibility("rail", destinations="seats")
    assert tables["accessibility"]["status"].tolist() == ["too_many"]
    assert "smaller destination set" in tables["accessibility"]["detail"].iloc[0]
    shown = tables_mod.localize(tables["accessibility"], "zh")
    assert shown.columns.tolist() == ["状态", "说明"]  # the counts went into the sentence
    assert "2,301 条路线" in shown["说明"].iloc[0] and "2,000" in shown["说明"].iloc[0]
    assert (tables["gravity"]["status"] == "ok").sum() > 100  # ports × cities only
    assert seats.loc["hohhot", "status"] == "ok"
