"""corridormap app: the point-axis-network map, routes, tables, analysis and own data, offline.

Run with ``bash scripts/app.sh``. This file and ``app_pages/`` only arrange widgets and
call the library in ``src/corridormap``.
"""

from __future__ import annotations

import logging

import streamlit as st

from app_pages import session_data
from app_pages.common import guard, lang, network_state, session_gone, sidebar
from corridormap.i18n import t
from corridormap.stopping import stop_when

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
st.set_page_config(page_title="corridormap · 口岸与腹地走廊", layout="wide")
sidebar()
st.title(t("app_title", lang()))
pages = [
    st.Page("app_pages/map_page.py", title=t("page_map", lang()), default=True),
    st.Page("app_pages/route_page.py", title=t("page_route", lang()), url_path="route"),
    st.Page("app_pages/tables_page.py", title=t("page_tables", lang()), url_path="tables"),
    st.Page("app_pages/analysis_page.py", title=t("page_analysis", lang()), url_path="analysis"),
    st.Page("app_pages/measures_page.py", title=t("page_measures", lang()), url_path="measures"),
    st.Page("app_pages/data_page.py", title=t("page_data", lang()), url_path="data"),
]
with guard(), stop_when(session_gone), session_data.active(), network_state():
    st.navigation(pages).run()
