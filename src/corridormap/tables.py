"""Tables for people: OD matrices in wide form named in one language, CSV that Excel opens.

Examples
--------
>>> from corridormap import routing
>>> od = routing.od_matrix("rail", ["erenhot_rail"], ["hohhot", "beijing"])
>>> od_wide(od, "length_km", "en").round(0).to_dict("index")
{'Erenhot railway port': {'Hohhot': 466.0, 'Beijing': 668.0}}

"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd

from corridormap import data, places, routing, settings, table_format
from corridormap.i18n import TEXT, t

__all__ = [
    "csv_bytes",
    "improved_names",
    "localize",
    "measure_table",
    "network_state",
    "od_status",
    "od_wide",
    "place_label",
    "place_name",
    "route_legs",
    "state_label",
    "why_text",
    "without_mass",
]

_PLACE_COLUMNS = (
    "place", "city", "port", "origin", "destination", "centre", "centre_a", "centre_b",
)  # fmt: skip


def place_label(place_id: str, lang: str = "zh") -> str:
    """Return a place's bilingual label, the chosen language first."""
    p = places.gazetteer().places[place_id]
    return f"{p.name_en} {p.name_zh}" if lang == "en" else f"{p.name_zh} {p.name_en}"


def place_name(place_id: str, lang: str = "zh") -> str:
    """Return a place's name in ``lang`` only, for tables (one language per table)."""
    p = places.gazetteer().places[place_id]
    return p.name_en if lang == "en" else p.name_zh


def od_wide(od: pd.DataFrame, value: str, lang: str = "zh") -> pd.DataFrame:
    """Return one value of a long OD table as a ports x cities matrix, rows and columns in OD order.

    Names are in ``lang`` only, so the matrix fits a page. Ports without a single value (air
    ports by rail, ports off the network) are left out; ``attrs["left_out"]`` names them and
    the status table (:func:`od_status`) says why. ``attrs["decimals"]`` holds the rounding
    (km 0.1, h 0.01); the values keep full precision.

    Parameters
    ----------
    od
        A table from :func:`corridormap.routing.od_matrix`.
    value
        ``length_km`` or ``time_h``.
    lang
        Language of the row and column labels.
    """
    rows = list(dict.fromkeys(od["origin"]))
    cols = list(dict.fromkeys(od["destination"]))
    wide = od.pivot(index="origin", columns="destination", values=value).reindex(
        index=rows, columns=cols
    )
    blank = wide.isna().all(axis=1)
    wide = wide[~blank]
    wide.index = pd.Index([place_name(i, lang) for i in wide.index], name=t("port", lang))
    wide.columns = [place_name(c, lang) for c in wide.columns]
    wide.attrs["left_out"] = [place_name(i, lang) for i in blank.index[blank]]
    wide.attrs["decimals"] = dict.fromkeys(wide.columns, table_format.DECIMALS[value])
    return wide


def od_status(od: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Return the long OD table for people: names, mode and status in ``lang``, km and h."""
    out = pd.DataFrame(
        {
            t("origin", lang): [place_name(i, lang) for i in od["origin"]],
            t("destination", lang): [place_name(i, lang) for i in od["destination"]],
            t("mode", lang): [t(m, lang) for m in od["mode"]],
            t("table_length", lang): od["length_km"].to_numpy(),
            t("table_time", lang): od["time_h"].to_numpy(),
            t("status", lang): [t(f"status_{s}", lang) for s in od["status"]],
        }
    )
    out.attrs["decimals"] = {t("table_length", lang): 1, t("table_time", lang): 2}
    return out


def csv_bytes(table: pd.DataFrame, *, index: bool = True) -> bytes:
    """Return a table as CSV in UTF-8 with a byte-order mark, so Excel shows Chinese correctly.

    Numbers are rounded as ``table.attrs["decimals"]`` says (see :mod:`corridormap.table_format`).
    Text that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``,
    tab or carriage return) gets a leading apostrophe, as OWASP advises for CSV injection.

    Examples
    --------
    >>> table = pd.DataFrame({"name": ["=1+2", "呼和浩特"], "km": [-1.5, 2.0]})
    >>> csv_bytes(table, index=False).decode("utf-8-sig").splitlines()
    ['name,km', "'=1+2,-1.5", '呼和浩特,2.0']

    """
    safe = table_format.rounded(table)
    for col in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[col]):
            safe[col] = safe[col].map(_defuse)
    if not pd.api.types.is_numeric_dtype(safe.index):
        safe.index = safe.index.map(_defuse)
    safe.columns = [_defuse(c) for c in safe.columns]
    return str(safe.to_csv(index=index)).encode("utf-8-sig")


def _defuse(value: object) -> object:
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r")):
        return "'" + value
    return value


def localize(
    table: pd.DataFrame,
    lang: str = "zh",
    *,
    mass: str | None = None,
    by: str | None = None,
    b: float | None = None,
) -> pd.DataFrame:
    """Return an analysis table for people: headers, names, codes and units in ``lang``.

    Columns named in :data:`corridormap.i18n.TEXT` as ``col_<name>`` (with ``_before``,
    ``_after`` and ``_delta`` variants) are renamed, with the unit of mass and linkage columns
    (from ``mass``, ``by`` and ``b``, or the table's own columns of those names); unknown
    columns keep their names. Place and line names are in ``lang`` only; coded columns
    (status, mode, mass, index ...) are in words; yes/no columns are words; missing values stay
    missing (blank when shown). ``attrs["decimals"]`` holds each numeric column's rounding.
    """
    out = _refusals_in(table.reset_index() if table.index.name else table.copy(), lang)
    units = {
        "mass": mass or _constant(out, "mass"),
        "by": by or _constant(out, "by"),
        "b": b if b is not None else _constant(out, "b"),
        "alpha": _constant(out, "alpha"),
    }
    headers: dict[str, str] = {}
    decimals: dict[str, int] = {}
    for col in out.columns:
        base = _base(str(col))[0]
        out[col] = _words(out[col], base, lang)
        unit = table_format.unit_label(base, lang, **units)
        headers[col] = _header(str(col), lang, unit)
        places_ = table_format.decimals_of(base, out[col], by=units["by"])
        if places_ is not None:
            decimals[headers[col]] = places_
    out = out.rename(columns=headers)
    out.attrs = {"decimals": decimals}
    return out


def _refusals_in(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return a table whose ``too_many`` rows explain themselves in ``lang`` (numbers in words)."""
    counts = ["pairs_origins", "pairs_destinations", "max_od_pairs"]
    if not set(counts) <= set(table.columns):
        return table
    refused = table["status"] == "too_many"
    table.loc[refused, "detail"] = [
        t("too_many_detail", lang, origins=int(o), destinations=int(d), pairs=int(o) * int(d),
          limit=int(n))
        for o, d, n in table.loc[refused, counts].itertuples(index=False)
    ]  # fmt: skip
    return table.drop(columns=counts)


def _words(values: pd.Series, base: str, lang: str) -> pd.Series:
    """Return a column's values for people: names in ``lang``, codes and yes/no in words."""
    known = places.gazetteer().places
    mappers: dict[str, Callable[[Any], Any]] = {
        **dict.fromkeys(_PLACE_COLUMNS, lambda v: place_name(v, lang) if v in known else v),
        "mode": lambda v: t(v, lang) if isinstance(v, str) and v in TEXT else v,
        "line": lambda v: table_format.line_name(v, lang) if isinstance(v, str) else v,
    }
    mapper = mappers.get(base)
    if pd.api.types.is_bool_dtype(values):
        mapper = lambda v: t("yes" if v else "no", lang)  # noqa: E731
    elif mapper is None and base in table_format.CODE_PREFIX:
        mapper = lambda v: table_format.code_word(base, v, lang)  # noqa: E731
    elif mapper is None and values.dtype == object:
        mapper = lambda v: "" if v is None else v  # noqa: E731
    return values if mapper is None else values.map(mapper)


def _constant(table: pd.DataFrame, column: str) -> Any:
    """Return a column's one value if it has exactly one, else ``None``."""
    if column not in table.columns:
        return None
    found = table[column].dropna().unique()
    return found[0] if len(found) == 1 else None


def _base(column: str) -> tuple[str, str]:
    for suffix in ("_before", "_after", "_delta"):
        if column.endswith(suffix):
            return column.removesuffix(suffix), suffix[1:]
    return column, ""


def _header(column: str, lang: str, unit: str = "") -> str:
    base, suffix = _base(column)
    if f"col_{base}" not in TEXT:
        return column
    head = t(f"col_{base}", lang)
    if unit:
        head += f"（{unit}）" if lang == "zh" else f" ({unit})"
    return head + (t(f"suffix_{suffix}", lang) if suffix else "")


def network_state(mode: str, lang: str = "zh") -> str:
    """Return the network state in force for ``mode`` in words, for captions and reports.

    The network year, the profile, fastest or shortest routes, each class speed and the border
    crossing time:
    every table and export that shows a time states this line.

    Examples
    --------
    >>> network_state("road", "en")
    'network: every open line (to 2026); car, fastest routes; expressway 100 km/h, main road 70 km/h, connector 40 km/h, access 40 km/h; border crossing 0.5 h'

    """
    cfg = settings.get()
    profile = cfg.profile[mode]
    speeds = ", ".join(
        f"{t(f'class_{c}', lang)} {v:g} km/h" for c, v in cfg.class_speeds[profile].items()
    )
    crossing = f"{cfg.crossing_h[profile]:g} h"
    if mode == "rail":
        crossing += f" + {cfg.gauge_change_h[profile]:g} h ({t('gauge_change', lang)})"
    year = (
        t("year_all", lang, last=settings.LAST_YEAR)
        if cfg.year is None
        else t("year_of", lang, year=cfg.year)
    )
    return t(
        "network_state_text",
        lang,
        year=year,
        profile=t(f"profile_{profile}", lang),
        by=t(f"route_by_{cfg.route_by}", lang),
        speeds=speeds,
        crossing=crossing,
    )


def route_legs(route: routing.Route, lang: str = "zh") -> pd.DataFrame:
    """Return a route's legs for people: line, class, km (0.1), km/h, h (0.01), tariff km.

    A leg between no tariff stations has an empty tariff cell.
    """
    return pd.DataFrame(
        {
            t("lines", lang): [
                f"⇄ {place_name(leg.crossing, lang)}"
                if leg.crossing
                else table_format.line_name(leg.line or "—", lang)
                for leg in route.legs
            ],
            t("class", lang): [t(f"class_{leg.cls}", lang) for leg in route.legs],
            "km": [round(leg.km, 1) for leg in route.legs],
            "km/h": [round(leg.speed_kph) for leg in route.legs],
            "h": [round(leg.time_h, 2) for leg in route.legs],
            t("tariff_km", lang): [
                "" if leg.tariff_km is None else f"{leg.tariff_km:.1f}" for leg in route.legs
            ],
        }
    )


def state_label(year: int | None, planned: Sequence[str], lang: str = "zh") -> str:
    """Return a network state in words: its year (or every open line) and corridors switched on.

    Examples
    --------
    >>> state_label(2018, (), "en")
    'network of 2018'
    >>> state_label(None, ("xb_ceke_shiveekhuren",), "en")
    'every open line + Ceke–Shiveekhüren cross-border railway'

    """
    head = t("state_all", lang) if year is None else t("year_of_short", lang, year=year)
    names = data.load_corridors()
    column = "name_zh" if lang == "zh" else "name_en"
    return " + ".join(
        [head, *(str(names.at[c, column]) if c in names.index else c for c in planned)]
    )


def why_text(reason: str, detail: str, lang: str = "zh") -> str:
    """Return one reason of :func:`corridormap.analysis.scenario.why_unchanged` in ``lang``."""
    key = f"why_{reason}"
    return t(key, lang, detail=detail) if key in TEXT else f"{reason}: {detail}"


def improved_names(improved: Mapping[str, float], lang: str = "zh") -> str:
    """Return 'place +x.x%' for the places whose accessibility improves most, best first."""
    if not improved:
        return "—"
    return ", ".join(f"{place_label(p, lang)} +{100 * r:.1f}%" for p, r in improved.items())


#: Columns of the interaction measures that restate the network state (the page says it once).
_STATE_COLUMNS = ("mode", "mass", "year", "alpha", "counted")


def measure_table(frame: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Return a measure's table for reading, headers and names in ``lang``.

    No geometry or state columns (the page states them once), ``ok`` rows first; the mass
    (and linkage) unit goes into the headers, the rounding into ``attrs["decimals"]``.
    """
    units = {
        "mass": _constant(frame, "mass"),
        "by": _constant(frame, "by"),
        "b": None if "a" in frame.columns else _constant(frame, "b"),
    }
    out = pd.DataFrame(frame.drop(columns=[c for c in frame.columns if c == "geometry"]))
    out = out.drop(columns=[c for c in _STATE_COLUMNS if c in out.columns])
    out = out.rename(columns={"a": "centre_a", "b": "centre_b"})  # "b" is also gravity's exponent
    if "status" in out:
        out = out.sort_values("status", key=lambda s: s != "ok", kind="stable")
    return localize(out.reset_index(drop=True), lang, **units)


def without_mass(frame: pd.DataFrame, column: str, lang: str = "zh") -> str:
    """Return the names of the places of ``column`` whose row is ``no_mass``, or ``""``."""
    ids = frame.loc[frame["status"] == "no_mass", column]
    return (
        "、".join(place_label(str(i), lang) for i in ids)
        if lang == "zh"
        else ", ".join(place_label(str(i), lang) for i in ids)
    )
