"""Map page: the point-axis-network of ports, cities and corridors at a glance."""

from __future__ import annotations

import streamlit as st

from app_pages.common import export_buttons, guard, lang, map_view, show_map
from corridormap.i18n import t

st.header(t("page_map", lang()))
st.caption(t("map_caption", lang()))
with guard():
    view = map_view()
    show_map(view, key="overview", height=720)
    st.subheader(t("export_heading", lang()))
    export_buttons(view, key="overview")
