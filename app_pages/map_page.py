"""Map page: the point-axis-network of ports, cities and corridors at a glance."""

from __future__ import annotations

import streamlit as st

from app_pages.common import guard, lang, show_map
from corridormap.i18n import t

st.header(t("page_map", lang()))
st.caption(t("map_caption", lang()))
with guard():
    show_map(key="overview", height=720)
