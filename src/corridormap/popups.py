"""Popup and tooltip text of the map's ports, cities and corridors, in one language.

Figures carry their unit and year ("3,446,100 (2020 census)"), categories are words, not
codes, and sources are short citations (:func:`corridormap.citations.short_citation`) linked
to the web page they came from. Every data string is escaped here.

Examples
--------
>>> from corridormap import data
>>> row = data.load_places().loc["hohhot"]
>>> "3,446,100 (2020 census)" in city_popup(row, "en")
True

"""

from __future__ import annotations

import html
import math
from collections.abc import Callable
from typing import Any

from corridormap import places
from corridormap.citations import short_citation, source_url
from corridormap.i18n import TEXT, t

__all__ = ["city_popup", "corridor_tip", "figure", "port_popup"]


def figure(value: object, decimals: int = 0) -> str:
    """Return a number with thousands separators and ``decimals`` places; ``""`` if missing.

    Examples
    --------
    >>> figure(2740400.0), figure(4263.94, 1), figure(None)
    ('2,740,400', '4,263.9', '')

    """
    number = _number(value)
    return "" if number is None else f"{number:,.{decimals}f}"


def port_popup(row: Any, lang: str = "zh") -> str:
    """Return the HTML popup of a port: type, neighbour, counterpart, figures and sources."""
    rows = [
        (t("pop_type", lang), _text(t(f"legend_{row.get('port_type')}_port", lang))),
        (t("pop_faces", lang), _faces(row, lang)),
        (t("pop_counterpart", lang), _text(_either(row, "counterpart", lang))),
        (t("pop_host", lang), _text(_host(row, lang))),
        (t("pop_approved", lang), _cited(row, "approval_year", "approval_source", _year, lang)),
    ]
    if row.get("port_type") == "rail":
        for year in (2022, 2023):
            trains = _cited(
                row, f"trains_{year}", f"trains_{year}_source", _trains(year, lang), lang
            )
            rows.append((t("pop_trains", lang, year=year), trains))
    if row.get("port_type") != "air":
        freight = _freight(row, lang)
        value = _cited(row, "freight_2023_10kt", "freight_2023_source", freight, lang)
        rows.append((t("pop_freight", lang), value))
    rows += _position(row, lang)
    return _table(row, rows, lang)


def city_popup(row: Any, lang: str = "zh") -> str:
    """Return the HTML popup of a city: kind, seat, population and GDP with years and sources."""
    kind = row.get("city_kind")
    population = _cited(row, "population", "population_source", _population(row, lang), lang)
    rows = [
        (t("pop_kind", lang), _text(t(f"city_kind_{kind}", lang) if _given(kind) else "")),
        (t("pop_seat", lang), _text(row.get("seat_zh"))),
        (t("pop_population", lang), population),
        (t("pop_gdp", lang), _cited(row, "gdp_100m_cny", "gdp_source", _gdp(row, lang), lang)),
    ]
    if _given(row.get("source")):
        rows.append((t("pop_uploaded", lang), _text(short_citation(row.get("source")))))
    return _table(row, rows + _position(row, lang), lang)


def corridor_tip(row: Any, lang: str = "zh") -> str:
    """Return a corridor's tooltip: its name, its status in words and its length in km."""
    name = str(row["name_en"] if lang == "en" else row["name_zh"])
    parts = [name]
    status = row.get("status")
    if _given(status):
        key = f"corridor_{status}"
        parts.append(t(key, lang) if _known(key) else str(status))
    km = _number(row.get("length_km"))
    if km is not None:
        parts.append(f"{km:,.0f} km")
    return html.escape(" · ".join(parts))


Cell = tuple[str, str]  # (label, escaped HTML value)
#: Wrap long values between words, not inside them (the map's CSS breaks anywhere).
_WRAP = "word-break:normal;overflow-wrap:anywhere"


def _table(row: Any, rows: list[Cell], lang: str) -> str:
    cells = "".join(
        f"<tr><th>{html.escape(label)}</th><td style='{_WRAP}'>{value}</td></tr>"
        for label, value in rows
        if value
    )
    name = html.escape(str(row["name_en"] if lang == "en" else row["name_zh"]))
    other = html.escape(str(row["name_zh"] if lang == "en" else row["name_en"]))
    return f"<b>{name}</b> <small>{other}</small><table class='facts'>{cells}</table>"


def _cited(row: Any, key: str, source_key: str, show: Callable[[float], str], lang: str) -> str:
    """Return a figure in words with its short citation, or 'not found'."""
    number = _number(row.get(key))
    if number is None:
        return html.escape(t("pop_not_found", lang))
    return html.escape(show(number)) + _citation(row.get(source_key))


def _citation(source: object) -> str:
    cite = short_citation(source)
    if not cite:
        return ""
    url = source_url(source)
    text = html.escape(cite)
    if url:
        text = f"<a href='{html.escape(url, quote=True)}' target='_blank' rel='noopener'>{text}</a>"
    return f" <span class='cm-cite'>· {text}</span>"


def _position(row: Any, lang: str) -> list[Cell]:
    quality = row.get("coord_quality")
    if not _given(quality):
        shown = ""
    else:
        shown = t(f"coord_{quality}", lang) if _known(f"coord_{quality}") else str(quality)
        radius = _number(row.get("coord_radius_km"))
        if radius:
            shown += f" ±{radius:g} km"
    cite = _citation(row.get("coord_source"))
    if not shown:
        cite = cite.replace("· ", "", 1)
    return [(t("pop_position", lang), (html.escape(shown) + cite).strip())]


def _year(number: float) -> str:
    return str(int(number))


def _trains(year: int, lang: str) -> Callable[[float], str]:
    return lambda n: t("pop_trains_value", lang, n=figure(n), year=year)


def _freight(row: Any, lang: str) -> Callable[[float], str]:
    bound = row.get("freight_2023_basis") == "lower_bound"
    key = "pop_freight_at_least" if bound else "pop_freight_value"
    return lambda n: t(
        key, lang, n=figure(n, int(n % 1 > 0)) if lang == "zh" else figure(n / 100, 2)
    )


def _population(row: Any, lang: str) -> Callable[[float], str]:
    year = _number(row.get("population_year"))
    census = "census" in str(row.get("population_unit_note") or "").lower()
    if year is None:
        return lambda n: t("pop_persons", lang, n=figure(n))
    key = "pop_persons_census" if census else "pop_persons_year"
    return lambda n: t(key, lang, n=figure(n), year=int(year))


def _gdp(row: Any, lang: str) -> Callable[[float], str]:
    year = _number(row.get("gdp_year"))
    suffix = "" if year is None else t("pop_in_year", lang, year=int(year))
    if lang == "zh":
        return lambda n: f"{figure(n, 1)} 亿元{suffix}"
    return lambda n: f"CNY {figure(n / 10, 1)} bn{suffix}"


def _faces(row: Any, lang: str) -> str:
    faces = row.get("faces")
    key = f"faces_{faces}"
    return _text(t(key, lang)) if _given(faces) and faces != "none" and _known(key) else ""


def _host(row: Any, lang: str) -> str:
    host, league = row.get("host_zh"), row.get("league_zh")
    if not _given(host):
        return ""
    if lang == "zh" or not _given(league):
        return str(host)
    return f"{host} ({_league_en(str(league))})"


def _league_en(league_zh: str) -> str:
    for place in places.gazetteer().places.values():
        if place.kind == "city" and league_zh.startswith(place.name_zh.removesuffix("盟")):
            return place.name_en
    return league_zh


def _either(row: Any, stem: str, lang: str) -> str:
    first, second = (f"{stem}_en", f"{stem}_zh") if lang == "en" else (f"{stem}_zh", f"{stem}_en")
    for key in (first, second):
        if _given(row.get(key)):
            return str(row.get(key))
    return ""


def _text(value: object) -> str:
    return html.escape(str(value)) if _given(value) else ""


def _given(value: object) -> bool:
    if value is None or value == "":
        return False
    return not (isinstance(value, float) and math.isnan(value))


def _number(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _known(key: str) -> bool:
    return key in TEXT
