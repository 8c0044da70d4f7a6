"""Interaction measures page: time circles, breaking points, field hinterlands, linkage network."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from app_pages import measure_data
from app_pages.common import (
    choice,
    chosen_year,
    export_buttons,
    guard,
    lang,
    lasting,
    map_view,
    place_picker,
    resolve,
    show_map,
    table_with_download,
)
from corridormap import data, report, settings, tables
from corridormap.analysis._centres import CENTRES, MASSES
from corridormap.i18n import t
from corridormap.measure_layers import MeasureLayers

MEASURES = ("isochrone", "breaking", "field", "linkage")
#: What a measure returns to the page: map layers, tables by sheet name, its parameters (part of
#: the map's key, so the map is redrawn when they change) and its options for a comparison.
Shown = tuple[MeasureLayers, dict[str, pd.DataFrame], tuple[object, ...], dict[str, Any]]


def _mass(container: Any, key: str) -> str:
    st.session_state.setdefault(key, settings.get().mass)
    return choice(container, "mass", list(MASSES), key, prefix="mass_")


def _time_circles(mode: str, planned: tuple[str, ...]) -> Shown | None:
    a, b = st.columns([3, 2])
    with a:
        value = place_picker("origin_place", "ms_place", "erenhot_rail")
    text = b.text_input(t("hours_list", lang()), "1,2,3", key="ms_hours")
    try:
        hours = [float(h) for h in text.split(",") if h.strip()]
    except ValueError:
        st.error(t("hours_bad", lang()))
        return None
    place = resolve(value, mode, "ms_place") if value else None
    if place is None or not hours:
        return None
    bands, reached = measure_data.time_circles(place.id, mode, hours, planned)
    shown = {"isochrones": tables.measure_table(bands, lang())}
    options = {"place": place.id, "hours": tuple(hours)}
    return MeasureLayers(isochrones=bands, reached=reached), shown, (place.id, *hours), options


def _breaking(mode: str, planned: tuple[str, ...]) -> Shown:
    a, b, c = st.columns(3)
    mass = _mass(a, "ms_b_mass")
    centres = choice(b, "centres", list(CENTRES), "ms_b_centres", prefix="centres_")
    k = int(c.number_input(t("neighbours_k", lang()), 1, 8, 3, key="ms_b_k"))
    st.caption(t("breaking_note", lang()))
    points, routes = measure_data.breaking_points(mode, mass, k, centres, planned)
    shown = {"breaking_points": tables.measure_table(points, lang())}
    layers = MeasureLayers(breaking=points, breaking_routes=routes)
    return layers, shown, (mass, k, centres), {"mass": mass, "k": k, "centres": centres}


def _field(mode: str, planned: tuple[str, ...]) -> Shown:
    a, b, c, d = st.columns(4)
    st.session_state.setdefault("ms_f_centres", "ports")
    centres = choice(a, "centres", list(CENTRES), "ms_f_centres", prefix="centres_")
    mass = _mass(b, "ms_f_mass")
    cfg = settings.get()
    alpha = c.number_input(t("col_alpha", lang()), 0.5, 10.0, cfg.field_alpha, 0.5, key="ms_f_a")
    spacing = d.number_input(t("spacing_km", lang()), 10, 100, 25, 5, key="ms_f_km")
    snap = d.number_input(
        t("snap_km", lang()), 5, 100, int(cfg.field_max_snap_m / 1000), 5, key="ms_f_snap"
    )
    st.caption(t("field_note", lang()))
    params = (centres, mass, float(alpha), float(spacing), float(snap))
    result = measure_data.hinterlands(mode, *params, planned)
    status = result.points["status"].value_counts()
    counts = {
        k: int(status.get(s, 0))
        for k, s in (("ok", "ok"), ("far", "too_far"), ("none", "no_route"))
    }
    st.info(t("field_summary", lang(), **counts))
    missing = tables.without_mass(result.hinterlands, "centre", lang())
    if missing:
        st.warning(t("without_mass", lang(), names=missing))
    shown = {"field_hinterlands": tables.measure_table(result.hinterlands, lang())}
    options = {"centres": centres, "mass": mass, "alpha": float(alpha),
               "spacing_m": float(spacing) * 1000, "max_snap_m": float(snap) * 1000}  # fmt: skip
    return MeasureLayers(field=result.hinterlands), shown, params, options


def _linkage(mode: str, planned: tuple[str, ...]) -> Shown:
    a, b, c = st.columns(3)
    mass = _mass(a, "ms_l_mass")
    by = choice(b, "gravity_by", ["time", "length"], "ms_l_by", prefix="by_")
    exponent = float(
        c.number_input(t("exponent", lang()), 0.5, 4.0, settings.get().gravity_exponent, 0.5,
                       key="ms_l_b")
    )  # fmt: skip
    st.caption(t("linkage_note", lang()))
    net = measure_data.linkage(mode, mass, by, exponent, planned)
    st.info(t("linkage_summary", lang(), **{str(k): v for k, v in net.summary.items()}))
    missing = tables.without_mass(net.nodes, "place", lang())
    if missing:
        st.warning(t("without_mass", lang(), names=missing))
    shown = {
        "linkage_places": tables.measure_table(net.nodes, lang()),
        "linkage_links": tables.measure_table(net.links, lang()),
    }
    layers = MeasureLayers(linkage_nodes=net.nodes, linkage_links=net.links)
    return layers, shown, (mass, by, exponent), {"mass": mass, "by": by, "b": exponent}


def _show(mode: str, planned: tuple[str, ...], measure: str, result: Shown) -> None:
    layers, shown, params, options = result
    view = map_view(measures=layers)
    state = "-".join(str(p) for p in (measure, mode, *planned, chosen_year(), *params))
    show_map(view, key=f"measures-{state}")
    for name, table in shown.items():
        title = t(f"sheet_{name}", lang())
        table_with_download(table, title, f"corridormap_{mode}_{name}.csv", index=False)
    st.download_button(
        t("download_xlsx", lang()),
        report.workbook(shown, lang=lang()),
        file_name=f"corridormap_{mode}_{measure}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"dl-ms-{measure}-xlsx",
        on_click="ignore",
    )
    if planned:
        st.subheader(t("measure_before_after", lang()))
        before = tables.state_label(chosen_year(), (), lang())
        after = tables.state_label(chosen_year(), planned, lang())
        st.caption(t("comparing", lang(), before=before, after=after))
        change = tables.measure_table(measure_data.changes(measure, mode, planned, options), lang())
        title = t("measure_before_after", lang())
        table_with_download(change, title, f"corridormap_{mode}_{measure}_change.csv", index=False)
    st.subheader(t("export_heading", lang()))
    export_buttons(view, key=f"measures-{measure}")


st.header(t("page_measures", lang()))
st.caption(t("measures_intro", lang()))
chosen = str(
    lasting(
        st.radio,
        t("measure", lang()),
        MEASURES,
        "ms_measure",
        format_func=lambda m: t(f"measure_{m}", lang()),
        horizontal=True,
    )
)
c1, c2 = st.columns([2, 5])
mode = choice(c1, "mode", ["rail", "road"], "ms_mode")
corridors = data.planned_corridors(mode)
planned = tuple(
    c2.multiselect(
        t("scenario", lang()),
        list(corridors.index),
        format_func=lambda c: f"{corridors.at[c, 'name_zh']} {corridors.at[c, 'name_en']}",
        key=f"ms_planned_{mode}",
        placeholder=t("scenario", lang()),
    )
)
st.caption(
    f"{t(mode, lang())} · {tables.network_state(mode, lang())} · "
    f"{tables.state_label(chosen_year(), planned, lang())}"
)
with guard():
    run = {"isochrone": _time_circles, "breaking": _breaking, "field": _field, "linkage": _linkage}
    result = run[chosen](mode, planned)
    if result is not None:
        _show(mode, planned, chosen, result)
