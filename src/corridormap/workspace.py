"""Workspaces: the bundled data plus a user's own places, corridors and networks, as one folder.

A workspace is a data folder laid out like ``geodata/``. Files the uploads do not change are
symbolic links to the bundled ones; changed files are written anew. The folder is named by a
hash of the base folder and the uploads, so the same uploads give the same folder, and every
cache keyed on the data folder (graphs, OD tables, the gazetteer) serves it without mixing it
with any other. Nothing in the bundled folder is ever written.

Use it with :meth:`Workspace.active` (or ``settings.override(geodata_dir=ws.path)``): every
library call inside the block then routes, analyses and draws with the uploads included.

- Places (:func:`corridormap.uploads.read_places`) are added to ``cities.geojson`` or
  ``ports.geojson``.
- A planned corridor (:func:`corridormap.uploads.read_corridor`) becomes a ``planned`` edge of
  its mode's network, joined at both ends to the nearest point of the open network that every
  train may use (not a passenger-dedicated line; the edge there is cut); the join distances are reported in :attr:`Workspace.joins`, and an end farther
  than ``settings.max_snap_m`` is refused. It is switched on like the bundled planned corridors.
- A network (:mod:`corridormap.extracts`) either replaces a mode's edges or extends them: its
  dead ends within ``settings.extract_join_m`` of the bundled network are joined to it by
  ``connector`` edges.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely import LineString

from corridormap import data, extracts, network, settings, uploads
from corridormap.errors import InvalidLayerError, UploadError, UploadTooLargeError
from corridormap.geometry import geodesic_lengths_m, to_projected

__all__ = ["NETWORK_USES", "Workspace", "build", "expire", "from_files"]

log = logging.getLogger(__name__)

#: How an added network is used: instead of the bundled one, or beside it.
NETWORK_USES = settings.NETWORK_USES
_FILES = (
    "ports.geojson",
    "cities.geojson",
    "corridors.geojson",
    "rail_edges.parquet",
    "road_edges.parquet",
    "rail_stations.geojson",
    "crossings.csv",
    "display_rail.geojson",
    "display_road.geojson",
    "basemap_provinces.geojson",
    "basemap_countries.geojson",
    "basemap_borders.geojson",
)


@dataclass(frozen=True)
class Workspace:
    """A data folder with a user's uploads; see the module docstring.

    Attributes
    ----------
    path
        The folder (pass it as ``geodata_dir``).
    key
        The hash that names the folder.
    places
        Ids of the added places.
    corridors
        Ids of the added planned corridors (switch them on with ``planned=``).
    joins
        One row per corridor end: ``corridor_id``, ``name_zh``, ``mode``, ``end`` (``start`` or
        ``end``) and ``snap_m``, the distance from the drawn end to the network.
    networks
        Mode to how its added network is used (``replace`` or ``extend``), with ``joined``, the
        number of connectors made for ``extend``.

    """

    path: Path
    key: str
    places: tuple[str, ...]
    corridors: tuple[str, ...]
    joins: pd.DataFrame
    networks: Mapping[str, tuple[str, int]]

    @contextlib.contextmanager
    def active(self) -> Iterator[Workspace]:
        """Use this workspace's data for every library call inside the ``with`` block."""
        with settings.override(geodata_dir=self.path):
            yield self


def build(
    *,
    places: Sequence[gpd.GeoDataFrame] = (),
    corridors: Sequence[gpd.GeoDataFrame] = (),
    networks: Mapping[str, tuple[gpd.GeoDataFrame, str]] | None = None,
    masses: Sequence[pd.DataFrame] = (),
) -> Workspace:
    """Return the workspace of the data in force plus the given uploads (made once per content).

    Parameters
    ----------
    places
        Tables from :func:`corridormap.uploads.read_places` (ids must not repeat).
    masses
        Tables from :func:`corridormap.uploads.read_masses`: figures that replace those of
        bundled cities (a later table wins for a city named twice).
    corridors
        Tables from :func:`corridormap.uploads.read_corridor`.
    networks
        Mode to (edge layer from :mod:`corridormap.extracts`, ``replace`` or ``extend``).

    Raises
    ------
    UploadError
        If a corridor end lies too far from its mode's network.
    InvalidLayerError
        If ids repeat or a network use is unknown.

    """
    networks = dict(networks or {})
    for mode, (_, use) in networks.items():
        if mode not in settings.MODES or use not in NETWORK_USES:
            raise InvalidLayerError(f"network for {mode!r} must be used as one of {NETWORK_USES}")
    base = settings.get().geodata_dir
    key = _key(base, places, corridors, networks, masses)
    target = settings.get().workspace_dir / key
    joins, used = _write(base, target, places, corridors, networks, masses)
    with contextlib.suppress(OSError):  # in use again: keep it among the newest
        os.utime(target)
    expire(keep=target)
    return Workspace(
        path=target,
        key=key,
        places=tuple(str(i) for p in places for i in p.index),
        corridors=tuple(str(i) for c in corridors for i in c.index),
        joins=joins,
        networks=used,
    )


def expire(*, keep: Path | None = None, now: float | None = None) -> list[Path]:
    """Remove old workspace folders; return the ones removed.

    A folder not built or reused for ``settings.workspace_max_age_h`` hours goes, and beyond
    the ``settings.workspace_max_count`` newest the oldest go too. ``keep`` (the folder just
    built) always stays, as do half-written temporary folders of a build under way.
    """
    cfg = settings.get()
    root = cfg.workspace_dir
    if not root.is_dir():
        return []
    now = time.time() if now is None else now
    found = []
    for p in root.iterdir():
        if p.is_dir() and not p.name.startswith(".") and p != keep:
            with contextlib.suppress(OSError):
                found.append((p.stat().st_mtime, p))
    found.sort(reverse=True)
    room = cfg.workspace_max_count - (1 if keep is not None else 0)
    gone = [
        p
        for i, (mtime, p) in enumerate(found)
        if i >= room or now - mtime > cfg.workspace_max_age_h * 3600
    ]
    for p in gone:
        shutil.rmtree(p, ignore_errors=True)
    if gone:
        log.info("removed %d old workspace folder(s) from %s", len(gone), root)
    return gone


def from_files(
    *,
    cities: Sequence[str | os.PathLike[str]] = (),
    ports: Sequence[str | os.PathLike[str]] = (),
    corridors: Sequence[str | os.PathLike[str]] = (),
    network: str | os.PathLike[str] | None = None,
    network_mode: str = "rail",
    network_use: str = "extend",
    masses: Sequence[str | os.PathLike[str]] = (),
) -> Workspace:
    """Return the workspace of uploads given as files (what the CLI's ``--places`` … do).

    Each file is size-checked before it is read; ids are numbered per file (``f1_1`` …) so
    several files never clash.
    """
    tables, lines, n = [], [], 0
    for kind, paths in (("city", cities), ("port", ports)):
        for path in paths:
            n += 1
            name, content = _read_file(path)
            tables.append(uploads.read_places(content, name, kind=kind, id_prefix=f"f{n}"))
    for path in corridors:
        n += 1
        name, content = _read_file(path)
        lines.append(uploads.read_corridor(content, name, id_prefix=f"f{n}_corridor"))
    nets = {}
    if network is not None:
        name, content = _read_file(network)
        nets[network_mode] = (
            extracts.edges_from_osm_xml(content, name, network_mode),
            network_use,
        )
    figures = []
    for path in masses:
        name, content = _read_file(path)
        figures.append(uploads.read_masses(content, name))
    return build(places=tables, corridors=lines, networks=nets, masses=figures)


def _read_file(path: str | os.PathLike[str]) -> tuple[str, bytes]:
    """Read a file the user named, never more than the upload limit plus one byte.

    The stated size is not trusted: ``/dev/zero``, a pipe or a FIFO state none, so the read
    itself stops one byte past the limit and the size check refuses what it got.
    """
    p = Path(path)
    limit = settings.get().upload_max_bytes
    try:
        with p.open("rb") as handle:
            content = handle.read(limit + 1)
    except OSError as exc:
        raise UploadError(f"cannot read the file: {exc.strerror or exc}", filename=str(p)) from exc
    if len(content) > limit:
        raise UploadTooLargeError(filename=p.name, size=None, limit=limit)
    return p.name, content


def _key(
    base: Path,
    places: Sequence[gpd.GeoDataFrame],
    corridors: Sequence[gpd.GeoDataFrame],
    networks: Mapping[str, tuple[gpd.GeoDataFrame, str]],
    masses: Sequence[pd.DataFrame] = (),
) -> str:
    digest = hashlib.sha256(str(base.resolve()).encode())
    for frame in [*places, *corridors]:
        digest.update(frame.to_json(drop_id=False).encode())
    for table in masses:
        digest.update(b"masses:" + table.to_json().encode())
    for mode in sorted(networks):
        edges, use = networks[mode]
        digest.update(f"{mode}:{use}".encode())
        digest.update(
            pd.util.hash_pandas_object(edges.drop(columns="geometry")).to_numpy().tobytes()
        )
        digest.update(b"".join(shapely.to_wkb(edges.geometry.to_numpy())))
    s = settings.get()
    digest.update(repr((s.max_snap_m, s.extract_join_m)).encode())
    return digest.hexdigest()[:20]


def _write(
    base: Path,
    target: Path,
    places: Sequence[gpd.GeoDataFrame],
    corridors: Sequence[gpd.GeoDataFrame],
    networks: Mapping[str, tuple[gpd.GeoDataFrame, str]],
    masses: Sequence[pd.DataFrame] = (),
) -> tuple[pd.DataFrame, dict[str, tuple[str, int]]]:
    """Make the folder (in a temporary sibling, then renamed); return joins and network uses."""
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}."))
    try:
        written = _place_layers(base, places, masses)
        edges = {mode: data.load_edges(mode) for mode in settings.MODES}
        used: dict[str, tuple[str, int]] = {}
        for mode, (new, use) in networks.items():
            edges[mode], joined = _network(edges[mode], new, use)
            used[mode] = (use, joined)
        joins: list[tuple[str, str, str, str, float]] = []
        if corridors:
            table = pd.concat(corridors)
            for cid, row in table.iterrows():
                mode = str(row["mode"])
                edges[mode], ends = _corridor_edges(edges[mode], str(cid), row)
                joins.extend(ends)
            written["corridors.geojson"] = _with_corridors(base, table)
        for name, layer in written.items():
            layer.to_file(work / name, driver="GeoJSON")
        changed = {m for m in settings.MODES if m in networks or _has_corridor(corridors, m)}
        for mode in changed:
            edges[mode].to_parquet(work / f"{mode}_edges.parquet")
        for mode, (new, use) in networks.items():
            _display(base, mode, new, use).to_file(
                work / f"display_{mode}.geojson", driver="GeoJSON"
            )
        for name in _FILES:
            if not (work / name).exists() and (base / name).exists():
                os.symlink((base / name).resolve(), work / name)
        with contextlib.suppress(OSError):  # a twin built the same folder first: use it
            work.rename(target)
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
    columns = ["corridor_id", "name_zh", "mode", "end", "snap_m"]
    return pd.DataFrame(joins, columns=columns), used


def _place_layers(
    base: Path, places: Sequence[gpd.GeoDataFrame], masses: Sequence[pd.DataFrame]
) -> dict[str, gpd.GeoDataFrame]:
    """Return the place layers the uploads change: added places, replaced figures."""
    written: dict[str, gpd.GeoDataFrame] = {}
    for kind, name in (("port", "ports.geojson"), ("city", "cities.geojson")):
        added = [p for p in places if len(p) and (p["kind"] == kind).all()]
        if added:
            written[name] = _with_places(base / name, added)
    if masses:
        cities = written.get("cities.geojson")
        cities = gpd.read_file(base / "cities.geojson") if cities is None else cities
        written["cities.geojson"] = _with_masses(cities, masses)
    return written


def _with_places(path: Path, added: Sequence[gpd.GeoDataFrame]) -> gpd.GeoDataFrame:
    bundled = gpd.read_file(path)
    extra = pd.concat([p.reset_index() for p in added], ignore_index=True)
    both = pd.concat([bundled, extra], ignore_index=True)
    repeated = sorted(set(both["id"][both["id"].duplicated()]))
    if repeated:
        raise InvalidLayerError(f"place ids repeat across uploads: {repeated}")
    return gpd.GeoDataFrame(both, geometry="geometry", crs="EPSG:4326")


def _with_masses(cities: gpd.GeoDataFrame, masses: Sequence[pd.DataFrame]) -> gpd.GeoDataFrame:
    """Replace the figures of the cities the masses tables name (sources say it is an upload)."""
    out = cities.copy()
    at = {pid: i for i, pid in enumerate(out["id"])}
    for table in masses:
        for pid, row in table.iterrows():
            i = at[str(pid)]
            for value, year, prefix in (
                ("population", "population_year", "population"),
                ("gdp_100m_cny", "gdp_year", "gdp"),
            ):
                if pd.notna(row[value]):
                    out.loc[out.index[i], [value, year]] = [row[value], row[year]]
                    out.loc[out.index[i], f"{prefix}_source"] = row["source"]
                    for extra in (f"{prefix}_quote", f"{prefix}_original"):
                        if extra in out:
                            out.loc[out.index[i], extra] = None
    return out


def _with_corridors(base: Path, table: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    bundled = gpd.read_file(base / "corridors.geojson")
    both = pd.concat([bundled, table.reset_index()], ignore_index=True)
    return gpd.GeoDataFrame(both, geometry="geometry", crs="EPSG:4326")


def _has_corridor(corridors: Sequence[gpd.GeoDataFrame], mode: str) -> bool:
    return any((c["mode"] == mode).any() for c in corridors)


def _next_id(edges: gpd.GeoDataFrame) -> int:
    return int(max(edges["u"].max(), edges["v"].max())) + 1 if len(edges) else 0


def _corridor_edges(
    edges: gpd.GeoDataFrame, cid: str, row: pd.Series
) -> tuple[gpd.GeoDataFrame, list[tuple[str, str, str, str, float]]]:
    """Cut the open network at the corridor's ends and add the corridor as ``planned`` edges."""
    mode = str(row["mode"])
    limit = settings.get().max_snap_m[mode]
    merged = shapely.line_merge(row.geometry)
    parts = list(shapely.get_parts(merged))
    ends = np.array([[p.coords[0], p.coords[-1]] for p in parts]).reshape(-1, 2)
    # It joins track every train may use: open, and not a passenger-dedicated line.
    dedicated = edges.get("passenger_only", pd.Series(False, index=edges.index))
    is_open = (edges["status"] == "open").to_numpy() & ~dedicated.fillna(False).astype(bool)
    split = network.split_edges_at_points(
        edges[is_open],
        ends[:, 0],
        ends[:, 1],
        max_snap_m=limit,
        first_node_id=_next_id(edges),
    )
    name = str(row["name_zh"])
    if (split.node < 0).any():
        far = int(np.argmax(split.node < 0))
        gap = _distance_to_network_km(edges[is_open], ends[far])
        raise UploadError(
            f"corridor {name!r}: its {'start' if far % 2 == 0 else 'end'} lies {gap:,.1f} km from "
            f"the {mode} network; ends must be within {limit / 1000:g} km to be joined",
            filename=str(row.get("source", "corridor")).removeprefix("upload: "),
        )
    nodes = network.nodes_from_edges(split.edges)
    planned = []
    for i, part in enumerate(parts):
        a, b = int(split.node[2 * i]), int(split.node[2 * i + 1])
        coords = [
            (nodes.at[a, "x"], nodes.at[a, "y"]),
            *part.coords,
            (nodes.at[b, "x"], nodes.at[b, "y"]),
        ]
        planned.append(
            {
                "u": a,
                "v": b,
                "kind": "planned",
                "status": "planned",
                "line_zh": name,
                "corridor_id": cid,
                "geometry": LineString([c[:2] for c in coords]),
            }
        )
    new = gpd.GeoDataFrame(planned, geometry="geometry", crs="EPSG:4326")
    new["length_m"] = geodesic_lengths_m(new.geometry.to_numpy())
    out = pd.concat([split.edges, edges[~is_open], new], ignore_index=True)
    joins = [
        (cid, name, mode, "start" if j % 2 == 0 else "end", float(split.snap_m[j]))
        for j in range(len(ends))
    ]
    return gpd.GeoDataFrame(out, geometry="geometry", crs="EPSG:4326"), joins


def _distance_to_network_km(edges: gpd.GeoDataFrame, lonlat: np.ndarray) -> float:
    proj = edges.geometry.to_crs(settings.get().projected_crs).to_numpy()
    x, y = to_projected(np.array([lonlat[0]]), np.array([lonlat[1]]))
    return float(shapely.distance(shapely.points(x[0], y[0]), proj).min()) / 1000


def _network(
    edges: gpd.GeoDataFrame, new: gpd.GeoDataFrame, use: str
) -> tuple[gpd.GeoDataFrame, int]:
    """Return a mode's edges with an added network, and how many connectors joined it."""
    if use == "replace":
        return gpd.GeoDataFrame(new.copy(), geometry="geometry", crs="EPSG:4326"), 0
    shifted = new.copy()
    offset = _next_id(edges)
    shifted["u"] = shifted["u"] + offset
    shifted["v"] = shifted["v"] + offset
    degree = pd.concat([shifted["u"], shifted["v"]]).value_counts()
    dead = network.nodes_from_edges(shifted).loc[degree.index[degree == 1]]
    is_open = (edges["status"] != "planned").to_numpy()
    split = network.split_edges_at_points(
        edges[is_open],
        dead["x"].to_numpy(),
        dead["y"].to_numpy(),
        max_snap_m=settings.get().extract_join_m,
        first_node_id=_next_id(shifted),
    )
    ok = split.node >= 0
    feet = network.nodes_from_edges(split.edges).loc[split.node[ok]]
    connectors = gpd.GeoDataFrame(
        {
            "u": dead.index.to_numpy()[ok],
            "v": split.node[ok],
            "kind": "connector",
            "status": "open",
            "line_zh": None,
            "corridor_id": None,
        },
        geometry=[
            LineString([(x0, y0), (x1, y1)])
            for x0, y0, x1, y1 in zip(
                dead["x"].to_numpy()[ok],
                dead["y"].to_numpy()[ok],
                feet["x"],
                feet["y"],
                strict=True,
            )
        ],
        crs="EPSG:4326",
    )
    connectors["length_m"] = geodesic_lengths_m(connectors.geometry.to_numpy())
    out = pd.concat([split.edges, edges[~is_open], shifted, connectors], ignore_index=True)
    return gpd.GeoDataFrame(out, geometry="geometry", crs="EPSG:4326"), int(ok.sum())


def _display(base: Path, mode: str, new: gpd.GeoDataFrame, use: str) -> gpd.GeoDataFrame:
    """Return the overview layer of a mode's network as the workspace uses it."""
    lines = shapely.simplify(new.geometry.to_numpy(), 0.003)
    geoms = [shapely.multilinestrings(list(lines))]
    if use == "extend":
        geoms += list(gpd.read_file(base / f"display_{mode}.geojson").geometry)
    return gpd.GeoDataFrame(geometry=geoms, crs="EPSG:4326")
