"""Tables page: ports x cities length and time matrices per mode, with CSV downloads."""

from __future__ import annotations

import streamlit as st

from app_pages.common import Keys, cached_od, choice, guard, lang, table_with_download, xlsx_button
from corridormap import tables
from corridormap.i18n import t

st.header(t("page_tables", lang()))
st.caption(t("tables_intro", lang()))
mode = choice(st, "mode", ["rail", "road"], Keys.TABLE_MODE)
with guard():
    od = cached_od(mode)
    for value, title in (("length_km", "table_length"), ("time_h", "table_time")):
        st.subheader(f"{t(mode, lang())} · {t(title, lang())}")
        wide = tables.od_wide(od, value, lang())
        table_with_download(wide, t(title, lang()), f"corridormap_{mode}_{value}.csv")
    if wide.attrs["left_out"]:
        names = ("、" if lang() == "zh" else ", ").join(wide.attrs["left_out"])
        st.caption(t("matrix_left_out", lang(), mode=t(mode, lang()).lower(), names=names))
    st.subheader(t("table_status", lang()))
    status = tables.od_status(od, lang())
    table_with_download(
        status, t("table_status", lang()), f"corridormap_{mode}_od.csv", index=False
    )
    st.subheader(t("export_heading", lang()))
    xlsx_button(mode, "tables")
