"""Folium maps of the point-axis-network: basemap, networks, corridors, ports, cities, routes.

Maps need no network: Leaflet comes inline or from the app itself (``_leaflet``), no tile
server is used (the basemap is vector, from ``geodata/``), and folium's default CDN scripts
(jQuery, Bootstrap, Font Awesome) are dropped: every symbol is a Leaflet vector or an
inline-styled ``L.divIcon``. Every data string that reaches HTML is escaped here.
"""

from __future__ import annotations

import dataclasses
import functools
import html
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import folium
import pandas as pd
import shapely

from corridormap import data, measure_layers, popups, settings, tables
from corridormap._leaflet import JsonLayer, OfflineMap, point, use_leaflet
from corridormap.errors import SettingsError
from corridormap.i18n import LANGS, t

if TYPE_CHECKING:
    from corridormap.routing import Route

__all__ = [
    "ATTRIBUTION",
    "CITY_STYLE",
    "CORRIDOR_COLORS",
    "DEFAULT_LAYERS",
    "NETWORK_STYLE",
    "PORT_COLORS",
    "ROUTE_COLORS",
    "MapView",
    "Overlay",
    "corridor_names",
    "display_geometry",
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
#: How many of the places whose accessibility improves most a comparison map rings.
IMPROVED_SHOWN = 5
CHANGE_COLORS = {"changed": "#e53935", "rising": "#ef6c00", "improved": "#2e7d32"}
ROUTE_COLORS = {"rail": "#d81b60", "road": "#1565c0"}


@dataclass(frozen=True)
class Overlay:
    """Analysis results drawn on the map, so its hierarchy is computed, not hand-drawn.

    Attributes
    ----------
    point_tiers
        Tier (1 strongest) per place id: symbol size.
    axis_tiers
        Tier per line name (tariff line or corridor ``name_zh``): corridor width.
    catchment
        City id to its port id: drawn as dashed links.
    changed
        Cities whose catchment a scenario changes: links in red.
    rising
        Lines whose assigned linkage a scenario raises: their corridors drawn in orange.
    improved
        The places whose accessibility a comparison improves most, with the change rate
        (A_before − A_after) / A_before: a green ring around their symbol.
    """

    point_tiers: Mapping[str, int] = field(default_factory=dict)
    axis_tiers: Mapping[str, int] = field(default_factory=dict)
    catchment: Mapping[str, str] = field(default_factory=dict)
    changed: Collection[str] = ()
    rising: Collection[str] = ()
    improved: Mapping[str, float] = field(default_factory=dict)

    @classmethod
    def from_tables(
        cls,
        points: pd.DataFrame,
        axes: pd.DataFrame,
        catchment: pd.DataFrame,
        changed: Collection[str] = (),
        rising: Collection[str] = (),
    ) -> Overlay:
        """Build from :func:`~corridormap.analysis.hierarchy.point_tiers`, ``axis_tiers`` and ``catchment``."""
        return cls(
            point_tiers={str(k): int(v) for k, v in points["tier"].dropna().items()},
            axis_tiers={str(k): int(v) for k, v in axes["tier"].dropna().items()},
            catchment={str(k): str(v) for k, v in catchment["port"].items() if v},
            changed=tuple(changed),
            rising=tuple(rising),
        )

    @classmethod
    def from_analysis(cls, result: Mapping[str, pd.DataFrame]) -> Overlay:
        """Build from :func:`~corridormap.analysis.scenario.analysis_tables`.

        With a scenario, the cities whose catchment changes are marked, and the lines whose
        assigned linkage rises are drawn as rising.
        """
        changed: list[str] = []
        rising: list[str] = []
        improved: dict[str, float] = {}
        if "scenario_catchment" in result:
            diff = result["scenario_catchment"]
            changed = [str(c) for c in diff.loc[diff["changed"], "city"]]
            axes = result["scenario_axes"]
            rising = [str(line) for line in axes.index[axes["flow_delta"] > 1e-9]]
            acc = result["scenario_accessibility"]
            top = acc[acc["change_rate"] > 1e-9].nlargest(IMPROVED_SHOWN, "change_rate")
            improved = {
                str(p): float(r) for p, r in zip(top["place"], top["change_rate"], strict=True)
            }
        base = cls.from_tables(
            result["points"], result["axes"], result["catchment"], changed, rising
        )
        return dataclasses.replace(base, improved=improved)


@dataclass(frozen=True)
class MapView:
    """What a map shows: the same view drives the app map, the HTML export and the print image.

    Attributes
    ----------
    lang
        ``zh`` or ``en``: the language of layer names, legend and labels.
    layers
        Which of ``rail``, ``road``, ``corridors``, ``ports``, ``cities``, ``labels`` to draw.
    routes
        Routes (:func:`corridormap.routing.route`) to draw, coloured by mode.
    title
        A title shown at the top of the map (escaped).
    overlay
        Analysis results to draw: tiers set symbol size and corridor width, catchments are
        drawn as links (see :class:`Overlay`).
    measures
        Interaction measures to draw: time circles, breaking points, field hinterlands, the
        linkage network (see :class:`corridormap.measure_layers.MeasureLayers`).

    """

    lang: str = "zh"
    layers: tuple[str, ...] = DEFAULT_LAYERS
    routes: tuple[Route, ...] = ()
    title: str | None = None
    overlay: Overlay | None = None
    measures: measure_layers.MeasureLayers | None = None

    def __post_init__(self) -> None:
        """Reject unknown layer names and languages at once."""
        unknown = sorted(set(self.layers) - set(DEFAULT_LAYERS))
        if unknown:
            raise SettingsError(
                f"unknown map layer(s) {unknown}; choose from {', '.join(DEFAULT_LAYERS)}"
            )
        if self.lang not in LANGS:
            raise SettingsError(f"unknown language {self.lang!r}; use one of {', '.join(LANGS)}")


def network_map(view: MapView | None = None, *, assets: str = "inline") -> folium.Map:
    """Return a folium map of the bundled layers as ``view`` asks, with any routes on top.

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
    m = OfflineMap(location=(44.0, 113.0), zoom_start=5, tiles=None, control_scale=True)
    use_leaflet(m, assets)
    _basemap(m)
    for mode in ("road", "rail"):
        if mode in layers:
            group = folium.FeatureGroup(name=t(f"layer_{mode}", lang)).add_to(m)
            _plain_layer("display", mode, NETWORK_STYLE[mode]).add_to(group)
    over = view.overlay or Overlay()
    if "corridors" in layers:
        _corridors(m, lang, over.axis_tiers, set(over.rising))
    if view.measures is not None:
        measure_layers.draw(m, view.measures, lang)
    if over.catchment:
        _catchment(m, lang, over.catchment, set(over.changed))
    if "cities" in layers:
        _places(m, lang, "city", over.point_tiers)
    if "ports" in layers:
        _places(m, lang, "port", over.point_tiers)
    if over.improved:
        _improved(m, lang, over.improved)
    if "labels" in layers:
        _labels(m, lang)
    if view.routes:
        _routes(m, view.routes, lang)
    folium.LayerControl(collapsed=False).add_to(m)
    root: Any = m.get_root()
    extra = measure_layers.legend_rows(view.measures, lang) if view.measures else []
    legend = _legend_html(view.title, lang, source_line(view), over, extra)
    root.html.add_child(folium.Element(legend))
    return m


def map_html(m: folium.Map) -> str:
    """Return the map as one HTML document (self-contained when built with ``assets="inline"``)."""
    return str(m.get_root().render())


def _basemap(m: folium.Map) -> None:
    group = folium.FeatureGroup(name="basemap", control=False).add_to(m)
    styles = {
        "countries": {
            "color": "#999999",
            "weight": 0.5,
            "fillColor": "#f4f1ea",
            "fillOpacity": 1.0,
        },
        "provinces": {
            "color": "#bbbbbb",
            "weight": 0.6,
            "fillColor": "#fbfaf6",
            "fillOpacity": 1.0,
        },
        "borders": {"color": "#6d6d6d", "weight": 1.5, "dashArray": "6 3"},
    }
    for layer, style in styles.items():
        _plain_layer("basemap", layer, style).add_to(group)


def _plain_layer(kind: str, name: str, style: dict[str, object]) -> JsonLayer:
    """Return a bundled layer drawn in one style, not clickable."""
    features = [
        {"type": "Feature", "properties": {"style": style}, "geometry": g}
        for g in _display_features(kind, name, settings.get().geodata_dir)
    ]
    return JsonLayer(features, interactive=False)


#: Display simplification (degrees): about 300 m for the networks, 1 km for the basemap, 200 m
#: for corridors and 50 m for routes; at the zoom levels a regional map is read at, all are
#: below a pixel. Vertices snap to a
#: 0.001-degree grid (about 100 m) and polygon parts under 0.02 square degrees (small
#: islands, about 200 km2) are dropped.
_DISPLAY_TOLERANCE = {"display": 0.003, "basemap": 0.01, "corridors": 0.002, "route": 0.0005}
_GRID = 0.001
_MIN_PART_AREA = 0.02


def display_geometry(geoms: Sequence[shapely.Geometry], tolerance: float) -> list[dict[str, Any]]:
    """Return geometries as GeoJSON mappings lightened for display, never for measuring.

    Lines are merged where they meet, everything is simplified by ``tolerance`` degrees and
    snapped to a 0.001-degree grid, and small polygon parts are dropped; empty results are left
    out.

    Examples
    --------
    >>> from shapely import LineString
    >>> display_geometry([LineString([(0, 0), (0.5, 0.0001), (1, 0)])], 0.01)
    [{'type': 'LineString', 'coordinates': ((0.0, 0.0), (1.0, 0.0))}]

    """
    out = []
    for geom in geoms:
        if geom is None or geom.is_empty:
            continue
        shape = geom
        if geom.geom_type in ("Polygon", "MultiPolygon"):
            parts = shapely.get_parts(geom)
            big = [p for p in parts if p.area >= _MIN_PART_AREA]
            shape = shapely.MultiPolygon(big or [max(parts, key=lambda p: p.area)])
        elif geom.geom_type == "MultiLineString":
            shape = shapely.line_merge(geom)
        light = shapely.set_precision(shapely.simplify(shape, tolerance), _GRID)
        if not light.is_empty:
            out.append(shapely.geometry.mapping(light))
    return out


@functools.lru_cache(maxsize=8)
def _display_features(kind: str, name: str, root: Path) -> list[dict[str, Any]]:
    """Return a bundled layer's geometries lightened for display (cached per data folder)."""
    layer = data.load_display(name) if kind == "display" else data.load_basemap(name)
    return display_geometry(list(layer.geometry), _DISPLAY_TOLERANCE[kind])


def _name(row: Any, lang: str) -> str:
    """Return the escaped bilingual name, the chosen language first."""
    zh, en = str(row["name_zh"]), str(row["name_en"])
    return html.escape(f"{en} {zh}" if lang == "en" else f"{zh} {en}")


_PORT_SIZE = {1: 22, 2: 17, 3: 12}
_CITY_RADIUS = {1: 12, 2: 9, 3: 6}
_AXIS_WEIGHT = {1: 7.0, 2: 4.5, 3: 2.5}


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
            size = _PORT_SIZE.get(int(tiers[pid]), 14) if pid in tiers else 14
            approximate = row.get("coord_quality") == "approximate"
            if approximate:
                _uncertainty_ring(group, row)
            props |= {
                "icon": _symbol(shape, color, size, approximate=approximate),
                "size": [size, size],
                "anchor": [size / 2, size / 2],
            }
            props |= {
                "cls": f"cm-port port-{_css_token(str(pid))}",
                "popup": popups.port_popup(row, lang),
            }
        else:
            color, radius = CITY_STYLE.get(str(row.get("city_kind")), ("#555555", 5))
            radius = _CITY_RADIUS.get(int(tiers[pid]), radius) if pid in tiers else radius
            props["style"] = {
                "radius": radius,
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
        ).add_to(group)


def _labels(m: folium.Map, lang: str) -> None:
    group = folium.FeatureGroup(name=t("layer_labels", lang)).add_to(m)
    placed = data.load_places()
    rows = placed[placed.geometry.notna() & (placed["port_type"].fillna("") != "air")]
    features = []
    for _, row in rows.iterrows():
        text = html.escape(str(row["name_en"] if lang == "en" else row["name_zh"]))
        icon = f"<span>{text}</span>"
        features.append(
            point(
                row.geometry.x,
                row.geometry.y,
                {"icon": icon, "cls": "cm-label", "size": None, "anchor": [-7, 8]},
            )
        )
    JsonLayer(features).add_to(group)


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
        geom = display_geometry([row.geometry], _DISPLAY_TOLERANCE["corridors"])[0]
        lines.append(
            {"type": "Feature", "geometry": geom, "properties": {"style": style, "tooltip": tip}}
        )
        anchor = _label_point(row.geometry)
        text = html.escape(str(row["name_en"] if lang == "en" else row["name_zh"]).split(",")[0])
        label = {
            "icon": f"<span>{text}</span>",
            "cls": "cm-corridor-label",
            "size": None,
            "anchor": [0, 0],
        }
        names.append(point(anchor.x, anchor.y, label))
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


def _axis_weight(row: Any, tiers: Mapping[str, int]) -> float:
    """Width of a corridor: by the best tier among its line names, else by mode."""
    found = [int(tiers[n]) for n in corridor_names(row) if n in tiers]
    if found:
        return _AXIS_WEIGHT.get(min(found), 2.5)
    return 3.5 if row["mode"] == "rail" else 3.0


def _catchment(m: folium.Map, lang: str, assigned: Mapping[str, str], changed: set[str]) -> None:
    group = folium.FeatureGroup(name=t("layer_catchment", lang)).add_to(m)
    placed = data.load_places()
    where = {pid: (g.x, g.y) for pid, g in placed.geometry.items() if g is not None}
    features = []
    for city, port in assigned.items():
        if city not in where or port not in where:
            continue
        hot = city in changed
        style = {
            "color": "#e53935" if hot else "#455a64",
            "weight": 3 if hot else 1.3,
            "dashArray": "4 4",
            "opacity": 0.9,
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
    for pid, rate in improved.items():
        geom = placed.geometry.get(pid)
        if geom is None or geom.is_empty:
            continue
        folium.CircleMarker(
            (geom.y, geom.x),
            radius=13,
            color=CHANGE_COLORS["improved"],
            weight=3,
            fill=False,
            class_name="cm-improved",
            tooltip=html.escape(
                t("improved_tip", lang, name=_name(placed.loc[pid], lang), rate=100 * rate)
            ),
        ).add_to(group)


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
        geom = display_geometry([r.geometry], _DISPLAY_TOLERANCE["route"])[0]
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
    JsonLayer(features).add_to(group)
    minx, miny, maxx, maxy = shapely.union_all([r.geometry for r in routes]).bounds
    m.fit_bounds([[miny, minx], [maxy, maxx]])


def _css_token(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in text)


def _symbol(shape: str, color: str, size: int, *, approximate: bool = False) -> str:
    radius = {"circle": "50%", "square": "2px", "diamond": "2px"}[shape]
    turn = "transform:rotate(45deg);" if shape == "diamond" else ""
    side = size - 4 if shape == "diamond" else size
    fill = (
        f"background:{color};opacity:.55;border:2px dashed #000"
        if approximate
        else (f"background:{color};border:2px solid #fff")
    )
    return (
        f"<div style='width:{side}px;height:{side}px;{fill};"
        f"border-radius:{radius};{turn}box-shadow:0 0 2px #000'></div>"
    )


_LEGEND_CSS = (
    "<style>.cm-legend{position:absolute;bottom:28px;left:10px;z-index:1000;background:rgba(255,255,255,.93);"
    "padding:6px 8px;font:12px/1.5 'Noto Sans CJK SC','Microsoft YaHei',sans-serif;border:1px solid #aaa;max-width:290px}"
    ".cm-legend div{display:flex;align-items:center;gap:6px}.cm-legend i{width:11px;height:11px;border-radius:50%;display:inline-block}"
    ".cm-legend b{width:18px;display:inline-block}.cm-legend small{display:block;color:#555;margin-top:3px}"
    ".cm-title{position:absolute;top:8px;left:50%;transform:translateX(-50%);z-index:1000;"
    "background:rgba(255,255,255,.9);padding:4px 10px;font:bold 15px sans-serif}"
    ".cm-attrib{position:absolute;bottom:0;right:0;z-index:1000;background:rgba(255,255,255,.8);font:10px sans-serif;padding:1px 4px;max-width:60%}"
    ".leaflet-control-scale{margin-left:10px!important}.leaflet-bottom.leaflet-left{bottom:auto;top:90px}"
    ".cm-label span,.cm-corridor-label span{white-space:nowrap;font:11px 'Noto Sans CJK SC',sans-serif;color:#222;"
    "text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 3px #fff}.cm-corridor-label span{font-weight:bold;color:#6d1b3b}"
    "table.facts th{text-align:left;padding-right:6px;white-space:nowrap}table.facts td{word-break:break-all}</style>"
)


def source_line(view: MapView) -> str:
    """Return the map's source line: the attribution, and the network state of its routes."""
    modes = sorted({r.mode for r in view.routes})
    states = [f"{t(m, view.lang)}: {tables.network_state(m, view.lang)}" for m in modes]
    return " · ".join([ATTRIBUTION, *states])


def _legend_html(
    title: str | None,
    lang: str,
    source: str,
    over: Overlay | None = None,
    extra: Sequence[str] = (),
) -> str:
    rows = [
        f"<div>{_symbol(PORT_SHAPES[kind], '#777', 12)}<span>{html.escape(t(f'legend_{kind}_port', lang))}</span></div>"
        for kind in ("rail", "road", "air")
    ]
    swatches = (
        (PORT_COLORS["Russia"], "legend_ru"),
        (PORT_COLORS["Mongolia"], "legend_mn"),
        (CITY_STYLE["league_seat"][0], "legend_seat"),
        (CITY_STYLE["hub"][0], "legend_hub"),
        (CITY_STYLE["cross_border"][0], "legend_xb"),
    )
    rows += [
        f"<div><i style='background:{c}'></i><span>{html.escape(t(key, lang))}</span></div>"
        for c, key in swatches
    ]
    placed_ports = data.load_places()
    if (placed_ports.get("coord_quality") == "approximate").any():
        rows.append(
            f"<div class='cm-key-approx'>{_symbol('circle', '#777', 12, approximate=True)}"
            f"<span>{html.escape(t('legend_approx', lang))}</span></div>"
        )
    lines = (
        ("border-top:3px solid " + CORRIDOR_COLORS["rail"], "legend_rail"),
        ("border-top:3px solid " + CORRIDOR_COLORS["road"], "legend_road"),
        ("border-top:3px dashed " + CORRIDOR_COLORS["rail"], "legend_planned"),
        ("border-top:2px dashed #6d6d6d", "legend_border"),
    )
    rows += [
        f"<div><b style='{s}'></b><span>{html.escape(t(key, lang))}</span></div>"
        for s, key in lines
    ]
    if over is not None:
        shown = (
            ("changed", over.changed, "border-top:3px dashed"),
            ("rising", over.rising, "border-top:4px solid"),
            ("improved", over.improved, "border:2px solid"),
        )
        rows += [
            f"<div><b class='cm-key-{key}' style='{style} {CHANGE_COLORS[key]}'></b>"
            f"<span>{html.escape(t(f'legend_{key}', lang))}</span></div>"
            for key, items, style in shown
            if items
        ]
    rows += extra  # the interaction measures' entries, already escaped
    placed = data.load_places()
    if (placed.get("city_kind") == "user").any():
        rows.append(
            f"<div><i style='background:{CITY_STYLE['user'][0]}'></i>"
            f"<span>{html.escape(t('legend_user', lang))}</span></div>"
        )
    missing = placed[(placed["kind"] == "port") & placed.geometry.isna()]
    if len(missing):
        names = "、".join(missing["name_zh"]) if lang == "zh" else ", ".join(missing["name_en"])
        rows.append(
            f"<small class='cm-not-drawn'>{html.escape(t('legend_not_drawn', lang) + names)}</small>"
        )
    heading = f"<div class='cm-title'>{html.escape(title)}</div>" if title else ""
    return (
        f"{_LEGEND_CSS}{heading}<div class='cm-legend' id='cm-legend'>{''.join(rows)}</div>"
        f"<div class='cm-attrib'>{html.escape(source)}</div>"
    )
