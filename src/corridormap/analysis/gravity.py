"""Gravity linkage (经济联系强度) between cities and ports, and membership (隶属度).

R_ij = √(P_i·G_i) · √(P_j·G_j) / D_ij^b with P population, G GDP (亿元), D the network
length (km) or time (h) and b the exponent (``settings.gravity_exponent``, 2 by default);
F_ij = R_ij / Σ_j R_ij over the ports j of city i, so each city's memberships sum to 1.
A port's P and G are its host league's (see :mod:`corridormap.analysis.masses`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from corridormap import places, settings
from corridormap.analysis.masses import all_to_cities, place_masses
from corridormap.errors import SettingsError

__all__ = ["MAX_EXPONENT", "check_exponent", "gravity", "gravity_from"]

#: The largest distance-decay exponent accepted; published studies use about 0.5 to 3.
MAX_EXPONENT = 10.0


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
    """Return linkage and membership for every city (index) x port (columns) pair.

    Parameters
    ----------
    distance
        Network distance or time from cities (index) to ports (columns); NaN where unreachable.
    pop, gdp
        Population and GDP of every city and port; NaN where unknown.
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
    size = (pop.astype(float) * gdp.astype(float)).pow(0.5)
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
    planned: Sequence[str] = (),
    od: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Return gravity linkage and membership between every city and every port on a mode.

    ``by`` is ``length`` (D in km) or ``time`` (D in h); ``b`` defaults to the setting.
    """
    if by not in ("length", "time"):
        raise ValueError(f"by must be 'length' or 'time', got {by!r}")
    exponent = check_exponent(settings.get().gravity_exponent if b is None else b)
    g = places.gazetteer().places
    ports = [i for i in g if g[i].kind == "port"]
    cities = [i for i in g if g[i].kind == "city"]
    od = all_to_cities(mode, planned) if od is None else od
    od = od[od["origin"].isin(ports)]
    value = "length_km" if by == "length" else "time_h"
    dist = od.pivot(index="destination", columns="origin", values=value).reindex(
        index=cities, columns=ports
    )
    m = place_masses()
    out = gravity_from(dist, m["population"], m["gdp_100m_cny"], b=exponent)
    out.insert(2, "mode", mode)
    out.insert(3, "by", by)
    out.insert(4, "b", exponent)
    return out
