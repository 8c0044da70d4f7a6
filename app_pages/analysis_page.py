"""Analysis page: accessibility, linkage, catchments, tiers; scenarios and year comparisons."""

from __future__ import annotations

import streamlit as st

from app_pages.common import (
    AnalysisChoice,
    cached_analysis,
    choice,
    chosen_year,
    export_buttons,
    guard,
    lang,
    lasting,
    map_view,
    show_map,
    table_with_download,
    xlsx_button,
)
from corridormap import data, settings, tables
from corridormap.analysis.masses import DESTINATIONS
from corridormap.i18n import t
from corridormap.render import Overlay

st.header(t("page_analysis", lang()))
c1, c2, c3, c4 = st.columns([2, 2, 2, 3])
mode = choice(c1, "mode", ["rail", "road"], "an_mode")
mass = choice(c2, "mass", list(settings.MASSES), "an_mass", prefix="mass_")
destinations = str(
    lasting(
        c2.selectbox,
        t("destinations", lang()),
        DESTINATIONS,
        "an_to",
        format_func=lambda o: t(f"to_{o}", lang()),
    )
)
by = choice(c3, "gravity_by", ["length", "time"], "an_by", prefix="by_")
b = float(
    c3.number_input(
        t("exponent", lang()), 0.5, 4.0, settings.get().gravity_exponent, 0.5, key="an_b"
    )
)
corridors = data.planned_corridors(mode)
planned = c4.multiselect(
    t("scenario", lang()),
    list(corridors.index),
    format_func=lambda c: f"{corridors.at[c, 'name_zh']} {corridors.at[c, 'name_en']}",
    key=f"an_planned_{mode}",
    placeholder=t("scenario", lang()),
)
c5, c6 = st.columns([2, 5])
compare_year = (
    lasting(
        c5.radio,
        t("compare_with", lang()),
        ["none", "year"],
        "an_compare",
        format_func=lambda v: t(f"compare_{v}", lang()),
        horizontal=True,
    )
    == "year"
)
before_year = None
if compare_year:
    before_year = int(
        c6.slider(
            t("before_year", lang()),
            settings.FIRST_YEAR,
            settings.LAST_YEAR,
            value=settings.FIRST_YEAR,
            key="an_before_year",
        )
    )
st.caption(
    t(
        "params",
        lang(),
        mode=t(mode, lang()),
        mass=t(f"mass_{mass}", lang()),
        b=b,
        speed=tables.network_state(mode, lang()),
        years=t(f"mass_years_{mass}", lang()),
    )
)
st.caption(t("mass_gaps", lang()))

with guard():
    result = cached_analysis(
        AnalysisChoice(mode, mass, by, b, tuple(planned), before_year, compare_year, destinations)
    )
    overlay = Overlay.from_analysis(result)
    if "scenario_od" in result:
        st.markdown(
            t(
                "comparing",
                lang(),
                before=t("year_of_short", lang(), year=before_year)
                if compare_year and before_year is not None
                else tables.state_label(chosen_year(), (), lang()),
                after=tables.state_label(chosen_year(), tuple(planned), lang()),
            )
        )
        why = result["scenario_why"]
        if len(why):
            st.warning(
                t("nothing_changed", lang())
                + " "
                + " ".join(
                    tables.why_text(str(r.reason), str(r.detail), lang()) for r in why.itertuples()
                )
            )
        else:
            st.info(
                t("changed_count", lang(), n=len(overlay.changed))
                + " · "
                + t("rising_count", lang(), n=len(overlay.rising))
                + " · "
                + t(
                    "improved_count", lang(), places=tables.improved_names(overlay.improved, lang())
                )
            )
    tabs = st.tabs(
        [
            t("tab_access", lang()),
            t("tab_potential", lang()),
            t("tab_daily", lang(), h=settings.get().daily_hours),
            *(t(k, lang()) for k in ("tab_gravity", "tab_catchment", "tab_tiers")),
        ]
    )
    shown = {
        0: ["accessibility", "scenario_accessibility", "scenario_od"],
        1: ["potential", "scenario_potential"],
        2: ["daily", "scenario_daily"],
        3: ["gravity", "scenario_gravity"],
        4: ["catchment", "scenario_catchment"],
        5: ["points", "axes", "scenario_points", "scenario_axes"],
    }
    for i, tab in enumerate(tabs):
        with tab:
            for name in shown[i]:
                if name in result:
                    table_with_download(
                        tables.localize(result[name], lang(), mass=mass, by=by, b=b),
                        t(f"sheet_{name}", lang()),
                        f"corridormap_{mode}_{name}.csv",
                        index=False,
                    )
    view = map_view(overlay=overlay)
    show_map(
        view,
        key=f"analysis-{mode}-{mass}-{by}-{b}-{'-'.join(planned)}-{chosen_year()}-{before_year}",
    )
    st.subheader(t("export_heading", lang()))
    xlsx_button(mode, "analysis", result, planned=tuple(planned), mass=mass, by=by, b=b)
    export_buttons(view, key="analysis", catchment=result["catchment"])
