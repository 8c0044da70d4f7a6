"""Print map cartography: the region set apart, the faded frame, the tier legend rows.

The same treatment as the web map (:mod:`corridormap._web_layers`): Inner Mongolia light with
a dark outline, everything else under a white veil, and beyond the basemap's data box a
white mask reached through a short fade, so no layer ends in a hard clip edge.
"""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import shapely
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from corridormap import _web_layers, data, symbology
from corridormap.i18n import t

__all__ = ["HANDLERS", "basemap", "edge_fade", "tier_handles", "veil"]

#: Legend handler: a tier row shows its port, city and axis symbols side by side.
HANDLERS = {tuple: HandlerTuple(ndivide=None, pad=0.9)}
_FADE = ((0.9, 0.0), (0.65, 0.18), (0.4, 0.36), (0.18, 0.54))
_FADE_DEG = 0.18


def basemap(ax: Any, crs: str) -> None:
    """Draw countries and provinces muted, the region light, then the national borders."""
    data.load_basemap("countries").to_crs(crs).plot(
        ax=ax, color="#ebe8e1", edgecolor="#b5b1a8", linewidth=0.3
    )
    provinces = data.load_basemap("provinces").to_crs(crs)
    inside = (provinces["code"] == _web_layers.REGION_CODE).to_numpy()
    provinces[~inside].plot(ax=ax, color="#f3f1ec", edgecolor="#c9c5bc", linewidth=0.4)
    if inside.any():
        provinces[inside].plot(ax=ax, color="#fffefb", edgecolor="#c9c5bc", linewidth=0.4)
    data.load_basemap("borders").to_crs(crs).plot(
        ax=ax, color="#6d6d6d", linewidth=1.0, linestyle=(0, (6, 3))
    )


def veil(ax: Any, crs: str) -> None:
    """Veil all but the region, mask beyond the frame through a fade, outline the region."""
    box = shapely.box(*_web_layers.frame_box())
    outline = _web_layers.region()
    shapes = []
    if outline is not None:
        shapes.append((box.difference(outline), 0.42))
    shapes.append((shapely.box(40, -10, 180, 85).difference(box), 1.0))
    for opacity, inset in _FADE:
        outer = box.buffer(-inset, join_style="mitre")
        shapes.append((outer.difference(outer.buffer(-_FADE_DEG, join_style="mitre")), opacity))
    for geom, alpha in shapes:
        dense = shapely.segmentize(geom, 0.25)
        gpd.GeoSeries([dense], crs=4326).to_crs(crs).plot(
            ax=ax, color="white", alpha=alpha, linewidth=0, zorder=4.5
        )
    if outline is not None:
        gpd.GeoSeries([outline.boundary], crs=4326).to_crs(crs).plot(
            ax=ax, color="#3e2f28", linewidth=1.2, alpha=0.9, zorder=4.6
        )


def edge_fade(ax: Any) -> None:
    """Fade the map to white along the frame, so no line or fill stops at a hard edge."""
    for i, alpha in enumerate((0.85, 0.6, 0.35, 0.15)):
        w = 0.006
        for x, y, dx, dy in (
            (i * w, 0, w, 1), (1 - (i + 1) * w, 0, w, 1), (0, i * w, 1, w), (0, 1 - (i + 1) * w, 1, w)
        ):  # fmt: skip
            ax.add_patch(Rectangle((x, y), dx, dy, transform=ax.transAxes, fc="white",
                                   alpha=alpha, lw=0, zorder=4.7))  # fmt: skip


def tier_handles(lang: str) -> list[Any]:
    """Return the legend rows of the tiers: port, city and axis symbol at each tier's size."""
    rows: list[Any] = []
    for k in (*symbology.TIERS, None):
        port = Line2D([], [], ls="", marker="s", mfc="#777777", mec="white",
                      ms=symbology.port_size(k, print_=True))  # fmt: skip
        city = Line2D([], [], ls="", marker="o", mfc="#777777", mec="white",
                      ms=2 * symbology.city_radius(k, print_=True))  # fmt: skip
        axis = Line2D([], [], color="#8e244d", lw=symbology.axis_width(k, print_=True))
        label = t("legend_tier", lang, k=k) if k else t("legend_tier_none", lang)
        rows.append(((port, city, axis), label))
    return rows
