"""National borders on the networks: which country an edge lies in, and where it may cross.

Every edge of a routable layer lies wholly in one country: edges that cross China's outline
are cut where they meet it, and each piece takes the country its midpoint lies in (the
nearest country's outline for a piece in the sea or in a gap between outlines). A node where
a Chinese edge meets a foreign one is a border node. At an open port of the layer's mode
(a rail port on the rail layer, a road port on the road layer) the foreign edges there are
*crossing* edges that name the port; everywhere else they are closed, so no route can leave
China except through an open port.

The outline is the bundled ``basemap_countries.geojson`` (Natural Earth 50m), the same one
the map draws and the tests check routes against.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import shapely.ops

from corridormap.geometry import geodesic_distance_m, geodesic_lengths_m

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = [
    "COUNTRY_CODES",
    "CROSSING_RADIUS_M",
    "HOME",
    "BorderResult",
    "mark_borders",
    "split_at_outline",
]

#: ISO 3166-1 alpha-2 codes of the Natural Earth countries in the clip box.
COUNTRY_CODES = {
    "China": "CN",
    "Mongolia": "MN",
    "Russia": "RU",
    "North Korea": "KP",
    "South Korea": "KR",
    "Japan": "JP",
    "Vietnam": "VN",
    "Laos": "LA",
    "Myanmar": "MM",
    "India": "IN",
    "Hong Kong": "HK",
    "Macao": "MO",
    "Taiwan": "TW",
}
#: The country whose ports the project models; routes between two of its places stay inside it.
HOME = "CN"
#: A border node within this distance (m) of an open port of the mode is that port's crossing.
#: The ports are placed where the OSM line meets the Natural Earth 10m border, the split uses
#: the simplified 50m outline; the two differ by up to about 3 km along the Inner Mongolia border.
CROSSING_RADIUS_M = 5_000.0
#: Kinds of edge whose geometry is a real alignment (cut at the border); ``tariff`` and
#: ``planned`` edges are schematic and lie in China by construction.
_CUT_KINDS = ("osm", "connector")


@dataclass(frozen=True)
class BorderResult:
    """Edges with their country and crossings, and one row per border node.

    Attributes
    ----------
    edges
        The edge layer with ``country``, ``crossing`` (port id or None) and ``gauge_break``;
        foreign edges at a border node that is not an open port have ``status = closed``.
    crossings
        One row per border node: ``node``, ``lon``, ``lat``, ``country`` (the foreign side),
        ``port_id`` (or None), ``port_m`` (distance to that port), ``status``
        (``open`` | ``closed``); and one row per ``excursion`` (see :func:`_excursions`), at
        its first node (``node_to`` its other node) with the midpoint's position.

    """

    edges: gpd.GeoDataFrame
    crossings: pd.DataFrame


def split_at_outline(
    edges: gpd.GeoDataFrame, outline: shapely.Geometry, *, first_node_id: int
) -> gpd.GeoDataFrame:
    """Cut every real-alignment edge where it meets the outline's boundary.

    Parameters
    ----------
    edges
        Undirected edge layer (EPSG:4326) with ``u``, ``v``, ``kind`` and ``length_m``; a
        ``tariff_km`` column, if present, is shared among the pieces by length.
    outline
        The home country's (multi)polygon.
    first_node_id
        Id of the first node made at a cut; later ones count up from it.

    Returns
    -------
    geopandas.GeoDataFrame
        The layer with each cut edge replaced by its pieces (lengths recomputed).

    """
    boundary = shapely.boundary(outline)
    cut = edges["kind"].isin(_CUT_KINDS).to_numpy() & shapely.intersects(
        edges.geometry.to_numpy(), boundary
    )
    pieces: list[dict[str, object]] = []
    next_id = first_node_id
    for _, row in edges[cut].iterrows():
        line = row.geometry
        # Points where the line crosses, and the vertices of any stretch along the boundary.
        hits = shapely.points(shapely.get_coordinates(shapely.intersection(line, boundary)))
        stops = {float(d) for d in shapely.line_locate_point(line, hits)}
        inner = sorted(s for s in stops if 1e-9 < s < line.length - 1e-9)
        ids = [int(row["u"]), *range(next_id, next_id + len(inner)), int(row["v"])]
        next_id += len(inner)
        bounds = [0.0, *inner, float(line.length)]
        for i in range(len(bounds) - 1):
            part = shapely.ops.substring(line, bounds[i], bounds[i + 1])
            pieces.append({**row.to_dict(), "u": ids[i], "v": ids[i + 1], "geometry": part})
    keep = edges[~cut]
    if not pieces:
        return edges
    new = gpd.GeoDataFrame(pieces, geometry="geometry", crs="EPSG:4326")
    full = new["length_m"].to_numpy(dtype=float)
    new["length_m"] = geodesic_lengths_m(new.geometry.to_numpy())
    if "tariff_km" in new:
        share = np.divide(new["length_m"], full, out=np.zeros(len(new)), where=full > 0)
        new["tariff_km"] = new["tariff_km"].astype(float) * share
    return gpd.GeoDataFrame(
        pd.concat([keep, new], ignore_index=True), geometry="geometry", crs="EPSG:4326"
    )


def mark_borders(
    edges: gpd.GeoDataFrame,
    countries: gpd.GeoDataFrame,
    ports: gpd.GeoDataFrame,
    *,
    mode: str,
) -> BorderResult:
    """Give every edge its country and open only the crossings at open ports of ``mode``.

    Parameters
    ----------
    edges
        Undirected edge layer (EPSG:4326) with ``u``, ``v``, ``kind``, ``status``, ``length_m``.
    countries
        Country outlines with ``name_en`` (Natural Earth names, see :data:`COUNTRY_CODES`).
    ports
        Ports with ``id``, ``port_type`` and point geometry (those without one are skipped).
    mode
        ``rail`` or ``road``: the port type whose crossings are open.

    Returns
    -------
    BorderResult

    """
    codes = countries["name_en"].map(COUNTRY_CODES).to_numpy()
    home = shapely.union_all(countries.geometry.to_numpy()[codes == HOME])
    first = int(max(edges["u"].max(), edges["v"].max())) + 1
    edges = split_at_outline(edges, home, first_node_id=first).reset_index(drop=True)
    edges["country"] = _country_of(edges, countries.geometry.to_numpy(), codes, home)
    detour = _excursions(edges)
    excursions = pd.DataFrame(
        {
            "mode": mode,
            "node": edges.loc[detour, "u"].to_numpy(),
            "node_to": edges.loc[detour, "v"].to_numpy(),
            "lon": shapely.get_x(
                shapely.line_interpolate_point(edges.geometry[detour], 0.5, normalized=True)
            ).round(6),
            "lat": shapely.get_y(
                shapely.line_interpolate_point(edges.geometry[detour], 0.5, normalized=True)
            ).round(6),
            "country": edges.loc[detour, "country"].to_numpy(),
            "port_id": None,
            "port_m": np.nan,
            "status": "excursion",
        }
    )
    edges.loc[detour, "country"] = HOME
    crossings = _border_nodes(edges, ports[ports["port_type"] == mode], mode=mode)
    edges["crossing"] = None
    edges["gauge_break"] = False
    foreign = (edges["country"] != HOME).to_numpy()
    for row in crossings.itertuples():
        at = foreign & ((edges["u"] == row.node) | (edges["v"] == row.node)).to_numpy()
        if row.status == "open":
            edges.loc[at, "crossing"] = row.port_id
            # Mongolia and Russia run on 1520 mm track, China on 1435 mm.
            edges.loc[at, "gauge_break"] = mode == "rail"
        else:
            edges.loc[at, "status"] = "closed"
    found = pd.concat([crossings, excursions], ignore_index=True)
    found["node_to"] = found["node_to"].astype("Int64")
    return BorderResult(edges, found)


def _country_of(
    edges: gpd.GeoDataFrame,
    outlines: NDArray[np.object_],
    codes: NDArray[np.object_],
    home: shapely.Geometry,
) -> NDArray[np.object_]:
    """Country code of each edge: where its midpoint lies, else the nearest outline's."""
    mid = shapely.line_interpolate_point(edges.geometry.to_numpy(), 0.5, normalized=True)
    out = np.full(len(edges), HOME, dtype=object)
    schematic = ~edges["kind"].isin(_CUT_KINDS).to_numpy()
    shapely.prepare(home)
    inside = shapely.contains(home, mid)
    todo = np.flatnonzero(~inside & ~schematic)
    if len(todo):
        tree = shapely.STRtree(outlines)
        idx = tree.query_nearest(mid[todo], all_matches=False)
        out[todo[idx[0]]] = codes[idx[1]]
    return out


def _excursions(edges: gpd.GeoDataFrame) -> NDArray[np.bool_]:
    """Foreign pieces that leave China and come straight back: straightened OSM geometry.

    The upstream road and rail lines are simplified to straight runs between nodes (on desert
    roads tens of km long), so a Chinese road along a winding border can cut across the
    neighbour's outline between two cut points. Such a piece touches Chinese edges at both
    ends and no foreign edge at either: it leads nowhere abroad, so it is the Chinese line
    itself and stays Chinese (listed as ``excursion`` in ``crossings.csv``).
    """
    live = (edges["status"] != "closed").to_numpy()
    home = (edges["country"] == HOME).to_numpy() & live
    foreign = ~home & live & edges["kind"].isin(_CUT_KINDS).to_numpy()
    home_nodes = set(edges["u"][home]) | set(edges["v"][home])
    seen = pd.concat([edges["u"][foreign], edges["v"][foreign]]).value_counts()
    u, v = edges["u"], edges["v"]
    return (
        foreign
        & u.isin(list(home_nodes)).to_numpy()
        & v.isin(list(home_nodes)).to_numpy()
        & (u.map(seen) == 1).to_numpy()
        & (v.map(seen) == 1).to_numpy()
    )


def _border_nodes(edges: gpd.GeoDataFrame, ports: gpd.GeoDataFrame, *, mode: str) -> pd.DataFrame:
    """One row per node where a home-country edge meets a foreign one, with its port if open."""
    live = edges[edges["status"] != "closed"]
    ends = pd.DataFrame(
        {
            "node": np.concatenate([live["u"], live["v"]]),
            "country": np.concatenate([live["country"], live["country"]]),
        }
    )
    sides = ends.groupby("node")["country"].agg(set)
    border = sides[sides.map(lambda s: HOME in s and len(s) > 1)]
    columns = ["mode", "node", "lon", "lat", "country", "port_id", "port_m", "status"]
    if border.empty:
        return pd.DataFrame(columns=columns)
    xy = _node_xy(live).loc[border.index]
    located = ports[ports.geometry.notna() & ~ports.geometry.is_empty]
    if "coord_quality" in located:  # a port placed only roughly opens no crossing
        located = located[located["coord_quality"] != "approximate"]
    rows = []
    for node, countries_here in border.items():
        lon, lat = xy.at[node, "x"], xy.at[node, "y"]
        port_id, port_m = None, float("nan")
        if len(located):
            d = geodesic_distance_m(
                np.full(len(located), lon), np.full(len(located), lat),
                located.geometry.x, located.geometry.y,
            )  # fmt: skip
            if d.min() <= CROSSING_RADIUS_M:
                port_id, port_m = str(located["id"].iloc[int(d.argmin())]), float(d.min())
        rows.append(
            {
                "mode": mode,
                "node": int(node),  # type: ignore[call-overload]
                "lon": round(float(lon), 6),  # type: ignore[arg-type]
                "lat": round(float(lat), 6),  # type: ignore[arg-type]
                "country": ";".join(sorted(countries_here - {HOME})),
                "port_id": port_id,
                "port_m": round(port_m, 1),
                "status": "open" if port_id else "closed",
            }
        )
    return pd.DataFrame(rows, columns=columns)


def _node_xy(edges: gpd.GeoDataFrame) -> pd.DataFrame:
    geoms = edges.geometry.to_numpy()
    first = shapely.get_coordinates(shapely.get_point(geoms, 0))
    last = shapely.get_coordinates(shapely.get_point(geoms, -1))
    frame = pd.DataFrame(
        {
            "node": np.concatenate([edges["u"], edges["v"]]),
            "x": np.concatenate([first[:, 0], last[:, 0]]),
            "y": np.concatenate([first[:, 1], last[:, 1]]),
        }
    )
    return frame.drop_duplicates("node").set_index("node")
