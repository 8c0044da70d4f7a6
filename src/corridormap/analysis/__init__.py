"""Analysis on network distances: accessibility, gravity linkage, catchments, hierarchy, scenarios.

Each module has a pure function over matrices (``*_from``), checked by hand on small
networks in the tests, and a wrapper over the bundled data and a mode's OD table. The
modules are imported on first use.
"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING

from corridormap import _lazy

if TYPE_CHECKING:
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


def __getattr__(name: str) -> ModuleType:
    """Import a public submodule on first use."""
    return _lazy.submodule(__name__, tuple(__all__), name)
