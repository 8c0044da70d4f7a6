"""corridormap app: the bundled ports, cities and networks on an offline map, and a route finder."""

from __future__ import annotations

import logging

import streamlit as st
import streamlit.components.v1 as components

from corridormap import render, routing
from corridormap.errors import CorridormapError

log = logging.getLogger("corridormap.app")

st.set_page_config(page_title="corridormap 口岸与腹地走廊", layout="wide")


@st.cache_data(show_spinner="绘制地图 Drawing the map…", max_entries=32)
def map_html(origin: str, destination: str, mode: str) -> str:
    """Return the offline map HTML, with the route drawn when both places are given."""
    route = routing.route(origin, destination, mode) if origin and destination else None
    return render.map_html(render.network_map(route=route))


st.title("内蒙古口岸与腹地城市走廊 · Inner Mongolia ports and hinterland corridors")
with st.sidebar:
    st.header("路线 Route")
    origin = st.text_input("起点 From", value="二连浩特")
    destination = st.text_input("终点 To", value="呼和浩特")
    mode = st.radio(
        "方式 Mode", ["rail", "road"], format_func={"rail": "铁路 Rail", "road": "公路 Road"}.get
    )

try:
    if origin and destination:
        r = routing.route(origin, destination, mode)
        st.metric("距离 Length", f"{r.length_km:,.1f} km")
        st.write("线路 Lines: " + (" → ".join(name for name, _ in r.lines) or "—"))
    html = map_html(origin.strip(), destination.strip(), mode)
except CorridormapError as exc:
    st.error(str(exc))
    html = map_html("", "", mode)
except Exception:
    log.exception("unexpected error")
    st.error("出现意外错误，已记录。An unexpected error occurred; it has been logged.")
    html = map_html("", "", mode)
components.html(html, height=680)
