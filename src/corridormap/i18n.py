"""Interface text in Chinese and English, and bilingual messages for corridormap's errors.

Every string a front end shows comes from :data:`TEXT` (one key, both languages) or from
:func:`describe` (an error's message in the chosen language). Chinese is the default.

Examples
--------
>>> t("length", "en")
'Length'
>>> t("length")
'距离'

"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from corridormap._i18n_map import MAP_TEXT
from corridormap._i18n_measures import MEASURE_TEXT
from corridormap._i18n_tables import TABLE_TEXT
from corridormap.errors import (
    AmbiguousPlaceError,
    CorridormapError,
    EmptySelectionError,
    NoRouteError,
    NotOnNetworkError,
    SamePlaceError,
    UnknownPlaceError,
    UploadError,
    UploadTooLargeError,
)

__all__ = ["LANGS", "TEXT", "describe", "t"]

LANGS: tuple[str, ...] = ("zh", "en")

TEXT: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "app_title": ("内蒙古口岸与腹地城市走廊", "Inner Mongolia ports and hinterland corridors"),
        "language": ("语言 Language", "Language 语言"),
        "page_map": ("点-轴-网络地图", "Point–axis–network map"),
        "page_route": ("路线查询", "Route finder"),
        "page_tables": ("距离与时间表", "Distance and time tables"),
        "from": ("起点", "From"),
        "to": ("终点", "To"),
        "mode": ("方式", "Mode"),
        "rail": ("铁路", "Rail"),
        "road": ("公路", "Road"),
        "both": ("铁路与公路对比", "Rail and road side by side"),
        "place_placeholder": ("输入中文、英文或拼音", "Type Chinese, English or pinyin"),
        "length": ("距离", "Length"),
        "time": ("时间", "Time"),
        "lines": ("经由线路", "Lines followed"),
        "no_lines": ("（无命名线路）", "(no named lines)"),
        "access": ("接入距离", "Access legs"),
        "connector": ("连接线", "Gap connectors"),
        "schematic": ("示意边（公布里程）", "Schematic (published km)"),
        "network_state": (
            "路网条件：最快/最短、出行类型、速度",
            "Network state: criterion, profile, speeds",
        ),
        "route_by": ("路径", "Routes"),
        "route_by_time": ("最快", "fastest"),
        "route_by_length": ("最短", "shortest"),
        "profile_passenger": ("旅客列车", "passenger trains"),
        "profile_freight": ("货物列车", "freight trains"),
        "profile_car": ("小客车", "car"),
        "profile_truck": ("货车", "truck"),
        "class": ("线路等级", "Class"),
        "class_high_speed": ("高速铁路", "high-speed"),
        "class_intercity": ("城际铁路", "intercity"),
        "class_conventional": ("普速铁路", "conventional"),
        "class_broad_gauge": ("宽轨（境外）", "broad gauge (abroad)"),
        "class_connector": ("连接段", "connector"),
        "class_access": ("接驳段", "access"),
        "class_expressway": ("高速公路", "expressway"),
        "class_main": ("普通干线公路", "main road"),
        "tariff_km": ("运价里程", "Tariff km"),
        "gauge_change": ("换轨", "gauge change"),
        "network_state_text": (
            "{year}；{profile}，{by}路径；{speeds}；过境 {crossing}",
            "{year}; {profile}, {by} routes; {speeds}; border crossing {crossing}",
        ),
        "year_all": (
            "路网：全部已开通线路（至 {last} 年）",
            "network: every open line (to {last})",
        ),
        "year_of": ("路网：{year} 年末", "network: end of {year}"),
        "year": ("路网年份", "Network year"),
        "typed_as": ("“{text}” → {place}", "“{text}” → {place}"),
        "year_help": (
            "只用当年年底前开通的线路；开通年份不详的线路视为 {first} 年前已开通",
            "Only lines open by the end of the year; a line whose opening year is unknown "
            "counts as open before {first}",
        ),
        "crossing_note": (
            "经 {port} 出入境，另加 {h:.2f} 小时",
            "Crosses the border at {port}, adding {h:.2f} h",
        ),
        "speed_note": (
            "时间的计算条件：{state}（来源见 README 标定表与 corridormap.speeds）",
            "Times computed with: {state} (sources: README calibration table, corridormap.speeds)",
        ),
        "did_you_mean": ("您是否要找：", "Did you mean:"),
        "which_one": ("请选择其一：", "Which one do you mean?"),
        "pick_both": ("请选择起点和终点。", "Choose a start and an end."),
        "same_place": ("起点与终点相同。", "Start and end are the same place."),
        "unexpected": (
            "出现意外错误，已记录日志。请换一组输入重试。",
            "An unexpected error occurred and has been logged. Try other inputs.",
        ),
        "layers": ("图层", "Layers"),
        "layer_basemap": ("底图", "Basemap"),
        "layer_rail": ("铁路网", "Rail network"),
        "layer_road": ("公路网", "Road network"),
        "layer_corridors": ("命名走廊", "Named corridors"),
        "layer_corridor_labels": ("走廊名称", "Corridor names"),
        "layer_ports": ("口岸", "Ports"),
        "layer_cities": ("城市", "Cities"),
        "layer_labels": ("地名", "Place names"),
        "layer_route": ("路线", "Route"),
        "layer_catchment": ("腹地归属", "Catchment links"),
        "page_analysis": ("联系与情景分析", "Linkage and scenarios"),
        "mass": ("质量指标", "Mass"),
        "mass_gdp": ("地区生产总值", "GDP"),
        "mass_population": ("常住人口", "Population"),
        "mass_pg": ("√(人口×GDP)", "√(population × GDP)"),
        "destinations": ("可达性的目的地", "Destinations of accessibility"),
        "to_cities": ("全部城市", "All cities"),
        "to_seats": ("12个盟市驻地", "The 12 league seats"),
        "to_hubs": ("区外枢纽", "Hubs beyond the region"),
        "to_ports": ("口岸", "Ports"),
        "to_all": ("全部地点", "Every place"),
        "col_destination_set": ("目的地集合", "Destination set"),
        "mass_years_row": ("质量数据年份", "Years of the masses"),
        "mass_years_population": (
            "常住人口：2020年第七次全国人口普查（全部中国城市同一年份）",
            "Population: the 2020 census (one year for every Chinese place)",
        ),
        "mass_years_gdp": (
            "GDP：各地有出处的最新年份（2020–2023，表中逐行注明）",
            "GDP: each place's latest year with a quoted source (2020–2023, given in every row)",
        ),
        "mass_years_pg": (
            "人口为2020年普查；GDP为各地有出处的最新年份（表中逐行注明）",
            "Population from the 2020 census; GDP each place's latest sourced year (given in every row)",
        ),
        "exponent": ("距离衰减指数 b", "Distance-decay exponent b"),
        "gravity_by": ("距离度量", "Distance measure"),
        "by_length": ("网络距离（km）", "Network length (km)"),
        "by_time": ("时间（h）", "Time (h)"),
        "scenario": ("开通规划走廊（情景）", "Switch planned corridors on (scenario)"),
        "tab_access": ("可达性", "Accessibility"),
        "tab_gravity": ("联系强度与隶属度", "Linkage and membership"),
        "tab_catchment": ("腹地范围", "Catchments"),
        "tab_tiers": ("点-轴等级", "Point and axis tiers"),
        "params": (
            "参数：方式 {mode}；质量 {mass}；b = {b}；速度 {speed}；{years}。口岸的质量取其所在盟市。",
            "Parameters: mode {mode}; mass {mass}; b = {b}; speed {speed}; {years}. A port takes "
            "its host league's mass.",
        ),
        "mass_gaps": (
            "缺少所选质量（人口或GDP）的城市不参与计算（状态“缺少人口或GDP”），不做估算；人口（2020年普查）对全部中国城市齐全，GDP缺石家庄、太原、沈阳、银川、兰州。",
            "Cities without the chosen mass are left out (status “no population or GDP”), never estimated: population (2020 census) is complete for every Chinese place; GDP is missing for Shijiazhuang, Taiyuan, Shenyang, Yinchuan and Lanzhou.",
        ),
        "changed_count": (
            "情景下改变腹地归属的城市：{n} 个",
            "Cities whose catchment changes in the scenario: {n}",
        ),
        "legend_rail_port": ("铁路口岸", "Rail port"),
        "legend_road_port": ("公路口岸", "Road port"),
        "legend_air_port": ("航空口岸", "Air port"),
        "legend_ru": ("对俄口岸", "Faces Russia"),
        "legend_mn": ("对蒙口岸", "Faces Mongolia"),
        "legend_seat": ("盟市驻地", "League/city seat"),
        "legend_hub": ("区外枢纽", "Hub beyond the region"),
        "legend_xb": ("境外城市", "Cross-border city"),
        "legend_approx": (
            "口岸位置为近似（虚线圈：误差半径）",
            "Port placed approximately (dashed ring: its radius)",
        ),
        "coord_surveyed": ("公布坐标", "published coordinate"),
        "coord_derived": ("推算（线路与国界交点）", "derived (line meets the boundary)"),
        "coord_approximate": ("近似", "approximate"),
        "legend_rail": ("铁路", "Railway"),
        "legend_road": ("公路", "Road"),
        "legend_planned": ("规划/在建走廊（虚线）", "Planned / under construction (dashed)"),
        "sheet_od_length_km": ("距离矩阵 km", "OD length km"),
        "sheet_od_time_h": ("时间矩阵 h", "OD time h"),
        "sheet_od": ("距离时间与状态", "OD with status"),
        "sheet_accessibility": ("可达性", "Accessibility"),
        "sheet_potential": ("潜力可达性", "Potential accessibility"),
        "sheet_daily": ("日常可达性", "Daily accessibility"),
        "sheet_gravity": ("联系强度", "Gravity linkage"),
        "sheet_catchment": ("腹地归属", "Catchment"),
        "sheet_points": ("节点等级", "Point tiers"),
        "sheet_axes": ("轴线等级", "Axis tiers"),
        "sheet_scenario_od": ("情景 距离时间", "Scenario OD"),
        "sheet_scenario_accessibility": ("情景 可达性", "Scenario accessibility"),
        "sheet_scenario_gravity": ("情景 联系强度", "Scenario gravity"),
        "sheet_scenario_catchment": ("情景 腹地归属", "Scenario catchment"),
        "sheet_scenario_axes": ("情景 轴线", "Scenario axes"),
        "sheet_scenario_potential": ("情景 潜力可达性", "Scenario potential"),
        "sheet_scenario_daily": ("情景 日常可达性", "Scenario daily"),
        "sheet_scenario_points": ("情景 节点等级", "Scenario point tiers"),
        "sheet_scenario_why": ("情景 未变原因", "Scenario why unchanged"),
        "param": ("参数与来源", "Parameters and sources"),
        "value": ("取值", "Value"),
        "speed": ("速度", "Speed"),
        "max_snap": ("接入网络最大距离", "Largest distance joined to the network"),
        "sources_row": ("数据来源", "Data sources"),
        "made_with": ("生成", "Made with"),
        "page_data": ("自有数据", "Own data"),
        "data_intro": (
            "上传自己的城市或口岸、规划走廊或 OSM 路网；它们只在本次会话中参与路线、分析与地图，不会改动内置数据。单个文件不超过 {mb} MB。",
            "Upload your own cities or ports, a planned corridor or an OSM network; they join routes, "
            "analysis and maps in this session only and never change the bundled data. Files up to {mb} MB.",
        ),
        "upload_ok": ("已加入 {name}：{n} 项", "Added {name}: {n} item(s)"),
        "tab_places": ("城市与口岸", "Cities and ports"),
        "tab_corridor": ("规划走廊", "Planned corridor"),
        "tab_network": ("OSM 路网", "OSM network"),
        "places_help": (
            "CSV（UTF-8 或 Excel 的 GBK/GB18030）、XLSX 或 GeoJSON 点。列：名称（name）、经度（lon）、纬度（lat），可选 常住人口、GDP(亿元)、年份。",
            "CSV (UTF-8, or GBK/GB18030 as Chinese Excel writes it), XLSX or GeoJSON points. Columns: "
            "name, lon, lat; optional population, GDP (100 million CNY), year.",
        ),
        "place_kind": ("作为", "Add as"),
        "kind_city": ("城市", "City"),
        "kind_port": ("口岸", "Port"),
        "kind_corridor": ("规划走廊", "Planned corridor"),
        "kind_network": ("路网", "Network"),
        "kind_masses": ("人口与GDP", "Population and GDP"),
        "tab_masses": ("人口与GDP数据", "Population and GDP"),
        "masses_help": (
            "用自己的人口或GDP数据替换内置城市的数值（本次会话有效）：CSV或XLSX，每行一个城市（名称、拼音或英文名），"
            "列：名称、人口（人）、GDP（亿元）及其年份（年份，或 population_year / gdp_year）。每个数值都须注明年份；口岸取其所在盟市的数值，不能单独上传。",
            "Replace the figures of bundled cities with your own for this session: CSV or XLSX, one "
            "row per city (name, pinyin or English), columns name, population (persons), GDP (亿元) "
            "and their year (year, or population_year / gdp_year). Every figure needs its year; a "
            "port takes its host league's figures and cannot be given its own.",
        ),
        "upload_masses": ("上传人口/GDP文件", "Upload a population/GDP file"),
        "upload_places": ("上传地点文件", "Upload a places file"),
        "corridor_help": (
            "GeoJSON 或 KML（Google Earth、QGIS）线；属性 name 与 mode（rail/road，可用下面的默认值）。两端接入最近的现有网络，接入距离列在下方；之后在“分析”页作为情景选用。",
            "GeoJSON or KML (Google Earth, QGIS) lines with a name and a mode (rail/road, or the "
            "default below). Both ends join the nearest open network (distances listed below); "
            "then pick it as a scenario on the analysis page.",
        ),
        "upload_corridor": ("上传走廊文件", "Upload a corridor file"),
        "network_help": (
            "OSM XML（.osm）路网：替换该方式的内置网络，或作为延伸（其端点在 500 m 内接入内置网络）。",
            "An OSM XML (.osm) extract: replace the mode's bundled network, or extend it (its dead "
            "ends within 500 m are joined to the bundled network).",
        ),
        "network_use": ("用法", "Use"),
        "use_replace": ("替换", "Replace"),
        "use_extend": ("延伸", "Extend"),
        "upload_network": ("上传 OSM 文件", "Upload an OSM file"),
        "overpass": (
            "从 Overpass 下载小范围 OSM（{url}，需联网）",
            "Download a small OSM area from Overpass ({url}; needs a network)",
        ),
        "west": ("西", "West"),
        "south": ("南", "South"),
        "east": ("东", "East"),
        "north": ("北", "North"),
        "download_osm": ("下载", "Download"),
        "own_now": ("本次会话的数据", "This session's data"),
        "own_none": (
            "尚未上传；当前使用内置数据。",
            "Nothing uploaded; the bundled data is in use.",
        ),
        "remove": ("移除", "Remove"),
        "joins": ("走廊接入网络的位置", "Where the corridors join the network"),
        "joined": ("接入点数", "Joins"),
        "clear_all": ("清除全部自有数据", "Clear all own data"),
        "col_corridor_id": ("走廊编号", "Corridor id"),
        "col_name_zh": ("名称", "Name"),
        "col_end": ("端点", "End"),
        "col_snap_km": ("接入距离 km", "Join distance km"),
        "legend_user": ("自有地点", "Own places"),
        "legend_border": ("国界", "International border"),
        "legend_changed": ("腹地改变的城市（红色粗线）", "Catchment switches port (thick red)"),
        "legend_rising": ("联系量上升的轴线", "Axis whose linkage rises"),
        "legend_improved": ("可达性改善最多的地点", "Largest accessibility gain"),
        "layer_improved": ("可达性改善", "Accessibility gain"),
        "improved_tip": (
            "{name}：可达性改善 {rate:.1f}%",
            "{name}: accessibility {rate:.1f}% better",
        ),
        "legend_not_drawn": (
            "未绘制（暂无有来源坐标）：",
            "Not drawn (no sourced coordinates yet): ",
        ),
        "tables_intro": (
            "口岸 × 城市的网络距离（km）与时间（h）。点击列标题排序；空白格的原因见“状态”表。",
            "Ports × cities network length (km) and time (h). Click a header to sort; the status "
            "table says why a cell is empty.",
        ),
        "table_length": ("距离（km）", "Length (km)"),
        "table_time": ("时间（h）", "Time (h)"),
        "table_status": ("状态", "Status"),
        "download_csv": ("下载 CSV", "Download CSV"),
        "export_heading": ("导出地图与数据", "Export the map and data"),
        "export_note": (
            "HTML 地图离线可开（脚本与数据均内嵌）；PNG 为 300 dpi，SVG 为矢量；导出内容即当前所见的图层、路线与分析结果。",
            "The HTML map opens offline (scripts and data inside); PNG is 300 dpi, SVG is vector; "
            "exports show the layers, routes and analysis results you see.",
        ),
        "map_title": ("地图标题", "Map title"),
        "download_html": ("HTML 地图", "HTML map"),
        "download_png_a4": ("PNG · A4 横向", "PNG · A4 landscape"),
        "download_png_square": ("PNG · 方形", "PNG · square"),
        "download_svg": ("SVG · A4 横向", "SVG · A4 landscape"),
        "download_gpkg": ("GeoPackage 图层", "GeoPackage layers"),
        "download_xlsx": ("全部表格 XLSX", "All tables XLSX"),
        "port": ("口岸", "Port"),
        "city": ("城市", "City"),
        "origin": ("起点", "Origin"),
        "destination": ("终点", "Destination"),
        "status": ("状态", "Status"),
        "status_ok": ("可达", "reached"),
        "status_no_route": ("网络不连通", "no route"),
        "status_too_far": ("距网络过远", "too far from the network"),
        "status_air_port": ("航空口岸（不在地面网络上）", "air port (not on the ground networks)"),
        "status_no_coordinates": ("暂无坐标", "no coordinates"),
        "status_no_mass": ("缺少人口或GDP", "no population or GDP"),
        "status_too_many": (
            "路线过多，未计算（见说明）",
            "too many routes, not computed (see detail)",
        ),
        "too_many_detail": (
            "{origins:,} 个地点 × {destinations:,} 个目的地共 {pairs:,} 条路线，超过本测度计算的上限 "
            "{limit:,} 条（设置 max_od_pairs）；请选择较小的目的地集合（12 个盟市驻地、区外枢纽或口岸）"
            "或减少上传的地点",
            "{origins:,} places × {destinations:,} destinations is {pairs:,} routes, more than the "
            "{limit:,} this measure computes (setting max_od_pairs); choose a smaller destination "
            "set (the 12 league seats, the hubs or the ports) or fewer uploaded places",
        ),
        "custom_speeds": ("自定义各等级速度", "Custom class speeds"),
        "custom_speeds_help": (
            "关闭时使用 README 标定表中的公布速度；打开后可逐等级修改，关闭即恢复默认。",
            "Off: the published speeds of the README's calibration table. On: edit them class by "
            "class; switching off restores the defaults.",
        ),
        "status_no_link": ("无可计算的联系", "no linkage"),
        "status_no_index": ("无指标值", "no index value"),
        "col_place": ("地点", "Place"),
        "col_city": ("城市", "City"),
        "col_port": ("口岸", "Port"),
        "col_origin": ("起点", "Origin"),
        "col_destination": ("终点", "Destination"),
        "col_mode": ("方式", "Mode"),
        "col_mass": ("质量指标", "Mass"),
        "col_by": ("距离度量", "Distance measure"),
        "col_b": ("指数 b", "Exponent b"),
        "col_weighted_h": ("加权平均时间（h）", "Weighted mean time (h)"),
        "col_plain_h": ("平均时间（h）", "Mean time (h)"),
        "col_reachable": ("可达城市数", "Cities reached"),
        "col_destinations": ("城市总数", "Cities"),
        "col_distance": ("距离", "Distance"),
        "col_linkage": ("联系强度 R", "Linkage R"),
        "col_membership": ("隶属度 F", "Membership F"),
        "col_time_h": ("时间（h）", "Time (h)"),
        "col_length_km": ("距离（km）", "Length (km)"),
        "col_tie": ("并列口岸", "Tied ports"),
        "col_huff_share": ("Huff 概率", "Huff share"),
        "col_kind": ("类别", "Kind"),
        "col_index": ("指标", "Index"),
        "col_value": ("指标值", "Value"),
        "col_tier": ("等级", "Tier"),
        "col_line": ("线路", "Line"),
        "col_flow": ("分配联系量", "Assigned linkage"),
        "col_pairs": ("经过的城市-口岸对", "City-port pairs"),
        "col_status": ("状态", "Status"),
        "col_changed": ("是否改变", "Changed"),
        "col_change_rate": ("可达性变化率", "Accessibility change rate"),
        "col_potential": ("潜力可达性 P", "Potential accessibility P"),
        "col_alpha": ("衰减指数 α", "Decay exponent α"),
        "col_with_mass": ("有质量数据的城市数", "Cities with a mass"),
        "col_mass_years": ("质量数据年份", "Years of the masses"),
        "col_city_mass_year": ("城市质量年份", "City mass year"),
        "col_port_mass_year": ("口岸质量年份", "Port mass year"),
        "col_port_mass": ("口岸质量", "Port mass"),
        "col_hours": ("时限（h）", "Time limit (h)"),
        "col_cities": ("时限内城市数", "Cities within the limit"),
        "col_mass_reached": ("时限内质量合计", "Mass within the limit"),
        "col_without_mass": ("其中无质量数据", "Of which without a mass"),
        "col_share": ("占全部质量的比例", "Share of all mass"),
        "tab_potential": ("潜力可达性", "Potential accessibility"),
        "tab_daily": ("日常可达性（{h:g} 小时）", "Daily accessibility ({h:g} h)"),
        "col_reason": ("原因", "Reason"),
        "col_detail": ("说明", "Detail"),
        "compare_with": ("对比", "Compare with"),
        "compare_none": ("不对比（或仅规划情景）", "Nothing (or the scenario only)"),
        "compare_year": ("某一年份的路网", "The network of a year"),
        "before_year": ("对比年份（之前）", "Year to compare with (before)"),
        "comparing": ("对比：**{before}** → **{after}**", "Comparing **{before}** → **{after}**"),
        "year_of_short": ("{year} 年路网", "network of {year}"),
        "state_all": ("全部已开通线路", "every open line"),
        "nothing_changed": (
            "两种路网状态下的结果相同。",
            "The two network states give the same results.",
        ),
        "improved_count": ("可达性改善最多：{places}", "Largest accessibility gains: {places}"),
        "why_same_state": (
            "两种状态完全相同（{detail}）。",
            "The two states are the same ({detail}).",
        ),
        "why_no_new_lines": (
            "所选方式在 {detail} 之间没有新开通或开启的线路（公路层尚无开通年份数据）。",
            "No line of this mode opens or is switched on between {detail} (the road layer has no "
            "opening years yet).",
        ),
        "why_freight_passenger_only": (
            "新增线路（{detail}）均为客运专线，货运方案不能使用。",
            "The new lines ({detail}) are passenger-only; the freight profile cannot use them.",
        ),
        "why_not_on_any_route": (
            "新增线路（{detail}）不在任何口岸—城市最快路径上：它通往的地点没有路径需要经过。",
            "The new lines ({detail}) lie on no fastest port–city route: they lead to places no "
            "route needs.",
        ),
        "suffix_before": ("（前）", " (before)"),
        "suffix_after": ("（后）", " (after)"),
        "suffix_delta": ("（变化）", " (change)"),
        "rising_count": (
            "情景下联系量上升的线路：{n} 条",
            "Lines whose assigned linkage rises: {n}",
        ),
        "sources": (
            "数据来源：© OpenStreetMap 贡献者（ODbL）、全国客里表（qETRC）、Natural Earth、DCW-GMT；每个数值的来源见 geodata/SOURCES.md。",
            "Sources: © OpenStreetMap contributors (ODbL), the passenger tariff table (qETRC), Natural "
            "Earth, DCW-GMT; every value is traced in geodata/SOURCES.md.",
        ),
        "map_caption": (
            "点：口岸按类型（形状）与对象国（颜色），大小为等级（中欧班列、过货量、联系强度）；城市颜色按类别，"
            "大小为人口等级。轴：命名铁路与公路走廊，线宽为联系强度等级，规划走廊为虚线。网：底层铁路与公路网。",
            "Points: ports by type (shape) and neighbour (colour), sized by tier (China–Europe trains, "
            "freight, linkage); cities coloured by kind, sized by population tier. Axes: named rail and "
            "road corridors, width by linkage tier, planned ones dashed. Network: the rail and road "
            "networks beneath.",
        ),
    }
    | MEASURE_TEXT
    | TABLE_TEXT
    | MAP_TEXT
)

_MODE = {"rail": ("铁路", "rail"), "road": ("公路", "road")}
_SIDE = {"origins": ("起点", "origins"), "destinations": ("终点", "destinations")}


def t(key: str, lang: str = "zh", **fmt: object) -> str:
    """Return the interface text ``key`` in ``lang`` (``zh`` or ``en``), formatted with ``fmt``."""
    text = TEXT[key][LANGS.index(lang) if lang in LANGS else 0]
    return text.format(**fmt) if fmt else text


def describe(exc: CorridormapError, lang: str = "zh") -> str:
    """Return an error's message in ``lang``; what was wrong and what to do."""
    for kind, explain in _EXPLAIN:
        if isinstance(exc, kind):
            return explain(exc, lang == "en")
    return str(exc)


def _unknown(exc: Any, en: bool) -> str:
    head = f"No place called “{exc.query}”." if en else f"找不到“{exc.query}”。"
    if exc.suggestions:
        return f"{head} {t('did_you_mean', 'en' if en else 'zh')} {'; '.join(exc.suggestions)}"
    return head + (" Pick a name from the list." if en else "请从列表中选择地名。")


def _ambiguous(exc: Any, en: bool) -> str:
    if en:
        return f"“{exc.query}” could mean several places. {t('which_one', 'en')} {'; '.join(exc.choices)}"
    return f"“{exc.query}”可能指多个地点。{t('which_one', 'zh')}{'；'.join(exc.choices)}"


def _no_route(exc: Any, en: bool) -> str:
    if en:
        a, b = exc.names_en
        return f"No {exc.mode} route joins {a} and {b}: they lie on parts of the network that do not connect."
    a, b = exc.names_zh
    return f"{a}与{b}之间没有{_MODE[exc.mode][0]}路径：两地位于互不连通的网络部分。"


def _empty(exc: Any, en: bool) -> str:
    side = _SIDE.get(exc.side, (exc.side, exc.side))
    return (
        f"No {side[1]} selected; choose at least one."
        if en
        else f"未选择任何{side[0]}，请至少选择一个。"
    )


def _same_place(exc: Any, en: bool) -> str:
    return (
        f"Origin and destination are the same place ({exc.name_en}); choose two different places."
        if en
        else f"起点与终点是同一地点（{exc.name_zh}），请选择两个不同的地点。"
    )


def _not_on_network(exc: Any, en: bool) -> str:
    mode_zh, mode_en = _MODE.get(exc.mode, (exc.mode, exc.mode))
    texts = {
        "air_port": (
            f"{exc.name_zh}是航空口岸：航空口岸经公路到达，不在{mode_zh}网络上。",
            f"{exc.name_en} is an air port: air ports are reached by road and are not on the {mode_en} network.",
        ),
        "no_coordinates": (
            f"{exc.name_zh}尚无有来源的坐标，无法计算路线（见 geodata/SOURCES.md）。",
            f"{exc.name_en} has no sourced coordinates yet, so no route can be computed (see geodata/SOURCES.md).",
        ),
        "too_far": (
            f"{exc.name_zh}距{mode_zh}网络过远，不做跨越连接。",
            f"{exc.name_en} lies too far from the {mode_en} network; it is not joined across the gap.",
        ),
    }
    return texts[exc.reason][int(en)] if exc.reason in texts else str(exc)


def _too_large(exc: Any, en: bool) -> str:
    if en:
        return str(exc)
    size = "" if exc.size is None else f"{exc.size:,} 字节，"
    return (
        f"文件过大（{exc.filename}）：{size}超过上限 {exc.limit:,} 字节"
        f"（{exc.limit / 1e6:g} MB）。请上传较小的文件，或只截取较小的范围。"
    )


def _upload(exc: Any, en: bool) -> str:
    if en:
        return str(exc)
    where = [exc.filename]
    if exc.row is not None:
        where.append(f"第 {exc.row} 行")
    if exc.feature is not None:
        where.append(f"第 {exc.feature} 个要素")
    if exc.column is not None:
        where.append(f"列 {exc.column!r}")
    return f"文件无法使用（{'，'.join(where)}）：{exc.problem}"


_EXPLAIN: tuple[tuple[type[CorridormapError], Callable[[Any, bool], str]], ...] = (
    (UnknownPlaceError, _unknown),
    (AmbiguousPlaceError, _ambiguous),
    (NotOnNetworkError, _not_on_network),
    (NoRouteError, _no_route),
    (EmptySelectionError, _empty),
    (SamePlaceError, _same_place),
    (UploadTooLargeError, _too_large),
    (UploadError, _upload),
)
