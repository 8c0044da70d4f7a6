"""Own data in the real app: uploads join the session's routes, bad files lose nothing, and
five sessions at once each see only their own uploads."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from corridormap import places, routing
from tests.browser import (
    APP_PIDS,
    idle,
    offline_browser,
    offline_page,
    pick,
    running_app,
    shows_km,
)
from tests.corpus import CORPUS
from tests.test_extracts import osm_xml

pytestmark = pytest.mark.browser
#: The own-data page's tabs: places, population/GDP, corridor, network.
TAB_MASSES, TAB_CORRIDOR, TAB_NETWORK = 1, 2, 3

#: Five sessions, each with one city placed exactly on a bundled city, under its own name.
SESSIONS = (
    ("hohhot", "会话甲城"),
    ("baotou", "会话乙城"),
    ("ordos", "会话丙城"),
    ("ulanqab", "会话丁城"),
    ("wuhai", "会话戊城"),
)


@pytest.fixture(scope="module")
def app_url() -> Iterator[str]:
    with running_app() as url:
        yield url


def _csv(tmp_path: Path, twin: str, name: str) -> Path:
    p = places.gazetteer().places[twin]
    path = tmp_path / f"{twin}.csv"
    path.write_bytes(f"名称,经度,纬度,常住人口\n{name},{p.lon},{p.lat},1000\n".encode("gb18030"))
    return path


def _go(pg: Page, title: str) -> None:
    """Open a page through the sidebar (a URL load would start a new session)."""
    pg.locator("[data-testid='stSidebarNav'] a").filter(has_text=title).click()
    idle(pg)


def _upload(pg: Page, url: str, path: Path, tab: int = 0) -> None:
    if not pg.url.startswith(url):
        pg.goto(f"{url}/data")
    elif not pg.url.endswith("/data"):
        _go(pg, "自有数据")
    pg.wait_for_selector("[data-testid='stFileUploader']", state="attached", timeout=120_000)
    pg.locator("[data-testid='stTab']").nth(tab).click()
    pg.locator("[data-testid='stFileUploader'] input[type='file']").nth(tab).set_input_files(
        str(path)
    )


def _erenhot_baotou_line(tmp_path: Path) -> Path:
    """Write a straight planned rail corridor from Erenhot to Baotou as GeoJSON."""
    start, end = places.gazetteer().places["erenhot_rail"], places.gazetteer().places["baotou"]
    line = tmp_path / "line.geojson"
    line.write_text(
        '{"type":"Feature","properties":{"name":"二包直线","mode":"rail"},"geometry":'
        f'{{"type":"LineString","coordinates":[[{start.lon},{start.lat}],[{end.lon},{end.lat}]]}}}}',
        encoding="utf-8",
    )
    return line


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def test_an_uploaded_gbk_city_is_routed_in_its_session(app_url: str, tmp_path: Path) -> None:
    with offline_browser() as (browser, blocked):
        pg = offline_page(browser, blocked)
        _upload(pg, app_url, _csv(tmp_path, "baotou", "包头新城"))
        expect(pg.locator("[data-testid='stAlert']").first).to_contain_text(
            "已加入 baotou.csv：1 项", timeout=120_000
        )
        _go(pg, "路线查询")
        shows_km(pg, routing.route("erenhot_rail", "hohhot", "rail").length_km)
        pick(pg, 1, "包头新城")
        # the uploaded city sits on Baotou, so its route is Baotou's
        shows_km(pg, routing.route("erenhot_rail", "baotou", "rail").length_km)
        assert "出现意外错误" not in pg.content()
        assert blocked == []


def test_bad_files_get_a_message_and_keep_what_was_there(app_url: str, tmp_path: Path) -> None:
    tab = {"city": 0, "masses": 1, "corridor": 2, "network": 3}
    with offline_browser() as (browser, blocked):
        pg = offline_page(browser, blocked)
        _upload(pg, app_url, _csv(tmp_path, "wuhai", "保留城"))
        kept = pg.get_by_text("城市 · wuhai.csv · 1")
        expect(kept).to_be_visible(timeout=120_000)
        for bad in (b for b in CORPUS if b.in_app):
            path = tmp_path / bad.filename
            path.write_bytes(bad.content)
            _upload(pg, app_url, path, tab[bad.kind])
            alert = pg.locator("[data-testid='stAlert']").first
            expect(alert).to_contain_text(bad.filename, timeout=120_000)
            expect(alert).to_contain_text(bad.message, ignore_case=True)
            idle(pg)
            content = pg.content()
            assert "Traceback" not in content
            assert "出现意外错误" not in content
            expect(kept).to_be_visible()  # the earlier upload is kept
        assert blocked == []


def test_five_sessions_at_once_see_only_their_own_uploads(app_url: str, tmp_path: Path) -> None:
    pid = APP_PIDS[app_url]
    before = _rss_mb(pid)
    expected = {
        name: routing.route("erenhot_rail", twin, "rail").length_km for twin, name in SESSIONS
    }
    with offline_browser() as (browser, blocked):
        pages = [offline_page(browser, blocked) for _ in SESSIONS]
        for pg, (twin, name) in zip(pages, SESSIONS, strict=True):
            _upload(pg, app_url, _csv(tmp_path, twin, name))
        for pg in pages:
            expect(pg.locator("[data-testid='stAlert']").first).to_contain_text(
                "已加入", timeout=180_000
            )
        for pg in pages:
            _go(pg, "路线查询")
        default = routing.route("erenhot_rail", "hohhot", "rail").length_km
        for pg in pages:
            shows_km(pg, default)
        for pg, (_, name) in zip(pages, SESSIONS, strict=True):
            pick(pg, 1, name)
        for pg, (_, name) in zip(pages, SESSIONS, strict=True):
            shows_km(pg, expected[name])
        # no cross-talk: another session's city is unknown here
        for i, pg in enumerate(pages):
            other = SESSIONS[(i + 1) % len(SESSIONS)][1]
            pick(pg, 1, other)
            expect(pg.locator("[data-testid='stAlert']").first).to_contain_text(
                f"找不到“{other}”", timeout=120_000
            )
        assert blocked == []
    after = _rss_mb(pid)
    print(f"app RSS before {before:.0f} MB, after five sessions {after:.0f} MB")
    assert after - before < 1500


def test_an_uploaded_corridor_is_a_scenario_on_the_analysis_page(
    app_url: str, tmp_path: Path
) -> None:
    line = _erenhot_baotou_line(tmp_path)
    with offline_browser() as (browser, blocked):
        pg = offline_page(browser, blocked)
        _upload(pg, app_url, line, tab=TAB_CORRIDOR)
        expect(pg.locator("[data-testid='stAlert']").first).to_contain_text(
            "已加入 line.geojson：1 项", timeout=120_000
        )
        expect(pg.get_by_text("走廊接入网络的位置")).to_be_visible()
        _go(pg, "联系与情景分析")
        expect(
            pg.locator("[data-testid='stMain'] [data-testid='stDataFrame']").first
        ).to_be_visible(timeout=120_000)
        pg.locator("[data-testid='stMain'] [data-testid='stMultiSelect']").first.click()
        pg.keyboard.type("二包直线")
        pg.keyboard.press("Enter")
        expect(pg.locator("[data-testid='stAlert']").first).to_contain_text(
            "情景下联系量上升的线路", timeout=120_000
        )
        assert "出现意外错误" not in pg.content()
        assert blocked == []


def test_a_network_that_strands_an_earlier_corridor_is_the_one_named(
    app_url: str, tmp_path: Path
) -> None:
    line = _erenhot_baotou_line(tmp_path)
    # a small rail extract near Erenhot that replaces the rail network: Baotou's end of the
    # corridor is then hundreds of km from any track
    network = tmp_path / "erlian.osm"
    network.write_bytes(osm_xml())
    with offline_browser() as (browser, blocked):
        pg = offline_page(browser, blocked)
        _upload(pg, app_url, line, tab=TAB_CORRIDOR)
        expect(pg.locator("[data-testid='stAlert']").first).to_contain_text(
            "已加入 line.geojson", timeout=120_000
        )
        pg.locator("[data-testid='stTab']").nth(TAB_NETWORK).click()
        pg.locator("[data-testid='stMain']").get_by_text("替换", exact=True).click()
        idle(pg)
        _upload(pg, app_url, network, tab=TAB_NETWORK)
        alert = pg.locator("[data-testid='stAlert']").first
        expect(alert).to_contain_text("erlian.osm", timeout=120_000)
        expect(alert).to_contain_text("line.geojson")
        expect(pg.get_by_text("规划走廊 · line.geojson · 1")).to_be_visible()
        assert "路网 · erlian.osm" not in pg.content()
        assert blocked == []


def test_uploaded_population_and_gdp_replace_a_citys_figures_in_the_analysis(
    app_url: str, tmp_path: Path
) -> None:
    # 兰州 has no sourced GDP in the bundled data, so its GDP linkage is "no_mass"; a user's
    # figure (with its year) fills it for this session only.
    figures = tmp_path / "兰州.csv"
    figures.write_text("城市,人口,GDP,年份\n兰州,4420000,3487.3,2023\n", encoding="utf-8")
    port = tmp_path / "港.csv"
    port.write_text("城市,人口,年份\n策克口岸,1,2023\n", encoding="utf-8")
    with offline_browser() as (browser, blocked):
        pg = offline_page(browser, blocked)
        _upload(pg, app_url, port, tab=TAB_MASSES)
        # Streamlit's own cap (50 MB) is not shown as if it were the limit; the caption says 10 MB
        expect(pg.get_by_text("50MB per file").first).to_be_hidden()
        expect(pg.locator("[data-testid='stMain']")).to_contain_text("单个文件不超过 10 MB")
        alert = pg.locator("[data-testid='stAlert']").first
        expect(alert).to_contain_text("港.csv", timeout=120_000)
        expect(alert).to_contain_text("host league's figures")
        _upload(pg, app_url, figures, tab=TAB_MASSES)
        expect(pg.locator("[data-testid='stAlert']").first).to_contain_text(
            "已加入 兰州.csv：1 项", timeout=120_000
        )
        expect(pg.get_by_text("人口与GDP · 兰州.csv · 1")).to_be_visible()
        _go(pg, "联系与情景分析")
        main = pg.locator("[data-testid='stMain']")
        main.get_by_text("地区生产总值", exact=True).click()
        idle(pg)
        main.locator("[data-testid='stTab']").filter(has_text="联系强度").click()
        idle(pg)
        with pg.expect_download(timeout=120_000) as info:
            main.locator("[data-testid='stDownloadButton'] button:visible").first.click()
        text = Path(info.value.path()).read_bytes().decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text)))
        lanzhou = [r for r in rows if "兰州" in r["城市"]]
        assert lanzhou and {r["城市质量年份"] for r in lanzhou} == {"2023"}
        assert "出现意外错误" not in pg.content()
        assert blocked == []
