"""The interaction-measures page in Debian chromium: each measure draws its layer on the map."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from corridormap.analysis import isochrones
from tests.browser import idle, offline_browser, offline_page, running_app
from tests.test_app import _map_has, _map_text

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app_url() -> Iterator[str]:
    with running_app() as url:
        yield url


@pytest.fixture
def page(app_url: str) -> Iterator[tuple[Page, str]]:
    with offline_browser() as (browser, blocked):
        pg = offline_page(browser, blocked, accept_downloads=True)
        errors: list[str] = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        yield pg, app_url
        assert errors == []
        assert blocked == []
        content = pg.content()
        assert "Traceback" not in content
        assert "出现意外错误" not in content
        assert "An unexpected error occurred" not in content


def _count(pg: Page, selector: str) -> int:
    for _ in range(480):
        for frame in pg.frames:
            try:
                n = frame.locator(selector).count()
            except PlaywrightError:  # a frame may detach while Streamlit reruns
                continue
            if n:
                return n
        pg.wait_for_timeout(250)
    return 0


def test_each_measure_draws_its_layer_and_legend(page: tuple[Page, str]) -> None:
    pg, url = page
    pg.goto(f"{url}/measures")
    main = pg.locator("[data-testid='stMain']")
    # time circles of Erenhot by rail, 1, 2, 3 h: one polygon per band
    bands = isochrones.isochrones("erenhot_rail", "rail", hours=[1, 2, 3])
    _map_has(pg, ".cm-isochrone", len(bands))
    _map_text(pg, "#cm-legend", "3 小时内")
    expect(main.locator("[data-testid='stDataFrame']").first).to_be_visible(timeout=120_000)
    for name, selector, legend in (
        ("断裂点", ".cm-breaking", "断裂点（在路线上）"),
        ("场强腹地", ".cm-field", "场强腹地"),
        ("联系网络", ".cm-linkage-node", "第 1 级联系"),
    ):
        main.get_by_text(name, exact=True).first.click()
        idle(pg)
        assert _count(pg, selector) > 0, name
        _map_text(pg, "#cm-legend", legend)
        expect(main.locator("[data-testid='stDataFrame']").first).to_be_visible(timeout=120_000)
    assert _count(pg, ".cm-core") >= 1  # the core places are ringed


def test_the_measures_page_in_english_keeps_working(page: tuple[Page, str]) -> None:
    pg, url = page
    pg.goto(f"{url}/measures")
    _map_has(pg, ".cm-isochrone", 3)
    pg.locator("[data-testid='stSidebar']").locator("label").filter(has_text="English").click()
    idle(pg)
    main = pg.locator("[data-testid='stMain']")
    expect(main).to_contain_text("Places reached (count)", timeout=120_000)
    main.get_by_text("Breaking points", exact=True).first.click()
    idle(pg)
    _map_text(pg, "#cm-legend", "Breaking point (on the route)")
    expect(main).to_contain_text("Breaking point from A (km)", timeout=120_000)


def test_a_scenario_adds_the_before_and_after_table(page: tuple[Page, str]) -> None:
    pg, url = page
    pg.goto(f"{url}/measures")
    main = pg.locator("[data-testid='stMain']")
    _map_has(pg, ".cm-isochrone", 3)
    main.get_by_text("断裂点", exact=True).first.click()
    idle(pg)
    main.locator("[data-testid='stMultiSelect']").first.click()
    pg.keyboard.type("策克")
    pg.keyboard.press("Enter")
    idle(pg)
    expect(main).to_contain_text("规划情景前后对比", timeout=120_000)
    expect(main).to_contain_text("全部已开通线路 → 全部已开通线路 + ", timeout=120_000)
    expect(main.locator("[data-testid='stDataFrame']")).to_have_count(2, timeout=120_000)
