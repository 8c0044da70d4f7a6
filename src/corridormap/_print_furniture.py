"""Map furniture for print: the legend, the note of ports not drawn, scale bar, north arrow."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyproj
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from corridormap import _print_frame, _print_measures, data
from corridormap._print_text import clean
from corridormap.i18n import t
from corridormap.render import (
    CATCHMENT_COLOR,
    CHANGE_COLORS,
    CITY_STYLE,
    CORRIDOR_COLORS,
    PORT_COLORS,
    ROUTE_COLORS,
    MapView,
)

#: Marker of each port type (rail, road, air) on the map and in the legend.
MARKERS = {"rail": "s", "road": "o", "air": "D"}


def legend(
    ax: Any, view: MapView, family: str, glyphs: frozenset[int], *, beside: bool = True
) -> list[Any]:
    """Draw the legend (beside the map, or below it on square paper) and the not-drawn note.

    Return them: labels keep clear of them.
    """
    lang = view.lang
    handles: list[Any] = [
        Line2D([], [], ls="", marker=MARKERS[k], mfc="#777777", mec="white", ms=7,
               label=t(f"legend_{k}_port", lang))
        for k in ("rail", "road", "air")
    ]  # fmt: skip
    handles += [
        Patch(color=PORT_COLORS["Russia"], label=t("legend_ru", lang)),
        Patch(color=PORT_COLORS["Mongolia"], label=t("legend_mn", lang)),
        Line2D([], [], ls="", marker="o", mfc=CITY_STYLE["league_seat"][0], mec="white", ms=6,
               label=t("legend_seat", lang)),
        Line2D([], [], ls="", marker="o", mfc=CITY_STYLE["hub"][0], mec="white", ms=6,
               label=t("legend_hub", lang)),
        Line2D([], [], ls="", marker="o", mfc=CITY_STYLE["cross_border"][0], mec="white", ms=6,
               label=t("legend_xb", lang)),
        Line2D([], [], color=CORRIDOR_COLORS["rail"], lw=2, label=t("legend_rail", lang)),
        Line2D([], [], color=CORRIDOR_COLORS["road"], lw=2, label=t("legend_road", lang)),
        Line2D([], [], color=CORRIDOR_COLORS["rail"], lw=2, ls=(0, (4, 3)),
               label=t("legend_planned", lang)),
        Line2D([], [], color="#6d6d6d", lw=1, ls=(0, (6, 3)), label=t("legend_border", lang)),
        Patch(fc="#fffefb", ec="#3e2f28", lw=1.2, label=t("legend_region", lang)),
    ]  # fmt: skip
    handles += _print_frame.tier_handles(lang)
    if (data.load_places().get("coord_quality") == "approximate").any():
        handles.append(
            Line2D([], [], marker="o", ls="none", mfc="white", mec="#777", mew=1.4, ms=6,
                   label=t("legend_approx", lang))
        )  # fmt: skip
    handles += [
        Line2D(
            [], [], color=ROUTE_COLORS[m], lw=2.4, label=t("legend_route", lang, mode=t(m, lang))
        )
        for m in dict.fromkeys(r.mode for r in view.routes)
    ]
    if view.overlay and view.overlay.catchment:
        handles.append(
            Line2D([], [], color=CATCHMENT_COLOR, lw=0.8, label=t("legend_catchment", lang))
        )
    over = view.overlay
    if over and over.changed:
        handles.append(Line2D([], [], color=CHANGE_COLORS["changed"], lw=1.6,
                              label=t("legend_changed", lang)))  # fmt: skip
    if over and over.rising:
        handles.append(Line2D([], [], color="#ff6f00", lw=2, label=t("legend_rising", lang)))
    if over and over.improved:
        handles.append(Line2D([], [], ls="", marker="o", mfc="none", mec=CHANGE_COLORS["improved"],
                              mew=1.6, ms=10, label=t("legend_improved", lang)))  # fmt: skip
    if view.measures is not None:
        handles += _print_measures.handles(view.measures, lang)
    place = (
        {"loc": "upper left", "bbox_to_anchor": (1.01, 1.0), "ncols": 1}
        if beside
        else {"loc": "upper center", "bbox_to_anchor": (0.5, -0.01), "ncols": 3}
    )
    pairs = [h if isinstance(h, tuple) else (h, h.get_label()) for h in handles]
    legend = ax.legend(
        handles=[h for h, _ in pairs], labels=[label for _, label in pairs], fontsize=6.5, frameon=True, framealpha=0.92,
        prop={"family": family, "size": 6.5}, borderpad=0.6, handler_map=_print_frame.HANDLERS,
        handlelength=4.2, labelspacing=0.75,
        **place,
    )  # fmt: skip
    legend.set_zorder(20)
    missing = _not_drawn(lang)
    if not missing:
        return [legend]
    note = (
        clean(t("legend_not_drawn", lang), glyphs)
        + "\n"
        + "\n".join(clean(n, glyphs) for n in missing)
    )
    return [
        legend,
        ax.text(
            0.995, 0.995, note, transform=ax.transAxes, ha="right", va="top", size=5.5,
            family=family, parse_math=False, zorder=20,
            bbox={"boxstyle": "round,pad=0.4", "fc": "white", "ec": "#aaaaaa", "alpha": 0.92},
        ),
    ]  # fmt: skip


def _not_drawn(lang: str) -> list[str]:
    placed = data.load_places()
    missing = placed[(placed["kind"] == "port") & placed.geometry.isna()]
    return [str(n) for n in (missing["name_en"] if lang == "en" else missing["name_zh"])]


def _nice(value: float) -> float:
    """Return the largest 1, 2, 2.5 or 5 times a power of ten not above ``value``."""
    power = 10 ** np.floor(np.log10(value))
    return float(max(m * power for m in (1, 2, 2.5, 5) if m * power <= value))


def scale_bar(ax: Any, crs: str, text: Any) -> list[Any]:
    """Draw a scale bar true at its own position (the map projection's scale factor there).

    Return its parts: labels keep clear of them.
    """
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    bx, by = x0 + 0.03 * (x1 - x0), y0 + 0.04 * (y1 - y0)
    lon, lat = pyproj.Transformer.from_crs(crs, 4326, always_xy=True).transform(bx, by)
    k = pyproj.Proj(crs).get_factors(lon, lat).parallel_scale
    km = _nice(0.2 * (x1 - x0) / 1000 / k)
    length = km * 1000 * k
    parts = [
        ax.add_patch(
            Rectangle(
                (bx + i * length / 4, by),
                length / 4,
                0.006 * (y1 - y0),
                fc="#222222" if i % 2 == 0 else "white",
                ec="#222222",
                lw=0.5,
                zorder=21,
            )
        )
        for i in range(4)
    ]
    parts += [
        text(ax, bx + frac * length, by + 0.012 * (y1 - y0), f"{km * frac:g}",
             size=6, ha="center", va="bottom", zorder=21)
        for frac in (0, 0.5, 1)
    ]  # fmt: skip
    parts.append(text(ax, bx + length + 0.01 * (x1 - x0), by, "km", size=6, va="bottom", zorder=21))
    return parts


def north_arrow(ax: Any, crs: str, text: Any, lang: str) -> list[Any]:
    """Draw a north arrow along the local meridian (not the page's up, in a conic projection).

    Return the arrow and its letter: labels keep clear of them.
    """
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    ax_x, ax_y = x0 + 0.05 * (x1 - x0), y1 - 0.12 * (y1 - y0)
    to_geo = pyproj.Transformer.from_crs(crs, 4326, always_xy=True)
    to_map = pyproj.Transformer.from_crs(4326, crs, always_xy=True)
    lon, lat = to_geo.transform(ax_x, ax_y)
    nx_, ny_ = to_map.transform(lon, lat + 0.5)
    dx, dy = nx_ - ax_x, ny_ - ax_y
    size = 0.07 * (y1 - y0)
    ux, uy = dx / np.hypot(dx, dy), dy / np.hypot(dx, dy)
    arrow = ax.annotate(
        "", xy=(ax_x + ux * size, ax_y + uy * size), xytext=(ax_x, ax_y),
        arrowprops={"arrowstyle": "-|>,head_width=0.5,head_length=1.0", "color": "#222222", "lw": 1.4},
        zorder=21,
    )  # fmt: skip
    letter = text(ax, ax_x + ux * size * 1.25, ax_y + uy * size * 1.25,
                  "N" if lang == "en" else "北", size=9, weight="bold", ha="center", va="center",
                  zorder=21)  # fmt: skip
    return [arrow, letter]
