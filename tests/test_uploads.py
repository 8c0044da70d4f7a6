"""Tests of corridormap.uploads: real CSV, XLSX, GeoJSON and KML bytes, no mocks."""

from __future__ import annotations

import csv
import io
import json
import math
import string
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

import geopandas as gpd
import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from pypinyin import lazy_pinyin

from corridormap import places, settings, uploads
from corridormap.errors import CorridormapError, UploadError
from corridormap.uploads import REGION_BOUNDS, read_corridor, read_places
from tests.test_cli import run

CITIES = (
    "名称,英文名,经度,纬度,人口,GDP(亿元),年份\n"
    "测试市,Test City,111.5,41.25,1234567,2345.6,2022\n"
    "样例镇,,112,42,,,\n"
)


def xlsx_bytes(sheets: dict[str, list[list[object]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def feature_collection(*features: dict[str, object]) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def point(lon: float, lat: float, /, **props: object) -> dict[str, object]:
    geometry = {"type": "Point", "coordinates": [lon, lat]}
    return {"type": "Feature", "geometry": geometry, "properties": props}


def line(coords: list[list[float]], **props: object) -> dict[str, object]:
    geometry = {"type": "LineString", "coordinates": coords}
    return {"type": "Feature", "geometry": geometry, "properties": props}


def upload_error(
    content: bytes, filename: str, reader: Callable[..., object] = read_places, **kw: object
) -> UploadError:
    with pytest.raises(UploadError) as info:
        reader(content, filename, **kw)
    assert isinstance(info.value, CorridormapError)
    assert isinstance(info.value, ValueError)
    return info.value


# --- CSV --------------------------------------------------------------------------------


def test_csv_values_ids_and_columns() -> None:
    gdf = read_places(CITIES.encode(), "cities.csv")
    assert list(gdf.index) == ["user_1", "user_2"]
    assert gdf.index.name == "id"
    assert gdf.crs.to_epsg() == 4326
    assert list(gdf["name_zh"]) == ["测试市", "样例镇"]
    assert list(gdf["name_en"]) == ["Test City", "Yanglizhen"]
    assert [g.coords[0] for g in gdf.geometry] == [(111.5, 41.25), (112.0, 42.0)]
    first = gdf.loc["user_1"]
    assert first["population"] == 1234567.0
    assert first["gdp_100m_cny"] == pytest.approx(2345.6)
    assert first["population_year"] == 2022.0
    assert first["gdp_year"] == 2022.0
    second = gdf.loc["user_2"]
    for column in ("population", "population_year", "gdp_100m_cny", "gdp_year"):
        assert math.isnan(second[column])
    assert set(gdf["kind"]) == {"city"}
    assert set(gdf["city_kind"]) == {"user"}
    assert set(gdf["alt_names"]) == {""}
    assert set(gdf["source"]) == {"upload: cities.csv"}


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_csv_bom_and_gb18030_read_like_utf8(encoding: str) -> None:
    content = CITIES.encode(encoding)
    if encoding == "gb18030":
        with pytest.raises(UnicodeDecodeError):
            content.decode("utf-8")
    else:
        assert content.startswith(b"\xef\xbb\xbf")
    expected = read_places(CITIES.encode(), "cities.csv")
    got = read_places(content, "cities.csv")
    assert got.equals(expected)
    assert list(got["name_zh"]) == ["测试市", "样例镇"]


@pytest.mark.parametrize("sep", ["\t", ";"])
def test_tab_and_semicolon_separators(sep: str) -> None:
    text = f"名称{sep}经度{sep}纬度{sep}人口\n测试市{sep}111.5{sep}41.25{sep}1,234,567\n"
    gdf = read_places(text.encode(), "cities.csv")
    assert gdf.geometry.iloc[0].coords[0] == (111.5, 41.25)
    assert gdf["population"].iloc[0] == 1234567.0


def test_english_aliases_case_and_spaces_in_headers() -> None:
    text = (
        " Name ,LONGITUDE,Latitude, GDP（亿元） ,常住人口,Population_Year,GDP_year,Notes\n"
        "Testville,100.25,30.5,12.5,5000,2019,2020,anything\n"
    )
    gdf = read_places(text.encode(), "Cities.CSV")
    row = gdf.iloc[0]
    assert (row["name_zh"], row["name_en"]) == ("Testville", "Testville")
    assert row.geometry.coords[0] == (100.25, 30.5)
    assert (row["gdp_100m_cny"], row["gdp_year"]) == (12.5, 2020.0)
    assert (row["population"], row["population_year"]) == (5000.0, 2019.0)
    assert "Notes" not in gdf.columns


def test_ports_get_port_columns() -> None:
    text = "name,lon,lat\n测试口岸,111.0,44.0\n"
    gdf = read_places(text.encode(), "ports.csv", kind="port")
    row = gdf.iloc[0]
    assert (row["kind"], row["port_type"], row["faces"]) == ("port", "road", "none")
    assert row["name_en"] == "Ceshikouan"
    assert "city_kind" not in gdf.columns


def test_blank_lines_keep_spreadsheet_row_numbers() -> None:
    text = "名称,经度,纬度\n测试市,111,41\n\n样例镇,abc,41\n"
    err = upload_error(text.encode(), "cities.csv")
    assert err.row == 4


def test_ids_skip_builtin_ids(tiny_geodata: Path) -> None:
    cities = gpd.read_file(tiny_geodata / "cities.geojson")
    cities.loc[cities["id"] == "ce", "id"] = "user_1"
    cities.to_file(tiny_geodata / "cities.geojson", driver="GeoJSON")
    assert "user_1" in places.gazetteer().places  # first load of this folder: no stale cache
    gdf = read_places("name,lon,lat\n甲乙,111,41\n丙丁,111,42\n".encode(), "cities.csv")
    assert list(gdf.index) == ["user_2", "user_3"]


def test_id_prefix_names_place_ids_and_still_skips_builtin_ids(tiny_geodata: Path) -> None:
    cities = gpd.read_file(tiny_geodata / "cities.geojson")
    cities.loc[cities["id"] == "ce", "id"] = "survey_2024_1"
    cities.to_file(tiny_geodata / "cities.geojson", driver="GeoJSON")
    content = "name,lon,lat\n甲乙,111,41\n丙丁,111,42\n".encode()
    gdf = read_places(content, "cities.csv", id_prefix="survey_2024")
    assert list(gdf.index) == ["survey_2024_2", "survey_2024_3"]
    assert gdf.index.name == "id"
    longest = read_places(content, "cities.csv", id_prefix="x" * 40)
    assert list(longest.index) == ["x" * 40 + "_1", "x" * 40 + "_2"]


BAD_PREFIXES = ["", "User", "user-1", "a b", "user\n", "städte", "城市", "x" * 41, None, 5]


@pytest.mark.parametrize("prefix", BAD_PREFIXES)
@pytest.mark.parametrize("reader", [read_places, read_corridor])
def test_bad_id_prefix_is_a_value_error_not_an_upload_error(
    reader: Callable[..., object], prefix: object
) -> None:
    # checked before the file: even unreadable bytes give the argument error
    with pytest.raises(ValueError, match="id_prefix must be 1 to 40 lowercase ASCII") as info:
        reader(b"\xff\x00 not a file", "cities.csv", id_prefix=prefix)
    assert not isinstance(info.value, UploadError)
    assert repr(prefix)[:20] in str(info.value)


# --- XLSX -------------------------------------------------------------------------------


def test_xlsx_picks_the_sheet_with_a_name_column() -> None:
    content = xlsx_bytes(
        {
            "说明": [["本表列出规划城市"], ["数据见下一页"]],
            "数据": [
                ["城市", "经度", "纬度", "人口", "地区生产总值", "年份"],
                ["测试市", 111.5, 41.25, 1234567, 2345.6, 2022],
                [None, None, None, None, None, None],
                ["样例镇", "112", "42", None, None, None],
            ],
        }
    )
    gdf = read_places(content, "cities.xlsx")
    assert list(gdf["name_zh"]) == ["测试市", "样例镇"]
    assert [g.coords[0] for g in gdf.geometry] == [(111.5, 41.25), (112.0, 42.0)]
    assert gdf["population"].iloc[0] == 1234567.0
    assert gdf["gdp_100m_cny"].iloc[0] == 2345.6
    assert gdf["gdp_year"].iloc[0] == 2022.0


def test_xlsx_errors_name_excel_rows() -> None:
    content = xlsx_bytes(
        {
            "Sheet1": [
                ["名称", "经度", "纬度", "人口"],
                ["测试市", 111.5, 41.25, 10],
                [],
                ["样例镇", 112, 42, "很多"],
            ]
        }
    )
    err = upload_error(content, "cities.xlsx")
    assert (err.row, err.column) == (4, "人口")
    assert str(err) == (
        "cities.xlsx, row 4, column '人口': expected a population (persons), got '很多'"
    )


def test_xlsx_cells_far_away_are_ignored() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["name", "lon", "lat"])
    sheet.append(["测试市", 111, 41])
    sheet.cell(row=1_048_576, column=16_384, value="far away")
    out = io.BytesIO()
    book.save(out)
    gdf = read_places(out.getvalue(), "cities.xlsx")
    assert list(gdf["name_zh"]) == ["测试市"]


def test_xlsx_that_is_not_a_zip() -> None:
    err = upload_error(b"name,lon,lat\nx,1,2\n", "cities.xlsx")
    assert "not a zip archive" in str(err)
    err = upload_error(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "cities.xlsx")
    assert "old Excel .xls" in str(err)


def test_zip_that_is_not_a_workbook() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")
    err = upload_error(out.getvalue(), "cities.xlsx")
    assert "cannot be read as an Excel workbook" in str(err)


def test_zip_bomb_total_size_is_refused() -> None:
    out = io.BytesIO()
    chunk = b"\0" * (1 << 20)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            for _ in range(200):
                member.write(chunk)
    content = out.getvalue()
    assert len(content) < settings.get().upload_max_bytes
    err = upload_error(content, "bomb.xlsx")
    assert "unpacks to 209,715,200 bytes" in str(err)
    assert "zip bomb" in str(err)


def test_zip_bomb_ratio_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"\0" * (2 << 20))
    err = upload_error(out.getvalue(), "bomb.xlsx")
    assert "'xl/sharedStrings.xml' is compressed" in str(err)
    assert "limit 100:1" in str(err)


def test_zip_bomb_against_a_smaller_limit() -> None:
    content = xlsx_bytes({"Sheet1": [["name", "lon", "lat"], ["测试市", 111, 41]]})
    with settings.override(upload_max_bytes=len(content)):
        assert len(read_places(content, "ok.xlsx")) == 1
    with settings.override(upload_max_bytes=len(content) // 4 + 1):
        err = upload_error(content, "ok.xlsx")
    assert "more than the limit" in str(err)


# --- GeoJSON places ---------------------------------------------------------------------


def test_geojson_points_take_position_from_geometry() -> None:
    content = feature_collection(
        point(111.5, 41.25, name="测试市", population=1000, year=2020, lon=0, lat=0),
        point(112, 42, 名称="样例镇", english="Sample Town", gdp=None),
    )
    gdf = read_places(content, "cities.geojson")
    assert [g.coords[0] for g in gdf.geometry] == [(111.5, 41.25), (112.0, 42.0)]
    assert list(gdf["name_en"]) == ["Ceshishi", "Sample Town"]
    assert (gdf["population"].iloc[0], gdf["population_year"].iloc[0]) == (1000.0, 2020.0)
    assert math.isnan(gdf["gdp_100m_cny"].iloc[1])


def test_geojson_features_may_use_different_aliases_but_not_two_in_one() -> None:
    content = feature_collection(point(111, 41, name="测试市"), point(112, 42, 名称="样例镇"))
    assert list(read_places(content, "c.geojson")["name_zh"]) == ["测试市", "样例镇"]
    content = feature_collection(
        point(111, 41, name="测试市"), point(112, 42, name="甲", 名称="乙")
    )
    err = upload_error(content, "c.geojson")
    assert (err.feature, err.column) == (2, "name")
    assert "'name' and '名称' both mean name_zh" in str(err)


def test_single_geojson_feature() -> None:
    content = json.dumps(point(111, 41, name="测试市")).encode()
    assert list(read_places(content, "one.json")["name_zh"]) == ["测试市"]


def test_geojson_non_point_names_the_feature() -> None:
    content = feature_collection(
        point(111, 41, name="测试市"), line([[111, 41], [112, 42]], name="样例镇")
    )
    err = upload_error(content, "cities.geojson")
    assert (err.feature, err.row, err.column) == (2, None, "geometry")
    assert str(err) == (
        "cities.geojson, feature 2, column 'geometry': expected a Point geometry, got a LineString"
    )
    nothing = feature_collection({"type": "Feature", "geometry": None, "properties": {"name": "x"}})
    assert "got no geometry" in str(upload_error(nothing, "cities.geojson"))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "not valid JSON"),
        (b'{"a": 1}', "not GeoJSON: expected a FeatureCollection or a Feature, got an object"),
        (b"[1, 2]", "got a JSON array"),
        (b"null", "got a JSON value"),
        (b'{"features": []}', "got an object without a type"),
        (b'{"type": "Point", "coordinates": [111, 41]}', "with type 'Point'"),
        (b'{"type": "FeatureCollection", "features": []}', "has no features"),
        (b"[" * 100_000, "not valid JSON"),
    ],
)
def test_bad_json(content: bytes, message: str) -> None:
    assert message in str(upload_error(content, "cities.geojson"))


# --- errors common to all tables --------------------------------------------------------


def test_text_in_a_coordinate_column_gives_row_and_column() -> None:
    text = "name,lon,lat\n测试市,111,41\n样例镇,112,42\n第三镇,abc,43\n"
    err = upload_error(text.encode(), "cities.csv")
    assert str(err) == "cities.csv, row 4, column 'lon': expected a longitude in degrees, got 'abc'"
    assert (err.filename, err.row, err.column) == ("cities.csv", 4, "lon")
    assert err.expected == "a longitude in degrees"


def test_too_large_is_checked_before_parsing() -> None:
    with settings.override(upload_max_bytes=50):
        err = upload_error(b"\xff" * 51, "cities.csv")
        assert "51 bytes, more than the limit of 50" in str(err)
        err = upload_error(b"{" * 51, "corridor.kml", read_corridor)
        assert "more than the limit of 50" in str(err)


@pytest.mark.parametrize("filename", ["cities.csv", "cities.xlsx", "cities.geojson"])
@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b" \r\n\n "])
def test_empty_file(content: bytes, filename: str) -> None:
    assert str(upload_error(content, filename)) == f"{filename}: the file is empty"


@pytest.mark.parametrize("text", ["名称,经度,纬度\n", "名称,经度,纬度\n,,\n\n , ,\n"])
def test_header_only(text: str) -> None:
    err = upload_error(text.encode(), "cities.csv")
    assert "header but no data rows" in str(err)


def test_undecodable_encoding_lists_what_was_tried() -> None:
    err = upload_error("名称,经度,纬度\n".encode() + b"\xff\xfe\x80,1,2\n", "cities.csv")
    assert "cannot be decoded" in str(err)
    assert "UTF-8, GB18030" in str(err)


def test_missing_column_lists_found_and_accepted_names() -> None:
    err = upload_error("城市名称,经度,纬度\n测试市,111,41\n".encode(), "cities.csv")
    assert "no name column" in str(err)
    assert "found columns '城市名称', '经度', '纬度'" in str(err)
    assert "name_zh: name_zh, 名称, 中文名, 城市, name, 名字" in str(err)
    err = upload_error("名称\n测试市\n".encode(), "cities.csv")
    assert "no lon column; found columns '名称'" in str(err)
    assert "lon: lon, 经度, lng, longitude, x" in str(err)


def test_two_columns_with_one_meaning() -> None:
    err = upload_error("name,名称,lon,lat\n甲,乙,111,41\n".encode(), "cities.csv")
    assert "columns 'name' and '名称' both mean name_zh" in str(err)


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        ("111,41,12万,", "人口", "expected a population (persons), got '12万'"),
        ("111,41,-5,", "人口", "got a negative number -5"),
        ("111,41,,-0.5", "GDP", "got a negative number -0.5"),
        ("150,41,,", "经度", "expected a longitude between 70 and 140 (the study region), got 150"),
        ("111,10,,", "纬度", "expected a latitude between 15 and 56 (the study region), got 10"),
        ("41,111,,", "经度", "longitude and latitude look swapped (longitude 41, latitude 111)"),
        ("nan,41,,", "经度", "got 'nan', not a finite number"),
        ("111,inf,,", "纬度", "got 'inf', not a finite number"),
        ("111,1e999,,", "纬度", "got '1e999', not a finite number"),
        ("111,41,NaN,", "人口", "got 'NaN', not a finite number"),
        (",41,,", "经度", "expected a longitude in degrees, got an empty cell"),
        ("111,41,1e3,x", "GDP", "expected a GDP in 100 million CNY (亿元), got 'x'"),
    ],
)
def test_bad_numbers(cells: str, column: str, message: str) -> None:
    text = f"名称,经度,纬度,人口,GDP\n测试市,111,41,,\n样例镇,{cells}\n"
    err = upload_error(text.encode(), "cities.csv")
    assert (err.row, err.column) == (3, column)
    assert message in str(err)


@pytest.mark.parametrize("year", ["2022.5", "22", "二〇二二"])
def test_bad_year(year: str) -> None:
    text = f"名称,经度,纬度,人口,年份\n测试市,111,41,100,{year}\n"
    err = upload_error(text.encode(), "cities.csv")
    assert (err.row, err.column, err.expected) == (2, "年份", "a year such as 2022")


def test_duplicate_names_in_the_file() -> None:
    text = "name,name_en,lon,lat\n测试市,Test,111,41\n样例镇,Sample,112,42\n测试 市,Other,113,43\n"
    err = upload_error(text.encode(), "cities.csv")
    assert (err.row, err.column) == (4, "name")
    assert "already used in row 2" in str(err)
    text = "name,lon,lat\nTest Town,111,41\ntest-town,112,42\n"
    assert "already used in row 2" in str(upload_error(text.encode(), "cities.csv"))


@pytest.mark.parametrize(
    ("name", "column", "builtin"),
    [
        ("名称,经度,纬度\n呼和浩特,111,41\n", "名称", "呼和浩特 Hohhot (hohhot)"),
        ("名称,英文名,经度,纬度\n新包头,Baotou,110,40\n", "英文名", "包头 Baotou (baotou)"),
        ("名称,经度,纬度\n青城,111,41\n", "名称", "呼和浩特 Hohhot (hohhot)"),
        ("名称,经度,纬度\n宝头,111,41\n", "名称", "包头 Baotou (baotou)"),
    ],
)
def test_names_of_builtin_places_are_refused(name: str, column: str, builtin: str) -> None:
    err = upload_error(name.encode(), "cities.csv")
    assert err.column == column
    assert f"already that of the built-in place {builtin}" in str(err)


def test_latin_names_differing_only_in_digits_are_duplicates() -> None:
    text = "name,lon,lat\nStation 1,111,41\nStation 2,112,42\n"
    err = upload_error(text.encode(), "cities.csv")
    assert err.row == 3
    assert "'Station 1' there is the same name once case, spaces, punctuation" in str(err)


def test_chinese_names_may_share_a_pinyin() -> None:
    text = "名称,经度,纬度\n测试1号,111,41\n测试2号,112,42\n策式,113,43\n测试,114,44\n"
    gdf = read_places(text.encode(), "cities.csv")
    assert list(gdf["name_en"]) == ["Ceshi1hao", "Ceshi2hao", "Ceshi", "Ceshi"]


def test_pinyin_collision_asks_for_an_english_name() -> None:
    err = upload_error("名称,经度,纬度\n宝头,111,41\n".encode(), "cities.csv")
    assert "'Baotou' (the pinyin of '宝头')" in str(err)
    assert "add an English name" in str(err)
    gdf = read_places("名称,英文名,经度,纬度\n宝头,Baotou East,111,41\n".encode(), "c.csv")
    assert gdf["name_en"].iloc[0] == "Baotou East"


def test_builtin_names_come_from_the_current_geodata(tiny_geodata: Path) -> None:
    err = upload_error("名称,经度,纬度\n丙城,111,41\n".encode(), "cities.csv")
    assert "built-in place 丙城 Bing City (cc)" in str(err)
    gdf = read_places("名称,经度,纬度\n呼和浩特,111.6,40.8\n".encode(), "cities.csv")
    assert gdf["name_en"].iloc[0] == "Huhehaote"


def test_hostile_names_are_data_but_cleaned() -> None:
    script = '<script>alert("x")</script>'
    rows = [
        [script, 111, 41],
        ['O\'Brien "Q"', 112, 42],
        ["\u202e测\u200b试\u2066镇\ufeff\u0007", 113, 43],
        ["  多 \t  空格  ", 114, 44],
    ]
    out = io.StringIO()
    csv.writer(out).writerows([["name", "lon", "lat"], *rows])
    gdf = read_places(out.getvalue().encode(), "cities.csv")
    assert list(gdf["name_zh"]) == [script, 'O\'Brien "Q"', "测试镇", "多 空格"]


def test_very_long_name_is_refused_with_a_short_message() -> None:
    text = "name,lon,lat\n" + "长" * 10_000 + ",111,41\n"
    err = upload_error(text.encode(), "cities.csv")
    assert "at most 80 characters, this one has 10,000" in str(err)
    assert len(str(err)) < 200
    assert len(read_places(("name,lon,lat\n" + "长" * 80 + ",111,41\n").encode(), "c.csv")) == 1


def test_name_without_letters_and_missing_name() -> None:
    err = upload_error(b"name,lon,lat\n---,111,41\n", "cities.csv")
    assert "has no letters or digits" in str(err)
    err = upload_error(b"name,name_en,lon,lat\n,,111,41\n", "cities.csv")
    assert (err.row, err.column) == (2, "name")
    assert "a name is required" in str(err)


def test_malformed_csv_rows() -> None:
    err = upload_error("名称,经度,纬度\n测试市,111,41,多余\n".encode(), "cities.csv")
    assert err.row == 2
    assert "this row has 4 cells but the header has 3" in str(err)
    err = upload_error('名称,经度,纬度\n"测试市,111,41\n'.encode(), "cities.csv")
    assert err.row == 2
    assert "never closed" in str(err)


def test_row_and_feature_limits() -> None:
    text = "name,lon,lat\n" + "".join(f"虚拟{i},111,41\n" for i in range(uploads.MAX_ROWS + 1))
    err = upload_error(text.encode(), "cities.csv")
    assert "more than 10,000 data rows; split it" in str(err)
    features = [point(111, 41, name=f"虚拟{i}") for i in range(uploads.MAX_ROWS + 1)]
    err = upload_error(feature_collection(*features), "cities.geojson")
    assert "more than 10,000 features" in str(err)


def test_unsupported_type_and_kind() -> None:
    err = upload_error(b"x", "cities.txt")
    assert "unsupported file type '.txt'; upload one of .csv, .xlsx, .geojson, .json" in str(err)
    assert "upload one of .geojson, .json, .kml" in str(upload_error(b"x", "a.csv", read_corridor))
    err = upload_error(CITIES.encode(), "cities.csv", kind="airport")
    assert "kind must be 'city' or 'port'" in str(err)


# --- corridors --------------------------------------------------------------------------


def test_geojson_corridor_values() -> None:
    multi = {
        "type": "Feature",
        "geometry": {
            "type": "MultiLineString",
            "coordinates": [[[110, 40], [111, 41]], [[111, 41], [112, 41.5]]],
        },
        "properties": {"name": "Test Road", "mode": "公路"},
    }
    content = feature_collection(
        line([[111.0, 41.0, 1000.0], [111.5, 42.0], [112.0, 43.0]], 名称="测试铁路", mode="铁路"),
        multi,
    )
    gdf = read_corridor(content, "plan.geojson")
    assert list(gdf.index) == ["user_corridor_1", "user_corridor_2"]
    assert list(gdf["name_zh"]) == ["测试铁路", "Test Road"]
    assert list(gdf["name_en"]) == ["Ceshitielu", "Test Road"]
    assert list(gdf["mode"]) == ["rail", "road"]
    assert set(gdf["status"]) == {"planned"}
    assert set(gdf["source"]) == {"upload: plan.geojson"}
    assert gdf.crs.to_epsg() == 4326
    assert list(gdf.geometry.iloc[0].coords) == [(111.0, 41.0), (111.5, 42.0), (112.0, 43.0)]
    assert gdf.geometry.iloc[1].geom_type == "MultiLineString"
    assert len(gdf.geometry.iloc[1].geoms) == 2


def test_corridor_id_prefix() -> None:
    content = feature_collection(line([[111, 41], [112, 42]], name="测试铁路", mode="rail"))
    gdf = read_corridor(content, "plan.geojson", id_prefix="plan_2030")
    assert list(gdf.index) == ["plan_2030_1"]
    assert gdf.index.name == "id"


def test_corridor_mode_argument_is_the_default() -> None:
    content = feature_collection(
        line([[111, 41], [112, 42]], name="甲线"),
        line([[111, 42], [112, 43]], name="乙线", mode="Road"),
    )
    assert list(read_corridor(content, "p.geojson", mode="铁路")["mode"]) == ["rail", "road"]
    err = upload_error(content, "p.geojson", read_corridor)
    assert (err.feature, err.column) == (1, "mode")
    assert "no mode" in str(err)
    err = upload_error(content, "p.geojson", read_corridor, mode="ship")
    assert "mode must be 'rail' or 'road', got 'ship'" in str(err)
    bad = feature_collection(line([[111, 41], [112, 42]], name="甲线", mode="ship"))
    assert "expected rail or road (铁路/公路), got 'ship'" in str(
        upload_error(bad, "p.geojson", read_corridor)
    )


def test_corridor_name_is_required() -> None:
    content = feature_collection(line([[111, 41], [112, 42]], mode="rail"))
    err = upload_error(content, "p.geojson", read_corridor)
    assert "no name column; found properties 'mode'" in str(err)
    content = feature_collection(
        line([[111, 41], [112, 42]], name="甲线", mode="rail"),
        line([[111, 42], [112, 43]], name=None, mode="rail"),
    )
    err = upload_error(content, "p.geojson", read_corridor)
    assert (err.feature, err.column) == (2, "name")
    assert "a name is required" in str(err)


@pytest.mark.parametrize(
    ("coords", "message"),
    [
        ([[111, 41], [111, 41]], "needs at least 2 distinct points, has 1"),
        ([[111, 41]], "needs at least 2 distinct points, has 1"),
        ([[111, 41], [112, 42], [112, 41], [111, 42]], "crosses or overlaps itself"),
        ([[111, 41], [150, 42]], "expected a longitude between 70 and 140"),
        ([[111, 41], [42, 112]], "look swapped"),
        ([[111, 41], ["112", 42]], "list of [longitude, latitude] pairs"),
        ([111, 41], "list of [longitude, latitude] pairs"),
    ],
)
def test_bad_corridor_lines(coords: list[object], message: str) -> None:
    content = feature_collection(
        line([[110, 40], [111, 40]], name="好线", mode="rail"),
        {"type": "Feature", "geometry": {"type": "LineString", "coordinates": coords},
         "properties": {"name": "坏线", "mode": "rail"}},
    )  # fmt: skip
    err = upload_error(content, "p.geojson", read_corridor)
    assert (err.feature, err.column) == (2, "geometry")
    assert message in str(err)
    if "distinct" in message or "crosses" in message:
        assert "'坏线'" in str(err)


def test_corridor_point_geometry_and_duplicates() -> None:
    content = feature_collection(point(111, 41, name="甲线", mode="rail"))
    err = upload_error(content, "p.geojson", read_corridor)
    assert "expected a LineString or MultiLineString geometry, got a Point" in str(err)
    assert err.feature == 1
    content = feature_collection(
        line([[111, 41], [112, 42]], name="甲线", mode="rail"),
        line([[111, 42], [112, 43]], name="甲线", mode="road"),
    )
    err = upload_error(content, "p.geojson", read_corridor)
    assert err.feature == 2
    assert "already used in feature 1" in str(err)


def test_corridor_named_like_a_builtin_corridor() -> None:
    content = feature_collection(line([[111, 41], [112, 42]], name="京包线", mode="rail"))
    err = upload_error(content, "p.geojson", read_corridor)
    assert "built-in corridor 京包线 Beijing–Baotou Railway (rail_jingbao)" in str(err)


KML = """<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2">
<Document>
  <name>规划通道.kml</name>
  <Style id="line"><LineStyle><color>ff0000ff</color><width>4</width></LineStyle></Style>
  <Folder>
    <name>规划</name>
    <Placemark>
      <name>起点</name>
      <Point><coordinates>111.0,41.0,0</coordinates></Point>
    </Placemark>
    <Placemark>
      <name>测试铁路</name>
      <description><![CDATA[<b>规划</b> 2030 年]]></description>
      <styleUrl>#line</styleUrl>
      <ExtendedData><Data name="mode"><value>铁路</value></Data></ExtendedData>
      <LineString><tessellate>1</tessellate>
        <coordinates>
          111.0,41.0,0 111.5,41.5,0
          112.0,42.0,0
        </coordinates>
      </LineString>
    </Placemark>
    <Folder><name>公路</name>
      <Placemark>
        <name>Test Road</name>
        <MultiGeometry>
          <LineString><coordinates>110,40 110.5,40.5</coordinates></LineString>
          <LineString><coordinates>110.5,40.5 111,40.2</coordinates></LineString>
        </MultiGeometry>
      </Placemark>
    </Folder>
  </Folder>
</Document>
</kml>
"""


def test_google_earth_kml() -> None:
    gdf = read_corridor(KML.encode(), "plan.kml", mode="road")
    assert list(gdf["name_zh"]) == ["测试铁路", "Test Road"]
    assert list(gdf["mode"]) == ["rail", "road"]
    assert list(gdf.geometry.iloc[0].coords) == [(111.0, 41.0), (111.5, 41.5), (112.0, 42.0)]
    assert gdf.geometry.iloc[1].geom_type == "MultiLineString"
    assert set(gdf["source"]) == {"upload: plan.kml"}


def test_kml_without_namespace_and_in_gbk() -> None:
    text = (
        '<?xml version="1.0" encoding="GBK"?><kml><Placemark><name>测试公路</name>'
        "<ExtendedData><Data name='mode'><value>公路</value></Data></ExtendedData>"
        "<LineString><coordinates>111,41 111.2, 41.3</coordinates></LineString></Placemark></kml>"
    )
    gdf = read_corridor(text.encode("gbk"), "plan.kml")
    assert list(gdf["name_zh"]) == ["测试公路"]
    assert list(gdf.geometry.iloc[0].coords) == [(111.0, 41.0), (111.2, 41.3)]


def test_kml_errors_name_the_placemark() -> None:
    bad = KML.replace("111.5,41.5,0", "111.5;41.5")
    err = upload_error(bad.encode(), "plan.kml", read_corridor, mode="rail")
    assert (err.feature, err.column) == (2, "coordinates")
    assert "'longitude,latitude[,altitude]'" in str(err)
    crossing = KML.replace("110.5,40.5 111,40.2", "110.5,40.5 110.5,40 110.1,40.3 110.9,40.3")
    err = upload_error(crossing.encode(), "plan.kml", read_corridor, mode="rail")
    assert err.feature == 3
    assert "'Test Road' crosses or overlaps itself" in str(err)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<kml><Placemark>", "not valid KML/XML"),
        (b"\x00\x01 garbage", "not valid KML/XML"),
        (b"<svg></svg>", "the root element is 'svg'"),
        (b"<kml><Placemark><Point><coordinates>1,2</coordinates></Point></Placemark></kml>",
         "the KML has no LineString"),
        (b'<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
         b"<kml><Placemark><name>&b;</name></Placemark></kml>", "EntitiesForbidden"),
        (b'<?xml version="1.0" encoding="no-such-codec"?><kml/>', "not valid KML/XML"),
    ],
)  # fmt: skip
def test_bad_kml(content: bytes, message: str) -> None:
    assert message in str(upload_error(content, "plan.kml", read_corridor, mode="rail"))


# --- properties -------------------------------------------------------------------------

FILENAMES = ["a.csv", "a.xlsx", "a.geojson", "a.json", "a.kml", "A.CSV"]


def _check_result_or_error(
    reader: Callable[..., gpd.GeoDataFrame], content: bytes, name: str
) -> None:
    try:
        gdf = reader(content, name)
    except UploadError as err:
        assert str(err).startswith(name)
        assert err.filename == name
        return
    assert isinstance(gdf, gpd.GeoDataFrame)
    assert gdf.crs.to_epsg() == 4326
    assert gdf.index.is_unique
    assert len(gdf) > 0
    west, south, east, north = REGION_BOUNDS
    minx, miny, maxx, maxy = gdf.total_bounds
    assert west <= minx <= maxx <= east
    assert south <= miny <= maxy <= north
    assert all(0 < len(n) <= uploads.MAX_NAME_LENGTH for n in gdf["name_zh"])


_JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=12,
)
# Cells and names that reach the row checks: good, hostile, out of range and malformed.
_NAME = st.sampled_from(
    ["测试市", "样例镇", "呼和浩特", "Baotou", "", " ", "<b>x</b>", "---", "\u202e甲"]
) | st.text(max_size=90)
_CELL = _NAME | st.sampled_from(
    ["111", "41", "41.5", "-1", "1e999", "nan", "12万", "1,234", "2022", "22", "150", "10"]
)
_NUMBER = st.integers(-10, 10**12) | st.floats() | st.sampled_from([111, 41, 2022])
_POSITION = st.tuples(st.floats(70, 140), st.floats(15, 56)).map(list) | st.lists(
    st.floats(60, 150) | st.integers(10, 60) | st.just("1"), min_size=1, max_size=3
)
_GEOMETRY = st.one_of(
    st.builds(lambda c: {"type": "Point", "coordinates": c}, _POSITION),
    st.builds(lambda c: {"type": "LineString", "coordinates": c}, st.lists(_POSITION, max_size=5)),
    st.builds(
        lambda c: {"type": "MultiLineString", "coordinates": c},
        st.lists(st.lists(_POSITION, max_size=4), max_size=3),
    ),
    st.fixed_dictionaries({"type": st.sampled_from(["Polygon", 3]), "coordinates": _JSON_VALUE}),
    st.none(),
)
_PROPS = st.fixed_dictionaries(
    {},
    optional={
        "name": _NAME | _JSON_VALUE,
        "名称": _NAME,
        "name_en": _NAME,
        "mode": st.sampled_from(["rail", "公路", "ship", "", None, 1]),
        "population": _NUMBER | _CELL,
        "year": _NUMBER,
        "gdp": _NUMBER | st.none(),
    },
)
_FEATURE = st.fixed_dictionaries(
    {"type": st.just("Feature"), "geometry": _GEOMETRY, "properties": _PROPS | st.none()}
)
_GEOJSON = st.one_of(
    st.lists(_FEATURE, max_size=4).map(lambda fs: {"type": "FeatureCollection", "features": fs}),
    _FEATURE,
    _JSON_VALUE,
).map(lambda doc: json.dumps(doc).encode())
_PLACEMARK = st.builds(
    lambda name, mode, coords: (
        f"<Placemark><name>{name}</name>"
        f"<ExtendedData><Data name='mode'><value>{mode}</value></Data></ExtendedData>"
        f"<LineString><coordinates>{coords}</coordinates></LineString></Placemark>"
    ),
    _NAME.map(xml_escape) | st.sampled_from(["<b>", "&amp;", "&x;"]),
    st.sampled_from(["rail", "铁路", "boat", ""]),
    st.lists(
        st.tuples(st.floats(60, 150), st.floats(10, 60)).map(lambda p: f"{p[0]},{p[1]}"),
        max_size=5,
    ).map(" ".join)
    | st.text(",. 0123456789;\n", max_size=30),
)
_KML = st.lists(_PLACEMARK, max_size=3).map(
    lambda marks: (
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Folder>'
        + "".join(marks)
        + "</Folder></Document></kml>"
    ).encode()
)
_ALIASES = {
    "name_zh": ["名称", "中文名", "城市", "name", "名字", "NAME_ZH"],
    "name_en": ["英文名", "english", "name_en"],
    "lon": ["经度", "lng", "longitude", "x", "LON"],
    "lat": ["纬度", "latitude", "y", "lat"],
    "population": ["人口", "常住人口", "population"],
    "gdp": ["gdp", "GDP(亿元)", "地区生产总值", "gdp_100m_cny"],
    "year": ["年份", "year"],
    "population_year": ["population_year"],
    "gdp_year": ["gdp_year"],
    "other": ["备注", "notes"],
}
_FIELD_CELLS = {
    "lon": st.floats(60, 150).map(str) | _CELL,
    "lat": st.floats(10, 60).map(str) | _CELL,
    "name_zh": _NAME | st.text("测试甲乙丙丁市镇", min_size=1, max_size=4),
    "name_en": _NAME | st.just(""),
}


@st.composite
def _tables(draw: st.DrawFn) -> tuple[bytes, str]:
    """Return a CSV or XLSX table that has most, not always all, of the needed columns."""
    extra = ["name_en", "population", "gdp", "year", "population_year", "gdp_year", "other"]
    fields = ["name_zh", "lon", "lat", *draw(st.lists(st.sampled_from(extra), unique=True))]
    fields = draw(st.permutations(fields[: -1 if draw(st.integers(0, 9)) == 0 else None]))
    header = [draw(st.sampled_from(_ALIASES[f])) for f in fields]
    cells = [_FIELD_CELLS.get(f, _CELL) for f in fields]
    rows = draw(st.lists(st.tuples(*cells).map(list), min_size=1, max_size=4))
    if draw(st.booleans()):  # a worksheet cannot hold control characters
        rows = [[ILLEGAL_CHARACTERS_RE.sub("", c) for c in row] for row in rows]
        return xlsx_bytes({"Sheet1": [header, *rows]}), "t.xlsx"
    out = io.StringIO()
    csv.writer(out, delimiter=draw(st.sampled_from([",", "\t", ";"]))).writerows([header, *rows])
    return out.getvalue().encode(draw(st.sampled_from(["utf-8", "gb18030"]))), "t.csv"


@hsettings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    content=st.binary(max_size=3000) | st.text(max_size=300).map(str.encode),
    name=st.sampled_from(FILENAMES),
    corridor=st.booleans(),
)
def test_any_bytes_give_an_upload_error_or_a_valid_frame(
    content: bytes, name: str, corridor: bool
) -> None:
    _check_result_or_error(read_corridor if corridor else read_places, content, name)


@hsettings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=_GEOJSON | _KML, corridor=st.booleans())
def test_any_geojson_or_kml_gives_an_upload_error_or_a_valid_frame(
    content: bytes, corridor: bool
) -> None:
    kml = content.startswith(b"<kml")
    name = "a.kml" if kml else "a.geojson"
    _check_result_or_error(read_corridor if corridor or kml else read_places, content, name)


@hsettings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=_tables())
def test_any_table_gives_an_upload_error_or_a_valid_frame(table: tuple[bytes, str]) -> None:
    _check_result_or_error(read_places, *table)


# Characters whose pinyin syllables are distinct and make no built-in name.
_SAFE_ZH = "犇淼焱垚鑫磊晶森品众"
_ROW = st.fixed_dictionaries(
    {
        "name_zh": st.text(alphabet=_SAFE_ZH, min_size=1, max_size=4).map(lambda s: "虚拟" + s),
        "name_en": st.one_of(st.just(""), st.text(string.ascii_letters, min_size=3, max_size=10).map(lambda s: "Qz" + s)),
        # Excel keeps 15 significant digits: coordinates to 6 decimals (about 0.1 m)
        "lon": st.floats(REGION_BOUNDS[0], REGION_BOUNDS[2]).map(lambda x: round(x, 6)),
        "lat": st.floats(REGION_BOUNDS[1], REGION_BOUNDS[3]).map(lambda x: round(x, 6)),
        "population": st.none() | st.integers(0, 10**9),
        "gdp": st.none() | st.floats(0, 1e6).map(lambda x: round(x, 2)),
        "year": st.none() | st.integers(1950, 2030),
    }
)  # fmt: skip


def _pinyin_key(row: dict[str, object]) -> str:
    return "".join(lazy_pinyin(str(row["name_zh"])))


_TABLES = st.lists(_ROW, min_size=1, max_size=8, unique_by=(_pinyin_key, lambda r: str(r["name_en"]).lower() or object()))  # fmt: skip
_HEADER = ["名称", "英文名", "经度", "纬度", "人口", "GDP(亿元)", "年份"]
_KEYS = ["name_zh", "name_en", "lon", "lat", "population", "gdp", "year"]


def _csv(rows: list[dict[str, object]], encoding: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(_HEADER)
    writer.writerows([["" if r[k] is None else r[k] for k in _KEYS] for r in rows])
    return out.getvalue().encode(encoding)


def _xlsx(rows: list[dict[str, object]]) -> bytes:
    return xlsx_bytes(
        {"Sheet1": [_HEADER, *[[r[k] if r[k] != "" else None for k in _KEYS] for r in rows]]}
    )


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=_TABLES, how=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "xlsx"]))
def test_valid_tables_round_trip(rows: list[dict[str, object]], how: str) -> None:
    if how == "xlsx":
        gdf = read_places(_xlsx(rows), "t.xlsx")
    else:
        gdf = read_places(_csv(rows, how), "t.csv")
    assert len(gdf) == len(rows)
    for (_, got), want in zip(gdf.iterrows(), rows, strict=True):
        assert got["name_zh"] == want["name_zh"]
        assert got["name_en"] == (want["name_en"] or _pinyin_key(want).capitalize())
        assert got.geometry.coords[0] == (want["lon"], want["lat"])
        for column, key, year in (
            ("population", "population", "population_year"),
            ("gdp_100m_cny", "gdp", "gdp_year"),
        ):
            if want[key] is None:
                assert math.isnan(got[column])
                assert math.isnan(got[year])
            else:
                assert got[column] == want[key]
                assert math.isnan(got[year]) if want["year"] is None else got[year] == want["year"]


# --- population and GDP for bundled cities ---------------------------------------------------


def test_masses_upload_resolves_names_and_keeps_each_figures_year() -> None:
    text = "城市,人口,population_year,GDP,gdp_year\n兴安盟,1404000,2023,720.5,2023\nLanzhou,,,3487.3,2023\n"
    table = uploads.read_masses(text.encode(), "m.csv")
    assert list(table.index) == ["hinggan", "lanzhou"]
    assert table.loc["hinggan", ["population", "population_year"]].tolist() == [1404000, 2023]
    assert math.isnan(table.loc["lanzhou", "population"])
    assert table.loc["lanzhou", "gdp_year"] == 2023
    assert set(table["source"]) == {"upload: m.csv"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("城市,人口\n呼和浩特,3600000\n", "without its year"),
        ("城市,人口,年份\n策克口岸,1,2023\n", "host league's figures"),
        ("城市,人口,年份\n呼和浩特,1,2023\nhohhot,2,2023\n", "repeats"),
        ("城市,人口,年份\n呼和浩特特,1,2023\n", "did you mean"),
        ("城市,年份\n呼和浩特,2023\n", "neither a population nor a GDP"),
    ],
)
def test_masses_upload_refuses_with_the_row(text: str, message: str) -> None:
    with pytest.raises(UploadError, match=message) as err:
        uploads.read_masses(text.encode(), "m.csv")
    assert err.value.row is not None


def test_cli_masses_fill_a_missing_gdp_for_the_run_only(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text("城市,GDP,年份\n兰州,3487.3,2023\n", encoding="utf-8")
    args = ("gravity", "--mode", "road", "--mass", "gdp")
    before = pd.read_csv(io.StringIO(run(*args).stdout)).set_index(["city", "port"])
    after = pd.read_csv(io.StringIO(run(*args, "--masses", str(path)).stdout)).set_index(
        ["city", "port"]
    )
    assert before.loc[("lanzhou", "erenhot_road"), "status"] == "no_mass"
    assert after.loc[("lanzhou", "erenhot_road"), "status"] == "ok"
    assert int(after.loc[("lanzhou", "erenhot_road"), "city_mass_year"]) == 2023


def test_a_formula_without_a_saved_result_is_named_as_such_not_as_an_empty_cell() -> None:
    # openpyxl writes formulas without a cached result, as scripts and some converters do
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["名称", "经度", "纬度", "人口"])
    sheet.append(["公式城", 111.0, 41.0, "=B2*1000"])
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(UploadError, match=r"holds the formula '=B2\*1000'") as err:
        uploads.read_places(buffer.getvalue(), "f.xlsx")
    assert "empty cell" not in str(err.value)
    assert (err.value.row, err.value.column) == (2, "人口")
