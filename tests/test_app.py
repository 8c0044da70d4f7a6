"""The real Streamlit app in Debian chromium, with every non-local request blocked.

Screenshots of the map and of a route go to the test's temporary folder.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Frame, Locator, Page, expect

from corridormap import routing
from tests.browser import (
    idle,
    offline_browser,
    offline_page,
    open_file_offline,
    pick,
    running_app,
    shows_km,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app_url() -> Iterator[str]:
    with running_app() as url:
        yield url


@pytest.fixture
def page(app_url: str) -> Iterator[tuple[Page, list[str], str]]:
    with offline_browser() as (browser, blocked):
        pg = offline_page(browser, blocked, accept_downloads=True)
        errors: list[str] = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        yield pg, blocked, app_url
        assert errors == []
        assert blocked == []
        content = pg.content()
        assert "Traceback" not in content
        # the app's polite "unexpected error" means a bug was caught and logged: fail on it
        assert "出现意外错误" not in content
        assert "An unexpected error occurred" not in content


def _analysis_page(pg: Page, url: str) -> Locator:
    """Open the analysis page; return its main area once the first table is shown."""
    pg.goto(f"{url}/analysis")
    main = pg.locator("[data-testid='stMain']")
    expect(main.locator("[data-testid='stDataFrame']").first).to_be_visible(timeout=120_000)
    return main


def _map_frame(pg: Page) -> Frame:
    for _ in range(480):
        for frame in pg.frames:
            try:
                if (
                    frame.locator(".leaflet-container").count()
                    and frame.locator(".cm-port").count()
                ):
                    return frame
            except PlaywrightError:  # a frame may detach while Streamlit reruns
                continue
        pg.wait_for_timeout(250)
    raise AssertionError("no Leaflet map with ports appeared")


def _map_has(pg: Page, selector: str, count: int) -> None:
    """Wait until the map (whichever iframe holds it now) has ``count`` elements matching ``selector``."""
    for _ in range(480):
        for frame in pg.frames:
            try:
                if (
                    frame.locator(".leaflet-container").count()
                    and frame.locator(selector).count() == count
                ):
                    return
            except PlaywrightError:
                continue
        pg.wait_for_timeout(250)
    raise AssertionError(f"the map never showed {count} x {selector}")


def _map_text(pg: Page, selector: str, wanted: str, polls: int = 480) -> str:
    """Wait until the map's ``selector`` element contains ``wanted``; return its text."""
    for _ in range(polls):
        for frame in pg.frames:
            try:
                node = frame.locator(selector)
                if node.count() and wanted in (text := node.first.inner_text()):
                    return text
            except PlaywrightError:  # the map iframe is replaced when the language changes
                continue
        pg.wait_for_timeout(250)
    raise AssertionError(f"the map's {selector} never showed {wanted!r}")


def _km(pg: Page) -> float:
    text = pg.locator("[data-testid='stMetricValue']").first.inner_text()
    return float(re.sub(r"[^\d.]", "", text))


def test_map_page_draws_every_port_offline(
    page: tuple[Page, list[str], str], tmp_path: Path
) -> None:
    pg, _, url = page
    pg.goto(url)
    frame = _map_frame(pg)
    assert frame.locator(".cm-port").count() == 20
    assert frame.locator(".cm-not-drawn").count() == 0
    # 阿尔山, 阿日哈沙特, 乌力吉 and Ordos airport are placed approximately: each has its ring
    assert frame.locator("path.cm-approx-ring").count() == 4
    assert "近似" in frame.locator(".cm-key-approx").inner_text()
    assert frame.locator(".cm-city").count() == 37
    assert frame.locator(".cm-legend").is_visible()
    assert frame.locator(".leaflet-control-scale").count() == 1
    assert frame.locator(".leaflet-control-layers").count() == 1
    assert frame.locator(".cm-corridor").count() >= 20
    assert "铁路口岸" in frame.locator(".cm-legend").inner_text()
    pg.screenshot(path=str(tmp_path / "map.png"), full_page=True)


def test_route_by_chinese_and_by_pinyin_equals_the_library(
    page: tuple[Page, list[str], str], tmp_path: Path
) -> None:
    pg, _, url = page
    pg.goto(f"{url}/route")
    expected = routing.route("二连浩特铁路口岸", "呼和浩特", "rail").length_km
    shows_km(pg, expected)
    pick(pg, 0, "满洲里铁路口岸")
    shows_km(pg, routing.route("满洲里铁路口岸", "呼和浩特", "rail").length_km)
    pick(pg, 0, "二连浩特铁路口岸")
    shows_km(pg, expected)
    pick(pg, 0, "manzhouli")
    shows_km(pg, routing.route("manzhouli", "呼和浩特", "rail").length_km)
    pick(pg, 0, "erlianhaote")
    shows_km(pg, expected)
    assert _km(pg) == pytest.approx(expected, abs=0.05)
    _map_has(pg, ".route-erenhot_rail-hohhot", 1)
    expect(pg.locator("[data-testid='stMain'] [data-testid='stDataFrame']").first).to_contain_text(
        "集二线"
    )
    pg.screenshot(path=str(tmp_path / "route.png"), full_page=True)


def test_misspelt_name_gets_suggestions_to_pick(page: tuple[Page, list[str], str]) -> None:
    pg, _, url = page
    pg.goto(f"{url}/route")
    shows_km(pg, routing.route("二连浩特铁路口岸", "呼和浩特", "rail").length_km)
    pick(pg, 0, "二连浩特x")
    alert = pg.locator("[data-testid='stAlert']").first
    expect(alert).to_contain_text("找不到“二连浩特x”", timeout=60_000)
    expect(alert).to_contain_text("您是否要找")
    pg.get_by_role("button", name="二连浩特铁路口岸 Erenhot railway port").first.click()
    shows_km(pg, routing.route("二连浩特铁路口岸", "呼和浩特", "rail").length_km)


def test_air_port_by_rail_says_why_without_a_traceback(page: tuple[Page, list[str], str]) -> None:
    pg, _, url = page
    pg.goto(f"{url}/route")
    shows_km(pg, routing.route("二连浩特铁路口岸", "呼和浩特", "rail").length_km)
    pick(pg, 0, "白塔机场")
    expect(pg.locator("[data-testid='stAlert']").first).to_contain_text(
        "航空口岸经公路到达", timeout=60_000
    )


def test_both_modes_side_by_side(page: tuple[Page, list[str], str]) -> None:
    pg, _, url = page
    pg.goto(f"{url}/route")
    shows_km(pg, routing.route("二连浩特铁路口岸", "呼和浩特", "rail").length_km)
    pg.get_by_text("铁路与公路对比").click()
    expect(pg.locator("[data-testid='stMetricValue']")).to_have_count(4, timeout=120_000)
    idle(pg)
    values = [
        float(re.sub(r"[^\d.]", "", v))
        for v in pg.locator("[data-testid='stMetricValue']").all_inner_texts()
    ]
    # the picker holds the rail port (its default), so the road route starts there too
    rail = routing.route("erenhot_rail", "hohhot", "rail")
    road = routing.route("erenhot_rail", "hohhot", "road")
    assert values[0] == pytest.approx(rail.length_km, abs=0.05)
    assert values[2] == pytest.approx(road.length_km, abs=0.05)
    _map_has(pg, ".cm-route", 2)


def test_language_switch_changes_the_labels(page: tuple[Page, list[str], str]) -> None:
    pg, _, url = page
    pg.goto(url)
    _map_frame(pg)
    assert "内蒙古口岸与腹地城市走廊" in pg.locator("h1").first.inner_text()
    pg.locator("[data-testid='stSidebar'] label").filter(has_text="English").click()
    expect(pg.locator("h1").first).to_contain_text(
        "Inner Mongolia ports and hinterland corridors", timeout=60_000
    )
    legend = _map_text(pg, ".cm-legend", "Rail port")
    assert "铁路口岸" not in legend


def test_language_switches_keep_the_pickers_layers_and_mode(
    page: tuple[Page, list[str], str],
) -> None:
    pg, _, url = page
    pg.goto(f"{url}/route")
    expected = routing.route("erenhot_rail", "hohhot", "rail").length_km
    shows_km(pg, expected)
    sidebar = pg.locator("[data-testid='stSidebar']")
    layers = sidebar.locator("[data-testid='stMultiSelect']").first
    expect(layers).to_contain_text("铁路网")
    for language in ("English", "中文", "English"):
        sidebar.locator("label").filter(has_text=language).click()
        idle(pg)
        shows_km(pg, expected)
    for name in ("Rail network", "Road network", "Named corridors", "Ports", "Cities"):
        expect(layers).to_contain_text(name)
    main = pg.locator("[data-testid='stMain']")
    main.get_by_text("Road", exact=True).click()
    idle(pg)
    shows_km(pg, routing.route("erenhot_rail", "hohhot", "road").length_km)
    assert "No place called" not in main.inner_text()


def test_typed_text_becomes_the_place_it_names(page: tuple[Page, list[str], str]) -> None:
    pg, _, url = page
    pg.goto(f"{url}/route")
    shows_km(pg, routing.route("erenhot_rail", "hohhot", "rail").length_km)
    pick(pg, 1, "Paotow")  # an old spelling: no label contains it, so Enter takes "Add: Paotow"
    main = pg.locator("[data-testid='stMain']")
    expect(main).to_contain_text("“Paotow” → 包头 Baotou", timeout=60_000)
    shows_km(pg, routing.route("erenhot_rail", "baotou", "rail").length_km)


def test_tables_page_downloads_csv_excel_can_read(page: tuple[Page, list[str], str]) -> None:
    pg, _, url = page
    pg.goto(f"{url}/tables")
    pg.wait_for_selector("[data-testid='stDownloadButton']", timeout=120_000)
    with pg.expect_download() as info:
        pg.locator("[data-testid='stDownloadButton'] button").first.click()
    raw = Path(info.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark for Excel
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    header, body = rows[0], {r[0]: r[1:] for r in rows[1:]}
    col = header.index("呼和浩特") - 1  # one language per table, so the matrix fits a page
    got = float(body["二连浩特铁路口岸"][col])
    assert got == pytest.approx(routing.route("erenhot_rail", "hohhot", "rail").length_km, abs=0.05)
    idle(pg)
    with pg.expect_download(timeout=120_000) as xlsx:
        pg.get_by_role("button", name="全部表格 XLSX").click()
    sheets = pd.read_excel(xlsx.value.path(), sheet_name=None, engine="openpyxl")
    assert list(sheets)[:3] == ["参数与来源", "距离矩阵 km", "时间矩阵 h"]
    matrix = sheets["距离矩阵 km"].set_index("口岸")
    km = matrix.loc["二连浩特铁路口岸", "呼和浩特"]
    assert km == pytest.approx(routing.route("erenhot_rail", "hohhot", "rail").length_km, rel=1e-12)


def test_analysis_page_with_a_scenario(page: tuple[Page, list[str], str]) -> None:
    pg, _, url = page
    _analysis_page(pg, url)
    _map_has(pg, ".cm-catchment", 34)  # every city with a located nearest rail port is linked
    pg.locator("[data-testid='stMain'] [data-testid='stMultiSelect']").first.click()
    pg.keyboard.type("策克")
    pg.keyboard.press("Enter")
    expect(pg.locator("[data-testid='stAlert']").first).to_contain_text(
        "情景下改变腹地归属的城市", timeout=120_000
    )
    assert "Traceback" not in pg.content()


def test_year_slider_and_comparison_change_map_and_tables_and_say_why(
    page: tuple[Page, list[str], str],
) -> None:
    pg, _, url = page
    main = _analysis_page(pg, url)
    # compare with the network of 2015 (the default before-year): the map rings the places
    # whose accessibility improves most, and the alert names them
    main.get_by_text("某一年份的路网").click()
    expect(main.locator("[data-testid='stAlert']").first).to_contain_text(
        "可达性改善最多", timeout=120_000
    )
    expect(main).to_contain_text("2015 年路网 → 全部已开通线路")
    _map_has(pg, ".cm-improved", 5)
    # the sidebar's year slider moves the after-state back to 2015: nothing changes, and the
    # app says why instead of showing zeros
    pg.locator("[data-testid='stSidebar']").get_by_text("路网条件").click()
    slider = pg.locator("[data-testid='stSidebar'] [data-testid='stSlider'] input").first
    slider.focus()
    for _ in range(11):
        slider.press("ArrowLeft")
    idle(pg)
    expect(main).to_contain_text("路网：2015 年末", timeout=120_000)
    expect(main.locator("[data-testid='stAlert']").first).to_contain_text(
        "两种状态完全相同", timeout=120_000
    )
    _map_has(pg, ".cm-improved", 0)
    # back to every open line; by road no line carries an opening year yet: the reason says so
    for _ in range(11):
        slider.press("ArrowRight")
    idle(pg)
    main.get_by_text("公路", exact=True).click()
    expect(main.locator("[data-testid='stAlert']").first).to_contain_text(
        "没有新开通或开启的线路", timeout=120_000
    )


def test_route_map_exports_open_offline_and_print(
    page: tuple[Page, list[str], str], tmp_path: Path
) -> None:
    pg, _, url = page
    pg.goto(f"{url}/route")
    shows_km(pg, routing.route("二连浩特铁路口岸", "呼和浩特", "rail").length_km)
    for attempt in range(3):  # a rerun still under way can swallow the first entry
        pg.get_by_label("地图标题").fill("集二线走廊 <b>x</b>")
        pg.get_by_label("地图标题").press("Enter")
        idle(pg)
        try:
            _map_text(pg, ".cm-title", "集二线走廊 <b>x</b>", polls=120)
            break
        except AssertionError:
            if attempt == 2:
                raise
    idle(pg)
    with pg.expect_download(timeout=120_000) as info:
        pg.get_by_role("button", name="HTML 地图").click()
    assert info.value.suggested_filename == "corridormap_map.html"
    target = tmp_path / "exported.html"
    info.value.save_as(target)
    assert target.stat().st_size < 1_000_000
    shown = open_file_offline(pg.context.browser, target)
    assert (shown["attempted"], shown["errors"]) == ([], [])
    assert shown["ports"] == 20
    assert shown["routes"] == 1  # the route the user was looking at
    assert shown["heading"] == "集二线走廊 <b>x</b>"
    with pg.expect_download(timeout=120_000) as info:
        pg.get_by_role("button", name="PNG · A4 横向").click()
    png = Path(info.value.path()).read_bytes()
    assert png.startswith(b"\x89PNG")
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (abs(width - 3508) <= 2, abs(height - 2480) <= 2) == (True, True)


def test_class_speed_tables_appear_only_when_custom_speeds_are_on(
    page: tuple[Page, list[str], str],
) -> None:
    pg, _, url = page
    pg.goto(url)
    _map_frame(pg)
    side = pg.locator("[data-testid='stSidebar']")
    side.get_by_text("路网条件").click()
    toggle = side.get_by_text("自定义各等级速度")
    expect(toggle).to_be_visible(timeout=60_000)
    editors = side.locator("[data-testid='stDataFrame']")
    expect(editors).to_have_count(0)  # the published speeds; no editor to load
    toggle.click()
    expect(editors).to_have_count(2, timeout=60_000)  # one per mode's profile
    toggle.click()
    expect(editors).to_have_count(0, timeout=60_000)


def test_choices_keep_their_value_and_show_it_across_language_switches(
    page: tuple[Page, list[str], str],
) -> None:
    pg, _, url = page
    main = _analysis_page(pg, url)
    side = pg.locator("[data-testid='stSidebar']")
    groups = pg.locator("[data-testid='stRadio']")
    mode = main.locator("[data-testid='stRadio']").first
    mode.get_by_text("公路", exact=True).click()
    idle(pg)
    side.get_by_text("English", exact=True).click()
    idle(pg)
    expect(mode.locator("label").filter(has_text="Road").locator("input")).to_be_checked()
    # every radio group still shows its choice (a new label used to drop the shown value)
    expect(pg.locator("input[type=radio]:checked")).to_have_count(groups.count())
    mode.get_by_text("Rail", exact=True).click()
    idle(pg)
    side.get_by_text("中文", exact=True).click()
    idle(pg)
    expect(mode.locator("label").filter(has_text="铁路").locator("input")).to_be_checked()
    expect(main).to_contain_text("铁路", timeout=60_000)
