"""Number formats, units and words of people's tables: one rounding per column, codes in words.

A localized table keeps every number at full precision and carries, in
``table.attrs["decimals"]``, the places each numeric column is shown with: km to 0.1, hours
to 0.01, shares to 0.001, linkage and masses to about three significant figures of the
column's typical value. The app and the CSV show the rounded numbers (:func:`rounded`,
:func:`styled`); the XLSX stores full precision and displays the same rounding
(:func:`excel_format`). Missing values are blank everywhere; the status column says why.

Examples
--------
>>> excel_format(1), excel_format(0)
('#,##0.0', '#,##0')
>>> line_name("京沪线", "en")
'Jinghu xian (pinyin)'

"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING

import pandas as pd
from pypinyin import lazy_pinyin

from corridormap import data, settings
from corridormap.i18n import TEXT, t

if TYPE_CHECKING:
    from pandas.io.formats.style import Styler

__all__ = [
    "DECIMALS",
    "code_word",
    "decimals_of",
    "excel_format",
    "line_name",
    "rounded",
    "styled",
    "unit_label",
]

#: Fixed places by column (base name, without ``_before``/``_after``/``_delta``).
DECIMALS: Mapping[str, int] = {
    **dict.fromkeys(("length_km", "d_ab_km", "d_a_km", "network_km", "snap_km", "km"), 1),
    **dict.fromkeys(("time_h", "weighted_h", "plain_h", "hours", "h"), 2),
    **dict.fromkeys(("membership", "huff_share", "share", "change_rate"), 3),
    **dict.fromkeys(("betweenness", "closeness"), 3),
    **dict.fromkeys(("alpha", "b", "exponent"), 1),
    **dict.fromkeys(("area_km2", "cells", "tier", "degree", "coreness", "community"), 0),
}
#: Columns measured in the mass unit, and in the linkage unit (mass² per distance^b).
MASS_COLUMNS = frozenset({"mass_value", "mass_a", "mass_b", "mass_reached"})
LINKAGE_COLUMNS = frozenset({"linkage", "flow", "strength"})
#: Columns whose values are codes, by the i18n key prefix of their words.
CODE_PREFIX: Mapping[str, str] = {
    "status": "status_",
    "mass": "mass_",
    "by": "by_",
    "kind": "kind_",
    "index": "index_",
    "port_mass": "port_mass_",
    "destination_set": "to_",
    "counted": "counted_",
    "reason": "reason_",
}
_SUFFIXES = ("客专线", "高速线", "联络线", "城际", "铁路", "线")


def decimals_of(column: str, values: pd.Series, *, by: str | None = None) -> int | None:
    """Return the places a numeric column is shown with, or ``None`` for a text column.

    A ``distance`` column follows ``by`` (km or h). Masses, linkage and other measures get
    enough places for three significant figures of their median non-zero value (0 to 4).
    """
    if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        return None
    if column == "distance":
        return 2 if by == "time" else 1
    if column in DECIMALS:
        return DECIMALS[column]
    if pd.api.types.is_integer_dtype(values) or "year" in column:
        return 0
    nonzero = values.abs()[values.abs() > 0].dropna()
    if nonzero.empty:
        return 0
    return max(0, min(4, 2 - math.floor(math.log10(float(nonzero.median())))))


def excel_format(decimals: int) -> str:
    """Return the Excel number format showing ``decimals`` places with thousands separators."""
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")


def rounded(table: pd.DataFrame) -> pd.DataFrame:
    """Return ``table`` with each column rounded as ``table.attrs["decimals"]`` says."""
    places = table.attrs.get("decimals", {})
    out = table.copy()
    for column, decimals in places.items():
        if column in out.columns:
            out[column] = out[column].round(decimals)
    return out


def styled(table: pd.DataFrame) -> Styler | pd.DataFrame:
    """Return the table styled for display: rounded with separators, missing values blank.

    A table of more cells than pandas styles (``styler.render.max_elements``, 262,144: the
    linkage of thousands of uploaded cities with the ports) comes back rounded
    (:func:`rounded`) but not styled, without thousands separators.
    """
    if table.size > pd.get_option("styler.render.max_elements"):
        return rounded(table)
    places = table.attrs.get("decimals", {})
    formats = {c: f"{{:,.{d}f}}" for c, d in places.items() if c in table.columns}
    return table.style.format(formats, na_rep="")  # type: ignore[arg-type]


def unit_label(
    column: str,
    lang: str,
    *,
    mass: str | None = None,
    by: str | None = None,
    b: float | None = None,
    alpha: float | None = None,
) -> str:
    """Return the unit of a mass, potential or linkage column in words (``""`` if none).

    Examples
    --------
    >>> unit_label("linkage", "en", mass="population", by="length", b=2.0)
    'persons²/km²'
    >>> unit_label("potential", "zh", mass="gdp", alpha=1.0)
    '亿元/h'

    """
    if column == "distance" and by is not None:
        return "h" if by == "time" else "km"
    if mass is None or f"unit_{mass}" not in TEXT:
        return ""
    mass_unit = t(f"unit_{mass}", lang)
    if column == "potential":
        return f"{mass_unit}/h{_power(alpha)}" if alpha is not None else ""
    if column in MASS_COLUMNS:
        return mass_unit
    if column in LINKAGE_COLUMNS and by is not None and b is not None:
        distance = "h" if by == "time" else "km"
        power = _power(b)
        squared = f"({mass_unit})²" if " " in mass_unit or "·" in mass_unit else f"{mass_unit}²"
        return f"{squared}/{distance}{power}"
    return ""


def code_word(column: str, value: object, lang: str) -> object:
    """Return a code of a coded column in words; other values as they are."""
    prefix = CODE_PREFIX.get(column)
    if prefix is None or not isinstance(value, str):
        return value
    if column == "index" and value.startswith("linkage_sum_"):
        return t("index_linkage_sum", lang, mode=t(value.removeprefix("linkage_sum_"), lang))
    key = f"{prefix}{value}"
    return t(key, lang) if key in TEXT else value


def line_name(name_zh: str, lang: str) -> str:
    """Return a line's name in ``lang``: the sourced English name, else pinyin marked as such.

    English names come from ``geodata/facts/corridors.csv`` (by corridor name or tariff line
    name) and ``added_lines.csv``; none is made up.
    """
    if lang != "en" or not name_zh or not any("\u4e00" <= c <= "\u9fff" for c in name_zh):
        return name_zh
    known = _english_lines(settings.get().geodata_dir)
    if name_zh in known:
        return known[name_zh]
    head = name_zh.split(maxsplit=1)[0]
    suffix = next((s for s in _SUFFIXES if head.endswith(s) and head != s), "")
    stem = "".join(lazy_pinyin(head.removesuffix(suffix))).capitalize()
    tail = " " + "".join(lazy_pinyin(suffix)) if suffix else ""
    return f"{stem}{tail} ({t('pinyin', lang)})"


@functools.lru_cache(maxsize=4)
def _english_lines(root: object) -> dict[str, str]:
    del root  # a cache key only: the data folder in force
    names: dict[str, str] = {}
    corridors = data.load_corridors()
    for _, row in corridors.iterrows():
        if isinstance(row.get("name_en"), str):
            names[str(row["name_zh"])] = str(row["name_en"])
            tariff = row.get("line_name_in_tariff")
            for part in str(tariff).split(";") if isinstance(tariff, str) else []:
                names.setdefault(part.strip(), str(row["name_en"]))
    added = settings.get().geodata_dir / "facts" / "added_lines.csv"
    if added.is_file():
        for _, row in pd.read_csv(added, usecols=["name_zh", "name_en"]).dropna().iterrows():
            names.setdefault(str(row["name_zh"]), str(row["name_en"]))
    return names


def _power(b: float | None) -> str:
    text = f"{b:g}" if b is not None else "1"
    if text == "1":
        return ""
    table = str.maketrans("0123456789.-", "⁰¹²³⁴⁵⁶⁷⁸⁹·⁻")
    return text.translate(table)
