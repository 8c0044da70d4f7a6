"""Potential accessibility: how much mass lies within easy reach, discounted by travel time.

P_i = Σ_j M_j / T_ij^α over the cities j reachable from i (j ≠ i), with M the chosen mass
(GDP, population, or √(P·G)) and α the distance-decay exponent (``settings.potential_alpha``,
1 by default). Higher is better. Unreachable cities add nothing and are counted; a city
without a mass is left out and counted too.
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

__all__ = ["MAX_ALPHA", "potential", "potential_from"]

#: The largest distance-decay exponent accepted (studies use about 0.5 to 2).
MAX_ALPHA = 10.0


def potential_from(times: pd.DataFrame, mass: pd.Series, *, alpha: float) -> pd.DataFrame:
    """Return the potential accessibility of each row of a time matrix.

    Parameters
    ----------
    times
        Hours from origins (index) to destinations (columns); NaN where unreachable.
    mass
        Mass of each destination; NaN where unknown.
    alpha
        Distance-decay exponent, above 0.

    Returns
    -------
    pandas.DataFrame
        Per origin: ``potential`` (mass per hour^α), ``reachable`` (destinations reached),
        ``with_mass`` (of those, how many have a mass) and ``status`` (``ok``, ``no_route``,
        ``no_mass``).

    Examples
    --------
    >>> t = pd.DataFrame({"x": [2.0, float("nan")], "y": [4.0, 1.0]}, index=["a", "b"])
    >>> potential_from(t, pd.Series({"x": 8.0, "y": 4.0}), alpha=1.0)["potential"].tolist()
    [5.0, 4.0]

    """
    if not (math.isfinite(alpha) and 0 < alpha <= MAX_ALPHA):
        raise SettingsError(
            f"alpha must be a number above 0 and at most {MAX_ALPHA:g}, got {alpha}"
        )
    t = without_self(times)
    m = mass.reindex(times.columns).to_numpy(dtype=float)
    reach = np.isfinite(t) & (t > 0)
    used = reach & np.isfinite(m)[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(used, m[None, :] / np.power(np.where(used, t, 1.0), alpha), 0.0)
    n, k = reach.sum(axis=1), used.sum(axis=1)
    out = pd.DataFrame(
        {
            "potential": np.where(k > 0, terms.sum(axis=1), np.nan),
            "reachable": n,
            "with_mass": k,
        },
        index=times.index,
    )
    out["status"] = np.select([n == 0, k == 0], ["no_route", "no_mass"], "ok")
    return out


def potential(
    mode: str,
    *,
    mass: str | None = None,
    destinations: str = "cities",
    alpha: float | None = None,
    planned: Sequence[str] = (),
    od: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Return the potential accessibility of every port and city to the cities on a mode.

    ``alpha`` defaults to ``settings.potential_alpha``; ``od`` may pass in
    :func:`corridormap.analysis.masses.all_to` already computed.
    """
    a = settings.get().potential_alpha if alpha is None else alpha
    out = reach_table(
        mode,
        functools.partial(potential_from, alpha=a),
        mass=mass,
        destinations=destinations,
        planned=planned,
        od=od,
    )
    out.insert(4, "alpha", a)
    return out
