"""Graduated symbols of the hierarchy: tier to point size and line width, for web and print.

One place for the sizes, so the web map (:mod:`corridormap.render`) and the print map
(:mod:`corridormap.printmap`) draw the same classes. Tier 1 is the strongest. Web sizes are
CSS pixels; print sizes are points, :data:`PRINT_SCALE` times the web size (a 297 mm page is
about 840 pt wide against a map about 1,200 px wide on screen, with the print symbols a little
smaller still so the denser print page stays legible).

Examples
--------
>>> port_size(1) > port_size(2) > port_size(3) > port_size(None)
True
>>> axis_width(3, print_=True)
1.1
"""

from __future__ import annotations

__all__ = [
    "AIR_PORT_SIZE",
    "AXIS_WIDTH",
    "CITY_RADIUS",
    "FLOW_COLOR",
    "FLOW_WIDTH",
    "PORT_SIZE",
    "PRINT_SCALE",
    "TIERS",
    "axis_width",
    "city_radius",
    "flow_width",
    "port_size",
]

#: The tiers drawn, strongest first.
TIERS = (1, 2, 3)
#: Port symbol side (px) by tier; ports without a tier get the smallest.
PORT_SIZE = {1: 24.0, 2: 17.0, 3: 11.0}
#: City circle radius (px) by tier; cities without a mass get the smallest.
CITY_RADIUS = {1: 9.0, 2: 6.5, 3: 4.5}
#: Corridor stroke width (px) by axis tier; corridors no assigned linkage crosses are thinner.
AXIS_WIDTH = {1: 7.0, 2: 4.2, 3: 2.2}
#: Flow line width (px) by linkage class (natural breaks among the drawn links).
FLOW_WIDTH = {1: 5.0, 2: 2.8, 3: 1.4}
FLOW_COLOR = "#3f51b5"
AIR_PORT_SIZE = 12.0
_UNTIERED = {"port": 10.0, "city": 3.5, "axis": 1.6}
#: Print size (points) per web size (px).
PRINT_SCALE = 0.5


def port_size(tier: int | None, *, print_: bool = False) -> float:
    """Return the side of a port symbol of ``tier`` (px, or points with ``print_``)."""
    return _scaled(PORT_SIZE.get(tier, _UNTIERED["port"]) if tier else _UNTIERED["port"], print_)


def city_radius(tier: int | None, *, print_: bool = False) -> float:
    """Return the radius of a city circle of ``tier`` (px, or points with ``print_``)."""
    return _scaled(CITY_RADIUS.get(tier, _UNTIERED["city"]) if tier else _UNTIERED["city"], print_)


def axis_width(tier: int | None, *, print_: bool = False) -> float:
    """Return the stroke width of a corridor of ``tier`` (px, or points with ``print_``)."""
    return _scaled(AXIS_WIDTH.get(tier, _UNTIERED["axis"]) if tier else _UNTIERED["axis"], print_)


def flow_width(k: int, *, print_: bool = False) -> float:
    """Return the stroke width of a linkage flow line of class ``k``."""
    return _scaled(FLOW_WIDTH.get(k, FLOW_WIDTH[3]), print_)


def _scaled(px: float, print_: bool) -> float:
    return round(px * PRINT_SCALE, 2) if print_ else px
