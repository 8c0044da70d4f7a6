"""Step ``added`` of build_geodata.py: lines missing from the snapshots, and planned links.

Each row of ``geodata/facts/added_lines.csv`` is one section of a corridor: a chain of stops
joined by schematic edges (straight lines) whose lengths are the published ones. A stop is
``REF@JOIN``:

* ``REF`` names a point: ``place:ID`` (ports.geojson, cities.geojson), ``osm:NODE`` (the HOT
  OSM station export in ``geodata-raw/crossborder``), ``station:NAME`` (a tariff station:
  its node on the network if it has one, else its coordinates) or ``xy:LON,LAT``.
* ``JOIN`` says how the stop meets the network: ``node`` (a node made by an earlier row, the
  station's node, or the nearest node within ``join_m``), ``cut`` (the foot of the nearest
  edge within ``join_m``, which is cut there) or ``new`` (a node of its own at the point).

Stops join edges of the row's country; the first stop of a border link (a row with a
``crossing`` port) joins Chinese edges. ``leg_km`` gives each leg's length; without it the
row's length is shared out in proportion to the legs' straight-line lengths (approximate per
leg, exact in total). A row with ``replace_path`` first removes the existing edges on the
path between its end stops (an OSM alignment too coarse to measure on).
"""

from __future__ import annotations

import itertools
import logging
from pathlib import Path
from typing import Any

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
from shapely import LineString

from corridormap.borders import HOME
from corridormap.geometry import geodesic_distance_m, geodesic_lengths_m
from corridormap.network import nodes_from_edges, split_edges_at_points

log = logging.getLogger("build_geodata")

STOP_SOURCES = {
    "place": "ports.geojson / cities.geojson (geodata/facts)",
    "osm": "HOT OSM export of Mongolia's railway stations (© OpenStreetMap contributors, ODbL)",
    "station": "passenger tariff station (geodata-raw/rail_network_stations.geojson)",
    "xy": "coordinates given in added_lines.csv",
}


def read_sections(facts: Path) -> pd.DataFrame:
    """Return the rows of ``added_lines.csv`` (strings; empty cells as ``""``)."""
    return pd.read_csv(facts / "added_lines.csv", dtype=str, keep_default_na=False)


def add_sections(
    edges: gpd.GeoDataFrame,
    sections: pd.DataFrame,
    points: dict[str, tuple[float, float]],
    stations: dict[str, int],
) -> tuple[gpd.GeoDataFrame, pd.DataFrame, dict[str, list[LineString]]]:
    """Add every section of one mode to its edge layer.

    Parameters
    ----------
    edges
        The mode's edge layer after the ``attributes`` step.
    sections
        The mode's rows of ``added_lines.csv``, in order (a ``node`` stop may use a node
        made by an earlier row).
    points
        Coordinates of every stop reference.
    stations
        Node of each tariff station on the layer (``station:`` stops join there).

    Returns
    -------
    edges, crossings, geometries
        The new edge layer, one ``crossings.csv`` row per planned border link, and the
        section geometries per corridor id.

    """
    made: dict[str, int] = {}
    crossings: list[dict[str, object]] = []
    geoms: dict[str, list[LineString]] = {}
    for record in sections.to_dict("records"):
        row = {str(k): v for k, v in record.items()}
        stops = [s.split("@") for s in row["stops"].split(";")]
        nodes: list[int] = []
        for i, (ref, join) in enumerate(stops):
            country = HOME if (i == 0 and row["crossing"]) else row["country"]
            edges, node = _join(
                edges, ref, join, points[ref], country, float(row["join_m"]), made, stations
            )
            nodes.append(node)
        if row["replace_path"] == "true":
            edges = _drop_path(edges, nodes[0], nodes[-1], row["country"])
        xy = nodes_from_edges(edges)
        where = [
            (float(xy.at[n, "x"]), float(xy.at[n, "y"]))
            if n in xy.index and join != "new"
            else points[ref]
            for n, (ref, join) in zip(nodes, stops, strict=True)
        ]
        legs = [LineString(pair) for pair in itertools.pairwise(where)]
        new = _section_edges(row, nodes, legs)
        edges = pd.concat([edges, new], ignore_index=True)
        geoms.setdefault(row["corridor_id"], []).extend(legs)
        if row["crossing"] and row["status"] == "planned":
            crossings.append(_crossing_row(row, nodes, where))
        log.info(
            "added %-30s %d legs, %.1f km (%s)",
            row["section_id"],
            len(legs),
            new["length_m"].sum() / 1e3,
            row["status"],
        )
    return (
        gpd.GeoDataFrame(edges, geometry="geometry", crs="EPSG:4326"),
        pd.DataFrame(crossings),
        geoms,
    )


def stop_points(sections: pd.DataFrame, raw: Path, out: Path) -> dict[str, tuple[float, float]]:
    """Return the coordinates of every stop reference of the sections."""
    refs = {s.split("@")[0] for stops in sections["stops"] for s in stops.split(";")}
    places = pd.concat(
        [gpd.read_file(out / "ports.geojson"), gpd.read_file(out / "cities.geojson")]
    ).set_index("id")
    osm = pd.read_csv(raw / "crossborder" / "mongolia_rail_stations_osm.csv").set_index(
        "osm_node_id"
    )
    stations = gpd.read_file(raw / "rail_network_stations.geojson").drop_duplicates("name_zh")
    stations = stations.set_index("name_zh")
    found: dict[str, tuple[float, float]] = {}
    for ref in sorted(refs):
        kind, _, key = ref.partition(":")
        if kind == "place":
            geom = places.geometry.get(key)
            if geom is None or geom.is_empty:
                raise SystemExit(f"added_lines.csv: {ref} has no coordinates")
            found[ref] = (geom.x, geom.y)
        elif kind == "osm":
            xy = osm.loc[int(key), ["lon", "lat"]].astype(float).to_numpy()
            found[ref] = (float(xy[0]), float(xy[1]))
        elif kind == "station":
            geom = stations.geometry[key]
            found[ref] = (geom.x, geom.y)
        elif kind == "xy":
            lon, lat = (float(v) for v in key.split(","))
            found[ref] = (lon, lat)
        else:
            raise SystemExit(f"added_lines.csv: unknown stop reference {ref!r}")
    return found


def _join(
    edges: gpd.GeoDataFrame,
    ref: str,
    join: str,
    at: tuple[float, float],
    country: str,
    join_m: float,
    made: dict[str, int],
    stations: dict[str, int],
) -> tuple[gpd.GeoDataFrame, int]:
    """Return the node a stop lands on (and the edges, cut if the stop cuts one)."""
    if join == "node" and ref in made:
        return edges, made[ref]
    first = int(max(edges["u"].max(), edges["v"].max(), *made.values())) + 1
    if join == "new":
        made[ref] = first
        return edges, first
    live = (edges["country"] == country) & edges["status"].isin(["open"])
    if join == "node":
        name = ref.partition(":")[2]
        if ref.startswith("station:") and name in stations:
            node = stations[name]
            if ((edges["u"] == node) | (edges["v"] == node)).any():
                made[ref] = node
                return edges, node
        xy = nodes_from_edges(edges[live])
        d = geodesic_distance_m(
            xy["x"].to_numpy(), xy["y"].to_numpy(), np.full(len(xy), at[0]), np.full(len(xy), at[1])
        )
        if not len(d) or d.min() > join_m:
            raise SystemExit(f"added_lines.csv: no {country} node within {join_m:.0f} m of {ref}")
        made[ref] = int(xy.index[int(np.argmin(d))])
        return edges, made[ref]
    if join != "cut":
        raise SystemExit(f"added_lines.csv: unknown join {join!r} for {ref}")
    split = split_edges_at_points(
        edges[live], np.array([at[0]]), np.array([at[1]]), max_snap_m=join_m, first_node_id=first
    )
    if split.node[0] < 0:
        raise SystemExit(f"added_lines.csv: no {country} edge within {join_m:.0f} m of {ref}")
    made[ref] = int(split.node[0])
    rest = edges[~live.to_numpy()]
    return gpd.GeoDataFrame(
        pd.concat([rest, split.edges], ignore_index=True), geometry="geometry", crs="EPSG:4326"
    ), made[ref]


def _drop_path(edges: gpd.GeoDataFrame, a: int, b: int, country: str) -> gpd.GeoDataFrame:
    """Remove the edges on the shortest path from ``a`` to ``b`` within ``country``."""
    live = edges[(edges["country"] == country) & (edges["status"] == "open")]
    G = nx.Graph()
    for i, (u, v, m) in zip(
        live.index, zip(live["u"], live["v"], live["length_m"], strict=True), strict=True
    ):
        if not G.has_edge(u, v) or G[u][v]["length"] > m:
            G.add_edge(int(u), int(v), length=float(m), row=i)
    path = nx.shortest_path(G, a, b, weight="length")
    rows = [G[p][q]["row"] for p, q in itertools.pairwise(path)]
    log.info(
        "added: replaced %d edges (%.0f km) between nodes %d and %d",
        len(rows),
        edges.loc[rows, "length_m"].sum() / 1e3,
        a,
        b,
    )
    return edges.drop(index=rows).reset_index(drop=True)


def _section_edges(row: dict[str, Any], nodes: list[int], legs: list[LineString]) -> pd.DataFrame:
    """Return the schematic edges of one section: published lengths, the row's attributes."""
    chord = geodesic_lengths_m(np.array(legs, dtype=object))
    if row["leg_km"]:
        length = np.array([float(k) for k in row["leg_km"].split(";")]) * 1000.0
        if len(length) != len(legs):
            raise SystemExit(
                f"added_lines.csv: {row['section_id']} leg_km needs {len(legs)} values"
            )
    elif row["length_km"]:
        length = float(row["length_km"]) * 1000.0 * chord / chord.sum()
    else:
        length = chord
    planned = row["status"] == "planned"
    return gpd.GeoDataFrame(
        {
            "u": nodes[:-1],
            "v": nodes[1:],
            "length_m": np.round(length, 1),
            "kind": "planned" if planned else "schematic",
            "status": row["status"],
            "line_zh": row["name_zh"],
            "corridor_id": row["corridor_id"],
            "class": row["class"],
            "passenger_only": row["passenger_only"] == "true",
            "country": row["country"],
            "crossing": [row["crossing"] or None] + [None] * (len(legs) - 1),
            "gauge_break": [row["gauge_break"] == "true"] + [False] * (len(legs) - 1),
            "tariff_km": np.nan,
            "opened_year": pd.array(
                [int(row["opened_year"]) if row["opened_year"] else None] * len(legs),
                dtype="Int64",
            ),
        },
        geometry=legs,
        crs="EPSG:4326",
    )


def _crossing_row(
    row: dict[str, Any], nodes: list[int], where: list[tuple[float, float]]
) -> dict[str, object]:
    return {
        "mode": row["mode"],
        "node": nodes[0],
        "lon": round(where[0][0], 6),
        "lat": round(where[0][1], 6),
        "country": row["country"],
        "port_id": row["crossing"],
        "port_m": np.nan,
        "status": "planned",
        "node_to": nodes[1],
    }
