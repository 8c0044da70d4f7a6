"""Interface text of the map's cartography: hierarchy legend, flows, labels, routes.

Merged into :data:`corridormap.i18n.TEXT`; one key, Chinese then English.
"""

from __future__ import annotations

__all__ = ["MAP_TEXT"]

MAP_TEXT: dict[str, tuple[str, str]] = {
    "legend_title": ("图例", "Legend"),
    "legend_tiers": ("等级（口岸 · 城市 · 轴线）", "Tiers (ports · cities · axes)"),
    "legend_tier": ("{k} 级", "Tier {k}"),
    "legend_tier_none": ("无等级", "No tier"),
    "legend_ports_basis": (
        "口岸：有中欧班列者为 1 级；其次按 2023 年过货量；其余按与城市的引力联系总量（本方式路网）",
        "Ports: China–Europe train ports tier 1; then by 2023 freight; the rest by summed "
        "gravity linkage with the cities (own network)",
    ),
    "legend_cities_basis": (
        "城市：{mass} 1 级 ≥ {a}，2 级 ≥ {b}（12 个盟市驻地的自然断点）",
        "Cities: {mass} tier 1 ≥ {a}, tier 2 ≥ {b} (natural breaks of the 12 league seats)",
    ),
    "legend_axes_basis": (
        "轴线：沿最短路径分配的联系量（自然断点）",
        "Axes: linkage assigned along shortest paths (natural breaks)",
    ),
    "legend_tiers_analysis": (
        "等级来自本页分析（自然断点）",
        "Tiers from this page's analysis (natural breaks)",
    ),
    "legend_region": ("内蒙古自治区（其余地区淡化）", "Inner Mongolia (elsewhere muted)"),
    "legend_no_leagues": (
        "盟市界线：数据中无地级界线，未绘制",
        "League boundaries: no prefecture-level boundaries in the data, not drawn",
    ),
    "legend_route": ("路线 · {mode}", "Route · {mode}"),
    "legend_catchment": ("腹地归属（城市 → 口岸）", "Catchment link (city → port)"),
    "layer_flows": ("口岸—城市联系流", "Port–city linkage flows"),
    "legend_flows": (
        "联系流（引力模型，≥ 平均值；线宽：3 级）",
        "Linkage flows (gravity, ≥ mean; width: 3 classes)",
    ),
    "flow_tip": ("{a} — {b}：联系强度 R = {r:.3g}", "{a} — {b}: linkage R = {r:.3g}"),
    "label_lang": ("地名语言", "Label language"),
    "label_lang_auto": ("随界面", "As interface"),
    # Not "中文"/"English": those name the interface language switch beside it.
    "label_lang_zh": ("汉字", "汉字"),
    "label_lang_en": ("EN", "EN"),
    "label_lang_both": ("汉字 + EN", "汉字 + EN"),
    "people_10k": ("{n:.0f} 万人", "{n:.2f} million"),
}
