"""Centres for the spatial-interaction measures: which places, and the mass each one has."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from corridormap import places
from corridormap.analysis.masses import MASS_COLUMNS, mass_of, place_masses
from corridormap.errors import SettingsError

__all__ = ["CENTRES", "MASSES", "centre_ids", "centre_mass"]

#: Which places may be centres: cities, the ports of the mode, or both.
CENTRES: tuple[str, ...] = ("cities", "ports", "all")
#: The masses a measure may use: ``pg`` is √(P·G), the gravity model's size; ``equal`` gives
#: every centre a mass of 1.
MASSES: tuple[str, ...] = (*MASS_COLUMNS, "pg", "equal")


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


def centre_mass(ids: Sequence[str], mass: str) -> pd.Series:
    """Return the mass of each centre (one of :data:`MASSES`); NaN where unknown."""
    if mass not in MASSES:
        raise SettingsError(f"mass must be one of {MASSES}, got {mass!r}")
    if mass == "equal":
        return pd.Series(np.ones(len(ids)), index=list(ids), dtype=float)
    if mass == "pg":
        m = place_masses().reindex(list(ids))
        return (m["population"].astype(float) * m["gdp_100m_cny"].astype(float)).pow(0.5)
    return mass_of(place_masses(), mass).reindex(list(ids))
