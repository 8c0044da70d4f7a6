"""Planned-corridor scenarios: every table before and after switching corridors on.

Switching a corridor on adds its edges to the graph; places stay where they snapped, so
no shortest path can get longer. Each table comes back with ``*_before``, ``*_after`` and
the difference, plus a ``changed`` flag where it matters (a catchment that switches port).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from corridormap import places
from corridormap.analysis.accessibility import accessibility
from corridormap.analysis.catchment import catchment
from corridormap.analysis.gravity import gravity
from corridormap.analysis.hierarchy import axis_tiers, point_tiers
from corridormap.analysis.masses import all_to_cities

__all__ = ["analysis_tables", "compare"]


def compare(mode: str, planned: Sequence[str], *, mass: str = "gdp") -> dict[str, pd.DataFrame]:
    """Return before/after/difference tables for switching ``planned`` corridors on.

    Returns
    -------
    dict
        ``od`` (length and time per port-city pair), ``accessibility`` (weighted hours per
        place), ``gravity`` (linkage and membership per city-port pair) and ``catchment``
        (nearest port per city, ``changed`` where it switches) and ``axes`` (assigned linkage per
        line; lines with ``flow_delta`` > 0 rise).
    """
    before_od, after_od = all_to_cities(mode), all_to_cities(mode, planned)
    ports = [p for p, place in places.gazetteer().places.items() if place.kind == "port"]
    od = _pair(
        before_od[before_od["origin"].isin(ports)],
        after_od[after_od["origin"].isin(ports)],
        ["origin", "destination"],
        ["length_km", "time_h"],
    )
    acc = _pair(
        accessibility(mode, mass=mass, od=before_od).reset_index(),
        accessibility(mode, mass=mass, od=after_od).reset_index(),
        ["place"],
        ["weighted_h", "plain_h"],
    )
    grav = _pair(
        gravity(mode, od=before_od),
        gravity(mode, od=after_od),
        ["city", "port"],
        ["linkage", "membership"],
    )
    before, after = (
        catchment(mode, od=before_od).reset_index(),
        catchment(mode, od=after_od).reset_index(),
    )
    cat = before[["city", "port", "time_h"]].merge(
        after[["city", "port", "time_h"]], on="city", suffixes=("_before", "_after")
    )
    cat["changed"] = cat["port_before"] != cat["port_after"]
    cat["time_h_delta"] = cat["time_h_after"] - cat["time_h_before"]
    axes = pd.concat(
        {
            "flow_before": axis_tiers(mode, od=before_od)["flow"],
            "flow_after": axis_tiers(mode, planned=planned, od=after_od)["flow"],
        },
        axis=1,
    ).fillna(0.0)
    axes["flow_delta"] = axes["flow_after"] - axes["flow_before"]
    axes = axes.sort_values("flow_delta", ascending=False)
    return {"od": od, "accessibility": acc, "gravity": grav, "catchment": cat, "axes": axes}


def analysis_tables(
    mode: str,
    *,
    mass: str = "gdp",
    by: str = "length",
    b: float | None = None,
    planned: Sequence[str] = (),
) -> dict[str, pd.DataFrame]:
    """Return every table a researcher reads for one set of parameters.

    ``accessibility``, ``gravity``, ``catchment``, ``points`` and ``axes`` describe the network with
    ``planned`` switched on; with ``planned`` given, ``scenario_*`` tables add before/after/difference.
    """
    od = all_to_cities(mode, planned)
    out = {
        "accessibility": accessibility(mode, mass=mass, od=od),
        "gravity": gravity(mode, by=by, b=b, od=od),
        "catchment": catchment(mode, od=od),
        "points": point_tiers(mode, by=by, b=b, planned=planned, od=od),
        "axes": axis_tiers(mode, by=by, b=b, planned=planned, od=od),
    }
    if planned:
        for name, table in compare(mode, planned, mass=mass).items():
            out[f"scenario_{name}"] = table
    return out


def _pair(
    before: pd.DataFrame, after: pd.DataFrame, keys: list[str], values: list[str]
) -> pd.DataFrame:
    merged = before[[*keys, *values, "status"]].merge(
        after[[*keys, *values, "status"]], on=keys, suffixes=("_before", "_after")
    )
    for v in values:
        merged[f"{v}_delta"] = merged[f"{v}_after"] - merged[f"{v}_before"]
    return merged
