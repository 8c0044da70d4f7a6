"""corridormap: Inner Mongolia's border ports, hinterland cities and the corridors between them.

Data flows one way: ``data`` (geodata/ layers) → ``network`` (osmnx graphs) →
``routing`` (routes, OD matrices) → ``render`` (folium maps). The CLI and the
Streamlit app are thin front ends over these modules.

The submodules are imported on first use (``corridormap.routing`` works after
``import corridormap``), so that a command loads only what it needs.
"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING

from corridormap import _lazy

if TYPE_CHECKING:
    from corridormap import data, errors, geometry, network, places, render, routing, settings

__all__ = ["data", "errors", "geometry", "network", "places", "render", "routing", "settings"]
__version__ = "0.1.0"


def __getattr__(name: str) -> ModuleType:
    """Import a public submodule on first use."""
    return _lazy.submodule(__name__, tuple(__all__), name)
