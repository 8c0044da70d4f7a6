"""One place for corridormap's settings: paths, CRS, speeds, snap distances, limits.

Settings are a small validated object (after geopandas' ``_config.py``): an
unknown key or a value of the wrong kind is rejected at once instead of being
silently accepted. Read them with :func:`get`, change them for a block with
:func:`override`.

Example:
-------
>>> from corridormap import settings
>>> settings.get().profile["rail"]
'passenger'
>>> settings.get().route_by
'time'
>>> with settings.override(gravity_exponent=1.5):
...     settings.get().gravity_exponent
1.5

"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import math
import os
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit

import platformdirs

from corridormap import speeds
from corridormap.errors import SettingsError

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "MODES",
    "PROFILES",
    "ROUTE_BY",
    "Settings",
    "get",
    "override",
]

MODES: tuple[str, ...] = ("rail", "road")

#: Travel profiles per mode (defined with their speeds in :mod:`corridormap.speeds`).
PROFILES = speeds.PROFILES
#: What a route minimises: travel time (the default) or length.
ROUTE_BY: tuple[str, ...] = ("time", "length")
#: The masses a measure can weigh places by (see :mod:`corridormap.analysis.masses`).
MASSES: tuple[str, ...] = ("population", "gdp", "pg")
#: The destination sets of the accessibility measures (see :mod:`corridormap.analysis.masses`).
DESTINATIONS: tuple[str, ...] = ("cities", "seats", "hubs", "ports", "all")
#: A port's mass in gravity linkage: its host city's, or its freight (see ``analysis.gravity``).
PORT_MASSES: tuple[str, ...] = ("host", "freight")
#: What ranks ports into tiers (see :mod:`corridormap.analysis.hierarchy`).
PORT_INDEXES: tuple[str, ...] = ("linkage", "freight")
#: The centres of breaking points and field strength (see ``analysis._centres``).
CENTRES: tuple[str, ...] = ("cities", "ports", "all")
#: The masses of those centres: :data:`MASSES` and ``equal``, a mass of 1 for every centre.
CENTRE_MASSES: tuple[str, ...] = (*MASSES, "equal")
#: What an uploaded OSM network does to a mode's network: replace it, or extend it.
NETWORK_USES: tuple[str, ...] = ("replace", "extend")
#: The layers a map draws unless asked otherwise (see :mod:`corridormap.render`).
MAP_LAYERS: tuple[str, ...] = ("rail", "road", "corridors", "ports", "cities", "labels")
#: Paper sizes (width, height in mm, landscape) of the print map (see :mod:`corridormap.printmap`).
PAPER_MM: Mapping[str, tuple[float, float]] = MappingProxyType(
    {"a4": (297.0, 210.0), "square": (200.0, 200.0)}
)
#: The years a network state can be asked for. A line whose opening year is unknown is
#: taken to be open before :data:`FIRST_YEAR`; the bundled lines run to :data:`LAST_YEAR`.
FIRST_YEAR = 2015
LAST_YEAR = 2026


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
    #: The profile each mode travels with (see :data:`PROFILES`).
    profile: Mapping[str, str] = dataclasses.field(
        default_factory=lambda: MappingProxyType({"rail": "passenger", "road": "car"})
    )
    #: What routes, OD tables and measures minimise: ``time`` or ``length``.
    route_by: str = "time"
    #: The network as it stood at the end of this year (lines opened in or before it);
    #: ``None`` for every open line in the bundled data.
    year: int | None = None
    #: Speed (km/h) of each edge class per profile; a class a profile may not use is absent.
    #: Defaults and their sources: :mod:`corridormap.speeds`.
    class_speeds: Mapping[str, Mapping[str, float]] = dataclasses.field(
        default_factory=lambda: speeds.DEFAULT_SPEEDS
    )
    #: Hours a crossing of China's border adds per profile (customs and border formalities).
    crossing_h: Mapping[str, float] = dataclasses.field(
        default_factory=lambda: speeds.DEFAULT_CROSSING_H
    )
    #: Hours the 1435/1520 mm gauge change adds at a rail crossing, per rail profile.
    gauge_change_h: Mapping[str, float] = dataclasses.field(
        default_factory=lambda: speeds.DEFAULT_GAUGE_CHANGE_H
    )
    #: A place farther than this from a mode's network is reported, never joined.
    max_snap_m: Mapping[str, float] = dataclasses.field(
        default_factory=lambda: MappingProxyType({"rail": 15_000.0, "road": 15_000.0})
    )
    #: On the passenger profile a Chinese city boards trains at every passenger station
    #: (tariff station) this close (m) to its point, instead of at the nearest track.
    station_link_m: float = 20_000.0
    gravity_exponent: float = 2.0
    #: Mass of every measure unless asked otherwise: ``population`` (the 2020 census, the one
    #: year published for every Chinese place), ``gdp`` (latest year with a quoted source, year
    #: shown) or ``pg`` (√(population·GDP), the size term of the classic gravity model).
    mass: str = "population"
    #: Distance-decay exponent α of potential accessibility P_i = Σ M_j / T_ij^α.
    potential_alpha: float = 1.0
    #: Hours within which daily accessibility counts the cities (and mass) reached.
    daily_hours: float = 3.0
    #: The accessibility measures route every place to every destination: above this many
    #: pairs (thousands of uploaded places to thousands of cities) they are refused with a
    #: message, and the port-city measures (linkage, catchments, tiers) are computed alone.
    max_od_pairs: int = 1_000_000
    #: Time circles: the reached network is buffered by this much (m) to make a band's polygon.
    isochrone_buffer_m: float = 5_000.0
    #: Field-strength hinterlands: spacing (m, projected CRS) of the grid of points.
    field_spacing_m: float = 25_000.0
    #: Field-strength hinterlands: the grid covers Inner Mongolia's outline grown by this (m).
    field_margin_m: float = 300_000.0
    #: Distance-decay exponent α of the field strength E_ij = M_i / T_ij^α.
    field_alpha: float = 2.0
    #: Field-strength hinterlands: a grid point farther than this (m) from the network is
    #: ``too_far``. Wider than a place's limit: a grid cell stands for land, not a town.
    field_max_snap_m: float = 50_000.0
    max_suggestions: int = 5
    #: Largest upload (bytes): 10 MB, for the CLI and the app alike. The app's
    #: server.maxUploadSize is set higher (50 MB) so that this check, with its message in the
    #: interface language, is the one a user meets.
    upload_max_bytes: int = 10_000_000
    #: Font family of the print exports (PNG/SVG); it must hold Chinese characters.
    print_font: str = "Noto Sans CJK SC"
    #: Where workspaces (the bundled data plus a user's uploads) are written.
    workspace_dir: Path = dataclasses.field(
        default_factory=lambda: Path(tempfile.gettempdir()) / "corridormap-workspaces"
    )
    #: A workspace not built or reused for this many hours is removed (at the next build).
    workspace_max_age_h: float = 24.0
    #: At most this many workspaces are kept; the oldest go first.
    workspace_max_count: int = 64
    #: Where built network states are kept between runs (:mod:`corridormap.graph_store`):
    #: ``$CORRIDORMAP_CACHE_DIR``, else the user's cache folder; ``None`` keeps none.
    cache_dir: Path | None = dataclasses.field(
        default_factory=lambda: Path(
            os.environ.get("CORRIDORMAP_CACHE_DIR") or platformdirs.user_cache_dir("corridormap")
        )
    )
    #: The graph store is kept under this many MB; the least recently used states go first.
    cache_max_mb: float = 500.0
    #: A dead end of an added OSM network this close (m) to the bundled network is joined to it.
    extract_join_m: float = 500.0
    #: Overpass API base URL (osmnx appends ``/interpreter``) used only when a user asks to
    #: download a small OSM area (``extracts.edges_from_overpass``); the app never calls it
    #: on its own. Point it at a mirror or a local server if overpass-api.de is out of reach.
    overpass_url: str = "https://overpass-api.de/api"

    def __post_init__(self) -> None:
        """Validate every field once, at construction."""
        value = self.max_snap_m
        if set(value) != set(MODES):
            raise SettingsError(f"max_snap_m needs exactly the modes {MODES}, got {sorted(value)}")
        if any(not _positive(v) for v in value.values()):
            raise SettingsError(f"max_snap_m values must be positive numbers, got {dict(value)}")
        object.__setattr__(
            self, "max_snap_m", MappingProxyType({k: float(v) for k, v in value.items()})
        )
        self._check_network_state()
        if not _positive(self.workspace_max_age_h):
            raise SettingsError(
                f"workspace_max_age_h must be > 0, got {self.workspace_max_age_h!r}"
            )
        if not isinstance(self.workspace_max_count, int) or self.workspace_max_count < 1:
            raise SettingsError(
                f"workspace_max_count must be an integer >= 1, got {self.workspace_max_count!r}"
            )
        if not _positive(self.station_link_m):
            raise SettingsError(f"station_link_m must be > 0, got {self.station_link_m!r}")
        for name in (
            "potential_alpha",
            "daily_hours",
            "isochrone_buffer_m",
            "field_spacing_m",
            "field_margin_m",
            "field_alpha",
            "field_max_snap_m",
            "cache_max_mb",
        ):
            if not _positive(getattr(self, name)):
                raise SettingsError(f"{name} must be a number above 0, got {getattr(self, name)!r}")
        if self.mass not in MASSES:
            raise SettingsError(f"mass must be one of {MASSES}, got {self.mass!r}")
        if not _positive(self.gravity_exponent):
            raise SettingsError(f"gravity_exponent must be > 0, got {self.gravity_exponent!r}")
        if not isinstance(self.max_od_pairs, int) or self.max_od_pairs < 1:
            raise SettingsError(f"max_od_pairs must be an integer >= 1, got {self.max_od_pairs!r}")
        if not isinstance(self.max_suggestions, int) or self.max_suggestions < 1:
            raise SettingsError(
                f"max_suggestions must be an integer >= 1, got {self.max_suggestions!r}"
            )
        if not _is_http_url(self.overpass_url):
            raise SettingsError(
                f"overpass_url must be an http(s) URL such as "
                f"'https://overpass-api.de/api', got {self.overpass_url!r}"
            )
        self._set_paths()

    def _set_paths(self) -> None:
        """Hold the folders as paths."""
        object.__setattr__(self, "geodata_dir", Path(self.geodata_dir))
        if self.cache_dir is not None:
            object.__setattr__(self, "cache_dir", Path(self.cache_dir))

    def _check_network_state(self) -> None:
        """Validate profiles, the route criterion, class speeds and crossing times."""
        if set(self.profile) != set(MODES) or any(
            self.profile[m] not in PROFILES[m] for m in MODES
        ):
            raise SettingsError(
                f"profile needs one of {dict(PROFILES)} per mode, got {dict(self.profile)}"
            )
        object.__setattr__(self, "profile", MappingProxyType(dict(self.profile)))
        if self.route_by not in ROUTE_BY:
            raise SettingsError(f"route_by must be one of {ROUTE_BY}, got {self.route_by!r}")
        if self.year is not None and (
            not isinstance(self.year, int)
            or isinstance(self.year, bool)
            or not FIRST_YEAR <= self.year <= LAST_YEAR
        ):
            raise SettingsError(
                f"year must be a whole year from {FIRST_YEAR} to {LAST_YEAR}, got {self.year!r}"
            )
        object.__setattr__(self, "class_speeds", speeds.check_class_speeds(self.class_speeds))
        for name, profiles in (
            ("crossing_h", [p for m in MODES for p in PROFILES[m]]),
            ("gauge_change_h", list(PROFILES["rail"])),
        ):
            value = getattr(self, name)
            if set(value) != set(profiles) or any(
                not _finite(v) or float(v) < 0 for v in value.values()
            ):
                raise SettingsError(
                    f"{name} needs a number of hours >= 0 for each of {profiles}, got {dict(value)}"
                )
            object.__setattr__(
                self, name, MappingProxyType({k: float(v) for k, v in value.items()})
            )

    def speeds_of(self, mode: str) -> Mapping[str, float]:
        """Return the class speeds (km/h) of ``mode``'s profile in force."""
        return self.class_speeds[self.profile[mode]]


def _finite(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _positive(value: object) -> bool:
    return _finite(value) and float(value) > 0  # type: ignore[arg-type]


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
