"""The real Streamlit app in Debian chromium, with every non-local request blocked."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Frame, Page

from corridormap import routing
from tests.browser import offline_browser, offline_page, running_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app_url() -> Iterator[str]:
    with running_app() as url:
        yield url


@pytest.fixture
def page(app_url: str) -> Iterator[tuple[Page, list[str]]]:
    with offline_browser() as (browser, blocked):
        pg = offline_page(browser, blocked)
        errors: list[str] = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.goto(app_url)
        yield pg, blocked
        assert errors == []


def _map_frame(pg: Page) -> Frame:
    pg.wait_for_selector("iframe", timeout=60_000)
    for _ in range(240):
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


def test_app_draws_the_map_offline(page: tuple[Page, list[str]], tmp_path: Path) -> None:
    pg, blocked = page
    frame = _map_frame(pg)
    assert (
        frame.locator(".cm-port").count() == 15
    )  # the 20 ports less the 5 without sourced coordinates
    assert frame.locator(".cm-legend").is_visible()
    assert frame.locator(".leaflet-control-scale").count() == 1
    pg.screenshot(path=str(tmp_path / "map.png"), full_page=True)
    assert blocked == []


def test_default_route_equals_the_library(page: tuple[Page, list[str]]) -> None:
    pg, blocked = page
    _map_frame(pg)
    expected = routing.route("二连浩特", "呼和浩特", "rail").length_km
    text = pg.locator("[data-testid='stMetricValue']").first.inner_text()
    assert float(re.sub(r"[^\d.]", "", text)) == pytest.approx(expected, abs=0.05)
    assert blocked == []
