"""Typed errors raised by corridormap, all under :class:`CorridormapError`.

Every message says what was wrong and what to do about it; front ends (CLI, app)
show ``str(error)`` and never a traceback.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "AmbiguousPlaceError",
    "CorridormapError",
    "DownloadError",
    "EmptySelectionError",
    "ExportError",
    "InvalidLayerError",
    "NoRouteError",
    "NotOnNetworkError",
    "SamePlaceError",
    "SettingsError",
    "TooManyPairsError",
    "UnknownPlaceError",
    "UploadError",
    "UploadTooLargeError",
    "WorkStoppedError",
]


#: Longest piece of user input an error message repeats.
ECHO_CHARS = 80


def shorten(text: str, limit: int = ECHO_CHARS) -> str:
    """Return user input cut to ``limit`` characters for a message, saying how long it was.

    Examples
    --------
    >>> shorten("x" * 100, 10)
    'xxxxxxxxxx… (100 characters)'

    """
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"


class CorridormapError(Exception):
    """Base class of every error corridormap raises on purpose."""


class DownloadError(CorridormapError):
    """Downloading OSM data failed (server unreachable, HTTP error, unusable answer) or gave nothing.

    The message names the endpoint and what failed; everything else in corridormap works
    offline on the bundled data.
    """


class SettingsError(CorridormapError, ValueError):
    """A setting name or value is not valid."""


class WorkStoppedError(CorridormapError):
    """Long work was stopped on request (see :mod:`corridormap.stopping`)."""


class TooManyPairsError(SettingsError):
    """A measure would route more origin × destination pairs than ``settings.max_od_pairs``."""

    def __init__(self, origins: int, destinations: int, limit: int) -> None:
        self.origins = origins
        self.destinations = destinations
        self.limit = limit
        super().__init__(
            f"{origins:,} places × {destinations:,} destinations is {origins * destinations:,} "
            f"routes, more than the {limit:,} this measure computes (setting max_od_pairs); "
            "choose a smaller destination set (the 12 league seats, the hubs or the ports) or "
            "fewer uploaded places"
        )


class InvalidLayerError(CorridormapError, ValueError):
    """A geodata file is missing, or does not follow its documented schema."""


class UnknownPlaceError(CorridormapError, LookupError):
    """No place matches a name; carries near matches as ``suggestions``."""

    def __init__(
        self, query: str, suggestions: Sequence[str] = (), suggestion_ids: Sequence[str] = ()
    ) -> None:
        self.query = shorten(query)
        self.suggestions = list(suggestions)
        self.suggestion_ids = list(suggestion_ids)
        hint = (
            f"; did you mean {', '.join(self.suggestions)}?"
            if self.suggestions
            else "; run `corridormap places` to list the known places"
        )
        super().__init__(f"no place called {self.query!r}{hint}")


class AmbiguousPlaceError(CorridormapError, LookupError):
    """A name matches several places equally; carries them as ``choices``."""

    def __init__(self, query: str, choices: Sequence[str], choice_ids: Sequence[str] = ()) -> None:
        self.query = shorten(query)
        self.choices = list(choices)
        self.choice_ids = list(choice_ids)
        super().__init__(
            f"{self.query!r} could mean any of: {', '.join(self.choices)}; give one of these names"
        )


class EmptySelectionError(CorridormapError, ValueError):
    """A table was asked for with no origins or no destinations selected (``side``)."""

    def __init__(self, message: str, *, side: str) -> None:
        self.side = side
        super().__init__(message)


class NotOnNetworkError(CorridormapError):
    """A place is not on a mode's network: ``reason`` is ``too_far``, ``air_port`` or ``no_coordinates``."""

    def __init__(self, message: str, *, reason: str, mode: str, name_zh: str, name_en: str) -> None:
        self.reason = reason
        self.mode = mode
        self.name_zh = name_zh
        self.name_en = name_en
        super().__init__(message)


class SamePlaceError(CorridormapError, ValueError):
    """A route was asked for from a place to itself."""

    def __init__(self, message: str, *, name_zh: str, name_en: str) -> None:
        self.name_zh = name_zh
        self.name_en = name_en
        super().__init__(message)


class NoRouteError(CorridormapError):
    """Two places are both on a network but no path joins them."""

    def __init__(
        self, message: str, *, mode: str, names_zh: tuple[str, str], names_en: tuple[str, str]
    ) -> None:
        self.mode = mode
        self.names_zh = names_zh
        self.names_en = names_en
        super().__init__(message)


class UploadError(CorridormapError, ValueError):
    """An uploaded file cannot be used; says where (file, row or feature, column) and why.

    ``row`` counts as a spreadsheet does (the header is row 1, the first data row is
    row 2); GeoJSON and KML use ``feature`` (1-based) instead. ``expected`` says what
    a cell should hold when the problem is a cell's value.
    """

    def __init__(
        self,
        problem: str,
        *,
        filename: str,
        row: int | None = None,
        feature: int | None = None,
        column: str | None = None,
        expected: str | None = None,
    ) -> None:
        self.problem = problem
        self.filename = filename
        self.row = row
        self.feature = feature
        self.column = column
        self.expected = expected
        where = [filename]
        if row is not None:
            where.append(f"row {row}")
        if feature is not None:
            where.append(f"feature {feature}")
        if column is not None:
            where.append(f"column {column!r}")
        super().__init__(f"{', '.join(where)}: {problem}")


class UploadTooLargeError(UploadError):
    """An upload is over ``settings.upload_max_bytes``; ``size`` and ``limit`` in bytes.

    ``size`` is None when the reading stopped one byte past the limit (a pipe, ``/dev/zero``).
    """

    def __init__(self, *, filename: str, size: int | None, limit: int) -> None:
        self.size = size
        self.limit = limit
        has = "more" if size is None else f"{size:,} bytes, more"
        stopped = "; reading stopped there" if size is None else ""
        super().__init__(
            f"the file has {has} than the limit of {limit:,} bytes "
            f"({limit / 1e6:g} MB, setting upload_max_bytes{stopped}); upload a smaller file or "
            "cut a smaller area",
            filename=filename,
        )


class ExportError(CorridormapError, ValueError):
    """An export cannot be written: a bad path, an existing file, a missing font or format."""
