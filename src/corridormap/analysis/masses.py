"""Masses for the analysis: population and GDP of cities, and of ports through their host league.

A port has no population or GDP of its own in the bundled data, so it takes the figures of the
league/city it lies in (``league_zh`` → the city whose ``admin_zh`` matches): Erenhot takes
Xilingol's, Manzhouli Hulunbuir's. ``mass_from`` says whose figures a row uses. Missing figures
stay missing; the measures then report ``no_mass`` instead of guessing.

Three masses (:data:`corridormap.settings.MASSES`): ``population`` (for every Chinese place the
2020 census), ``gdp`` (亿元, the latest year with a quoted source, so years differ between
places) and ``pg`` = √(population · GDP). :func:`mass_years` gives the year(s) behind each
place's mass, so no table mixes years silently.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from corridormap import data, places, routing, settings
from corridormap.errors import TooManyPairsError

__all__ = [
    "DESTINATIONS",
    "MASS_COLUMNS",
    "all_to",
    "check_mass",
    "check_pairs",
    "destination_ids",
    "mass_of",
    "mass_years",
    "place_masses",
    "ports_to_cities",
    "reach_table",
    "times_to_cities",
    "why_unreached",
    "without_self",
    "years_used",
]

MASS_COLUMNS = {"population": "population", "gdp": "gdp_100m_cny"}


def place_masses() -> pd.DataFrame:
    """Return ``population``, ``gdp_100m_cny``, their years and ``mass_from`` for every place."""
    return _masses(settings.get().geodata_dir).copy()


@functools.lru_cache(maxsize=4)
def _masses(root: Path) -> pd.DataFrame:
    places = data.load_places()
    cities = places[places["kind"] == "city"]
    by_admin = {str(a): pid for pid, a in cities["admin_zh"].items() if isinstance(a, str)}
    source = pd.Series(
        [
            pid if kind == "city" else by_admin.get(str(league), "")
            for pid, kind, league in zip(
                places.index, places["kind"], places.get("league_zh"), strict=True
            )
        ],
        index=places.index,
    )
    cols = ["population", "population_year", "gdp_100m_cny", "gdp_year"]
    values = cities[cols].astype(float).reindex(source.to_numpy())
    out = pd.DataFrame(values.to_numpy(), index=places.index, columns=cols)
    out["mass_from"] = source
    return out


def check_mass(mass: str | None) -> str:
    """Return ``mass``, or the setting when None; raise ValueError for an unknown one.

    Examples
    --------
    >>> check_mass("pg")
    'pg'
    >>> check_mass("area")
    Traceback (most recent call last):
    ...
    ValueError: mass must be one of ('population', 'gdp', 'pg'), got 'area'

    """
    chosen = settings.get().mass if mass is None else mass
    if chosen not in settings.MASSES:
        raise ValueError(f"mass must be one of {settings.MASSES}, got {chosen!r}")
    return chosen


def mass_of(masses: pd.DataFrame, mass: str) -> pd.Series:
    """Return one mass (``population``, ``gdp`` or ``pg``) as a float Series; NaN where unknown."""
    check_mass(mass)
    if mass == "pg":
        pop, gdp = (masses[MASS_COLUMNS[k]].astype(float) for k in ("population", "gdp"))
        return (pop * gdp).pow(0.5)
    return masses[MASS_COLUMNS[mass]].astype(float)


def mass_years(masses: pd.DataFrame, mass: str) -> pd.Series:
    """Return the year(s) of each place's mass as text: ``2020``, or ``2020/2023`` for ``pg``.

    Empty where the mass is unknown.
    """
    check_mass(mass)
    parts = {"population": ["population_year"], "gdp": ["gdp_year"]}.get(
        mass, ["population_year", "gdp_year"]
    )
    known = mass_of(masses, mass).notna()
    years = masses[parts].apply(
        lambda row: "/".join(str(int(v)) for v in row if pd.notna(v)), axis=1
    )
    return years.where(known, "")


def years_used(masses: pd.DataFrame, mass: str, places: Iterable[str]) -> str:
    """Return the distinct years behind the masses of ``places``, e.g. ``2020`` or ``2022, 2023``.

    A measure that sums the masses of many places states this beside its values.
    """
    years = mass_years(masses, mass).reindex(list(places)).dropna()
    distinct = sorted({y for value in years for y in value.split("/") if y})
    return ", ".join(distinct)


def check_pairs(origins: int, destinations: int) -> None:
    """Raise :class:`TooManyPairsError` above ``settings.max_od_pairs`` origin × destination pairs."""
    limit = settings.get().max_od_pairs
    if origins * destinations > limit:
        raise TooManyPairsError(origins, destinations, limit)


def all_to(mode: str, planned: Sequence[str] = (), destinations: str = "cities") -> pd.DataFrame:
    """Return the OD table from every place to a destination set: the accessibility input.

    Raises :class:`TooManyPairsError` above ``settings.max_od_pairs`` pairs.
    """
    g = places.gazetteer().places
    ids = destination_ids(destinations)
    check_pairs(len(g), len(ids))
    return routing.od_matrix(mode, list(g), ids, planned=planned)


def ports_to_cities(mode: str, planned: Sequence[str] = ()) -> pd.DataFrame:
    """Return the OD table from every port to every city: the input of linkage and catchments.

    It grows with places × ports, never with places².
    """
    g = places.gazetteer().places
    ports = [i for i in g if g[i].kind == "port"]
    return routing.od_matrix(mode, ports, [i for i in g if g[i].kind == "city"], planned=planned)


#: Destination sets of the accessibility measures: every city (the bundled cities at home and
#: abroad and uploaded ones), the 12 league seats, the hubs, the ports, or every place.
DESTINATIONS = settings.DESTINATIONS


def destination_ids(destinations: str = "cities") -> list[str]:
    """Return the ids of a destination set (:data:`DESTINATIONS`), in gazetteer order.

    Examples
    --------
    >>> len(destination_ids("seats"))
    12

    """
    if destinations not in DESTINATIONS:
        raise ValueError(f"destinations must be one of {DESTINATIONS}, got {destinations!r}")
    placed = data.load_places()
    kind = placed["kind"]
    city_kind = placed["city_kind"] if "city_kind" in placed else pd.Series("", index=placed.index)
    keep = {
        "cities": kind == "city",
        "seats": city_kind == "league_seat",
        "hubs": city_kind == "hub",
        "ports": kind == "port",
        "all": kind.notna(),
    }[destinations]
    wanted = set(placed.index[keep])
    return [i for i in places.gazetteer().places if i in wanted]


def times_to_cities(
    mode: str,
    planned: Sequence[str] = (),
    od: pd.DataFrame | None = None,
    destinations: str = "cities",
) -> pd.DataFrame:
    """Return hours from every place (rows) to a destination set (columns); NaN where unreachable.

    ``od`` may pass in :func:`all_to` already computed; routes to destinations it lacks are
    added.
    """
    g = places.gazetteer().places
    ids = destination_ids(destinations)
    check_pairs(len(g), len(ids))
    od = all_to(mode, planned, destinations) if od is None else od
    missing = sorted(set(ids) - set(od["destination"]))
    if missing:
        od = pd.concat([od, routing.od_matrix(mode, list(g), missing, planned=planned)])
    return od.pivot(index="origin", columns="destination", values="time_h").reindex(
        index=list(g), columns=ids
    )


def reach_table(
    mode: str,
    measure: Callable[[pd.DataFrame, pd.Series], pd.DataFrame],
    *,
    mass: str | None,
    destinations: str,
    planned: Sequence[str],
    od: pd.DataFrame | None,
) -> pd.DataFrame:
    """Run ``measure(times, mass)`` from every place to a destination set, and label the table.

    The shared frame of accessibility, potential and daily reach: the times, the chosen mass,
    each place's own reason where it reaches nothing, and the columns ``mode``, ``mass``,
    ``mass_years`` and ``destination_set``. ``od`` may pass in :func:`all_to` already computed.
    """
    mass = check_mass(mass)
    od = all_to(mode, planned, destinations) if od is None else od
    times = times_to_cities(mode, planned, od, destinations)
    masses = place_masses()
    out = measure(times, mass_of(masses, mass))
    if "status" in out:
        out["status"] = why_unreached(out["status"], od)
    out.insert(0, "mode", mode)
    out.insert(1, "mass", mass)
    out.insert(2, "mass_years", years_used(masses, mass, times.columns))
    out.insert(3, "destination_set", destinations)
    return out.rename_axis("place")


def without_self(times: pd.DataFrame) -> np.ndarray:
    """Return a time matrix as an array with each place's time to itself removed (NaN)."""
    t = times.to_numpy(dtype=float).copy()
    cols = {c: j for j, c in enumerate(times.columns)}
    for i, o in enumerate(times.index):
        if o in cols:
            t[i, cols[o]] = np.nan
    return t


def why_unreached(status: pd.Series, od: pd.DataFrame) -> pd.Series:
    """Return per-place statuses where ``no_route`` is replaced by the place's own reason.

    A place that reaches nothing because of itself (an air port, no coordinates, too far from
    the network) says so rather than the generic ``no_route``.
    """
    own = od.groupby("origin")["status"].agg(lambda v: v.iloc[0] if v.nunique() == 1 else "")
    own = own.reindex(status.index).fillna("")
    stuck = (status == "no_route") & own.isin(["air_port", "no_coordinates", "too_far"])
    return status.where(~stuck, own)
