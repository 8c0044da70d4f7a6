"""Folium maps of the point-axis-network: basemap, networks, corridors, ports, cities, routes.

Maps need no network: Leaflet comes inline or from the app itself (``_leaflet``), no tile
server is used (the basemap is vector, from ``geodata/``), and folium's default CDN scripts
(jQuery, Bootstrap, Font Awesome) are dropped: every symbol is a Leaflet vector or an
inline-styled ``L.divIcon``. Every data string that reaches HTML is escaped here.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import folium
import shapely

from corridormap import _legend, data, display, measure_layers, popups, settings, symbology, tables
from corridormap import _web_layers as web
from corridormap._leaflet import (
    JsonLayer,
    MapCall,
    OfflineMap,
    Raw,
    point,
    use_leaflet,
)
from corridormap._legend import symbol as _symbol
from corridormap.analysis.overview import overview_hierarchy
from corridormap.i18n import t
from corridormap.mapview import MapView, Overlay

if TYPE_CHECKING:
    from corridormap.routing import Route

__all__ = [
    "ATTRIBUTION",
    "CITY_STYLE",
    "CORRIDOR_COLORS",
    "DEFAULT_LAYERS",
    "LABEL_LANGS",
    "NETWORK_STYLE",
    "PORT_COLORS",
    "ROUTE_COLORS",
    "MapView",
    "Overlay",
    "corridor_names",
    "map_html",
    "network_map",
    "source_line",
]

ATTRIBUTION = (
    "Rail and road lines © OpenStreetMap contributors (ODbL 1.0) via scgraph-data; line names: "
    "全国客里表 via qETRC (GPL-3.0); borders: Natural Earth; provinces: DCW-GMT. "
    "Sources of every value: geodata/SOURCES.md"
)
DEFAULT_LAYERS = settings.MAP_LAYERS
#: Place label languages: Chinese, English, or both on two lines.
LABEL_LANGS = web.LABEL_LANGS
#: Port symbol fill by the country a land port faces.
PORT_COLORS = {"Russia": "#c0392b", "Mongolia": "#1f6fb2", "none": "#7b4fa0"}
#: Port symbol shape by port type.
PORT_SHAPES = {"rail": "square", "road": "circle", "air": "diamond"}
CITY_STYLE = {
    "league_seat": ("#2e7d32", 7),
    "hub": ("#e67e22", 6),
    "cross_border": ("#555555", 5),
    "user": ("#00897b", 6),
}
NETWORK_STYLE: dict[str, dict[str, Any]] = {
    "rail": {"color": "#555555", "weight": 1.4},
    "road": {"color": "#c8a878", "weight": 0.8},
}
CORRIDOR_COLORS = {"rail": "#8e244d", "road": "#d07a12"}
CHANGE_COLORS = {"changed": "#e53935", "rising": "#ef6c00", "improved": "#2e7d32"}
#: Route colours: magenta and cyan, apart from the ports' blue and red and the corridors.
ROUTE_COLORS = {"rail": "#d81b60", "road": "#00acc1"}
#: Catchment links: solid brown, unlike the dashed grey border.
CATCHMENT_COLOR = "#8d6e63"


def network_map(view: MapView | None = None, *, assets: str = "inline") -> folium.Map:
    """Return a folium map of the bundled layers as ``view`` asks, with any routes on top.

    Without an analysis overlay the map draws the default hierarchy
    (:func:`~corridormap.analysis.overview.overview_hierarchy`): graduated ports, cities and
    corridors, and the port–city linkage flows as a layer that is off until switched on.

    Parameters
    ----------
    view
        What to draw (default: every layer, Chinese, no routes).
    assets
        ``inline`` puts Leaflet in the page (one file that opens anywhere); ``served``
        links it from the app's ``/app/static`` folder.

    """
    view = view or MapView()
    lang, layers = view.lang, view.layers
    m = OfflineMap(
        location=(44.0, 113.0), zoom_start=5, tiles=None, control_scale=True, zoom_snap=0.25
    )
    use_leaflet(m, assets)
    web.add_panes(m)
    MapCall("cmFrame", {"bounds": _frame(view)}).add_to(m)
    hierarchy = overview_hierarchy()
    over = view.overlay or Overlay.from_hierarchy(hierarchy)
    web.basemap(m, display.basemap_display)
    for mode in ("road", "rail"):
        if mode in layers:
            group = folium.FeatureGroup(name=t(f"layer_{mode}", lang)).add_to(m)
            display.plain_layer("display", mode, NETWORK_STYLE[mode]).add_to(group)
    if "corridors" in layers:
        _corridors(m, lang, over.axis_tiers, set(over.rising))
    web.veil(m, display.basemap_display)
    if view.measures is not None:
        measure_layers.draw(m, view.measures, lang)
    web.flows(m, lang, hierarchy.flows)
    if over.catchment:
        _catchment(m, lang, over.catchment, set(over.changed))
    if "cities" in layers:
        _places(m, lang, "city", over.point_tiers)
    if "ports" in layers:
        _places(m, lang, "port", over.point_tiers)
    if over.improved:
        _improved(m, lang, over.improved)
    if "labels" in layers:
        ends = {p.id for r in view.routes for p in (r.origin, r.destination)}
        web.labels(m, lang, view.label_lang or lang, over.point_tiers, ends)
    if view.routes:
        _routes(m, view.routes, lang)
    folium.LayerControl(collapsed=True, position="topleft").add_to(m)
    root: Any = m.get_root()
    extra = measure_layers.legend_rows(view.measures, lang) if view.measures else []
    legend = _legend.legend_html(view, source_line(view), over, hierarchy, extra)
    root.html.add_child(Raw(legend))
    MapCall("cmSetup", {}).add_to(m)
    return m


def _frame(view: MapView) -> list[list[float]]:
    """Return the bounds the map opens on: the routes, else the measures, else the region."""
    if view.routes:
        box = shapely.union_all([r.geometry for r in view.routes]).bounds
    elif view.measures is not None and view.measures.bounds() is not None:
        box = view.measures.bounds()
    else:
        outline = web.region()
        box = outline.bounds if outline is not None else web.frame_box()
    minx, miny, maxx, maxy = box
    return [[miny, minx], [maxy, maxx]]


def map_html(m: folium.Map) -> str:
    """Return the map as one HTML document (self-contained when built with ``assets="inline"``)."""
    return str(m.get_root().render())


def _name(row: Any, lang: str) -> str:
    """Return the escaped bilingual name, the chosen language first."""
    zh, en = str(row["name_zh"]), str(row["name_en"])
    return html.escape(f"{en} {zh}" if lang == "en" else f"{zh} {en}")


def _places(m: folium.Map, lang: str, kind: str, tiers: Mapping[str, int]) -> None:
    group = folium.FeatureGroup(
        name=t("layer_ports" if kind == "port" else "layer_cities", lang)
    ).add_to(m)
    placed = data.load_places()
    rows = placed[(placed["kind"] == kind) & placed.geometry.notna()]
    features = []
    for pid, row in rows.iterrows():
        props: dict[str, Any] = {"tooltip": _name(row, lang)}
        if kind == "port":
            shape = PORT_SHAPES.get(str(row["port_type"]), "circle")
            color = PORT_COLORS.get(str(row["faces"]), PORT_COLORS["none"])
            air = row["port_type"] == "air"
            size = symbology.AIR_PORT_SIZE if air else symbology.port_size(tiers.get(str(pid)))
            approximate = row.get("coord_quality") == "approximate"
            if approximate:
                _uncertainty_ring(group, row)
            props |= {
                "icon": _symbol(shape, color, size, approximate=approximate),
                "size": [size, size],
                "anchor": [size / 2, size / 2],
                "pane": "markerPane",
            }
            props |= {
                "cls": f"cm-port port-{_css_token(str(pid))}",
                "popup": popups.port_popup(row, lang),
            }
        else:
            color, _ = CITY_STYLE.get(str(row.get("city_kind")), ("#555555", 5))
            props["style"] = {
                "radius": symbology.city_radius(tiers.get(str(pid))),
                "pane": "cmPoints",
                "color": "#ffffff",
                "weight": 1,
                "fillColor": color,
                "fillOpacity": 0.95,
                "className": f"cm-city city-{_css_token(str(pid))}",
            }
            props["popup"] = popups.city_popup(row, lang)
        features.append(point(row.geometry.x, row.geometry.y, props))
    JsonLayer(features).add_to(group)


def _uncertainty_ring(group: Any, row: Any) -> None:
    """Draw the circle within which an approximately placed port lies."""
    radius_km = float(row.get("coord_radius_km") or 0)
    if radius_km > 0:
        folium.Circle(
            location=[row.geometry.y, row.geometry.x],
            radius=radius_km * 1000,
            color=PORT_COLORS.get(str(row["faces"]), PORT_COLORS["none"]),
            weight=1.5,
            dash_array="5 5",
            fill=False,
            interactive=False,
            class_name="cm-approx-ring",
            pane="cmPoints",
        ).add_to(group)


def _corridors(m: folium.Map, lang: str, tiers: Mapping[str, int], rising: set[str]) -> None:
    corridors = data.load_corridors()
    corridors = corridors[corridors.geometry.notna()]
    lines, names = [], []
    for cid, row in corridors.iterrows():
        planned = row["status"] in ("planned", "under_construction")
        style = {
            "color": CORRIDOR_COLORS.get(str(row["mode"]), "#444444"),
            "weight": _axis_weight(row, tiers),
            "opacity": 0.85,
            "className": f"cm-corridor corridor-{_css_token(str(cid))}",
        }
        if planned:
            style["dashArray"] = "8 6"
        if corridor_names(row) & rising:
            style["color"] = "#ff6f00"
            style["className"] = f"{style['className']} cm-rising"
        tip = popups.corridor_tip(row, lang)
        geom = display.display_geometry([row.geometry], display.TOLERANCE["corridors"])[0]
        lines.append(
            {"type": "Feature", "geometry": geom, "properties": {"style": style, "tooltip": tip}}
        )
        anchor = _label_point(row.geometry)
        text = html.escape(str(row["name_en"] if lang == "en" else row["name_zh"]).split(",")[0])
        prio = 100 + (corridor_tier(row, tiers) or 4)
        names.append(web.label_feature(anchor, text, "cm-corridor-label", prio, -1, 0))
    JsonLayer(lines).add_to(folium.FeatureGroup(name=t("layer_corridors", lang)).add_to(m))
    JsonLayer(names).add_to(
        folium.FeatureGroup(name=t("layer_corridor_labels", lang), show=False).add_to(m)
    )


def corridor_names(row: Any) -> set[str]:
    """Return a corridor's own name and the tariff line names it stands for (axis tier keys)."""
    names = {str(row["name_zh"])}
    if isinstance(row.get("line_name_in_tariff"), str):
        names |= {n.strip() for n in row["line_name_in_tariff"].split(";")}
    return names


def corridor_tier(row: Any, tiers: Mapping[str, int]) -> int | None:
    """Return a corridor's best axis tier among the lines it stands for, if any has one.

    An axis named ``<name> <section>`` (an added line, e.g. ``包满铁路 白云鄂博—巴音花—满都拉``)
    counts for the corridor whose Chinese name is, or contains, ``<name>``.
    """
    names = corridor_names(row)
    own = str(row["name_zh"])
    found = [
        int(tier)
        for line, tier in tiers.items()
        if line in names or (" " in line and line.split(" ")[0] in own)
    ]
    return min(found) if found else None


def _axis_weight(row: Any, tiers: Mapping[str, int]) -> float:
    """Width of a corridor by its axis tier (thinnest without one)."""
    return symbology.axis_width(corridor_tier(row, tiers))


def _catchment(m: folium.Map, lang: str, assigned: Mapping[str, str], changed: set[str]) -> None:
    group = folium.FeatureGroup(name=t("layer_catchment", lang)).add_to(m)
    placed = data.load_places()
    where = {pid: (g.x, g.y) for pid, g in placed.geometry.items() if g is not None}
    features = []
    for city, port in assigned.items():  # in the flows pane: above the veil
        if city not in where or port not in where:
            continue
        hot = city in changed
        style = {
            "color": CHANGE_COLORS["changed"] if hot else CATCHMENT_COLOR,
            "weight": 3 if hot else 1.4,
            "opacity": 0.9,
            "pane": "cmFlows",
            "className": f"cm-catchment{' cm-changed' if hot else ''}",
        }
        tip = html.escape(f"{_name(placed.loc[city], lang)} → {_name(placed.loc[port], lang)}")
        geom = {"type": "LineString", "coordinates": [list(where[city]), list(where[port])]}
        features.append(
            {"type": "Feature", "geometry": geom, "properties": {"style": style, "tooltip": tip}}
        )
    JsonLayer(features).add_to(group)


def _improved(m: folium.Map, lang: str, improved: Mapping[str, float]) -> None:
    """Ring the places whose accessibility improves most, with the rate in the tooltip."""
    group = folium.FeatureGroup(name=t("layer_improved", lang)).add_to(m)
    placed = data.load_places()
    rings = []
    for pid, rate in improved.items():
        geom = placed.geometry.get(pid)
        if geom is None or geom.is_empty:
            continue
        style = {
            "radius": 13,
            "color": CHANGE_COLORS["improved"],
            "weight": 3,
            "fill": False,
            "className": "cm-improved",
            "pane": "cmPoints",
        }
        tip = html.escape(
            t("improved_tip", lang, name=_name(placed.loc[pid], lang), rate=100 * rate)
        )
        rings.append(point(geom.x, geom.y, {"style": style, "tooltip": tip}))
    JsonLayer(rings).add_to(group)


def _label_point(geom: shapely.Geometry) -> shapely.Point:
    parts = shapely.get_parts(geom)
    longest = parts[int(shapely.length(parts).argmax())]
    return shapely.line_interpolate_point(longest, 0.5, normalized=True)


def _routes(m: folium.Map, routes: Sequence[Route], lang: str) -> None:
    group = folium.FeatureGroup(name=t("layer_route", lang)).add_to(m)
    features = []
    for r in routes:
        a, b = (
            (r.origin.name_en, r.destination.name_en)
            if lang == "en"
            else (r.origin.name_zh, r.destination.name_zh)
        )
        tip = html.escape(f"{a} → {b} ({t(r.mode, lang)}): {r.length_km:.1f} km, {r.time_h:.2f} h")
        geom = display.display_geometry([r.geometry], display.TOLERANCE["route"])[0]
        halo = {"color": "#ffffff", "weight": 8, "opacity": 0.9}
        line = {
            "color": ROUTE_COLORS[r.mode],
            "weight": 4.5,
            "opacity": 1.0,
            "className": f"cm-route route-{r.mode} route-{_css_token(r.origin.id)}-{_css_token(r.destination.id)}",
        }
        features.append({"type": "Feature", "geometry": geom, "properties": {"style": halo}})
        features.append(
            {"type": "Feature", "geometry": geom, "properties": {"style": line, "tooltip": tip}}
        )
    JsonLayer(features, pane="cmRoutes").add_to(group)


def _css_token(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in text)


def source_line(view: MapView) -> str:
    """Return the map's source line: the attribution, and the network state of its routes."""
    modes = sorted({r.mode for r in view.routes})
    states = [f"{t(m, view.lang)}: {tables.network_state(m, view.lang)}" for m in modes]
    return " · ".join([ATTRIBUTION, *states])
