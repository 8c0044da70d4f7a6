"""What every page shares: session keys, the sidebar, cached library calls, the place picker."""

from __future__ import annotations

import contextlib
import hashlib
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import folium
import pandas as pd
import streamlit as st
from streamlit.runtime import Runtime
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx
from streamlit_folium import st_folium

from corridormap import (
    export,
    places,
    printmap,
    render,
    report,
    routing,
    settings,
    table_format,
    tables,
)
from corridormap import speeds as speeds_mod
from corridormap.analysis.scenario import State, analysis_tables
from corridormap.errors import AmbiguousPlaceError, CorridormapError, UnknownPlaceError, shorten
from corridormap.i18n import describe, t
from corridormap.measure_layers import MeasureLayers

log = logging.getLogger("corridormap.app")


class Keys:
    """Every ``st.session_state`` key the app uses."""

    LANG = "lang"
    ORIGIN = "origin"
    DESTINATION = "destination"
    MODE = "mode"
    TABLE_MODE = "table_mode"
    LAYERS = "map_layers"
    LABEL_LANG = "label_lang"
    TITLE = "map_title"
    ROUTE_BY = "route_by"
    YEAR = "network_year"
    PROFILE = "profile_"  # + mode
    SPEEDS = "speeds_"  # + profile
    CUSTOM_SPEEDS = "custom_speeds"


def lang() -> str:
    """Return the interface language chosen in the sidebar (Chinese by default)."""
    return str(st.session_state.get(Keys.LANG, "zh"))


def sidebar() -> None:
    """Draw the sidebar shared by every page: the language switch and the sources line."""
    with st.sidebar:
        st.radio(
            t("language", lang()),
            ["zh", "en"],
            format_func={"zh": "中文", "en": "English"}.get,
            key=Keys.LANG,
            horizontal=True,
        )
        chosen = st.session_state.setdefault(Keys.LAYERS, list(render.DEFAULT_LAYERS))
        st.multiselect(
            t("layers", lang()),
            list(render.DEFAULT_LAYERS),
            default=chosen,
            key=per_language(Keys.LAYERS),
            format_func=lambda layer: t(f"layer_{layer}", lang()),
            on_change=_keep,
            args=(Keys.LAYERS, per_language(Keys.LAYERS)),
        )
        lasting(
            st.radio,
            t("label_lang", lang()),
            ["auto", *render.LABEL_LANGS],
            Keys.LABEL_LANG,
            format_func=lambda code: t(f"label_lang_{code}", lang()),
            horizontal=True,
        )
        st.text_input(t("map_title", lang()), key=Keys.TITLE, max_chars=80)
        _network_state_widgets()
        st.caption(t("sources", lang()))


def per_language(key: str) -> str:
    """Return the widget key of ``key`` in the interface language.

    A widget whose label or option labels change with the language is a new widget to
    Streamlit, which then forgets its value (the layers emptied after a switch). Such a widget
    gets a key per language, starts from the lasting value under ``key``, and copies each
    change back there (:func:`_keep`).
    """
    return f"{key}__{lang()}"


def lasting(
    widget: Callable[..., Any], label: str, options: Sequence[Any], key: str, **kw: Any
) -> Any:
    """Show a one-choice widget (``st.radio``, ``st.selectbox`` …) whose labels follow the language.

    Its value lives under ``key`` across language switches: the widget is keyed per language
    (:func:`per_language`), set from that value before it is drawn, and copies each change back.
    """
    shown = per_language(key)
    if key in st.session_state and st.session_state[key] in options:
        st.session_state[shown] = st.session_state[key]
    value = widget(label, list(options), key=shown, on_change=_keep, args=(key, shown), **kw)
    st.session_state[key] = value
    return value


def _keep(key: str, shown: str) -> None:
    """Copy the per-language widget ``shown``'s value to its lasting ``key``.

    The widget is named by the caller, not by the language now: a change and a language switch
    can arrive in one rerun, whose callbacks already see the new language.
    """
    st.session_state[key] = st.session_state[shown]


def _network_state_widgets() -> None:
    """Network year, route criterion, a profile per mode and a class-speed table per profile."""
    with st.expander(t("network_state", lang())):
        st.slider(
            t("year", lang()),
            settings.FIRST_YEAR,
            settings.LAST_YEAR,
            value=settings.LAST_YEAR,
            key=Keys.YEAR,
            help=t("year_help", lang(), first=settings.FIRST_YEAR),
        )
        lasting(
            st.radio,
            t("route_by", lang()),
            settings.ROUTE_BY,
            Keys.ROUTE_BY,
            format_func=lambda b: t(f"route_by_{b}", lang()),
            horizontal=True,
        )
        defaults = settings.get().class_speeds
        custom = st.toggle(
            t("custom_speeds", lang()), key=Keys.CUSTOM_SPEEDS, help=t("custom_speeds_help", lang())
        )
        for mode in settings.MODES:
            profile = lasting(
                st.radio,
                t(mode, lang()),
                settings.PROFILES[mode],
                Keys.PROFILE + mode,
                format_func=lambda p: t(f"profile_{p}", lang()),
                horizontal=True,
            )
            if not custom:
                continue
            table = pd.DataFrame(
                {
                    t("class", lang()): [t(f"class_{c}", lang()) for c in defaults[profile]],
                    "km/h": list(defaults[profile].values()),
                }
            )
            st.data_editor(
                table,
                key=Keys.SPEEDS + profile,
                disabled=[t("class", lang())],
                hide_index=True,
                column_config={
                    "km/h": st.column_config.NumberColumn(min_value=1, max_value=600, step=5)
                },
            )


def _edited_speeds(profile: str) -> dict[str, float]:
    """Return the speeds a user changed in a profile's table (Streamlit keeps only edits)."""
    defaults = list(settings.get().class_speeds[profile])
    edits = st.session_state.get(Keys.SPEEDS + profile, {}).get("edited_rows", {})
    return {
        defaults[int(row)]: float(change["km/h"])
        for row, change in edits.items()
        if change.get("km/h") is not None
    }


@contextlib.contextmanager
def network_state() -> Iterator[None]:
    """Run the page with the sidebar's route criterion, profiles and speeds in force."""
    cfg = settings.get()
    profile = {m: st.session_state.get(Keys.PROFILE + m, cfg.profile[m]) for m in settings.MODES}
    speeds = cfg.class_speeds
    custom = bool(st.session_state.get(Keys.CUSTOM_SPEEDS, False))
    for p in profile.values() if custom else ():
        changes = _edited_speeds(p)
        if changes:
            speeds = speeds_mod.with_overrides(speeds, p, changes)
    by = st.session_state.get(Keys.ROUTE_BY, cfg.route_by)
    with settings.override(profile=profile, class_speeds=speeds, route_by=by, year=chosen_year()):
        yield


def chosen_year() -> int | None:
    """Return the sidebar's network year; the last year is every open line (``None``)."""
    year = int(st.session_state.get(Keys.YEAR, settings.LAST_YEAR))
    return None if year >= settings.LAST_YEAR else year


def session_gone() -> bool:
    """Return whether the browser session this run is for has closed (its work may stop)."""
    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None or not Runtime.exists():
        return False
    return not Runtime.instance().is_active_session(ctx.session_id)


@contextlib.contextmanager
def guard() -> Iterator[None]:
    """Show a library error in the user's language; log anything else and say so politely."""
    try:
        yield
    except CorridormapError as exc:
        st.error(describe(exc, lang()))
    except Exception:
        log.exception("unexpected error in the app")
        st.error(t("unexpected", lang()))


def _data() -> str:
    """Return the data folder in force, the first key of every cache below.

    Sessions with their own uploads (their own workspace) thus never get another session's
    results; the network state (criterion, profiles, speeds) is part of the key too. The key
    must not start with ``_``: Streamlit does not hash such arguments.
    """
    cfg = settings.get()
    state = (
        cfg.year,
        cfg.route_by,
        dict(cfg.profile),
        {p: dict(v) for p, v in cfg.class_speeds.items()},
    )
    return f"{cfg.geodata_dir}|{state}|{dict(cfg.crossing_h)}|{dict(cfg.gauge_change_h)}"


def data_key() -> str:
    """Return the cache key of the data folder and network state in force (see ``_data``)."""
    return _data()


def cached_route(origin: str, destination: str, mode: str) -> routing.Route:
    """Return the route between two place ids (cached across sessions on the same data)."""
    return _route(_data(), origin, destination, mode)


def cached_od(mode: str) -> pd.DataFrame:
    """Return the ports x cities OD table of a mode (cached across sessions on the same data)."""
    return _od(_data(), mode)


@dataclass(frozen=True)
class AnalysisChoice:
    """The analysis page's choices; ``before_year`` counts only with ``compare_year``."""

    mode: str
    mass: str
    by: str
    b: float
    planned: tuple[str, ...] = ()
    before_year: int | None = None
    compare_year: bool = False
    destinations: str = "cities"


def cached_analysis(choice: AnalysisChoice) -> dict[str, pd.DataFrame]:
    """Return every analysis table for the chosen parameters (cached per data folder).

    With ``compare_year``, the ``scenario_*`` tables compare with the network of
    ``before_year`` (``None``: every open line) and no planned corridor.
    """
    return _analysis(_data(), choice)


@st.cache_data(show_spinner=False, max_entries=64)
def _route(folder: str, origin: str, destination: str, mode: str) -> routing.Route:
    del folder  # a cache key only: the data in force is already this folder
    return routing.route(origin, destination, mode)


@st.cache_data(show_spinner=False, max_entries=8)
def _od(folder: str, mode: str) -> pd.DataFrame:
    del folder  # a cache key only
    return routing.od_matrix(mode)


@st.cache_data(show_spinner=False, max_entries=16)
def _analysis(folder: str, choice: AnalysisChoice) -> dict[str, pd.DataFrame]:
    del folder  # a cache key only
    before = State(choice.before_year) if choice.compare_year else None
    return analysis_tables(
        choice.mode,
        mass=choice.mass,
        by=choice.by,
        b=choice.b,
        planned=choice.planned,
        before=before,
        destinations=choice.destinations,
    )


def map_view(
    routes: Sequence[routing.Route] = (),
    overlay: render.Overlay | None = None,
    measures: MeasureLayers | None = None,
) -> render.MapView:
    """Return what the map shows: the layers and title chosen in the sidebar, plus results."""
    layers = st.session_state.get(Keys.LAYERS, list(render.DEFAULT_LAYERS))
    title = str(st.session_state.get(Keys.TITLE, "")).strip() or None
    label_lang = st.session_state.get(Keys.LABEL_LANG, "auto")
    return render.MapView(
        lang=lang(),
        layers=tuple(layers),
        routes=tuple(routes),
        title=title,
        overlay=overlay,
        measures=measures,
        label_lang=None if label_lang == "auto" else label_lang,
    )


def show_map(view: render.MapView, *, key: str, height: int = 640) -> None:
    """Draw the offline map; panning and zooming send nothing back, so nothing reruns."""
    m: folium.Map = render.network_map(view, assets="served")
    shown = hashlib.sha1(repr((view.title, view.layers, view.label_lang)).encode()).hexdigest()[:10]
    st_folium(
        m,
        key=f"{key}-{lang()}-{shown}",
        height=height,
        use_container_width=True,
        returned_objects=[],
    )


def export_buttons(
    view: render.MapView, *, key: str, catchment: pd.DataFrame | None = None
) -> None:
    """Offer the map as HTML, PNG and SVG and the layers as GeoPackage; made when clicked."""
    st.caption(t("export_note", lang()))
    files: tuple[tuple[str, str, str, Callable[[], str | bytes]], ...] = (
        ("download_html", "corridormap_map.html", "text/html", lambda: export.map_document(view)),
        ("download_png_a4", "corridormap_map_a4.png", "image/png", lambda: _png(view, "a4")),
        (
            "download_png_square",
            "corridormap_map_square.png",
            "image/png",
            lambda: _png(view, "square"),
        ),
        (
            "download_svg",
            "corridormap_map.svg",
            "image/svg+xml",
            lambda: printmap.print_map(view, fmt="svg"),
        ),
        (
            "download_gpkg",
            "corridormap_layers.gpkg",
            "application/geopackage+sqlite3",
            lambda: export.geopackage(view, catchment),
        ),
    )
    for col, (label, name, mime, make) in zip(st.columns(len(files)), files, strict=True):
        col.download_button(
            t(label, lang()),
            _in_this_data(make),
            file_name=name,
            mime=mime,
            key=f"dl-{key}-{name}",
            on_click="ignore",
        )


def _in_this_data(make: Callable[[], str | bytes]) -> Callable[[], str | bytes]:
    """Return ``make`` bound to the data in force now: downloads run on another thread."""
    folder = settings.get().geodata_dir

    def run() -> str | bytes:
        with settings.override(geodata_dir=folder):
            return make()

    return run


def _png(view: render.MapView, paper: str) -> bytes:
    return printmap.print_map(view, paper=paper, fmt="png")


def xlsx_button(
    mode: str, key: str, results: dict[str, pd.DataFrame] | None = None, **params: Any
) -> None:
    """Offer every table of a mode and parameter set as one workbook with a parameters sheet.

    ``results`` passes the analysis tables the page already has, so they are not made twice.
    """
    language = lang()  # read now: the download runs on another thread, without session state

    def make() -> bytes:
        return report.analysis_workbook(mode, lang=language, results=results, **params)

    st.download_button(
        t("download_xlsx", lang()),
        _in_this_data(make),
        file_name=f"corridormap_{mode}_tables.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"dl-{key}-xlsx",
        on_click="ignore",
    )


def choice(
    container: Any, label_key: str, options: Sequence[str], key: str, prefix: str = ""
) -> str:
    """Return a radio choice whose options are shown through the i18n texts ``prefix + option``."""
    return str(
        lasting(
            container.radio,
            t(label_key, lang()),
            options,
            key,
            format_func=lambda o: t(f"{prefix}{o}", lang()),
        )
    )


def table_with_download(
    table: pd.DataFrame, title: str, file_name: str, *, index: bool = True
) -> None:
    """Show a sortable table, rounded and with blanks for missing values, and its CSV download.

    The CSV is UTF-8 with a byte-order mark and holds the rounded numbers.
    """
    st.dataframe(
        table_format.styled(table),
        width="stretch",
        height=min(400, 38 + 35 * len(table)),
        hide_index=not index,
        placeholder="",
    )
    st.download_button(
        t("download_table_csv", lang(), title=title),
        tables.csv_bytes(table, index=index),
        file_name=file_name,
        mime="text/csv",
        key=f"dl-{file_name}",
        on_click="ignore",  # a download needs no rerun of the page
    )


def place_options() -> list[str]:
    """Return every place id, ports first."""
    return list(places.gazetteer().places)


def place_label(place_id: str) -> str:
    """Return how a place shows in a picker: both names and the pinyin typed to find it.

    The label is the same in both interface languages (Chinese name first): Streamlit keys a
    picker's options by their labels, so a label that changed with the language would turn
    the chosen place into free text.
    """
    g = places.gazetteer()
    if place_id not in g.places:
        return place_id
    return f"{tables.place_label(place_id, 'zh')} · {g.pinyin(place_id)}"


def place_picker(label_key: str, key: str, default: str) -> str | None:
    """Return the id chosen in a searchable picker; free text is looked up like the CLI does.

    Typed text that names one place becomes that place in the picker at once, and a caption
    says what the text was taken to mean.
    """
    if key not in st.session_state:
        st.session_state[key] = default
    chosen = st.selectbox(
        t(label_key, lang()),
        place_options(),
        key=key,
        format_func=place_label,
        accept_new_options=True,
        placeholder=t("place_placeholder", lang()),
        on_change=_take_typed,
        args=(key,),
    )
    typed = st.session_state.get(key + _TYPED)
    if typed and typed[1] == chosen:
        st.caption(t("typed_as", lang(), text=typed[0], place=tables.place_label(chosen, lang())))
    return None if chosen is None else str(chosen)


#: Session key suffix holding (typed text, place id) after typed text was taken as a place.
_TYPED = "_typed"


def _take_typed(key: str) -> None:
    """Replace typed text in a picker by the one place it names (before the page reruns)."""
    value = st.session_state.get(key)
    g = places.gazetteer()
    st.session_state.pop(key + _TYPED, None)
    if value is None or value in g.places:
        return
    text = str(value)
    by_label = {place_label(pid): pid for pid in g.places}
    if text in by_label:
        st.session_state[key] = by_label[text]
        return
    mode = st.session_state.get(Keys.MODE)
    try:
        pid = g.resolve(text, mode=mode if mode in settings.MODES else None).id
    except CorridormapError:
        return  # the page shows the message and the choices
    st.session_state[key] = pid
    st.session_state[key + _TYPED] = (shorten(text), pid)


def resolve(value: str, mode: str | None, key: str) -> places.Place | None:
    """Return the place a picker value means; typed text goes through the bilingual lookup.

    An unknown or ambiguous name shows the message and a button per near match or choice,
    which puts that place in the picker; then ``None`` is returned.
    """
    g = places.gazetteer()
    if value in g.places:
        return g.places[value]
    try:
        return g.resolve(value, mode=mode)
    except UnknownPlaceError as exc:
        st.error(describe(exc, lang()))
        _buttons(exc.suggestion_ids, key, mode)
    except AmbiguousPlaceError as exc:
        st.warning(describe(exc, lang()))
        _buttons(exc.choice_ids, key, mode)
    return None


def _buttons(ids: Sequence[str], key: str, mode: str | None) -> None:
    if not ids:
        return
    cols = st.columns(min(len(ids), 3))
    for i, pid in enumerate(ids):
        cols[i % len(cols)].button(
            tables.place_label(pid, lang()),
            key=f"pick-{key}-{mode}-{pid}",
            on_click=_set_state,
            args=(key, pid),
        )


def _set_state(key: str, value: Any) -> None:
    st.session_state[key] = value
