"""The session's own data: uploads kept in ``st.session_state`` and the workspace they make.

Each browser session has its own list of uploads; they reach the library only through a
workspace (a data folder of their own), which :func:`active` puts in force for the page run.
Other sessions and the bundled ``geodata/`` never see them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st

from corridormap import extracts, settings, uploads, workspace
from corridormap.errors import UploadError

_UPLOADS = "own_uploads"
_WORKSPACE = "own_workspace"
_COUNTER = "own_counter"


@dataclass(frozen=True)
class Upload:
    """One accepted upload: what it is, its file name, and the parsed table."""

    kind: str  # city | port | corridor | network | masses
    filename: str
    table: gpd.GeoDataFrame | pd.DataFrame
    mode: str = ""
    use: str = ""


def uploads_now() -> list[Upload]:
    """Return the session's accepted uploads, oldest first."""
    return list(st.session_state.get(_UPLOADS, []))


def current() -> workspace.Workspace | None:
    """Return the session's workspace, or ``None`` while it has no uploads."""
    ws = st.session_state.get(_WORKSPACE)
    return ws if isinstance(ws, workspace.Workspace) else None


def _prefix() -> str:
    n = int(st.session_state.get(_COUNTER, 0)) + 1
    st.session_state[_COUNTER] = n
    return f"s{n}"


def add_places(filename: str, content: bytes, kind: str) -> Upload:
    """Parse a places file and add it; raise the library's error and keep nothing if it fails."""
    table = uploads.read_places(content, filename, kind=kind, id_prefix=_prefix())
    return _accept(Upload(kind, filename, table))


def add_masses(filename: str, content: bytes) -> Upload:
    """Parse population/GDP figures for bundled cities; they replace the bundled ones."""
    table = uploads.read_masses(content, filename)
    return _accept(Upload("masses", filename, table))


def add_corridor(filename: str, content: bytes, mode: str) -> Upload:
    """Parse a planned corridor and add it as a scenario of its mode."""
    table = uploads.read_corridor(content, filename, mode=mode, id_prefix=f"{_prefix()}_corridor")
    return _accept(Upload("corridor", filename, table))


def add_network(filename: str, content: bytes, mode: str, use: str) -> Upload:
    """Parse an OSM XML extract and use it for ``mode`` (``replace`` or ``extend``)."""
    table = extracts.edges_from_osm_xml(content, filename, mode)
    return _accept(Upload("network", filename, table, mode, use))


def add_download(bbox: tuple[float, float, float, float], mode: str, use: str) -> Upload:
    """Download a small OSM area through Overpass (``settings.overpass_url``) and use it."""
    table = extracts.edges_from_overpass(bbox, mode)
    name = "overpass " + ",".join(f"{v:g}" for v in bbox)
    return _accept(Upload("network", name, table, mode, use))


def remove(index: int) -> None:
    """Drop one upload and rebuild the workspace from the others."""
    kept = uploads_now()
    del kept[index]
    _store(kept)


def clear() -> None:
    """Drop every upload: the session is back on the bundled data."""
    _store([])


def _accept(upload: Upload) -> Upload:
    """Build the workspace with the new upload; if that fails, nothing changes.

    When the new upload makes an earlier one fail (a network that replaces the one an
    uploaded corridor joined), the error names the new file, which is the one refused.
    """
    try:
        _store([*uploads_now(), upload])
    except UploadError as exc:
        if exc.filename == upload.filename:
            raise
        raise UploadError(
            f"not added: with it, the earlier upload {exc.filename} no longer fits ({exc.problem})",
            filename=upload.filename,
        ) from exc
    return upload


def _store(kept: list[Upload]) -> None:
    ws = _build(kept) if kept else None
    st.session_state[_UPLOADS] = kept
    st.session_state[_WORKSPACE] = ws


def _build(kept: list[Upload]) -> workspace.Workspace:
    networks = {u.mode: (u.table, u.use) for u in kept if u.kind == "network"}
    with settings.override(geodata_dir=_bundled()):
        return workspace.build(
            places=[u.table for u in kept if u.kind in ("city", "port")],
            corridors=[u.table for u in kept if u.kind == "corridor"],
            networks=networks,
            masses=[u.table for u in kept if u.kind == "masses"],
        )


def _bundled() -> Path:
    """Return the bundled data folder, even while a workspace is in force."""
    return settings.Settings().geodata_dir


@contextlib.contextmanager
def active() -> Iterator[None]:
    """Run the page with the session's workspace in force (the bundled data if none)."""
    ws = current()
    if ws is not None and not ws.path.is_dir():  # the temporary folder was cleaned: remake it
        _store(uploads_now())
        ws = current()
    if ws is None:
        yield
        return
    with ws.active():
        yield
