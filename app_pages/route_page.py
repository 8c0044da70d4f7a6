"""Route finder: how far, by rail or by road, between any two places."""

from __future__ import annotations

import streamlit as st

from app_pages.common import (
    Keys,
    cached_route,
    export_buttons,
    guard,
    lang,
    lasting,
    map_view,
    place_picker,
    resolve,
    show_map,
)
from corridormap import tables
from corridormap.i18n import t

st.header(t("page_route", lang()))
left, right, mid = st.columns([5, 5, 3])
with left:
    origin = place_picker("from", Keys.ORIGIN, "erenhot_rail")
with right:
    destination = place_picker("to", Keys.DESTINATION, "hohhot")
with mid:
    choice = lasting(
        st.radio,
        t("mode", lang()),
        ["rail", "road", "both"],
        Keys.MODE,
        format_func=lambda m: t(m, lang()),
    )
modes = ["rail", "road"] if choice == "both" else [str(choice)]

routes = []
if not origin or not destination:
    st.info(t("pick_both", lang()))
else:
    columns = st.columns(len(modes))
    for mode, col in zip(modes, columns, strict=True):
        with col, guard():
            a = resolve(origin, mode, Keys.ORIGIN)
            b = resolve(destination, mode, Keys.DESTINATION)
            if a is None or b is None:
                continue
            if a.id == b.id:
                st.warning(t("same_place", lang()))
                continue
            r = cached_route(a.id, b.id, mode)
            routes.append(r)
            st.subheader(t(mode, lang()))
            m1, m2 = st.columns(2)
            m1.metric(t("length", lang()), f"{r.length_km:,.1f} km")
            m2.metric(t("time", lang()), f"{r.time_h:,.2f} h")
            if r.crossing:
                st.caption(
                    t(
                        "crossing_note",
                        lang(),
                        port=tables.place_label(r.crossing, lang()),
                        h=r.crossing_h,
                    )
                )
            legs = tables.route_legs(r, lang())
            st.dataframe(legs, hide_index=True, width="stretch")
            st.caption(
                f"{t('access', lang())}: {r.access_km[0]:.1f} + {r.access_km[1]:.1f} km · "
                f"{t('connector', lang())}: {r.connector_km:.1f} km · "
                f"{t('schematic', lang())}: {r.schematic_km:.1f} km · "
                f"{t('tariff_km', lang())}: "
                + (f"{r.tariff_km:.0f} km" if r.tariff_km is not None else "—")
            )
            st.caption(t("speed_note", lang(), state=tables.network_state(mode, lang())))
with guard():
    view = map_view(routes)
    key = "route-map-" + "-".join(f"{r.mode}:{r.origin.id}:{r.destination.id}" for r in routes)
    show_map(view, key=key)
    st.subheader(t("export_heading", lang()))
    export_buttons(view, key="route")
