"""Map layers of the interaction measures: time circles, breaking points, field, linkage network.

A :class:`MeasureLayers` holds the results a map should show; :func:`draw` adds them to a
folium map as Leaflet vectors (no CDN, escaped tooltips) and :func:`legend_rows` gives their
legend entries. :meth:`MeasureLayers.gpkg_layers` names them for the GeoPackage export.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import folium
import numpy as np
import pandas as pd
import shapely
import shapely.geometry

from corridormap import tables
from corridormap._leaflet import JsonLayer, point
from corridormap.i18n import t

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = [
    "BAND_COLORS",
    "BREAKING_COLOR",
    "CLASS_STYLE",
    "GROUP_COLORS",
    "LEGEND_MAX",
    "MeasureLayers",
    "band_color",
    "draw",
    "drawn",
    "group_color",
    "legend_rows",
]

#: Time-circle bands, nearest first (up to six bands; more reuse the last colour).
BAND_COLORS = ("#b2182b", "#e34a33", "#fc8d59", "#fdbb84", "#fdd49e", "#fef0d9")
#: Hinterlands and subgroups: one colour each, in turn.
GROUP_COLORS = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
)  # fmt: skip
#: Linkage classes of the kept links (1 strongest): colour, width, opacity; class 4 (below
#: the mean R) is not drawn.
CLASS_STYLE = {1: ("#b71c1c", 4.5, 0.95), 2: ("#ef6c00", 2.5, 0.85), 3: ("#5c7a89", 1.2, 0.7)}
#: At most this many hinterlands are named in the legend (the largest); the rest are counted.
LEGEND_MAX = 8
BREAKING_COLOR = "#6a1b9a"
#: Display simplification (degrees, about 200 m) of the measure geometries.
_TOLERANCE = 0.002


@dataclass(frozen=True)
class MeasureLayers:
    """Results of the interaction measures to draw on a map; any may be left out.

    Attributes
    ----------
    isochrones, reached
        :func:`~corridormap.analysis.isochrones.isochrones` bands and
        :func:`~corridormap.analysis.isochrones.reached_network` lines.
    breaking, breaking_routes
        :func:`~corridormap.analysis.breaking.breaking_points` and
        :func:`~corridormap.analysis.breaking.pair_routes`.
    field
        ``hinterlands`` of :func:`~corridormap.analysis.field.hinterlands`.
    linkage_nodes, linkage_links
        ``nodes`` and ``links`` of
        :func:`~corridormap.analysis.linkage_network.linkage_network`.
    """

    isochrones: gpd.GeoDataFrame | None = None
    reached: gpd.GeoDataFrame | None = None
    breaking: gpd.GeoDataFrame | None = None
    breaking_routes: gpd.GeoDataFrame | None = None
    field: gpd.GeoDataFrame | None = None
    linkage_nodes: gpd.GeoDataFrame | None = None
    linkage_links: gpd.GeoDataFrame | None = None

    def bounds(self) -> tuple[float, float, float, float] | None:
        """Return the lon/lat box (min x, min y, max x, max y) of what is drawn, if anything."""
        shown = [self.isochrones, self.breaking_routes, self.field, self.linkage_nodes]
        boxes = [f[drawn(f)].total_bounds for f in shown if f is not None and drawn(f).any()]
        if not boxes:
            return None
        b = np.vstack(boxes)
        return (
            float(b[:, 0].min()),
            float(b[:, 1].min()),
            float(b[:, 2].max()),
            float(b[:, 3].max()),
        )

    def gpkg_layers(self) -> dict[str, gpd.GeoDataFrame]:
        """Return the spatial results as GeoPackage layers, by layer name."""
        named = {
            "isochrones": self.isochrones,
            "breaking_points": self.breaking,
            "field_hinterlands": self.field,
            "linkage_places": self.linkage_nodes,
            "linkage_links": self.linkage_links,
        }
        return {
            k: v[drawn(v)].reset_index(drop=True)
            for k, v in named.items()
            if v is not None and len(v)
        }


def draw(m: folium.Map, layers: MeasureLayers, lang: str) -> None:
    """Add every result ``layers`` holds to ``m``, each in a layer group of its own.

    The map frames them (:meth:`MeasureLayers.bounds`) when it is set up.
    """
    if layers.isochrones is not None:
        _isochrones(m, layers.isochrones, layers.reached, lang)
    if layers.field is not None:
        _field(m, layers.field, lang)
    if layers.breaking is not None:
        _breaking(m, layers.breaking, layers.breaking_routes, lang)
    if layers.linkage_nodes is not None and layers.linkage_links is not None:
        _linkage(m, layers.linkage_nodes, layers.linkage_links, lang)


def legend_rows(layers: MeasureLayers, lang: str) -> list[str]:
    """Return the legend entries (HTML, escaped) of the results ``layers`` holds."""
    rows: list[str] = []
    if layers.isochrones is not None:
        rows.append(_heading("legend_isochrone", lang))
        for i, h in enumerate(layers.isochrones["hours"]):
            rows.append(
                _swatch(band_color(i), t("legend_within_h", lang, h=float(h)), "cm-key-band")
            )
    if layers.field is not None:
        rows.append(_heading("legend_field", lang))
        shown = layers.field[layers.field["cells"] > 0]
        for i, c in enumerate(shown["centre"][:LEGEND_MAX]):
            rows.append(_swatch(group_color(i), tables.place_label(str(c), lang), "cm-key-field"))
        if len(shown) > LEGEND_MAX:
            rows.append(
                f"<small>{html.escape(t('legend_more', lang, n=len(shown) - LEGEND_MAX))}</small>"
            )
    if layers.breaking is not None:
        rows.append(_swatch(BREAKING_COLOR, t("legend_breaking", lang), "cm-key-breaking"))
    if layers.linkage_links is not None:
        rows.append(_heading("legend_linkage", lang))
        for k, (color, width, _) in CLASS_STYLE.items():
            style = f"border-top:{width:g}px solid {color}"
            label = html.escape(t("legend_link_class", lang, k=k))
            rows.append(
                f"<div><b class='cm-key-link' style='{style}'></b><span>{label}</span></div>"
            )
        rows.append(f"<small>{html.escape(t('legend_linkage_nodes', lang))}</small>")
        rows.append(f"<small>{html.escape(t('legend_linkage_below', lang))}</small>")
    return rows


def drawn(frame: gpd.GeoDataFrame) -> np.ndarray:
    """Return which rows have a geometry that is neither missing nor empty."""
    g = frame.geometry.to_numpy()
    return np.asarray(~shapely.is_missing(g) & ~shapely.is_empty(g), dtype=bool)


def band_color(i: int) -> str:
    """Return the colour of the i-th time band (nearest first)."""
    return BAND_COLORS[min(i, len(BAND_COLORS) - 1)]


def group_color(i: int) -> str:
    """Return the colour of the i-th hinterland or subgroup."""
    return GROUP_COLORS[i % len(GROUP_COLORS)]


def _heading(key: str, lang: str) -> str:
    return f"<small class='cm-key-heading'><b style='width:auto'>{html.escape(t(key, lang))}</b></small>"


def _swatch(color: str, label: str, cls: str) -> str:
    return (
        f"<div><i class='{cls}' style='background:{color};border-radius:2px'></i>"
        f"<span>{html.escape(label)}</span></div>"
    )


def _feature(geom: shapely.Geometry, style: dict[str, Any], tip: str = "") -> dict[str, Any] | None:
    if geom is None or geom.is_empty:
        return None
    light = shapely.set_precision(shapely.simplify(geom, _TOLERANCE), 0.0005)
    if light.is_empty:
        return None
    props: dict[str, Any] = {"style": style}
    if tip:
        props["tooltip"] = tip
    return {"type": "Feature", "geometry": shapely.geometry.mapping(light), "properties": props}


def _add(m: folium.Map, name: str, features: list[dict[str, Any] | None]) -> None:
    group = folium.FeatureGroup(name=name).add_to(m)
    JsonLayer([f for f in features if f is not None], pane="cmFlows").add_to(group)


def _isochrones(
    m: folium.Map, bands: gpd.GeoDataFrame, reached: gpd.GeoDataFrame | None, lang: str
) -> None:
    order = list(range(len(bands)))[::-1]  # the widest band first, nearer ones on top
    feats = []
    for i in order:
        row = bands.iloc[i]
        tip = html.escape(
            t(
                "isochrone_tip",
                lang,
                h=float(row["hours"]),
                km=float(row["network_km"]),
                n=int(row["places_n"]),
            )
        )
        style = {"color": band_color(i), "weight": 1, "fillColor": band_color(i), "fillOpacity": 0.22,
                 "className": f"cm-isochrone cm-band-{i}"}  # fmt: skip
        feats.append(_feature(row.geometry, style, tip))
    if reached is not None:
        for i in order:
            style = {
                "color": band_color(i),
                "weight": 2.5,
                "opacity": 0.95,
                "className": "cm-reached",
            }
            feats.append(_feature(reached.geometry.iloc[i], style))
    _add(m, t("layer_isochrone", lang), feats)


def _field(m: folium.Map, cells: gpd.GeoDataFrame, lang: str) -> None:
    shown = cells[cells["cells"] > 0]
    feats = []
    for i, row in enumerate(shown.itertuples()):
        tip = html.escape(
            t(
                "field_tip",
                lang,
                name=tables.place_label(str(row.centre), lang),
                cells=int(row.cells),
                area=float(row.area_km2),
            )
        )
        style = {"color": group_color(i), "weight": 0.8, "fillColor": group_color(i), "fillOpacity": 0.35,
                 "className": "cm-field"}  # fmt: skip
        feats.append(_feature(row.geometry, style, tip))
    _add(m, t("layer_field", lang), feats)


def _breaking(
    m: folium.Map, points: gpd.GeoDataFrame, routes: gpd.GeoDataFrame | None, lang: str
) -> None:
    feats: list[dict[str, Any] | None] = []
    if routes is not None:
        style = {"color": "#546e7a", "weight": 2, "opacity": 0.7, "className": "cm-breaking-route"}
        feats += [_feature(g, style) for g in routes.geometry]
    ok = points[points["status"] == "ok"]
    for row in ok.itertuples():
        a, b = (tables.place_label(str(x), lang) for x in (row.a, row.b))
        tip = html.escape(
            t("breaking_tip", lang, a=a, b=b, d=float(row.d_a_km), D=float(row.d_ab_km))
        )
        style = {"radius": 6, "color": "#ffffff", "weight": 2, "fillColor": BREAKING_COLOR,
                 "fillOpacity": 1.0, "className": "cm-breaking"}  # fmt: skip
        feats.append(point(row.geometry.x, row.geometry.y, {"style": style, "tooltip": tip}))
    _add(m, t("layer_breaking", lang), feats)


def _linkage(m: folium.Map, nodes: gpd.GeoDataFrame, links: gpd.GeoDataFrame, lang: str) -> None:
    feats: list[dict[str, Any] | None] = []
    for row in (
        links[links["link_class"].isin(list(CLASS_STYLE))].sort_values("linkage").itertuples()
    ):
        color, width, opacity = CLASS_STYLE[int(row.link_class)]
        a, b = (tables.place_label(str(x), lang) for x in (row.a, row.b))
        tip = html.escape(f"{a} – {b}: R = {float(row.linkage):.3g}")
        style = {"color": color, "weight": width, "opacity": opacity,
                 "className": f"cm-linkage cm-link-{int(row.link_class)}"}  # fmt: skip
        feats.append(_feature(row.geometry, style, tip))
    live = nodes[(nodes["status"] != "no_mass").to_numpy() & drawn(nodes)]
    top = float(live["strength"].max()) if len(live) else 0.0
    for row in live.itertuples():
        share = float(row.strength) / top if top > 0 else 0.0
        core = bool(row.core)
        tip = html.escape(
            t(
                "linkage_tip",
                lang,
                name=tables.place_label(str(row.place), lang),
                s=float(row.strength),
                bc=float(row.betweenness),
                c=_int(row.community),
            )
        )
        style = {"radius": 4 + 14 * float(np.sqrt(share)), "color": "#000000" if core else "#ffffff",
                 "weight": 2.5 if core else 1, "fillColor": group_color(_int(row.community) - 1),
                 "fillOpacity": 0.9, "className": "cm-linkage-node" + (" cm-core" if core else "")}  # fmt: skip
        feats.append(point(row.geometry.x, row.geometry.y, {"style": style, "tooltip": tip}))
    _add(m, t("layer_linkage", lang), feats)


def _int(value: object) -> int:
    return 0 if value is None or pd.isna(value) else int(value)  # type: ignore[call-overload]
