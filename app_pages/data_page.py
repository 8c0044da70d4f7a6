"""Own data page: upload places, a planned corridor or an OSM network for this session."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pandas as pd
import streamlit as st

from app_pages import session_data
from app_pages.common import choice, lang
from corridormap import settings, tables, workspace
from corridormap.errors import CorridormapError
from corridormap.i18n import describe, t

_ROUND = "own_round"


def _key(name: str) -> str:
    """Return an uploader's key; it changes after every file, so each widget starts empty."""
    return f"{name}_{st.session_state.get(_ROUND, 0)}"


def _take(add: Callable[[], session_data.Upload]) -> None:
    """Add an upload; keep the outcome as a message for the next run and reset the widgets."""
    try:
        upload = add()
        st.session_state["own_message"] = (
            "success",
            t("upload_ok", lang(), name=upload.filename, n=len(upload.table)),
        )
    except CorridormapError as exc:
        st.session_state["own_message"] = ("error", describe(exc, lang()))
    st.session_state[_ROUND] = int(st.session_state.get(_ROUND, 0)) + 1
    st.rerun()


st.header(t("page_data", lang()))
# Streamlit's own "Limit … per file" hint names its server cap, not the 10 MB the library
# enforces (and states in the caption below), so it is hidden.
st.markdown(
    "<style>[data-testid='stFileUploaderDropzoneInstructions'] span{display:none}</style>",
    unsafe_allow_html=True,
)
st.caption(t("data_intro", lang(), mb=f"{settings.get().upload_max_bytes / 1e6:g}"))
if outcome := st.session_state.pop("own_message", None):
    kind, message = outcome
    (st.success if kind == "success" else st.error)(message)

places_tab, masses_tab, corridor_tab, network_tab = st.tabs(
    [t(k, lang()) for k in ("tab_places", "tab_masses", "tab_corridor", "tab_network")]
)
with places_tab:
    st.caption(t("places_help", lang()))
    kind = choice(st, "place_kind", ["city", "port"], "own_kind", prefix="kind_")
    file = st.file_uploader(
        t("upload_places", lang()), type=["csv", "xlsx", "geojson", "json"], key=_key("up_places")
    )
    if file is not None:
        _take(partial(session_data.add_places, file.name, file.getvalue(), kind))
with masses_tab:
    st.caption(t("masses_help", lang()))
    figures = st.file_uploader(
        t("upload_masses", lang()), type=["csv", "xlsx"], key=_key("up_masses")
    )
    if figures is not None:
        _take(partial(session_data.add_masses, figures.name, figures.getvalue()))
with corridor_tab:
    st.caption(t("corridor_help", lang()))
    mode = choice(st, "mode", ["rail", "road"], "own_corridor_mode")
    line = st.file_uploader(
        t("upload_corridor", lang()), type=["geojson", "json", "kml"], key=_key("up_corridor")
    )
    if line is not None:
        _take(partial(session_data.add_corridor, line.name, line.getvalue(), mode))
with network_tab:
    st.caption(t("network_help", lang()))
    c1, c2 = st.columns(2)
    net_mode = choice(c1, "mode", ["rail", "road"], "own_network_mode")
    use = choice(c2, "network_use", list(workspace.NETWORK_USES), "own_network_use", "use_")
    osm = st.file_uploader(t("upload_network", lang()), type=["osm", "xml"], key=_key("up_network"))
    if osm is not None:
        _take(partial(session_data.add_network, osm.name, osm.getvalue(), net_mode, use))
    with st.expander(t("overpass", lang(), url=settings.get().overpass_url)):
        cols = st.columns(4)
        bbox = tuple(
            float(col.number_input(t(k, lang()), value=v, format="%.3f", key=f"bbox_{k}"))
            for col, k, v in zip(
                cols,
                ("west", "south", "east", "north"),
                (111.9, 43.6, 112.1, 43.7),
                strict=True,
            )
        )
        if st.button(t("download_osm", lang()), key="overpass_go"):
            west, south, east, north = bbox
            _take(partial(session_data.add_download, (west, south, east, north), net_mode, use))

kept = session_data.uploads_now()
st.subheader(t("own_now", lang()))
if not kept:
    st.info(t("own_none", lang()))
for i, upload in enumerate(kept):
    left, right = st.columns([6, 1])
    left.text(f"{t(f'kind_{upload.kind}', lang())} · {upload.filename} · {len(upload.table)}")
    right.button(
        t("remove", lang()), key=f"own_remove_{i}", on_click=session_data.remove, args=(i,)
    )
    if upload.kind in ("city", "port"):
        shown = upload.table[["name_zh", "name_en"]].assign(
            lon=upload.table.geometry.x.round(5), lat=upload.table.geometry.y.round(5)
        )
        st.dataframe(shown, width="stretch")
    if upload.kind == "masses":
        st.dataframe(tables.localize(upload.table, lang()), width="stretch", placeholder="")
ws = session_data.current()
if ws is not None and len(ws.joins):
    st.subheader(t("joins", lang()))
    joins = ws.joins.assign(snap_km=(ws.joins["snap_m"] / 1000).round(2)).drop(columns="snap_m")
    st.dataframe(tables.localize(joins, lang()), hide_index=True, width="stretch", placeholder="")
if ws is not None and ws.networks:
    st.dataframe(
        pd.DataFrame(
            [(m, t(f"use_{u}", lang()), n) for m, (u, n) in ws.networks.items()],
            columns=[t("mode", lang()), t("network_use", lang()), t("joined", lang())],
        ),
        hide_index=True,
    )
if kept:
    st.button(t("clear_all", lang()), on_click=session_data.clear, key="own_clear")
