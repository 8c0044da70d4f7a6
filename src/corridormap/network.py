"""Routable networks: osmnx MultiDiGraphs per mode from the bundled edge layers.

A mode's graph is built from ``geodata/<mode>_edges.parquet`` with
:func:`osmnx.convert.graph_from_gdfs`. Places are attached by cutting the
nearest edge at the place's foot point and joining the place with a short
``access`` edge; a place farther than ``settings.max_snap_m[mode]`` from the
network is reported in the snap table, never joined.

Edge attributes (osmnx conventions): ``length`` (m, WGS84 ellipsoidal),
``speed_kph``, ``travel_time`` (s), ``kind`` (``osm`` | ``connector`` |
``tariff`` | ``schematic`` | ``planned`` | ``access``), ``line_zh`` (names of the lines the
edge carries, ``;``-separated), ``corridor_id`` (schematic and planned edges).
"""

from __future__ import annotations

import functools
import itertools
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import shapely.ops
from shapely import LineString

from corridormap import data, settings
from corridormap.borders import HOME
from corridormap.classes import PASSENGER_ONLY
from corridormap.errors import InvalidLayerError
from corridormap.geometry import geodesic_distance_m, geodesic_lengths_m, to_lonlat, to_projected

if TYPE_CHECKING:
    import networkx as nx
    from numpy.typing import NDArray

__all__ = [
    "ModeGraph",
    "SplitResult",
    "check_mode",
    "edge_tables",
    "graph_for",
    "graph_from_edges",
    "graph_from_tables",
    "nearest_edges",
    "nodes_from_edges",
    "open_in",
    "split_edges_at_points",
    "station_links",
    "with_attributes",
]

log = logging.getLogger(__name__)

#: Edge kinds whose geometry is a real alignment, so that its length is the drawn line's;
#: the others (``tariff``, ``schematic``, ``planned``) carry a published length.
REAL_KINDS = ("osm", "connector", "access")

#: Nodes this close (m) to an edge end are snapped onto the end instead of cutting the edge.
_END_TOLERANCE_M = 1.0


@dataclass(frozen=True)
class SplitResult:
    """Edges after cutting at points, and where each point landed.

    Attributes
    ----------
    edges
        The edge layer (EPSG:4326) with cut edges replaced by their pieces.
    node
        Per input point, the node it landed on, or -1 if beyond the limit.
    snap_m
        Per input point, the geodesic distance (m) from the point to that node's
        foot point on the network, or NaN if beyond the limit.

    """

    edges: gpd.GeoDataFrame
    node: NDArray[np.int64]
    snap_m: NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class ModeGraph:
    """A mode's routable graph with the bundled places attached, as node and edge tables.

    Routing runs on the tables (:mod:`corridormap._graph_arrays`); the osmnx graph ``G`` is
    built from them only when a function asks for it.

    Attributes
    ----------
    mode
        ``rail`` or ``road``.
    nodes
        Index ``osmid``: ``x`` (lon), ``y`` (lat), ``side`` (``home`` | ``abroad``) and
        ``place_id`` (the place a node stands for, else missing).
    attrs
        Directed edges, index ``(u, v, key)``, with the attributes of :func:`edge_tables`
        but their lines; :attr:`edges` adds the lines.
    shapes
        The edges' lines, as shapely lines or as WKB (decoded on first use).
    snaps
        One row per place (index ``place_id``): ``node`` (int, -1 if not on the
        network), ``snap_m`` and ``status`` (``ok`` | ``too_far`` | ``air_port``).
    planned
        Ids of the planned corridors switched on in this graph.
    year
        The year whose network this is (``None``: every open line).
    profile
        The speed profile the travel times are of.

    """

    mode: str
    nodes: pd.DataFrame = field(repr=False)
    attrs: pd.DataFrame = field(repr=False)
    shapes: np.ndarray = field(repr=False)
    snaps: pd.DataFrame = field(repr=False)
    planned: tuple[str, ...]
    year: int | None = None
    profile: str = ""

    @functools.cached_property
    def geometry(self) -> np.ndarray:
        """Every edge's line (EPSG:4326), in the order of :attr:`attrs`."""
        return _lines_of(self.shapes)

    def geometry_of(self, rows: np.ndarray) -> np.ndarray:
        """Return the lines of some edges (by position), decoding only those if need be."""
        if "geometry" in self.__dict__:
            return np.asarray(self.geometry[rows])
        return _lines_of(self.shapes[rows])

    @functools.cached_property
    def edges(self) -> gpd.GeoDataFrame:
        """The directed edges with their lines: :attr:`attrs` and :attr:`geometry`."""
        return gpd.GeoDataFrame(self.attrs, geometry=self.geometry, crs="EPSG:4326")

    @functools.cached_property
    def G(self) -> nx.MultiDiGraph:
        """The osmnx MultiDiGraph of the tables (EPSG:4326 node coordinates, lengths in m)."""
        G = graph_from_tables(self.nodes, self.edges)
        G.graph.update(mode=self.mode, profile=self.profile, year=self.year)
        return G


def _lines_of(shapes: np.ndarray) -> np.ndarray:
    """Return shapely lines from lines or their WKB (as a store entry holds them)."""
    if len(shapes) and isinstance(shapes[0], bytes):
        return np.asarray(shapely.from_wkb(shapes))
    return np.asarray(shapes)


def split_edges_at_points(
    edges: gpd.GeoDataFrame,
    lon: NDArray[np.float64],
    lat: NDArray[np.float64],
    *,
    max_snap_m: float,
    first_node_id: int,
) -> SplitResult:
    """Cut every edge at the foot points of the given points that snap to it.

    Parameters
    ----------
    edges
        Undirected edge layer in EPSG:4326 with integer ``u``, ``v`` and ``length_m``.
    lon, lat
        The points to attach.
    max_snap_m
        Points farther than this from every edge are left unattached.
    first_node_id
        Id of the first node created; later ones count up from it.

    Returns
    -------
    SplitResult

    """
    proj = edges.geometry.to_crs(settings.get().projected_crs).to_numpy()
    px, py = to_projected(lon, lat)
    points = shapely.points(px, py)
    node = np.full(len(points), -1, dtype=np.int64)
    snap_m = np.full(len(points), np.nan)
    p_found, e_found, _ = nearest_edges(proj, points, max_snap_m=max_snap_m)
    by_edge: dict[int, list[int]] = {}
    for p_idx, e_idx in zip(p_found, e_found, strict=True):
        by_edge.setdefault(int(e_idx), []).append(int(p_idx))
    pieces: list[dict[str, object]] = []
    next_id = first_node_id
    for e_idx, p_list in by_edge.items():
        row = edges.iloc[e_idx]
        cuts, next_id = _cut_positions(proj[e_idx], points[p_list], row, next_id)
        for p_idx, (_, node_id, foot) in zip(p_list, cuts, strict=True):
            node[p_idx] = node_id
            snap_m[p_idx] = float(geodesic_distance_m(lon[p_idx], lat[p_idx], *foot)[0])
        pieces.extend(_pieces(row, proj[e_idx], cuts))
    keep = edges.drop(index=edges.index[list(by_edge)])
    if pieces:
        new = gpd.GeoDataFrame(pieces, geometry="geometry", crs="EPSG:4326")
        new["length_m"] = geodesic_lengths_m(new.geometry.to_numpy())
        full = new.pop("_full_m").to_numpy(dtype=float)
        drawn = new.pop("_geo_full").to_numpy(dtype=float)
        share = np.divide(
            new["length_m"].to_numpy(), drawn, out=np.zeros(len(new)), where=drawn > 0
        )
        if "kind" in new:
            # A schematic edge's length is a published one, not its drawn line's: share it out.
            schematic = ~new["kind"].isin(list(REAL_KINDS)).to_numpy()
            new.loc[schematic, "length_m"] = full[schematic] * share[schematic]
        if "tariff_km" in new:
            new["tariff_km"] = new["tariff_km"].astype(float) * share
        keep = pd.concat([keep, new], ignore_index=True)
    return SplitResult(gpd.GeoDataFrame(keep, geometry="geometry", crs="EPSG:4326"), node, snap_m)


def nearest_edges(
    lines: NDArray[np.object_], points: NDArray[np.object_], *, max_snap_m: float
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]:
    """Return the points within ``max_snap_m`` of a line, each one's nearest line and distance.

    Indices of the points and of their nearest lines, and the distances (m), all in the
    projected CRS; points farther away are left out. The search places
    (:func:`split_edges_at_points`) and field grid points are joined by.
    """
    tree = shapely.STRtree(lines)
    (p_idx, e_idx), dist = tree.query_nearest(
        points, max_distance=max_snap_m, all_matches=False, return_distance=True
    )
    return p_idx.astype(np.int64), e_idx.astype(np.int64), np.asarray(dist, dtype=float)


def nodes_from_edges(edges: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return the node layer (index ``osmid``; ``x`` lon, ``y`` lat) of an edge layer."""
    geoms = edges.geometry.to_numpy()
    first = shapely.get_coordinates(shapely.get_point(geoms, 0))
    last = shapely.get_coordinates(shapely.get_point(geoms, -1))
    ids = np.concatenate([edges["u"].to_numpy(), edges["v"].to_numpy()])
    xy = np.concatenate([first, last])
    frame = pd.DataFrame({"osmid": ids, "x": xy[:, 0], "y": xy[:, 1]}).drop_duplicates("osmid")
    frame = frame.set_index("osmid")
    return gpd.GeoDataFrame(
        frame, geometry=gpd.points_from_xy(frame["x"], frame["y"]), crs="EPSG:4326"
    )


def graph_from_edges(
    edges: gpd.GeoDataFrame,
    *,
    speeds: Mapping[str, float],
    crossing_s: float = 0.0,
    gauge_s: float = 0.0,
    default_class: str = "conventional",
) -> nx.MultiDiGraph:
    """Build an osmnx MultiDiGraph with both directions of every undirected edge.

    The graph of :func:`edge_tables` (same parameters), built by :func:`graph_from_tables`.
    """
    nodes, both = edge_tables(
        edges, speeds=speeds, crossing_s=crossing_s, gauge_s=gauge_s, default_class=default_class
    )
    return graph_from_tables(nodes, both)


def graph_from_tables(nodes: pd.DataFrame, edges: gpd.GeoDataFrame) -> nx.MultiDiGraph:
    """Return the osmnx MultiDiGraph of a node table and a directed edge table.

    Parameters
    ----------
    nodes
        Index ``osmid`` with ``x``, ``y`` and node attributes (missing values are left off).
    edges
        Index ``(u, v, key)`` with a geometry and edge attributes (missing values left off).

    """
    import osmnx as ox  # noqa: PLC0415 - osmnx (and scikit-learn) load only to build a graph

    node_layer = gpd.GeoDataFrame(
        nodes, geometry=gpd.points_from_xy(nodes["x"], nodes["y"]), crs="EPSG:4326"
    )
    return ox.convert.graph_from_gdfs(node_layer, edges, graph_attrs={"crs": "EPSG:4326"})


def edge_tables(
    edges: gpd.GeoDataFrame,
    *,
    speeds: Mapping[str, float],
    crossing_s: float = 0.0,
    gauge_s: float = 0.0,
    default_class: str = "conventional",
) -> tuple[pd.DataFrame, gpd.GeoDataFrame]:
    """Return the node table and the directed edge table of an undirected edge layer.

    Parameters
    ----------
    edges
        Undirected edge layer in EPSG:4326 with integer ``u``, ``v``, ``length_m`` and
        ``class``; the attribute columns of ``geodata/README.md`` are filled in where missing.
    speeds
        Speed (km/h) of each class; an edge whose class has none is left out.
    crossing_s, gauge_s
        Seconds a border crossing edge adds (customs), and a gauge break on top.
    default_class
        Class of edges that have none (see :func:`with_attributes`).

    Returns
    -------
    nodes : pandas.DataFrame
        Index ``osmid``: ``x``, ``y`` and ``side`` (``home`` | ``abroad``).
    edges : geopandas.GeoDataFrame
        Both directions of every edge, index ``(u, v, key)``, with ``length`` (m),
        ``speed_kph``, ``travel_time`` (s), ``class``, ``side``, ``crossing`` and
        ``tariff_km``.

    """
    edges = with_attributes(edges, default_class=default_class)
    edges = edges[edges["class"].isin(list(speeds))]
    nodes = nodes_from_edges(edges)
    marked = edges["crossing"].notna().to_numpy()
    at_home = (edges["country"] == HOME).to_numpy() & ~marked
    home = set(edges["u"][at_home]) | set(edges["v"][at_home])
    # A crossing edge cut by a place abroad keeps its mark on the piece at the border only.
    touches = edges["u"].isin(list(home)).to_numpy() | edges["v"].isin(list(home)).to_numpy()
    edges = edges.assign(crossing=edges["crossing"].where(touches, None))
    fwd = edges.rename(columns={"length_m": "length"})
    rev = fwd.copy()
    rev["u"], rev["v"] = fwd["v"].to_numpy(), fwd["u"].to_numpy()
    rev["geometry"] = shapely.reverse(fwd.geometry.to_numpy())
    both = pd.concat([fwd, rev], ignore_index=True)
    both["key"] = both.groupby(["u", "v"]).cumcount()
    both["speed_kph"] = both["class"].map(speeds).astype(float)
    both["side"] = np.where(both["country"] == HOME, "home", "abroad")
    crossing = both["crossing"].notna().to_numpy()
    both["travel_time"] = (
        both["length"] / both["speed_kph"] * 3.6
        + np.where(crossing, crossing_s, 0.0)
        + np.where(crossing & both["gauge_break"].astype(bool), gauge_s, 0.0)
    )
    # The flags that chose edges and times are spent; fewer columns make osmnx build faster.
    both = both.drop(columns=["passenger_only", "gauge_break", "opened_year"])
    both = gpd.GeoDataFrame(both.set_index(["u", "v", "key"]), geometry="geometry", crs="EPSG:4326")
    table = pd.DataFrame({"x": nodes["x"], "y": nodes["y"]}, index=nodes.index)
    table["side"] = np.where(table.index.isin(list(home)), "home", "abroad")
    return table, both


def with_attributes(edges: gpd.GeoDataFrame, *, default_class: str) -> gpd.GeoDataFrame:
    """Return the edges with every routing attribute, defaults filled in where missing.

    An edge from an older or uploaded layer without them lies in China (``country`` CN), is
    no border crossing, and takes its class from its kind (``connector``, ``access``) or
    ``default_class`` (``conventional`` rail, a ``main`` road).
    """
    edges = edges.copy()
    for col, value in (
        ("country", HOME),
        ("crossing", None),
        ("gauge_break", False),
        ("passenger_only", False),
        ("tariff_km", np.nan),
        ("opened_year", pd.NA),
    ):
        if col not in edges:
            edges[col] = value
        elif value is not None:
            edges[col] = edges[col].fillna(value)
    if "class" not in edges:
        edges["class"] = None
    kinds = edges["kind"].astype(str)
    fixed = kinds.isin(["connector", "access"])
    edges.loc[fixed & edges["class"].isna(), "class"] = kinds[fixed & edges["class"].isna()]
    edges["class"] = edges["class"].fillna(default_class)
    return edges


def graph_for(mode: str, *, planned: Iterable[str] = ()) -> ModeGraph:
    """Return ``mode``'s graph with every bundled place attached, for the settings in force.

    The profile of the mode (``settings.profile``) chooses the class speeds and which classes
    may be used (freight: no passenger-dedicated lines); closed border edges are left out, and
    so, with ``settings.year`` set, are lines that opened after that year (an edge whose
    ``opened_year`` is unknown is open in every year).
    Chinese places join Chinese edges only and places abroad foreign edges only, so a place
    never lands on the other side of a border. On the passenger profile a Chinese city boards
    trains at its passenger stations (:func:`station_links`); every other place joins at the
    foot of the nearest track or road.

    Parameters
    ----------
    mode
        ``rail`` or ``road``.
    planned
        Ids of planned corridors to switch on (see ``geodata/corridors.geojson``).

    Returns
    -------
    ModeGraph

    """
    check_mode(mode)
    cfg = settings.get()
    profile = cfg.profile[mode]
    edges = with_attributes(
        data.load_edges(mode), default_class="conventional" if mode == "rail" else "main"
    )
    switched = tuple(sorted(set(planned)))
    unknown = sorted(set(switched) - set(edges["corridor_id"].dropna()))
    if unknown:
        known = sorted(set(edges["corridor_id"].dropna()))
        raise InvalidLayerError(f"no planned {mode} corridor {unknown}; known: {known}")
    first = int(max(edges["u"].max(), edges["v"].max())) + 1  # above every id, planned included
    planned_edges = edges[(edges["status"] == "planned") & edges["corridor_id"].isin(switched)]
    edges = edges[(edges["status"] == "open") & open_in(edges, cfg.year)]
    if profile == "freight":
        edges = edges[~edges["passenger_only"].astype(bool)]
        edges.loc[edges["class"].isin(list(PASSENGER_ONLY)), "class"] = "conventional"
    places = data.load_places()
    links = station_links(places, edges) if profile == "passenger" else _NO_LINKS
    split, snaps = _attach(places, edges, links, mode=mode, first=first, planned=planned_edges)
    access = _access_edges(places, snaps, split, links, first=first)
    nodes, directed = edge_tables(
        pd.concat([split, access], ignore_index=True),
        speeds=cfg.speeds_of(mode),
        crossing_s=cfg.crossing_h[profile] * 3600,
        gauge_s=cfg.gauge_change_h.get(profile, 0.0) * 3600,
    )
    ok = snaps["status"] == "ok"
    own = access.drop_duplicates("place_id").set_index("place_id")["u"]
    nodes["place_id"] = pd.Series(own.index, index=own.to_numpy()).reindex(nodes.index)
    snaps["node"] = snaps["node"].astype("int64")
    snaps.loc[ok, "node"] = own.reindex(snaps.index[ok]).to_numpy()
    return ModeGraph(
        mode,
        nodes,
        pd.DataFrame(directed.drop(columns="geometry")),
        directed.geometry.to_numpy(),
        snaps,
        switched,
        cfg.year,
        profile,
    )


def open_in(edges: pd.DataFrame, year: int | None) -> pd.Series:
    """Return which edges were open at the end of ``year`` (all of them for ``None``).

    An edge opened in or before the year is open; so is one whose ``opened_year`` is unknown.

    Examples
    --------
    >>> frame = pd.DataFrame({"opened_year": pd.array([None, 2019, 2024], dtype="Int64")})
    >>> open_in(frame, 2020).tolist()
    [True, True, False]

    """
    if year is None or "opened_year" not in edges:
        return pd.Series(True, index=edges.index)
    opened = pd.to_numeric(edges["opened_year"], errors="coerce")
    return (opened.isna() | (opened <= year)).fillna(True).astype(bool)


_NO_LINKS = pd.DataFrame(columns=["place_id", "station_zh", "node", "lon", "lat", "km"])
#: Search radius of the station tree over the link limit: the projection's scale error bound.
_SCALE_MARGIN = 1.15


def station_links(places: gpd.GeoDataFrame, edges: gpd.GeoDataFrame) -> pd.DataFrame:
    """Return the passenger stations each Chinese city boards trains at.

    A station is a located tariff station of ``rail_stations.geojson`` (the 2021 passenger
    tariff table, so every one has passenger service; junctions named …所 are left out) on the
    given rail edges, within ``settings.station_link_m`` of the city. One row per link:
    ``place_id``, ``station_zh``, ``node``, ``lon``, ``lat``, ``km`` (straight line).

    Examples
    --------
    >>> from corridormap import data
    >>> links = station_links(data.load_places(), data.load_edges("rail"))
    >>> links[links["place_id"] == "hohhot"]["station_zh"].tolist()
    ['呼和浩特', '呼和浩特东', '白塔']

    """
    stations = data.load_stations().drop_duplicates("node")
    on_track = set(edges["u"]) | set(edges["v"])
    stations = stations[~stations["name_zh"].str.endswith("所") & stations["node"].isin(on_track)]
    country = places.get("country", pd.Series(HOME, index=places.index)).fillna(HOME)
    cities = places[(places["kind"] == "city") & (country == HOME) & places.geometry.notna()]
    limit = settings.get().station_link_m
    if cities.empty or stations.empty:
        return _NO_LINKS
    sx, sy = stations.geometry.x.to_numpy(), stations.geometry.y.to_numpy()
    cx, cy = cities.geometry.x.to_numpy(), cities.geometry.y.to_numpy()
    # Candidates from a tree in the projected CRS (its scale is within ±15 % of true over the
    # places), then the geodesic distance decides.
    tree = shapely.STRtree(shapely.points(*to_projected(sx, sy)))
    ci, si = tree.query(
        shapely.points(*to_projected(cx, cy)), predicate="dwithin", distance=limit * _SCALE_MARGIN
    )
    d = geodesic_distance_m(cx[ci], cy[ci], sx[si], sy[si])
    near = d <= limit
    if not near.any():
        return _NO_LINKS
    ci, si = ci[near], si[near]
    links = pd.DataFrame(
        {
            "place_id": cities.index.to_numpy()[ci],
            "station_zh": stations["name_zh"].to_numpy()[si],
            "node": stations["node"].to_numpy()[si].astype(int),
            "lon": sx[si],
            "lat": sy[si],
            "km": d[near] / 1e3,
        },
        columns=_NO_LINKS.columns,
    )
    return links.sort_values(["place_id", "km"], kind="stable").reset_index(drop=True)


def _attach(
    places: gpd.GeoDataFrame,
    edges: gpd.GeoDataFrame,
    links: pd.DataFrame,
    *,
    mode: str,
    first: int,
    planned: gpd.GeoDataFrame,
) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """Cut each side's edges at the foot points of that side's places; return edges and snaps.

    A place joins the open network where it can, so switching a planned corridor on never moves
    it; only a place too far from every open edge of its side may join a switched ``planned``
    edge (Shiveekhüren, reached only by the Ceke link).
    """
    located = places.geometry.notna() & ~places.geometry.is_empty
    ground = (places["port_type"].fillna("") != "air") & located
    boards = (
        places.index.isin(links["place_id"].unique()) if len(links) else np.zeros(len(places), bool)
    )
    abroad = places.get("country", pd.Series(HOME, index=places.index)).fillna(HOME) != HOME
    snaps = pd.DataFrame({"node": -1, "snap_m": np.nan, "status": "air_port"}, index=places.index)
    snaps.loc[~located.to_numpy(), "status"] = "no_coordinates"
    cfg = settings.get()
    parts = []
    for side_abroad in (False, True):
        on_side = (edges["country"] != HOME) == side_abroad
        want = (ground & (abroad == side_abroad) & ~boards).to_numpy()
        if not on_side.any():
            snaps.loc[want, "status"] = "too_far"
            parts.append(planned[(planned["country"] != HOME) == side_abroad])
            continue
        split = split_edges_at_points(
            edges[on_side],
            places.geometry.x.to_numpy()[want],
            places.geometry.y.to_numpy()[want],
            max_snap_m=cfg.max_snap_m[mode],
            first_node_id=first,
        )
        first = max(first, int(max(split.edges["u"].max(), split.edges["v"].max())) + 1)
        snaps.loc[want, "node"] = split.node
        snaps.loc[want, "snap_m"] = split.snap_m
        snaps.loc[want, "status"] = np.where(split.node >= 0, "ok", "too_far")
        parts.append(split.edges)
        own = planned[(planned["country"] != HOME) == side_abroad]
        far = want & (snaps["status"] == "too_far").to_numpy()
        if len(own) and far.any():
            extra = split_edges_at_points(
                own,
                places.geometry.x.to_numpy()[far],
                places.geometry.y.to_numpy()[far],
                max_snap_m=cfg.max_snap_m[mode],
                first_node_id=first,
            )
            first = max(first, int(max(extra.edges["u"].max(), extra.edges["v"].max())) + 1)
            joined = extra.node >= 0
            rows = snaps.index[far][joined]
            snaps.loc[rows, "node"] = extra.node[joined]
            snaps.loc[rows, "snap_m"] = extra.snap_m[joined]
            snaps.loc[rows, "status"] = "ok"
            own = extra.edges
        parts.append(own)
    if len(links):
        near = links.groupby("place_id")["km"].min()
        at = snaps.index.isin(near.index) & ground.to_numpy()
        snaps.loc[at, "status"] = "ok"
        snaps.loc[at, "snap_m"] = near.reindex(snaps.index[at]).to_numpy() * 1000
    edges_out = gpd.GeoDataFrame(
        pd.concat(parts, ignore_index=True), geometry="geometry", crs="EPSG:4326"
    )
    return edges_out, snaps


def check_mode(mode: str) -> None:
    """Raise :class:`InvalidLayerError` unless ``mode`` is ``rail`` or ``road``."""
    if mode not in settings.MODES:
        raise InvalidLayerError(f"unknown mode {mode!r}; use one of {', '.join(settings.MODES)}")


def _access_edges(
    places: gpd.GeoDataFrame,
    snaps: pd.DataFrame,
    edges: gpd.GeoDataFrame,
    links: pd.DataFrame,
    *,
    first: int,
) -> gpd.GeoDataFrame:
    """Join each attached place (a new node of its own) to its foot node or its stations."""
    ok = snaps[snaps["status"] == "ok"]
    first = max(first, int(max(edges["u"].max(), edges["v"].max())) + 1)
    node_of = pd.Series(np.arange(first, first + len(ok), dtype=np.int64), index=ok.index)
    nodes = nodes_from_edges(edges)
    rows: list[tuple[str, int, float, float]] = []
    boards = set(links["place_id"]) if len(links) else set()
    for pid in ok.index:
        if pid in boards:
            here = links[links["place_id"] == pid]
            rows.extend(
                (pid, int(n), float(x), float(y))
                for n, x, y in zip(here["node"], here["lon"], here["lat"], strict=True)
            )
        else:
            foot = int(ok.at[pid, "node"])  # type: ignore[arg-type]
            rows.append((pid, foot, float(nodes.at[foot, "x"]), float(nodes.at[foot, "y"])))
    pts = places.geometry
    country = places.get("country", pd.Series(HOME, index=places.index)).fillna(HOME)
    frame = gpd.GeoDataFrame(
        {
            "u": [int(node_of[p]) for p, *_ in rows],
            "v": [n for _, n, _, _ in rows],
            "kind": "access",
            "class": "access",
            "status": "open",
            "place_id": [p for p, *_ in rows],
            "country": [country[p] for p, *_ in rows],
        },
        geometry=[LineString([(pts[p].x, pts[p].y), (x, y)]) for p, _, x, y in rows],
        crs="EPSG:4326",
    )
    frame["length_m"] = geodesic_lengths_m(frame.geometry.to_numpy())
    return frame


def _cut_positions(
    line: shapely.Geometry, pts: NDArray[np.object_], row: pd.Series, next_id: int
) -> tuple[list[tuple[float, int, tuple[float, float]]], int]:
    """Return, per point, (distance along line, node id, foot lon/lat)."""
    length = float(shapely.length(line))
    out: list[tuple[float, int, tuple[float, float]]] = []
    seen: dict[float, int] = {}
    for located in shapely.line_locate_point(line, pts):
        pos = float(located)
        if pos <= _END_TOLERANCE_M:
            pos, node_id = 0.0, int(row["u"])
        elif pos >= length - _END_TOLERANCE_M:
            pos, node_id = length, int(row["v"])
        elif round(float(pos), 3) in seen:
            node_id = seen[round(float(pos), 3)]
        else:
            node_id, next_id = next_id, next_id + 1
            seen[round(float(pos), 3)] = node_id
        foot = shapely.line_interpolate_point(line, pos)
        fx, fy = to_lonlat([foot.x], [foot.y])
        out.append((float(pos), node_id, (float(fx[0]), float(fy[0]))))
    return out, next_id


def _pieces(
    row: pd.Series, line: shapely.Geometry, cuts: list[tuple[float, int, tuple[float, float]]]
) -> list[dict[str, object]]:
    """Cut one projected line at the given positions into lon/lat pieces."""
    orig = shapely.get_coordinates(row.geometry)
    stops: dict[float, tuple[int, tuple[float, float]]] = {
        0.0: (int(row["u"]), (orig[0, 0], orig[0, 1])),
        float(shapely.length(line)): (int(row["v"]), (orig[-1, 0], orig[-1, 1])),
    }
    for pos, node_id, foot in cuts:
        stops.setdefault(pos, (node_id, foot))
    order = sorted(stops)
    attrs = {str(k): v for k, v in row.drop(labels=["geometry", "u", "v", "length_m"]).items()}
    attrs["_full_m"] = row["length_m"]
    attrs["_geo_full"] = float(geodesic_lengths_m(np.array([row.geometry], dtype=object))[0])
    out: list[dict[str, object]] = []
    for a, b in itertools.pairwise(order):
        part = shapely.ops.substring(line, a, b)
        xy = shapely.get_coordinates(part)
        lon, lat = to_lonlat(xy[:, 0], xy[:, 1])
        lon[0], lat[0] = stops[a][1]
        lon[-1], lat[-1] = stops[b][1]
        out.append(
            {
                **attrs,
                "u": stops[a][0],
                "v": stops[b][0],
                "geometry": LineString(np.column_stack([lon, lat])),
            }
        )
    return out
