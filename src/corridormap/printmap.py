"""Print maps for reports: a map view as PNG (300 dpi) or SVG, with Chinese and English labels.

The figure is drawn with matplotlib in the project's Lambert conformal conic
(``settings.projected_crs``), so the scale bar is true where it stands (corrected by the
projection's scale factor there) and the north arrow follows the local meridian. Labels
use a CJK font (``settings.print_font``, Debian ``fonts-noto-cjk``); if it is missing the
export stops with a message instead of printing boxes. Text is never parsed as mathtext,
and characters the font cannot draw (other scripts, control and bidi marks) are dropped
or replaced, so a hostile name prints as plain characters.
"""

from __future__ import annotations

import dataclasses
import functools
import io
from datetime import date
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from corridormap import (
    _print_frame,
    _print_furniture,
    _print_labels,
    _print_measures,
    _print_text,
    data,
    settings,
    symbology,
)
from corridormap._print_furniture import MARKERS
from corridormap._print_labels import Drawn
from corridormap.analysis.overview import overview_hierarchy
from corridormap.errors import ExportError
from corridormap.geometry import geodesic_circle, to_lonlat, to_projected
from corridormap.i18n import t
from corridormap.render import (
    CATCHMENT_COLOR,
    CHANGE_COLORS,
    CITY_STYLE,
    CORRIDOR_COLORS,
    NETWORK_STYLE,
    PORT_COLORS,
    ROUTE_COLORS,
    MapView,
    Overlay,
    corridor_names,
    corridor_tier,
    source_line,
)

__all__ = ["PAPER", "print_map"]

#: Paper sizes in millimetres (width, height).
PAPER = settings.PAPER_MM
_FORMATS = ("png", "svg")
#: Width (mm) of the legend column to the right of the map.
_LEGEND_MM = 70.0
_MM = 1 / 25.4


def print_map(view: MapView, *, paper: str = "a4", fmt: str = "png", dpi: int = 300) -> bytes:
    """Return the map view drawn for print, as PNG or SVG bytes.

    Parameters
    ----------
    view
        What to draw (layers, routes, analysis overlay, language, title).
    paper
        ``a4`` (A4 landscape, 297 x 210 mm) or ``square`` (200 x 200 mm).
    fmt
        ``png`` or ``svg`` (SVG text is drawn as outlines, so it looks the same without the font).
    dpi
        Resolution of the PNG (the SVG is resolution-free).

    Raises
    ------
    ExportError
        If the paper or format is unknown or the CJK font is not installed.

    """
    if paper not in PAPER:
        raise ExportError(f"unknown paper {paper!r}; use one of {', '.join(PAPER)}")
    if fmt not in _FORMATS:
        raise ExportError(f"unknown image format {fmt!r}; use one of {', '.join(_FORMATS)}")
    if not 50 <= dpi <= 1200:
        raise ExportError(f"dpi must be between 50 and 1200, got {dpi}")
    family, glyphs = _print_text.font(settings.get().print_font)
    fig = _figure(view, paper, family, glyphs)
    out = io.BytesIO()
    if fmt == "png":
        meta = {"Title": _print_text.clean(view.title or "", glyphs), "Software": "corridormap"}
        fig.savefig(out, format="png", dpi=dpi, metadata=meta)
    else:
        fig.savefig(out, format="svg", metadata={"Date": None, "Creator": "corridormap"})
    return out.getvalue()


def _figure(view: MapView, paper: str, family: str, glyphs: frozenset[int]) -> Figure:
    width, height = PAPER[paper]
    fig = Figure(figsize=(width * _MM, height * _MM), facecolor="white")
    canvas = FigureCanvasAgg(fig)
    fig.set_layout_engine(None)
    top = 1 - 14 / height
    right = _LEGEND_MM if paper == "a4" else 0.0
    bottom = 9 / height if right else 62 / height
    ax = fig.add_axes((6 / width, bottom, 1 - (12 + right) / width, top - bottom))
    ax.set_axis_off()
    crs = settings.get().projected_crs
    _extent(ax, view, crs, fig)
    text = functools.partial(_print_text.text, family=family, glyphs=glyphs)
    if view.overlay is None:
        view = dataclasses.replace(view, overlay=Overlay.from_hierarchy(overview_hierarchy()))
    _draw_layers(ax, view, crs)
    placed = data.load_places()
    placed = placed[placed.geometry.notna()].to_crs(crs)
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    inside = placed.geometry.x.between(x0, x1) & placed.geometry.y.between(y0, y1)
    drawn = _draw_points(ax, view, placed[inside])
    boxes = _print_furniture.legend(ax, view, family, glyphs, beside=bool(right))
    boxes += _print_furniture.scale_bar(ax, crs, text)
    boxes += _print_furniture.north_arrow(ax, crs, text, view.lang)
    if "labels" in view.layers:
        language = view.lang if view.label_lang in (None, "both") else view.label_lang
        renderer = canvas.get_renderer()
        ends = {p.id for r in view.routes for p in (r.origin, r.destination)}
        first = [d for d in drawn if d.row.name in ends]
        rest = sorted((d for d in drawn if d.row.name not in ends), key=lambda d: d.priority)
        _print_labels.draw_labels(ax, fig, renderer, first + rest, language, text, boxes)
    title = view.title or t("app_title", view.lang)
    text(fig, 0.5, 1 - 7 / height, title, size=15, weight="bold", ha="center", va="center",
         limit=90)  # fmt: skip
    source = f"{source_line(view)} · corridormap {date.today().isoformat()}"
    text(fig, 6 / width, 4 / height, source, size=5.5, color="#444444", va="center", limit=None,
         wrap=True)  # fmt: skip
    return fig


def _extent(ax: Any, view: MapView, crs: str, fig: Figure) -> None:
    """Frame what is shown: the routes, else the measures, else Inner Mongolia; fit the paper."""
    frames: list[gpd.GeoSeries] = []
    if view.routes:
        frames = [gpd.GeoSeries([r.geometry], crs=4326) for r in view.routes]
    elif view.measures is not None and view.measures.bounds() is not None:
        frames = [gpd.GeoSeries([shapely.box(*view.measures.bounds())], crs=4326)]  # type: ignore[misc]
    else:
        provinces = data.load_basemap("provinces")
        region = provinces[provinces["code"] == "CN-NM"]
        frames = [region.geometry if len(region) else provinces.geometry]
    bounds = np.array([s.to_crs(crs).total_bounds for s in frames])
    x0, y0 = bounds[:, :2].min(axis=0)
    x1, y1 = bounds[:, 2:].max(axis=0)
    pad = 0.06 * max(x1 - x0, y1 - y0, 60_000.0)
    x0, y0, x1, y1 = x0 - pad, y0 - pad, x1 + pad, y1 + pad
    box = ax.get_position()
    aspect = (box.width * fig.get_figwidth()) / (box.height * fig.get_figheight())
    cx, cy, w, h = (x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, y1 - y0
    if w / h < aspect:
        w = h * aspect
    else:
        h = w / aspect
    ax.set_xlim(cx - w / 2, cx + w / 2)
    ax.set_ylim(cy - h / 2, cy + h / 2)
    ax.set_aspect("equal")


def _draw_layers(ax: Any, view: MapView, crs: str) -> None:
    _print_frame.basemap(ax, crs)
    for mode in ("road", "rail"):
        if mode in view.layers:
            style = NETWORK_STYLE[mode]
            data.load_display(mode).to_crs(crs).plot(
                ax=ax, color=style["color"], linewidth=style["weight"] * 0.35
            )
    over = view.overlay
    if "corridors" in view.layers:
        _draw_corridors(ax, crs, view)
    _print_frame.veil(ax, crs)
    _print_frame.edge_fade(ax)
    if over and over.catchment:
        _draw_catchment(ax, crs, over.catchment, set(over.changed))
    if view.measures is not None:
        _print_measures.draw(ax, view.measures, crs)
    for r in view.routes:
        line = gpd.GeoSeries([r.geometry], crs=4326).to_crs(crs)
        line.plot(ax=ax, color="white", linewidth=4.2, zorder=6)
        line.plot(ax=ax, color=ROUTE_COLORS[r.mode], linewidth=2.4, zorder=6.5)


def _draw_corridors(ax: Any, crs: str, view: MapView) -> None:
    over = view.overlay
    tiers = over.axis_tiers if over else {}
    rising = set(over.rising) if over else set()
    corridors = data.load_corridors()
    corridors = corridors[corridors.geometry.notna()].to_crs(crs)
    for _, row in corridors.iterrows():
        names = corridor_names(row)
        width = symbology.axis_width(corridor_tier(row, tiers), print_=True)
        color = "#ff6f00" if names & rising else CORRIDOR_COLORS.get(str(row["mode"]), "#444444")
        planned = row["status"] in ("planned", "under_construction")
        gpd.GeoSeries([row.geometry]).plot(
            ax=ax,
            color=color,
            linewidth=width,
            alpha=0.85,
            linestyle=(0, (4, 3)) if planned else "-",
            zorder=3,
        )


def _draw_catchment(ax: Any, crs: str, assigned: Any, changed: set[str]) -> None:
    placed = data.load_places()
    where = placed.geometry.dropna().to_crs(crs)
    for city, port in assigned.items():
        if city not in where.index or port not in where.index:
            continue
        a, b = where[city], where[port]
        hot = city in changed
        ax.plot(
            [a.x, b.x],
            [a.y, b.y],
            color=CHANGE_COLORS["changed"] if hot else CATCHMENT_COLOR,
            linewidth=1.6 if hot else 0.7,
            zorder=5,
        )


def _draw_points(ax: Any, view: MapView, placed: gpd.GeoDataFrame) -> list[Drawn]:
    """Draw cities and ports; return every drawn place (labels keep clear of all of them)."""
    tiers = view.overlay.point_tiers if view.overlay else {}
    improved = view.overlay.improved if view.overlay else {}
    for pid in improved:
        if pid in placed.index:
            ax.plot(placed.geometry[pid].x, placed.geometry[pid].y, "o", ms=14, mfc="none",
                    mec=CHANGE_COLORS["improved"], mew=1.8, zorder=8)  # fmt: skip
    drawn = []
    if "cities" in view.layers:
        for pid, row in placed[placed["kind"] == "city"].iterrows():
            color, _ = CITY_STYLE.get(str(row["city_kind"]), ("#555555", 5))
            size = 2 * symbology.city_radius(tiers.get(str(pid)), print_=True)
            ax.plot(
                row.geometry.x,
                row.geometry.y,
                "o",
                ms=size,
                mfc=color,
                mec="white",
                mew=0.8,
                zorder=7,
                clip_on=False,
            )
            drawn.append(Drawn(row, tiers.get(str(pid)), size))
    if "ports" in view.layers:
        for pid, row in placed[placed["kind"] == "port"].iterrows():
            marker = MARKERS.get(str(row["port_type"]), "o")
            color = PORT_COLORS.get(str(row["faces"]), PORT_COLORS["none"])
            tier = tiers.get(str(pid))
            air = marker == "D"
            size = symbology.AIR_PORT_SIZE * 0.4 if air else symbology.port_size(tier, print_=True)
            approximate = row.get("coord_quality") == "approximate"
            if approximate:  # hollow, with the dashed circle it lies within
                _ring(ax, row.geometry.x, row.geometry.y, float(row["coord_radius_km"]), color)
            ax.plot(
                row.geometry.x,
                row.geometry.y,
                marker,
                ms=size,
                mfc="white" if approximate else color,
                mec=color if approximate else "white",
                mew=1.4 if approximate else 0.9,
                zorder=8,
                clip_on=False,
            )
            drawn.append(Drawn(row, None if air else tier, size, labelled=not air))
    return drawn


def _ring(ax: Any, x: float, y: float, radius_km: float, color: str) -> None:
    """Draw the dashed circle of ``radius_km`` around an approximately placed port.

    ``x``, ``y`` and the map are in the settings' projected CRS.
    """
    lon, lat = to_lonlat([x], [y])
    xs, ys = to_projected(*geodesic_circle(float(lon[0]), float(lat[0]), radius_km * 1000))
    ax.plot(xs, ys, color=color, lw=0.8, ls=(0, (3, 2)), zorder=7)
