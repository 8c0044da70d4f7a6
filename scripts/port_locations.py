"""Step ``places`` of build_geodata.py: where each port is, from ``facts/port_locations.csv``.

Every port's point is derived here from a stated method, never typed in:

* ``published``: the coordinate a source publishes (``lon``/``lat``, with the quote).
* ``crossing``: where an OSM line of ``lines`` (``road`` or ``rail``) crosses the Natural Earth
  10m boundary between China and ``country``. ``near`` only chooses among the crossings (the one
  nearest to it is taken, and it must lie within ``max_km``); it is not itself a position.
* ``airport``: the Natural Earth 10m airport with IATA code ``near``.
* ``border_stretch``: the stretch of the China–``country`` boundary that satisfies every bound
  in ``bounds`` (``REF<=KM`` separated by ``;``). The bounds are road distances quoted in the
  sources; a road is never shorter than the straight line, so the port lies on that stretch.
  The point is the stretch's middle and the radius half its chord (rounded up to whole km).

A reference (``near``, ``bounds``) is ``ne:NAME`` (a Natural Earth 10m populated place),
``osm:NODE`` (the HOT OSM station export in ``geodata-raw/crossborder``) or ``xy:LON,LAT``.
The Natural Earth boundary is generalised (about 1–2 km), which is the radius of a crossing.
"""

from __future__ import annotations

import logging
import math
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from corridormap.geometry import geodesic_distance_m, to_lonlat, to_projected

log = logging.getLogger("build_geodata")

COUNTRY_A3 = {"Mongolia": "MNG", "Russia": "RUS"}
#: Spacing of the points along the boundary tested by ``border_stretch``.
STRETCH_STEP_M = 200.0
METHOD_SOURCES = {
    "crossing": "OSM lines (© OpenStreetMap contributors, ODbL) × Natural Earth 10m boundary",
    "airport": "Natural Earth 10m airports (public domain)",
    "border_stretch": "Natural Earth 10m boundary, bounded by the quoted road distances",
    "published": "coordinate published by the cited source",
}


def locate_ports(raw: Path, facts: Path) -> pd.DataFrame:
    """Return ``id``, ``lon``, ``lat`` and the ``coord_*`` columns of every port.

    Raises ``SystemExit`` when a row cannot be placed as its method says (no crossing within
    ``max_km``, an empty stretch, an unknown reference), so a build never guesses.
    """
    rows = pd.read_csv(facts / "port_locations.csv", dtype=str, keep_default_na=False)
    refs = _References(raw)
    boundary = gpd.read_file(raw / "admin0_lines_region.geojson")
    out = []
    records: list[dict[str, str]] = rows.to_dict("records")  # type: ignore[assignment]
    for r in records:
        if r["method"] == "published":
            lon, lat = float(r["lon"]), float(r["lat"])
        elif r["method"] == "crossing":
            lines = refs.lines(r["lines"])
            lon, lat = _crossing(lines, _border(boundary, r["country"]), refs.point(r["near"]), r)
        elif r["method"] == "airport":
            lon, lat = refs.airport(r["near"])
        elif r["method"] == "border_stretch":
            (lon, lat), radius = _stretch(_border(boundary, r["country"]), refs, r)
            if not r["radius_km"] or float(r["radius_km"]) < radius:
                raise SystemExit(f"port_locations.csv {r['id']}: radius_km must be ≥ {radius} km")
        else:
            raise SystemExit(f"port_locations.csv {r['id']}: unknown method {r['method']!r}")
        out.append(
            {
                "id": r["id"],
                "lon": round(lon, 5),
                "lat": round(lat, 5),
                "coord_method": r["method"],
                "coord_quality": r["coord_quality"],
                "coord_radius_km": float(r["radius_km"]) if r["radius_km"] else math.nan,
                "coord_source": r["source"] or METHOD_SOURCES[r["method"]],
                "coord_quote": r["quote"],
                "coord_note": r["note"],
            }
        )
        log.info(
            "port %s: %s (%s) at %.4f, %.4f", r["id"], r["method"], r["coord_quality"], lon, lat
        )
    return pd.DataFrame(out)


class _References:
    def __init__(self, raw: Path) -> None:
        self.raw = raw
        self._lines: dict[str, gpd.GeoDataFrame] = {}
        places = gpd.read_file(raw / "places_region.geojson")
        self.places = dict(zip(places["NAME"], places.geometry, strict=True))
        stations = pd.read_csv(raw / "crossborder" / "mongolia_rail_stations_osm.csv", dtype=str)
        self.osm = {
            node: (float(lon), float(lat))
            for node, lon, lat in zip(
                stations["osm_node_id"], stations["lon"], stations["lat"], strict=True
            )
        }
        airports = gpd.read_file(raw / "airports_ne_region.geojson")
        self.airports = dict(zip(airports["iata_code"], airports.geometry, strict=True))

    def lines(self, kind: str) -> gpd.GeoDataFrame:
        name = {"road": "roads_region.geojson", "rail": "rail_osm_region.geojson"}[kind]
        if kind not in self._lines:
            self._lines[kind] = gpd.read_file(self.raw / name)
        return self._lines[kind]

    def point(self, ref: str) -> tuple[float, float]:
        kind, _, value = ref.partition(":")
        if kind == "ne" and value in self.places:
            p = self.places[value]
            return float(p.x), float(p.y)
        if kind == "osm" and value in self.osm:
            return self.osm[value]
        if kind == "xy":
            lon, lat = (float(v) for v in value.split(","))
            return lon, lat
        raise SystemExit(f"port_locations.csv: unknown reference {ref!r}")

    def airport(self, iata: str) -> tuple[float, float]:
        if iata not in self.airports:
            raise SystemExit(f"port_locations.csv: no Natural Earth airport {iata!r}")
        p = self.airports[iata]
        return float(p.x), float(p.y)


def _border(boundary: gpd.GeoDataFrame, country: str) -> shapely.LineString:
    other = COUNTRY_A3[country]
    pair = {"CHN", other}
    sides = zip(boundary["adm0_a3_l"], boundary["adm0_a3_r"], strict=True)
    rows = boundary[[{a, b} == pair for a, b in sides]]
    return shapely.line_merge(rows.geometry.union_all())


def _crossing(
    lines: gpd.GeoDataFrame,
    border: shapely.Geometry,
    near: tuple[float, float],
    row: dict[str, str],
) -> tuple[float, float]:
    hits = lines.geometry[lines.intersects(border)].intersection(border)
    points = [p for g in hits for p in getattr(g, "geoms", [g]) if p.geom_type == "Point"]
    if not points:
        raise SystemExit(f"port_locations.csv {row['id']}: no {row['lines']} crossing")
    xs = np.array([p.x for p in points])
    ys = np.array([p.y for p in points])
    d = geodesic_distance_m(np.full(len(xs), near[0]), np.full(len(xs), near[1]), xs, ys)
    i = int(np.argmin(d))
    if d[i] > float(row["max_km"]) * 1000:
        raise SystemExit(
            f"port_locations.csv {row['id']}: nearest {row['lines']} crossing is "
            f"{d[i] / 1000:.1f} km from {row['near']}, over max_km"
        )
    return float(xs[i]), float(ys[i])


def _stretch(
    border: shapely.Geometry, refs: _References, row: dict[str, str]
) -> tuple[tuple[float, float], int]:
    coords = np.asarray(border.coords)
    line = shapely.LineString(np.column_stack(to_projected(coords[:, 0], coords[:, 1])))
    at = np.arange(0.0, line.length, STRETCH_STEP_M)
    points = shapely.line_interpolate_point(line, at)
    ok = np.ones(len(at), dtype=bool)
    for bound in row["bounds"].split(";"):
        ref, _, km = bound.partition("<=")
        x, y = to_projected(*([v] for v in refs.point(ref)))
        ok &= shapely.distance(points, shapely.Point(x[0], y[0])) <= float(km) * 1000
    idx = np.flatnonzero(ok)
    if not len(idx) or (np.diff(idx) > 1).any():
        raise SystemExit(f"port_locations.csv {row['id']}: the bounds leave no single stretch")
    mid = line.interpolate((at[idx[0]] + at[idx[-1]]) / 2)
    lon, lat = to_lonlat([mid.x], [mid.y])
    radius = math.ceil(shapely.distance(points[idx[0]], points[idx[-1]]) / 2000)
    return (float(lon[0]), float(lat[0])), radius
