"""Centres for the spatial-interaction measures: which places, and the mass each one has."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from corridormap import places, settings
from corridormap.analysis.masses import check_mass, mass_of, mass_years, place_masses
from corridormap.errors import SettingsError

__all__ = [
    "CENTRES",
    "MASSES",
    "centre_ids",
    "centre_mass",
    "centre_mass_years",
    "check_centre_mass",
]

#: Which places may be centres: cities, the ports of the mode, or both.
CENTRES = settings.CENTRES
#: The masses a measure may use: those of :data:`corridormap.settings.MASSES` (population,
#: GDP, √(P·G)) and ``equal``, a mass of 1 for every centre.
MASSES = settings.CENTRE_MASSES


def centre_ids(centres: str | Sequence[str], mode: str) -> list[str]:
    """Return the ids of the cities, the ports of ``mode``, ``all`` of both, or the places named.

    ``ports`` are the ports whose type is the mode (rail ports on the rail network).

    Examples
    --------
    >>> centre_ids("ports", "rail")
    ['manzhouli_rail', 'erenhot_rail']

    """
    g = places.gazetteer().places
    if isinstance(centres, str):
        if centres not in CENTRES:
            raise SettingsError(f"centres must be one of {CENTRES} or a list, got {centres!r}")
        city = centres in ("cities", "all")
        port = centres in ("ports", "all")
        return [
            i
            for i, p in g.items()
            if (city and p.kind == "city") or (port and p.kind == "port" and p.port_type == mode)
        ]
    return [i if i in g else places.resolve(i, mode=mode).id for i in centres]


def check_centre_mass(mass: str | None) -> str:
    """Return ``mass`` (``None``: ``settings.mass``) if it is one of :data:`MASSES`."""
    if mass == "equal":
        return mass
    try:
        return check_mass(mass)
    except ValueError:
        raise SettingsError(f"mass must be one of {MASSES}, got {mass!r}") from None


def centre_mass(ids: Sequence[str], mass: str | None) -> pd.Series:
    """Return the mass of each centre (one of :data:`MASSES`); NaN where unknown."""
    mass = check_centre_mass(mass)
    if mass == "equal":
        return pd.Series(np.ones(len(ids)), index=list(ids), dtype=float)
    return mass_of(place_masses(), mass).reindex(list(ids))


def centre_mass_years(ids: Sequence[str], mass: str | None) -> pd.Series:
    """Return the year(s) behind each centre's mass as text (empty for ``equal`` or unknown)."""
    mass = check_centre_mass(mass)
    if mass == "equal":
        return pd.Series("", index=list(ids), dtype=object)
    return mass_years(place_masses(), mass).reindex(list(ids)).fillna("")
