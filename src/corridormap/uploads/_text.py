"""Clean, match, quote and parse the text of upload cells."""

from __future__ import annotations

import math
import re
import unicodedata

from pypinyin import lazy_pinyin

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
_NON_FINITE = re.compile(r"[+-]?(nan|inf|infinity)", re.IGNORECASE)
_CJK = re.compile(r"[\u3400-\u9fff]")


def clean(text: str) -> str:
    """Return text without control, format (zero-width, bidi) characters; spaces collapsed."""
    if text.isprintable():  # fast path: none of those characters
        return " ".join(text.split())
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category in ("Cc", "Zl", "Zp"):
            kept.append(" ")
        elif category not in ("Cf", "Cs"):
            kept.append(char)
    return " ".join("".join(kept).split())


def key(header: str) -> str:
    """Return the matching key of a column name: NFKC, no spaces, case-folded."""
    return "".join(unicodedata.normalize("NFKC", clean(header)).split()).casefold()


def blank(value: object) -> bool:
    """Return whether a cell is empty: None or only white space and invisible characters."""
    return value is None or (isinstance(value, str) and not clean(value))


def truncate(value: object, limit: int) -> str:
    """Return the text of a value, cut to ``limit`` characters and an ellipsis."""
    text = value if isinstance(value, str) else str(value)
    return text if len(text) <= limit else text[:limit] + "…"


def shown(value: object, limit: int = 40) -> str:
    """Return a short, escaped quotation of a value for a message."""
    return repr(truncate(value, limit))


def to_number(value: object) -> float | None:
    """Return a cell's number, None if empty; raise ValueError if it is not a number."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(value)
    if isinstance(value, float):
        return value
    if isinstance(value, int):
        return float(value) if abs(value) < 10**300 else math.inf
    if len(value) > 100:
        raise ValueError(value)
    text = unicodedata.normalize("NFKC", clean(value)).replace("−", "-")
    if not text:
        return None
    if _NON_FINITE.fullmatch(text):
        return math.inf
    if _GROUPED.fullmatch(text):
        text = text.replace(",", "")
    if not _NUMBER.fullmatch(text):
        raise ValueError(value)
    return float(text)


def romanize(name: str) -> str:
    """Return the toneless pinyin of a name with Chinese characters, else the name."""
    if not _CJK.search(name):
        return name
    text = "".join(lazy_pinyin(name))
    return text[:1].upper() + text[1:]
