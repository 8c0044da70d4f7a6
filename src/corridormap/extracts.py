"""OSM data as corridormap edge layers: an uploaded ``.osm`` extract or a small Overpass download.

Both routes go through osmnx and end in :func:`edges_from_graph`: an undirected edge
layer in the schema of the bundled ``<mode>_edges.parquet`` (``geodata/README.md``,
"Edge layers"), ready for :func:`corridormap.network.graph_from_edges`. Only the mode's
ways (:data:`MODE_TAGS`) are kept, chosen *before* osmnx simplifies the graph, so a
footway or a level crossing never cuts a railway in two. osmnx's settings are module
globals: each call changes them under a lock and restores them afterwards.
"""

from __future__ import annotations

import contextlib
import math
import socket
import tempfile
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import defusedxml
import defusedxml.ElementTree as DET
import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import requests
from shapely import LineString

from corridormap import settings, uploads
from corridormap.errors import DownloadError, InvalidLayerError, SettingsError, UploadError
from corridormap.geometry import geodesic_lengths_m
from corridormap.network import check_mode

__all__ = [
    "MAX_BBOX_DEG2",
    "MODE_TAGS",
    "edges_from_graph",
    "edges_from_osm_xml",
    "edges_from_overpass",
]

#: The OSM ways kept per mode, as (tag key, allowed values).
#: rail: main-line track only, ``railway=rail`` (the bundled rail network is the national
#: network; ``light_rail``, ``subway``, ``tram``, ``narrow_gauge``, ``disused`` and
#: ``abandoned`` are left out). road: the classified through roads, ``motorway`` to
#: ``tertiary`` and their ``_link`` ramps (no residential, service, track or footway).
_ROAD_CLASSES = ("motorway", "trunk", "primary", "secondary", "tertiary")
MODE_TAGS: Mapping[str, tuple[str, frozenset[str]]] = MappingProxyType(
    {
        "rail": ("railway", frozenset({"rail"})),
        "road": ("highway", frozenset(_ROAD_CLASSES) | {f"{c}_link" for c in _ROAD_CLASSES}),
    }
)
#: A download may cover at most this many square degrees (a 2 x 2 degree box at 43 N is
#: about 160 x 220 km), so nobody fetches a province by accident.
MAX_BBOX_DEG2 = 4.0
#: Downloads must lie inside this (lon, lat) window around China and its neighbours.
_LON_RANGE, _LAT_RANGE = (70.0, 140.0), (15.0, 56.0)
_OFFLINE = "corridormap itself works offline with the bundled data"
#: osmnx reads its settings as module globals: one call at a time may change them.
_OSMNX_LOCK = threading.Lock()


def edges_from_osm_xml(content: bytes, filename: str, mode: str) -> gpd.GeoDataFrame:
    """Return the edge layer of one mode from an uploaded OSM XML (``.osm``) file.

    Parameters
    ----------
    content
        The uploaded bytes: uncompressed OSM XML as exported by openstreetmap.org,
        JOSM, osmium or Overpass ``out xml``.
    filename
        The upload's name, used in error messages.
    mode
        ``rail`` or ``road``; picks the ways kept (:data:`MODE_TAGS`).

    Returns
    -------
    geopandas.GeoDataFrame
        Undirected edges in the bundled schema (see :func:`edges_from_graph`).

    Raises
    ------
    UploadError
        If the file is empty, too large, not well-formed XML, declares entities, is
        not OSM XML, refers to missing nodes, or has no usable ways of the mode.

    Examples
    --------
    >>> osm = (
    ...     b'<osm version="0.6"><node id="1" lat="43.0" lon="111.0"/>'
    ...     b'<node id="2" lat="43.0" lon="112.0"/><way id="9"><nd ref="1"/><nd ref="2"/>'
    ...     b'<tag k="railway" v="rail"/><tag k="name" v="Line A"/></way></osm>'
    ... )
    >>> edges_from_osm_xml(osm, "tiny.osm", "rail")[["u", "v", "length_m", "line_zh"]]
       u  v  length_m line_zh
    0  0  1   81540.5  Line A

    """
    import osmnx as ox  # noqa: PLC0415 - osmnx and scikit-learn load only when used

    check_mode(mode)
    uploads.check_size(len(content), filename)
    if not content.strip():
        raise UploadError("the file is empty; expected OSM XML (<osm>...</osm>)", filename=filename)
    osm_xml = _filtered_osm_xml(content, filename, mode)
    with tempfile.TemporaryDirectory(prefix="corridormap-osm-") as tmp, _osmnx_settings(mode):
        path = Path(tmp) / "extract.osm"
        path.write_bytes(osm_xml)
        try:
            G = ox.graph_from_xml(path, bidirectional=True, simplify=True, retain_all=True)
        except (ValueError, KeyError, TypeError, nx.NetworkXException) as exc:
            problem = f"osmnx could not build a network from the {mode} ways: {exc}"
            raise UploadError(problem, filename=filename) from exc
    edges = edges_from_graph(G, mode)
    if edges.empty:
        raise UploadError(
            f"the {_tags_text(mode)} ways give no usable {mode} edge (each has fewer than "
            "two distinct nodes or closes on itself)",
            filename=filename,
        )
    _check_region(edges, filename)
    return edges


def _check_region(edges: gpd.GeoDataFrame, filename: str) -> None:
    """Refuse a network that lies wholly outside the region the places are in."""
    west, south, east, north = uploads.REGION_BOUNDS
    x0, y0, x1, y1 = (float(v) for v in edges.total_bounds)
    if x1 < west or x0 > east or y1 < south or y0 > north:
        raise UploadError(
            f"the network lies at lon {x0:.2f}–{x1:.2f}, lat {y0:.2f}–{y1:.2f}, outside the region "
            f"of the ports and cities (lon {west:g}–{east:g}, lat {south:g}–{north:g}); no place "
            "could join it",
            filename=filename,
        )


def edges_from_overpass(bbox: tuple[float, float, float, float], mode: str) -> gpd.GeoDataFrame:
    """Download one mode's ways inside a small box from the Overpass API.

    The endpoint is ``settings.get().overpass_url``; osmnx's cache and rate-limit
    check are off, and every osmnx setting is restored afterwards.

    Parameters
    ----------
    bbox
        ``(west, south, east, north)`` in degrees (lon/lat, EPSG:4326); at most
        :data:`MAX_BBOX_DEG2` square degrees inside lon 70-140 E, lat 15-56 N.
    mode
        ``rail`` or ``road``.

    Returns
    -------
    geopandas.GeoDataFrame
        Undirected edges in the bundled schema (see :func:`edges_from_graph`).

    Raises
    ------
    SettingsError
        If the box is malformed, too large or outside the allowed window.
    DownloadError
        If the server cannot be reached, answers with an error or unusable data,
        or has no ways of the mode in the box.

    """
    import osmnx as ox  # noqa: PLC0415 - osmnx and scikit-learn load only when used

    check_mode(mode)
    box = _check_bbox(bbox)
    url = settings.get().overpass_url
    key, values = MODE_TAGS[mode]
    way_filter = f'["{key}"~"^({"|".join(sorted(values))})$"]'
    where = f"for {_tags_text(mode)} in bbox {box}"
    with _osmnx_settings(
        mode,
        overpass_url=url,
        overpass_rate_limit=False,
        use_cache=False,
        doh_url_template=None,  # never ask Google's DNS-over-HTTPS for the host
        # one-way roads must still join an undirected network (osmnx: network_type "all")
        bidirectional_network_types=["all"],
    ):
        try:
            # osmnx 2.x takes bbox as (left, bottom, right, top): our (west, south, east, north)
            G = ox.graph_from_bbox(box, custom_filter=way_filter, simplify=True, retain_all=True)
        except requests.RequestException as exc:
            raise DownloadError(
                f"could not reach the Overpass API at {url} ({where}): {_short(exc)}; "
                f"check the connection or settings.overpass_url. {_OFFLINE}."
            ) from exc
        except (ValueError, KeyError, TypeError, nx.NetworkXException) as exc:
            raise DownloadError(
                f"the Overpass API at {url} gave no usable answer {where}: "
                f"{type(exc).__name__}: {_short(exc)}. If the box holds no such ways, "
                f"choose another; {_OFFLINE}."
            ) from exc
    edges = edges_from_graph(G, mode)
    if edges.empty:
        raise DownloadError(
            f"the Overpass API at {url} returned no usable {mode} edge {where}; "
            f"choose another box. {_OFFLINE}."
        )
    return edges


def edges_from_graph(G: nx.MultiDiGraph, mode: str) -> gpd.GeoDataFrame:
    """Return the undirected edge layer (bundled schema) of an unprojected osmnx graph.

    Only edges tagged as the mode's ways are kept (:data:`MODE_TAGS`; the tag must be
    an edge attribute, as osmnx's ``useful_tags_way`` makes it). The two directions of
    one OSM way become one row; parallel edges (other ways, or another geometry) are
    kept; self-loops are dropped.

    Parameters
    ----------
    G
        osmnx MultiDiGraph in EPSG:4326, simplified or not.
    mode
        ``rail`` or ``road``.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``u``, ``v`` (int64: the used nodes renumbered 0..n-1 in the order of
        their osmnx ids; ``u < v`` and ``u`` is the first vertex), ``length_m``
        (geodesic, 0.1 m), ``kind`` (``osm``), ``status`` (``open``), ``line_zh``
        (the OSM ``name`` values, sorted, ``;``-separated; missing if none),
        ``corridor_id`` (missing) and ``geometry`` (LineString, EPSG:4326). String
        columns have pandas' ``str`` dtype like the bundled layers; rows are sorted by
        ``u``, ``v``, ``length_m``.

    Raises
    ------
    InvalidLayerError
        If the mode is unknown or the graph is projected.

    """
    import osmnx as ox  # noqa: PLC0415 - osmnx and scikit-learn load only when used

    check_mode(mode)
    if ox.projection.is_projected(G.graph.get("crs", "epsg:4326")):
        raise InvalidLayerError("edges_from_graph needs an unprojected graph (EPSG:4326)")
    key, values = MODE_TAGS[mode]
    seen: set[tuple[frozenset[Any], tuple[tuple[float, ...], ...]]] = set()
    kept: list[tuple[Any, Any, LineString, str | None]] = []
    for u, v, data in G.edges(data=True):
        if u == v or not values.intersection(_as_list(data.get(key))):
            continue
        line = data.get("geometry")
        if line is None:  # osmnx leaves straight edges without geometry
            line = LineString([(G.nodes[n]["x"], G.nodes[n]["y"]) for n in (u, v)])
        coords = tuple(tuple(c) for c in line.coords)
        ident = (frozenset(_as_list(data.get("osmid"))), min(coords, coords[::-1]))
        if ident not in seen:  # else: the other direction of a way already kept
            seen.add(ident)
            kept.append((u, v, line, _line_names(data.get("name"))))
    number = {node: i for i, node in enumerate(sorted({n for e in kept for n in e[:2]}))}
    rows = []
    for u, v, line, name in kept:
        iu, iv = number[u], number[v]
        rows.append((iu, iv, line, name) if iu < iv else (iv, iu, line.reverse(), name))
    lines = [r[2] for r in rows]
    frame = gpd.GeoDataFrame(
        {
            "u": np.array([r[0] for r in rows], dtype=np.int64),
            "v": np.array([r[1] for r in rows], dtype=np.int64),
            "length_m": np.round(geodesic_lengths_m(lines), 1),
            "kind": pd.Series(["osm"] * len(rows), dtype="str"),
            "status": pd.Series(["open"] * len(rows), dtype="str"),
            "line_zh": pd.Series([r[3] for r in rows], dtype="str"),
            "corridor_id": pd.Series([None] * len(rows), dtype="str"),
        },
        geometry=lines,
        crs="EPSG:4326",
    )
    return frame.sort_values(["u", "v", "length_m"], kind="stable", ignore_index=True)


def _tags_text(mode: str) -> str:
    key, values = MODE_TAGS[mode]
    return " or ".join(f"{key}={value}" for value in sorted(values))


def _as_list(value: object) -> list[Any]:
    """Return an osmnx attribute (missing, one value, or a list after simplification) as a list."""
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple | set) else [value]


def _line_names(value: object) -> str | None:
    """Join the unique OSM names of an edge (OSM's own ``;`` lists split too), sorted."""
    names = {part.strip() for v in _as_list(value) if isinstance(v, str) for part in v.split(";")}
    return ";".join(sorted(names - {""})) or None


def _short(exc: BaseException, limit: int = 300) -> str:
    """Return an exception's text on one line, cut to ``limit`` characters (servers send pages)."""
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _check_bbox(bbox: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """Return the box as four floats, or raise SettingsError saying what is wrong."""
    try:
        west, south, east, north = (float(c) for c in bbox)
    except (TypeError, ValueError) as exc:
        msg = f"bbox must be four numbers (west, south, east, north), got {bbox!r}"
        raise SettingsError(msg) from exc
    box, area = (west, south, east, north), (east - west) * (north - south)
    checks = [  # in order: NaN or inf stop at the first
        (all(math.isfinite(c) for c in box), "every coordinate must be a finite number"),
        (west < east and south < north, "it needs west < east and south < north"),
        (_LON_RANGE[0] <= west and east <= _LON_RANGE[1], "longitudes must lie within 70-140 E"),
        (_LAT_RANGE[0] <= south and north <= _LAT_RANGE[1], "latitudes must lie within 15-56 N"),
        (area <= MAX_BBOX_DEG2, f"it covers {area:.2f} square degrees, more than 4"),
    ]
    for ok, problem in checks:
        if not ok:
            raise SettingsError(
                f"bad bbox {box} (west, south, east, north in degrees): {problem}; "
                "download a smaller area or use the bundled network"
            )
    return box


@contextlib.contextmanager
def _osmnx_settings(mode: str, **values: Any) -> Iterator[None]:
    """Set osmnx settings for a block (way tags: plus the mode's key and ``name``), then restore."""
    import osmnx as ox  # noqa: PLC0415 - osmnx and scikit-learn load only when used

    tags = [*ox.settings.useful_tags_way, MODE_TAGS[mode][0], "name"]
    values["useful_tags_way"] = list(dict.fromkeys(tags))
    with _OSMNX_LOCK:
        saved = {name: getattr(ox.settings, name) for name in values}
        # osmnx's Overpass request pins the host's IP by replacing socket.getaddrinfo
        # for the rest of the process (osmnx._http._config_dns): undo that as well.
        getaddrinfo = socket.getaddrinfo
        try:
            for name, value in values.items():
                setattr(ox.settings, name, value)
            yield
        finally:
            for name, value in saved.items():
                setattr(ox.settings, name, value)
            socket.getaddrinfo = getaddrinfo


def _filtered_osm_xml(content: bytes, filename: str, mode: str) -> bytes:
    """Check an OSM XML upload; return a minimal OSM XML of the mode's ways and their nodes."""
    try:
        root = DET.fromstring(content)  # refuses entity declarations (billion laughs)
    except (defusedxml.DefusedXmlException, ET.ParseError) as exc:
        problem = (
            f"the XML declares entities or external references ({type(exc).__name__}), "
            "which are refused for safety; export the OSM data again as plain .osm XML"
            if isinstance(exc, defusedxml.DefusedXmlException)
            else f"not well-formed XML ({exc}); expected an OpenStreetMap .osm XML file"
        )
        raise UploadError(problem, filename=filename) from exc
    if root.tag != "osm":
        raise UploadError(
            f"the XML root element is <{root.tag}>, not <osm>: not OpenStreetMap XML; "
            "export .osm XML (compressed .osm.pbf/.gz files are not read here)",
            filename=filename,
        )
    key, values = MODE_TAGS[mode]
    all_ways = root.findall("way")
    ways = [w for w in all_ways if any(_is_mode_tag(t, key, values) for t in w.iter("tag"))]
    if not ways:
        raise UploadError(
            f"no {mode} ways: none of the file's {len(all_ways)} ways is tagged "
            f"{_tags_text(mode)}; choose the other mode or another extract",
            filename=filename,
        )
    nodes = {node.get("id"): node for node in root.findall("node")}
    used: dict[str, ET.Element] = {}
    for way in ways:
        if not str(way.get("id")).lstrip("-").isdigit():
            raise UploadError(f"a way has a non-numeric id {way.get('id')!r}", filename=filename)
        for ref in (nd.get("ref") for nd in way.iter("nd")):
            if ref not in nodes:
                raise UploadError(
                    f"way {way.get('id')} refers to node {ref}, which is not in the file; "
                    "export with complete ways (e.g. `osmium extract --strategy complete_ways`)",
                    filename=filename,
                )
            used.setdefault(str(ref), nodes[ref])
    out = ET.Element("osm", {"version": "0.6"})  # no "generator": osmnx would warn on "OSMnx"
    out.extend([_checked_node(ref, node, filename) for ref, node in used.items()])
    out.extend(ways)
    return ET.tostring(out, encoding="utf-8", xml_declaration=True)


def _is_mode_tag(tag: ET.Element, key: str, values: frozenset[str]) -> bool:
    return tag.get("k") == key and tag.get("v") in values


def _checked_node(ref: str, node: ET.Element, filename: str) -> ET.Element:
    """Return a bare copy (id, lat, lon) of an OSM node after checking its numbers."""
    lat, lon = node.get("lat", ""), node.get("lon", "")
    try:
        int(ref)
        ok = -90 <= float(lat) <= 90 and -180 <= float(lon) <= 180
    except ValueError:
        ok = False
    if not ok:  # NaN fails the range checks too
        problem = f"node {ref} has no valid position (lat={lat!r}, lon={lon!r})"
        raise UploadError(problem, filename=filename)
    return ET.Element("node", {"id": ref, "lat": lat, "lon": lon})
