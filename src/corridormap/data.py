"""Load and validate the bundled layers in ``geodata/`` (schemas: ``geodata/README.md``).

Every loader checks the columns it promises and raises
:class:`~corridormap.errors.InvalidLayerError` naming the file and what is
missing. Loaded layers are cached per process; callers get copies.
"""

from __future__ import annotations

import functools
from pathlib import Path

import geopandas as gpd
import pandas as pd

from corridormap import settings
from corridormap.errors import InvalidLayerError

__all__ = [
    "EDGE_COLUMNS",
    "PLACE_COLUMNS",
    "load_basemap",
    "load_corridors",
    "load_crossings",
    "load_display",
    "load_edges",
    "load_places",
    "load_stations",
    "path",
    "planned_corridors",
]

PLACE_COLUMNS: tuple[str, ...] = ("id", "name_zh", "name_en", "alt_names", "kind")
EDGE_COLUMNS: tuple[str, ...] = ("u", "v", "length_m", "kind", "status", "line_zh", "corridor_id")
_BASEMAP_LAYERS = ("provinces", "countries", "borders")


def path(name: str) -> Path:
    """Return the path of a bundled geodata file, checking that it exists.

    Examples
    --------
    >>> path("ports.geojson").name
    'ports.geojson'

    """
    p = settings.get().geodata_dir / name
    if not p.is_file():
        raise InvalidLayerError(
            f"geodata file {p} is missing; rebuild it with `python scripts/build_geodata.py`"
        )
    return p


def load_places() -> gpd.GeoDataFrame:
    """Return ports and cities in one layer indexed by place id (EPSG:4326).

    Ports come first; ``kind`` is ``port`` or ``city``; port-only columns
    (``port_type``, ``faces`` ...) are empty for cities and vice versa.
    """
    return _places(settings.get().geodata_dir).copy()


def load_edges(mode: str) -> gpd.GeoDataFrame:
    """Return the undirected edge layer of a mode (``rail`` or ``road``)."""
    if mode not in settings.MODES:
        raise InvalidLayerError(f"unknown mode {mode!r}; use one of {', '.join(settings.MODES)}")
    return _edges(settings.get().geodata_dir, mode).copy()


def load_stations() -> gpd.GeoDataFrame:
    """Return the located passenger tariff stations on the rail network (``rail_stations.geojson``).

    Empty (with the columns) if the data folder has none, as a test folder may not.
    """
    p = settings.get().geodata_dir / "rail_stations.geojson"
    if not p.is_file():
        return gpd.GeoDataFrame(columns=["node", "name_zh", "geometry"], geometry="geometry")
    return _small_layer(settings.get().geodata_dir, "rail_stations.geojson").copy()


def load_crossings() -> pd.DataFrame:
    """Return every node where a Chinese edge meets a foreign one (``crossings.csv``)."""
    p = settings.get().geodata_dir / "crossings.csv"
    return pd.read_csv(p) if p.is_file() else pd.DataFrame()


def load_corridors() -> gpd.GeoDataFrame:
    """Return the named corridors (existing and planned) indexed by corridor id."""
    return _corridors(settings.get().geodata_dir).copy()


def planned_corridors(mode: str) -> gpd.GeoDataFrame:
    """Return the drawn planned or under-construction corridors of a mode (the scenario choices)."""
    corridors = load_corridors()
    keep = (
        (corridors["mode"] == mode)
        & corridors["status"].isin(["planned", "under_construction"])
        & corridors.geometry.notna()
    )
    return corridors[keep]


def load_basemap(layer: str) -> gpd.GeoDataFrame:
    """Return a basemap layer: ``provinces``, ``countries`` or ``borders``."""
    if layer not in _BASEMAP_LAYERS:
        raise InvalidLayerError(f"unknown basemap layer {layer!r}; use one of {_BASEMAP_LAYERS}")
    return _small_layer(settings.get().geodata_dir, f"basemap_{layer}.geojson").copy()


def load_display(mode: str) -> gpd.GeoDataFrame:
    """Return a mode's overview geometry for maps (simplified; never for measuring)."""
    if mode not in settings.MODES:
        raise InvalidLayerError(f"unknown mode {mode!r}; use one of {', '.join(settings.MODES)}")
    return _small_layer(settings.get().geodata_dir, f"display_{mode}.geojson").copy()


def _read(p: Path, columns: tuple[str, ...]) -> gpd.GeoDataFrame:
    try:
        gdf = gpd.read_parquet(p) if p.suffix == ".parquet" else gpd.read_file(p)
    except Exception as exc:  # any reader failure is a broken file for the user
        raise InvalidLayerError(f"cannot read {p}: {exc}") from exc
    missing = [c for c in columns if c not in gdf.columns]
    if missing:
        raise InvalidLayerError(f"{p.name} lacks column(s) {missing}; see geodata/README.md")
    if gdf.crs is None or gdf.crs.to_epsg() != 4326:
        raise InvalidLayerError(f"{p.name} must be in EPSG:4326, found {gdf.crs}")
    return gdf


@functools.lru_cache(maxsize=16)
def _small_layer(root: Path, name: str) -> gpd.GeoDataFrame:
    p = root / name
    if not p.is_file():
        raise InvalidLayerError(
            f"geodata file {p} is missing; rebuild it with `python scripts/build_geodata.py`"
        )
    return _read(p, ())


@functools.lru_cache(maxsize=4)
def _places(root: Path) -> gpd.GeoDataFrame:
    ports = _read(root / "ports.geojson", (*PLACE_COLUMNS, "port_type", "faces"))
    cities = _read(root / "cities.geojson", PLACE_COLUMNS)
    both = pd.concat([ports, cities], ignore_index=True)
    dup = both["id"][both["id"].duplicated()].tolist()
    if dup:
        raise InvalidLayerError(f"place ids must be unique; repeated: {dup}")
    return gpd.GeoDataFrame(both.set_index("id"), geometry="geometry", crs="EPSG:4326")


@functools.lru_cache(maxsize=4)
def _edges(root: Path, mode: str) -> gpd.GeoDataFrame:
    edges = _read(root / f"{mode}_edges.parquet", EDGE_COLUMNS)
    edges["u"] = edges["u"].astype("int64")
    edges["v"] = edges["v"].astype("int64")
    return edges


@functools.lru_cache(maxsize=4)
def _corridors(root: Path) -> gpd.GeoDataFrame:
    gdf = _read(root / "corridors.geojson", ("id", "name_zh", "name_en", "mode", "status"))
    return gdf.set_index("id")
