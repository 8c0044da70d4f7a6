"""Accessibility: mass-weighted and plain average network travel time to the cities.

A_i = Σ_j T_ij · M_j / Σ_j M_j over the cities j reachable from i (j ≠ i), with M the
chosen mass (GDP or population); the plain average is Σ_j T_ij / n. Lower is better.
Unreachable cities are left out and counted, never averaged in as zero or infinity.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from corridormap.analysis.masses import reach_table, without_self

__all__ = ["accessibility", "accessibility_from"]


def accessibility_from(times: pd.DataFrame, mass: pd.Series) -> pd.DataFrame:
    """Return accessibility of each row of a time matrix.

    Parameters
    ----------
    times
        Hours from origins (index) to destinations (columns); NaN where unreachable.
    mass
        Mass of each destination; NaN where unknown.

    Returns
    -------
    pandas.DataFrame
        Per origin: ``weighted_h`` (NaN and ``status`` ``no_mass`` if no reachable
        destination has a mass), ``plain_h``, ``reachable``, ``destinations`` and ``status``.
    """
    t = without_self(times)
    m = mass.reindex(times.columns).to_numpy(dtype=float)
    reach = np.isfinite(t)
    weighted_ok = reach & np.isfinite(m)[None, :]
    weight_sum = np.where(weighted_ok, m[None, :], 0).sum(axis=1)
    weighted = np.where(weighted_ok, np.nan_to_num(t) * m[None, :], 0).sum(axis=1)
    n = reach.sum(axis=1)
    plain = np.where(reach, np.nan_to_num(t), 0).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = pd.DataFrame(
            {
                "weighted_h": np.where(weight_sum > 0, weighted / weight_sum, np.nan),
                "plain_h": np.where(n > 0, plain / n, np.nan),
                "reachable": n,
                "destinations": len(times.columns)
                - np.isin(times.index, times.columns).astype(int),
            },
            index=times.index,
        )
    out["status"] = np.select([n == 0, weight_sum == 0], ["no_route", "no_mass"], "ok")
    return out


def accessibility(
    mode: str,
    *,
    mass: str | None = None,
    destinations: str = "cities",
    planned: Sequence[str] = (),
    od: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Return accessibility of every port and city to the bundled cities on a mode's network.

    ``od`` may pass in :func:`corridormap.analysis.masses.all_to` already computed.
    """
    return reach_table(
        mode,
        accessibility_from,
        mass=mass,
        destinations=destinations,
        planned=planned,
        od=od,
    )
