"""Typed errors raised by corridormap, all under :class:`CorridormapError`.

Every message says what was wrong and what to do about it; front ends (CLI, app)
show ``str(error)`` and never a traceback.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "AmbiguousPlaceError",
    "CorridormapError",
    "EmptySelectionError",
    "InvalidLayerError",
    "NoRouteError",
    "NotOnNetworkError",
    "SettingsError",
    "UnknownPlaceError",
]


class CorridormapError(Exception):
    """Base class of every error corridormap raises on purpose."""


class SettingsError(CorridormapError, ValueError):
    """A setting name or value is not valid."""


class InvalidLayerError(CorridormapError, ValueError):
    """A geodata file is missing, or does not follow its documented schema."""


class UnknownPlaceError(CorridormapError, LookupError):
    """No place matches a name; carries near matches as ``suggestions``."""

    def __init__(self, query: str, suggestions: Sequence[str] = ()) -> None:
        self.query = query
        self.suggestions = list(suggestions)
        hint = (
            f"; did you mean {', '.join(self.suggestions)}?"
            if self.suggestions
            else "; run `corridormap places` to list the known places"
        )
        super().__init__(f"no place called {query!r}{hint}")


class AmbiguousPlaceError(CorridormapError, LookupError):
    """A name matches several places equally; carries them as ``choices``."""

    def __init__(self, query: str, choices: Sequence[str]) -> None:
        self.query = query
        self.choices = list(choices)
        super().__init__(
            f"{query!r} could mean any of: {', '.join(self.choices)}; give one of these names"
        )


class EmptySelectionError(CorridormapError, ValueError):
    """A table was asked for with no origins or no destinations selected."""


class NotOnNetworkError(CorridormapError):
    """A place is not on a mode's network (too far from it, or an air port on the ground)."""


class NoRouteError(CorridormapError):
    """Two places are both on a network but no path joins them."""
