"""Tables and popups as a reader sees them in chromium, in Chinese and in English.

No ``None``, ``nan``, internal code or local path may appear in a table of the tables and
analysis pages, in a download button, or in a popup of the exported map.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from corridormap import export, render
from tests.browser import idle, offline_browser, offline_page, running_app

pytestmark = pytest.mark.browser

BAD = re.compile(
    r"\bNone\b|\bnan\b|\bNaN\b|<NA>|league_seat|cross_border|linkage_sum_|\bgdp\b|time_h|"
    r"length_km|\bno_route\b|\btoo_far\b|\bno_mass\b|\.\./|geodata-raw|/home/|/tmp/|· accessibility"
)


@pytest.fixture(scope="module")
def app_url() -> Iterator[str]:
    with running_app() as url:
        yield url


def _shown_tables(pg: Page) -> str:
    """Return the text of every table on the page (the grids' accessible tables) and buttons."""
    pg.wait_for_selector("[data-testid='stDataFrame'] table", state="attached", timeout=120_000)
    idle(pg)
    grids = pg.locator("[data-testid='stDataFrame'] table").all_text_contents()
    buttons = pg.locator("[data-testid='stDownloadButton']").all_inner_texts()
    return "\n".join(grids + buttons)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_tables_and_analysis_pages_show_no_code_none_or_path(app_url: str, lang: str) -> None:
    with offline_browser() as (browser, blocked):
        pg = offline_page(browser, blocked)
        pg.goto(f"{app_url}/tables")
        if lang == "en":
            pg.locator("[data-testid='stSidebar'] label").filter(has_text="English").click()
            idle(pg)
        text = _shown_tables(pg)
        assert ("下载 距离（km） CSV" if lang == "zh" else "Download Length (km) as CSV") in text
        assert ("满洲里铁路口岸" if lang == "zh" else "Manzhouli railway port") in text
        assert "满洲里铁路口岸 Manzhouli" not in text  # one language per table
        pg.locator("[data-testid='stSidebarNav'] a[href$='/analysis']").click()
        text += _shown_tables(pg)
        for tab in pg.locator("[data-testid='stMain'] [role='tab']").all():
            tab.click()
            idle(pg)
            text += _shown_tables(pg)
        found = sorted({m.group(0) for m in BAD.finditer(text)})
        assert found == [], found
        assert blocked == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_exported_map_popups_show_no_code_none_or_path(lang: str, tmp_path: Path) -> None:
    target = tmp_path / f"map_{lang}.html"
    target.write_text(export.map_document(render.MapView(lang=lang)), encoding="utf-8")
    with offline_browser() as (browser, _):
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(target.as_uri())
        page.wait_for_selector(".cm-port", timeout=30_000)
        texts = []
        for selector in (".port-manzhouli_rail", ".port-erenhot_road", ".city-hohhot", ".city-ulaanbaatar"):  # fmt: skip
            page.locator(selector).first.dispatch_event("click")
            page.wait_for_selector(".leaflet-popup-content", timeout=10_000)
            popup = page.locator(".leaflet-popup").last
            texts.append(popup.locator(".leaflet-popup-content").inner_text())
            popup.screenshot(path=str(tmp_path / f"popup_{selector[1:]}_{lang}.png"))
        joined = "\n".join(texts)
        assert "4,818 列（2022年）" in joined if lang == "zh" else "4,818 trains (2022)" in joined
        assert "2020年普查" in joined if lang == "zh" else "(2020 census)" in joined
        assert "Xinhua 2023" in joined
        found = sorted(
            {m.group(0) for m in BAD.finditer(joined)} | set(re.findall(r"https?://", joined))
        )
        assert found == [], found
