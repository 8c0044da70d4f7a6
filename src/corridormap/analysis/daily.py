"""Daily accessibility (cumulative opportunities): the mass reachable within T hours.

O_i(T) = Σ_j M_j over the cities j ≠ i with T_ij ≤ T, for the chosen mass (GDP or
population), and the number of such cities. T is ``settings.daily_hours`` (3 h by default:
there and back within a working day). Higher is better; a city without a mass is counted
among the cities reached but adds no mass, and the table says how many did so.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from corridormap import settings
from corridormap.analysis.masses import reach_table, without_self
from corridormap.errors import SettingsError

__all__ = ["MAX_HOURS", "daily", "daily_from"]

#: The longest time span accepted (ten days).
MAX_HOURS = 240.0


def daily_from(times: pd.DataFrame, mass: pd.Series, *, hours: float) -> pd.DataFrame:
    """Return the cities and the mass each origin reaches within ``hours``.

    Returns
    -------
    pandas.DataFrame
        Per origin: ``cities`` reached within the time, ``mass_reached`` (sum of their
        known masses), ``without_mass`` (reached cities with no mass) and ``share`` of all
        the known mass of the destinations.

    Examples
    --------
    >>> t = pd.DataFrame({"x": [2.0, 5.0], "y": [4.0, float("nan")]}, index=["a", "b"])
    >>> daily_from(t, pd.Series({"x": 8.0, "y": 2.0}), hours=3)["mass_reached"].tolist()
    [8.0, 0.0]

    """
    if not (math.isfinite(hours) and 0 < hours <= MAX_HOURS):
        raise SettingsError(
            f"hours must be a number above 0 and at most {MAX_HOURS:g}, got {hours}"
        )
    t = without_self(times)
    m = mass.reindex(times.columns).to_numpy(dtype=float)
    within = np.isfinite(t) & (t <= hours)
    known = np.isfinite(m)
    total = float(m[known].sum())
    reached = np.where(within & known[None, :], m[None, :], 0.0).sum(axis=1)
    return pd.DataFrame(
        {
            "hours": hours,
            "cities": within.sum(axis=1),
            "mass_reached": reached,
            "without_mass": (within & ~known[None, :]).sum(axis=1),
            "share": reached / total if total > 0 else np.nan,
        },
        index=times.index,
    )


def daily(
    mode: str,
    *,
    mass: str | None = None,
    destinations: str = "cities",
    hours: float | None = None,
    planned: Sequence[str] = (),
    od: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Return the daily accessibility of every port and city to the cities on a mode.

    ``hours`` defaults to ``settings.daily_hours``; ``od`` may pass in
    :func:`corridormap.analysis.masses.all_to` already computed.
    """
    h = settings.get().daily_hours if hours is None else hours
    return reach_table(
        mode,
        functools.partial(daily_from, hours=h),
        mass=mass,
        destinations=destinations,
        planned=planned,
        od=od,
    )
