"""Analysis on network distances: accessibility, gravity linkage, catchments, hierarchy, scenarios.

Each module has a pure function over matrices (``*_from``), checked by hand on small
networks in the tests, and a wrapper over the bundled data and a mode's OD table.
"""

from corridormap.analysis import accessibility, catchment, gravity, hierarchy, masses, scenario

__all__ = ["accessibility", "catchment", "gravity", "hierarchy", "masses", "scenario"]
