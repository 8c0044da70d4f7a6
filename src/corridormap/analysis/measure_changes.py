"""Before and after for the interaction measures: two network states, one table per measure.

Each measure is computed on both :class:`~corridormap.analysis.scenario.State` s (a year and
the planned corridors switched on) and its rows are paired on their keys, with ``*_before``,
``*_after`` and ``*_delta`` (after − before) side by side for each value, the largest change
of the first value first (time circles: by hours):

- ``isochrone`` (a place's time circles): per ``hours``, ``network_km`` and ``places_n``;
- ``breaking``: per pair ``a``, ``b``, ``d_ab_km``, ``d_a_km`` and ``time_h`` (a pair that is a
  neighbour in one state only has empty values in the other);
- ``field``: per centre, ``cells`` and ``area_km2`` of its hinterland;
- ``linkage``: per place, ``strength``, ``betweenness``, ``closeness`` and ``coreness``, and
  ``core`` in each state.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from corridormap import settings
from corridormap.analysis import breaking, field, isochrones, linkage_network
from corridormap.analysis.scenario import State
from corridormap.errors import SettingsError

__all__ = ["MEASURES", "compare_measure"]

#: The measures that can be compared, with their row keys and the values paired.
MEASURES: dict[str, tuple[list[str], list[str]]] = {
    "isochrone": (["hours"], ["network_km", "places_n"]),
    "breaking": (["a", "b"], ["d_ab_km", "d_a_km", "time_h"]),
    "field": (["centre"], ["cells", "area_km2"]),
    "linkage": (["place"], ["strength", "betweenness", "closeness", "coreness"]),
}


def compare_measure(
    measure: str, mode: str, before: State, after: State, **options: Any
) -> pd.DataFrame:
    """Return one measure before and after, paired on its keys, with the differences.

    ``options`` go to the measure's function (for ``isochrone``: ``place`` and ``hours``;
    the others: ``mass``, ``centres``, ``k``, ``alpha``, ``spacing_m``, ``by``, ``b`` as they
    take them); ``planned`` comes from each state.

    Examples
    --------
    >>> same = State(2020)
    >>> t = compare_measure("isochrone", "rail", same, same, place="erenhot_rail", hours=[1])
    >>> float(t.loc[0, "network_km_delta"])
    0.0

    """
    if measure not in MEASURES:
        raise SettingsError(f"measure must be one of {sorted(MEASURES)}, got {measure!r}")
    keys, values = MEASURES[measure]
    one, two = (_table(measure, mode, s, options) for s in (before, after))
    kept = [*keys, *values, *(c for c in ("status", "core") if c in one.columns)]
    out = one[kept].merge(two[kept], on=keys, how="outer", suffixes=("_before", "_after"))
    for v in values:
        out[f"{v}_delta"] = out[f"{v}_after"] - out[f"{v}_before"]
    flags = [
        f"{c}_{s}" for c in ("status", "core") if c in one.columns for s in ("before", "after")
    ]
    order = [*keys, *(f"{v}_{s}" for v in values for s in ("before", "after", "delta")), *flags]
    out = out[order].sort_values(keys, kind="stable")
    if measure != "isochrone":  # the largest change first
        size = out[f"{values[0]}_delta"].abs()
        out = out.iloc[np.argsort(-size.fillna(-1).to_numpy(), kind="stable")]
    return out.reset_index(drop=True)


def _table(measure: str, mode: str, state: State, options: dict[str, Any]) -> pd.DataFrame:
    run: dict[str, Callable[..., Any]] = {
        "isochrone": lambda **o: isochrones.isochrones(o.pop("place"), mode, **o),
        "breaking": lambda **o: breaking.breaking_points(mode, **o),
        "field": lambda **o: field.hinterlands(mode, **o).hinterlands,
        "linkage": lambda **o: linkage_network.linkage_network(mode, **o).nodes,
    }
    with settings.override(year=state.year):
        frame = run[measure](**options, planned=state.planned)
    return pd.DataFrame(frame.drop(columns=frame.geometry.name))
