"""Shortest routes between places and many-to-many OD matrices on a mode's graph.

:func:`route` answers one pair with its geometry and the named lines followed.
:func:`od_matrix` answers many pairs at once on a SciPy sparse-graph Dijkstra
(one run per origin); :func:`od_matrix_osmnx` is the slow per-pair reference on
:func:`osmnx.routing.shortest_path` that the fast path is tested against.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import scipy.sparse
import scipy.sparse.csgraph
import shapely
import shapely.geometry
from shapely import LineString

from corridormap import graph_store, network, places, settings
from corridormap._graph_arrays import (
    EdgeArrays,
    allowed_edge,
    along_tree,
    arrays_of,
    best_path,
    edge_dicts,
    path_rows,
    weights,
)
from corridormap.errors import (
    EmptySelectionError,
    NoRouteError,
    NotOnNetworkError,
    SamePlaceError,
    SettingsError,
)
from corridormap.places import Place
from corridormap.stopping import checkpoint

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "Leg",
    "Route",
    "allowed_view",
    "cached_graph",
    "od_matrix",
    "od_matrix_osmnx",
    "path_between_nodes",
    "path_lines",
    "route",
    "times_from",
]

OD_COLUMNS = ("origin", "destination", "mode", "length_km", "time_h", "status")
#: Origins per Dijkstra run of an OD table: the run holds chunk × nodes distances and
#: predecessors (256 × 42,000 road nodes ≈ 130 MB), whatever the number of origins.
_OD_CHUNK = 256


@dataclass(frozen=True)
class Leg:
    """A run of a route on one line and class, with its km, speed and time.

    ``tariff_km`` is the leg's tariff (运价) km where every edge of it lies between tariff
    stations, else None. A border crossing is a leg of its own: ``crossing`` names its port,
    and ``time_h`` includes the crossing time.
    """

    line: str | None
    cls: str
    km: float
    speed_kph: float
    time_h: float
    tariff_km: float | None
    crossing: str | None = None

    def to_dict(self) -> dict[str, object]:
        """Return the leg as JSON-ready values."""
        return {
            "line": self.line,
            "class": self.cls,
            "km": round(self.km, 3),
            "speed_kph": round(self.speed_kph, 1),
            "time_h": round(self.time_h, 3),
            "tariff_km": None if self.tariff_km is None else round(self.tariff_km, 1),
            "crossing": self.crossing,
        }


@dataclass(frozen=True)
class Route:
    """A fastest (or shortest) route between two places on one mode's network.

    ``length_km`` includes the two access legs (place to network, ``access_km``);
    ``connector_km`` is the part on documented gap connectors and ``schematic_km``
    the part on schematic edges, straight lines at a published length (tariff km, or the
    lines of ``added_lines.csv``) rather than a measured alignment. ``lines`` holds
    ``(line name, km)`` in travel order for the named parts of the route; ``legs`` cover the
    whole route by line and class. ``crossing`` is the port where the route crosses China's
    border (None for a route that stays on one side) and ``crossing_h`` the time it adds.
    """

    mode: str
    origin: Place
    destination: Place
    length_km: float
    time_h: float
    lines: tuple[tuple[str, float], ...]
    access_km: tuple[float, float]
    connector_km: float
    schematic_km: float
    nodes: tuple[int, ...] = field(repr=False)
    geometry: LineString = field(repr=False)
    by: str = "time"
    profile: str = ""
    legs: tuple[Leg, ...] = ()
    crossing: str | None = None
    crossing_h: float = 0.0
    tariff_km: float | None = None
    untariffed_km: float = 0.0
    year: int | None = None
    planned: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """Return the route as the documented JSON shape (README, "route JSON")."""
        return {
            "mode": self.mode,
            "profile": self.profile,
            "by": self.by,
            "year": self.year,
            "planned": list(self.planned),
            "from": self.origin.to_dict(),
            "to": self.destination.to_dict(),
            "length_km": round(self.length_km, 3),
            "time_h": round(self.time_h, 3),
            "speeds_kph": {leg.cls: leg.speed_kph for leg in self.legs if leg.crossing is None},
            "crossing": self.crossing,
            "crossing_h": round(self.crossing_h, 3),
            "lines": [name for name, _ in self.lines],
            "legs": [leg.to_dict() for leg in self.legs],
            "tariff_km": None if self.tariff_km is None else round(self.tariff_km, 1),
            "untariffed_km": round(self.untariffed_km, 3),
            "access_km": [round(k, 3) for k in self.access_km],
            "connector_km": round(self.connector_km, 3),
            "schematic_km": round(self.schematic_km, 3),
        }

    def to_geojson(self) -> dict[str, object]:
        """Return the route as a GeoJSON Feature: its line and :meth:`to_dict` as properties."""
        return {
            "type": "Feature",
            "geometry": shapely.geometry.mapping(self.geometry),
            "properties": self.to_dict(),
        }


def cached_graph(mode: str, planned: Sequence[str] = ()) -> network.ModeGraph:
    """Return :func:`corridormap.network.graph_for`, cached per network state in memory and on disk.

    The state is the one :func:`corridormap.graph_store.state_key` names: the mode, the
    planned corridors, the data files and every setting that shapes the graph.
    """
    switched = tuple(sorted(set(planned)))
    return _graph(graph_store.state_key(mode, switched), mode, switched)


def route(
    origin: str | Place,
    destination: str | Place,
    mode: str,
    *,
    planned: Sequence[str] = (),
    by: str | None = None,
) -> Route:
    """Return the fastest (or shortest) route between two places.

    A route between two places in China stays in China; a route between China and a place
    abroad crosses the border once, at an open port of the mode, and pays its crossing time.

    Parameters
    ----------
    origin, destination
        Places, or names resolved with :func:`corridormap.places.resolve`.
    mode
        ``rail`` or ``road``.
    planned
        Planned corridor ids to switch on.
    by
        ``time`` (fastest) or ``length`` (shortest); default ``settings.route_by``.

    Raises
    ------
    NotOnNetworkError
        A place is not on this mode's network (too far, no coordinates, air port).
    NoRouteError
        Both places are on the network but no path joins them.

    Examples
    --------
    >>> r = route("哈尔滨", "满洲里", "rail", by="length")
    >>> 880 < r.length_km < 960
    True
    >>> r.lines[-1][0]
    '滨洲线'

    """
    by = _by(by)
    mg = cached_graph(mode, planned)
    a = origin if isinstance(origin, Place) else places.resolve(origin, mode=mode)
    b = destination if isinstance(destination, Place) else places.resolve(destination, mode=mode)
    if a.id == b.id:
        raise SamePlaceError(
            f"origin and destination are the same place ({a.label}); choose two different places",
            name_zh=a.name_zh,
            name_en=a.name_en,
        )
    na, nb = _node(mg, a), _node(mg, b)
    sides = (_abroad(mg, na), _abroad(mg, nb))
    path = best_path(arrays_of(mg), sides, by, na, nb)
    if path is None:
        raise NoRouteError(
            f"no {mode} route joins {a.label} and {b.label}: they lie on parts of the {mode} "
            "network that do not connect (or only across a border that is closed to this mode)",
            mode=mode,
            names_zh=(a.name_zh, b.name_zh),
            names_en=(a.name_en, b.name_en),
        )
    return _route_from_path(mg, a, b, path, by=by, sides=sides)


def times_from(origin: str | Place, mode: str, *, planned: Sequence[str] = ()) -> pd.Series:
    """Return the fastest time (h) from a place to every node it reaches, by the route rules.

    Home nodes are reached over home edges; nodes abroad across one open crossing, which pays
    its time (as :func:`route`). Unreachable nodes are left out.
    """
    mg = cached_graph(mode, planned)
    a = origin if isinstance(origin, Place) else places.resolve(origin, mode=mode)
    source = _node(mg, a)
    ar = arrays_of(mg)
    side = _abroad(mg, source)
    abroad = ar.abroad
    best = np.full(len(ar.nodes), np.inf)
    for to_abroad in (False, True):
        primary, _ = weights(ar, (side, to_abroad), "time")
        dist = scipy.sparse.csgraph.dijkstra(primary, indices=ar.index[source])
        best[abroad == to_abroad] = dist[abroad == to_abroad]
    keep = np.isfinite(best)
    return pd.Series(best[keep] / 3600.0, index=np.asarray(ar.nodes)[keep], name="time_h")


def od_matrix(
    mode: str,
    origins: Sequence[str] | None = None,
    destinations: Sequence[str] | None = None,
    *,
    planned: Sequence[str] = (),
    by: str | None = None,
) -> pd.DataFrame:
    """Return lengths and times of the fastest (or shortest) route of every pair.

    Parameters
    ----------
    mode
        ``rail`` or ``road``.
    origins, destinations
        Place ids, or names looked up as :func:`route` does; by default all ports and all
        cities.
    planned
        Planned corridor ids to switch on.
    by
        ``time`` (fastest routes) or ``length`` (shortest); default ``settings.route_by``.
        Both columns are of the same route.

    Raises
    ------
    EmptySelectionError
        ``origins`` or ``destinations`` is an empty list.

    Returns
    -------
    pandas.DataFrame
        Long format, one row per pair: ``origin``, ``destination``, ``mode``,
        ``length_km``, ``time_h`` and ``status`` (``ok``; ``no_route``; or why a
        place is off the network: ``too_far``, ``air_port``, ``no_coordinates``).
        Length and time are empty (NaN) unless ``status`` is ``ok``.

    """
    by = _by(by)
    mg = cached_graph(mode, planned)
    orig, dest = _ids(mg, origins, "port"), _ids(mg, destinations, "city")
    ar = arrays_of(mg)
    o_nodes = mg.snaps.loc[orig, "node"].to_numpy()
    d_nodes = mg.snaps.loc[dest, "node"].to_numpy()
    lengths = np.full((len(orig), len(dest)), np.inf)
    times = np.full((len(orig), len(dest)), np.inf)
    o_side, d_side = _sides(mg, ar, o_nodes), _sides(mg, ar, d_nodes)
    first, second = (times, lengths) if by == "time" else (lengths, times)
    for sa, sb in itertools.product((False, True), repeat=2):
        oi = np.flatnonzero((o_nodes >= 0) & (o_side == sa))
        di = np.flatnonzero((d_nodes >= 0) & (d_side == sb))
        if not len(oi) or not len(di):
            continue
        primary, secondary = weights(ar, (sa, sb), by)
        dst = np.array([ar.index[n] for n in d_nodes[di]])
        for start in range(0, len(oi), _OD_CHUNK):  # bounded memory; a request may stop here
            checkpoint()
            rows = oi[start : start + _OD_CHUNK]
            src = np.array([ar.index[n] for n in o_nodes[rows]])
            dist, pred = scipy.sparse.csgraph.dijkstra(
                primary, directed=True, indices=src, return_predecessors=True
            )
            other = np.vstack([along_tree(p, secondary)[dst] for p in pred])
            reached = dist[:, dst]
            first[np.ix_(rows, di)] = reached
            second[np.ix_(rows, di)] = np.where(np.isfinite(reached), other, np.inf)
    return _od_frame(mg, orig, dest, lengths, times)


def od_matrix_osmnx(
    mode: str,
    origins: Sequence[str] | None = None,
    destinations: Sequence[str] | None = None,
    *,
    planned: Sequence[str] = (),
    by: str | None = None,
) -> pd.DataFrame:
    """Return the same table as :func:`od_matrix`, one osmnx shortest path per pair (slow).

    Each pair runs :func:`osmnx.routing.shortest_path` on a view of the graph holding only
    the edges its border rule allows (see :func:`route`).
    """
    import networkx as nx  # noqa: PLC0415 - the slow reference only
    import osmnx  # noqa: PLC0415 - the slow reference only; the library loads it lazily

    by = _by(by)
    weight = "travel_time" if by == "time" else "length"
    other = "length" if by == "time" else "travel_time"
    mg = cached_graph(mode, planned)
    orig, dest = _ids(mg, origins, "port"), _ids(mg, destinations, "city")
    lengths = np.full((len(orig), len(dest)), np.inf)
    times = np.full((len(orig), len(dest)), np.inf)
    out = {"length": lengths, "travel_time": times}
    graphs: dict[tuple[bool, bool], nx.MultiDiGraph] = {}
    for i, o in enumerate(orig):
        for j, d in enumerate(dest):
            no, nd = int(mg.snaps["node"][o]), int(mg.snaps["node"][d])
            if no < 0 or nd < 0:
                continue
            sides = (_abroad(mg, no), _abroad(mg, nd))
            if sides not in graphs:  # a plain copy: osmnx then runs at full speed
                graphs[sides] = nx.MultiDiGraph(allowed_view(mg.G, *sides))
            view = graphs[sides]
            path = osmnx.routing.shortest_path(view, no, nd, weight=weight)
            if path is not None:
                best = [
                    min(view[u][v].values(), key=lambda e: e[weight])
                    for u, v in itertools.pairwise(path)
                ]
                out[weight][i, j] = sum(e[weight] for e in best)
                out[other][i, j] = sum(e[other] for e in best)
    return _od_frame(mg, orig, dest, lengths, times)


def allowed_view(G: nx.MultiDiGraph, from_abroad: bool, to_abroad: bool) -> nx.MultiDiGraph:
    """Return a view of ``G`` with only the edges a route between these two sides may use.

    Within one side: that side's edges only (a domestic route never leaves China). From one
    side to the other: both sides' edges and the crossing edges in that direction only, so
    the route crosses exactly once.
    """
    import networkx as nx  # noqa: PLC0415 - a graph is at hand, so networkx is loaded

    def keep(u: int, v: int, k: int) -> bool:
        return bool(allowed_edge(G.nodes[u]["side"] == "abroad", G.nodes[v]["side"] == "abroad",
                                  G[u][v][k]["side"] == "abroad", G[u][v][k].get("crossing") is not None,
                                  from_abroad, to_abroad))  # fmt: skip

    return nx.subgraph_view(G, filter_edge=keep)


def path_lines(
    mode: str,
    pairs: Sequence[tuple[str, str]],
    *,
    planned: Sequence[str] = (),
    by: str | None = None,
) -> dict[tuple[str, str], dict[str, float]]:
    """Return, per (origin, destination) pair, the km its route runs on each named line.

    Routes are those of :func:`od_matrix` (one Dijkstra run per origin and border rule);
    pairs with no path, or with a place off the network, get an empty dict. Edges carrying
    several names count for each.
    """
    by = _by(by)
    mg = cached_graph(mode, planned)
    ar = arrays_of(mg)
    names = _edge_names(mg)
    out: dict[tuple[str, str], dict[str, float]] = {pair: {} for pair in pairs}
    groups: dict[tuple[int, bool], list[tuple[str, str, int]]] = {}
    for o, d in pairs:
        no, nd = int(mg.snaps["node"][o]), int(mg.snaps["node"][d])
        if no >= 0 and nd >= 0:
            groups.setdefault((no, _abroad(mg, nd)), []).append((o, d, nd))
    for (no, to_abroad), members in groups.items():
        primary, _ = weights(ar, (_abroad(mg, no), to_abroad), by)
        _, pred = scipy.sparse.csgraph.dijkstra(
            primary, indices=ar.index[no], return_predecessors=True
        )
        for o, d, nd in members:
            j = ar.index[nd]
            if pred[j] < 0 and nd != no:
                continue
            km: dict[str, float] = {}
            while pred[j] >= 0:
                for name, length in names.get((ar.nodes[pred[j]], ar.nodes[j]), ()):
                    km[name] = km.get(name, 0.0) + length
                j = pred[j]
            out[(o, d)] = km
    return out


def path_between_nodes(
    mode: str, a: int, b: int, *, planned: Sequence[str] = (), by: str | None = None
) -> list[dict[str, Any]]:
    """Return the edges (attribute dicts) of the route between two graph nodes, in order.

    For journeys between points that are not places, such as two stations of
    ``rail_stations.geojson``; the border rule follows the two nodes' sides.

    Raises
    ------
    NoRouteError
        A node is not in the graph, or no allowed path joins them.

    """
    by = _by(by)
    mg = cached_graph(mode, planned)
    ar = arrays_of(mg)
    if a not in ar.index or b not in ar.index:
        raise NoRouteError(
            f"node {a if a not in ar.index else b} is not on the {mode} network",
            mode=mode, names_zh=(str(a), str(b)), names_en=(str(a), str(b)),
        )  # fmt: skip
    sides = (_abroad(mg, a), _abroad(mg, b))
    path = best_path(ar, sides, by, a, b)
    if path is None:
        raise NoRouteError(
            f"no {mode} route joins nodes {a} and {b}",
            mode=mode, names_zh=(str(a), str(b)), names_en=(str(a), str(b)),
        )  # fmt: skip
    return _path_edges(mg, path, sides, by)


def _path_edges(
    mg: network.ModeGraph, path: list[int], sides: tuple[bool, bool], by: str
) -> list[dict[str, Any]]:
    """Return the allowed edge of least weight between each pair of nodes of a path."""
    return edge_dicts(mg, path_rows(arrays_of(mg), path, sides, by))


def _sides(mg: network.ModeGraph, ar: EdgeArrays, nodes: np.ndarray) -> np.ndarray:
    """Return whether each node (-1: none) lies abroad; a missing node counts as home."""
    on = nodes >= 0
    out = np.zeros(len(nodes), dtype=bool)
    out[on] = ar.abroad[mg.nodes.index.get_indexer(pd.Index(nodes[on]))]
    return out


def _abroad(mg: network.ModeGraph, node: int) -> bool:
    return bool(mg.nodes.at[node, "side"] == "abroad")


def _by(by: str | None) -> str:
    by = settings.get().route_by if by is None else by
    if by not in settings.ROUTE_BY:
        raise SettingsError(f"by must be one of {settings.ROUTE_BY}, got {by!r}")
    return by


@functools.lru_cache(maxsize=8)
def _edge_names(mg: network.ModeGraph) -> dict[tuple[int, int], tuple[tuple[str, float], ...]]:
    """Map each (u, v) to the line names of its shortest parallel edge, with its km."""
    edges = mg.attrs[["length", "line_zh"]].reset_index()
    first = edges.sort_values("length", kind="stable").drop_duplicates(["u", "v"])
    named = first[first["line_zh"].notna() & (first["line_zh"] != "")]
    return {
        (int(u), int(v)): tuple((n, length / 1000) for n in str(line).split(";"))
        for u, v, length, line in zip(
            named["u"], named["v"], named["length"], named["line_zh"], strict=True
        )
    }


@functools.lru_cache(maxsize=8)
def _graph(key: str, mode: str, planned: tuple[str, ...]) -> network.ModeGraph:
    del key  # names the state; the graph is read or built under the settings in force
    return graph_store.load_or_build(mode, planned)


def _node(mg: network.ModeGraph, place: Place) -> int:
    if place.id not in mg.snaps.index:
        raise NotOnNetworkError(
            f"{place.label} is not a bundled place",
            reason="unknown",
            mode=mg.mode,
            name_zh=place.name_zh,
            name_en=place.name_en,
        )
    row = mg.snaps.loc[place.id]
    reason = {
        "air_port": f"{place.label} is an air port; air ports are reached by road, not by {mg.mode}",
        "no_coordinates": f"{place.label} has no sourced coordinates yet (see geodata/SOURCES.md)",
        "too_far": (
            f"{place.label} lies more than {settings.get().max_snap_m[mg.mode] / 1000:.0f} km from "
            f"the {mg.mode} network; it is not joined across the gap"
        ),
    }
    status = str(row["status"])
    if status != "ok":
        raise NotOnNetworkError(
            reason[status],
            reason=status,
            mode=mg.mode,
            name_zh=place.name_zh,
            name_en=place.name_en,
        )
    return int(mg.snaps["node"][place.id])


def _ids(mg: network.ModeGraph, ids: Sequence[str] | None, default_kind: str) -> list[str]:
    if ids is None:
        kinds = places.gazetteer().places
        return [pid for pid in mg.snaps.index if kinds[pid].kind == default_kind]
    if not ids:
        side = "origins" if default_kind == "port" else "destinations"
        raise EmptySelectionError(
            f"no {side} selected; choose at least one place (or leave the list out for all)",
            side=side,
        )
    # ids are taken as they are; anything else is a name, looked up as route() does
    return [i if i in mg.snaps.index else places.resolve(i, mode=mg.mode).id for i in ids]


def _od_frame(
    mg: network.ModeGraph, orig: list[str], dest: list[str], lengths: np.ndarray, times: np.ndarray
) -> pd.DataFrame:
    """Return the long OD table; a pair's status says why it has no values."""
    so = mg.snaps["status"].reindex(orig).to_numpy(dtype=object)[:, None]
    sd = mg.snaps["status"].reindex(dest).to_numpy(dtype=object)[None, :]
    ok = np.isfinite(lengths)
    why = np.where(so != "ok", so, np.where(sd != "ok", sd, "no_route"))
    return pd.DataFrame(
        {
            "origin": np.repeat(np.asarray(orig, dtype=object), len(dest)),
            "destination": np.tile(np.asarray(dest, dtype=object), len(orig)),
            "mode": mg.mode,
            "length_km": np.where(ok, lengths / 1000, np.nan).ravel(),
            "time_h": np.where(ok, times / 3600, np.nan).ravel(),
            "status": np.where(ok, "ok", why).ravel(),
        },
        columns=list(OD_COLUMNS),
    )


def _route_from_path(
    mg: network.ModeGraph,
    a: Place,
    b: Place,
    path: list[int],
    *,
    by: str,
    sides: tuple[bool, bool],
) -> Route:
    edges = _path_edges(mg, path, sides, by)
    xs, ys = mg.nodes["x"].reindex(path).to_numpy(), mg.nodes["y"].reindex(path).to_numpy()
    km = [e["length"] / 1000 for e in edges]
    kinds = [e.get("kind") for e in edges]
    access = [k for k, kind in zip(km, kinds, strict=True) if kind == "access"]
    coords: list[tuple[float, float]] = []
    for x, y, e in zip(xs[:-1], ys[:-1], edges, strict=True):
        xy = shapely.get_coordinates(e["geometry"]).tolist()
        if (x, y) != tuple(xy[0]):
            xy.reverse()
        coords.extend(xy if not coords else xy[1:])
    crossed = [e for e in edges if e.get("crossing") is not None]
    tariff = [e.get("tariff_km") for e in edges if e.get("kind") != "access"]
    covered = [t is not None and not pd.isna(t) for t in tariff]
    untariffed = sum(
        e["length"] / 1000
        for e, ok in zip([e for e in edges if e.get("kind") != "access"], covered, strict=True)
        if not ok
    )
    moving = sum(e["length"] / e["speed_kph"] * 3.6 for e in crossed)
    return Route(
        mode=mg.mode,
        origin=a,
        destination=b,
        length_km=float(sum(km)),
        time_h=float(sum(e["travel_time"] for e in edges) / 3600),
        lines=_lines(edges),
        access_km=(access[0] if access else 0.0, access[-1] if len(access) > 1 else 0.0),
        connector_km=float(
            sum(k for k, kind in zip(km, kinds, strict=True) if kind == "connector")
        ),
        schematic_km=float(
            sum(k for k, kind in zip(km, kinds, strict=True) if kind not in network.REAL_KINDS)
        ),
        nodes=tuple(path),
        geometry=LineString(coords) if len(coords) > 1 else LineString([coords[0], coords[0]]),
        by=by,
        profile=mg.profile,
        year=mg.year,
        planned=mg.planned,
        legs=_legs(edges),
        crossing=str(crossed[0]["crossing"]) if crossed else None,
        crossing_h=float(sum(e["travel_time"] for e in crossed) - moving) / 3600,
        tariff_km=float(sum(t for t in tariff if t is not None))
        if tariff and all(covered)
        else None,
        untariffed_km=float(untariffed),
    )


def _legs(edges: list[dict[str, Any]]) -> tuple[Leg, ...]:
    """Split the route into runs of one line and class (the whole route, named or not).

    An edge under a metre long (the access of a place lying on the network) makes no leg.
    """
    names = [set(str(e["line_zh"]).split(";")) if e.get("line_zh") else set() for e in edges]
    out: list[Leg] = []
    current: str | None = None
    for i, (e, here) in enumerate(zip(edges, names, strict=True)):
        if not here:
            current = None
        elif current not in here:
            current = max(sorted(here), key=lambda n: _run(names, i, n))
        if e["length"] < 1.0 and e.get("crossing") is None:  # a place on the network itself
            continue
        km, h = e["length"] / 1000, e["travel_time"] / 3600
        t = e.get("tariff_km")
        t = None if t is None or pd.isna(t) or e.get("kind") == "access" else float(t)
        last = out[-1] if out else None
        if e.get("crossing") is not None:
            crossing = str(e["crossing"])
            out.append(Leg(None, str(e["class"]), km, float(e["speed_kph"]), h, t, crossing))
            current = None
            continue
        if (
            last is not None
            and last.crossing is None
            and last.line == current
            and last.cls == e["class"]
        ):
            tariff = None if last.tariff_km is None or t is None else last.tariff_km + t
            total = last.km + km
            out[-1] = Leg(current, last.cls, total, last.speed_kph, last.time_h + h, tariff)
        else:
            out.append(Leg(current, str(e["class"]), km, float(e["speed_kph"]), h, t))
    return tuple(out)


def _lines(edges: list[dict[str, object]]) -> tuple[tuple[str, float], ...]:
    """Name the route's parts: keep the current line while the track carries it."""
    names = [set(str(e["line_zh"]).split(";")) if e.get("line_zh") else set() for e in edges]
    out: list[list[object]] = []
    current: str | None = None
    for i, (e, here) in enumerate(zip(edges, names, strict=True)):
        if not here:
            continue
        if current not in here:
            current = max(sorted(here), key=lambda n: _run(names, i, n))
        if out and out[-1][0] == current:
            out[-1][1] = float(out[-1][1]) + float(e["length"]) / 1000  # type: ignore[arg-type]
        else:
            out.append([current, float(e["length"]) / 1000])  # type: ignore[arg-type]
    return tuple((str(n), float(k)) for n, k in out if float(k) >= 1.0)  # type: ignore[arg-type]


def _run(names: list[set[str]], start: int, name: str) -> float:
    run = 0
    for here in names[start:]:
        if here and name not in here:
            break
        run += 1
    return run
