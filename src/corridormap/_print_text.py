"""Text on print maps: the CJK font, names cleaned for it, plain text (never mathtext)."""

from __future__ import annotations

import functools
import unicodedata
from typing import Any

from matplotlib import font_manager, patheffects
from matplotlib.ft2font import FT2Font

from corridormap.errors import ExportError

#: Longest name printed as a label (a longer one ends in "…").
MAX_LABEL = 40
#: White halo behind labels.
HALO = [patheffects.withStroke(linewidth=2.2, foreground="white")]


@functools.lru_cache(maxsize=4)
def font(family: str) -> tuple[str, frozenset[int]]:
    """Return the font family to print with and the code points it can draw."""
    try:
        path = font_manager.findfont(
            font_manager.FontProperties(family=family), fallback_to_default=False
        )
    except ValueError as exc:
        raise ExportError(
            f"the font {family!r} for Chinese labels is not installed; install Debian's "
            "fonts-noto-cjk (bash scripts/setup.sh app does this)"
        ) from exc
    charmap = FT2Font(path).get_charmap()
    if ord("口") not in charmap:
        raise ExportError(
            f"the font {family!r} ({path}) has no Chinese characters; install fonts-noto-cjk"
        )
    return family, frozenset(charmap)


def clean(text: str, glyphs: frozenset[int], limit: int = MAX_LABEL) -> str:
    """Return text as printable: control and format marks dropped, undrawable characters as '?'."""
    kept = "".join(
        c if ord(c) in glyphs or c == " " else "?"
        for c in text
        if unicodedata.category(c) not in ("Cc", "Cf")
    ).strip()
    return kept if len(kept) <= limit else kept[: limit - 1] + "…"


def text(
    where: Any,
    x: float,
    y: float,
    *lines: str,
    family: str,
    glyphs: frozenset[int],
    limit: int | None = MAX_LABEL,
    **kwargs: Any,
) -> Any:
    """Put lines of plain text (never mathtext) on a figure or axes, cleaned for the font."""
    shown = "\n".join(
        clean(s, glyphs, limit) if limit else "".join(c if ord(c) in glyphs else "?" for c in s)
        for s in lines
    )
    return where.text(x, y, shown, family=family, parse_math=False, **kwargs)
