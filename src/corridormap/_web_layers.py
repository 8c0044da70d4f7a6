"""Web map cartography: panes, the region set apart, the faded frame, place labels, flow lines.

Inner Mongolia is drawn light with a dark outline; everything outside it sits under a white
veil (neighbours muted, networks included); beyond the frame of the basemap (its data box)
the map is white, reached through a short fade, so no layer ends in a hard clip edge.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

import folium
import shapely

from corridormap import data, settings, symbology
from corridormap._leaflet import JsonLayer, MapCall, payload, point
from corridormap.analysis.overview import Flow, flow_curve
from corridormap.i18n import t

__all__ = [
    "LABEL_LANGS",
    "PANES",
    "REGION_CODE",
    "add_panes",
    "basemap",
    "flows",
    "frame_box",
    "labels",
    "region",
    "veil",
]

REGION_CODE = "CN-NM"
#: Map panes above Leaflet's overlay pane (400): veil, flows and routes, points, labels.
PANES = {"cmVeil": 440, "cmFlows": 450, "cmRoutes": 470, "cmPoints": 500, "cmLabels": 650}
#: Label languages: Chinese, English or both (two lines).
LABEL_LANGS = ("zh", "en", "both")
_FADE_STEPS = (0.9, 0.65, 0.4, 0.18)
_FADE_DEG = 0.18
_STYLE = {
    "countries": {"color": "#b5b1a8", "weight": 0.5, "fillColor": "#ebe8e1", "fillOpacity": 1.0},
    "provinces": {"color": "#c9c5bc", "weight": 0.6, "fillColor": "#f3f1ec", "fillOpacity": 1.0},
    "region": {"color": "#c9c5bc", "weight": 0.6, "fillColor": "#fffefb", "fillOpacity": 1.0},
    "borders": {"color": "#6d6d6d", "weight": 1.5, "dashArray": "6 3"},
    "outline": {"color": "#3e2f28", "weight": 2.4, "fill": False, "opacity": 0.9},
}


def add_panes(m: folium.Map) -> None:
    """Create the panes (before any layer is added)."""
    MapCall("cmPanes", PANES).add_to(m)


def region() -> shapely.Geometry | None:
    """Return Inner Mongolia's outline from the basemap, if the data has it."""
    provinces = data.load_basemap("provinces")
    rows = provinces[provinces["code"] == REGION_CODE]
    return shapely.union_all(rows.geometry.to_numpy()) if len(rows) else None


def frame_box() -> tuple[float, float, float, float]:
    """Return the lon/lat box the basemap covers: the map's frame."""
    x0, y0, x1, y1 = data.load_basemap("countries").total_bounds
    return float(x0), float(y0), float(x1), float(y1)


def basemap(m: folium.Map, display: Any) -> None:
    """Draw countries and provinces muted, the region light, then the national borders."""
    group = folium.FeatureGroup(name="basemap", control=False).add_to(m)
    for text in _basemap_payloads(settings.get().geodata_dir, display):
        JsonLayer(text, interactive=False).add_to(group)


@functools.lru_cache(maxsize=4)
def _basemap_payloads(root: Path, display: Any) -> tuple[str, ...]:
    """Return the JSON of the basemap's four layers for a data folder (cached)."""
    provinces = data.load_basemap("provinces")
    inside = provinces["code"] == REGION_CODE
    layers = (
        (data.load_basemap("countries").geometry, "countries"),
        (provinces[~inside].geometry, "provinces"),
        (provinces[inside].geometry, "region"),
        (data.load_basemap("borders").geometry, "borders"),
    )
    return tuple(
        payload([_feature(g, _STYLE[key]) for g in display(list(geoms))]) for geoms, key in layers
    )


def veil(m: folium.Map, display: Any) -> None:
    """Mute everything outside the region, fade to white at the frame, outline the region."""
    group = folium.FeatureGroup(name="veil", control=False).add_to(m)
    text = _veil_payload(settings.get().geodata_dir, display)
    JsonLayer(text, interactive=False, pane="cmVeil").add_to(group)


@functools.lru_cache(maxsize=4)
def _veil_payload(root: Path, display: Any) -> str:
    """Return the JSON of the veil, the fade and the region's outline for a data folder."""
    x0, y0, x1, y1 = frame_box()
    box = shapely.box(x0, y0, x1, y1)
    world = shapely.box(-180, -85, 180, 85)
    shapes: list[tuple[shapely.Geometry, dict[str, Any]]] = []
    outline = region()
    if outline is not None:
        shapes.append((box.difference(outline), _fill(0.42)))
    shapes.append((world.difference(box), _fill(1.0)))
    for i, opacity in enumerate(_FADE_STEPS):
        outer = box.buffer(-i * _FADE_DEG, join_style="mitre")
        shapes.append(
            (outer.difference(outer.buffer(-_FADE_DEG, join_style="mitre")), _fill(opacity))
        )
    features = [_feature(g, s) for shape, s in shapes for g in display([shape])]
    if outline is not None:
        features += [_feature(g, _STYLE["outline"]) for g in display([outline.boundary])]
    return payload(features)


def labels(
    m: folium.Map,
    lang: str,
    label_lang: str,
    tiers: Mapping[str, int],
    first: Collection[str] = (),
) -> None:
    """Label places by priority: tier first, league seats before ports before other cities.

    Tiers 1 and 2 and the 12 league seats show at the framed zoom, tier 3 one zoom step in,
    places without a tier two; overlapping labels are left out (``cm_map.js``). The places in
    ``first`` (the ends of the routes drawn) come before all others, at every zoom.
    """
    group = folium.FeatureGroup(name=t("layer_labels", lang)).add_to(m)
    placed = data.load_places()
    rows = placed[placed.geometry.notna() & (placed["port_type"].fillna("") != "air")]
    order = {"league_seat": 0, "port": 1, "hub": 2, "user": 2, "cross_border": 3}
    features = []
    for pid, row in rows.iterrows():
        tier = tiers.get(str(pid))
        kind = "port" if row["kind"] == "port" else str(row.get("city_kind"))
        seat = kind == "league_seat"
        lead = str(pid) in first
        rank = 0 if lead or seat or (tier or 4) <= 2 else (1 if tier == 3 else 2)
        radius = symbology.port_size(tier) / 2 if kind == "port" else symbology.city_radius(tier)
        prio = 0 if lead else 10 * (tier or 4) + order.get(kind, 3)
        text = label_text(row, label_lang)
        features.append(label_feature(row.geometry, text, "cm-label", prio, radius, rank))
    JsonLayer(features).add_to(group)


def label_feature(
    at: shapely.Point, text: str, cls: str, prio: float, r: float, rank: int
) -> dict[str, Any]:
    """Return a label point placed by ``cm_map.js``: lower ``prio`` first, kept off symbols.

    ``text`` is escaped HTML; ``r`` is the radius (px) of the symbol it labels (-1: none);
    ``rank`` 0 shows at every zoom, 1 and 2 one and two zoom steps in.
    """
    props = {
        "icon": f"<span>{text}</span>",
        "cls": cls,
        "size": [0, 0],
        "anchor": [0, 0],
        "pane": "cmLabels",
        "prio": prio,
        "r": r,
        "rank": rank,
    }
    return point(at.x, at.y, props)


def label_text(row: Any, label_lang: str) -> str:
    """Return a place's label as escaped HTML: Chinese, English, or both on two lines."""
    zh, en = html.escape(str(row["name_zh"])), html.escape(str(row["name_en"]))
    if label_lang == "both":
        return f"{zh}<small>{en}</small>"
    return en if label_lang == "en" else zh


def flows(m: folium.Map, lang: str, found: tuple[Flow, ...]) -> None:
    """Draw port–city linkage as curved lines, width by class, in a layer off by default."""
    group = folium.FeatureGroup(name=t("layer_flows", lang), show=False).add_to(m)
    placed = data.load_places()
    where = {pid: (g.x, g.y) for pid, g in placed.geometry.items() if g is not None}
    short = placed["name_en" if lang == "en" else "name_zh"].astype(str).to_dict()
    features = []
    for f in sorted(found, key=lambda f: -f.cls):
        if f.port not in where or f.city not in where:
            continue
        bend = 0.12 if f.mode == "rail" else -0.12
        style = {
            "color": symbology.FLOW_COLOR,
            "weight": symbology.flow_width(f.cls),
            "opacity": 0.55,
            "lineCap": "round",
            "className": f"cm-flow cm-flow-{f.cls}",
        }
        names = [short[p] for p in (f.port, f.city)]
        tip = html.escape(t("flow_tip", lang, a=names[0], b=names[1], r=f.linkage))
        geom = {"type": "LineString", "coordinates": flow_curve(where[f.port], where[f.city], bend)}
        features.append(
            {"type": "Feature", "geometry": geom, "properties": {"style": style, "tooltip": tip}}
        )
    JsonLayer(features, pane="cmFlows").add_to(group)


def _fill(opacity: float) -> dict[str, Any]:
    return {"stroke": False, "fillColor": "#ffffff", "fillOpacity": opacity}


def _feature(geom: dict[str, Any], style: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "geometry": geom, "properties": {"style": style}}
