"""The interaction measures on the print map (matplotlib): the same colours as the web map."""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path

from corridormap import tables
from corridormap.i18n import t
from corridormap.measure_layers import (
    BREAKING_COLOR,
    CLASS_STYLE,
    LEGEND_MAX,
    MeasureLayers,
    band_color,
    drawn,
    group_color,
)

__all__ = ["draw", "handles"]


def draw(ax: Any, layers: MeasureLayers, crs: str) -> None:
    """Draw the measures ``layers`` holds on ``ax`` (projected to ``crs``), under the places."""
    if layers.isochrones is not None:
        bands = layers.isochrones.to_crs(crs)
        for i in range(len(bands))[::-1]:
            bands.iloc[[i]].plot(ax=ax, color=band_color(i), alpha=0.3, edgecolor=band_color(i),
                                 linewidth=0.4, zorder=3)  # fmt: skip
    if layers.field is not None:
        shown = layers.field[(layers.field["cells"] > 0).to_numpy() & drawn(layers.field)]
        for i, row in enumerate(shown.to_crs(crs).itertuples()):
            ax.add_patch(_patch(row.geometry, group_color(i)))
    if layers.breaking_routes is not None and len(layers.breaking_routes):
        layers.breaking_routes.to_crs(crs).plot(ax=ax, color="#546e7a", linewidth=0.6, zorder=4)
    if layers.breaking is not None:
        ok = layers.breaking[
            (layers.breaking["status"] == "ok").to_numpy() & drawn(layers.breaking)
        ]
        if len(ok):
            ok.to_crs(crs).plot(ax=ax, color=BREAKING_COLOR, markersize=10, edgecolor="white",
                                linewidth=0.5, zorder=7)  # fmt: skip
    if layers.linkage_links is not None and layers.linkage_nodes is not None:
        _linkage(ax, layers, crs)


def handles(layers: MeasureLayers, lang: str) -> list[Any]:
    """Return the legend entries of the measures ``layers`` holds."""
    out: list[Any] = []
    if layers.isochrones is not None:
        out += [
            Patch(color=band_color(i), alpha=0.5, label=t("legend_within_h", lang, h=float(h)))
            for i, h in enumerate(layers.isochrones["hours"])
        ]
    if layers.field is not None:
        shown = layers.field[layers.field["cells"] > 0]["centre"][:LEGEND_MAX]
        out += [
            Patch(color=group_color(i), alpha=0.5, label=tables.place_label(str(c), lang))
            for i, c in enumerate(shown)
        ]
    if layers.breaking is not None:
        out.append(Line2D([], [], ls="", marker="o", mfc=BREAKING_COLOR, mec="white", ms=5,
                          label=t("legend_breaking", lang)))  # fmt: skip
    if layers.linkage_links is not None:
        out += [
            Line2D([], [], color=c, lw=w * 0.6, label=t("legend_link_class", lang, k=k))
            for k, (c, w, _) in CLASS_STYLE.items()
        ]
    return out


def _patch(geom: Any, color: str) -> Any:
    verts, codes = [], []
    for poly in shapely.get_parts(geom):
        for ring in [poly.exterior, *poly.interiors]:
            xy = np.asarray(ring.coords)
            verts.append(xy)
            codes.append([Path.MOVETO] + [Path.LINETO] * (len(xy) - 2) + [Path.CLOSEPOLY])
    path = Path(np.concatenate(verts), np.concatenate(codes))
    return PathPatch(path, facecolor=color, edgecolor=color, alpha=0.35, linewidth=0.3, zorder=3)


def _linkage(ax: Any, layers: MeasureLayers, crs: str) -> None:
    links = layers.linkage_links
    nodes = layers.linkage_nodes
    assert links is not None and nodes is not None
    for k, (color, width, alpha) in CLASS_STYLE.items():
        part = links[(links["link_class"] == k).to_numpy() & drawn(links)]
        if len(part):
            part.to_crs(crs).plot(ax=ax, color=color, linewidth=width * 0.5, alpha=alpha, zorder=4)
    live = nodes[(nodes["status"] != "no_mass").to_numpy() & drawn(nodes)]
    if len(live):
        top = float(live["strength"].max()) or 1.0
        size = 6 + 120 * np.sqrt(live["strength"].fillna(0).to_numpy(dtype=float) / top)
        colors = [group_color(int(c) - 1) for c in live["community"].fillna(1)]
        edges = ["#000000" if bool(c) else "#ffffff" for c in live["core"]]
        live.to_crs(crs).plot(ax=ax, markersize=size, color=colors, edgecolor=edges,
                              linewidth=0.6, zorder=7)  # fmt: skip
