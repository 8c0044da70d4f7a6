"""Popups of the bundled places: figures with units and years, words not codes, short sources."""

from __future__ import annotations

import html
import re

import pytest

from corridormap import data, popups
from corridormap.citations import short_citation, source_url

#: Internal codes and raw values that must never reach a reader.
CODES = re.compile(
    r"\b(league_seat|cross_border|under_construction|lower_bound|full_year|port_type|"
    r"city_kind|coord_\w+|nan|None|NaN)\b|(?<![\d,])\d{4,}\.\d|\.\./|geodata-raw|https?://"
)


def _text(popup: str) -> str:
    """Return what a reader sees: tags dropped, entities decoded (hrefs are not text)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", popup)).split())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_popup_shows_a_code_a_raw_number_a_path_or_a_url(lang: str) -> None:
    placed = data.load_places()
    for pid, row in placed.iterrows():
        make = popups.port_popup if row["kind"] == "port" else popups.city_popup
        shown = _text(make(row, lang))
        assert not CODES.search(shown), (pid, CODES.search(shown), shown)


def test_population_has_thousands_separators_unit_and_census_year() -> None:
    row = data.load_places().loc["baotou"]
    assert "2,709,378 (2020 census)" in _text(popups.city_popup(row, "en"))
    assert "2,709,378 人（2020年普查）" in _text(popups.city_popup(row, "zh"))


def test_port_figures_in_words_with_year_and_short_citation() -> None:
    row = data.load_places().loc["manzhouli_rail"]
    en = _text(popups.port_popup(row, "en"))
    assert "4,818 trains (2022) · Xinhua 2023" in en
    assert "Approved 1902" in en
    assert "Faces Russia" in en
    zh = _text(popups.port_popup(row, "zh"))
    assert "俄罗斯" in zh and "4,818 列（2022年）" in zh
    assert "Manzhouli" not in zh.split("满洲里铁路口岸", 1)[1].split("类型")[1]


def test_city_kind_is_a_word_in_each_language() -> None:
    row = data.load_places().loc["hohhot"]
    assert "League/city seat" in _text(popups.city_popup(row, "en"))
    assert "盟市驻地" in _text(popups.city_popup(row, "zh"))


def test_corridor_tooltip_says_the_status_in_words() -> None:
    corridors = data.load_corridors()
    planned = corridors[corridors["status"] == "under_construction"].iloc[0]
    assert "under construction" in popups.corridor_tip(planned, "en")
    assert "在建" in popups.corridor_tip(planned, "zh")
    assert "under_construction" not in popups.corridor_tip(planned, "zh")


@pytest.mark.parametrize(
    ("source", "cited"),
    [
        ("https://x.cn/a.html (mirror; original: Xinhua 2023-02-24, data 满洲里海关)", "Xinhua 2023"),
        ("http://m.x.cn/1.html (mirror; original: 中新社, 记者 李爱平, 2024-03-13)", "中新社 2024"),
        ("http://regional.chinadaily.com.cn/innermongolia/2024-01/18/c_82173.htm", "China Daily 2024"),
        ("http://kjj.bynr.gov.cn/kjxx/gnkj/202312/t20231227_579981_senior.html", "bynr.gov.cn 2023"),
        ("https://kjkxun.com/news/37333.html", "kjkxun.com"),
        ("https://kiwix.lema.org/wikipedia_en_all_mini_2024-02/A/Chongqing", "Wikipedia (en)"),
        ("zh-Wikipedia infobox coordinate for 鄂尔多斯市, mirror https://w.kfd.me/x", "Wikipedia (zh)"),
        ("Natural Earth ne_10m_populated_places, NAME=Hohhot", "Natural Earth"),
        ("HOT export (© OpenStreetMap contributors), ../shared/geodata-raw/x.csv: node 1", "OpenStreetMap"),
        ("许海清《内蒙古口岸与腹地城市经济联动发展的对策研究》(paper; no URL retrieved)",
         "许海清《内蒙古口岸与腹地城市经济联动发展的对策研究》"),
        ("upload: /tmp/streamlit/own_cities.csv", "own_cities.csv"),
        (None, ""),
    ],
)  # fmt: skip
def test_short_citation(source: str | None, cited: str) -> None:
    assert short_citation(source) == cited


def test_source_url_is_a_web_address_or_none() -> None:
    assert source_url("see ../shared/geodata-raw/x.csv") is None
    assert (
        source_url("ru.wikipedia via mirror https://p.com/Таван-Толгой: x")
        == "https://p.com/Таван-Толгой"
    )


def test_figure_formats_and_leaves_missing_blank() -> None:
    assert popups.figure(2740400.0) == "2,740,400"
    assert popups.figure(4263.94, 1) == "4,263.9"
    assert popups.figure(float("nan")) == ""
