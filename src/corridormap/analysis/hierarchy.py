"""The point-axis-network hierarchy (点-轴-网络): points and axes ranked into tiers.

Points: cities by their mass (population, GDP or √(P·G)); ports by their total gravity linkage with the cities
(Σ_i R_ij on the chosen mode, by length). Axes: named lines ranked by the linkage that
crosses them when every city-port pair's linkage is assigned to its shortest path
(all-or-nothing); a line counts once per pair if the path runs at least 1 km on it.
Tiers come from natural breaks (Fisher-Jenks, mapclassify) into at most three classes;
tier 1 is the strongest. Fisher-Jenks takes time in the square of the values, so above
:data:`EXACT_BREAKS_UP_TO` values (thousands of uploaded cities) the breaks are those of that
many evenly spaced order statistics, the smallest and largest among them. A place with no
index value gets no tier (``status`` says why).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from corridormap import data, routing, settings
from corridormap.analysis.gravity import gravity
from corridormap.analysis.masses import check_mass, mass_of, place_masses

__all__ = ["EXACT_BREAKS_UP_TO", "PORT_INDEXES", "axis_tiers", "point_tiers", "tiers_from"]

#: What ranks the ports: their total linkage with the cities, or their 2023 freight.
PORT_INDEXES = settings.PORT_INDEXES
#: Up to this many values the natural breaks are exact (under a second); above it they are
#: the breaks of this many evenly spaced order statistics of the values.
EXACT_BREAKS_UP_TO = 1_000


def tiers_from(values: pd.Series, k: int = 3) -> pd.Series:
    """Return natural-breaks tiers (1 = highest) of the non-missing values; missing stay NA.

    Above :data:`EXACT_BREAKS_UP_TO` values the breaks are found on that many evenly spaced
    order statistics (the same values give the same tiers); a value between two of them joins
    the nearer class.
    """
    ok = values.dropna().astype(float)
    tiers = pd.Series(pd.NA, index=values.index, dtype="Int64")
    if ok.empty:
        return tiers
    classes = min(k, ok.nunique())
    if classes < 2:
        tiers[ok.index] = 1
        return tiers
    y = ok.to_numpy()
    ranked = np.sort(y)
    if len(ranked) > EXACT_BREAKS_UP_TO:
        ranked = ranked[np.linspace(0, len(ranked) - 1, EXACT_BREAKS_UP_TO).round().astype(int)]
        classes = min(classes, len(np.unique(ranked)))
    with warnings.catch_warnings():
        # Fisher-Jenks without numba is pure Python: exact, and fast enough for 1,000 values.
        warnings.filterwarnings("ignore", message="Numba not installed")
        import mapclassify  # noqa: PLC0415 - loads scikit-learn: only when tiers are made

        tops = np.asarray(mapclassify.FisherJenks(ranked, k=classes).bins)[:-1]
    # A class ends midway between its highest value and the next class's lowest, so a value
    # left out of the order statistics falls to the nearer class.
    bounds = (tops + ranked[np.searchsorted(ranked, tops, side="right")]) / 2
    tiers[ok.index] = classes - np.searchsorted(bounds, y, side="left")
    return tiers


def point_tiers(
    mode: str = "rail",
    *,
    by: str = "length",
    b: float | None = None,
    mass: str | None = None,
    port_index: str = "linkage",
    planned: Sequence[str] = (),
    od: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Return every place with its index value, the index's name, its tier and a status.

    Cities are ranked by their mass (``mass``, the setting by default); ports by the sum of
    their linkage with the cities (``port_index`` ``linkage``) or by their 2023 freight in 万吨
    (``freight``: only the ports with a published full-year figure get a tier).
    """
    if port_index not in PORT_INDEXES:
        raise ValueError(f"port_index must be one of {PORT_INDEXES}, got {port_index!r}")
    places = data.load_places()
    mass = check_mass(mass)
    city_mass = mass_of(place_masses(), mass)
    if port_index == "freight":
        ports = places[places["kind"] == "port"]
        port_values = ports["freight_2023_10kt"].astype(float).dropna()
        port_name = "freight_2023_10kt"
    else:
        g = gravity(mode, by=by, b=b, mass=mass, planned=planned, od=od)
        port_values = g[g["status"] == "ok"].groupby("port")["linkage"].sum()
        port_name = f"linkage_sum_{mode}"
    rows = []
    for pid, row in places.iterrows():
        if row["kind"] == "city":
            value, name = city_mass.get(pid), mass
        else:
            value, name = port_values.get(pid, np.nan), port_name
        value = float(value) if value is not None and pd.notna(value) else np.nan
        rows.append((pid, row["kind"], name, value))
    out = pd.DataFrame(rows, columns=["place", "kind", "index", "value"]).set_index("place")
    out["tier"] = pd.Series(pd.NA, index=out.index, dtype="Int64")
    for kind in ("city", "port"):
        sel = out["kind"] == kind
        out.loc[sel, "tier"] = tiers_from(out.loc[sel, "value"])
    out["status"] = np.where(out["value"].notna(), "ok", "no_index")
    return out


def axis_tiers(
    mode: str = "rail",
    *,
    by: str = "length",
    b: float | None = None,
    mass: str | None = None,
    planned: Sequence[str] = (),
    od: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Return named lines with the linkage assigned along shortest paths, pair counts and tiers."""
    g = gravity(mode, by=by, b=b, mass=mass, planned=planned, od=od)
    ok = g[g["status"] == "ok"]
    pairs = list(zip(ok["port"], ok["city"], strict=True))
    lines = routing.path_lines(mode, pairs, planned=planned)
    flow: dict[str, float] = {}
    count: dict[str, int] = {}
    for (port, city), r in zip(pairs, ok["linkage"], strict=True):
        for name, km in lines[(port, city)].items():
            if km >= 1.0:
                flow[name] = flow.get(name, 0.0) + float(r)
                count[name] = count.get(name, 0) + 1
    out = pd.DataFrame(
        {"flow": pd.Series(flow, dtype=float), "pairs": pd.Series(count, dtype="Int64")}
    )
    out = out.sort_values("flow", ascending=False).rename_axis("line")
    out.insert(0, "mode", mode)
    out["tier"] = tiers_from(out["flow"])
    return out
