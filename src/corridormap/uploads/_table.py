"""Tables of upload cells, numbered as the user counts them, and their column mapping.

Every format is read into a :class:`Table`: column names and rows of raw cells, each
with its row number (spreadsheets: the header is row 1) or feature number (GeoJSON,
KML: 1-based), so that every error can say where the problem is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from corridormap.errors import UploadError
from corridormap.uploads._schema import MAX_ROWS
from corridormap.uploads._text import blank, clean, key, shown

Coords = list[tuple[float, float]]


@dataclass
class Table:
    """Cells of an upload: ``rows`` hold (row or feature number, cells)."""

    filename: str
    unit: str
    columns: list[str]
    rows: list[tuple[int, list[object]]]
    points: list[tuple[float, float]] = field(default_factory=list)
    lines: list[list[Coords]] = field(default_factory=list)

    def error(
        self,
        problem: str,
        number: int | None = None,
        column: str | None = None,
        expected: str | None = None,
    ) -> UploadError:
        """Return the error of this file at a row or feature ``number`` (if given)."""
        return UploadError(
            problem,
            filename=self.filename,
            row=number if self.unit == "row" else None,
            feature=number if self.unit == "feature" else None,
            column=column,
            expected=expected,
        )


def grid_table(filename: str, grid: Iterable[tuple[int, Sequence[object]]]) -> Table:
    """Return the table whose header is the first non-empty row of ``grid``."""
    header: list[str] | None = None
    rows: list[tuple[int, list[object]]] = []
    for number, cells in grid:
        values = [None if blank(c) else c for c in cells]
        if all(v is None for v in values):
            continue
        if header is None:
            header = [clean(str(c)) if c is not None else "" for c in values]
        else:
            rows.append((number, values))
    if header is None:
        raise UploadError(
            "the file has no rows; it should start with a header row", filename=filename
        )
    table = Table(filename, "row", header, rows)
    if not rows:
        raise table.error("the file has a header but no data rows; add one row per place")
    if len(rows) > MAX_ROWS:
        raise table.error(f"the file has more than {MAX_ROWS:,} data rows; split it")
    return table


def property_table(filename: str, features: list[tuple[int, dict[str, object]]]) -> Table:
    """Return the table of the features' properties, one column per property name."""
    if len(features) > MAX_ROWS:
        raise UploadError(
            f"the file has more than {MAX_ROWS:,} features; split it", filename=filename
        )
    columns: dict[str, None] = {}
    props_list = []
    for _, feature in features:
        props = feature.get("properties")
        props = props if isinstance(props, dict) else {}
        props_list.append(props)
        columns.update(dict.fromkeys(props))
    names = list(columns)
    rows = [
        (number, [props.get(c) for c in names])
        for (number, _), props in zip(features, props_list, strict=True)
    ]
    return Table(filename, "feature", names, rows)


def line_table(filename: str, features: list[tuple[int, dict[str, object], list[Coords]]]) -> Table:
    """Return the table of (number, properties, lines) features, lines in ``lines``."""
    table = property_table(filename, [(n, {"properties": p}) for n, p, _ in features])
    table.lines = [parts for _, _, parts in features]
    return table


def map_columns(
    table: Table, fields: Mapping[str, tuple[str, ...]], *, need_position: bool
) -> dict[str, list[int]]:
    """Return field -> column indices; raise if names or (when needed) lon/lat are missing.

    A table has one column per field; GeoJSON features may each use another alias.
    """
    lookup = {key(alias): name for name, aliases in fields.items() for alias in aliases}
    found: dict[str, list[int]] = {}
    for i, column in enumerate(table.columns):
        name = lookup.get(key(column))
        if name is None:
            continue
        if name in found and table.unit == "row":
            first = table.columns[found[name][0]]
            raise table.error(
                f"columns {shown(first)} and {shown(column)} both mean {name}; keep one of them",
                column=column,
            )
        found.setdefault(name, []).append(i)
    required = [("name_zh", "name_en")] + ([("lon",), ("lat",)] if need_position else [])
    for group in required:
        if not any(name in found for name in group):
            raise table.error(_missing_message(table, fields, group))
    return found


def _missing_message(
    table: Table, fields: Mapping[str, tuple[str, ...]], group: tuple[str, ...]
) -> str:
    listed = ", ".join(shown(c, 30) for c in table.columns[:30] if c) or "none"
    accepted = "; ".join(f"{name}: {', '.join(fields[name])}" for name in group)
    what = "name" if "name_zh" in group else group[0]
    where = "properties" if table.unit == "feature" else "columns"
    return f"no {what} column; found {where} {listed}; accepted names: {accepted}"
