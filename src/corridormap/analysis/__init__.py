"""Analysis on network distances: accessibility, gravity linkage, catchments, hierarchy, scenarios.

Each module has a pure function over matrices (``*_from``), checked by hand on small
networks in the tests, and a wrapper over the bundled data and a mode's OD table.
"""

from corridormap.analysis import (
    accessibility,
    breaking,
    catchment,
    field,
    gravity,
    hierarchy,
    linkage_network,
    masses,
    scenario,
)

__all__ = [
    "accessibility",
    "breaking",
    "catchment",
    "field",
    "gravity",
    "hierarchy",
    "linkage_network",
    "masses",
    "scenario",
]
