"""Time circles (时间圈, isochrones): what a place reaches within 1, 2, 3 … hours.

From one place, the fastest travel time to every node of a mode's network is found with the
same border rule as routes (home nodes over home edges; nodes abroad only across one open
crossing, which pays its time). Band H holds every edge reached from end to end within H
hours, and the reachable part of the others (cut where the time runs out, in proportion to
the edge's travel time, from either end). Its polygon is the land within
``settings.isochrone_buffer_m`` (5 km) of that reached network in the projected CRS (arcs
drawn with ``QUAD_SEGS`` segments per quarter circle), not a straight-line circle. Band H is
the band before it joined with the land within 5 km of the stretch reached since, at a
``GRID_M`` (1 m) grid, so bands are nested: each holds the ones before it. The polygon's
sides are then cut to ``SEGMENT_M`` (1 km), unprojected and rounded to 1e-5°.

The land within 5 km of thousands of lines is not built as the union of one buffer per line
(slow where buffers overlap by the hundred, as in a city's road grid) but from the faces the
lines enclose (see ``_buffered``): the same set, drawn with different arcs (the areas differ
by under 0.02 % on the benchmark origins).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import shapely.ops

from corridormap import network, places, routing, settings
from corridormap.errors import SettingsError
from corridormap.places import Place

__all__ = ["MAX_HOURS", "isochrones", "reached_network"]

#: The longest band accepted (hours).
MAX_HOURS = 48.0
#: Precision (m) of the band polygons' overlay in the projected CRS.
GRID_M = 1.0
#: Longest polygon side (m) before unprojecting: long straight sides would bend differently
#: in two bands and break their nesting in degrees.
SEGMENT_M = 1000.0
#: Segments per quarter circle of the buffers.
QUAD_SEGS = 4


def isochrones(
    place: str | Place,
    mode: str,
    *,
    hours: Sequence[float] = (1, 2, 3),
    planned: Sequence[str] = (),
) -> gpd.GeoDataFrame:
    """Return one feature per band: the land within reach of a place in ``hours``.

    Returns
    -------
    geopandas.GeoDataFrame
        ``origin``, ``mode``, ``year``, ``hours``, ``network_km`` (network length reached, in
        the edges' routing km; each line once, parallel tracks each; the station-to-station
        duplicates of high-speed lines not counted),
        ``places`` (bundled places reached, ``;``-separated ids), ``places_n`` and the band
        polygon (EPSG:4326), in increasing ``hours``.

    """
    bands = _bands(hours)
    mg = routing.cached_graph(mode, planned)
    a = place if isinstance(place, Place) else places.resolve(place, mode=mode)
    t = routing.times_from(a, mode, planned=planned)
    edges = _directed_edges(mg, t)
    cfg = settings.get()
    where = mg.snaps[mg.snaps["status"] == "ok"]["node"]
    rows = []
    area, before = shapely.Polygon(), 0.0
    for h in bands:
        # only the stretch reached since the last band is buffered; the band holds the last one
        grown, km = _reached(edges, h, since=before)
        projected = gpd.GeoSeries(grown, crs="EPSG:4326").to_crs(cfg.projected_crs).to_numpy()
        # the new stretch joins the last band at a fixed precision: robust, so bands nest
        area = shapely.union_all(
            [area, _buffered(projected, cfg.isochrone_buffer_m)], grid_size=GRID_M
        )
        before = h
        dense = shapely.segmentize(area, SEGMENT_M)
        polygon = gpd.GeoSeries([dense], crs=cfg.projected_crs).to_crs("EPSG:4326").iloc[0]
        polygon = shapely.set_precision(polygon, 1e-5)  # about 1 m, and still a valid polygon
        reached = [pid for pid, node in where.items() if t.get(node, np.inf) <= h]
        rows.append(
            {
                "origin": a.id,
                "mode": mode,
                "year": cfg.year,
                "hours": h,
                "network_km": round(km, 1),
                "places_n": len(reached),
                "places": ";".join(sorted(str(p) for p in reached)),
                "geometry": polygon,
            }
        )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


def reached_network(
    place: str | Place,
    mode: str,
    *,
    hours: Sequence[float] = (1, 2, 3),
    planned: Sequence[str] = (),
) -> gpd.GeoDataFrame:
    """Return the network a place reaches within each band, as lines (for maps).

    Returns
    -------
    geopandas.GeoDataFrame
        ``origin``, ``hours`` and the lines reached within that many hours (EPSG:4326, one
        MultiLineString per band; each band holds the ones before it), in increasing ``hours``.

    """
    bands = _bands(hours)
    a = place if isinstance(place, Place) else places.resolve(place, mode=mode)
    edges = _directed_edges(
        routing.cached_graph(mode, planned), routing.times_from(a, mode, planned=planned)
    )
    rows = [
        {
            "origin": a.id,
            "hours": h,
            "geometry": shapely.MultiLineString(list(_reached(edges, h)[0])),
        }
        for h in bands
    ]
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


def _buffered(lines: np.ndarray, distance: float) -> shapely.Geometry:
    """Return the land within ``distance`` of the lines (projected CRS), as one polygon.

    The noded lines are split into the faces they enclose and the loose lines that bound no
    face (dangles, bridges, lone lines). A point outside every face is within ``distance`` of
    the lines exactly when it is within ``distance`` of the faces or of a loose line; a point
    inside a face, exactly when it is not in the face shrunk by ``distance`` or is within
    ``distance`` of a loose line. So the faces' union (they tile it: a coverage union) is
    buffered as one polygon, the shrunk faces are cut out of it, and the buffers of the loose
    lines (merged where they meet) are joined on, leaving out those already inside. This is
    the union of the lines' buffers, without joining thousands of overlapping buffers.
    """
    if not len(lines):
        return shapely.Polygon()
    faces, *loose = shapely.polygonize_full(shapely.get_parts(shapely.union_all(lines)))
    faces = shapely.get_parts(faces)
    # GEOS drops the shrunk ring of a face under 9 vertices when all the vertices of its raw
    # offset curve lie within 0.99 · distance of the face (isRingCurveInverted), though the
    # curve's crossings may still enclose land, so the faces get vertices every distance / 2
    shrunk = shapely.buffer(shapely.segmentize(faces, distance / 2), -distance, quad_segs=QUAD_SEGS)
    far = shapely.get_parts(shrunk)
    far = far[~shapely.is_empty(far)]
    enclosed = shapely.difference(
        shapely.buffer(shapely.coverage_union_all(faces), distance, quad_segs=QUAD_SEGS),
        shapely.multipolygons(far),
    )
    merged = shapely.get_parts(
        shapely.line_merge(shapely.multilinestrings(shapely.get_parts(loose)))
    )
    around = shapely.buffer(merged, distance, quad_segs=QUAD_SEGS)
    shapely.prepare(enclosed)
    outside = around[~shapely.contains(enclosed, around)]
    return shapely.union_all(np.append(outside, enclosed))


def _bands(hours: Sequence[float]) -> list[float]:
    bands = sorted({float(h) for h in hours})
    if not bands or any(not (math.isfinite(h) and 0 < h <= MAX_HOURS) for h in bands):
        raise SettingsError(f"hours must be numbers above 0 and at most {MAX_HOURS:g}, got {hours}")
    return bands


def _directed_edges(mg: network.ModeGraph, t: pd.Series) -> pd.DataFrame:
    """Return each directed edge whose start is reached: start and end times, geometry."""
    edges = _edge_table(mg)
    t_u = t.reindex(edges["u"].to_numpy()).to_numpy()
    live = np.isfinite(t_u)
    out = edges[live].drop(columns=["u", "v"]).reset_index(drop=True)
    out.insert(3, "t_u", t_u[live])
    out.insert(4, "t_v", t.reindex(edges["v"].to_numpy()[live]).fillna(np.inf).to_numpy())
    # one code per line (both directions of an edge): the km reached are counted per line
    out["line"] = out.groupby(["a", "b", "length"], sort=False).ngroup()
    return out


@functools.lru_cache(maxsize=8)
def _edge_table(mg: network.ModeGraph) -> pd.DataFrame:
    """Return the directed edges but access legs: ends, line key, length, hours, kind, geometry."""
    edges = mg.edges.reset_index()
    edges = edges[edges["kind"] != "access"]
    u, v = edges["u"].to_numpy(), edges["v"].to_numpy()
    return pd.DataFrame(
        {
            "u": u,
            "v": v,
            "a": np.minimum(u, v),
            "b": np.maximum(u, v),
            "length": edges["length"].to_numpy(),
            "edge_h": edges["travel_time"].to_numpy() / 3600.0,
            "kind": edges["kind"].to_numpy(),
            "geometry": edges.geometry.to_numpy(),
        }
    )


def _reached(edges: pd.DataFrame, h: float, *, since: float = 0.0) -> tuple[np.ndarray, float]:
    """Return the reached lines of a band and the km of line they cover.

    A point a share f along an edge is reached at t_u + f · T_edge from its start; the reverse
    edge covers the approach from the other end, so the two together give the reached part
    of a line (a long edge between two early-reached ends is not reached in its middle).
    An edge reached whole is one line, not one per direction. With ``since``, the lines are
    only the stretches reached after ``since`` hours (the km still count from the start).
    """
    start, span = edges["t_u"].to_numpy(), np.maximum(edges["edge_h"].to_numpy(), 1e-9)
    share = np.clip((h - start) / span, 0, 1)
    first = np.clip((since - start) / span, 0, 1)
    whole = (first <= 0.0) & (share >= 1.0)
    line, geometry = edges["line"].to_numpy(), edges["geometry"].to_numpy()
    once = np.flatnonzero(whole)[np.unique(line[whole], return_index=True)[1]]
    cut = (share > first) & ~whole
    pieces = [
        shapely.ops.substring(g, float(f), float(s), normalized=True)
        for g, f, s in zip(geometry[cut], first[cut], share[cut], strict=True)
    ]
    lines = np.concatenate([geometry[np.sort(once)], np.array(pieces, dtype=object)])
    # km of line reached: per undirected edge min(1, f_uv + f_vu) of its length, each line once,
    # leaving out the station-to-station duplicates of the high-speed lines (kind tariff)
    counted = (edges["kind"] != "tariff").to_numpy()
    per_line = np.bincount(line[counted], weights=share[counted], minlength=len(edges))
    metres = np.zeros(len(edges))
    metres[line[counted]] = edges["length"].to_numpy()[counted]
    return lines, float((np.minimum(per_line, 1.0) * metres).sum()) / 1000
