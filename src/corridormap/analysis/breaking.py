"""Breaking points (断裂点): where two neighbouring centres' pulls balance, along the route.

Converse's formula: d_A = D_AB / (1 + √(M_B / M_A)), the distance from A, measured along the
network route from A to B, at which B's pull begins to exceed A's. D_AB is the route's
network length (km) and M the chosen mass (population, GDP, √(P·G) or ``equal``, see
:mod:`corridormap.analysis.masses`; a port takes its host league's figures). Centres are the
cities (default), the ports of the mode, both, or the places named.

Neighbours: each centre's ``k`` nearest other centres by network time (3 by default), taken
both ways: a pair is kept when either centre is among the other's ``k`` nearest; centres
tied with the ``k``-th are all kept. A pair is drawn once, with its ids in sorted order, A the
first. A centre that reaches no other centre gets one row with an empty ``b`` and status
``no_route``; a pair where a mass is missing is kept with status ``no_mass`` and no point.

The point is placed on the route's own edges: walking from A, the edge where the running
network length passes d_A is cut in proportion to its length (in the projected CRS), so the
point lies on the drawn route, not on the straight line between the two centres.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from corridormap import network, routing, settings
from corridormap.analysis._centres import (
    centre_ids,
    centre_mass,
    centre_mass_years,
    check_centre_mass,
)
from corridormap.errors import SettingsError
from corridormap.geometry import to_lonlat, to_projected

__all__ = ["breaking_distance", "breaking_from", "breaking_points", "pair_routes"]

_COLUMNS = ["a", "b", "time_h", "d_ab_km", "d_a_km", "mass_a", "mass_b", "status"]


def breaking_distance(d_ab: float, mass_a: float, mass_b: float) -> float:
    """Return Converse's breaking-point distance from A: D_AB / (1 + √(M_B / M_A)).

    Examples
    --------
    >>> breaking_distance(100.0, 1.0, 4.0)  # B four times heavier: a third of the way
    33.333333333333336
    >>> breaking_distance(100.0, 9.0, 9.0)
    50.0

    """
    return float(d_ab / (1.0 + math.sqrt(mass_b / mass_a)))


def breaking_from(
    times: pd.DataFrame, lengths: pd.DataFrame, mass: pd.Series, *, k: int = 3
) -> pd.DataFrame:
    """Return the breaking point distance of every pair of neighbouring centres.

    Parameters
    ----------
    times
        Hours between centres (square: same ids as index and columns); NaN where unreachable.
    lengths
        Network km of the same routes.
    mass
        Mass of each centre; NaN where unknown.
    k
        How many nearest centres (by time) each centre takes as neighbours.

    Returns
    -------
    pandas.DataFrame
        ``a``, ``b``, ``time_h``, ``d_ab_km`` (D_AB), ``d_a_km`` (d_A, from A),
        ``mass_a``, ``mass_b`` and ``status`` (``ok``, ``no_route``, ``no_mass``).

    Examples
    --------
    >>> t = pd.DataFrame([[0, 1.0], [1.0, 0]], index=["a", "b"], columns=["a", "b"])
    >>> out = breaking_from(t, t * 90, pd.Series({"a": 1.0, "b": 4.0}), k=1)
    >>> out[["a", "b", "d_ab_km", "d_a_km"]].values.tolist()
    [['a', 'b', 90.0, 30.0]]

    """
    if not (isinstance(k, int) and k >= 1):
        raise SettingsError(f"k (neighbours per centre) must be a whole number >= 1, got {k!r}")
    ids = list(times.index)
    t = times.reindex(index=ids, columns=ids).to_numpy(dtype=float).copy()
    np.fill_diagonal(t, np.nan)
    km = lengths.reindex(index=ids, columns=ids).to_numpy(dtype=float)
    m = mass.reindex(ids).to_numpy(dtype=float)
    pairs: set[tuple[int, int]] = set()
    rows = []
    for i in range(len(ids)):
        row = t[i]
        if not np.isfinite(row).any():
            rows.append((ids[i], "", np.nan, np.nan, np.nan, m[i], np.nan, "no_route"))
            continue
        kth = np.sort(row[np.isfinite(row)])[:k][-1]
        for j in np.flatnonzero(np.isfinite(row) & (row <= kth + 1e-12)):
            a, b = sorted((i, int(j)), key=lambda x: str(ids[x]))
            pairs.add((a, b))
    for a, b in sorted(pairs, key=lambda p: (str(ids[p[0]]), str(ids[p[1]]))):
        d = km[a, b]  # the route from A; NaN only if A cannot reach B where B reaches A
        ok = np.isfinite(m[a]) and np.isfinite(m[b]) and m[a] > 0 and m[b] > 0
        status = "no_route" if not np.isfinite(d) else ("ok" if ok else "no_mass")
        d_a = breaking_distance(d, m[a], m[b]) if status == "ok" else np.nan
        rows.append((ids[a], ids[b], t[a, b], d, d_a, m[a], m[b], status))
    return pd.DataFrame(rows, columns=_COLUMNS)


def breaking_points(
    mode: str,
    *,
    mass: str | None = None,
    k: int = 3,
    centres: str | Sequence[str] = "cities",
    planned: Sequence[str] = (),
) -> gpd.GeoDataFrame:
    """Return the breaking point of every pair of neighbouring centres, on its route.

    Returns
    -------
    geopandas.GeoDataFrame
        The columns of :func:`breaking_from` with ``mode``, ``mass`` (default
        ``settings.mass``) and ``year`` in front, ``mass_a_year`` and ``mass_b_year`` (the
        year(s) behind each mass), and
        the point (EPSG:4326; empty unless ``status`` is ``ok``).

    Examples
    --------
    >>> bp = breaking_points("rail", k=1)
    >>> row = bp[(bp["a"] == "beijing") & (bp["b"] == "tianjin")].iloc[0]
    >>> bool(0 < row["d_a_km"] < row["d_ab_km"])
    True

    """
    mass = check_centre_mass(mass)
    ids = centre_ids(centres, mode)
    od = routing.od_matrix(mode, ids, ids, planned=planned)
    times = od.pivot(index="origin", columns="destination", values="time_h")
    lengths = od.pivot(index="origin", columns="destination", values="length_km")
    out = breaking_from(
        times.reindex(index=ids, columns=ids),
        lengths.reindex(index=ids, columns=ids),
        centre_mass(ids, mass),
        k=k,
    )
    points = [
        _on_route(mode, a, b, d_a, planned) if status == "ok" else None
        for a, b, d_a, status in zip(out["a"], out["b"], out["d_a_km"], out["status"], strict=True)
    ]
    years = centre_mass_years(ids, mass)
    out["mass_a_year"] = years.reindex(out["a"]).fillna("").to_numpy()
    out["mass_b_year"] = years.reindex(out["b"]).fillna("").to_numpy()
    out.insert(0, "mode", mode)
    out.insert(1, "mass", mass)
    out.insert(2, "year", settings.get().year)
    return gpd.GeoDataFrame(out, geometry=gpd.GeoSeries(points, crs="EPSG:4326"))


def pair_routes(
    points: gpd.GeoDataFrame, mode: str, *, planned: Sequence[str] = ()
) -> gpd.GeoDataFrame:
    """Return the route line (EPSG:4326) of every ``ok`` pair of :func:`breaking_points`.

    The line is the route's own edges, joined end to end: the point lies on it.
    """
    mg = routing.cached_graph(mode, planned)
    rows = []
    for a, b in zip(*(points.loc[points["status"] == "ok", c] for c in ("a", "b")), strict=True):
        na, nb = int(mg.snaps["node"][a]), int(mg.snaps["node"][b])
        edges = routing.path_between_nodes(mode, na, nb, planned=planned)
        line = shapely.line_merge(shapely.MultiLineString([e["geometry"] for e in edges]))
        rows.append({"a": a, "b": b, "geometry": line})
    return gpd.GeoDataFrame(
        rows, columns=["a", "b", "geometry"], geometry="geometry", crs="EPSG:4326"
    )


def _on_route(
    mode: str, a: str, b: str, d_a_km: float, planned: Sequence[str]
) -> shapely.Point | None:
    """Return the point ``d_a_km`` of network length from ``a`` along the route to ``b``."""
    mg = routing.cached_graph(mode, planned)
    na, nb = int(mg.snaps["node"][a]), int(mg.snaps["node"][b])
    edges = routing.path_between_nodes(mode, na, nb, planned=planned)
    lengths = np.array([e["length"] for e in edges], dtype=float)
    ends = np.cumsum(lengths)
    i = min(int(np.searchsorted(ends, d_a_km * 1000.0)), len(edges) - 1)
    share = (d_a_km * 1000.0 - (ends[i] - lengths[i])) / lengths[i] if lengths[i] > 0 else 0.0
    xy = _oriented(mg, na, edges[: i + 1])
    px, py = to_projected(xy[:, 0], xy[:, 1])
    at = shapely.line_interpolate_point(
        shapely.LineString(np.column_stack([px, py])), float(np.clip(share, 0, 1)), normalized=True
    )
    lon, lat = to_lonlat([at.x], [at.y])
    return shapely.Point(float(lon[0]), float(lat[0]))


def _oriented(mg: network.ModeGraph, start: int, edges: list[dict[str, Any]]) -> np.ndarray:
    """Return the last edge's coordinates running the way the path goes from ``start``."""
    at = mg.nodes.loc[start, ["x", "y"]].to_numpy(dtype=float)
    xy = np.empty((0, 2))
    for e in edges:
        xy = shapely.get_coordinates(e["geometry"])
        if np.abs(xy[-1] - at).sum() < np.abs(xy[0] - at).sum():
            xy = xy[::-1]
        at = xy[-1]
    return xy
