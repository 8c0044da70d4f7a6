"""Folium maps of the point-axis-network: basemap, networks, ports, cities and a route.

Maps render with no network at all: Leaflet's script and stylesheet are inlined
from the copy shipped in ``corridormap/static/leaflet`` (BSD-2-Clause), no tile
server is used (the basemap is vector, from ``geodata/``), and folium's default
CDN scripts (jQuery, Bootstrap, Font Awesome) are dropped: every symbol is a
plain Leaflet vector or an inline-styled ``L.divIcon``. Every data string that
reaches HTML is escaped here.
"""

from __future__ import annotations

import base64
import functools
import html
import json
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import folium
import pandas as pd
import shapely
from branca.element import MacroElement
from jinja2 import Template

from corridormap import data, settings

if TYPE_CHECKING:
    from corridormap.routing import Route

__all__ = ["ATTRIBUTION", "PORT_COLORS", "map_html", "network_map"]

ATTRIBUTION = (
    "Rail and road lines © OpenStreetMap contributors (ODbL 1.0) via scgraph-data; line names: "
    "全国客里表 via qETRC (GPL-3.0); borders: Natural Earth; provinces: DCW-GMT. "
    "Sources of every value: geodata/SOURCES.md"
)
#: Port symbol fill by the country a land port faces.
PORT_COLORS = {"Russia": "#c0392b", "Mongolia": "#1f6fb2", "none": "#7b4fa0"}
#: Port symbol shape by port type.
PORT_SHAPES = {"rail": "square", "road": "circle", "air": "diamond"}
CITY_STYLE = {
    "league_seat": ("#2e7d32", 7),
    "hub": ("#e67e22", 6),
    "cross_border": ("#555555", 5),
}
NETWORK_STYLE = {
    "rail": {"color": "#333333", "weight": 1.6},
    "road": {"color": "#b08850", "weight": 0.8},
}


class _OfflineMap(folium.Map):
    """A folium Map that links no CDN script or stylesheet."""

    default_js: list[tuple[str, str]] = []  # noqa: RUF012 - folium reads these class attributes
    default_css: list[tuple[str, str]] = []  # noqa: RUF012


def network_map(
    *,
    layers: tuple[str, ...] = ("rail", "road", "ports", "cities"),
    route: Route | None = None,
    title: str | None = None,
) -> folium.Map:
    """Return a folium map of the bundled layers, optionally with a route drawn.

    Parameters
    ----------
    layers
        Which of ``rail``, ``road``, ``ports``, ``cities`` to draw over the basemap.
    route
        A :class:`~corridormap.routing.Route` to draw on top.
    title
        A title shown at the top of the map (escaped).

    """
    m = _OfflineMap(
        location=(44.0, 113.0), zoom_start=5, tiles=None, control_scale=True, prefer_canvas=True
    )
    _inline_leaflet(m)
    _basemap(m)
    for mode in ("road", "rail"):
        if mode in layers:
            folium.GeoJson(
                _display_lines(mode, settings.get().geodata_dir),
                name=f"{'铁路 Rail' if mode == 'rail' else '公路 Road'} network",
                style_function=functools.partial(_const_style, NETWORK_STYLE[mode]),
                interactive=False,
            ).add_to(m)
    if "cities" in layers:
        _cities(m)
    if "ports" in layers:
        _ports(m)
    if route is not None:
        _route(m, route)
    folium.LayerControl(collapsed=False).add_to(m)
    root: Any = m.get_root()
    root.html.add_child(folium.Element(_legend_html(title)))
    return m


def map_html(m: folium.Map) -> str:
    """Return the map as one self-contained HTML document."""
    return str(m.get_root().render())


def _const_style(style: dict[str, object], _feature: object) -> dict[str, object]:
    return style


def _inline_leaflet(m: folium.Map) -> None:
    static = resources.files("corridormap") / "static" / "leaflet"
    css = (static / "leaflet.css").read_text(encoding="utf-8")
    for name in ("layers.png", "layers-2x.png"):
        uri = "data:image/png;base64," + base64.b64encode((static / name).read_bytes()).decode()
        css = css.replace(f"url(images/{name})", f"url({uri})")
    css = css.replace("url(images/marker-icon.png)", "none")
    js = (static / "leaflet.js").read_text(encoding="utf-8")
    root: Any = m.get_root()
    header = root.header
    header.add_child(folium.Element(f"<style>{css}</style>"), name="leaflet_css_inline")
    header.add_child(folium.Element(f"<script>{js}</script>"), name="leaflet_js_inline")


def _basemap(m: folium.Map) -> None:
    group = folium.FeatureGroup(name="底图 Basemap", control=False).add_to(m)
    countries = data.load_basemap("countries")
    folium.GeoJson(
        countries[["name_en", "geometry"]].to_json(),
        style_function=functools.partial(
            _const_style,
            {"color": "#999999", "weight": 0.5, "fillColor": "#f4f1ea", "fillOpacity": 1.0},
        ),
        interactive=False,
    ).add_to(group)
    provinces = data.load_basemap("provinces")
    folium.GeoJson(
        provinces[["name_en", "geometry"]].to_json(),
        style_function=functools.partial(
            _const_style,
            {"color": "#bbbbbb", "weight": 0.6, "fillColor": "#fbfaf6", "fillOpacity": 1.0},
        ),
        interactive=False,
    ).add_to(group)
    borders = data.load_basemap("borders")
    folium.GeoJson(
        borders[["name_en", "geometry"]].to_json(),
        style_function=functools.partial(
            _const_style, {"color": "#6d6d6d", "weight": 1.5, "dashArray": "6 3"}
        ),
        interactive=False,
    ).add_to(group)


#: Display simplification per mode, in degrees (0.01 deg is about 1 km).
_DISPLAY_TOLERANCE_DEG = {"rail": 0.01, "road": 0.02}


@functools.lru_cache(maxsize=4)
def _display_lines(mode: str, root: Path) -> str:
    """Return a mode's network simplified for display (~1 km tolerance) as GeoJSON text."""
    edges = data.load_edges(mode)
    edges = edges[edges["status"] != "planned"]
    merged = shapely.line_merge(shapely.union_all(edges.geometry.to_numpy()))
    parts = shapely.get_parts(shapely.simplify(merged, _DISPLAY_TOLERANCE_DEG[mode]))
    parts = parts[shapely.length(parts) > 3 * _DISPLAY_TOLERANCE_DEG[mode]]
    coords = shapely.transform(parts, lambda c: c.round(3))
    features = [
        {"type": "Feature", "properties": {}, "geometry": shapely.geometry.mapping(g)}
        for g in coords
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))


class _JsonLayer(MacroElement):
    r"""Leaflet GeoJSON layer whose tooltips and popups come from escaped feature properties.

    Data reaches the page as JSON with ``<``, ``>`` and ``&`` written as ``\\u`` escapes,
    so no data string can close the script or enter a JavaScript template literal.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJSON({{ this.payload }}, {
            pointToLayer: function (f, latlng) {
                var p = f.properties;
                if (p.icon) {
                    return L.marker(latlng, {icon: L.divIcon({html: p.icon, className: p.cls,
                        iconSize: [p.size, p.size], iconAnchor: [p.size / 2, p.size / 2]})});
                }
                return L.circleMarker(latlng, p.style);
            },
            style: function (f) { return f.properties.style || {}; },
            onEachFeature: function (f, layer) {
                if (f.properties.tooltip) { layer.bindTooltip(f.properties.tooltip); }
                if (f.properties.popup) { layer.bindPopup(f.properties.popup, {maxWidth: 380}); }
            }
        }).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, features: list[dict[str, Any]]) -> None:
        super().__init__()
        self._name = "JsonLayer"
        collection = {"type": "FeatureCollection", "features": features}
        text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
        self.payload = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _point(lon: float, lat: float, props: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": props,
    }


def _ports(m: folium.Map) -> None:
    group = folium.FeatureGroup(name="口岸 Ports").add_to(m)
    placed = data.load_places()
    ports = placed[(placed["kind"] == "port") & placed.geometry.notna()]
    features = []
    for pid, row in ports.iterrows():
        shape = PORT_SHAPES.get(str(row["port_type"]), "circle")
        color = PORT_COLORS.get(str(row["faces"]), PORT_COLORS["none"])
        features.append(
            _point(
                row.geometry.x,
                row.geometry.y,
                {
                    "icon": _symbol(shape, color, 14),
                    "size": 14,
                    "cls": f"cm-port port-{_css_token(str(pid))}",
                    "tooltip": html.escape(f"{row['name_zh']} {row['name_en']}"),
                    "popup": _popup(row, _PORT_FIELDS),
                },
            )
        )
    _JsonLayer(features).add_to(group)


def _cities(m: folium.Map) -> None:
    group = folium.FeatureGroup(name="城市 Cities").add_to(m)
    placed = data.load_places()
    cities = placed[(placed["kind"] == "city") & placed.geometry.notna()]
    features = []
    for pid, row in cities.iterrows():
        color, radius = CITY_STYLE.get(str(row.get("city_kind")), ("#555555", 5))
        style = {
            "radius": radius,
            "color": "#ffffff",
            "weight": 1,
            "fillColor": color,
            "fillOpacity": 0.95,
            "className": f"cm-city city-{_css_token(str(pid))}",
        }
        features.append(
            _point(
                row.geometry.x,
                row.geometry.y,
                {
                    "style": style,
                    "tooltip": html.escape(f"{row['name_zh']} {row['name_en']}"),
                    "popup": _popup(row, _CITY_FIELDS),
                },
            )
        )
    _JsonLayer(features).add_to(group)


def _route(m: folium.Map, route: Route) -> None:
    label = html.escape(
        f"{route.origin.name_zh} → {route.destination.name_zh} ({route.mode}): "
        f"{route.length_km:.1f} km, {route.time_h:.2f} h"
    )
    line = shapely.geometry.mapping(route.geometry)
    group = folium.FeatureGroup(name="路线 Route").add_to(m)
    _JsonLayer(
        [
            {
                "type": "Feature",
                "geometry": line,
                "properties": {"style": {"color": "#ffffff", "weight": 8, "opacity": 0.9}},
            },
            {
                "type": "Feature",
                "geometry": line,
                "properties": {
                    "style": {
                        "color": "#d81b60",
                        "weight": 4.5,
                        "opacity": 1.0,
                        "className": "cm-route",
                    },
                    "tooltip": label,
                },
            },
        ]
    ).add_to(group)
    minx, miny, maxx, maxy = route.geometry.bounds
    m.fit_bounds([[miny, minx], [maxy, maxx]])


def _css_token(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in text)


_PORT_FIELDS = (
    ("port_type", "类型 Type"),
    ("faces", "面向 Faces"),
    ("counterpart_zh", "对应口岸"),
    ("counterpart_en", "Counterpart"),
    ("host_zh", "所在地 Host"),
    ("approval_year", "批准/开放 Approved"),
    ("approval_source", "来源 Source"),
    ("trains_2022", "2022 中欧班列 trains"),
    ("trains_2022_source", "来源 Source"),
    ("coord_source", "坐标来源 Position source"),
)
_CITY_FIELDS = (
    ("city_kind", "类别 Kind"),
    ("seat_zh", "驻地 Seat"),
    ("population", "常住人口 Population"),
    ("population_year", "年份 Year"),
    ("population_source", "来源 Source"),
    ("gdp_100m_cny", "GDP (亿元)"),
    ("gdp_year", "年份 Year"),
    ("gdp_source", "来源 Source"),
    ("coord_source", "坐标来源 Position source"),
)


def _popup(row: object, fields: tuple[tuple[str, str], ...]) -> str:
    get = row.get  # type: ignore[attr-defined]
    cells = []
    for key, label in fields:
        value = get(key)
        shown = "—（未找到 not found）" if value is None or pd.isna(value) else str(value)
        cells.append(f"<tr><th>{html.escape(label)}</th><td>{html.escape(shown)}</td></tr>")
    head = html.escape(f"{get('name_zh')} {get('name_en')}")
    return f"<b>{head}</b><table class='facts'>{''.join(cells)}</table>"


def _symbol(shape: str, color: str, size: int) -> str:
    radius = {"circle": "50%", "square": "2px", "diamond": "2px"}[shape]
    turn = "transform:rotate(45deg);" if shape == "diamond" else ""
    side = size - 4 if shape == "diamond" else size
    return (
        f"<div style='width:{side}px;height:{side}px;background:{color};border:2px solid #fff;"
        f"border-radius:{radius};{turn}box-shadow:0 0 2px #000'></div>"
    )


def _legend_html(title: str | None) -> str:
    rows = [
        f"<div>{_symbol(PORT_SHAPES[t], '#777', 12)}<span>{label}</span></div>"
        for t, label in (
            ("rail", "铁路口岸 Rail port"),
            ("road", "公路口岸 Road port"),
            ("air", "航空口岸 Air port"),
        )
    ]
    rows += [
        f"<div><i style='background:{c}'></i><span>{label}</span></div>"
        for c, label in (
            (PORT_COLORS["Russia"], "对俄 Faces Russia"),
            (PORT_COLORS["Mongolia"], "对蒙 Faces Mongolia"),
            (CITY_STYLE["league_seat"][0], "盟市驻地 League/city seat"),
            (CITY_STYLE["hub"][0], "区外枢纽 Hub beyond the region"),
            (CITY_STYLE["cross_border"][0], "境外城市 Cross-border city"),
        )
    ]
    rows += [
        "<div><b style='border-top:2px solid #333'></b><span>铁路 Railway</span></div>",
        "<div><b style='border-top:2px solid #b08850'></b><span>公路 Road</span></div>",
    ]
    heading = f"<div class='cm-title'>{html.escape(title)}</div>" if title else ""
    return (
        "<style>.cm-legend{position:fixed;bottom:56px;left:10px;z-index:1000;background:rgba(255,255,255,.92);"
        "padding:6px 8px;font:12px/1.5 'Noto Sans CJK SC','Microsoft YaHei',sans-serif;border:1px solid #aaa}"
        ".cm-legend div{display:flex;align-items:center;gap:6px}.cm-legend i{width:11px;height:11px;border-radius:50%;display:inline-block}"
        ".cm-legend b{width:18px;display:inline-block}.cm-title{position:fixed;top:8px;left:50%;transform:translateX(-50%);z-index:1000;"
        "background:rgba(255,255,255,.9);padding:4px 10px;font:bold 15px sans-serif}"
        ".cm-attrib{position:fixed;bottom:0;right:0;z-index:1000;background:rgba(255,255,255,.8);font:10px sans-serif;padding:1px 4px;max-width:70%}"
        "table.facts th{text-align:left;padding-right:6px;white-space:nowrap}table.facts td{word-break:break-all}</style>"
        f"{heading}<div class='cm-legend' id='cm-legend'>{''.join(rows)}</div>"
        f"<div class='cm-attrib'>{html.escape(ATTRIBUTION)}</div>"
    )
