"""Benchmark: time and size of every export format, against the obvious way of making each.

Run from the repository root: ``.venv/bin/python -m benchmarks.exports [--repeat N]``.
The view is the default map with one rail route (Erenhot railway port to Hohhot) drawn.

- HTML: :func:`corridormap.export.map_document` against a plain folium map of the same
  layers (each bundled layer as ``folium.GeoJson`` at full resolution, Leaflet inline).
- XLSX: :func:`corridormap.report.workbook` against ``pandas.DataFrame.to_excel`` of the
  same tables (which would store a name starting with ``=`` as a formula).
- PNG (A4 and square, 300 dpi), SVG (A4) and GeoPackage: time and size only.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from collections.abc import Callable

import folium
import pandas as pd

from corridormap import data, export, printmap, render, report, routing
from corridormap._leaflet import OfflineMap, use_leaflet
from corridormap.analysis.catchment import catchment


def _median(fn: Callable[[], bytes | str], repeat: int) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
        size = len(out.encode("utf-8") if isinstance(out, str) else out)
    return statistics.median(times), size


def plain_folium(view: render.MapView) -> str:
    """Return the obvious map: every layer as folium GeoJson at full resolution, Leaflet inline."""
    m = OfflineMap(location=(44.0, 113.0), zoom_start=5, tiles=None, control_scale=True)
    use_leaflet(m, "inline")
    for name in ("countries", "provinces", "borders"):
        folium.GeoJson(data.load_basemap(name)[["geometry"]].to_json()).add_to(m)
    for name in ("road", "rail"):
        folium.GeoJson(data.load_display(name)[["geometry"]].to_json()).add_to(m)
    corridors = data.load_corridors()
    folium.GeoJson(corridors[corridors.geometry.notna()][["name_zh", "geometry"]].to_json()).add_to(
        m
    )
    placed = data.load_places()
    placed = placed[placed.geometry.notna()]
    folium.GeoJson(placed[["name_zh", "name_en", "geometry"]].to_json()).add_to(m)
    for r in view.routes:
        folium.GeoJson(r.geometry.__geo_interface__).add_to(m)
    return str(m.get_root().render())


def pandas_excel(found: dict[str, pd.DataFrame]) -> bytes:
    out = io.BytesIO()
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        for name, table in found.items():
            table.to_excel(writer, sheet_name=name[:31], index=False)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    view = render.MapView(routes=(routing.route("erenhot_rail", "hohhot", "rail"),))
    found = report.report_tables("rail")
    params = report.parameters("rail")
    caught = catchment("rail")
    export.map_document(view)  # warm the layer caches once
    Maker = Callable[[], bytes | str]
    rows: list[tuple[str, Maker, Maker | None, str]] = [
        ("html", lambda: export.map_document(view), lambda: plain_folium(view), "plain folium"),
        (
            "xlsx",
            lambda: report.workbook(found, params),
            lambda: pandas_excel(found),
            "pandas to_excel",
        ),
        ("png_a4", lambda: printmap.print_map(view, paper="a4"), None, ""),
        ("png_square", lambda: printmap.print_map(view, paper="square"), None, ""),
        ("svg_a4", lambda: printmap.print_map(view, fmt="svg"), None, ""),
        ("gpkg", lambda: export.geopackage(view, caught), None, ""),
    ]
    print(
        "format      median_s    bytes       alternative       alt_median_s  alt_bytes   size_ratio"
    )
    for name, ours, other, label in rows:
        t, size = _median(ours, args.repeat)
        if other is None:
            print(f"{name:11} {t:8.3f}  {size:11,}")
            continue
        t2, size2 = _median(other, args.repeat)
        print(
            f"{name:11} {t:8.3f}  {size:11,}   {label:16} {t2:8.3f}     {size2:11,}  {size2 / size:5.2f}x"
        )


if __name__ == "__main__":
    main()
