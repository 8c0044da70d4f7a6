"""Interface text of popups and people's tables: labels, units, category words.

Merged into :data:`corridormap.i18n.TEXT`; one key, Chinese then English.
"""

from __future__ import annotations

__all__ = ["TABLE_TEXT"]

TABLE_TEXT: dict[str, tuple[str, str]] = {
    "pop_type": ("类型", "Type"),
    "pop_faces": ("对象国", "Faces"),
    "pop_counterpart": ("对应口岸", "Counterpart"),
    "pop_host": ("所在地", "Host"),
    "pop_approved": ("批准/开放年份", "Approved"),
    "pop_trains": ("{year} 年中欧班列", "China–Europe trains {year}"),
    "pop_trains_value": ("{n} 列（{year}年）", "{n} trains ({year})"),
    "pop_freight": ("2023 年过货量", "Freight 2023"),
    "pop_freight_value": ("{n} 万吨", "{n} Mt"),
    "pop_freight_at_least": ("至少 {n} 万吨（不全年）", "at least {n} Mt (part year)"),
    "pop_position": ("位置", "Position"),
    "pop_kind": ("类别", "Kind"),
    "pop_seat": ("驻地", "Seat"),
    "pop_population": ("常住人口", "Population"),
    "pop_persons": ("{n} 人", "{n}"),
    "pop_persons_census": ("{n} 人（{year}年普查）", "{n} ({year} census)"),
    "pop_persons_year": ("{n} 人（{year}年）", "{n} ({year})"),
    "pop_in_year": ("（{year}年）", " ({year})"),
    "pop_gdp": ("地区生产总值", "GDP"),
    "pop_uploaded": ("上传文件", "Uploaded from"),
    "pop_not_found": ("未找到", "not found"),
    "faces_Russia": ("俄罗斯", "Russia"),
    "faces_Mongolia": ("蒙古国", "Mongolia"),
    "city_kind_league_seat": ("盟市驻地", "League/city seat"),
    "city_kind_hub": ("区外枢纽", "Hub beyond the region"),
    "city_kind_cross_border": ("境外城市", "Cross-border city"),
    "city_kind_user": ("自有地点", "Own place"),
    "corridor_open": ("已开通", "open"),
    "corridor_planned": ("规划", "planned"),
    "corridor_under_construction": ("在建", "under construction"),
    "unit_population": ("人", "persons"),
    "unit_gdp": ("亿元", "CNY 100 m"),
    "unit_pg": ("√(人·亿元)", "√(persons·CNY 100 m)"),
    "pinyin": ("拼音", "pinyin"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "index_population": ("常住人口（人）", "Population (persons)"),
    "index_gdp": ("地区生产总值（亿元）", "GDP (CNY 100 m)"),
    "index_pg": ("√(人口×GDP)", "√(population × GDP)"),
    "index_linkage_sum": (
        "与各城市联系强度之和（{mode}）",
        "Sum of linkage with the cities ({mode})",
    ),
    "index_freight_2023_10kt": ("2023 年过货量（万吨）", "Freight 2023 (10,000 t)"),
    "port_mass_host": ("所在盟市的质量", "host league's mass"),
    "port_mass_freight": ("过货量", "freight"),
    "download_table_csv": ("下载 {title} CSV", "Download {title} as CSV"),
    "matrix_left_out": (
        "无{mode}路径、未列入矩阵的口岸：{names}（原因见状态表）",
        "Ports with no {mode} route, left out of the matrix: {names} (the status table says why)",
    ),
}
