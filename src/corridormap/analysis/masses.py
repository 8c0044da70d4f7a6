"""Masses for the analysis: population and GDP of cities, and of ports through their host league.

A port has no population or GDP of its own in the bundled data, so it takes the figures of the
league/city it lies in (``league_zh`` → the city whose ``admin_zh`` matches): Erenhot takes
Xilingol's, Manzhouli Hulunbuir's. ``mass_from`` says whose figures a row uses. Missing figures
stay missing; the measures then report ``no_mass`` instead of guessing.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from corridormap import data, places, routing, settings

__all__ = ["MASS_COLUMNS", "all_to_cities", "mass_of", "place_masses"]

MASS_COLUMNS = {"population": "population", "gdp": "gdp_100m_cny"}


def place_masses() -> pd.DataFrame:
    """Return ``population``, ``gdp_100m_cny``, their years and ``mass_from`` for every place."""
    return _masses(settings.get().geodata_dir).copy()


@functools.lru_cache(maxsize=4)
def _masses(root: Path) -> pd.DataFrame:
    places = data.load_places()
    cities = places[places["kind"] == "city"]
    by_admin = {str(a): pid for pid, a in cities["admin_zh"].items() if isinstance(a, str)}
    source = pd.Series(
        [
            pid if kind == "city" else by_admin.get(str(league), "")
            for pid, kind, league in zip(
                places.index, places["kind"], places.get("league_zh"), strict=True
            )
        ],
        index=places.index,
    )
    cols = ["population", "population_year", "gdp_100m_cny", "gdp_year"]
    values = cities[cols].astype(float).reindex(source.to_numpy())
    out = pd.DataFrame(values.to_numpy(), index=places.index, columns=cols)
    out["mass_from"] = source
    return out


def mass_of(masses: pd.DataFrame, mass: str) -> pd.Series:
    """Return one mass (``gdp`` or ``population``) as a float Series; NaN where unknown."""
    if mass not in MASS_COLUMNS:
        raise ValueError(f"mass must be one of {sorted(MASS_COLUMNS)}, got {mass!r}")
    return masses[MASS_COLUMNS[mass]].astype(float)


def all_to_cities(mode: str, planned: Sequence[str] = ()) -> pd.DataFrame:
    """Return the OD table from every place to every city: the one input of every measure."""
    g = places.gazetteer().places
    return routing.od_matrix(mode, list(g), [i for i in g if g[i].kind == "city"], planned=planned)
