"""Gravity linkage (经济联系强度) between cities and ports, and membership (隶属度).

R_ij = M_i · M_j / D_ij^b with M the mass (population, GDP or √(P·G), see
:mod:`corridormap.analysis.masses`), D the network length (km) or time (h) and b the exponent
(``settings.gravity_exponent``, 2 by default); F_ij = R_ij / Σ_j R_ij over the ports j of city
i, so each city's memberships sum to 1. A port's mass is its host league's (``port_mass``
``host``) or its 2023 freight volume in 万吨 (``freight``, published for few ports). Every row
states the mass and the year(s) behind it on each side.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from corridormap import data, places, settings
from corridormap.analysis.masses import (
    check_mass,
    mass_of,
    mass_years,
    place_masses,
    ports_to_cities,
)
from corridormap.errors import SettingsError

__all__ = [
    "MAX_EXPONENT",
    "PORT_MASSES",
    "check_exponent",
    "gravity",
    "gravity_from",
    "linkage_from",
]

#: The largest distance-decay exponent accepted; published studies use about 0.5 to 3.
MAX_EXPONENT = 10.0
#: What a port weighs in the linkage: its host league's mass, or its 2023 freight (万吨).
PORT_MASSES = settings.PORT_MASSES


def check_exponent(b: float) -> float:
    """Return ``b`` if it is a usable distance-decay exponent, else raise :class:`SettingsError`.

    Examples
    --------
    >>> check_exponent(2.0)
    2.0
    >>> check_exponent(float("nan"))
    Traceback (most recent call last):
    ...
    corridormap.errors.SettingsError: the exponent b must be a number above 0 and at most 10, got nan

    """
    if not (isinstance(b, int | float) and math.isfinite(b) and 0 < b <= MAX_EXPONENT):
        raise SettingsError(
            f"the exponent b must be a number above 0 and at most {MAX_EXPONENT:g}, got {b}"
        )
    return float(b)


def gravity_from(
    distance: pd.DataFrame, pop: pd.Series, gdp: pd.Series, *, b: float
) -> pd.DataFrame:
    """Return the classic linkage, with size √(P·G), for every city x port pair.

    See :func:`linkage_from`; ``pop`` and ``gdp`` are population and GDP of every city and
    port (NaN where unknown).
    """
    return linkage_from(distance, (pop.astype(float) * gdp.astype(float)).pow(0.5), b=b)


def linkage_from(distance: pd.DataFrame, size: pd.Series, *, b: float) -> pd.DataFrame:
    """Return linkage and membership for every city (index) x port (columns) pair.

    Parameters
    ----------
    distance
        Network distance or time from cities (index) to ports (columns); NaN where unreachable.
    size
        Mass of every city and port; NaN where unknown.
    b
        Distance-decay exponent.

    Returns
    -------
    pandas.DataFrame
        Long: ``city``, ``port``, ``distance``, ``linkage`` (R), ``membership`` (F) and
        ``status``: ``ok``; ``no_route``; ``no_mass`` (a figure is missing); ``no_link``
        (the city links to no port, so F is undefined). R and F are empty unless ``ok``.
    """
    check_exponent(b)
    d = distance.to_numpy(dtype=float)
    si = size.reindex(distance.index).to_numpy()[:, None]
    sj = size.reindex(distance.columns).to_numpy()[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        r = si * sj / np.power(d, b)
    status = np.full(d.shape, "ok", dtype=object)
    status[~np.isfinite(si) | ~np.isfinite(sj)] = "no_mass"
    status[~np.isfinite(d)] = "no_route"
    r = np.where(status == "ok", r, np.nan)
    total = np.nansum(r, axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        f = np.where((status == "ok") & (total > 0), r / total, np.nan)
    status[(status == "ok") & ~(total > 0)] = "no_link"
    cities, ports = np.meshgrid(distance.index, distance.columns, indexing="ij")
    return pd.DataFrame(
        {
            "city": cities.ravel(),
            "port": ports.ravel(),
            "distance": d.ravel(),
            "linkage": r.ravel(),
            "membership": f.ravel(),
            "status": status.ravel(),
        }
    )


def gravity(
    mode: str,
    *,
    by: str = "length",
    b: float | None = None,
    mass: str | None = None,
    port_mass: str = "host",
    planned: Sequence[str] = (),
    od: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Return gravity linkage and membership between every city and every port on a mode.

    ``by`` is ``length`` (D in km) or ``time`` (D in h); ``b`` and ``mass`` default to the
    settings; ``port_mass`` is ``host`` or ``freight`` (:data:`PORT_MASSES`). The columns
    ``city_mass_year`` and ``port_mass_year`` give the year(s) behind each side's mass.
    """
    if by not in ("length", "time"):
        raise ValueError(f"by must be 'length' or 'time', got {by!r}")
    if port_mass not in PORT_MASSES:
        raise ValueError(f"port_mass must be one of {PORT_MASSES}, got {port_mass!r}")
    exponent = check_exponent(settings.get().gravity_exponent if b is None else b)
    mass = check_mass(mass)
    g = places.gazetteer().places
    ports = [i for i in g if g[i].kind == "port"]
    cities = [i for i in g if g[i].kind == "city"]
    od = ports_to_cities(mode, planned) if od is None else od
    od = od[od["origin"].isin(ports)]
    value = "length_km" if by == "length" else "time_h"
    dist = od.pivot(index="destination", columns="origin", values=value).reindex(
        index=cities, columns=ports
    )
    m = place_masses()
    size, years = mass_of(m, mass), mass_years(m, mass)
    if port_mass == "freight":
        freight = data.load_places()["freight_2023_10kt"].astype(float).reindex(ports)
        size = pd.concat([size.drop(ports), freight])
        years = pd.concat(
            [years.drop(ports), pd.Series("2023", index=ports).where(freight.notna(), "")]
        )
    out = linkage_from(dist, size, b=exponent)
    out.insert(2, "mode", mode)
    out.insert(3, "by", by)
    out.insert(4, "b", exponent)
    out.insert(5, "mass", mass)
    out.insert(6, "port_mass", port_mass)
    out["city_mass_year"] = years.reindex(out["city"]).to_numpy()
    out["port_mass_year"] = years.reindex(out["port"]).to_numpy()
    return out
