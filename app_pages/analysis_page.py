"""Analysis page: accessibility, linkage, catchments, tiers, and planned-corridor scenarios."""

from __future__ import annotations

import streamlit as st

from app_pages.common import cached_analysis, guard, lang, show_map
from corridormap import data, settings, tables
from corridormap.i18n import t
from corridormap.render import Overlay

st.header(t("page_analysis", lang()))
c1, c2, c3, c4 = st.columns([2, 2, 2, 3])
mode = str(
    c1.radio(t("mode", lang()), ["rail", "road"], format_func=lambda m: t(m, lang()), key="an_mode")
)
mass = str(
    c2.radio(
        t("mass", lang()),
        ["gdp", "population"],
        format_func=lambda m: t(f"mass_{m}", lang()),
        key="an_mass",
    )
)
by = str(
    c3.radio(
        t("gravity_by", lang()),
        ["length", "time"],
        format_func=lambda m: t(f"by_{m}", lang()),
        key="an_by",
    )
)
b = float(
    c3.number_input(
        t("exponent", lang()), 0.5, 4.0, settings.get().gravity_exponent, 0.5, key="an_b"
    )
)
corridors = data.load_corridors()
planned_ids = [
    c
    for c, r in corridors.iterrows()
    if r["mode"] == mode
    and r["status"] in ("planned", "under_construction")
    and r.geometry is not None
]
planned = c4.multiselect(
    t("scenario", lang()),
    planned_ids,
    format_func=lambda c: f"{corridors.at[c, 'name_zh']} {corridors.at[c, 'name_en']}",
    key=f"an_planned_{mode}",
    placeholder=t("scenario", lang()),
)
st.caption(
    t(
        "params",
        lang(),
        mode=t(mode, lang()),
        mass=t(f"mass_{mass}", lang()),
        b=b,
        speed=settings.get().speed_kmh[mode],
    )
)
st.caption(t("mass_gaps", lang()))

with guard():
    result = cached_analysis(mode, mass, by, b, tuple(planned))
    changed: list[str] = []
    rising: list[str] = []
    if "scenario_catchment" in result:
        diff = result["scenario_catchment"]
        changed = diff.loc[diff["changed"], "city"].tolist()
        axes = result["scenario_axes"]
        rising = [str(line) for line in axes.index[axes["flow_delta"] > 1e-9]]
        st.info(
            t("changed_count", lang(), n=len(changed))
            + " · "
            + t("rising_count", lang(), n=len(rising))
        )
    tabs = st.tabs(
        [t(k, lang()) for k in ("tab_access", "tab_gravity", "tab_catchment", "tab_tiers")]
    )
    shown = {
        0: ["accessibility", "scenario_accessibility"],
        1: ["gravity", "scenario_gravity"],
        2: ["catchment", "scenario_catchment"],
        3: ["points", "axes", "scenario_axes"],
    }
    for i, tab in enumerate(tabs):
        with tab:
            for name in shown[i]:
                if name in result:
                    shown_table = tables.localize(result[name], lang())
                    st.dataframe(shown_table, width="stretch", height=360, hide_index=True)
                    st.download_button(
                        f"{t('download_csv', lang())} · {name}",
                        tables.csv_bytes(shown_table, index=False),
                        file_name=f"corridormap_{mode}_{name}.csv",
                        mime="text/csv",
                        key=f"dl-{name}",
                    )
    overlay = Overlay.from_tables(
        result["points"], result["axes"], result["catchment"], changed, rising
    )
    show_map(key=f"analysis-{mode}-{mass}-{by}-{b}-{'-'.join(planned)}", overlay=overlay)
