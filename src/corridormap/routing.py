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
from pathlib import Path

import networkx as nx
import numpy as np
import osmnx as ox
import pandas as pd
import scipy.sparse
import scipy.sparse.csgraph
import shapely
from shapely import LineString

from corridormap import network, places, settings
from corridormap.errors import EmptySelectionError, NoRouteError, NotOnNetworkError
from corridormap.places import Place

__all__ = ["Route", "cached_graph", "od_matrix", "od_matrix_osmnx", "path_lines", "route"]

OD_COLUMNS = ("origin", "destination", "mode", "length_km", "time_h", "status")


@dataclass(frozen=True)
class Route:
    """A shortest route between two places on one mode's network.

    ``length_km`` includes the two access legs (place to network, ``access_km``);
    ``connector_km`` is the part on documented gap connectors and ``schematic_km``
    the part on straight tariff-km edges beyond the OSM extent. ``lines`` holds
    ``(line name, km)`` in travel order for the named parts of the route.
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

    def to_dict(self) -> dict[str, object]:
        """Return the route as the documented JSON shape (README, "route JSON")."""
        return {
            "mode": self.mode,
            "from": self.origin.to_dict(),
            "to": self.destination.to_dict(),
            "length_km": round(self.length_km, 3),
            "time_h": round(self.time_h, 3),
            "speed_kmh": settings.get().speed_kmh[self.mode],
            "lines": [name for name, _ in self.lines],
            "legs": [{"line": name, "km": round(km, 3)} for name, km in self.lines],
            "access_km": [round(k, 3) for k in self.access_km],
            "connector_km": round(self.connector_km, 3),
            "schematic_km": round(self.schematic_km, 3),
        }


def cached_graph(mode: str, planned: Sequence[str] = ()) -> network.ModeGraph:
    """Return :func:`corridormap.network.graph_for`, cached per mode, scenario and settings."""
    cfg = settings.get()
    return _graph(
        mode,
        tuple(sorted(set(planned))),
        cfg.geodata_dir,
        cfg.speed_kmh[mode] if mode in cfg.speed_kmh else 0.0,
        cfg.max_snap_m[mode] if mode in cfg.max_snap_m else 0.0,
    )


def route(
    origin: str | Place, destination: str | Place, mode: str, *, planned: Sequence[str] = ()
) -> Route:
    """Return the shortest route by length between two places.

    Parameters
    ----------
    origin, destination
        Places, or names resolved with :func:`corridormap.places.resolve`.
    mode
        ``rail`` or ``road``.
    planned
        Planned corridor ids to switch on.

    Raises
    ------
    NotOnNetworkError
        A place is not on this mode's network (too far, no coordinates, air port).
    NoRouteError
        Both places are on the network but no path joins them.

    Examples
    --------
    >>> r = route("哈尔滨", "满洲里", "rail")
    >>> 880 < r.length_km < 960
    True

    """
    mg = cached_graph(mode, planned)
    a = origin if isinstance(origin, Place) else places.resolve(origin, mode=mode)
    b = destination if isinstance(destination, Place) else places.resolve(destination, mode=mode)
    na, nb = _node(mg, a), _node(mg, b)
    try:
        path = nx.shortest_path(mg.G, na, nb, weight="length")
    except nx.NetworkXNoPath:
        raise NoRouteError(
            f"no {mode} route joins {a.label} and {b.label}: they lie on parts of the {mode} "
            "network that do not connect",
            mode=mode,
            names_zh=(a.name_zh, b.name_zh),
            names_en=(a.name_en, b.name_en),
        ) from None
    return _route_from_path(mg, a, b, [int(n) for n in path])


def od_matrix(
    mode: str,
    origins: Sequence[str] | None = None,
    destinations: Sequence[str] | None = None,
    *,
    planned: Sequence[str] = (),
) -> pd.DataFrame:
    """Return shortest lengths and times for every origin x destination pair.

    Parameters
    ----------
    mode
        ``rail`` or ``road``.
    origins, destinations
        Place ids; by default all ports and all cities.
    planned
        Planned corridor ids to switch on.

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
    mg = cached_graph(mode, planned)
    orig, dest = _ids(mg, origins, "port"), _ids(mg, destinations, "city")
    csr, index = _csr(mg)
    o_nodes = mg.snaps.loc[orig, "node"].to_numpy()
    d_nodes = mg.snaps.loc[dest, "node"].to_numpy()
    o_ok, d_ok = o_nodes >= 0, d_nodes >= 0
    lengths = np.full((len(orig), len(dest)), np.inf)
    times = np.full((len(orig), len(dest)), np.inf)
    if o_ok.any() and d_ok.any():
        oi = np.array([index[n] for n in o_nodes[o_ok]])
        di = np.array([index[n] for n in d_nodes[d_ok]])
        for weights, out in ((csr["length"], lengths), (csr["travel_time"], times)):
            dist = scipy.sparse.csgraph.dijkstra(weights, directed=True, indices=oi)
            out[np.ix_(o_ok, d_ok)] = dist[:, di]
    return _od_frame(mg, orig, dest, lengths, times)


def od_matrix_osmnx(
    mode: str,
    origins: Sequence[str] | None = None,
    destinations: Sequence[str] | None = None,
    *,
    planned: Sequence[str] = (),
) -> pd.DataFrame:
    """Return the same table as :func:`od_matrix`, one osmnx shortest path per pair (slow)."""
    mg = cached_graph(mode, planned)
    orig, dest = _ids(mg, origins, "port"), _ids(mg, destinations, "city")
    lengths = np.full((len(orig), len(dest)), np.inf)
    times = np.full((len(orig), len(dest)), np.inf)
    for i, o in enumerate(orig):
        for j, d in enumerate(dest):
            no, nd = int(mg.snaps["node"][o]), int(mg.snaps["node"][d])
            if no < 0 or nd < 0:
                continue
            for weight, out in (("length", lengths), ("travel_time", times)):
                path = ox.routing.shortest_path(mg.G, no, nd, weight=weight)
                if path is not None:
                    out[i, j] = _path_weight(mg.G, path, weight)
    return _od_frame(mg, orig, dest, lengths, times)


def path_lines(
    mode: str, pairs: Sequence[tuple[str, str]], *, planned: Sequence[str] = ()
) -> dict[tuple[str, str], dict[str, float]]:
    """Return, per (origin, destination) pair, the km its shortest path runs on each named line.

    Paths are the shortest by length (as in :func:`od_matrix`); pairs with no path, or with a
    place off the network, get an empty dict. Edges carrying several names count for each.
    """
    mg = cached_graph(mode, planned)
    csr, index = _csr(mg)
    nodes = list(index)
    names = _edge_names(id(mg.G), mg.G)
    out: dict[tuple[str, str], dict[str, float]] = {pair: {} for pair in pairs}
    by_origin: dict[str, list[str]] = {}
    for o, d in pairs:
        by_origin.setdefault(o, []).append(d)
    for o, dests in by_origin.items():
        no = int(mg.snaps["node"][o])
        if no < 0:
            continue
        _, pred = scipy.sparse.csgraph.dijkstra(
            csr["length"], indices=index[no], return_predecessors=True
        )
        for d in dests:
            nd = int(mg.snaps["node"][d])
            if nd < 0 or (pred[index[nd]] < 0 and nd != no):
                continue
            km: dict[str, float] = {}
            j = index[nd]
            while pred[j] >= 0:
                for name, length in names.get((nodes[pred[j]], nodes[j]), ()):
                    km[name] = km.get(name, 0.0) + length
                j = pred[j]
            out[(o, d)] = km
    return out


@functools.lru_cache(maxsize=8)
def _edge_names(
    graph_id: int, G: nx.MultiDiGraph
) -> dict[tuple[int, int], tuple[tuple[str, float], ...]]:
    """Map each (u, v) to the line names of its shortest parallel edge, with its km."""
    out: dict[tuple[int, int], tuple[tuple[str, float], ...]] = {}
    for u, v in {(u, v) for u, v in G.edges()}:
        e = min(G[u][v].values(), key=lambda d: d["length"])
        if e.get("line_zh"):
            out[(u, v)] = tuple((n, e["length"] / 1000) for n in str(e["line_zh"]).split(";"))
    return out


@functools.lru_cache(maxsize=8)
def _graph(
    mode: str, planned: tuple[str, ...], root: Path, speed: float, snap: float
) -> network.ModeGraph:
    return network.graph_for(mode, planned=planned)


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
    unknown = [i for i in ids if i not in mg.snaps.index]
    if unknown:
        near = places.gazetteer().suggest_places(unknown[0])
        raise places.UnknownPlaceError(unknown[0], [p.label for p in near], [p.id for p in near])
    return list(ids)


@functools.lru_cache(maxsize=8)
def _csr_cached(
    graph_id: int, G: nx.MultiDiGraph
) -> tuple[dict[str, scipy.sparse.csr_array], dict[int, int]]:
    index = {n: i for i, n in enumerate(G.nodes)}
    out: dict[str, scipy.sparse.csr_array] = {}
    for weight in ("length", "travel_time"):
        best: dict[tuple[int, int], float] = {}
        for u, v, w in G.edges(data=weight):
            key = (index[u], index[v])
            if key not in best or w < best[key]:
                best[key] = w
        rows, cols = zip(*best, strict=True)
        out[weight] = scipy.sparse.csr_array(
            (list(best.values()), (rows, cols)), shape=(len(index), len(index))
        )
    return out, index


def _csr(mg: network.ModeGraph) -> tuple[dict[str, scipy.sparse.csr_array], dict[int, int]]:
    return _csr_cached(id(mg.G), mg.G)


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


def _path_weight(G: nx.MultiDiGraph, path: list[int], weight: str) -> float:
    return float(sum(min(d[weight] for d in G[u][v].values()) for u, v in itertools.pairwise(path)))


def _route_from_path(mg: network.ModeGraph, a: Place, b: Place, path: list[int]) -> Route:
    G = mg.G
    edges = [min(G[u][v].values(), key=lambda d: d["length"]) for u, v in itertools.pairwise(path)]
    km = [e["length"] / 1000 for e in edges]
    kinds = [e.get("kind") for e in edges]
    access = [k for k, kind in zip(km, kinds, strict=True) if kind == "access"]
    coords: list[tuple[float, float]] = []
    for (u, _), e in zip(itertools.pairwise(path), edges, strict=True):
        xy = shapely.get_coordinates(e["geometry"]).tolist()
        if (G.nodes[u]["x"], G.nodes[u]["y"]) != tuple(xy[0]):
            xy.reverse()
        coords.extend(xy if not coords else xy[1:])
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
        schematic_km=float(sum(k for k, kind in zip(km, kinds, strict=True) if kind == "tariff")),
        nodes=tuple(path),
        geometry=LineString(coords) if len(coords) > 1 else LineString([coords[0], coords[0]]),
    )


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
