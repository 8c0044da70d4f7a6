"""Bad inputs a researcher really produces, for the library, the CLI and the app alike.

Each entry is a file (name and bytes), what it is uploaded as, and a piece of the message it
must get. The same files run through ``uploads``/``workspace``, ``corridormap … --places`` and
the app's own-data page (``tests/test_corpus.py``, ``tests/test_app_own_data.py``).
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass


@dataclass(frozen=True)
class Bad:
    """One bad upload: file name, content, kind (``city``, ``corridor``, ``network``), message."""

    filename: str
    content: bytes
    kind: str
    message: str
    in_app: bool = True


def _line(coords: list[list[float]], name: str = "坏线", mode: str = "rail") -> bytes:
    feature = {
        "type": "Feature",
        "properties": {"name": name, "mode": mode},
        "geometry": {"type": "LineString", "coordinates": coords},
    }
    return json.dumps({"type": "FeatureCollection", "features": [feature]}).encode()


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf,
        zf.open("xl/worksheets/sheet1.xml", "w") as member,
    ):
        chunk = b"\0" * (1 << 20)
        for _ in range(120):
            member.write(chunk)
    return out.getvalue()


_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY a "aaaaaaaaaa">'
    b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    b'<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>&c;</name>'
    b"<LineString><coordinates>111,43 112,43</coordinates></LineString></Placemark></kml>"
)

CORPUS: tuple[Bad, ...] = (
    Bad("utf16.csv", "名称,经度,纬度\n甲镇,111,41\n".encode("utf-16"), "city", "UTF-8"),
    Bad("no_lon.csv", "名称,人口\n甲镇,100\n".encode(), "city", "lon"),
    Bad("words.csv", "名称,经度,纬度\n甲镇,东经,41\n".encode(), "city", "东经"),
    Bad("outside.csv", "名称,经度,纬度\n甲镇,10.0,10.0\n".encode(), "city", "outside"),
    Bad("swapped.csv", "名称,经度,纬度\n甲镇,41.0,111.0\n".encode(), "city", "swapped"),
    Bad("header_only.csv", "名称,经度,纬度\n".encode(), "city", "no data rows"),
    Bad("empty.csv", b"", "city", "empty", in_app=False),  # the app's widget drops 0-byte files
    Bad(
        "polygon.geojson",
        json.dumps(
            {
                "type": "Feature",
                "properties": {"name": "面"},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[111, 41], [112, 41], [112, 42], [111, 41]]],
                },
            }
        ).encode(),
        "city",
        "Point",
    ),
    Bad("builtin.csv", "名称,经度,纬度\n呼和浩特,111.6,40.8\n".encode(), "city", "built-in"),
    Bad("bomb.xlsx", _zip_bomb(), "city", "zip bomb"),
    Bad(
        "big.csv",
        b"name,lon,lat\n" + b"x" * (10 * 1024 * 1024 + 1),
        "city",
        "10 MB",  # in both languages: "more than the limit … (10 MB" and "超过上限 … (10 MB)"
    ),
    Bad(
        "bowtie.geojson",
        _line([[111.0, 41.0], [112.0, 42.0], [112.0, 41.0], [111.0, 42.0]]),
        "corridor",
        "crosses or overlaps itself",
    ),
    Bad(
        "far.geojson", _line([[104.0, 44.5], [104.5, 44.8]]), "corridor", "km from the rail network"
    ),
    Bad("one_point.geojson", _line([[111.0, 41.0], [111.0, 41.0]]), "corridor", "2 distinct"),
    Bad("laughs.kml", _LAUGHS, "corridor", "entit"),
    Bad(
        "kml_root.osm",
        b'<kml xmlns="http://www.opengis.net/kml/2.2"></kml>',
        "network",
        "osm",
    ),
)
