"""Masses for the analysis: population and GDP of cities, and of ports through their host league.

A port has no population or GDP of its own in the bundled data, so it takes the figures of the
league/city it lies in (``league_zh`` → the city whose ``admin_zh`` matches): Erenhot takes
Xilingol's, Manzhouli Hulunbuir's. ``mass_from`` says whose figures a row uses. Missing figures
stay missing; the measures then report ``no_mass`` instead of guessing.
"""

from __future__ import annotations

import pandas as pd

from corridormap import data

__all__ = ["MASS_COLUMNS", "place_masses"]

MASS_COLUMNS = {"population": "population", "gdp": "gdp_100m_cny"}


def place_masses() -> pd.DataFrame:
    """Return ``population``, ``gdp_100m_cny``, their years and ``mass_from`` for every place."""
    places = data.load_places()
    cities = places[places["kind"] == "city"]
    by_admin = {str(a): pid for pid, a in cities["admin_zh"].items() if isinstance(a, str)}
    source = [
        pid if kind == "city" else by_admin.get(str(league), None)
        for pid, kind, league in zip(
            places.index, places["kind"], places.get("league_zh"), strict=True
        )
    ]
    cols = ["population", "population_year", "gdp_100m_cny", "gdp_year"]
    out = pd.DataFrame(index=places.index, columns=cols, dtype=float)
    for pid, src in zip(places.index, source, strict=True):
        if src is not None:
            out.loc[pid, cols] = cities.loc[src, cols].astype(float).to_numpy()
    out["mass_from"] = [s if s is not None else "" for s in source]
    return out


def mass_of(masses: pd.DataFrame, mass: str) -> pd.Series:
    """Return one mass (``gdp`` or ``population``) as a float Series; NaN where unknown."""
    if mass not in MASS_COLUMNS:
        raise ValueError(f"mass must be one of {sorted(MASS_COLUMNS)}, got {mass!r}")
    return masses[MASS_COLUMNS[mass]].astype(float)
