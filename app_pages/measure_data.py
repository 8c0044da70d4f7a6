"""Cached library calls of the interaction-measures page (keyed by the data and network state)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import geopandas as gpd
import pandas as pd
import streamlit as st

from app_pages.common import data_key
from corridormap import settings
from corridormap.analysis import breaking, field, isochrones, linkage_network
from corridormap.analysis.measure_changes import compare_measure
from corridormap.analysis.scenario import State


def time_circles(
    place: str, mode: str, hours: Sequence[float], planned: tuple[str, ...]
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Return the bands and the reached network of a place (cached)."""
    return _time_circles(data_key(), place, mode, tuple(hours), planned)


def breaking_points(
    mode: str, mass: str, k: int, centres: str, planned: tuple[str, ...]
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Return the breaking points and their pairs' routes (cached)."""
    return _breaking(data_key(), mode, mass, k, centres, planned)


def hinterlands(
    mode: str,
    centres: str,
    mass: str,
    alpha: float,
    spacing_km: float,
    snap_km: float,
    planned: tuple[str, ...],
) -> field.Field:
    """Return the field-strength hinterlands (cached)."""
    return _field(data_key(), mode, centres, mass, alpha, spacing_km, snap_km, planned)


def linkage(
    mode: str, mass: str, by: str, b: float, planned: tuple[str, ...]
) -> linkage_network.LinkageNetwork:
    """Return the linkage network (cached)."""
    return _linkage(data_key(), mode, mass, by, b, planned)


@st.cache_data(show_spinner=False, max_entries=32)
def _time_circles(
    folder: str, place: str, mode: str, hours: tuple[float, ...], planned: tuple[str, ...]
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    del folder  # a cache key only: the data and network state in force
    bands = isochrones.isochrones(place, mode, hours=hours, planned=planned)
    return bands, isochrones.reached_network(place, mode, hours=hours, planned=planned)


@st.cache_data(show_spinner=False, max_entries=16)
def _breaking(
    folder: str, mode: str, mass: str, k: int, centres: str, planned: tuple[str, ...]
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    del folder
    points = breaking.breaking_points(mode, mass=mass, k=k, centres=centres, planned=planned)
    return points, breaking.pair_routes(points, mode, planned=planned)


@st.cache_data(show_spinner=False, max_entries=8)
def _field(
    folder: str,
    mode: str,
    centres: str,
    mass: str,
    alpha: float,
    spacing_km: float,
    snap_km: float,
    planned: tuple[str, ...],
) -> field.Field:
    del folder
    return field.hinterlands(
        mode,
        centres=centres,
        mass=mass,
        alpha=alpha,
        spacing_m=spacing_km * 1000,
        planned=planned,
        max_snap_m=snap_km * 1000,
    )


@st.cache_data(show_spinner=False, max_entries=16)
def _linkage(
    folder: str, mode: str, mass: str, by: str, b: float, planned: tuple[str, ...]
) -> linkage_network.LinkageNetwork:
    del folder
    return linkage_network.linkage_network(mode, mass=mass, by=by, b=b, planned=planned)


def plain(frame: gpd.GeoDataFrame) -> pd.DataFrame:
    """Return a table without its geometry, for showing and downloading."""
    return pd.DataFrame(frame.drop(columns=frame.geometry.name))


def changes(
    measure: str, mode: str, planned: tuple[str, ...], options: dict[str, Any]
) -> pd.DataFrame:
    """Return a measure before (no planned corridor) and after (``planned``), same year (cached)."""
    return _changes(data_key(), measure, mode, planned, tuple(sorted(options.items())))


@st.cache_data(show_spinner=False, max_entries=16)
def _changes(
    folder: str,
    measure: str,
    mode: str,
    planned: tuple[str, ...],
    options: tuple[tuple[str, Any], ...],
) -> pd.DataFrame:
    del folder
    year = settings.get().year
    return compare_measure(measure, mode, State(year), State(year, planned), **dict(options))
