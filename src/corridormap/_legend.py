"""The web map's legend: collapsible, at the upper right, one row for every style drawn.

The map opens framed to the left of it (``cm_map.js``), so it hides nothing drawn.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from corridormap import data, symbology
from corridormap.i18n import t

if TYPE_CHECKING:
    from corridormap.analysis.overview import Hierarchy
    from corridormap.render import MapView, Overlay

__all__ = ["CSS", "legend_html", "symbol"]

CSS = (
    "<style>.leaflet-container{background:#fff}"
    ".cm-legend{position:absolute;top:10px;right:10px;z-index:1000;background:rgba(255,255,255,.95);"
    "padding:4px 8px;font:11.5px/1.45 'Noto Sans CJK SC','Microsoft YaHei',sans-serif;border:1px solid #aaa;"
    "border-radius:4px;width:min(250px,40vw);max-height:calc(100% - 60px);overflow:auto;box-sizing:border-box}"
    ".cm-legend:not([open]){width:auto}.cm-legend summary{cursor:pointer;font-weight:bold}"
    ".cm-legend div{display:flex;align-items:center;gap:6px}.cm-legend i{width:11px;height:11px;border-radius:50%;display:inline-block;flex:none}"
    ".cm-legend b{width:22px;display:inline-block;flex:none}.cm-legend small{display:block;color:#555;margin-top:2px}"
    ".cm-legend .cm-tier span.cm-sym{width:26px;display:flex;justify-content:center;align-items:center;flex:none}"
    ".cm-title{position:absolute;top:8px;left:50%;transform:translateX(-50%);z-index:1000;"
    "background:rgba(255,255,255,.9);padding:4px 10px;font:bold 15px sans-serif}"
    ".cm-attrib{position:absolute;bottom:0;right:0;z-index:1000;background:rgba(255,255,255,.8);font:10px sans-serif;padding:1px 4px;max-width:60%}"
    ".cm-label span,.cm-corridor-label span{position:absolute;left:0;top:0;white-space:nowrap;font:11px/1.15 'Noto Sans CJK SC',sans-serif;color:#222;"
    "text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 3px #fff;text-align:center}.cm-label small{display:block;font-size:9.5px;color:#444}"
    ".cm-corridor-label span{font-weight:bold;color:#6d1b3b;font-size:10.5px}"
    "table.facts th{text-align:left;padding-right:6px;white-space:nowrap}table.facts td{word-break:break-all}</style>"
)


def legend_html(
    view: MapView,
    source: str,
    over: Overlay,
    hierarchy: Hierarchy,
    extra: Sequence[str] = (),
) -> str:
    """Return the legend, title and source line of a map as HTML (every text escaped)."""
    lang = view.lang
    rows = _point_rows(lang) + _tier_rows(view, hierarchy) + _line_rows(view, over)
    rows += list(extra)  # the interaction measures' entries, already escaped
    rows += _notes(lang)
    heading = f"<div class='cm-title'>{html.escape(view.title)}</div>" if view.title else ""
    summary = f"<summary>{html.escape(t('legend_title', lang))}</summary>"
    return (
        f"{CSS}{heading}<details class='cm-legend' id='cm-legend' open>{summary}"
        f"{''.join(rows)}</details><div class='cm-attrib'>{html.escape(source)}</div>"
    )


def symbol(shape: str, color: str, size: float, *, approximate: bool = False) -> str:
    """Return a port symbol (square, circle or diamond) as an inline-styled ``div``."""
    radius = {"circle": "50%", "square": "2px", "diamond": "2px"}[shape]
    turn = "transform:rotate(45deg);" if shape == "diamond" else ""
    side = size - 4 if shape == "diamond" else size
    fill = (
        f"background:{color};opacity:.55;border:2px dashed #000"
        if approximate
        else (f"background:{color};border:2px solid #fff")
    )
    return (
        f"<div style='width:{side:g}px;height:{side:g}px;{fill};box-sizing:border-box;"
        f"border-radius:{radius};{turn}box-shadow:0 0 2px #000'></div>"
    )


def _row(sym: str, key: str, lang: str, cls: str = "", **fmt: Any) -> str:
    attr = f" class='{cls}'" if cls else ""
    return f"<div{attr}>{sym}<span>{html.escape(t(key, lang, **fmt))}</span></div>"


def _heading(key: str, lang: str) -> str:
    return f"<small class='cm-key-heading'><b style='width:auto'>{html.escape(t(key, lang))}</b></small>"


def _point_rows(lang: str) -> list[str]:
    from corridormap.render import CITY_STYLE, PORT_COLORS, PORT_SHAPES  # noqa: PLC0415

    rows = [
        _row(symbol(PORT_SHAPES[k], "#777", 12), f"legend_{k}_port", lang)
        for k in ("rail", "road", "air")
    ]
    swatches = (
        (PORT_COLORS["Russia"], "legend_ru"),
        (PORT_COLORS["Mongolia"], "legend_mn"),
        (CITY_STYLE["league_seat"][0], "legend_seat"),
        (CITY_STYLE["hub"][0], "legend_hub"),
        (CITY_STYLE["cross_border"][0], "legend_xb"),
    )
    rows += [_row(f"<i style='background:{c}'></i>", key, lang) for c, key in swatches]
    placed = data.load_places()
    if (placed.get("city_kind") == "user").any():
        rows.append(
            _row(f"<i style='background:{CITY_STYLE['user'][0]}'></i>", "legend_user", lang)
        )
    if (placed.get("coord_quality") == "approximate").any():
        sym = symbol("circle", "#777", 12, approximate=True)
        rows.append(_row(sym, "legend_approx", lang, "cm-key-approx"))
    return rows


def _tier_rows(view: MapView, hierarchy: Hierarchy) -> list[str]:
    lang = view.lang
    rows = [_heading("legend_tiers", lang)]
    for k in (*symbology.TIERS, None):
        port = symbol("square", "#777", symbology.port_size(k))
        r = symbology.city_radius(k)
        city = f"<i style='width:{2 * r:g}px;height:{2 * r:g}px;background:#777'></i>"
        line = f"<b style='border-top:{symbology.axis_width(k):g}px solid #8e244d'></b>"
        cells = "".join(f"<span class='cm-sym'>{s}</span>" for s in (port, city, line))
        key = "legend_tier" if k else "legend_tier_none"
        rows.append(_row(cells, key, lang, "cm-tier", k=k))
    if view.overlay is not None:
        return [*rows, f"<small>{html.escape(t('legend_tiers_analysis', lang))}</small>"]
    notes = [t("legend_ports_basis", lang)]
    if len(hierarchy.city_floors) == 2:
        a, b = (_mass_text(v, hierarchy.mass, lang) for v in hierarchy.city_floors)
        mass = t(f"mass_{hierarchy.mass}", lang)
        notes.append(t("legend_cities_basis", lang, mass=mass, a=a, b=b))
    notes.append(t("legend_axes_basis", lang))
    return rows + [f"<small>{html.escape(n)}</small>" for n in notes]


def _mass_text(value: float, mass: str, lang: str) -> str:
    if mass != "population":
        return f"{value:,.0f}"
    return t("people_10k", lang, n=value / (1e4 if lang == "zh" else 1e6))


def _line_rows(view: MapView, over: Overlay) -> list[str]:
    from corridormap.render import (  # noqa: PLC0415
        CATCHMENT_COLOR,
        CHANGE_COLORS,
        CORRIDOR_COLORS,
        ROUTE_COLORS,
    )

    lang = view.lang
    rows = [
        _row(f"<b style='border-top:3px solid {CORRIDOR_COLORS['rail']}'></b>", "legend_rail", lang),
        _row(f"<b style='border-top:3px solid {CORRIDOR_COLORS['road']}'></b>", "legend_road", lang),
        _row(f"<b style='border-top:3px dashed {CORRIDOR_COLORS['rail']}'></b>", "legend_planned", lang),
        _row("<b style='border-top:2px dashed #6d6d6d'></b>", "legend_border", lang),
        _row("<b style='border-top:2.4px solid #3e2f28;height:6px;background:#fffefb'></b>",
             "legend_region", lang),
        _row(f"<b class='cm-key-flow' style='border-top:3px solid {symbology.FLOW_COLOR};opacity:.6'></b>",
             "legend_flows", lang),
    ]  # fmt: skip
    for mode in dict.fromkeys(r.mode for r in view.routes):
        sym = f"<b class='cm-key-route' style='border-top:4px solid {ROUTE_COLORS[mode]}'></b>"
        rows.append(_row(sym, "legend_route", lang, mode=t(mode, lang)))
    if over.catchment:
        sym = f"<b class='cm-key-catchment' style='border-top:1.5px solid {CATCHMENT_COLOR}'></b>"
        rows.append(_row(sym, "legend_catchment", lang))
    shown = (
        ("changed", over.changed, "border-top:3px solid"),
        ("rising", over.rising, "border-top:4px solid"),
        ("improved", over.improved, "border:2px solid"),
    )
    rows += [
        _row(
            f"<b class='cm-key-{key}' style='{style} {CHANGE_COLORS[key]}'></b>",
            f"legend_{key}",
            lang,
        )
        for key, items, style in shown
        if items
    ]
    return rows


def _notes(lang: str) -> list[str]:
    notes = [f"<small>{html.escape(t('legend_no_leagues', lang))}</small>"]
    placed = data.load_places()
    missing = placed[(placed["kind"] == "port") & placed.geometry.isna()]
    if len(missing):
        names = "、".join(missing["name_zh"]) if lang == "zh" else ", ".join(missing["name_en"])
        text = html.escape(t("legend_not_drawn", lang) + names)
        notes.append(f"<small class='cm-not-drawn'>{text}</small>")
    return notes
