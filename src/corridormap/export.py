"""Exports for reports: the map as one offline HTML file, layers as a GeoPackage, safe writing.

Print images are made by :mod:`corridormap.printmap` and workbooks by
:mod:`corridormap.report`; this module turns a :class:`~corridormap.render.MapView` into
files and writes bytes only to the path asked for: never over an existing file unless
``force`` is given, never into a folder that does not exist.
"""

from __future__ import annotations

import html
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from corridormap import data, render
from corridormap.errors import ExportError

__all__ = ["check_target", "geopackage", "map_document", "write_file", "write_files"]


#: What each export format is, by file suffix.
def map_document(view: render.MapView) -> str:
    """Return the map as one HTML document that needs no network: Leaflet and data inline."""
    text = render.map_html(render.network_map(view, assets="inline"))
    title = html.escape(view.title or "corridormap")
    head = f'<meta charset="utf-8">\n<title>{title}</title>\n'
    return text.replace("<head>", "<head>\n" + head, 1)


def geopackage(view: render.MapView, catchment: pd.DataFrame | None = None) -> bytes:
    """Return a GeoPackage with layers ``places``, ``corridors``, ``routes`` and ``catchments``.

    The interaction measures on the view (``view.measures``) add their layers too
    (``isochrones``, ``breaking_points``, ``field_hinterlands``, ``linkage_places``,
    ``linkage_links``).

    Parameters
    ----------
    view
        Its routes become the ``routes`` layer (left out when there are none).
    catchment
        A table from :func:`corridormap.analysis.catchment.catchment` (index ``city``); each
        city's link to its port becomes a line of the ``catchments`` layer.

    """
    layers = {"places": _places(), "corridors": _corridors()}
    if view.routes:
        layers["routes"] = _routes(view)
    if catchment is not None and len(catchment):
        layers["catchments"] = _catchments(catchment)
    if view.measures is not None:
        layers |= view.measures.gpkg_layers()
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "corridormap.gpkg"
        for name, layer in layers.items():
            layer.to_file(target, layer=name, driver="GPKG", engine="pyogrio")
        return target.read_bytes()


def check_target(path: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Return ``path`` if a file may be written there, else raise :class:`ExportError`."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise ExportError(f"{target} is a folder; give a file name")
    if not target.parent.is_dir():
        raise ExportError(f"folder {target.parent} does not exist; create it first")
    if target.exists() and not force:
        raise ExportError(f"{target} exists; use --force to overwrite it")
    return target


def write_file(path: str | os.PathLike[str], content: bytes | str, *, force: bool = False) -> Path:
    """Write ``content`` to exactly ``path`` and return it.

    Raises
    ------
    ExportError
        If the folder does not exist, the path is a folder, or the file exists and ``force``
        is not set. Nothing is written then.

    """
    return write_files({Path(path): content}, force=force)[0]


def write_files(files: Mapping[Path, bytes | str], *, force: bool = False) -> list[Path]:
    """Write every file or none: each goes to a temporary file beside it, then all are renamed.

    The files get the permissions of the user's umask (as ``open`` would give), not the
    owner-only mode of a temporary file. If any write fails (a full disk), every temporary
    file is removed and no target is touched.

    Raises
    ------
    ExportError
        As :func:`write_file`, for the first target that cannot be written.

    """
    targets = [check_target(p, force=force) for p in files]
    mode = 0o666 & ~_umask()
    done: list[tuple[str, Path]] = []
    current = targets[0] if targets else Path()
    try:
        for current, content in zip(targets, files.values(), strict=True):
            target = current
            payload = content.encode("utf-8") if isinstance(content, str) else content
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
            done.append((tmp, target))
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
            os.chmod(tmp, mode)
    except OSError as exc:
        for tmp, _ in done:
            Path(tmp).unlink(missing_ok=True)
        raise ExportError(
            f"cannot write {current}: {exc.strerror or exc}; no file was written"
        ) from exc
    for tmp, target in done:
        Path(tmp).replace(target)
    return targets


def _umask() -> int:
    """Return the process umask without changing it (Linux), else the usual 022."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except OSError:
        pass
    return 0o022


def _places() -> gpd.GeoDataFrame:
    placed = data.load_places()
    keep = [
        "kind", "name_zh", "name_en", "port_type", "faces", "city_kind", "country",
        "population", "population_year", "population_source", "gdp_100m_cny", "gdp_year",
        "gdp_source", "trains_2023", "freight_2023_10kt", "freight_2023_basis",
        "coord_quality", "coord_radius_km", "coord_source",
    ]  # fmt: skip
    out = placed[[c for c in keep if c in placed.columns]].reset_index()
    return gpd.GeoDataFrame(out, geometry=placed.geometry.to_numpy(), crs=4326)


def _corridors() -> gpd.GeoDataFrame:
    corridors = data.load_corridors()
    keep = ["name_zh", "name_en", "mode", "status", "length_km"]
    out = corridors[[c for c in keep if c in corridors.columns]].reset_index()
    return gpd.GeoDataFrame(out, geometry=corridors.geometry.to_numpy(), crs=4326)


def _routes(view: render.MapView) -> gpd.GeoDataFrame:
    rows = [
        {
            "origin": r.origin.id,
            "destination": r.destination.id,
            "origin_name": r.origin.label,
            "destination_name": r.destination.label,
            "mode": r.mode,
            "length_km": round(r.length_km, 3),
            "time_h": round(r.time_h, 3),
            "lines": " → ".join(f"{n} ({km:.0f} km)" for n, km in r.lines),
        }
        for r in view.routes
    ]
    return gpd.GeoDataFrame(rows, geometry=[r.geometry for r in view.routes], crs=4326)


def _catchments(table: pd.DataFrame) -> gpd.GeoDataFrame:
    where = data.load_places().geometry
    rows, lines = [], []
    for city, row in table.iterrows():
        port = row.get("port")
        if not isinstance(port, str) or where.get(city) is None or where.get(port) is None:
            continue
        rows.append({"city": city, **{k: row[k] for k in table.columns}})
        lines.append(shapely.LineString([where[city], where[port]]))
    return gpd.GeoDataFrame(rows, geometry=lines, crs=4326)
