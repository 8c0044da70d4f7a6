"""Comparing network states: a year against a year, or a year against a planned scenario.

A :class:`State` is the network as it stood at the end of a year (``None``: every open line)
with some planned corridors switched on. :func:`compare_states` returns every table a
researcher reads (OD, accessibility, linkage, catchment, point tiers, axes) before and after,
with the differences: ``*_delta`` = after − before, the accessibility change rate
(A_before − A_after) / A_before (positive: the place got closer to the cities), a ``changed``
flag where a catchment switches port or a place changes tier. When nothing changes,
:func:`why_unchanged` says why.

Switching a corridor on only adds edges, so within one year no shortest path gets longer;
between years, lines only open (none closes in the bundled data).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from corridormap import data, places, settings
from corridormap.analysis.accessibility import accessibility
from corridormap.analysis.catchment import catchment
from corridormap.analysis.daily import daily
from corridormap.analysis.gravity import gravity
from corridormap.analysis.hierarchy import axis_tiers, point_tiers
from corridormap.analysis.masses import (
    all_to,
    check_mass,
    ports_to_cities,
)
from corridormap.analysis.potential import potential
from corridormap.errors import TooManyPairsError
from corridormap.i18n import t

__all__ = [
    "State",
    "analysis_tables",
    "compare",
    "compare_states",
    "lines_between",
    "why_unchanged",
]


@dataclass(frozen=True)
class State:
    """A network state: a year (``None``: every open line) and planned corridors switched on.

    Examples
    --------
    >>> State(2015).label("en")
    '2015'
    >>> State(None, ("xb_ceke_shiveekhuren",)).label("en")
    'every open line + xb_ceke_shiveekhuren'

    """

    year: int | None = None
    planned: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        """Keep the planned ids sorted and unique, so equal states compare equal."""
        object.__setattr__(self, "planned", tuple(sorted(set(self.planned))))

    def label(self, lang: str = "zh") -> str:
        """Return the state in words: its year (or every open line) and its scenario."""
        year = str(self.year) if self.year is not None else t("state_all", lang)
        return " + ".join([year, *self.planned])


def compare(
    mode: str, planned: Sequence[str], *, mass: str | None = None
) -> dict[str, pd.DataFrame]:
    """Return before/after tables for switching ``planned`` on in the year in force."""
    year = settings.get().year
    return compare_states(mode, State(year), State(year, tuple(planned)), mass=mass)


def compare_states(
    mode: str,
    before: State,
    after: State,
    *,
    mass: str | None = None,
    by: str = "length",
    b: float | None = None,
    destinations: str = "cities",
) -> dict[str, pd.DataFrame]:
    """Return every table before and after, with differences, for two network states.

    Parameters
    ----------
    mode
        ``rail`` or ``road``.
    before, after
        The two states, e.g. ``State(2015)`` and ``State(2025)``, or ``State(2025)`` and
        ``State(2025, ("xb_ganqimaodu_gashuunsukhait",))``.
    mass, by, b, destinations
        As for :func:`analysis_tables` (``destinations``: the set the accessibility measures
        reach, :data:`corridormap.analysis.masses.DESTINATIONS`).

    Returns
    -------
    dict
        ``od`` (length and time per port-city pair), ``accessibility`` (weighted hours per
        place, ``change_rate``), ``potential`` (``change_rate`` = (P_after − P_before) /
        P_before: positive is better), ``daily`` (cities and mass reached within the hours), ``gravity`` (linkage per city-port pair), ``catchment``
        (port per city, ``changed``), ``points`` (tier per place, ``changed``), ``axes``
        (assigned linkage per line; ``flow_delta`` > 0 rises) and ``why`` (reasons, one per
        row, when no OD pair changed; see :func:`why_unchanged`).

    """
    one = _tables(mode, before, mass=mass, by=by, b=b, destinations=destinations)
    two = _tables(mode, after, mass=mass, by=by, b=b, destinations=destinations)
    return _compare(mode, before, after, one, two)


def _compare(
    mode: str,
    before: State,
    after: State,
    one: dict[str, pd.DataFrame],
    two: dict[str, pd.DataFrame],
) -> dict[str, pd.DataFrame]:
    """Pair the tables of two states (see :func:`compare_states`)."""
    ports = [p for p, place in places.gazetteer().places.items() if place.kind == "port"]
    od = _pair(
        one["od"][one["od"]["origin"].isin(ports)],
        two["od"][two["od"]["origin"].isin(ports)],
        ["origin", "destination"],
        ["length_km", "time_h"],
    )
    acc = _pair(
        one["accessibility"].reset_index(),
        two["accessibility"].reset_index(),
        ["place"],
        ["weighted_h", "plain_h"],
    )
    acc["change_rate"] = (acc["weighted_h_before"] - acc["weighted_h_after"]) / acc[
        "weighted_h_before"
    ]
    acc = acc.sort_values("change_rate", ascending=False, na_position="last")
    pot = _pair(
        one["potential"].reset_index(), two["potential"].reset_index(), ["place"], ["potential"]
    )
    pot["change_rate"] = pot["potential_delta"] / pot["potential_before"]
    day = _pair(
        one["daily"].reset_index().assign(status="ok"),
        two["daily"].reset_index().assign(status="ok"),
        ["place"],
        ["cities", "mass_reached", "share"],
    ).drop(columns=["status_before", "status_after"])
    grav = _pair(one["gravity"], two["gravity"], ["city", "port"], ["linkage", "membership"])
    cat = (
        one["catchment"]
        .reset_index()[["city", "port", "time_h"]]
        .merge(
            two["catchment"].reset_index()[["city", "port", "time_h"]],
            on="city",
            suffixes=("_before", "_after"),
        )
    )
    cat["changed"] = cat["port_before"].fillna("") != cat["port_after"].fillna("")
    cat["time_h_delta"] = cat["time_h_after"] - cat["time_h_before"]
    points = pd.concat(
        {"tier_before": one["points"]["tier"], "tier_after": two["points"]["tier"]}, axis=1
    )
    points["changed"] = points["tier_before"].fillna(0) != points["tier_after"].fillna(0)
    axes = pd.concat(
        {"flow_before": one["axes"]["flow"], "flow_after": two["axes"]["flow"]}, axis=1
    ).fillna(0.0)
    axes["flow_delta"] = axes["flow_after"] - axes["flow_before"]
    axes = axes.sort_values("flow_delta", ascending=False)
    out = {
        "od": od,
        "accessibility": acc,
        "potential": pot.sort_values("change_rate", ascending=False, na_position="last"),
        "daily": day.sort_values("mass_reached_delta", ascending=False),
        "gravity": grav,
        "catchment": cat,
        "points": points.reset_index(names="place"),
        "axes": axes,
    }
    out["why"] = pd.DataFrame(
        why_unchanged(mode, before, after, od) if _unchanged(od) else [],
        columns=["reason", "detail"],
    )
    return out


def analysis_tables(
    mode: str,
    *,
    mass: str | None = None,
    by: str = "length",
    b: float | None = None,
    planned: Sequence[str] = (),
    before: State | None = None,
    destinations: str = "cities",
) -> dict[str, pd.DataFrame]:
    """Return every table a researcher reads for one set of parameters.

    ``accessibility``, ``gravity``, ``catchment``, ``points`` and ``axes`` describe the network
    of the year in force with ``planned`` switched on. With ``planned`` given, or a ``before``
    state to compare with, ``scenario_*`` tables add before/after/difference (the before
    state defaults to the same year without the planned corridors).
    """
    now = State(settings.get().year, tuple(planned))
    tables = _tables(mode, now, mass=mass, by=by, b=b, destinations=destinations)
    out = {name: table for name, table in tables.items() if name != "od"}
    if before is None and planned:
        before = State(now.year)
    if before is not None:
        earlier = _tables(mode, before, mass=mass, by=by, b=b, destinations=destinations)
        for name, table in _compare(mode, before, now, earlier, tables).items():
            out[f"scenario_{name}"] = table
    return out


def lines_between(mode: str, before: State, after: State) -> pd.DataFrame:
    """Return the lines of ``after`` that ``before`` lacks: opened since, or switched on.

    One row per line (``line_zh``, ``corridor_id``, ``opened_year``, ``status``, ``km``,
    ``passenger_only``).
    """
    edges = data.load_edges(mode)
    opened = pd.to_numeric(edges.get("opened_year"), errors="coerce")
    first = -np.inf if before.year is None else before.year
    last = np.inf if after.year is None else after.year
    new_by_year = (edges["status"] == "open") & (opened > first) & (opened <= last)
    switched = edges["corridor_id"].isin(sorted(set(after.planned) - set(before.planned)))
    new = edges[new_by_year | (switched & (edges["status"] == "planned"))].copy()
    if "passenger_only" not in new:
        new["passenger_only"] = False
    new["km"] = new["length_m"] / 1000
    new["line_zh"] = new["line_zh"].fillna(new["corridor_id"]).fillna("")
    return (
        new.groupby(["line_zh", "status"], dropna=False)
        .agg(
            corridor_id=("corridor_id", "first"),
            opened_year=("opened_year", "min"),
            km=("km", "sum"),
            passenger_only=("passenger_only", "all"),
        )
        .reset_index()
        .sort_values("km", ascending=False)
    )


def why_unchanged(
    mode: str, before: State, after: State, od: pd.DataFrame | None = None
) -> list[tuple[str, str]]:
    """Return why no port-city route differs between two states, as (reason, detail) pairs.

    Reasons (translated by ``i18n.t(f"why_{reason}")``): ``same_state`` (the two states are
    the same), ``no_new_lines`` (no line of this mode opens between the years, and no
    corridor is switched on), ``freight_passenger_only`` (every new line is passenger-only
    and the freight profile may not use it), ``not_on_any_route`` (the new lines lie off every
    fastest route between the bundled places; ``detail`` names them, and the places abroad
    they lead to that no bundled route needs).
    """
    if before == after:
        return [("same_state", before.label())]
    new = lines_between(mode, before, after)
    if new.empty:
        span = f"{before.label()} → {after.label()}"
        return [("no_new_lines", span)]
    names = "、".join(str(n) for n in new["line_zh"].head(6))
    if settings.get().profile[mode] == "freight" and bool(new["passenger_only"].all()):
        return [("freight_passenger_only", names)]
    return [("not_on_any_route", names)]


def _unchanged(od: pd.DataFrame) -> bool:
    """Whether no OD pair's length or time differs (NaN = unreachable in both)."""
    for col in ("length_km", "time_h"):
        a, z = od[f"{col}_before"], od[f"{col}_after"]
        same = (a.isna() & z.isna()) | np.isclose(a.fillna(-1), z.fillna(-1), atol=1e-6)
        if not bool(same.all()):
            return False
    return True


def _tables(
    mode: str,
    state: State,
    *,
    mass: str | None,
    by: str,
    b: float | None,
    destinations: str = "cities",
) -> dict[str, pd.DataFrame]:
    """Every analysis table of one state (a year outside the supported span is refused)."""
    mass = check_mass(mass)
    with settings.override(year=state.year):
        od = ports_to_cities(mode, state.planned)
        tables = {
            "od": od,
            **_reach_tables(mode, state, mass, destinations),
            "gravity": gravity(mode, by=by, b=b, mass=mass, od=od),
            "catchment": catchment(mode, od=od),
            "points": point_tiers(mode, by=by, b=b, mass=mass, planned=state.planned, od=od),
            "axes": axis_tiers(mode, by=by, b=b, mass=mass, planned=state.planned, od=od),
        }
        return tables


def _reach_tables(mode: str, state: State, mass: str, destinations: str) -> dict[str, pd.DataFrame]:
    """Return accessibility, potential and daily reach; one ``too_many`` row each above the cap."""
    try:
        od = all_to(mode, state.planned, destinations)
    except TooManyPairsError as exc:
        refused = pd.DataFrame(
            {
                "status": ["too_many"],
                "detail": [str(exc)],
                "pairs_origins": [exc.origins],
                "pairs_destinations": [exc.destinations],
                "max_od_pairs": [exc.limit],
            }
        )
        return {name: refused.copy() for name in ("accessibility", "potential", "daily")}
    return {
        "accessibility": accessibility(mode, mass=mass, destinations=destinations, od=od),
        "potential": potential(mode, mass=mass, destinations=destinations, od=od),
        "daily": daily(mode, mass=mass, destinations=destinations, od=od),
    }


def _pair(
    before: pd.DataFrame, after: pd.DataFrame, keys: list[str], values: list[str]
) -> pd.DataFrame:
    merged = before[[*keys, *values, "status"]].merge(
        after[[*keys, *values, "status"]], on=keys, suffixes=("_before", "_after")
    )
    for v in values:
        merged[f"{v}_delta"] = merged[f"{v}_after"] - merged[f"{v}_before"]
    return merged
