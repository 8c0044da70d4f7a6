"""Geometry lightened for display, and the cached JSON of the bundled display layers.

Display only, never measuring: lines merged and simplified, vertices snapped to a grid, small
polygon parts dropped. The JSON of layers that never change (the networks, the basemap) is made
once per data folder and reused by every map draw.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import shapely

from corridormap import data, settings
from corridormap._leaflet import JsonLayer, payload

__all__ = ["TOLERANCE", "basemap_display", "display_geometry", "plain_layer"]


def basemap_display(geoms: Sequence[shapely.Geometry]) -> list[dict[str, Any]]:
    """Return basemap geometries lightened at the basemap's tolerance."""
    return display_geometry(geoms, TOLERANCE["basemap"])


def plain_layer(kind: str, name: str, style: dict[str, object]) -> JsonLayer:
    """Return a bundled layer drawn in one style, not clickable."""
    key = json.dumps(style, sort_keys=True)
    return JsonLayer(_plain_payload(kind, name, settings.get().geodata_dir, key), interactive=False)


@functools.lru_cache(maxsize=8)
def _plain_payload(kind: str, name: str, root: Path, style: str) -> str:
    """Return the JSON of a bundled layer in one style (cached: the networks are large)."""
    features = [
        {"type": "Feature", "properties": {"style": json.loads(style)}, "geometry": g}
        for g in _display_features(kind, name, root)
    ]
    return payload(features)


#: Display simplification (degrees): about 300 m for the networks, 1 km for the basemap, 200 m
#: for corridors and 50 m for routes; at the zoom levels a regional map is read at, all are
#: below a pixel. Vertices snap to a
#: 0.001-degree grid (about 100 m) and polygon parts under 0.02 square degrees (small
#: islands, about 200 km2) are dropped.
TOLERANCE = {"display": 0.003, "basemap": 0.01, "corridors": 0.002, "route": 0.0005}
_GRID = 0.001
_MIN_PART_AREA = 0.02


def display_geometry(geoms: Sequence[shapely.Geometry], tolerance: float) -> list[dict[str, Any]]:
    """Return geometries as GeoJSON mappings lightened for display, never for measuring.

    Lines are merged where they meet, everything is simplified by ``tolerance`` degrees and
    snapped to a 0.001-degree grid, and small polygon parts are dropped; empty results are left
    out.

    Examples
    --------
    >>> from shapely import LineString
    >>> display_geometry([LineString([(0, 0), (0.5, 0.0001), (1, 0)])], 0.01)
    [{'type': 'LineString', 'coordinates': ((0.0, 0.0), (1.0, 0.0))}]

    """
    out = []
    for geom in geoms:
        if geom is None or geom.is_empty:
            continue
        shape = geom
        if geom.geom_type in ("Polygon", "MultiPolygon"):
            parts = shapely.get_parts(geom)
            big = [p for p in parts if p.area >= _MIN_PART_AREA]
            shape = shapely.MultiPolygon(big or [max(parts, key=lambda p: p.area)])
        elif geom.geom_type == "MultiLineString":
            shape = shapely.line_merge(geom)
        light = shapely.set_precision(shapely.simplify(shape, tolerance), _GRID)
        if not light.is_empty:
            out.append(shapely.geometry.mapping(light))
    return out


@functools.lru_cache(maxsize=8)
def _display_features(kind: str, name: str, root: Path) -> list[dict[str, Any]]:
    """Return a bundled layer's geometries lightened for display (cached per data folder)."""
    layer = data.load_display(name) if kind == "display" else data.load_basemap(name)
    return display_geometry(list(layer.geometry), TOLERANCE[kind])
