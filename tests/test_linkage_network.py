"""The linkage network: hand-computed on five places; invariants on the bundled data."""

from __future__ import annotations

import pandas as pd
import pytest

from corridormap.analysis import linkage_network as ln
from tests.test_cli import run

NAN = float("nan")
IDS = ["a", "b", "c", "d", "e", "f"]
#: a, b, c one hour apart; d an hour from c only; e has no mass; f reaches nobody.
D = pd.DataFrame(
    [
        [0, 1, 1, NAN, 1, NAN],
        [1, 0, 1, NAN, 1, NAN],
        [1, 1, 0, 1, 1, NAN],
        [NAN, NAN, 1, 0, NAN, NAN],
        [1, 1, 1, NAN, 0, NAN],
        [NAN] * 5 + [0],
    ],
    index=IDS,
    columns=IDS,
    dtype=float,
)
MASS = pd.Series({"a": 2.0, "b": 2.0, "c": 1.0, "d": 1.0, "e": NAN, "f": 1.0})


def test_measures_by_hand() -> None:
    G = ln.linkage_graph(D, MASS, b=1)
    assert sorted(G) == ["a", "b", "c", "d", "f"]  # e has no mass
    # R = M_i M_j / D: ab 4, ac 2, bc 2, cd 1; mean 2.25 keeps a-b only
    assert {tuple(sorted((u, v))): w for u, v, w in G.edges(data="linkage")} == {
        ("a", "b"): 4.0,
        ("a", "c"): 2.0,
        ("b", "c"): 2.0,
        ("c", "d"): 1.0,
    }
    nodes, kept, summary = ln.network_measures(G)
    assert summary["threshold"] == pytest.approx(2.25)
    assert summary["density"] == pytest.approx(1 / 10)  # 1 kept link of 5 * 4 / 2
    assert nodes["degree"].to_dict() == {"a": 1, "b": 1, "c": 0, "d": 0, "f": 0}
    assert nodes["strength"].to_dict() == {"a": 6.0, "b": 6.0, "c": 5.0, "d": 1.0, "f": 0.0}
    # distances R_max / R: ab 1, ac 2, bc 2, cd 4; c is on a-d and b-d of the 6 pairs of 4
    assert nodes.loc["c", "betweenness"] == pytest.approx(2 / 6)
    assert nodes.loc[["a", "b", "d", "f"], "betweenness"].eq(0).all()
    # d reaches 3 of 4 others at 6 + 6 + 4: (3 / 16) * (3 / 4)
    assert nodes.loc["d", "closeness"] == pytest.approx(9 / 64)
    assert nodes.loc["f", "closeness"] == 0.0  # isolated
    assert nodes["core"].to_dict() == {"a": True, "b": True, "c": False, "d": False, "f": False}
    assert nodes.loc["a", "community"] == nodes.loc["b", "community"]
    assert (nodes["community"] == nodes.loc["f", "community"]).sum() == 1
    assert kept.set_index(["a", "b"])["kept"].sum() == 1


def test_ties_and_an_empty_network() -> None:
    flat = ln.linkage_graph(D, pd.Series(1.0, index=IDS), b=2)
    nodes, _, summary = ln.network_measures(flat)
    # a, b, c, e all one hour apart with equal mass: every link is the mean, all kept
    assert summary["kept"] == summary["links"]
    assert nodes.loc[["a", "b", "e"], "strength"].nunique() == 1
    empty = ln.linkage_graph(D, pd.Series(NAN, index=IDS), b=2)
    nodes, kept, summary = ln.network_measures(empty)
    assert len(nodes) == 0 and len(kept) == 0 and summary["links"] == 0


def test_on_the_data_the_core_holds_the_strongest_and_isolated_places_score_zero() -> None:
    for mode in ("rail", "road"):
        net = ln.linkage_network(mode)
        nodes = net.nodes.set_index("place")
        ok = nodes[nodes["status"] != "no_mass"]
        assert bool(ok.loc[ok["strength"].idxmax(), "core"])
        alone = ok[ok["status"] == "isolated"]
        assert len(alone) >= 1  # the air ports are on no ground network
        assert (alone[["betweenness", "closeness", "degree", "strength"]] == 0).all().all()
        assert 0 < net.summary["density"] <= 1
        links = net.links
        assert (links["link_class"] == ln.BELOW_MEAN).eq(~links["kept"]).all()
        assert links.loc[links["kept"], "link_class"].isin([1, 2, 3]).all()
        assert (
            links.loc[links["link_class"] == 1, "linkage"].min()
            >= links.loc[links["link_class"] == 2, "linkage"].max()
        )


def test_the_cli_lists_places_and_links() -> None:
    out = run("linkage", "--mode", "road")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0].startswith("place,kind,mass_value,mass_year,degree,strength")
    links = run("linkage", "--mode", "road", "--links", "--format", "geojson")
    assert '"FeatureCollection"' in links.stdout


def test_places_with_the_same_figures_are_one_unit_and_not_linked() -> None:
    # a and b borrow one league's figures (as a port and its host do): no a-b link, the rest stay
    source = pd.Series({"a": "league", "b": "league", "c": "c", "d": "d", "f": "f"})
    G = ln.linkage_graph(D, MASS, b=1, source=source)
    assert not G.has_edge("a", "b")
    assert G.has_edge("a", "c") and G.has_edge("b", "c") and G.has_edge("c", "d")
    nodes, _, summary = ln.network_measures(G)
    # R: ac 2, bc 2, cd 1; mean 5/3 keeps a-c and b-c
    assert summary["threshold"] == pytest.approx(5 / 3)
    assert nodes["degree"].to_dict() == {"a": 1, "b": 1, "c": 2, "d": 0, "f": 0}
