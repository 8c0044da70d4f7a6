"""Interface text of the interaction measures (time circles, breaking points, field, linkage).

Merged into :data:`corridormap.i18n.TEXT`; one key, Chinese then English.
"""

from __future__ import annotations

__all__ = ["MEASURE_TEXT"]

MEASURE_TEXT: dict[str, tuple[str, str]] = {
    "page_measures": ("空间联系测度", "Interaction measures"),
    "measures_intro": (
        "时间圈、断裂点、场强腹地与联系网络，均在所选年份与规划情景的路网上计算。",
        "Time circles, breaking points, field-strength hinterlands and the linkage network, "
        "each on the network of the chosen year and scenario.",
    ),
    "measure": ("测度", "Measure"),
    "measure_before_after": ("规划情景前后对比", "Before and after the scenario"),
    "measure_isochrone": ("时间圈", "Time circles"),
    "measure_breaking": ("断裂点", "Breaking points"),
    "measure_field": ("场强腹地", "Field-strength hinterlands"),
    "measure_linkage": ("联系网络", "Linkage network"),
    "origin_place": ("出发地", "From"),
    "hours_list": ("时限（小时，逗号分隔）", "Hours (comma-separated)"),
    "hours_bad": (
        "时限需为逗号分隔的数字，如 1,2,3",
        "Hours must be numbers separated by commas, e.g. 1,2,3",
    ),
    "centres": ("中心", "Centres"),
    "centres_cities": ("城市", "Cities"),
    "centres_ports": ("本方式口岸", "Ports of this mode"),
    "centres_all": ("城市与口岸", "Cities and ports"),
    "mass_equal": ("等权（质量均为 1）", "Equal (every mass 1)"),
    "neighbours_k": ("每个中心的近邻数 k", "Neighbours per centre k"),
    "spacing_km": ("格网间距（km）", "Grid spacing (km)"),
    "snap_km": ("格点接入网络的最大距离（km）", "Grid point join limit (km)"),
    "breaking_note": (
        "断裂点 d_A = D_AB / (1 + √(M_B/M_A))，沿 A 到 B 的网络路线量取；近邻：按网络时间的 k 个最近中心（任一方向）。",
        "Breaking point d_A = D_AB / (1 + √(M_B/M_A)), measured along the network route from A "
        "to B; neighbours: each centre's k nearest by network time (either way).",
    ),
    "field_note": (
        "场强 E = M / T^α，格点归属场强最大的中心（取大原则）；计量的是土地面积（格网单元），未附人口格网。",
        "Field strength E = M / T^α; each grid point goes to the strongest centre. What is "
        "counted is land area (grid cells); no population grid is bundled.",
    ),
    "field_summary": (
        "格点 {ok} 个已归属，{far} 个距网络过远，{none} 个无中心可达。",
        "{ok} grid points assigned, {far} too far from the network, {none} reached by no centre.",
    ),
    "linkage_note": (
        "R_ij = M_i·M_j / D_ij^b；二值网络保留 R ≥ 平均 R 的联系；介数与接近中心性以 R_max/R 为距离；核心为二值网络的最大 k-核；凝聚子群为 Louvain（种子 14）。",
        "R_ij = M_i·M_j / D_ij^b; the binary network keeps links with R ≥ the mean R; "
        "betweenness and closeness use R_max/R as distance; the core is the binary network's "
        "main k-core; subgroups by Louvain (seed 14).",
    ),
    "linkage_summary": (
        "{places} 个地点，{links} 条联系，保留 {kept} 条（密度 {density:.3f}），核心 k = {core_k}，子群 {communities} 个。",
        "{places} places, {links} links, {kept} kept (density {density:.3f}), core k = {core_k}, "
        "{communities} subgroups.",
    ),
    "sheet_isochrones": ("时间圈", "Time circles"),
    "sheet_breaking_points": ("断裂点", "Breaking points"),
    "sheet_field_hinterlands": ("场强腹地", "Field hinterlands"),
    "sheet_linkage_places": ("联系网络-地点", "Linkage places"),
    "sheet_linkage_links": ("联系网络-联系", "Linkage links"),
    "layer_isochrone": ("时间圈", "Time circles"),
    "layer_breaking": ("断裂点", "Breaking points"),
    "layer_field": ("场强腹地", "Field hinterlands"),
    "layer_linkage": ("联系网络", "Linkage network"),
    "legend_isochrone": ("时间圈", "Time circles"),
    "legend_within_h": ("{h:g} 小时内", "within {h:g} h"),
    "legend_field": ("场强腹地", "Field hinterlands"),
    "without_mass": ("无人口/GDP 数据、未计入：{names}", "No population/GDP, left out: {names}"),
    "legend_more": ("另有 {n} 个中心的腹地（见表）", "and {n} more hinterlands (see the table)"),
    "legend_breaking": ("断裂点（在路线上）", "Breaking point (on the route)"),
    "legend_linkage": ("联系网络", "Linkage network"),
    "legend_link_class": ("第 {k} 级联系", "Linkage class {k}"),
    "legend_linkage_nodes": (
        "圆大小：联系总量；颜色：凝聚子群；黑边：核心",
        "Circle size: strength; colour: subgroup; black ring: core",
    ),
    "legend_linkage_below": (
        "只画 R ≥ 平均 R 的联系（其余见表，第 4 级）",
        "Only links with R ≥ the mean R are drawn (the rest: class 4, in the table)",
    ),
    "isochrone_tip": (
        "{h:g} 小时内：网络 {km:.0f} km，{n} 个地点",
        "Within {h:g} h: {km:.0f} km of network, {n} places",
    ),
    "field_tip": (
        "{name}：{cells} 个格网，{area:,.0f} km²",
        "{name}: {cells} cells, {area:,.0f} km²",
    ),
    "breaking_tip": (
        "{a} ↔ {b}：距 {a} {d:.1f} km（全程 {D:.1f} km）",
        "{a} ↔ {b}: {d:.1f} km from {a} (of {D:.1f} km)",
    ),
    "linkage_tip": (
        "{name}：联系总量 {s:.3g}，介数 {bc:.3f}，子群 {c}",
        "{name}: strength {s:.3g}, betweenness {bc:.3f}, subgroup {c}",
    ),
    "col_network_km": ("可达网络长度（km）", "Network reached (km)"),
    "col_places_n": ("可达地点数", "Places reached (count)"),
    "col_places": ("可达地点（编号）", "Places reached (ids)"),
    "col_year": ("路网年份", "Network year"),
    "col_centre_a": ("中心 A", "Centre A"),
    "col_centre_b": ("中心 B", "Centre B"),
    "col_d_ab_km": ("A–B 路线长度 D_AB（km）", "Route length D_AB (km)"),
    "col_d_a_km": ("断裂点距 A（km）", "Breaking point from A (km)"),
    "col_mass_a": ("A 的质量", "Mass of A"),
    "col_mass_b": ("B 的质量", "Mass of B"),
    "col_centre": ("中心", "Centre"),
    "col_mass_year": ("质量年份", "Mass year"),
    "col_mass_a_year": ("A 的质量年份", "Year of A's mass"),
    "col_mass_b_year": ("B 的质量年份", "Year of B's mass"),
    "col_mass_value": ("质量值", "Mass value"),
    "col_cells": ("格网单元数", "Grid cells"),
    "col_area_km2": ("面积（km²）", "Area (km²)"),
    "col_counted": ("计量对象", "What is counted"),
    "col_degree": ("度（二值网络）", "Degree (binary)"),
    "col_strength": ("联系总量（加权度）", "Strength (weighted degree)"),
    "col_betweenness": ("介数中心性", "Betweenness"),
    "col_closeness": ("接近中心性", "Closeness"),
    "col_coreness": ("核数 k", "Coreness k"),
    "col_core": ("核心", "Core"),
    "col_community": ("凝聚子群", "Subgroup"),
    "col_kept": ("保留（R ≥ 平均）", "Kept (R ≥ mean)"),
    "col_link_class": ("联系等级", "Linkage class"),
    "status_isolated": ("孤立（无联系）", "isolated (no link)"),
}
