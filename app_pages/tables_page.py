"""Tables page: ports x cities length and time matrices per mode, with CSV downloads."""

from __future__ import annotations

import streamlit as st

from app_pages.common import Keys, cached_od, guard, lang
from corridormap import tables
from corridormap.i18n import t

st.header(t("page_tables", lang()))
st.caption(t("tables_intro", lang()))
mode = str(
    st.radio(
        t("mode", lang()),
        ["rail", "road"],
        key=Keys.TABLE_MODE,
        format_func=lambda m: t(m, lang()),
        horizontal=True,
    )
)
with guard():
    od = cached_od(mode)
    for value, title in (("length_km", "table_length"), ("time_h", "table_time")):
        st.subheader(f"{t(mode, lang())} · {t(title, lang())}")
        wide = tables.od_wide(od, value, lang()).round(1 if value == "length_km" else 2)
        st.dataframe(wide, width="stretch", height=420)
        st.download_button(
            f"{t('download_csv', lang())} · {t(title, lang())}",
            tables.csv_bytes(wide),
            file_name=f"corridormap_{mode}_{value}.csv",
            mime="text/csv",
            key=f"csv-{mode}-{value}",
        )
    st.subheader(t("table_status", lang()))
    status = tables.od_status(od, lang())
    st.dataframe(status, width="stretch", hide_index=True, height=420)
    st.download_button(
        f"{t('download_csv', lang())} · {t('table_status', lang())}",
        tables.csv_bytes(status, index=False),
        file_name=f"corridormap_{mode}_od.csv",
        mime="text/csv",
        key=f"csv-{mode}-status",
    )
