"""Build the GeoDataFrames of uploaded places and corridors from checked tables."""

from __future__ import annotations

import math

import geopandas as gpd
import pandas as pd

from corridormap import places
from corridormap.errors import AmbiguousPlaceError, UnknownPlaceError
from corridormap.uploads._checks import Names, Row, check_position, checked_mode, line_geometry
from corridormap.uploads._schema import CORRIDOR_FIELDS, MASS_FIELDS, PLACE_FIELDS
from corridormap.uploads._table import Table, map_columns


def places_frame(table: Table, kind: str, id_prefix: str) -> gpd.GeoDataFrame:
    """Return the places of a table as EPSG:4326 points, ids not among the built-ins."""
    cols = map_columns(table, PLACE_FIELDS, need_position=table.unit == "row")
    records, names = [], Names.of_places()
    for i, (number, cells) in enumerate(table.rows):
        row = Row(table, cols, number, cells)
        name_zh, name_en, checks = row.names()
        names.add(row, checks)
        if table.unit == "row":
            lon, lat = row.numeric("lon"), row.numeric("lat")
            check_position(row, lon, lat, "lon", "lat")
        else:
            lon, lat = table.points[i]
            check_position(row, lon, lat, "geometry", "geometry")
        records.append(
            {"name_zh": name_zh, "name_en": name_en, **_figures(row), "x": lon, "y": lat}
        )
    taken = set(places.gazetteer().places)
    ids = _new_ids(id_prefix, len(records), taken)
    frame = pd.DataFrame.from_records(records, index=pd.Index(ids, name="id"))
    frame.insert(2, "alt_names", "")
    frame.insert(3, "kind", kind)
    if kind == "city":
        frame.insert(4, "city_kind", "user")
    else:
        frame.insert(4, "port_type", "road")
        frame.insert(5, "faces", "none")
    frame["source"] = f"upload: {table.filename}"
    points = gpd.points_from_xy(frame.pop("x"), frame.pop("y"), crs="EPSG:4326")
    return gpd.GeoDataFrame(frame, geometry=points, crs="EPSG:4326")


def masses_frame(table: Table) -> pd.DataFrame:
    """Return the figures of a masses table, indexed by the bundled city each row names.

    Every figure needs its year (a ``year`` column, or ``population_year``/``gdp_year``), so
    years are never mixed silently; a port is refused (it takes its host league's figures).
    """
    cols = map_columns(table, MASS_FIELDS, need_position=False)
    records: dict[str, dict[str, object]] = {}
    for number, cells in table.rows:
        row = Row(table, cols, number, cells)
        name = row.text("name_zh")
        if not name:
            raise row.error("name_zh", "has no place name", "the name or id of a bundled city")
        try:
            place = places.resolve(name)
        except (UnknownPlaceError, AmbiguousPlaceError) as e:
            raise row.error("name_zh", str(e), "the name or id of a bundled city") from e
        if place.kind != "city":
            raise row.error(
                "name_zh",
                f"names the port {place.label}; a port takes its host league's figures",
                "a city or league seat",
            )
        figures = _figures(row)
        if math.isnan(figures["population"]) and math.isnan(figures["gdp_100m_cny"]):
            raise row.error("population", "has neither a population nor a GDP")
        for value, year, field in (
            ("population", "population_year", "population"),
            ("gdp_100m_cny", "gdp_year", "gdp_100m_cny"),
        ):
            if not math.isnan(figures[value]) and math.isnan(figures[year]):
                raise row.error(field, "has a figure without its year", "a year column")
        if place.id in records:
            raise row.error("name_zh", f"repeats {place.label}", "one row per place")
        records[place.id] = {**figures, "source": f"upload: {table.filename}"}
    return pd.DataFrame.from_dict(records, orient="index").rename_axis("id")


def corridor_frame(table: Table, default_mode: str | None, id_prefix: str) -> gpd.GeoDataFrame:
    """Return the corridors of a table (with lines) as EPSG:4326 planned lines."""
    cols = map_columns(table, CORRIDOR_FIELDS, need_position=False)
    records, geoms = [], []
    names = Names.of_corridors()
    for (number, cells), parts in zip(table.rows, table.lines, strict=True):
        row = Row(table, cols, number, cells)
        name_zh, name_en, checks = row.names()
        names.add(row, checks)
        mode = checked_mode(row, default_mode)
        records.append({"name_zh": name_zh, "name_en": name_en, "mode": mode})
        geoms.append(line_geometry(row, parts, name_zh))
    ids = [f"{id_prefix}_{i}" for i in range(1, len(records) + 1)]
    frame = pd.DataFrame.from_records(records, index=pd.Index(ids, name="id"))
    frame["status"] = "planned"
    frame["source"] = f"upload: {table.filename}"
    return gpd.GeoDataFrame(frame, geometry=geoms, crs="EPSG:4326")


def _figures(row: Row) -> dict[str, float]:
    year = row.numeric("year")
    population, gdp = row.numeric("population"), row.numeric("gdp_100m_cny")
    population_year, gdp_year = row.numeric("population_year"), row.numeric("gdp_year")
    return {
        "population": population,
        "population_year": math.nan if math.isnan(population) else _first(population_year, year),
        "gdp_100m_cny": gdp,
        "gdp_year": math.nan if math.isnan(gdp) else _first(gdp_year, year),
    }


def _first(*values: float) -> float:
    return next((v for v in values if not math.isnan(v)), math.nan)


def _new_ids(prefix: str, n: int, taken: set[str]) -> list[str]:
    ids: list[str] = []
    i = 0
    while len(ids) < n:
        i += 1
        if f"{prefix}_{i}" not in taken:
            ids.append(f"{prefix}_{i}")
    return ids
