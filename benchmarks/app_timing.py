"""Benchmark: the app in Debian chromium, offline: first map, route round trips, 6 users at once.

Run from the repository root: ``.venv/bin/python -m benchmarks.app_timing [--runs N]``.
Prints medians. The first map is timed from the moment the server reports healthy, with the
caches warmed at start-up (``serve.py``, what ``scripts/app.sh`` runs) against a plain
``streamlit run app.py``. A route round trip (type a place, Enter, the new length shown) is
compared with the same route from the library (warm), so the ratio is what the browser,
Streamlit and the map add; then six users change their route at the same moment.
"""

from __future__ import annotations

import argparse
import statistics
import time

from playwright.sync_api import Browser, Page, expect

from corridormap import routing
from tests.browser import offline_browser, offline_page, running_app

PAIR = ("erenhot_rail", "manzhouli_rail")
NAMES = {"erenhot_rail": "二连浩特铁路口岸", "manzhouli_rail": "满洲里铁路口岸"}
USERS = 6


def _map_visible(pg: Page) -> None:
    for _ in range(1200):
        for frame in pg.frames:
            if frame.locator(".cm-port").count():
                return
        pg.wait_for_timeout(20)
    raise RuntimeError("the map never appeared")


def first_map(runs: int, *, warm: bool) -> list[float]:
    """Return the seconds from the server reporting healthy to the first map visible."""
    out = []
    for _ in range(runs):
        with running_app(warm=warm) as url, offline_browser() as (browser, blocked):
            pg = offline_page(browser, blocked)
            start = time.perf_counter()
            pg.goto(url)
            _map_visible(pg)
            out.append(time.perf_counter() - start)
            assert not blocked, blocked
    return out


def _route_page(browser: Browser, blocked: list[str], url: str) -> Page:
    pg = offline_page(browser, blocked)
    pg.goto(f"{url}/route")
    expect(pg.locator("[data-testid='stMetricValue']").first).to_contain_text("km", timeout=120_000)
    return pg


def _ask(pg: Page, pid: str) -> None:
    pg.locator("[data-testid='stSelectbox']").first.click()
    pg.keyboard.type(NAMES[pid])
    pg.keyboard.press("Enter")


def round_trips(runs: int) -> tuple[list[float], list[float], list[float]]:
    """Return one user's round trips, the library's times, and six users' round trips."""
    app, lib, crowd = [], [], []
    km = {pid: routing.route(pid, "hohhot", "rail").length_km for pid in PAIR}
    with running_app() as url, offline_browser() as (browser, blocked):
        pg = _route_page(browser, blocked, url)
        for i in range(runs + 2):  # the first two fill the caches and are not counted
            pid = PAIR[i % 2]
            start = time.perf_counter()
            _ask(pg, pid)
            expect(pg.locator("[data-testid='stMetricValue']").first).to_have_text(
                f"{km[pid]:,.1f} km", timeout=120_000
            )
            if i >= 2:
                app.append(time.perf_counter() - start)
            start = time.perf_counter()
            routing.route(pid, "hohhot", "rail")
            if i >= 2:
                lib.append(time.perf_counter() - start)
        pages = [pg] + [_route_page(browser, blocked, url) for _ in range(USERS - 1)]
        for i in range(max(2, runs // 2)):
            pid = PAIR[i % 2]
            asked = []
            for page in pages:  # all six ask within a fraction of a second
                _ask(page, pid)
                asked.append(time.perf_counter())
            for page, at in zip(pages, asked, strict=True):
                expect(page.locator("[data-testid='stMetricValue']").first).to_have_text(
                    f"{km[pid]:,.1f} km", timeout=120_000
                )
                crowd.append(time.perf_counter() - at)
        assert not blocked, blocked
    return app, lib, crowd


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    n = max(1, args.runs // 2)
    warm = statistics.median(first_map(n, warm=True))
    cold = statistics.median(first_map(n, warm=False))
    app, lib, crowd = round_trips(args.runs)
    print(f"healthy to first map, warmed at start-up (serve.py), median of {n}: {warm:.2f} s")
    print(f"healthy to first map, plain streamlit run, median of {n}: {cold:.2f} s")
    print(f"ratio plain / warmed: {cold / warm:.1f}x")
    print(f"route round trip, one user, median of {len(app)}: {statistics.median(app):.3f} s")
    print(f"same route from the library (warm), median: {statistics.median(lib) * 1000:.1f} ms")
    print(f"ratio app / library: {statistics.median(app) / statistics.median(lib):.0f}x")
    print(
        f"route round trip, {USERS} users at once, median of {len(crowd)}: "
        f"{statistics.median(crowd):.3f} s (max {max(crowd):.3f} s)"
    )


if __name__ == "__main__":
    main()
