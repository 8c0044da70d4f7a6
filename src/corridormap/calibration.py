"""Computed journey times against published fastest scheduled ones (the calibration table).

The published times are in ``geodata/facts/timetable.csv``: station to station, with the
train, the timetable date, the source and the sentence quoted. Each is compared with the
fastest route between the same two stations on the passenger profile, without access legs.
Rows marked ``fit`` are the ones the class speeds were tuned on; ``check`` rows are
compared but were not tuned on; ``excluded`` rows need lines the network lacks (opened
after the OSM snapshot) and are shown for the record.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from corridormap import data, routing, settings
from corridormap.errors import NoRouteError

__all__ = ["TOLERANCE", "calibration_table"]

#: A fitted pair agrees when computed / published lies within 1 ± this. Class speeds are
#: one average per class, while real trains differ in stops and running speed: the
#: published fastest times of the fitted high-speed pairs imply average speeds from 183 to
#: 253 km/h over their routed km, -13 % to +20 % around their median of 210 km/h (the class
#: speed); 25 % covers that spread with a margin for the schematic station spacing.
TOLERANCE = 0.25


def calibration_table() -> pd.DataFrame:
    """Return one row per published journey: published and computed hours and their ratio.

    Columns: ``from_station``, ``to_station``, ``train``, ``timetable``, ``use``, ``note``,
    ``published_h``, ``computed_h``, ``ratio`` (computed / published), ``km`` and the km by
    class of the computed route (``high_speed_km``, ``conventional_km`` …), ``status``
    (``ok`` or why there is no computed value) and ``source``.
    """
    facts = pd.read_csv(data.path("facts/timetable.csv"), dtype={"train": str}).fillna("")
    stations = data.load_stations().drop_duplicates("name_zh")
    node_of = stations.set_index("name_zh")["node"].astype(int).to_dict()
    with settings.override(profile={**settings.get().profile, "rail": "passenger"}):
        return pd.DataFrame([_row(r, node_of) for r in facts.itertuples()]).round(3)


def _row(r: Any, node_of: dict[str, int]) -> dict[str, object]:
    """Compare one published journey with the fastest computed one between its stations."""
    row: dict[str, object] = {
        "from_station": r.from_station,
        "to_station": r.to_station,
        "train": r.train,
        "timetable": r.timetable,
        "use": r.use,
        "note": r.note,
        "published_h": float(r.published_min) / 60,
        "source": r.source,
    }
    a, b = node_of.get(r.from_station), node_of.get(r.to_station)
    if a is None or b is None:
        return row | {"status": "station_not_on_network"}
    try:
        edges = routing.path_between_nodes("rail", a, b, by="time")
    except NoRouteError:
        return row | {"status": "no_route"}
    km: dict[str, float] = {}
    for e in edges:
        km[f"{e['class']}_km"] = km.get(f"{e['class']}_km", 0.0) + e["length"] / 1000
    hours = sum(e["travel_time"] for e in edges) / 3600
    return row | {
        "status": "ok",
        "computed_h": hours,
        "ratio": hours / float(row["published_h"]),  # type: ignore[arg-type]
        "km": sum(km.values()),
        **km,
    }
