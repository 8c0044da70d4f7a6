"""Rebuild the derived files in geodata/ from ../shared/geodata-raw and geodata/facts.

Usage: ``python scripts/build_geodata.py [--raw DIR] [--out DIR] [--only STEP]``; a single
step needs the outputs of the steps before it (roads, rail, places, basemap, corridors,
attributes, added, display).
Inputs, methods and licences are described in geodata/SOURCES.md; schemas in
geodata/README.md. The run is deterministic: the same inputs and pinned
packages (requirements.lock) give byte-identical outputs, except GeoParquet
metadata that records library versions.
"""

from __future__ import annotations

import argparse
import itertools
import logging
import os
from collections.abc import Iterator
from pathlib import Path

import added_lines
import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import port_locations
import shapely
from scipy.spatial import cKDTree
from shapely import LineString

from corridormap import borders, classes
from corridormap.geometry import geodesic_lengths_m, to_projected
from corridormap.network import nodes_from_edges, split_edges_at_points

ROOT = Path(__file__).resolve().parents[1]

log = logging.getLogger("build_geodata")
OUT = ROOT / "geodata"
FACTS = OUT / "facts"
OSM = "© OpenStreetMap contributors (ODbL 1.0), via scgraph-data 2.0.0"
#: Extent of the OSM-derived line layers (see geodata-raw/SOURCES.md).
OSM_BOX = (97.0, 34.0, 127.0, 54.0)
CONNECTOR_MAX_M = 3000.0
STATION_SNAP_M = 3000.0
EDGE_COLUMNS = [
    "u",
    "v",
    "length_m",
    "kind",
    "status",
    "line_zh",
    "corridor_id",
    "class",
    "passenger_only",
    "country",
    "crossing",
    "gauge_break",
    "tariff_km",
    "opened_year",
    "geometry",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--raw",
        type=Path,
        default=Path(os.environ.get("CORRIDORMAP_RAW", ROOT.parent / "shared" / "geodata-raw")),
    )
    parser.add_argument(
        "--only",
        choices=[
            "roads",
            "rail",
            "places",
            "basemap",
            "corridors",
            "attributes",
            "added",
            "display",
        ],
    )
    parser.add_argument("--out", type=Path, default=OUT, help="output folder (default: geodata/)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    steps = {
        "roads": build_roads,
        "rail": build_rail,
        "places": build_places,
        "basemap": build_basemap,
        "corridors": build_corridors,
        "attributes": build_attributes,
        "added": build_added,
        "display": build_display,
    }
    for name, step in steps.items():
        if args.only in (None, name):
            log.info("== %s", name)
            step(args.raw, args.out)


def build_roads(raw: Path, out: Path) -> None:
    edges = _osm_lines(raw / "roads_region.geojson")
    conn = _connectors(edges, across_components=False)
    result = pd.concat([edges, conn], ignore_index=True).sort_values(["u", "v"], kind="stable")
    log.info(
        "roads: %d OSM edges, %d connectors (%.0f km)",
        len(edges),
        len(conn),
        conn["length_m"].sum() / 1e3,
    )
    _write_edges(result, out / "road_edges.parquet")


def _connectors(edges: gpd.GeoDataFrame, *, across_components: bool) -> gpd.GeoDataFrame:
    """Straight ``connector`` edges from each dead end to the nearest node within 3 km.

    The nearest node must not be a neighbour already; with ``across_components`` it must also
    lie in another connected part (used for rail, where a connector inside one part could
    invent a shortcut, while a gap between parts cuts whole lines off).
    """
    nodes = nodes_from_edges(edges)
    degree = pd.concat([edges["u"], edges["v"]]).value_counts()
    ends = degree.index[degree == 1]
    x, y = to_projected(nodes["x"].to_numpy(), nodes["y"].to_numpy())
    tree = cKDTree(np.column_stack([x, y]))
    pos = pd.Series(np.arange(len(nodes)), index=nodes.index)
    adjacent = _adjacency(edges)
    part = {}
    if across_components:
        G = nx.Graph(list(zip(edges["u"], edges["v"], strict=True)))
        part = {n: i for i, c in enumerate(nx.connected_components(G)) for n in c}
    pairs: set[tuple[int, int]] = set()
    for n in ends:
        dist, idx = tree.query([x[pos[n]], y[pos[n]]], k=16, distance_upper_bound=CONNECTOR_MAX_M)
        for d, i in zip(dist, idx, strict=True):
            if not np.isfinite(d):
                break
            m = int(nodes.index[i])
            if m != n and m not in adjacent[n] and (not across_components or part[m] != part[n]):
                pairs.add((min(n, m), max(n, m)))
                break
    conn = gpd.GeoDataFrame(
        {
            "u": [a for a, _ in pairs],
            "v": [b for _, b in pairs],
            "kind": "connector",
            "status": "open",
        },
        geometry=[
            LineString([nodes.loc[a, ["x", "y"]], nodes.loc[b, ["x", "y"]]])
            for a, b in sorted(pairs)
        ],
        crs="EPSG:4326",
    )
    conn["u"] = [a for a, _ in sorted(pairs)]
    conn["v"] = [b for _, b in sorted(pairs)]
    conn["length_m"] = geodesic_lengths_m(conn.geometry.to_numpy())
    log.info(
        "%d dead ends, %d connectors, longest %.2f km",
        len(ends),
        len(conn),
        float(conn["length_m"].max()) / 1e3 if len(conn) else 0.0,
    )
    return conn


def build_rail(raw: Path, out: Path) -> None:
    edges = _osm_lines(raw / "rail_osm_region.geojson")
    stations = gpd.read_file(raw / "rail_network_stations.geojson")
    inside = stations.geometry.within(shapely.box(*OSM_BOX))
    first = int(max(edges["u"].max(), edges["v"].max())) + 1
    split = split_edges_at_points(
        edges,
        stations.geometry.x[inside].to_numpy(),
        stations.geometry.y[inside].to_numpy(),
        max_snap_m=STATION_SNAP_M,
        first_node_id=first,
    )
    edges = split.edges
    stations["node"] = -1
    stations.loc[inside, "node"] = split.node
    stations["snap_m"] = np.nan
    stations.loc[inside, "snap_m"] = split.snap_m.round(1)
    log.info(
        "rail: %d of %d stations in the OSM extent snapped within %.0f m",
        int((split.node >= 0).sum()),
        int(inside.sum()),
        STATION_SNAP_M,
    )
    lines = gpd.read_file(raw / "rail_network_lines.geojson")
    lines = lines[~lines["flags"].fillna("").str.contains("geodesic_exceeds_tariff")]
    node_of = stations.set_index("name_zh")["node"].to_dict()
    edges = _name_rail_edges(edges, lines, node_of)
    tariff = pd.concat(
        [
            _tariff_edges(lines, stations, inside, node_of, edges),
            _passenger_line_edges(lines, node_of, edges),
        ],
        ignore_index=True,
    )
    conn = _connectors(pd.concat([edges, tariff], ignore_index=True), across_components=True)
    log.info(
        "rail: %d connectors between disconnected parts (%.1f km)",
        len(conn),
        conn["length_m"].sum() / 1e3,
    )
    _write_edges(pd.concat([edges, tariff, conn], ignore_index=True), out / "rail_edges.parquet")
    keep = stations[stations["node"] >= 0][
        ["node", "name_zh", "lines", "coord_source", "snap_m", "geometry"]
    ]
    keep = keep.assign(source="qETRC 客里表 20210928 (GPL-3.0) names; coordinates per coord_source")
    keep.to_file(out / "rail_stations.geojson", driver="GeoJSON", COORDINATE_PRECISION=6)


def _name_rail_edges(
    edges: gpd.GeoDataFrame, lines: gpd.GeoDataFrame, node_of: dict[str, int]
) -> gpd.GeoDataFrame:
    """Name OSM edges by tracing each tariff pair's shortest path between its two stations.

    A pair is traced only if the path length agrees with the tariff km
    (0.8 x tariff - 3 km <= path <= 1.2 x tariff + 3 km); its edges then carry the line name
    and their share of the pair's tariff km (``tariff_km``, by length; the smallest share
    where several traced pairs cover an edge).
    """
    G = _nx_graph(edges)
    names: dict[int, set[str]] = {}
    tariff: dict[int, float] = {}
    traced = 0
    for line, a, b, km in _tariff_pairs(lines):
        na, nb = node_of.get(a, -1), node_of.get(b, -1)
        if na < 0 or nb < 0 or na == nb or na not in G or nb not in G or km <= 0:
            continue
        try:
            length, path = nx.bidirectional_dijkstra(G, na, nb, weight="length")
        except nx.NetworkXNoPath:
            continue
        if not (0.8 * km - 3 <= length / 1e3 <= 1.2 * km + 3):
            continue
        traced += 1
        for p, q in itertools.pairwise(path):
            row = G[p][q]["row"]
            names.setdefault(row, set()).add(line)
            share = km * G[p][q]["length"] / length if length > 0 else 0.0
            tariff[row] = min(tariff.get(row, share), share)
    edges = edges.copy()
    edges["tariff_km"] = [tariff.get(i, np.nan) for i in range(len(edges))]
    edges["line_zh"] = [
        ";".join(sorted(names[i])) if i in names else None for i in range(len(edges))
    ]
    log.info(
        "rail: %d tariff pairs traced on OSM track; %d of %d edges named (%.0f%% of km)",
        traced,
        len(names),
        len(edges),
        100 * edges.loc[edges["line_zh"].notna(), "length_m"].sum() / edges["length_m"].sum(),
    )
    return edges


def _tariff_edges(
    lines: gpd.GeoDataFrame,
    stations: gpd.GeoDataFrame,
    inside: pd.Series,
    node_of: dict[str, int],
    edges: gpd.GeoDataFrame,
) -> gpd.GeoDataFrame:
    """Schematic edges (straight, length = tariff km) for tariff pairs that leave the OSM extent."""
    first_id = int(max(edges["u"].max(), edges["v"].max())) + 1
    outside = stations[~inside].drop_duplicates("name_zh").reset_index(drop=True)
    out_id = {name: first_id + i for i, name in enumerate(outside["name_zh"])}
    xy = {out_id[n]: (p.x, p.y) for n, p in zip(outside["name_zh"], outside.geometry, strict=True)}
    nodes = nodes_from_edges(edges)
    rows = []
    for line, a, b, km in _tariff_pairs(lines):
        if a not in out_id and b not in out_id:
            continue
        ua, ub = out_id.get(a, node_of.get(a, -1)), out_id.get(b, node_of.get(b, -1))
        if ua < 0 or ub < 0 or ua == ub:
            continue
        ends = [xy[n] if n in xy else (nodes.at[n, "x"], nodes.at[n, "y"]) for n in (ua, ub)]
        rows.append(_schematic_edge(ua, ub, line, km, ends))
    return _schematic_frame(rows, "schematic tariff edges beyond the OSM extent")


def _passenger_line_edges(
    lines: gpd.GeoDataFrame, node_of: dict[str, int], edges: gpd.GeoDataFrame
) -> gpd.GeoDataFrame:
    """Schematic edges (straight, length = tariff km) along every passenger-dedicated line.

    The OSM track of the high-speed and intercity lines is named only where a tariff pair
    traced onto it, and the unnamed rest would run at conventional speed; so each consecutive
    pair of such a line also gets a straight edge at its tariff km between the two station
    nodes, where passenger trains really stop; a station that is not on the OSM track is
    passed over and its km carried on to the next station that is.
    """
    nodes = nodes_from_edges(edges)
    rows = []
    start, acc, last = -1, 0.0, None
    for line, a, b, km in _tariff_pairs(lines):
        if classes.rail_line_class(line)[0] not in classes.PASSENGER_ONLY:
            continue
        if (line, a) != last:  # a new run of the line: restart at its first station
            start, acc = node_of.get(a, -1), 0.0
        last = (line, b)
        acc += km
        ub = node_of.get(b, -1)
        if ub < 0 or ub not in nodes.index:
            continue  # a station off the track: carry its km on to the next one on it
        if start >= 0 and start in nodes.index and start != ub and acc > 0:
            ends = [(nodes.at[n, "x"], nodes.at[n, "y"]) for n in (start, ub)]
            rows.append(_schematic_edge(start, ub, line, acc, ends))
        start, acc = ub, 0.0
    return _schematic_frame(rows, "schematic station-to-station edges of passenger-dedicated lines")


def _schematic_frame(rows: list[dict[str, object]], what: str) -> gpd.GeoDataFrame:
    """Return schematic edge rows as a layer, logging how many and how long."""
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    log.info("rail: %d %s (%.0f km)", len(frame), what, frame["length_m"].sum() / 1e3)
    return frame


def _schematic_edge(
    u: int, v: int, line: str, km: float, ends: list[tuple[float, float]]
) -> dict[str, object]:
    """Return a straight ``tariff`` edge whose length is the tariff km between two stations."""
    return {
        "u": u,
        "v": v,
        "length_m": km * 1000.0,
        "kind": "tariff",
        "status": "open",
        "line_zh": line,
        "tariff_km": km,
        "geometry": LineString(ends),
    }


def _tariff_pairs(lines: gpd.GeoDataFrame) -> Iterator[tuple[str, str, str, float]]:
    """Yield (line, from station, to station, tariff km) for each consecutive pair of the table."""
    yield from zip(
        lines["line_name_zh"],
        lines["from_station"],
        lines["to_station"],
        lines["tariff_km"],
        strict=True,
    )


def _adjacency(edges: gpd.GeoDataFrame) -> dict[int, set[int]]:
    adj: dict[int, set[int]] = {}
    for u, v in zip(edges["u"], edges["v"], strict=True):
        adj.setdefault(int(u), set()).add(int(v))
        adj.setdefault(int(v), set()).add(int(u))
    return adj


def _osm_lines(p: Path) -> gpd.GeoDataFrame:
    raw = gpd.read_file(p)
    raw = raw[raw["u_node"] != raw["v_node"]]
    edges = gpd.GeoDataFrame(
        {
            "u": raw["u_node"].astype("int64"),
            "v": raw["v_node"].astype("int64"),
            "kind": "osm",
            "status": "open",
        },
        geometry=raw.geometry.to_numpy(),
        crs="EPSG:4326",
    ).reset_index(drop=True)
    edges["length_m"] = geodesic_lengths_m(edges.geometry.to_numpy())
    log.info("%s: %d edges, %.0f km", p.name, len(edges), edges["length_m"].sum() / 1e3)
    return edges


def _write_edges(edges: gpd.GeoDataFrame, p: Path) -> None:
    edges = edges.copy()
    for col in EDGE_COLUMNS:
        if col not in edges:
            edges[col] = None
    edges["length_m"] = edges["length_m"].round(1)
    edges["geometry"] = shapely.transform(edges.geometry.to_numpy(), lambda c: np.round(c, 6))
    gpd.GeoDataFrame(edges[EDGE_COLUMNS], geometry="geometry", crs="EPSG:4326").to_parquet(
        p,
        compression="zstd",
        index=False,
        schema_version="1.1.0",
        write_covering_bbox=False,
    )
    log.info("wrote %s: %d edges, %.1f MB", p, len(edges), p.stat().st_size / 1e6)


def build_places(raw: Path, out: Path) -> None:
    """Turn the curated facts tables into point layers, checking the port counts."""
    ports = _facts_points("ports.csv", kind="port", where=port_locations.locate_ports(raw, FACTS))
    counts = ports["port_type"].value_counts().to_dict()
    faces = ports[ports["port_type"] != "air"]["faces"].value_counts().to_dict()
    if counts != {"road": 12, "air": 6, "rail": 2} or faces != {"Mongolia": 10, "Russia": 4}:
        raise SystemExit(
            f"ports.csv must hold 2 rail, 12 road, 6 air; 4 RU, 10 MN land ports: {counts} {faces}"
        )
    for col in ("trains_2022", "trains_2023"):
        ports[col] = pd.to_numeric(ports[col]).astype("Int64")
    ports["freight_2023_10kt"] = pd.to_numeric(ports["freight_2023_10kt"])
    ports["approval_year"] = pd.to_numeric(ports["approval_year"]).astype("Int64")
    _write_points(ports, out / "ports.geojson")
    cities = _facts_points("cities.csv", kind="city")
    cities = cities.rename(columns={"kind_city": "city_kind"})
    for col in ("population", "population_year", "gdp_year"):
        cities[col] = pd.to_numeric(cities[col]).astype("Int64")
    cities["gdp_100m_cny"] = pd.to_numeric(cities["gdp_100m_cny"])
    _write_points(cities, out / "cities.geojson")


def _facts_points(name: str, *, kind: str, where: pd.DataFrame | None = None) -> gpd.GeoDataFrame:
    frame = pd.read_csv(FACTS / name, dtype=str, keep_default_na=False).replace({"": None})
    if kind == "city":
        frame = frame.rename(columns={"kind": "city_kind"})
    if where is not None:
        if set(where["id"]) != set(frame["id"]):
            raise SystemExit(f"{name} and port_locations.csv must list the same ids")
        frame = frame.merge(where, on="id", how="left", validate="one_to_one")
    frame.insert(1, "kind", kind)
    lon, lat = pd.to_numeric(frame.pop("lon")), pd.to_numeric(frame.pop("lat"))
    geoms = [
        shapely.Point(x, y) if pd.notna(x) and pd.notna(y) else None
        for x, y in zip(lon, lat, strict=True)
    ]
    log.info("%s: %d rows, %d without coordinates", name, len(frame), sum(g is None for g in geoms))
    return gpd.GeoDataFrame(frame, geometry=geoms, crs="EPSG:4326")


def _write_points(gdf: gpd.GeoDataFrame, p: Path) -> None:
    if p.exists():
        p.unlink()
    gdf.to_file(p, driver="GeoJSON", COORDINATE_PRECISION=5, WRITE_NAME=False)
    log.info("wrote %s: %d features", p, len(gdf))


#: Chinese names of the DCW first-level units (the DCW layer carries English names only).
PROVINCE_ZH = {
    "Aomen (Macao)": "澳门",
    "Xianggang (Hong Kong)": "香港",
    "Anhui": "安徽",
    "Beijing": "北京",
    "Chongqing": "重庆",
    "Fujian": "福建",
    "Gansu": "甘肃",
    "Guangdong": "广东",
    "Guangxi": "广西",
    "Guizhou": "贵州",
    "Hebei": "河北",
    "Heilongjiang": "黑龙江",
    "Henan": "河南",
    "Hubei": "湖北",
    "Hunan": "湖南",
    "Jiangsu": "江苏",
    "Jiangxi": "江西",
    "Jilin": "吉林",
    "Liaoning": "辽宁",
    "Nei Mongol": "内蒙古",
    "Ningxia": "宁夏",
    "Qinghai": "青海",
    "Shaanxi": "陕西",
    "Shandong": "山东",
    "Shanghai": "上海",
    "Shanxi": "山西",
    "Sichuan": "四川",
    "Tianjin": "天津",
    "Xizang": "西藏",
    "Yunnan": "云南",
    "Zhejiang": "浙江",
    "Hong Kong": "香港",
    "Macau": "澳门",
    "Taiwan": "台湾",
}


#: Chinese names of the Natural Earth countries in the clip box (the 50m layer has none).
COUNTRY_ZH = {
    "China": "中国",
    "Hong Kong": "香港",
    "India": "印度",
    "Japan": "日本",
    "South Korea": "韩国",
    "Laos": "老挝",
    "Macao": "澳门",
    "Myanmar": "缅甸",
    "Mongolia": "蒙古国",
    "North Korea": "朝鲜",
    "Russia": "俄罗斯",
    "Taiwan": "台湾",
    "Vietnam": "越南",
}


def build_basemap(raw: Path, out: Path) -> None:
    """Provinces (DCW-GMT), countries and land borders (Natural Earth), simplified for display."""
    prov = gpd.read_file(raw / "admin1_china_dcw.geojson")
    prov = gpd.GeoDataFrame(
        {
            "name_en": prov["name"],
            "name_zh": prov["name"].map(PROVINCE_ZH),
            "code": prov["iso_3166_2"],
            "source": "DCW-GMT 2.1.1 via GMT 6.4 (LGPL-3+)",
        },
        geometry=prov.geometry.simplify(0.02, preserve_topology=True),
        crs="EPSG:4326",
    )
    _write_points(prov, out / "basemap_provinces.geojson")
    countries = gpd.read_file(raw / "countries_region.geojson")
    countries = gpd.GeoDataFrame(
        {
            "name_en": countries["NAME"],
            "name_zh": countries["NAME"].map(COUNTRY_ZH),
            "source": "Natural Earth 50m (public domain)",
        },
        geometry=countries.geometry.simplify(0.02, preserve_topology=True),
        crs="EPSG:4326",
    )
    _write_points(countries, out / "basemap_countries.geojson")
    borders = gpd.read_file(raw / "admin0_lines_region.geojson")
    borders = gpd.GeoDataFrame(
        {
            "name_en": borders["adm0_left"] + " / " + borders["adm0_right"],
            "kind": borders["featurecla"],
            "source": "Natural Earth 10m boundary lines (public domain)",
        },
        geometry=borders.geometry.simplify(0.005),
        crs="EPSG:4326",
    )
    _write_points(borders, out / "basemap_borders.geojson")


#: Corridors opened after the OSM snapshot behind the line layers (about 2024): not traced,
#: since a shortest path would follow older parallel track and mislabel it.
SNAPSHOT_YEAR = 2024
CORRIDOR_TRACE_SNAP_M = 20_000.0


def build_corridors(raw: Path, out: Path) -> None:
    """Corridor lines from the facts table, traced on the networks, and road names.

    Every open corridor is traced as the shortest path through its control places (ends
    and vias from the facts table); a rail corridor in the tariff table is traced on the
    edges named with its line only. Corridors with sections in ``added_lines.csv`` are drawn
    by the ``added`` step. Road edges that a traced road corridor covers for at least half
    their length take its name.
    """
    facts = pd.read_csv(FACTS / "corridors.csv", dtype=object, keep_default_na=False)
    added = set(added_lines.read_sections(FACTS)["corridor_id"])
    rail = gpd.read_parquet(out / "rail_edges.parquet")
    road = gpd.read_parquet(out / "road_edges.parquet").assign(line_zh=None)
    points = _control_points(raw, out)
    geoms: list[LineString | None] = []
    methods: list[str] = []
    road_names: dict[int, set[str]] = {}
    for _, row in facts.iterrows():
        edges = rail if row["mode"] == "rail" else road
        geom: LineString | None = None
        rows: list[int] = []
        if row["id"] in added:
            how = "drawn by the added step (see added_lines.csv)"
        elif row["opened_year"] and int(row["opened_year"]) >= SNAPSHOT_YEAR:
            how = f"not traced: opened {row['opened_year']}, after the OSM snapshot of the line layers"
        elif row["status"] in ("planned", "under_construction"):
            how = "not drawn: planned, with no sections in added_lines.csv"
        else:
            prefer = np.zeros(len(edges), dtype=bool)
            if row["line_name_in_tariff"]:
                names = {n.strip() for n in row["line_name_in_tariff"].split(";")}
                prefer = (
                    edges["line_zh"]
                    .fillna("")
                    .map(lambda v, names=names: bool(names & set(v.split(";"))))
                    .to_numpy()
                )
            geom, rows, how = _trace(row, edges, points, prefer=prefer)
            if row["line_name_in_tariff"]:
                how += (
                    f", preferring the {int(prefer.sum())} edges named {row['line_name_in_tariff']}"
                )
        geoms.append(geom)
        methods.append(how)
        for i in rows if row["mode"] == "road" else []:
            road_names.setdefault(i, set()).add(row["name_zh"])
    corridors = gpd.GeoDataFrame(
        facts.replace({"": None}).assign(
            length_km=pd.to_numeric(facts["length_km"]), geometry_method=methods
        ),
        geometry=geoms,
        crs="EPSG:4326",
    )
    corridors["geometry"] = shapely.transform(
        corridors.geometry.to_numpy(), lambda c: np.round(c, 5)
    )
    drawn = corridors.geometry.notna().to_numpy()
    parts, index = shapely.get_parts(corridors.geometry.to_numpy()[drawn], return_index=True)
    traced = np.full(len(corridors), np.nan)
    traced[drawn] = np.bincount(index, geodesic_lengths_m(parts), minlength=int(drawn.sum())) / 1e3
    corridors["traced_km"] = traced.round(1)
    off = (corridors["traced_km"] > 1.3 * corridors["length_km"]).to_numpy()
    corridors.loc[off, "geometry_method"] += (
        "; CHECK: traced length is over 1.3 x the published length"
    )
    _write_points(corridors, out / "corridors.geojson")
    road["line_zh"] = [
        ";".join(sorted(road_names[i])) if i in road_names else None for i in range(len(road))
    ]
    _write_edges(road, out / "road_edges.parquet")
    for _, r in corridors.iterrows():
        log.info("%-30s %-18s %s", r["id"], r["status"], r["geometry_method"])
    log.info(
        "corridors: %d of %d drawn, %.0f km of line",
        int(drawn.sum()),
        len(corridors),
        np.nansum(traced),
    )


def _nx_graph(edges: gpd.GeoDataFrame) -> nx.Graph:
    G = nx.Graph()
    for i, (u, v, length) in enumerate(zip(edges["u"], edges["v"], edges["length_m"], strict=True)):
        if u != v and (not G.has_edge(u, v) or G[u][v]["length"] > length):
            G.add_edge(int(u), int(v), length=float(length), row=i)
    return G


def _control_points(raw: Path, out: Path) -> dict[str, tuple[float, float]]:
    """Positions of named control places: tariff stations, else Natural Earth, else bundled places."""
    found: dict[str, tuple[float, float]] = {}
    ne = gpd.read_file(raw / "places_region.geojson")
    for name, geom in zip(ne["NAME_ZH"], ne.geometry, strict=True):
        if isinstance(name, str):
            found[name] = (geom.x, geom.y)
    stations = gpd.read_file(raw / "rail_network_stations.geojson")
    for name, geom in zip(stations["name_zh"], stations.geometry, strict=True):
        found[name] = (geom.x, geom.y)
    for layer in ("ports", "cities"):
        places = gpd.read_file(out / f"{layer}.geojson")
        for _, p in places[places.geometry.notna()].iterrows():
            for name in [p["name_zh"], *(str(p.get("alt_names") or "").split(";"))]:
                if name and "\u4e00" <= name[0] <= "\u9fff":
                    found.setdefault(name, (p.geometry.x, p.geometry.y))
    return found


def _trace(
    row: pd.Series,
    edges: gpd.GeoDataFrame,
    points: dict[str, tuple[float, float]],
    *,
    prefer: np.ndarray,
) -> tuple[LineString | None, list[int], str]:
    """Shortest path through a corridor's control places: its line, the rows it covers, how.

    Edges in ``prefer`` (the corridor's own named track) cost a quarter of their length,
    so the path keeps to the named line and leaves it only to bridge unnamed gaps.
    """
    names = [row["from_zh"], *(row["via_zh"] or "").split(";"), row["to_zh"]]
    names = [n.strip() for n in names if n and n.strip()]
    known = [n for n in names if n in points]
    if len(known) < 2 or known[0] != names[0] or known[-1] != names[-1] or edges.empty:
        return (
            None,
            [],
            f"not traced: end places not located ({', '.join(n for n in names if n not in points)})",
        )
    lon = np.array([points[n][0] for n in known])
    lat = np.array([points[n][1] for n in known])
    first = int(max(edges["u"].max(), edges["v"].max())) + 1
    split = split_edges_at_points(
        edges.assign(
            _row=np.arange(len(edges)), _full=edges["length_m"].to_numpy(), _prefer=prefer
        ),
        lon,
        lat,
        max_snap_m=CORRIDOR_TRACE_SNAP_M,
        first_node_id=first,
    )
    used = [n for n, node in zip(known, split.node, strict=True) if node >= 0]
    stops = [int(node) for node in split.node if node >= 0]
    if len(stops) < 2:
        return None, [], "not traced: fewer than two control places lie on the network"
    G = _nx_graph(
        split.edges.assign(
            length_m=split.edges["length_m"] * np.where(split.edges["_prefer"], 0.25, 1.0)
        )
    )
    pieces: set[int] = set()
    try:
        for a, b in itertools.pairwise(stops):
            path = nx.shortest_path(G, a, b, weight="length")
            pieces |= {G[p][q]["row"] for p, q in itertools.pairwise(path)}
    except nx.NetworkXNoPath:
        return None, [], "not traced: control places not connected on the network"
    taken = split.edges.iloc[sorted(pieces)]
    share = taken.groupby("_row")["length_m"].sum() / taken.groupby("_row")["_full"].first()
    rows = [int(r) for r in edges.index[share.index[share >= 0.5].to_numpy()]]
    geom = shapely.line_merge(shapely.union_all(taken.geometry.to_numpy()))
    skipped = [n for n in names if n not in used]
    note = (
        f"; skipped (not located, or beyond the line layers' extent): {skipped}" if skipped else ""
    )
    return geom, rows, f"shortest path through the control places {used}{note}"


def build_attributes(raw: Path, out: Path) -> None:
    """Countries, border crossings and classes of every edge.

    Edges are cut at China's outline (``basemap_countries.geojson``) and foreign edges at a
    border node are open only at an open port of the mode (``crossings.csv`` lists every border
    node). Rail classes follow the tariff line names, road classes the traced expressways
    (:mod:`corridormap.classes`).
    """
    countries = gpd.read_file(out / "basemap_countries.geojson")
    ports = gpd.read_file(out / "ports.geojson")
    found = []
    for mode in ("rail", "road"):
        edges = gpd.read_parquet(out / f"{mode}_edges.parquet")
        result = borders.mark_borders(edges, countries, ports, mode=mode)
        edges = result.edges
        if mode == "rail":
            edges["class"], edges["passenger_only"] = classes.rail_classes(
                edges["kind"], edges["line_zh"], edges["country"]
            )
            edges["opened_year"] = _opened_years(edges["line_zh"])
        else:
            edges["class"] = classes.road_classes(edges["kind"], edges["line_zh"])
            edges["passenger_only"] = False
            edges["tariff_km"] = np.nan
        _write_edges(edges.sort_values(["u", "v"], kind="stable"), out / f"{mode}_edges.parquet")
        found.append(result.crossings)
        km = edges.groupby("class")["length_m"].sum() / 1e3
        log.info("%s classes (km): %s", mode, km.round(0).to_dict())
        log.info(
            "%s countries (km): %s",
            mode,
            (edges.groupby("country")["length_m"].sum() / 1e3).round(0).to_dict(),
        )
    crossings = pd.concat(found, ignore_index=True)
    crossings.to_csv(out / "crossings.csv", index=False)
    log.info("crossings: %s", crossings.groupby(["mode", "status"]).size().to_dict())
    for r in crossings[crossings["status"] == "open"].itertuples():
        log.info(
            "open %s crossing at node %d: %s, %.0f m from the port",
            r.mode,
            r.node,
            r.port_id,
            r.port_m,
        )


def _opened_years(line_zh: pd.Series) -> pd.arrays.IntegerArray:
    """Return the opening year of each rail edge from the tariff lines it carries.

    A tariff line's year is the latest year of its sections in ``line_years.csv`` and of its
    corridor in ``corridors.csv`` (the year the whole line was open). An edge carries the
    earliest year of its lines; an edge with a line whose year is not known (or with no line
    name) gets none, and so is open in every year.
    """
    year: dict[str, int | None] = {}
    for name in ("corridors.csv", "line_years.csv"):
        facts = pd.read_csv(FACTS / name, dtype=str, keep_default_na=False)
        for names, opened in zip(facts["line_name_in_tariff"], facts["opened_year"], strict=True):
            for line in filter(None, (n.strip() for n in names.split(";"))):
                known = year.get(line)
                year[line] = (
                    max(known, int(opened))
                    if known and opened
                    else (int(opened) if opened else known)
                )

    def of(value: object) -> int | None:
        names = str(value).split(";") if isinstance(value, str) and value else []
        years = [year.get(n) for n in names]
        if not years or any(y is None for y in years):
            return None
        return min(y for y in years if y is not None)

    return pd.array([of(v) for v in line_zh], dtype="Int64")


def build_added(raw: Path, out: Path) -> None:
    """Add the sections of ``added_lines.csv`` to the edge layers, corridors and crossings.

    See :mod:`added_lines`. Rows may use nodes made by earlier rows of their mode.
    """
    sections = added_lines.read_sections(FACTS)
    points = added_lines.stop_points(sections, raw, out)
    stations = gpd.read_file(out / "rail_stations.geojson")
    station_node = dict(zip(stations["name_zh"], stations["node"].astype(int), strict=True))
    corridors = gpd.read_file(out / "corridors.geojson")
    crossings = [pd.read_csv(out / "crossings.csv")]
    for mode in ("rail", "road"):
        rows = sections[sections["mode"] == mode]
        if rows.empty:
            continue
        edges = gpd.read_parquet(out / f"{mode}_edges.parquet")
        edges, found, geoms = added_lines.add_sections(
            edges, rows, points, station_node if mode == "rail" else {}
        )
        _write_edges(edges.sort_values(["u", "v"], kind="stable"), out / f"{mode}_edges.parquet")
        crossings.append(found)
        for cid, legs in geoms.items():
            at = (corridors["id"] == cid).to_numpy()
            if not at.any():
                raise SystemExit(f"added_lines.csv: corridor {cid} has no row in corridors.csv")
            geom = shapely.line_merge(shapely.multilinestrings(legs))
            corridors.loc[at, "geometry"] = shapely.transform(geom, lambda c: np.round(c, 5))
            corridors.loc[at, "traced_km"] = round(float(geodesic_lengths_m(legs).sum()) / 1e3, 1)
            corridors.loc[at, "geometry_method"] = (
                "schematic: straight legs through the stops of added_lines.csv "
                "(routing lengths are the published ones)"
            )
    _write_points(corridors, out / "corridors.geojson")
    found_all = pd.concat(crossings, ignore_index=True)
    found_all["node_to"] = found_all["node_to"].astype("Int64")
    found_all["opened_year"] = _crossing_years(found_all, sections)
    found_all.to_csv(out / "crossings.csv", index=False)


def _crossing_years(crossings: pd.DataFrame, sections: pd.DataFrame) -> pd.arrays.IntegerArray:
    """Return each crossing's opening year: its port's approval year, or a link's expected year.

    Closed crossings and excursions have none; so has an open crossing whose port's year is not
    sourced (``ports.csv`` ``approval_year``).
    """
    ports = pd.read_csv(FACTS / "ports.csv", dtype=str, keep_default_na=False).set_index("id")
    due: dict[tuple[str, str], str] = {
        (str(r.mode), str(r.crossing)): str(r.expected_year)
        for r in sections.itertuples()
        if r.status == "planned" and r.crossing
    }
    years: list[int | None] = []
    for r in crossings.itertuples():
        text = ""
        if r.status == "open":
            text = str(ports["approval_year"].get(r.port_id, ""))
        elif r.status == "planned":
            text = due.get((str(r.mode), str(r.port_id)), "")
        years.append(int(text) if text.isdigit() else None)
    return pd.array(years, dtype="Int64")


#: Display simplification per mode: tolerance and shortest part kept, in degrees (0.01 deg ~ 1 km).
DISPLAY = {"rail": (0.01, 0.03), "road": (0.03, 0.1)}


def build_display(raw: Path, out: Path) -> None:
    """Overview geometry of each open network for the map: merged, simplified, rounded to 0.001 deg."""
    for mode, (tolerance, shortest) in DISPLAY.items():
        edges = gpd.read_parquet(out / f"{mode}_edges.parquet")
        edges = edges[edges["status"] != "planned"]
        # Schematic station-to-station edges inside the OSM extent stand beside real track.
        beside = (edges["kind"] == "tariff").to_numpy() & shapely.within(
            edges.geometry.to_numpy(), shapely.box(*OSM_BOX)
        )
        edges = edges[~beside]
        merged = shapely.line_merge(shapely.union_all(edges.geometry.to_numpy()))
        parts = shapely.get_parts(shapely.simplify(merged, tolerance))
        parts = shapely.transform(parts[shapely.length(parts) > shortest], lambda c: np.round(c, 3))
        layer = gpd.GeoDataFrame(
            {"mode": [mode], "tolerance_deg": [tolerance], "source": [OSM]},
            geometry=[shapely.multilinestrings(parts)],
            crs="EPSG:4326",
        )
        _write_points(layer, out / f"display_{mode}.geojson")


if __name__ == "__main__":
    main()
