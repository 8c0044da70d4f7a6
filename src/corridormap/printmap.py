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
import unicodedata
from collections.abc import Sequence
from datetime import date
from typing import Any

import geopandas as gpd
import numpy as np
import pyproj
import shapely
from matplotlib import font_manager, patheffects
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ft2font import FT2Font
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.transforms import Bbox, ScaledTranslation

from corridormap import _print_frame, _print_measures, data, settings, symbology
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
_MARKERS = {"rail": "s", "road": "o", "air": "D"}
#: Width (mm) of the legend column to the right of the map.
_LEGEND_MM = 70.0
_HALO = [patheffects.withStroke(linewidth=2.2, foreground="white")]
_MAX_LABEL = 40
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
    family, glyphs = _font(settings.get().print_font)
    fig = _figure(view, paper, family, glyphs)
    out = io.BytesIO()
    if fmt == "png":
        meta = {"Title": _clean(view.title or "", glyphs), "Software": "corridormap"}
        fig.savefig(out, format="png", dpi=dpi, metadata=meta)
    else:
        fig.savefig(out, format="svg", metadata={"Date": None, "Creator": "corridormap"})
    return out.getvalue()


@functools.lru_cache(maxsize=4)
def _font(family: str) -> tuple[str, frozenset[int]]:
    """Return the font family to print with and the code points it can draw."""
    try:
        path = font_manager.findfont(
            font_manager.FontProperties(family=family), fallback_to_default=False
        )
    except ValueError as exc:
        raise ExportError(
            f"the font {family!r} for Chinese labels is not installed; install Debian's "
            "fonts-noto-cjk (bash scripts/setup.sh app does this)"
        ) from exc
    charmap = FT2Font(path).get_charmap()
    if ord("口") not in charmap:
        raise ExportError(
            f"the font {family!r} ({path}) has no Chinese characters; install fonts-noto-cjk"
        )
    return family, frozenset(charmap)


def _clean(text: str, glyphs: frozenset[int], limit: int = _MAX_LABEL) -> str:
    """Return text as printable: control and format marks dropped, undrawable characters as '?'."""
    kept = "".join(
        c if ord(c) in glyphs or c == " " else "?"
        for c in text
        if unicodedata.category(c) not in ("Cc", "Cf")
    ).strip()
    return kept if len(kept) <= limit else kept[: limit - 1] + "…"


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
    text = functools.partial(_text, family=family, glyphs=glyphs)
    if view.overlay is None:
        view = dataclasses.replace(view, overlay=Overlay.from_hierarchy(overview_hierarchy()))
    _draw_layers(ax, view, crs)
    placed = data.load_places()
    placed = placed[placed.geometry.notna()].to_crs(crs)
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    inside = placed.geometry.x.between(x0, x1) & placed.geometry.y.between(y0, y1)
    drawn = _draw_points(ax, view, placed[inside])
    boxes = _legend(ax, view, family, glyphs, beside=bool(right))
    _scale_bar(ax, crs, text)
    _north_arrow(ax, crs, text, view.lang)
    if "labels" in view.layers:
        language = view.lang if view.label_lang in (None, "both") else view.label_lang
        renderer = canvas.get_renderer()
        ends = {p.id for r in view.routes for p in (r.origin, r.destination)}
        first = [d for d in drawn if d.row.name in ends]
        rest = sorted((d for d in drawn if d.row.name not in ends), key=lambda d: d.priority)
        _draw_labels(ax, fig, renderer, first + rest, language, text, boxes)
    title = view.title or t("app_title", view.lang)
    text(fig, 0.5, 1 - 7 / height, title, size=15, weight="bold", ha="center", va="center",
         limit=90)  # fmt: skip
    source = f"{source_line(view)} · corridormap {date.today().isoformat()}"
    text(fig, 6 / width, 4 / height, source, size=5.5, color="#444444", va="center", limit=None,
         wrap=True)  # fmt: skip
    return fig


def _text(
    where: Any,
    x: float,
    y: float,
    *lines: str,
    family: str,
    glyphs: frozenset[int],
    limit: int | None = _MAX_LABEL,
    **kwargs: Any,
) -> Any:
    """Put lines of plain text (never mathtext) on a figure or axes, cleaned for the font."""
    shown = "\n".join(
        _clean(s, glyphs, limit) if limit else "".join(c if ord(c) in glyphs else "?" for c in s)
        for s in lines
    )
    return where.text(x, y, shown, family=family, parse_math=False, **kwargs)


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


@dataclasses.dataclass(frozen=True)
class _Drawn:
    """A drawn place: its row, tier and symbol size (points), and whether it gets a label."""

    row: Any
    tier: int | None
    size: float
    labelled: bool = True

    @property
    def priority(self) -> tuple[int, int]:
        kind = "port" if self.row["kind"] == "port" else str(self.row.get("city_kind"))
        order = {"league_seat": 0, "port": 1}.get(kind, 2)
        return (self.tier or 4, order)


def _draw_points(ax: Any, view: MapView, placed: gpd.GeoDataFrame) -> list[_Drawn]:
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
            drawn.append(_Drawn(row, tiers.get(str(pid)), size))
    if "ports" in view.layers:
        for pid, row in placed[placed["kind"] == "port"].iterrows():
            marker = _MARKERS.get(str(row["port_type"]), "o")
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
            drawn.append(_Drawn(row, None if air else tier, size, labelled=not air))
    return drawn


def _ring(ax: Any, x: float, y: float, radius_km: float, color: str) -> None:
    """Draw the dashed circle of ``radius_km`` around an approximately placed port.

    ``x``, ``y`` and the map are in the settings' projected CRS.
    """
    lon, lat = to_lonlat([x], [y])
    xs, ys = to_projected(*geodesic_circle(float(lon[0]), float(lat[0]), radius_km * 1000))
    ax.plot(xs, ys, color=color, lw=0.8, ls=(0, (3, 2)), zorder=7)


#: Label positions tried in turn (direction x, y; alignment): right, left, above, below, diagonals.
_OFFSETS = ((1, 0, "left", "center"), (-1, 0, "right", "center"), (0, 1, "center", "bottom"),
            (0, -1, "center", "top"), (0.8, 0.8, "left", "bottom"), (-0.8, 0.8, "right", "bottom"),
            (0.8, -0.8, "left", "top"), (-0.8, -0.8, "right", "top"))  # fmt: skip


def _draw_labels(
    ax: Any,
    fig: Figure,
    renderer: Any,
    drawn: Sequence[_Drawn],
    lang: str,
    text: Any,
    obstacles: Sequence[Any],
) -> None:
    """Label places in one language in the order given (route ends, then by priority).

    Each label takes the first position beside its symbol that overlaps no symbol, no label
    placed before it and no legend, and lies inside the frame; a label with no such position
    is left out.
    """
    frame = ax.get_window_extent(renderer)
    taken: list[Any] = [a.get_window_extent(renderer) for a in obstacles]
    taken += [_symbol_box(ax, fig, d) for d in drawn]
    for d in drawn:
        if not d.labelled:
            continue
        name = str(d.row["name_en"] if lang == "en" else d.row["name_zh"])
        gap = d.size / 2 + 2.0
        x, y = d.row.geometry.x, d.row.geometry.y
        for ux, uy, ha, va in _OFFSETS:
            label = text(ax, x, y, name, size=6.5 if (d.tier or 4) <= 2 else 5.8, ha=ha, va=va,
                         zorder=9, path_effects=_HALO)  # fmt: skip
            label.set_transform(ax.transData + _points_offset(fig, ux * gap, uy * gap))
            box = label.get_window_extent(renderer)
            if _outside(box, frame) == 0 and not any(_area(box, o) > 0 for o in taken):
                taken.append(box)
                break
            label.remove()


def _symbol_box(ax: Any, fig: Figure, d: _Drawn) -> Any:
    """Return the display box a place's symbol covers."""
    x, y = ax.transData.transform((d.row.geometry.x, d.row.geometry.y))
    half = d.size / 2 * fig.dpi / 72
    return Bbox.from_extents(x - half, y - half, x + half, y + half)


def _points_offset(fig: Figure, dx: float, dy: float) -> Any:
    return ScaledTranslation(dx / 72, dy / 72, fig.dpi_scale_trans)


def _area(a: Any, b: Any) -> float:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return float(w * h) if w > 0 and h > 0 else 0.0


def _outside(box: Any, frame: Any) -> float:
    inside = _area(box, frame)
    return float(box.width * box.height - inside)


def _legend(
    ax: Any, view: MapView, family: str, glyphs: frozenset[int], *, beside: bool = True
) -> list[Any]:
    """Draw the legend (beside the map, or below it on square paper) and the not-drawn note.

    Return them: labels keep clear of them.
    """
    lang = view.lang
    handles: list[Any] = [
        Line2D([], [], ls="", marker=_MARKERS[k], mfc="#777777", mec="white", ms=7,
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
        handlelength=4.2,
        **place,
    )  # fmt: skip
    legend.set_zorder(20)
    missing = _not_drawn(lang)
    if not missing:
        return [legend]
    note = (
        _clean(t("legend_not_drawn", lang), glyphs)
        + "\n"
        + "\n".join(_clean(n, glyphs) for n in missing)
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


def _scale_bar(ax: Any, crs: str, text: Any) -> None:
    """Draw a scale bar true at its own position (the map projection's scale factor there)."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    bx, by = x0 + 0.03 * (x1 - x0), y0 + 0.04 * (y1 - y0)
    lon, lat = pyproj.Transformer.from_crs(crs, 4326, always_xy=True).transform(bx, by)
    k = pyproj.Proj(crs).get_factors(lon, lat).parallel_scale
    km = _nice(0.2 * (x1 - x0) / 1000 / k)
    length = km * 1000 * k
    for i in range(4):
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
    for frac in (0, 0.5, 1):
        text(ax, bx + frac * length, by + 0.012 * (y1 - y0), f"{km * frac:g}",
             size=6, ha="center", va="bottom", zorder=21)  # fmt: skip
    text(ax, bx + length + 0.01 * (x1 - x0), by, "km", size=6, va="bottom", zorder=21)


def _north_arrow(ax: Any, crs: str, text: Any, lang: str) -> None:
    """Draw a north arrow along the local meridian (not the page's up, in a conic projection)."""
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
    ax.annotate(
        "", xy=(ax_x + ux * size, ax_y + uy * size), xytext=(ax_x, ax_y),
        arrowprops={"arrowstyle": "-|>,head_width=0.5,head_length=1.0", "color": "#222222", "lw": 1.4},
        zorder=21,
    )  # fmt: skip
    text(ax, ax_x + ux * size * 1.25, ax_y + uy * size * 1.25, "N" if lang == "en" else "北",
         size=9, weight="bold", ha="center", va="center", zorder=21)  # fmt: skip
