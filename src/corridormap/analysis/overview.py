"""The hierarchy the overview map draws by default: port, city and axis tiers and linkage flows.

Ports are ranked by published throughput where it exists, else by linkage: a port with
China–Europe trains (2022 or 2023) is tier 1; a port with a published 2023 freight figure
takes its natural-breaks class among those figures; every other land port takes its class by
its summed gravity linkage with the cities on its own network (a rail port on rail, a road
port on road). Air ports get no tier. Cities are ranked by mass (the setting, population by
default): natural breaks among the 12 league seats set the class floors, and every other
city takes the class its mass reaches. Axes (named lines) take their tier from
:func:`~corridormap.analysis.hierarchy.axis_tiers` on their mode. Flows are the port–city
linkage pairs at or above the mean, in three natural-breaks classes.

The result depends on the data folder and the settings, and is cached on both.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from corridormap import data, settings
from corridormap.analysis.gravity import gravity
from corridormap.analysis.hierarchy import axis_tiers, tiers_from
from corridormap.analysis.masses import mass_of, place_masses, ports_to_cities

__all__ = ["Flow", "Hierarchy", "flow_curve", "overview_hierarchy"]


@dataclass(frozen=True)
class Flow:
    """A port–city linkage drawn as a flow line: ``cls`` 1 is the strongest class."""

    port: str
    city: str
    linkage: float
    cls: int
    mode: str


@dataclass(frozen=True)
class Hierarchy:
    """Tiers of points and axes, what ranked each port, the city class floors, the flows."""

    point_tiers: dict[str, int] = field(default_factory=dict)
    axis_tiers: dict[str, int] = field(default_factory=dict)
    port_basis: dict[str, str] = field(default_factory=dict)
    city_floors: tuple[float, ...] = ()
    mass: str = "population"
    flows: tuple[Flow, ...] = ()


def overview_hierarchy() -> Hierarchy:
    """Return the default hierarchy of the bundled (or current) data under the current settings.

    Computed once per data folder and settings (routing both networks takes seconds).
    """
    current = settings.get()
    return _cached(current.geodata_dir, repr(current))


def flow_curve(
    a: tuple[float, float], b: tuple[float, float], bend: float, n: int = 24
) -> list[tuple[float, float]]:
    """Return a quadratic curve from ``a`` to ``b`` bowed sideways by ``bend`` times its length.

    Lines between places close together would coincide as straight lines; bowed to either
    side (the sign of ``bend``) they part.

    Examples
    --------
    >>> flow_curve((0.0, 0.0), (2.0, 0.0), 0.25, n=2)
    [(0.0, 0.0), (1.0, 0.5), (2.0, 0.0)]

    """
    (x0, y0), (x1, y1) = a, b
    cx, cy = (x0 + x1) / 2 - bend * (y1 - y0) * 2, (y0 + y1) / 2 + bend * (x1 - x0) * 2
    ts = np.linspace(0.0, 1.0, n + 1)
    xs = (1 - ts) ** 2 * x0 + 2 * (1 - ts) * ts * cx + ts**2 * x1
    ys = (1 - ts) ** 2 * y0 + 2 * (1 - ts) * ts * cy + ts**2 * y1
    return [(round(float(x), 5), round(float(y), 5)) for x, y in zip(xs, ys, strict=True)]


@functools.lru_cache(maxsize=4)
def _cached(root: Path, key: str) -> Hierarchy:
    """Compute the hierarchy; ``root`` and ``key`` (the settings) only key the cache."""
    places = data.load_places()
    mass = settings.get().mass
    links: list[pd.DataFrame] = []
    axes: dict[str, int] = {}
    for mode in settings.MODES:
        od = ports_to_cities(mode, ())
        g = gravity(mode, od=od)
        own = places.loc[g["port"], "port_type"].to_numpy() == mode
        links.append(g[(g["status"] == "ok").to_numpy() & own].assign(mode=mode))
        tiers = axis_tiers(mode, od=od)["tier"].dropna()
        axes |= {str(k): int(v) for k, v in tiers.items()}
    linked = pd.concat(links, ignore_index=True)
    ports, basis = _port_tiers(places, linked.groupby("port")["linkage"].sum())
    cities, floors = _city_tiers(places, mass)
    return Hierarchy(
        point_tiers=ports | cities,
        axis_tiers=axes,
        port_basis=basis,
        city_floors=floors,
        mass=mass,
        flows=_flows(linked),
    )


def _port_tiers(places: pd.DataFrame, linkage: pd.Series) -> tuple[dict[str, int], dict[str, str]]:
    ports = places[(places["kind"] == "port") & (places["port_type"] != "air")]
    trains = ports[["trains_2022", "trains_2023"]].astype(float).max(axis=1)
    freight = tiers_from(ports["freight_2023_10kt"].astype(float))
    by_linkage = tiers_from(linkage.reindex(ports.index).astype(float))
    tiers, basis = {}, {}
    for pid in ports.index:
        if trains[pid] > 0:
            tiers[pid], basis[pid] = 1, "trains"
        elif pd.notna(freight[pid]):
            tiers[pid], basis[pid] = int(freight[pid]), "freight"
        elif pd.notna(by_linkage[pid]):
            tiers[pid], basis[pid] = int(by_linkage[pid]), "linkage"
    return tiers, basis


def _city_tiers(places: pd.DataFrame, mass: str) -> tuple[dict[str, int], tuple[float, ...]]:
    cities = places[places["kind"] == "city"]
    value = mass_of(place_masses(), mass).reindex(cities.index).astype(float)
    seats = value[(cities["city_kind"] == "league_seat").to_numpy()].dropna()
    seat_tiers = tiers_from(seats)
    floors = tuple(float(seats[seat_tiers == k].min()) for k in (1, 2) if (seat_tiers == k).any())
    tiers = {}
    for pid, v in value.dropna().items():
        reached = [k for k, floor in enumerate(floors, start=1) if v >= floor]
        tiers[str(pid)] = reached[0] if reached else len(floors) + 1
    return tiers, floors


def _flows(linked: pd.DataFrame) -> tuple[Flow, ...]:
    kept = linked[linked["linkage"] >= linked["linkage"].mean()]
    classes = tiers_from(kept["linkage"].astype(float))
    return tuple(
        Flow(str(r.port), str(r.city), float(r.linkage), int(k), str(r.mode))  # type: ignore[arg-type]
        for r, k in zip(kept.itertuples(), classes, strict=True)
        if pd.notna(k)
    )
