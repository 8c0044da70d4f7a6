"""Stopping long work on request: a check the caller sets, and checkpoints the library passes.

The app sets a check that says whether the browser session asking for the work has gone;
long loops (an OD table of thousands of origins) call :func:`checkpoint` between chunks, which
raises :class:`~corridormap.errors.WorkStoppedError` once the check says so. Without a check
(the CLI, scripts) a checkpoint does nothing. The check is a context variable, so each
session's thread has its own.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterator

from corridormap.errors import WorkStoppedError

__all__ = ["checkpoint", "stop_when"]

_check: contextvars.ContextVar[Callable[[], bool] | None] = contextvars.ContextVar(
    "corridormap_stop_check", default=None
)


@contextlib.contextmanager
def stop_when(check: Callable[[], bool]) -> Iterator[None]:
    """Stop long work inside the block (at its next checkpoint) once ``check()`` is true.

    Examples
    --------
    >>> with stop_when(lambda: True):
    ...     try:
    ...         checkpoint()
    ...     except WorkStoppedError:
    ...         print("stopped")
    stopped

    """
    token = _check.set(check)
    try:
        yield
    finally:
        _check.reset(token)


def checkpoint() -> None:
    """Raise :class:`WorkStoppedError` if the check in force says the work should stop."""
    check = _check.get()
    if check is not None and check():
        raise WorkStoppedError("the work was stopped: whoever asked for it has gone")
