"""Field-strength hinterlands (场强): each point of a grid goes to the centre that pulls hardest.

E_ij = M_i / T_ij^α for centres i (ports of the mode, cities, or both) and the points j of a
regular grid; α is ``settings.field_alpha`` (2). Each grid point is assigned to the centre of
the strongest field (取大原则); ties go to the first centre by id and are reported. A centre's
hinterland is the union of its points' square cells. As α grows the assignment tends to the
nearest centre by time (the port catchment is the α → ∞ case).

The grid: points every ``settings.field_spacing_m`` (25 km) in the projected CRS over the
bounding box of Inner Mongolia grown by ``settings.field_margin_m`` (300 km), on land (inside
a country of the basemap). A grid point joins the network as a place does: a point in China
joins the nearest Chinese edge, a point abroad the nearest foreign edge (the places' search,
:func:`corridormap.network.nearest_edges`, without cutting the edge), within
``settings.field_max_snap_m`` (50 km; else ``too_far``), and its access leg runs at the
profile's ``access`` speed. Its time from a centre is the better of the two ways in along the edge it joins:
t_u + f·T_uv or t_v + (1 − f)·T_uv (f the share of the edge before the foot point). Times to
the nodes come from one Dijkstra pass per centre (:func:`corridormap.routing.times_from`, the
route rules across the border). What is counted is land: cells and their area
(spacing² each, in the projected CRS); no population grid is bundled.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from corridormap import data, network, routing, settings
from corridormap.analysis._centres import (
    centre_ids,
    centre_mass,
    centre_mass_years,
    check_centre_mass,
)
from corridormap.borders import COUNTRY_CODES, HOME
from corridormap.errors import SettingsError
from corridormap.geometry import to_lonlat, to_projected

__all__ = ["COUNTED", "Field", "field_from", "field_grid", "grid_times", "hinterlands"]

#: What a hinterland's size counts (no population grid is bundled).
COUNTED = "land area: grid cells x spacing² (no population grid bundled)"


@dataclass(frozen=True)
class Field:
    """A field-strength assignment: the grid points and each centre's hinterland.

    Attributes
    ----------
    points
        One row per grid point (EPSG:4326 point): ``centre`` (empty if none), ``time_h`` to
        it, ``log_strength`` (natural log of E), ``tie`` and ``status`` (``ok``, ``too_far``,
        ``no_route``).
    hinterlands
        One row per centre: ``centre``, ``mode``, ``mass``, ``alpha``, ``mass_value``,
        ``mass_year``,
        ``cells``, ``area_km2``, ``counted``, ``status`` (``ok``, ``no_mass``, or why the centre is off the network:
        ``too_far``, ``no_coordinates``, ``air_port``) and the
        union of its cells (EPSG:4326; empty for no cell).
    """

    points: gpd.GeoDataFrame
    hinterlands: gpd.GeoDataFrame


def field_from(times: pd.DataFrame, mass: pd.Series, *, alpha: float) -> pd.DataFrame:
    """Return, per grid point, the centre of the strongest field.

    ``times`` holds hours from the grid points (rows) to the centres (columns).
    Strengths are compared as logarithms, log M − α·log T, so that any α gives an answer; a
    point at a centre (T = 0) goes to that centre. Centres without a mass pull nothing.

    Returns
    -------
    pandas.DataFrame
        ``centre`` (empty if none), ``time_h``, ``log_strength``, ``tie`` (other centres as
        strong, ``;``-separated) and ``status`` (``ok`` or ``no_route``).

    Examples
    --------
    >>> t = pd.DataFrame({"a": [1.0, 3.0], "b": [2.0, 1.0]}, index=["p", "q"])
    >>> field_from(t, pd.Series({"a": 1.0, "b": 4.0}), alpha=2.0)["centre"].tolist()
    ['a', 'b']

    """
    if not (isinstance(alpha, int | float) and math.isfinite(alpha) and alpha > 0):
        raise SettingsError(f"alpha must be a number above 0, got {alpha!r}")
    cols = sorted(times.columns)
    t = times[cols].to_numpy(dtype=float)
    m = mass.reindex(cols).to_numpy(dtype=float)
    live = np.isfinite(t) & (np.isfinite(m) & (m > 0))[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        log_e = np.where(live, np.log(m)[None, :] - alpha * np.log(t), -np.inf)
    log_e = np.where(live & (t == 0), np.inf, log_e)
    reached = live.any(axis=1)
    best = np.max(np.where(live, log_e, -np.inf), axis=1, initial=-np.inf)
    tied = live & (np.isclose(log_e, best[:, None], rtol=0, atol=1e-9) | (log_e == best[:, None]))
    first = np.argmax(tied, axis=1)
    names = np.asarray(cols, dtype=object)
    rows = np.arange(len(t))
    return pd.DataFrame(
        {
            "centre": np.where(reached, names[first], ""),
            "time_h": np.where(reached, t[rows, first], np.nan),
            "log_strength": np.where(reached, best, np.nan),
            "tie": [
                ";".join(names[r][1:]) if ok else "" for r, ok in zip(tied, reached, strict=True)
            ],
            "status": np.where(reached, "ok", "no_route"),
        },
        index=times.index,
    )


def field_grid(
    *, spacing_m: float | None = None, margin_m: float | None = None
) -> gpd.GeoDataFrame:
    """Return the grid points on land around Inner Mongolia, with their country.

    Returns
    -------
    geopandas.GeoDataFrame
        ``x_m``, ``y_m`` (projected), ``country`` (ISO code) and the point (EPSG:4326).
    """
    cfg = settings.get()
    spacing = cfg.field_spacing_m if spacing_m is None else spacing_m
    margin = cfg.field_margin_m if margin_m is None else margin_m
    if not (math.isfinite(spacing) and spacing >= 1000.0):
        raise SettingsError(f"the grid spacing must be at least 1000 m, got {spacing!r}")
    provinces = data.load_basemap("provinces").to_crs(cfg.projected_crs)
    minx, miny, maxx, maxy = provinces[provinces["code"] == "CN-NM"].total_bounds
    xs = np.arange(minx - margin, maxx + margin + spacing / 2, spacing)
    ys = np.arange(miny - margin, maxy + margin + spacing / 2, spacing)
    gx, gy = (a.ravel() for a in np.meshgrid(xs, ys))
    lon, lat = to_lonlat(gx, gy)
    pts = gpd.GeoDataFrame(
        {"x_m": gx, "y_m": gy}, geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326"
    )
    countries = data.load_basemap("countries")
    countries["country"] = countries["name_en"].map(COUNTRY_CODES)
    joined = gpd.sjoin(pts, countries[["country", "geometry"]], predicate="within", how="inner")
    joined = joined[~joined.index.duplicated()].drop(columns="index_right")
    return joined.reset_index(drop=True).rename_axis("cell")


def grid_times(
    mode: str,
    grid: gpd.GeoDataFrame,
    centres: Sequence[str],
    *,
    planned: Sequence[str] = (),
    max_snap_m: float | None = None,
) -> tuple[pd.DataFrame, pd.Series]:
    """Return hours from each centre (columns) to each grid point (rows), and each point's status.

    ``grid`` needs a ``country`` column (ISO code) and point geometry (EPSG:4326). The status
    is ``ok`` or ``too_far`` (beyond ``max_snap_m``, by default ``settings.field_max_snap_m``,
    from its side's edges). A centre off the network has an empty column.
    """
    mg = routing.cached_graph(mode, planned)
    lines = _lines(mg)
    cfg = settings.get()
    limit = cfg.field_max_snap_m if max_snap_m is None else max_snap_m
    if not (math.isfinite(limit) and limit > 0):
        raise SettingsError(f"max_snap_m must be a number above 0, got {limit!r}")
    edge, share, snap = _snap(lines, grid, limit)
    access_h = snap / 1000.0 / cfg.speeds_of(mode).get("access", 30.0)
    ok = edge >= 0
    e = lines.iloc[edge[ok]]
    f = share[ok]
    times = np.full((len(grid), len(centres)), np.nan)
    for j, c in enumerate(centres):
        if mg.snaps.at[c, "status"] != "ok":
            continue  # a centre off the network pulls nothing; its row says why
        at = routing.times_from(c, mode, planned=planned)
        tu = at.reindex(e["u"].to_numpy()).to_numpy(dtype=float)
        tv = at.reindex(e["v"].to_numpy()).to_numpy(dtype=float)
        th = e["time_h"].to_numpy()
        best = np.fmin(tu + f * th, tv + (1 - f) * th) + access_h[ok]
        times[ok, j] = best
    status = pd.Series(np.where(ok, "ok", "too_far"), index=grid.index, name="status")
    return pd.DataFrame(times, index=grid.index, columns=list(centres)), status


def hinterlands(
    mode: str,
    *,
    centres: str | Sequence[str] = "ports",
    mass: str | None = None,
    alpha: float | None = None,
    spacing_m: float | None = None,
    planned: Sequence[str] = (),
    grid: gpd.GeoDataFrame | None = None,
    max_snap_m: float | None = None,
) -> Field:
    """Return the field-strength hinterland of every centre on a mode's network.

    ``grid`` may pass in points (``country`` column, and ``x_m``/``y_m`` or the spacing to
    draw cells); by default :func:`field_grid`. ``max_snap_m`` is how far a grid point may lie
    from the network (default ``settings.field_max_snap_m``, 50 km).

    Examples
    --------
    >>> f = hinterlands("rail", centres="ports", mass="equal")
    >>> int(f.hinterlands["cells"].sum()) == int((f.points["status"] == "ok").sum())
    True

    """
    cfg = settings.get()
    a = cfg.field_alpha if alpha is None else alpha
    mass = check_centre_mass(mass)
    spacing = cfg.field_spacing_m if spacing_m is None else spacing_m
    grid = field_grid(spacing_m=spacing) if grid is None else grid
    ids = centre_ids(centres, mode)
    m = centre_mass(ids, mass)
    times, status = grid_times(mode, grid, ids, planned=planned, max_snap_m=max_snap_m)
    out = field_from(times, m, alpha=a)
    out["status"] = np.where(status == "too_far", "too_far", out["status"])
    out.loc[out["status"] == "too_far", ["centre", "tie"]] = ""
    points = gpd.GeoDataFrame(out, geometry=grid.geometry.to_numpy(), crs="EPSG:4326")
    cells = _cells(points, grid, ids, m, spacing, mode=mode, mass=mass, alpha=a)
    snaps = routing.cached_graph(mode, planned).snaps["status"]
    off = cells["centre"].map(snaps).fillna("ok")
    cells["status"] = np.where(off != "ok", off, cells["status"])
    return Field(points, cells)


def _cells(
    points: gpd.GeoDataFrame,
    grid: gpd.GeoDataFrame,
    ids: list[str],
    m: pd.Series,
    spacing: float,
    *,
    mode: str,
    mass: str,
    alpha: float,
) -> gpd.GeoDataFrame:
    """Return each centre's row: cells, area and the union of its square cells."""
    cfg = settings.get()
    if "x_m" in grid:
        x, y = grid["x_m"].to_numpy(), grid["y_m"].to_numpy()
    else:
        x, y = to_projected(grid.geometry.x, grid.geometry.y)
    half = spacing / 2
    boxes = shapely.box(x - half, y - half, x + half, y + half)
    years = centre_mass_years(ids, mass)
    rows = []
    for c in ids:
        mine = (points["centre"] == c).to_numpy()
        area = shapely.union_all(boxes[mine]) if mine.any() else shapely.Polygon()
        rows.append(
            {
                "centre": c,
                "mode": mode,
                "mass": mass,
                "alpha": alpha,
                "mass_value": m.get(c),
                "mass_year": years.get(c, ""),
                "cells": int(mine.sum()),
                "area_km2": round(float(mine.sum()) * spacing**2 / 1e6, 1),
                "counted": COUNTED,
                "status": "ok" if np.isfinite(m.get(c, np.nan)) else "no_mass",
                "geometry": area,
            }
        )
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs=cfg.projected_crs).to_crs("EPSG:4326")
    return frame.sort_values(["cells", "centre"], ascending=[False, True], kind="stable")


@functools.lru_cache(maxsize=8)
def _lines(mg: network.ModeGraph) -> gpd.GeoDataFrame:
    """Return the edges a grid point may join, with ``u``, ``v``, ``time_h`` and ``side``.

    One direction each, projected; no access, crossing or tariff (duplicate) edges.
    """
    edges = mg.edges.reset_index()
    keep = (
        (edges["u"] < edges["v"])
        & ~edges["kind"].isin(["access", "tariff"])
        & edges["crossing"].isna()
    )
    frame = gpd.GeoDataFrame(
        {
            "u": edges["u"][keep],
            "v": edges["v"][keep],
            "time_h": edges["travel_time"][keep] / 3600.0,
            "side": edges["side"][keep],
        },
        geometry=edges.geometry[keep],
        crs="EPSG:4326",
    )
    return frame.to_crs(settings.get().projected_crs).reset_index(drop=True)


def _snap(
    lines: gpd.GeoDataFrame, grid: gpd.GeoDataFrame, max_snap_m: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return per grid point its edge row (-1 if too far), share f along it and distance (m)."""
    n = len(grid)
    edge, share, dist = np.full(n, -1), np.zeros(n), np.zeros(n)
    px, py = to_projected(grid.geometry.x.to_numpy(), grid.geometry.y.to_numpy())
    pts = shapely.points(px, py)
    abroad = (grid["country"].fillna(HOME) != HOME).to_numpy()
    for side_abroad in (False, True):
        rows = np.flatnonzero((lines["side"] == "abroad").to_numpy() == side_abroad)
        want = np.flatnonzero(abroad == side_abroad)
        if not len(rows) or not len(want):
            continue
        geoms = lines.geometry.to_numpy()[rows]
        p, e, d = network.nearest_edges(geoms, pts[want], max_snap_m=max_snap_m)
        edge[want[p]] = rows[e]
        dist[want[p]] = d
        share[want[p]] = shapely.line_locate_point(geoms[e], pts[want[p]], normalized=True)
    return edge, share, dist
