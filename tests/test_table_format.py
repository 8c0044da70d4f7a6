"""People's tables: words not codes, blanks not None/nan, rounding, units, XLSX formats."""

from __future__ import annotations

import io
import re

import numpy as np
import openpyxl
import pandas as pd
import pytest
from pandas.io.formats.style import Styler

from corridormap import report, routing, table_format, tables
from corridormap.analysis.scenario import analysis_tables

#: Codes and raw values a reader must never see in a table.
CODES = re.compile(
    r"^(None|nan|NaN|<NA>|True|False|ok|no_route|too_far|no_mass|no_index|air_port|"
    r"population|gdp|pg|length|time|host|cities|league_seat|port|city)$"
    r"|linkage_sum_|_km$|_h$|time_h|length_km|\.\./|geodata-raw"
)


@pytest.fixture(scope="module")
def found() -> dict[str, dict[str, pd.DataFrame]]:
    results = analysis_tables("rail", mass="population", planned=("xb_ceke_shiveekhuren",))
    return {
        lang: report.report_tables(
            "rail", lang=lang, results=results, planned=("xb_ceke_shiveekhuren",)
        )
        for lang in ("zh", "en")
    }


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_table_shows_a_code_none_or_nan(
    found: dict[str, dict[str, pd.DataFrame]], lang: str
) -> None:
    for name, table in found[lang].items():
        shown = table_format.rounded(table).to_csv(index=False, na_rep="")
        cells = {c for line in shown.splitlines() for c in line.split(",")}
        bad = sorted(c for c in cells if CODES.search(c.strip()))
        assert bad == [], (name, bad[:5])


def test_headers_carry_units_and_linkage_says_its_unit(
    found: dict[str, dict[str, pd.DataFrame]],
) -> None:
    assert "Linkage R (persons²/km²)" in found["en"]["gravity"].columns
    assert "联系强度 R（人²/km²）" in found["zh"]["gravity"].columns
    assert "Assigned linkage (persons²/km²)" in found["en"]["axes"].columns
    assert "Distance (km)" in found["en"]["gravity"].columns


def test_rounding_km_to_a_tenth_h_to_a_hundredth(
    found: dict[str, dict[str, pd.DataFrame]],
) -> None:
    od = found["en"]["od"]
    assert od.attrs["decimals"] == {"Length (km)": 1, "Time (h)": 2}
    shown = table_format.rounded(od)
    assert (shown["Length (km)"].dropna() * 10 % 1).abs().max() == pytest.approx(0, abs=1e-6)
    assert od["Length (km)"].dropna().ne(shown["Length (km)"].dropna()).any()  # full precision kept
    csv = tables.csv_bytes(od, index=False).decode("utf-8-sig").splitlines()[1]
    assert re.fullmatch(r"[^,]+,[^,]+,Rail,\d+\.\d,\d+\.\d\d,reached", csv)


def test_the_matrix_is_one_language_without_blank_rows() -> None:
    od = routing.od_matrix("rail")
    wide = tables.od_wide(od, "length_km", "en")
    assert not wide.isna().all(axis=1).any()
    assert "Baotou air port (Donghe Airport)" in wide.attrs["left_out"]
    assert "Hohhot" in wide.columns and not any("呼" in c for c in wide.columns)
    assert len(wide) < od["origin"].nunique()


def test_xlsx_keeps_full_precision_and_shows_the_rounding(
    found: dict[str, dict[str, pd.DataFrame]],
) -> None:
    book = openpyxl.load_workbook(io.BytesIO(report.workbook(found["en"], lang="en")))
    sheet = book["OD with status"]
    header = [c.value for c in sheet[1]]
    km, h = header.index("Length (km)") + 1, header.index("Time (h)") + 1
    cell = sheet.cell(row=2, column=km)
    assert cell.number_format == "#,##0.0"
    assert sheet.cell(row=2, column=h).number_format == "#,##0.00"
    assert cell.value == found["en"]["od"]["Length (km)"].iloc[0]  # not rounded
    assert cell.value != round(cell.value, 1)
    gravity = book["Gravity linkage"]
    header = [c.value for c in gravity[1]]
    membership = gravity.cell(row=2, column=header.index("Membership F") + 1)
    assert membership.number_format == "#,##0.000"


def test_line_names_in_english_are_sourced_or_marked_as_pinyin() -> None:
    assert table_format.line_name("集二线", "en") == "Jining–Erenhot Railway"
    assert table_format.line_name("京沪线", "en") == "Jinghu xian (pinyin)"
    assert table_format.line_name("京沪线", "zh") == "京沪线"


def test_codes_in_words() -> None:
    assert table_format.code_word("index", "linkage_sum_rail", "en") == (
        "Sum of linkage with the cities (Rail)"
    )
    assert table_format.code_word("port_mass", "host", "zh") == "所在盟市的质量"
    assert table_format.code_word("status", "no_route", "zh") == "网络不连通"


def test_decimals_follow_the_column() -> None:
    big = pd.Series([1.2e6, 3.4e6, float("nan")])
    assert table_format.decimals_of("linkage", big) == 0
    assert table_format.decimals_of("linkage", pd.Series([0.0123, 0.05])) == 4
    assert table_format.decimals_of("distance", pd.Series([1.0]), by="time") == 2
    assert table_format.decimals_of("place", pd.Series(["a"])) is None


def test_a_table_too_large_for_a_styler_is_shown_rounded_instead() -> None:
    # 9,999 uploaded cities × 20 ports make a linkage table of some 200,000 rows: more cells
    # than pandas styles, which Streamlit refuses with an error instead of showing the table
    rows = 30_000
    table = pd.DataFrame(
        {"Length (km)": np.linspace(0.04, 999.96, rows), "Time (h)": np.full(rows, 1.234567)}
        | {f"c{i}": np.zeros(rows) for i in range(8)}
    )
    table.attrs["decimals"] = {"Length (km)": 1, "Time (h)": 2}
    assert table.size > pd.get_option("styler.render.max_elements")
    shown = table_format.styled(table)
    assert isinstance(shown, pd.DataFrame)
    assert shown["Time (h)"].unique().tolist() == [1.23]
    assert shown["Length (km)"].iloc[[0, -1]].tolist() == [0.0, 1000.0]
    small = table_format.styled(table.head(100))
    assert isinstance(small, Styler)
    assert "1.23" in small.to_html()
