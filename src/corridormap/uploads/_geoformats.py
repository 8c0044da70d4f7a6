"""Read GeoJSON and KML bytes into numbered features, points and lines.

XML is parsed with defusedxml, so entities and DTD tricks are refused; a declared
multi-byte encoding such as GBK is decoded here because expat cannot read it.
"""

from __future__ import annotations

import functools
import json
import re
from typing import TYPE_CHECKING

from defusedxml import ElementTree as DefusedET
from defusedxml.common import DefusedXmlException

from corridormap.errors import UploadError
from corridormap.uploads._table import Coords, Table, property_table
from corridormap.uploads._text import shown, to_number, truncate

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

_JSON_KINDS = {list: "array", str: "string", int: "number", float: "number", bool: "boolean"}


def geojson_features(content: bytes, filename: str) -> list[tuple[int, dict[str, object]]]:
    """Return the numbered features of a GeoJSON FeatureCollection or Feature."""
    try:
        doc = json.loads(bytes(content))
    except (ValueError, RecursionError) as exc:
        raise UploadError(
            f"not valid JSON ({str(exc)[:120]}); export the layer again as GeoJSON",
            filename=filename,
        ) from None
    kind = doc.get("type") if isinstance(doc, dict) else None
    if kind == "Feature":
        doc = {"features": [doc]}
    elif kind != "FeatureCollection" or not isinstance(doc.get("features"), list):
        if isinstance(doc, dict):
            what = f"an object with type {shown(kind)}" if kind else "an object without a type"
        else:
            what = "a JSON " + _JSON_KINDS.get(type(doc), "value")
        raise UploadError(
            f"not GeoJSON: expected a FeatureCollection or a Feature, got {what}",
            filename=filename,
        )
    features = list(enumerate(doc["features"], start=1))
    if not features:
        raise UploadError("the FeatureCollection has no features", filename=filename)
    for number, feature in features:
        if not isinstance(feature, dict) or not isinstance(
            feature.get("properties", {}), dict | None
        ):
            raise UploadError(
                "expected a GeoJSON Feature with a properties object",
                filename=filename,
                feature=number,
            )
    return features


def point_table(filename: str, features: list[tuple[int, dict[str, object]]]) -> Table:
    """Return the table of Point features, their positions in ``points``."""
    table = property_table(filename, features)
    for number, feature in features:
        geometry = feature.get("geometry")
        if not isinstance(geometry, dict) or geometry.get("type") != "Point":
            got = _geometry_kind(geometry)
            raise table.error(
                f"expected a Point geometry, got {got}", number, "geometry", "a Point"
            )
        try:
            table.points.append(_position(geometry.get("coordinates")))
        except ValueError:
            raise table.error(
                "expected Point coordinates [longitude, latitude]", number, "geometry", "a Point"
            ) from None
    return table


def geojson_lines(
    filename: str, features: list[tuple[int, dict[str, object]]]
) -> list[tuple[int, dict[str, object], list[Coords]]]:
    """Return (feature number, properties, lines) of LineString or MultiLineString features."""
    out = []
    for number, feature in features:
        geometry = feature.get("geometry")
        error = functools.partial(
            UploadError, filename=filename, feature=number, column="geometry", expected="a line"
        )
        kinds = ("LineString", "MultiLineString")
        if not isinstance(geometry, dict) or geometry.get("type") not in kinds:
            got = _geometry_kind(geometry)
            raise error(f"expected a LineString or MultiLineString geometry, got {got}")
        coords = geometry.get("coordinates")
        try:
            if geometry["type"] == "LineString":
                parts = [_positions(coords)]
            else:
                parts = [_positions(part) for part in _as_list(coords)]
        except ValueError:
            raise error(
                "expected line coordinates as a list of [longitude, latitude] pairs"
            ) from None
        props = feature.get("properties")
        out.append((number, props if isinstance(props, dict) else {}, parts))
    return out


def kml_features(
    content: bytes, filename: str
) -> list[tuple[int, dict[str, object], list[Coords]]]:
    """Return (placemark number, name and ExtendedData, lines) of Placemarks with lines."""
    root = _parse_xml(bytes(content), filename)
    if _local(root.tag) != "kml":
        raise UploadError(
            f"not a KML document: the root element is {shown(_local(root.tag))}, not 'kml'",
            filename=filename,
        )
    out = []
    marks = [el for el in root.iter() if _local(el.tag) == "Placemark"]
    for number, mark in enumerate(marks, start=1):
        strings = [el for el in mark.iter() if _local(el.tag) == "LineString"]
        if not strings:
            continue
        props = _kml_properties(mark)
        parts = []
        for line in strings:
            text = next((el.text or "" for el in line if _local(el.tag) == "coordinates"), "")
            try:
                parts.append(_kml_coordinates(text))
            except ValueError:
                raise UploadError(
                    "coordinates must be 'longitude,latitude[,altitude]' tuples separated "
                    f"by spaces, got {shown(text.strip())}",
                    filename=filename,
                    feature=number,
                    column="coordinates",
                ) from None
        out.append((number, props, parts))
    if not out:
        raise UploadError(
            "the KML has no LineString; draw each corridor as a path (Google Earth: Add Path)",
            filename=filename,
        )
    return out


def _geometry_kind(geometry: object) -> str:
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    return f"a {truncate(kind, 30)}" if isinstance(kind, str) else "no geometry"


def _as_list(value: object) -> list[object]:
    if not isinstance(value, list):
        raise ValueError(value)
    return value


def _position(value: object) -> tuple[float, float]:
    """Return (lon, lat) of a GeoJSON position; raise ValueError if it is not one."""
    if not isinstance(value, list) or len(value) not in (2, 3):
        raise ValueError(value)
    xy = [to_number(v) if not isinstance(v, str) else None for v in value[:2]]
    if xy[0] is None or xy[1] is None:
        raise ValueError(value)
    return xy[0], xy[1]


def _positions(value: object) -> Coords:
    return [_position(v) for v in _as_list(value)]


def _parse_xml(content: bytes, filename: str) -> Element:
    """Return the root element, refusing entities and DTD tricks (defusedxml)."""
    declared = re.match(rb"\s*<\?xml[^>]*?encoding=[\"']([A-Za-z0-9_.:-]+)[\"'][^>]*\?>", content)
    try:
        if declared and declared[1].lower() not in (b"utf-8", b"utf8", b"us-ascii", b"ascii"):
            # expat cannot read multi-byte encodings such as GBK: decode here instead
            text = content[declared.end() :].decode(declared[1].decode("ascii"))
            return DefusedET.fromstring(text.encode("utf-8"))
        return DefusedET.fromstring(content)
    except (DefusedET.ParseError, DefusedXmlException, ValueError, LookupError) as exc:
        raise UploadError(
            f"not valid KML/XML ({type(exc).__name__}: {str(exc)[:120]})", filename=filename
        ) from None


def _kml_properties(mark: Element) -> dict[str, object]:
    props: dict[str, object] = {}
    for el in mark.iter():
        tag = _local(el.tag)
        key = el.get("name")
        if tag == "Data" and key:
            props[key] = next((v.text for v in el if _local(v.tag) == "value"), None)
        elif tag == "SimpleData" and key:
            props[key] = el.text
    name = next((el.text for el in mark if _local(el.tag) == "name"), None)
    if name and name.strip():
        props["name"] = name
    return props


def _kml_coordinates(text: str) -> Coords:
    tokens = re.sub(r"\s*,\s*", ",", text.strip()).split()
    coords = []
    for token in tokens:
        parts = token.split(",")
        if len(parts) not in (2, 3):
            raise ValueError(token)
        coords.append((float(parts[0]), float(parts[1])))
    return coords


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
