"""On-disk store of built network states: a mode graph's node, edge and snap tables.

Building a mode's graph (cutting edges at places, border rules, class speeds) takes seconds;
reading it back takes a fraction of one. A network state — mode, year, planned corridors,
profile, class speeds, crossing times, snap limits and the data files — is built once and
written under ``settings.cache_dir`` (by default the user's cache folder, from
``platformdirs``) as three Parquet tables and a JSON manifest. Nothing is ever unpickled.

An entry's name is a hash of the contents of the files the build reads, of the code that
builds it and of the settings that shape it, so a changed file or setting is a new entry and
an old one is never read for it. Entries beyond ``settings.cache_max_mb`` go, least recently
used first. An entry that cannot be read is logged, removed and rebuilt; a store that cannot
be written is logged and skipped, never an error.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import pyarrow as pa
import shapely
from shapely.errors import ShapelyError

from corridormap import network, settings

__all__ = ["FORMAT", "entry_dir", "load_or_build", "state_key"]

log = logging.getLogger(__name__)

#: Layout version of an entry; a new layout never reads an old one.
FORMAT = 1

#: The data files a mode's graph is built from (``geodata_dir`` or a workspace).
_INPUTS = ("ports.geojson", "cities.geojson", "rail_stations.geojson", "crossings.csv")
#: The modules whose code shapes a built graph.
_CODE = ("network.py", "borders.py", "classes.py", "geometry.py", "data.py", "graph_store.py")
_TABLES = ("nodes", "edges", "snaps")
#: A half-written entry folder this old (s) was left by a process that died.
_STALE_S = 3600.0
#: What reading a damaged entry raises: a missing or truncated file, bad JSON or Parquet, a
#: missing column, bad WKB.
_UNREADABLE = (OSError, ValueError, KeyError, TypeError, pa.ArrowException, ShapelyError)


def state_key(mode: str, planned: Sequence[str] = ()) -> str:
    """Return the hash naming the network state of ``mode`` under the settings in force.

    Examples
    --------
    >>> state_key("rail") == state_key("rail")
    True
    >>> state_key("rail") != state_key("road")
    True

    """
    network.check_mode(mode)
    cfg = settings.get()
    profile = cfg.profile[mode]
    shape = {
        "format": FORMAT,
        "mode": mode,
        "planned": sorted(set(planned)),
        "year": cfg.year,
        "profile": profile,
        "speeds": dict(sorted(cfg.class_speeds[profile].items())),
        "crossing_h": cfg.crossing_h[profile],
        "gauge_change_h": cfg.gauge_change_h.get(profile, 0.0),
        "max_snap_m": dict(cfg.max_snap_m),
        "station_link_m": cfg.station_link_m,
        "projected_crs": cfg.projected_crs,
    }
    digest = hashlib.blake2b(json.dumps(shape, sort_keys=True).encode(), digest_size=16)
    here = Path(__file__).parent
    for path in [cfg.geodata_dir / f"{mode}_edges.parquet"] + [
        cfg.geodata_dir / name for name in _INPUTS
    ]:
        digest.update(path.name.encode() + _file_digest(path))
    for name in _CODE:
        digest.update(_file_digest(here / name))
    return digest.hexdigest()


def entry_dir(mode: str, planned: Sequence[str] = ()) -> Path | None:
    """Return the folder of this network state's entry (None when the store is off)."""
    root = settings.get().cache_dir
    return None if root is None else Path(root) / "graphs" / state_key(mode, planned)


def load_or_build(mode: str, planned: Sequence[str] = ()) -> network.ModeGraph:
    """Return the mode graph of this network state: read from the store, or built and stored.

    Parameters
    ----------
    mode
        ``rail`` or ``road``.
    planned
        Ids of planned corridors switched on.

    """
    where = entry_dir(mode, planned)
    if where is None:
        return network.graph_for(mode, planned=planned)
    if where.is_dir():
        try:
            mg = _read(where)
        except _UNREADABLE as exc:
            log.warning("graph cache entry %s is unreadable (%s); rebuilding it", where, exc)
            shutil.rmtree(where, ignore_errors=True)
        else:
            os.utime(where / "manifest.json")
            return mg
    mg = network.graph_for(mode, planned=planned)
    try:
        _write(mg, where)
        _prune(where.parent, keep=where)
    except OSError as exc:
        log.warning("graph cache %s cannot be written (%s); continuing without it", where, exc)
    return mg


def _file_digest(path: Path) -> bytes:
    """Return a digest of a file's bytes (of its absence, if it does not exist)."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return b"absent"
    return _digest_of(str(path), stat.st_size, stat.st_mtime_ns)


_DIGESTS: dict[tuple[str, int, int], bytes] = {}


def _digest_of(path: str, size: int, mtime_ns: int) -> bytes:
    """Hash a file's contents once per (path, size, mtime) in this process."""
    key = (path, size, mtime_ns)
    if key not in _DIGESTS:
        h = hashlib.blake2b(digest_size=16)
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        _DIGESTS[key] = h.digest()
    return _DIGESTS[key]


def _write(mg: network.ModeGraph, where: Path) -> None:
    """Write an entry into a fresh folder beside ``where``, then rename it into place."""
    where.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=where.parent))
    try:
        edges = mg.attrs.assign(geometry=shapely.to_wkb(mg.geometry))
        for name, frame in zip(_TABLES, (mg.nodes, edges, mg.snaps), strict=True):
            frame.to_parquet(tmp / f"{name}.parquet")  # the index is kept, names and all
        manifest = {
            "format": FORMAT,
            "mode": mg.mode,
            "planned": list(mg.planned),
            "year": mg.year,
            "profile": mg.profile,
            "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        try:
            tmp.rename(where)
        except OSError:
            if not where.is_dir():  # another process may have written it first; else retry
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _read(where: Path) -> network.ModeGraph:
    """Read an entry back into a mode graph."""
    manifest = json.loads((where / "manifest.json").read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise ValueError(f"layout {manifest.get('format')!r}, expected {FORMAT}")
    nodes, edges, snaps = (pd.read_parquet(where / f"{name}.parquet") for name in _TABLES)
    shapes = edges.pop("geometry").to_numpy()
    return network.ModeGraph(
        mode=str(manifest["mode"]),
        nodes=nodes,
        attrs=edges,
        shapes=shapes,
        snaps=snaps,
        planned=tuple(manifest["planned"]),
        year=manifest["year"],
        profile=str(manifest["profile"]),
    )


def _prune(root: Path, *, keep: Path) -> None:
    """Remove the least recently used entries until the store fits ``settings.cache_max_mb``."""
    limit = settings.get().cache_max_mb * 1e6
    entries = []
    for entry in root.iterdir():
        manifest = entry / "manifest.json"
        if entry.name.startswith(".tmp-") and time.time() - entry.stat().st_mtime > _STALE_S:
            shutil.rmtree(entry, ignore_errors=True)  # left by a process that died writing
        if entry.name.startswith(".") or not manifest.is_file():
            continue
        size = sum(f.stat().st_size for f in entry.iterdir())
        entries.append((manifest.stat().st_mtime, size, entry))
    total = sum(size for _, size, _ in entries)
    for _, size, entry in sorted(entries):
        if total <= limit:
            break
        if entry != keep:
            shutil.rmtree(entry, ignore_errors=True)
            total -= size
