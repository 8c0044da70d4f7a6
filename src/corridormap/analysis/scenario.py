"""Planned-corridor scenarios: every table before and after switching corridors on.

Switching a corridor on adds its edges to the graph; places stay where they snapped, so
no shortest path can get longer. Each table comes back with ``*_before``, ``*_after`` and
the difference, plus a ``changed`` flag where it matters (a catchment that switches port).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from corridormap import routing
from corridormap.analysis.accessibility import accessibility
from corridormap.analysis.catchment import catchment
from corridormap.analysis.gravity import gravity

__all__ = ["compare"]


def compare(mode: str, planned: Sequence[str], *, mass: str = "gdp") -> dict[str, pd.DataFrame]:
    """Return before/after/difference tables for switching ``planned`` corridors on.

    Returns
    -------
    dict
        ``od`` (length and time per port-city pair), ``accessibility`` (weighted hours per
        place), ``gravity`` (linkage and membership per city-port pair) and ``catchment``
        (nearest port per city, ``changed`` where it switches).
    """
    keys = ["origin", "destination"]
    od = _pair(
        routing.od_matrix(mode),
        routing.od_matrix(mode, planned=planned),
        keys,
        ["length_km", "time_h"],
    )
    acc = _pair(
        accessibility(mode, mass=mass).reset_index(),
        accessibility(mode, mass=mass, planned=planned).reset_index(),
        ["place"],
        ["weighted_h", "plain_h"],
    )
    grav = _pair(
        gravity(mode), gravity(mode, planned=planned), ["city", "port"], ["linkage", "membership"]
    )
    before, after = catchment(mode).reset_index(), catchment(mode, planned=planned).reset_index()
    cat = before[["city", "port", "time_h"]].merge(
        after[["city", "port", "time_h"]], on="city", suffixes=("_before", "_after")
    )
    cat["changed"] = cat["port_before"] != cat["port_after"]
    cat["time_h_delta"] = cat["time_h_after"] - cat["time_h_before"]
    return {"od": od, "accessibility": acc, "gravity": grav, "catchment": cat}


def _pair(
    before: pd.DataFrame, after: pd.DataFrame, keys: list[str], values: list[str]
) -> pd.DataFrame:
    merged = before[[*keys, *values, "status"]].merge(
        after[[*keys, *values, "status"]], on=keys, suffixes=("_before", "_after")
    )
    for v in values:
        merged[f"{v}_delta"] = merged[f"{v}_after"] - merged[f"{v}_before"]
    return merged
