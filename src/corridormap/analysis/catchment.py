"""Port catchments (腹地范围): each city's nearest port by network time, and Huff shares.

Huff share of port j for city i: S_j · T_ij^-λ / Σ_k S_k · T_ik^-λ with attractiveness S
(1 for every port by default, or a port's mass) and λ = 2. Ties for the nearest port are
reported (``tie``) and broken by port id so the answer is reproducible.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from corridormap import places
from corridormap.analysis.masses import ports_to_cities

__all__ = ["catchment", "catchment_from", "huff_from"]


def catchment_from(times: pd.DataFrame) -> pd.DataFrame:
    """Return, per city (index of ``times``, hours to the ports in the columns), its nearest port.

    Columns: ``port`` (empty if none is reachable), ``time_h``, ``tie`` (other ports at the same
    time, ``;``-separated) and ``status`` (``ok`` or ``no_route``).
    """
    rows = []
    cols = sorted(times.columns)
    for city, row in times[cols].iterrows():
        t = row.to_numpy(dtype=float)
        if not np.isfinite(t).any():
            rows.append((city, "", np.nan, "", "no_route"))
            continue
        best = np.nanmin(t)
        tied = [p for p, v in zip(cols, t, strict=True) if np.isfinite(v) and abs(v - best) < 1e-9]
        rows.append((city, tied[0], best, ";".join(tied[1:]), "ok"))
    return pd.DataFrame(rows, columns=["city", "port", "time_h", "tie", "status"]).set_index("city")


def huff_from(
    times: pd.DataFrame, attract: pd.Series | None = None, *, lam: float = 2.0
) -> pd.DataFrame:
    """Return Huff shares (rows: cities, columns: ports; rows sum to 1, NaN where none is reachable)."""
    s = (
        np.ones(len(times.columns))
        if attract is None
        else attract.reindex(times.columns).to_numpy(float)
    )
    t = times.to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        u = np.where(np.isfinite(t) & (t > 0), s[None, :] * np.power(t, -lam), 0.0)
    u = np.where(np.isfinite(t) & (t == 0), np.inf, u)
    inf_rows = np.isinf(u).any(axis=1)
    u[inf_rows] = np.where(np.isinf(u[inf_rows]), 1.0, 0.0)
    total = u.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(total > 0, u / total, np.nan)
    return pd.DataFrame(share, index=times.index, columns=times.columns)


def catchment(
    mode: str, *, planned: Sequence[str] = (), od: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Return each bundled city's nearest port by time on a mode, with its Huff share."""
    g = places.gazetteer().places
    ports = [i for i in g if g[i].kind == "port"]
    cities = [i for i in g if g[i].kind == "city"]
    od = ports_to_cities(mode, planned) if od is None else od
    od = od[od["origin"].isin(ports)]
    times = od.pivot(index="destination", columns="origin", values="time_h").reindex(
        index=cities, columns=ports
    )
    out = catchment_from(times)
    shares = huff_from(times)
    values = shares.to_numpy(dtype=float)
    col = {p: j for j, p in enumerate(shares.columns)}
    share = [values[i, col[p]] if p else np.nan for i, p in enumerate(out["port"])]
    out = out.assign(huff_share=share)
    out.insert(0, "mode", mode)
    return out
