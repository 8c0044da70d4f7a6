"""Benchmark: the app in Debian chromium, offline: server start to map visible, route round trip.

Run from the repository root: ``.venv/bin/python -m benchmarks.app_timing [--runs N]``.
Prints medians; the route round trip is compared with the same route from the library
(warm), so the ratio is what the browser, Streamlit and the map add.
"""

from __future__ import annotations

import argparse
import statistics
import time

from playwright.sync_api import Page, expect

from corridormap import routing
from tests.browser import offline_browser, offline_page, running_app

PAIR = ("erenhot_rail", "manzhouli_rail")


def _map_visible(pg: Page) -> None:
    for _ in range(1200):
        for frame in pg.frames:
            if frame.locator(".cm-port").count():
                return
        pg.wait_for_timeout(50)
    raise RuntimeError("the map never appeared")


def startup(runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        with running_app() as url, offline_browser() as (browser, blocked):
            pg = offline_page(browser, blocked)
            pg.goto(url)
            _map_visible(pg)
            times.append(time.perf_counter() - start)
            assert not blocked, blocked
    return times


def round_trips(runs: int) -> tuple[list[float], list[float]]:
    app, lib = [], []
    names = {"erenhot_rail": "二连浩特铁路口岸", "manzhouli_rail": "满洲里铁路口岸"}
    with running_app() as url, offline_browser() as (browser, blocked):
        pg = offline_page(browser, blocked)
        pg.goto(f"{url}/route")
        metric = pg.locator("[data-testid='stMetricValue']").first
        expect(metric).to_contain_text("km", timeout=120_000)
        for i in range(runs + 2):  # the first two fill the caches and are not counted
            pid = PAIR[i % 2]
            km = routing.route(pid, "hohhot", "rail").length_km
            start = time.perf_counter()
            pg.locator("[data-testid='stSelectbox']").first.click()
            pg.keyboard.type(names[pid])
            pg.keyboard.press("Enter")
            expect(metric).to_have_text(f"{km:,.1f} km", timeout=120_000)
            if i >= 2:
                app.append(time.perf_counter() - start)
            start = time.perf_counter()
            routing.route(pid, "hohhot", "rail")
            if i >= 2:
                lib.append(time.perf_counter() - start)
    return app, lib


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    cold = startup(max(1, args.runs // 2))
    app, lib = round_trips(args.runs)
    print(
        f"server start to map visible (cold process), median of {len(cold)}: {statistics.median(cold):.2f} s"
    )
    print(
        f"route query round trip in the app, median of {len(app)}: {statistics.median(app):.3f} s"
    )
    print(
        f"same route from the library (warm), median of {len(lib)}: {statistics.median(lib) * 1000:.1f} ms"
    )
    print(f"ratio app / library: {statistics.median(app) / statistics.median(lib):.0f}x")


if __name__ == "__main__":
    main()
