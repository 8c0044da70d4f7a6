"""One place for corridormap's settings: paths, CRS, speeds, snap distances, limits.

Settings are a small validated object (after geopandas' ``_config.py``): an
unknown key or a value of the wrong kind is rejected at once instead of being
silently accepted. Read them with :func:`get`, change them for a block with
:func:`override`.

Example:
-------
>>> from corridormap import settings
>>> settings.get().speed_kmh["rail"]
80.0
>>> with settings.override(gravity_exponent=1.5):
...     settings.get().gravity_exponent
1.5

"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import os
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit

from corridormap.errors import SettingsError

__all__ = ["MODES", "SPEED_SOURCES", "Settings", "get", "override"]

MODES: tuple[str, ...] = ("rail", "road")

#: Why each default speed is what it is, in Chinese and English; every table that shows a
#: time names these.
SPEED_SOURCES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "rail": (
            "80 km/h：本项目假定的门到门规划平均速度（客货混跑网络），低于所涉普速线路 120–160 km/h 的"
            "设计速度；没有可直接套用的公开平均值，如有更好的数值请自行设定。",
            "80 km/h: a project assumption for a door-to-door planning average on a mixed "
            "passenger/freight network, below the 120-160 km/h design speeds of the conventional "
            "lines it covers; no single published average applies, so set your own if you know it.",
        ),
        "road": (
            "80 km/h：《公路工程技术标准》JTG B01-2014 中高速公路的最低设计速度、一级公路的中间设计速度"
            "（高速 120/100/80，一级 100/80/60）；所附公路网没有公路等级，故所有路段取同一速度。",
            "80 km/h: the lowest expressway design speed and the middle first-class highway "
            "design speed in JTG B01-2014 《公路工程技术标准》 (expressway 120/100/80, first "
            "class 100/80/60); the bundled road network has no road classes, so one speed "
            "serves every edge.",
        ),
    }
)


def _repo_root() -> Path:
    return Path(__file__).resolve().parents[2]


def _is_http_url(value: object) -> bool:
    """Return whether ``value`` is an http(s) URL with a host name."""
    try:
        url = urlsplit(value) if isinstance(value, str) else None
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return False
    return url is not None and url.scheme in ("http", "https") and bool(url.hostname)


@dataclasses.dataclass(frozen=True)
class Settings:
    """Validated settings; build new ones with :func:`override`."""

    geodata_dir: Path = dataclasses.field(
        default_factory=lambda: Path(
            os.environ.get("CORRIDORMAP_GEODATA", _repo_root() / "geodata")
        )
    )
    #: Projected CRS for snapping and geometry work (metres): a Lambert conformal
    #: conic fitted to 36-50 N, centred on Inner Mongolia.
    projected_crs: str = (
        "+proj=lcc +lat_1=36 +lat_2=50 +lat_0=42 +lon_0=112 +datum=WGS84 +units=m +no_defs"
    )
    speed_kmh: Mapping[str, float] = dataclasses.field(
        default_factory=lambda: MappingProxyType({"rail": 80.0, "road": 80.0})
    )
    #: A place farther than this from a mode's network is reported, never joined.
    max_snap_m: Mapping[str, float] = dataclasses.field(
        default_factory=lambda: MappingProxyType({"rail": 15_000.0, "road": 15_000.0})
    )
    gravity_exponent: float = 2.0
    max_suggestions: int = 5
    upload_max_bytes: int = 10 * 1024 * 1024
    #: Font family of the print exports (PNG/SVG); it must hold Chinese characters.
    print_font: str = "Noto Sans CJK SC"
    #: Where workspaces (the bundled data plus a user's uploads) are written.
    workspace_dir: Path = dataclasses.field(
        default_factory=lambda: Path(tempfile.gettempdir()) / "corridormap-workspaces"
    )
    #: A dead end of an added OSM network this close (m) to the bundled network is joined to it.
    extract_join_m: float = 500.0
    #: Overpass API base URL (osmnx appends ``/interpreter``) used only when a user asks to
    #: download a small OSM area (``extracts.edges_from_overpass``); the app never calls it
    #: on its own. Point it at a mirror or a local server if overpass-api.de is out of reach.
    overpass_url: str = "https://overpass-api.de/api"

    def __post_init__(self) -> None:
        """Validate every field once, at construction."""
        for name in ("speed_kmh", "max_snap_m"):
            value = getattr(self, name)
            if set(value) != set(MODES):
                raise SettingsError(f"{name} needs exactly the modes {MODES}, got {sorted(value)}")
            if any(not isinstance(v, int | float) or v <= 0 for v in value.values()):
                raise SettingsError(f"{name} values must be positive numbers, got {dict(value)}")
            object.__setattr__(
                self, name, MappingProxyType({k: float(v) for k, v in value.items()})
            )
        if not isinstance(self.gravity_exponent, int | float) or self.gravity_exponent <= 0:
            raise SettingsError(f"gravity_exponent must be > 0, got {self.gravity_exponent!r}")
        if not isinstance(self.max_suggestions, int) or self.max_suggestions < 1:
            raise SettingsError(
                f"max_suggestions must be an integer >= 1, got {self.max_suggestions!r}"
            )
        if not _is_http_url(self.overpass_url):
            raise SettingsError(
                f"overpass_url must be an http(s) URL such as "
                f"'https://overpass-api.de/api', got {self.overpass_url!r}"
            )
        object.__setattr__(self, "geodata_dir", Path(self.geodata_dir))


#: The settings in force, per thread and task: each app session (a Streamlit script thread) can
#: point at its own data folder without touching another session's.
_current: contextvars.ContextVar[Settings] = contextvars.ContextVar(
    "corridormap_settings",
    default=Settings(),  # noqa: B039 - a frozen dataclass, never mutated
)


def get() -> Settings:
    """Return the settings in force in this thread or task."""
    return _current.get()


@contextlib.contextmanager
def override(**changes: Any) -> Iterator[Settings]:
    """Use changed settings inside a ``with`` block, then restore the old ones.

    The change is seen only by the thread or task that made it (a context variable), so
    concurrent app sessions cannot see each other's settings.

    Parameters
    ----------
    **changes
        Field names of :class:`Settings` and their new values.

    Raises
    ------
    SettingsError
        If a name is not a setting or a value is invalid.

    """
    known = {f.name for f in dataclasses.fields(Settings)}
    unknown = sorted(set(changes) - known)
    if unknown:
        raise SettingsError(f"unknown setting(s) {unknown}; known: {sorted(known)}")
    token = _current.set(dataclasses.replace(_current.get(), **changes))
    try:
        yield _current.get()
    finally:
        _current.reset(token)
