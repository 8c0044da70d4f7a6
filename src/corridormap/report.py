"""Report tables: every table of one analysis, and an Excel workbook that records how it was made.

A workbook holds one sheet per table (headers and place names in the chosen language) and a
first sheet of parameters and sources, so a number pasted into a report can be traced back.
Text cells are always written as text: a name that starts with ``=`` stays a name, never a
formula.

Examples
--------
>>> import io, openpyxl
>>> book = openpyxl.load_workbook(io.BytesIO(workbook({"t": pd.DataFrame({"a": [1.5]})})))
>>> book.sheetnames, book["t"]["A2"].value
(['t'], 1.5)

"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from datetime import date

import openpyxl
import pandas as pd
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from corridormap import __version__, data, routing, settings, table_format, tables
from corridormap.analysis import breaking, field, linkage_network
from corridormap.analysis.masses import check_mass
from corridormap.analysis.scenario import analysis_tables
from corridormap.i18n import TEXT, t
from corridormap.measure_layers import MeasureLayers
from corridormap.render import ATTRIBUTION

__all__ = [
    "analysis_workbook",
    "measure_layers",
    "measure_tables",
    "parameters",
    "report_tables",
    "workbook",
]

_MAX_SHEET = 31
_BAD_SHEET = re.compile(r"[\[\]:*?/\\]")


def report_tables(
    mode: str,
    *,
    planned: Sequence[str] = (),
    mass: str | None = None,
    by: str = "length",
    b: float | None = None,
    lang: str = "zh",
    results: Mapping[str, pd.DataFrame] | None = None,
) -> dict[str, pd.DataFrame]:
    """Return every table of one set of parameters, ready for people, keyed by a file-safe name.

    The OD matrices (length and time, ports x cities, and the long table with statuses) come
    first, then accessibility, linkage, catchments, tiers of points and axes, and with
    ``planned`` corridors the scenario differences. Headers and place names are in ``lang``.
    ``results`` may pass in :func:`~corridormap.analysis.scenario.analysis_tables` already
    computed for the same parameters.
    """
    od = routing.od_matrix(mode, planned=planned)
    out = {
        "od_length_km": tables.od_wide(od, "length_km", lang).reset_index(),
        "od_time_h": tables.od_wide(od, "time_h", lang).reset_index(),
        "od": tables.od_status(od, lang),
    }
    if results is None:
        results = analysis_tables(mode, mass=mass, by=by, b=b, planned=planned)
    exponent = settings.get().gravity_exponent if b is None else b
    units = {"mass": check_mass(mass), "by": by, "b": exponent}
    out |= {name: tables.localize(table, lang, **units) for name, table in results.items()}  # type: ignore[arg-type]
    return out


def measure_layers(mode: str, *, planned: Sequence[str] = ()) -> MeasureLayers:
    """Return the breaking points, field hinterlands and linkage network of a mode, defaults.

    Breaking points between the cities (3 neighbours), field hinterlands of the mode's ports,
    the linkage network of every place (by time); each with the mass in ``settings.mass``.
    """
    points = breaking.breaking_points(mode, planned=planned)
    net = linkage_network.linkage_network(mode, planned=planned)
    return MeasureLayers(
        breaking=points,
        breaking_routes=breaking.pair_routes(points, mode, planned=planned),
        field=field.hinterlands(mode, planned=planned).hinterlands,
        linkage_nodes=net.nodes,
        linkage_links=net.links,
    )


def measure_tables(layers: MeasureLayers, *, lang: str = "zh") -> dict[str, pd.DataFrame]:
    """Return the tables of the measures ``layers`` holds, for people, by sheet name."""
    named = {
        "isochrones": layers.isochrones,
        "breaking_points": layers.breaking,
        "field_hinterlands": layers.field,
        "linkage_places": layers.linkage_nodes,
        "linkage_links": layers.linkage_links,
    }
    return {k: tables.measure_table(v, lang) for k, v in named.items() if v is not None}


def parameters(
    mode: str,
    *,
    planned: Sequence[str] = (),
    mass: str | None = None,
    by: str = "length",
    b: float | None = None,
    lang: str = "zh",
) -> pd.DataFrame:
    """Return the parameters and sources behind :func:`report_tables`, one row each."""
    s = settings.get()
    mass = check_mass(mass)
    corridors = data.load_corridors()
    names = [
        f"{corridors.at[c, 'name_zh']} {corridors.at[c, 'name_en']}" if c in corridors.index else c
        for c in planned
    ]
    rows = [
        ("mode", t(mode, lang)),
        ("speed", tables.network_state(mode, lang)),
        ("max_snap", f"{s.max_snap_m[mode] / 1000:g} km"),
        ("mass", t(f"mass_{mass}", lang)),
        ("mass_years_row", t(f"mass_years_{mass}", lang)),
        ("gravity_by", t(f"by_{by}", lang)),
        ("exponent", f"{s.gravity_exponent if b is None else b:g}"),
        ("scenario", "; ".join(names) or "—"),
        ("sources_row", ATTRIBUTION),
        ("made_with", f"corridormap {__version__}, {date.today().isoformat()}"),
    ]
    return pd.DataFrame(
        {t("param", lang): [t(k, lang) for k, _ in rows], t("value", lang): [v for _, v in rows]}
    )


def analysis_workbook(
    mode: str,
    *,
    planned: Sequence[str] = (),
    mass: str | None = None,
    by: str = "length",
    b: float | None = None,
    lang: str = "zh",
    results: Mapping[str, pd.DataFrame] | None = None,
) -> bytes:
    """Return the XLSX of :func:`report_tables` with the :func:`parameters` sheet first."""
    found = report_tables(mode, planned=planned, mass=mass, by=by, b=b, lang=lang, results=results)
    sheet = parameters(mode, planned=planned, mass=mass, by=by, b=b, lang=lang)
    return workbook(found, sheet, lang=lang)


def workbook(
    tables_: Mapping[str, pd.DataFrame], params: pd.DataFrame | None = None, *, lang: str = "zh"
) -> bytes:
    """Return an XLSX workbook: ``params`` first (if given), then one sheet per table.

    Sheets of the tables :func:`report_tables` names get titles in ``lang``; other names are
    used as they are (cut to Excel's 31 characters). Numbers stay numbers at full precision
    (empty cells for missing values), shown with the rounding of ``table.attrs["decimals"]``
    as the cells' number format; text is stored as text.
    """
    book = openpyxl.Workbook()
    first = book.active
    sheets = {t(f"sheet_{k}", lang) if f"sheet_{k}" in TEXT else k: v for k, v in tables_.items()}
    if params is not None:
        sheets = {str(params.columns[0]): params, **sheets}
    used: set[str] = set()
    for i, (name, table) in enumerate(sheets.items()):
        title = _unique(_sheet_name(name), used)
        sheet = first if i == 0 else book.create_sheet()
        sheet.title = title
        _fill(sheet, table)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _fill(sheet: openpyxl.worksheet.worksheet.Worksheet, table: pd.DataFrame) -> None:
    bold = Font(bold=True)
    for j, col in enumerate(table.columns, start=1):
        cell = sheet.cell(row=1, column=j)
        _set(cell, str(col))
        cell.font = bold
    formats = {
        j: table_format.excel_format(table.attrs["decimals"][col])
        for j, col in enumerate(table.columns, start=1)
        if col in table.attrs.get("decimals", {})
    }
    for i, row in enumerate(table.itertuples(index=False), start=2):
        for j, value in enumerate(row, start=1):
            cell = sheet.cell(row=i, column=j)
            _set(cell, value)
            if j in formats:
                cell.number_format = formats[j]
    for j, col in enumerate(table.columns, start=1):
        width = max([len(str(col)), *(len(str(v)) for v in table.iloc[:200, j - 1])])
        sheet.column_dimensions[get_column_letter(j)].width = min(60, max(8, width + 2))
    sheet.freeze_panes = "B2"


def _set(cell: openpyxl.cell.cell.Cell, value: object) -> None:
    """Write a value; missing stays empty, numbers stay numbers, text is forced to text."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return
    if isinstance(value, bool):
        cell.value = value
    elif isinstance(value, int | float):
        cell.value = float(value) if isinstance(value, float) else int(value)
    elif hasattr(value, "item"):
        _set(cell, value.item())
    else:
        cell.value = _printable(str(value))
        cell.data_type = "s"


def _printable(text: str) -> str:
    """Drop characters XML 1.0 cannot hold (openpyxl refuses them)."""
    return "".join(c for c in text if c in "\t\n\r" or ord(c) >= 0x20)


def _sheet_name(name: str) -> str:
    return _BAD_SHEET.sub("_", name).strip("'")[:_MAX_SHEET] or "sheet"


def _unique(name: str, used: set[str]) -> str:
    candidate, n = name, 2
    while candidate.lower() in used:
        suffix = f" ({n})"
        candidate, n = name[: _MAX_SHEET - len(suffix)] + suffix, n + 1
    used.add(candidate.lower())
    return candidate
