"""Leaflet without a network: the shipped assets, a GeoJSON layer with escaped popups, map calls."""

from __future__ import annotations

import base64
import json
from importlib import resources
from typing import Any

import folium
from branca.element import Element, MacroElement
from jinja2 import Template

#: Where the app serves ``corridormap/static`` (Streamlit static serving, ``static/`` symlink).
SERVED_PREFIX = "/app/static/leaflet/"


class Raw(Element):
    """Text put into the page exactly as given: never read as a Jinja template.

    branca's ``Element(text)`` compiles its text as a template, so a ``{{ … }}`` in data (an
    uploaded place name, a map title) would be evaluated on the server, and a large text is
    slow to compile. Every text this package adds to a page goes in through this class.
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Raw"
        self.text = text

    def render(self, **kwargs: Any) -> str:
        """Return the text as it is."""
        return self.text


class _Script(MacroElement):
    """A macro element whose rendered script joins the page as :class:`Raw` text."""

    def render(self, **kwargs: Any) -> str:
        """Add the rendered ``script`` macro to the page's scripts, uncompiled; return ``""``."""
        figure: Any = self.get_root()
        script = self._template.module.__dict__["script"]
        figure.script.add_child(Raw(str(script(self, kwargs))), name=self.get_name())
        for element in self._children.values():
            element.render(**kwargs)
        return ""


class OfflineMap(folium.Map):
    """A folium Map that links no CDN script or stylesheet (see :func:`use_leaflet`)."""

    default_js: list[tuple[str, str]] = []  # noqa: RUF012 - folium reads these class attributes
    default_css: list[tuple[str, str]] = []  # noqa: RUF012


def use_leaflet(m: OfflineMap, assets: str) -> None:
    """Give the map Leaflet inline (``inline``: one self-contained file) or from the app (``served``)."""
    static = resources.files("corridormap") / "static" / "leaflet"
    css = (static / "leaflet.css").read_text(encoding="utf-8")
    for name in ("layers.png", "layers-2x.png"):
        uri = "data:image/png;base64," + base64.b64encode((static / name).read_bytes()).decode()
        css = css.replace(f"url(images/{name})", f"url({uri})")
    css = css.replace("url(images/marker-icon.png)", "none")
    root: Any = m.get_root()
    root.header.add_child(Raw(f"<style>{css}</style>"), name="leaflet_css_inline")
    if assets == "served":
        m.default_js = [
            ("leaflet", SERVED_PREFIX + "leaflet.js"),
            ("cm_map", SERVED_PREFIX.removesuffix("leaflet/") + "cm_map.js"),
        ]
    elif assets == "inline":
        for name, path in (
            ("leaflet", static / "leaflet.js"),
            ("cm_map", resources.files("corridormap") / "static" / "cm_map.js"),
        ):
            js = path.read_text(encoding="utf-8")
            root.header.add_child(Raw(f"<script>{js}</script>"), name=f"{name}_js_inline")
    else:
        raise ValueError(f"assets must be 'inline' or 'served', got {assets!r}")


class MapCall(_Script):
    """A call of a ``cm_map.js`` function on the map with JSON options.

    Add ``cmPanes`` (panes must exist first) and ``cmFrame`` (the opening view, so the layers
    are drawn once) before any layer, and ``cmSetup`` (label placement) after every layer.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.function }}({{ this._parent.get_name() }}, {{ this.payload }});
        {% endmacro %}
        """
    )

    def __init__(self, function: str, options: dict[str, Any]) -> None:
        super().__init__()
        self._name = "MapCall"
        self.function = function
        self.payload = json.dumps(options, ensure_ascii=True).replace("<", "\\u003c")


class JsonLayer(_Script):
    r"""Leaflet GeoJSON layer whose tooltips, popups and icons come from feature properties.

    A feature whose properties hold ``prio`` is a label: it joins ``window.cmLabels``, which
    :class:`MapScript` places by priority. ``pane`` puts the layer's vectors in a map pane.

    Data reaches the page as JSON with ``<``, ``>`` and ``&`` written as ``\\u`` escapes,
    so no data string can close the script or enter a JavaScript template literal; the
    HTML inside the properties is built from escaped text by the caller.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJSON({{ this.payload }}, {
            interactive: {{ this.interactive }},
            {% if this.pane %}pane: {{ this.pane|tojson }},{% endif %}
            pointToLayer: function (f, latlng) {
                var p = f.properties;
                if (p.icon) {
                    var opts = {interactive: !!(p.tooltip || p.popup), icon: L.divIcon({
                        html: p.icon, className: p.cls, iconSize: p.size, iconAnchor: p.anchor})};
                    if (p.pane) { opts.pane = p.pane; }
                    return L.marker(latlng, opts);
                }
                return L.circleMarker(latlng, p.style);
            },
            style: function (f) { return f.properties.style || {}; },
            onEachFeature: function (f, layer) {
                if (f.properties.tooltip) { layer.bindTooltip(f.properties.tooltip, {sticky: !f.properties.icon}); }
                if (f.properties.popup) { layer.bindPopup(f.properties.popup, {maxWidth: 380}); }
                if (f.properties.prio !== undefined) {
                    (window.cmLabels = window.cmLabels || []).push({layer: layer,
                        prio: f.properties.prio, r: f.properties.r, rank: f.properties.rank});
                }
            }
        }).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        features: list[dict[str, Any]] | str,
        *,
        interactive: bool = True,
        pane: str | None = None,
    ) -> None:
        super().__init__()
        self._name = "JsonLayer"
        self.interactive = "true" if interactive else "false"
        self.pane = pane
        self.payload = features if isinstance(features, str) else payload(features)


def payload(features: list[dict[str, Any]]) -> str:
    r"""Return features as the JSON a :class:`JsonLayer` takes (escaped; reusable, cacheable).

    Examples
    --------
    >>> payload([point(1.0, 2.0, {"tooltip": "<b>"})])[-68:]
    '"coordinates":[1.0,2.0]},"properties":{"tooltip":"\\u003cb\\u003e"}}]}'

    """
    collection = {"type": "FeatureCollection", "features": features}
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def point(lon: float, lat: float, props: dict[str, Any]) -> dict[str, Any]:
    """Return a GeoJSON point feature."""
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": props,
    }
