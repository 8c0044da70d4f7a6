"""What uploads may hold: file formats, limits, column names and modes."""

from __future__ import annotations

from collections.abc import Mapping

#: Bounds (min lon, min lat, max lon, max lat) in degrees that uploaded coordinates must
#: fall in: China north of Hainan, Mongolia and the Russian Far East, with a margin
#: around the bundled data (lon 76-134 E, lat 18-54 N). Kept here, not in settings,
#: because it is a property of the study, not a tuning knob.
REGION_BOUNDS: tuple[float, float, float, float] = (70.0, 15.0, 140.0, 56.0)
MAX_NAME_LENGTH = 80
#: Most rows (places) or features (corridors) one upload may hold.
MAX_ROWS = 10_000
PLACE_FORMATS: tuple[str, ...] = (".csv", ".xlsx", ".geojson", ".json")
CORRIDOR_FORMATS: tuple[str, ...] = (".geojson", ".json", ".kml")

#: Field -> accepted column names (matched after NFKC, without spaces, case-folded).
PLACE_FIELDS: Mapping[str, tuple[str, ...]] = {
    "name_zh": ("name_zh", "名称", "中文名", "城市", "name", "名字"),
    "name_en": ("name_en", "英文名", "english"),
    "lon": ("lon", "经度", "lng", "longitude", "x"),
    "lat": ("lat", "纬度", "latitude", "y"),
    "population": ("population", "人口", "常住人口"),
    "gdp_100m_cny": ("gdp_100m_cny", "gdp", "GDP(亿元)", "地区生产总值", "地区生产总值(亿元)"),
    "year": ("year", "年份"),
    "population_year": ("population_year",),
    "gdp_year": ("gdp_year",),
}
#: Columns of a masses upload: figures for bundled cities, keyed by the place's name or id.
MASS_FIELDS: Mapping[str, tuple[str, ...]] = {
    "name_zh": ("name_zh", "名称", "中文名", "城市", "name", "名字", "地点", "place", "id"),
    "population": PLACE_FIELDS["population"],
    "gdp_100m_cny": PLACE_FIELDS["gdp_100m_cny"],
    "year": PLACE_FIELDS["year"],
    "population_year": PLACE_FIELDS["population_year"],
    "gdp_year": PLACE_FIELDS["gdp_year"],
}
MASS_FORMATS: tuple[str, ...] = (".csv", ".xlsx")
CORRIDOR_FIELDS: Mapping[str, tuple[str, ...]] = {
    "name_zh": ("name_zh", "name", "名称", "中文名", "名字"),
    "name_en": ("name_en", "英文名", "english"),
    "mode": ("mode", "方式", "交通方式"),
}
#: Accepted spelling (case-folded) -> corridor mode.
MODES: Mapping[str, str] = {
    "rail": "rail",
    "railway": "rail",
    "铁路": "rail",
    "road": "road",
    "公路": "road",
}
#: Numeric field -> what its cells should hold, for error messages.
EXPECTED: Mapping[str, str] = {
    "lon": "a longitude in degrees",
    "lat": "a latitude in degrees",
    "population": "a population (persons)",
    "gdp_100m_cny": "a GDP in 100 million CNY (亿元)",
    "year": "a year such as 2022",
    "population_year": "a year such as 2022",
    "gdp_year": "a year such as 2022",
}
#: Earliest and latest year a ``year`` cell may hold.
YEARS = (1800, 2100)
