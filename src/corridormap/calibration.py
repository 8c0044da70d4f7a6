"""Computed journey times against published fastest scheduled ones (the calibration table).

The published times are in ``geodata/facts/timetable.csv``: station to station, with the
train, the timetable date, the source and the sentence quoted. Each is compared with the
fastest route between the same two stations on the passenger profile, without access legs.
Rows marked ``fit`` are the ones the class speeds were tuned on; ``check`` rows are
compared but were not tuned on; ``excluded`` rows need lines the network lacks (opened
after the OSM snapshot) and are shown for the record.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import scipy.sparse.csgraph

from corridormap import data, routing, settings

__all__ = ["TOLERANCE", "calibration_table"]

#: A fitted pair agrees when computed / published lies within 1 ± this. Class speeds are
#: one average per class, while real trains differ in stops and running speed: the
#: published fastest times of the fitted high-speed pairs imply average speeds from 183 to
#: 253 km/h over their routed km, -13 % to +20 % around their median of 210 km/h (the class
#: speed); 25 % covers that spread with a margin for the schematic station spacing.
TOLERANCE = 0.25


def calibration_table() -> pd.DataFrame:
    """Return one row per published journey: published and computed hours and their ratio.

    Columns: ``from_station``, ``to_station``, ``train``, ``timetable``, ``use``,
    ``published_h``, ``computed_h``, ``ratio`` (computed / published), ``km`` and the km by
    class of the computed route (``high_speed_km``, ``conventional_km`` …), ``status``
    (``ok`` or why there is no computed value) and ``source``.
    """
    facts = pd.read_csv(data.path("facts/timetable.csv"), dtype={"train": str}).fillna("")
    stations = gpd.read_file(data.path("rail_stations.geojson")).drop_duplicates("name_zh")
    node_of = stations.set_index("name_zh")["node"].astype(int).to_dict()
    with settings.override(profile={**settings.get().profile, "rail": "passenger"}):
        mg = routing.cached_graph("rail")
    ar = routing._arrays(mg)
    primary, _ = routing._weights(ar, (False, False), "time")
    rows = []
    for r in facts.itertuples():
        row: dict[str, object] = {
            "from_station": r.from_station,
            "to_station": r.to_station,
            "train": r.train,
            "timetable": r.timetable,
            "use": r.use,
            "published_h": float(r.published_min) / 60,  # type: ignore[arg-type]
            "source": r.source,
        }
        a, b = node_of.get(r.from_station, -1), node_of.get(r.to_station, -1)
        if a not in ar.index or b not in ar.index:
            row["status"] = "station_not_on_network"
            rows.append(row)
            continue
        row |= _journey(mg, ar, primary, a, b)
        row["ratio"] = float(row["computed_h"]) / float(row["published_h"])  # type: ignore[arg-type]
        rows.append(row)
    return pd.DataFrame(rows)


def _journey(mg: object, ar: routing._Arrays, primary: object, a: int, b: int) -> dict[str, object]:
    dist, pred = scipy.sparse.csgraph.dijkstra(
        primary, indices=ar.index[a], return_predecessors=True
    )
    j = ar.index[b]
    if not np.isfinite(dist[j]):
        return {"status": "no_route"}
    G = mg.G  # type: ignore[attr-defined]
    km: dict[str, float] = {}
    while pred[j] >= 0:
        u, v = ar.nodes[pred[j]], ar.nodes[j]
        e = min(G[u][v].values(), key=lambda d: d["travel_time"])
        km[f"{e['class']}_km"] = km.get(f"{e['class']}_km", 0.0) + e["length"] / 1000
        j = pred[j]
    return {
        "status": "ok",
        "computed_h": float(dist[ar.index[b]]) / 3600,
        "km": sum(km.values()),
        **km,
    }
