"""corridormap: Inner Mongolia's border ports, hinterland cities and the corridors between them.

Data flows one way: ``data`` (geodata/ layers) → ``network`` (osmnx graphs) →
``routing`` (routes, OD matrices) → ``render`` (folium maps). The CLI and the
Streamlit app are thin front ends over these modules.
"""

from corridormap import data, errors, geometry, network, places, render, routing, settings

__all__ = ["data", "errors", "geometry", "network", "places", "render", "routing", "settings"]
__version__ = "0.1.0"
