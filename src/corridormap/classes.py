"""Line and road classes of the network edges, and the evidence each class rests on.

Rail classes come from the line names of the 2021 passenger tariff table (客里表) that the
build traced onto the OSM track: a line the table calls 高速线, 高铁 or 客专 is a high-speed
passenger-dedicated line (TB 10621-2014 defines 高速铁路 as passenger-dedicated with a design
speed of 250 km/h or more); a line it calls 城际 is an intercity line (TB 10623-2014, up to
200 km/h). Any other named or unnamed Chinese track is conventional; track abroad (Mongolia,
Russia: 1520 mm) is broad gauge. Road classes come from the traced expressway corridors.

An edge that carries several line names (shared or parallel track traced by two lines) takes
the fastest class among them for its speed, and is passenger-only only if every one of its
lines is; so a freight route may use it.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

__all__ = [
    "PASSENGER_ONLY",
    "RAIL_CLASSES",
    "ROAD_CLASSES",
    "rail_classes",
    "rail_line_class",
    "road_classes",
]

#: Rail classes, fastest first. ``access`` joins a place to its station or foot point.
RAIL_CLASSES: tuple[str, ...] = (
    "high_speed",
    "intercity",
    "conventional",
    "broad_gauge",
    "connector",
    "access",
)
#: Road classes, fastest first.
ROAD_CLASSES: tuple[str, ...] = ("expressway", "main", "connector", "access")
#: Classes closed to the freight profile (passenger-dedicated lines).
PASSENGER_ONLY: frozenset[str] = frozenset({"high_speed", "intercity"})

_HIGH_SPEED_MARKS = ("高速线", "高速联络线", "高铁", "客专")
_INTERCITY_MARKS = ("城际",)
_EXPRESSWAY_MARK = "高速"


def rail_line_class(name: str) -> tuple[str, str]:
    """Return the class of a tariff line name and the evidence for it.

    Examples
    --------
    >>> rail_line_class("京张高速线")[0]
    'high_speed'
    >>> rail_line_class("京津城际线")[0]
    'intercity'
    >>> rail_line_class("集二线")
    ('conventional', 'tariff line name has no 高速/高铁/客专/城际 mark')

    """
    for mark in _HIGH_SPEED_MARKS:
        if mark in name:
            return "high_speed", f"tariff line name contains {mark} (TB 10621-2014: ≥250 km/h)"
    for mark in _INTERCITY_MARKS:
        if mark in name:
            return "intercity", f"tariff line name contains {mark} (TB 10623-2014: ≤200 km/h)"
    return "conventional", "tariff line name has no 高速/高铁/客专/城际 mark"


def rail_classes(
    kind: Iterable[object], line_zh: Iterable[object], country: Iterable[object]
) -> tuple[np.ndarray, np.ndarray]:
    """Return the class and the passenger-only flag of each rail edge.

    Parameters
    ----------
    kind
        Edge kinds (``osm``, ``connector``, ``tariff``, ``planned``, ``access``).
    line_zh
        ``;``-separated tariff line names, or empty.
    country
        ISO country code of each edge; track outside China is broad gauge.

    """
    out_class, out_passenger = [], []
    for k, names, c in zip(kind, line_zh, country, strict=True):
        if k in ("connector", "access"):
            out_class.append(k)
            out_passenger.append(False)
            continue
        if isinstance(c, str) and c != "CN":
            out_class.append("broad_gauge")
            out_passenger.append(False)
            continue
        found = [rail_line_class(n)[0] for n in str(names).split(";")] if _named(names) else []
        found = found or ["conventional"]
        out_class.append(min(found, key=RAIL_CLASSES.index))
        out_passenger.append(all(f in PASSENGER_ONLY for f in found))
    return np.asarray(out_class, dtype=object), np.asarray(out_passenger, dtype=bool)


def road_classes(kind: Iterable[object], line_zh: Iterable[object]) -> np.ndarray:
    """Return the class of each road edge: on a traced expressway corridor, main road, connector."""
    out = []
    for k, names in zip(kind, line_zh, strict=True):
        if k in ("connector", "access"):
            out.append(k)
        elif _named(names) and any(_EXPRESSWAY_MARK in n for n in str(names).split(";")):
            out.append("expressway")
        else:
            out.append("main")
    return np.asarray(out, dtype=object)


def _named(names: object) -> bool:
    return names is not None and not (isinstance(names, float) and np.isnan(names)) and bool(names)
