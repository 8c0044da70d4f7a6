"""Check the cells of an upload: numbers, positions, names, modes and lines.

Each check raises :class:`~corridormap.errors.UploadError` naming the row or feature
and the column; a name must be unique in the file and not that of a built-in place
or corridor.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pypinyin import lazy_pinyin
from shapely import LineString, MultiLineString

from corridormap import data, places, settings
from corridormap.errors import InvalidLayerError, UploadError
from corridormap.uploads._formats import UnsavedFormula
from corridormap.uploads._schema import EXPECTED, MAX_NAME_LENGTH, MODES, REGION_BOUNDS, YEARS
from corridormap.uploads._table import Coords, Table
from corridormap.uploads._text import clean, romanize, shown, to_number, truncate


@dataclass
class Row:
    """One row or feature of a table, with its columns mapped to fields."""

    table: Table
    cols: dict[str, list[int]]
    number: int
    cells: list[object]

    def _filled(self, name: str) -> list[int]:
        return [
            i for i in self.cols.get(name, []) if i < len(self.cells) and self.cells[i] is not None
        ]

    def column(self, name: str) -> str | None:
        """Return the column (or property) that gives a field in this row, if any."""
        found = self._filled(name) or self.cols.get(name, [])
        return truncate(self.table.columns[found[0]], 60) if found else None

    def error(self, name: str | None, problem: str, expected: str | None = None) -> UploadError:
        """Return the error of this row at the column of field ``name``."""
        column = self.column(name) if name else None
        return self.table.error(problem, self.number, column or name, expected)

    def raw(self, name: str) -> object:
        """Return the cell of a field; None if empty or absent."""
        found = self._filled(name)
        if len(found) > 1:
            first, second = (self.table.columns[i] for i in found[:2])
            raise self.error(
                name, f"{shown(first)} and {shown(second)} both mean {name}; keep one of them"
            )
        return self.cells[found[0]] if found else None

    def _refuse_formula(self, name: str, value: object, expected: str) -> None:
        if isinstance(value, UnsavedFormula):
            raise self.error(
                name,
                f"holds the formula {shown(str(value))} but the file has no saved result for it; "
                "open it in Excel or LibreOffice and save it again, or paste the values",
                expected,
            )

    def text(self, name: str) -> str:
        """Return the cleaned text of a field, "" if empty; reject non-text and long names."""
        value = self.raw(name)
        self._refuse_formula(name, value, "text")
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self.error(name, f"expected text, got {shown(value)}", "text")
        text = clean(str(value))
        if len(text) > MAX_NAME_LENGTH:
            raise self.error(
                name,
                f"a name may have at most {MAX_NAME_LENGTH} characters, this one has "
                f"{len(text):,}; shorten it",
                "a name",
            )
        return text

    def numeric(self, name: str) -> float:
        """Return a number cell, NaN if empty; reject text, infinities and negatives."""
        value, expected = self.raw(name), EXPECTED[name]
        self._refuse_formula(name, value, expected)
        try:
            x = to_number(value)
        except ValueError:
            raise self.error(name, f"expected {expected}, got {shown(value)}", expected) from None
        if x is None:
            return math.nan
        if not math.isfinite(x):
            raise self.error(
                name, f"expected {expected}, got {shown(value)}, not a finite number", expected
            )
        if x < 0 and name not in ("lon", "lat"):
            raise self.error(name, f"expected {expected}, got a negative number {x:g}", expected)
        if name.endswith("year") and (not x.is_integer() or not YEARS[0] <= x <= YEARS[1]):
            raise self.error(name, f"expected {expected}, got {shown(value)}", expected)
        return x

    def names(self) -> tuple[str, str, list[tuple[str, str, str]]]:
        """Return name_zh, name_en and the (name, field, note) triples to check."""
        zh, en = self.text("name_zh"), self.text("name_en")
        if not zh and not en:
            where = "name_zh" if "name_zh" in self.cols else "name_en"
            raise self.error(where, "a name is required, but this cell is empty", "a name")
        checks = [(name, f, "") for name, f in ((zh, "name_zh"), (en, "name_en")) if name]
        made = "" if en else romanize(zh)
        if made and made != zh:
            checks.append((made, "name_zh", f" (the pinyin of {shown(zh)})"))
        return zh or en, en or made, checks


def check_position(row: Row, lon: float, lat: float, lon_col: str, lat_col: str) -> None:
    """Raise if a position is missing, not finite, swapped or outside REGION_BOUNDS."""
    west, south, east, north = REGION_BOUNDS
    for name, value, col in (("longitude", lon, lon_col), ("latitude", lat, lat_col)):
        if not math.isfinite(value):
            got = "an empty cell" if math.isnan(value) and col != "geometry" else f"{value}"
            raise row.error(col, f"expected a {name} in degrees, got {got}", f"a {name}")
    lon_ok, lat_ok = west <= lon <= east, south <= lat <= north
    if lon_ok and lat_ok:
        return
    if west <= lat <= east and south <= lon <= north:
        raise row.error(
            lon_col,
            f"longitude and latitude look swapped (longitude {lon:g}, latitude {lat:g}); the "
            f"longitude is the east coordinate ({west:g} to {east:g}), the latitude the north one "
            f"({south:g} to {north:g})",
            "a longitude",
        )
    name, value, low, high, col = (
        ("longitude", lon, west, east, lon_col)
        if not lon_ok
        else ("latitude", lat, south, north, lat_col)
    )
    raise row.error(
        col,
        f"expected a {name} between {low:g} and {high:g} (the study region), got {value:g}",
        f"a {name}",
    )


def checked_mode(row: Row, default: str | None) -> str:
    """Return the row's mode (rail or road), else ``default``; raise if neither is usable."""
    raw = row.raw("mode")
    given = clean(raw) if isinstance(raw, str) else raw
    if given is None or given == "":
        if default is None:
            raise row.error(
                "mode",
                "no mode: add a 'mode' property (rail or road, 铁路 or 公路) or choose a mode "
                "for the whole file",
                "rail or road",
            )
        return default
    mode = MODES.get(given.casefold()) if isinstance(given, str) else None
    if mode is None:
        raise row.error(
            "mode", f"expected rail or road (铁路/公路), got {shown(given)}", "rail or road"
        )
    return mode


def line_geometry(row: Row, parts: list[Coords], name: str) -> LineString | MultiLineString:
    """Return the line of a corridor; raise if a part is short, self-crossing or outside."""
    lines = []
    for coords in parts:
        for lon, lat in coords:
            check_position(row, lon, lat, "geometry", "geometry")
        if len(set(coords)) < 2:
            raise row.error(
                "geometry",
                f"the line of {shown(name)} needs at least 2 distinct points, has {len(set(coords))}",
                "a line",
            )
        line = LineString(coords)
        if not line.is_simple:
            raise row.error(
                "geometry",
                f"the line of {shown(name)} crosses or overlaps itself; split it into lines "
                "that do not",
                "a simple line",
            )
        lines.append(line)
    if not lines:
        raise row.error("geometry", f"{shown(name)} has no line", "a line")
    return lines[0] if len(lines) == 1 else MultiLineString(lines)


class Names:
    """Check that names are usable, unique in the file and not those of built-ins."""

    def __init__(self, builtin: Mapping[str, str], what: str) -> None:
        self.seen: dict[str, tuple[int, str]] = {}
        self.builtin = builtin
        self.what = what

    @classmethod
    def of_places(cls) -> Names:
        """Return a checker against the built-in places of the geodata folder."""
        return cls(_builtin_place_names(settings.get().geodata_dir), "place")

    @classmethod
    def of_corridors(cls) -> Names:
        """Return a checker against the built-in corridors of the geodata folder."""
        return cls(_builtin_corridor_names(settings.get().geodata_dir), "corridor")

    def add(self, row: Row, checks: list[tuple[str, str, str]]) -> None:
        """Raise if a (name, field, note) is empty of letters, built-in or repeated.

        A made-up pinyin name (non-empty ``note``) is checked against the built-in
        names only: two Chinese names may share a pinyin.
        """
        for name, column, note in checks:
            label = shown(name) + note
            key = places.normalize(name)
            if not key:
                raise row.error(column, f"the name {label} has no letters or digits", "a name")
            if key in self.builtin:
                hint = (
                    "add an English name (name_en column)"
                    if note
                    else f"give your {self.what} a distinct name, e.g. add a district or project"
                )
                raise row.error(
                    column,
                    f"the name {label} is already that of the built-in {self.what} "
                    f"{self.builtin[key]}; {hint}",
                    "a new name",
                )
            first, first_name = self.seen.setdefault(key, (row.number, name))
            if first != row.number and not note:
                same = (
                    ""
                    if first_name == name
                    else (
                        f" ({shown(first_name)} there is the same name once case, spaces, "
                        "punctuation and, in Latin names, digits are ignored)"
                    )
                )
                raise row.error(
                    column,
                    f"the name {label} is already used in {row.table.unit} {first}{same}; "
                    "names must be unique",
                    "a new name",
                )


@functools.lru_cache(maxsize=4)
def _builtin_place_names(root: Path) -> Mapping[str, str]:
    """Return normalised name -> label of every built-in place's names (and pinyin)."""
    layer = data.load_places()
    out: dict[str, str] = {}
    for pid, row in layer.iterrows():
        label = f"{row['name_zh']} {row['name_en']} ({pid})"
        alt = row.get("alt_names")
        names = [str(row["name_zh"]), str(row["name_en"])]
        names += alt.split(";") if isinstance(alt, str) else []
        names.append("".join(lazy_pinyin(str(row["name_zh"]))))
        for name in names:
            key = places.normalize(name)
            if key:
                out.setdefault(key, label)
    return out


@functools.lru_cache(maxsize=4)
def _builtin_corridor_names(root: Path) -> Mapping[str, str]:
    """Return normalised name -> label of the built-in corridors (none if not bundled)."""
    try:
        layer = data.load_corridors()
    except InvalidLayerError:
        return {}
    out: dict[str, str] = {}
    for cid, row in layer.iterrows():
        label = f"{row['name_zh']} {row['name_en']} ({cid})"
        for name in (row["name_zh"], row["name_en"]):
            key = places.normalize(str(name)) if isinstance(name, str) else ""
            if key:
                out.setdefault(key, label)
    return out
