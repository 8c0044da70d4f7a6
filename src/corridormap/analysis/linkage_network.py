"""The linkage network (联系网络): gravity linkage among all places, read as a weighted graph.

Links: R_ij = M_i · M_j / D_ij^b between every two places with a mass (ports and cities), the
gravity model of :mod:`corridormap.analysis.gravity` extended to place × place. M is the
chosen mass (``settings.mass`` by default, as gravity; population, GDP, √(P·G) or ``equal``), D the network time (h) or length
(km) of the route from the place listed first (ports, then cities) to the other, and b the exponent
(``settings.gravity_exponent``, 2). Every measure comes from networkx:

- ``density``: :func:`networkx.density` of the binary network, a link kept when R_ij is at
  least the mean of all positive R (the usual dichotomisation of a gravity matrix);
- ``degree``: links kept per place in that binary network; ``strength``: Σ_j R_ij over all
  links (weighted degree);
- ``betweenness`` and ``closeness``: :func:`networkx.betweenness_centrality` (normalised) and
  :func:`networkx.closeness_centrality` (Wasserman–Faust for a network in parts) on all links
  with the distance R_max / R_ij (the strongest link is 1 long, weaker ones longer); an
  isolated place scores 0;
- core–periphery: ``coreness`` is :func:`networkx.core_number` on the binary network; the
  ``core`` is the main (largest-k) core, the periphery the rest;
- cohesive subgroups: :func:`networkx.community.louvain_communities` on all links weighted
  by R, with a fixed seed (14), numbered from 1 by size.

Two places whose masses are the same figures (a port and its host league, or two ports of one
league) are one economic unit and get no link. The kept links (R ≥ mean) are classed by natural
breaks (:func:`~corridormap.analysis.hierarchy.tiers_from`) of log10 R into three classes, 1 the
strongest; the links below the mean are class 4 and maps leave them out. Places without a mass
are listed (``no_mass``) but are not in the network; a place off the network has a mass and no
link (``isolated``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import shapely

from corridormap import data, places, routing, settings
from corridormap.analysis._centres import centre_mass, centre_mass_years, check_centre_mass
from corridormap.analysis.gravity import check_exponent
from corridormap.analysis.hierarchy import tiers_from
from corridormap.analysis.masses import place_masses

__all__ = [
    "BELOW_MEAN",
    "SEED",
    "LinkageNetwork",
    "linkage_graph",
    "linkage_network",
    "network_measures",
]

#: The seed of the community detection, so subgroups come out the same every run.
SEED = 14
#: The class of a link below the mean R (not in the binary network; maps leave it out).
BELOW_MEAN = 4


@dataclass(frozen=True)
class LinkageNetwork:
    """The linkage network's places, links and whole-network figures.

    Attributes
    ----------
    nodes
        One row per place (point, EPSG:4326), strongest first: ``place``, ``kind``, ``mass_value``,
        ``mass_year``,
        ``degree``, ``strength``, ``betweenness``, ``closeness``, ``coreness``, ``core``,
        ``community`` and ``status`` (``ok``, ``isolated``, ``no_mass``).
    links
        One row per linked pair (straight line, EPSG:4326): ``a``, ``b``, ``distance``,
        ``linkage`` (R), ``kept`` (in the binary network) and ``link_class`` (1 strongest to 3
        among the kept links; :data:`BELOW_MEAN` for the others).
    summary
        ``places``, ``links``, ``kept``, ``threshold`` (mean R), ``density``, ``core_k``,
        ``communities``, with ``mode``, ``mass``, ``by``, ``b`` and ``year``.
    """

    nodes: gpd.GeoDataFrame
    links: gpd.GeoDataFrame
    summary: pd.Series


def linkage_graph(
    distance: pd.DataFrame, mass: pd.Series, *, b: float, source: pd.Series | None = None
) -> nx.Graph:
    """Return the undirected graph of gravity linkage among places with a mass.

    ``distance`` is square (places as index and columns, NaN where unreachable); the pair
    (i, j) uses the row of whichever of the two comes first. Every place with a finite
    positive mass is a node; a link joins two of them when D is finite and above 0, with
    attributes ``linkage`` (R), ``distance`` (D) and ``inverse`` (R_max / R). Two places with
    the same ``source`` (whose figures a place's mass is: a port takes its host league's) are
    one economic unit and are not linked: Manzhouli's rail and road ports, 5 km apart with
    Hulunbuir's figures each, would otherwise outweigh every other link.

    Examples
    --------
    >>> d = pd.DataFrame([[0, 2.0], [2.0, 0]], index=["a", "b"], columns=["a", "b"])
    >>> G = linkage_graph(d, pd.Series({"a": 2.0, "b": 8.0}), b=2)
    >>> G["a"]["b"]["linkage"]
    4.0

    """
    b = check_exponent(b)
    ids = list(distance.index)
    m = mass.reindex(ids).to_numpy(dtype=float)
    d = distance.reindex(index=ids, columns=ids).to_numpy(dtype=float)
    G = nx.Graph()
    G.add_nodes_from(i for i, v in zip(ids, m, strict=True) if np.isfinite(v) and v > 0)
    src = (source if source is not None else pd.Series(dtype=object)).reindex(ids).fillna("")
    unit = src.astype(str).to_numpy()
    for i, j in zip(*np.triu_indices(len(ids), k=1), strict=True):
        one_unit = bool(unit[i]) and unit[i] == unit[j]
        if ids[i] in G and ids[j] in G and np.isfinite(d[i, j]) and d[i, j] > 0 and not one_unit:
            r = float(m[i] * m[j] / d[i, j] ** b)
            G.add_edge(ids[i], ids[j], linkage=r, distance=d[i, j])
    top = max((w for _, _, w in G.edges(data="linkage")), default=1.0)
    nx.set_edge_attributes(G, {(u, v): top / w for u, v, w in G.edges(data="linkage")}, "inverse")
    return G


def network_measures(G: nx.Graph) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, float]]:
    """Return per-node measures, per-link ``kept`` flags and the whole-network figures.

    See the module docstring for what each measure is and how weights become distances.
    """
    r = np.array([w for _, _, w in G.edges(data="linkage")], dtype=float)
    threshold = float(r.mean()) if len(r) else math.nan
    binary = nx.Graph()
    binary.add_nodes_from(G)
    binary.add_edges_from((u, v) for u, v, w in G.edges(data="linkage") if w >= threshold)
    cores = nx.core_number(binary)
    top = max(cores.values(), default=0)
    groups = nx.community.louvain_communities(G, weight="linkage", seed=SEED) if len(G) else []
    groups = sorted(groups, key=lambda g: (-len(g), min(g)))
    member = {n: k for k, g in enumerate(groups, start=1) for n in g}
    nodes = pd.DataFrame(
        {
            "degree": dict(binary.degree()),
            "strength": dict(G.degree(weight="linkage")),
            "betweenness": nx.betweenness_centrality(G, weight="inverse", normalized=True),
            "closeness": nx.closeness_centrality(G, distance="inverse"),
            "coreness": cores,
            "core": {n: top > 0 and c == top for n, c in cores.items()},
            "community": member,
        },
        index=list(G),
    )
    kept = pd.DataFrame(
        [(u, v, w >= threshold) for u, v, w in G.edges(data="linkage")], columns=["a", "b", "kept"]
    )
    summary = {
        "places": G.number_of_nodes(),
        "links": G.number_of_edges(),
        "kept": binary.number_of_edges(),
        "threshold": threshold,
        "density": nx.density(binary),
        "core_k": top,
        "communities": len(groups),
    }
    return nodes, kept, summary


def linkage_network(
    mode: str,
    *,
    mass: str | None = None,
    by: str = "time",
    b: float | None = None,
    planned: Sequence[str] = (),
) -> LinkageNetwork:
    """Return the linkage network among all bundled places on a mode.

    Examples
    --------
    >>> net = linkage_network("rail")
    >>> bool(net.nodes.loc[net.nodes["strength"].idxmax(), "core"])
    True

    """
    if by not in settings.ROUTE_BY:
        raise ValueError(f"by must be one of {settings.ROUTE_BY}, got {by!r}")
    exponent = check_exponent(settings.get().gravity_exponent if b is None else b)
    mass = check_centre_mass(mass)
    ids = list(places.gazetteer().places)
    od = routing.od_matrix(mode, ids, ids, planned=planned, by=by)
    value = "time_h" if by == "time" else "length_km"
    dist = od.pivot(index="origin", columns="destination", values=value).reindex(
        index=ids, columns=ids
    )
    m = centre_mass(ids, mass)
    G = linkage_graph(dist, m, b=exponent, source=place_masses()["mass_from"])
    measures, kept, figures = network_measures(G)
    where = data.load_places().geometry
    nodes = measures.reindex(ids)
    nodes.insert(0, "place", ids)
    nodes.insert(1, "kind", [places.gazetteer().places[i].kind for i in ids])
    nodes.insert(2, "mass_value", m.to_numpy())
    nodes.insert(3, "mass_year", centre_mass_years(ids, mass).to_numpy())
    isolated = nodes["strength"].fillna(0) <= 0
    nodes["status"] = np.where(
        nodes["degree"].isna(), "no_mass", np.where(isolated, "isolated", "ok")
    )
    nodes = gpd.GeoDataFrame(
        nodes.reset_index(drop=True), geometry=where.reindex(ids).to_numpy(), crs="EPSG:4326"
    ).sort_values("strength", ascending=False, na_position="last", kind="stable")
    nodes = nodes.reset_index(drop=True)
    links = _links(G, kept, where)
    state = {"mode": mode, "mass": mass, "by": by, "b": exponent, "year": settings.get().year}
    return LinkageNetwork(nodes, links, pd.Series({**state, **figures}))


def _links(G: nx.Graph, kept: pd.DataFrame, where: gpd.GeoSeries) -> gpd.GeoDataFrame:
    rows = [(u, v, d["distance"], d["linkage"]) for u, v, d in G.edges(data=True)]
    frame = pd.DataFrame(rows, columns=["a", "b", "distance", "linkage"])
    frame["kept"] = kept["kept"].to_numpy(dtype=bool) if len(kept) else []
    kept_r = np.log10(frame["linkage"].where(frame["kept"]))
    frame["link_class"] = tiers_from(kept_r).fillna(BELOW_MEAN) if len(frame) else []
    frame = frame.sort_values("linkage", ascending=False, kind="stable").reset_index(drop=True)
    lines = [
        shapely.LineString([where[a], where[b]])
        if where.get(a) is not None and where.get(b) is not None
        else None
        for a, b in zip(frame["a"], frame["b"], strict=True)
    ]
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(lines, crs="EPSG:4326"))
