"""Benchmark: the app in Debian chromium, offline: first map, route round trips, 6 users at once.

Run from the repository root: ``.venv/bin/python -m benchmarks.app_timing [--runs N]``.
Prints medians. The first map is timed from the moment the server reports healthy, with the
caches warmed at start-up (``serve.py``, what ``scripts/app.sh`` runs) against a plain
``streamlit run app.py``. A route round trip (from the Enter that picks a place to the new
length shown, timed by the browser's own clock) is compared with the same route from the
library (warm), so the ratio is what the browser, Streamlit and the map add; then six users
ask within a second or so of each other.
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
            pg = offline_page(browser, blocked, intercept=False)
            start = time.perf_counter()
            pg.goto(url)
            _map_visible(pg)
            out.append(time.perf_counter() - start)
            assert not blocked, blocked
    return out


def _route_page(browser: Browser, blocked: list[str], url: str) -> Page:
    pg = offline_page(browser, blocked, intercept=False)
    pg.goto(f"{url}/route")
    expect(pg.locator("[data-testid='stMetricValue']").first).to_contain_text("km", timeout=120_000)
    return pg


#: Start watching for the first metric to read ``want``; the browser notes the moment it does.
_WATCH = """want => {
    window.cmDone = null;
    clearInterval(window.cmWatch);
    window.cmWatch = setInterval(() => {
        const el = document.querySelector("[data-testid='stMetricValue']");
        if (el && el.textContent.trim() === want && window.cmDone === null) {
            window.cmDone = Date.now();
            clearInterval(window.cmWatch);
        }
    }, 2);
}"""


def _ask(pg: Page, pid: str, want: str) -> float:
    """Pick a place as a user does; return the browser's clock (ms) when Enter went."""
    pg.locator("[data-testid='stSelectbox']").first.click()
    pg.keyboard.type(NAMES[pid])
    pg.evaluate(_WATCH, want)
    pg.keyboard.press("Enter")
    return float(pg.evaluate("Date.now()"))


def _answered(pg: Page, since: float) -> float:
    """Wait for the watched metric; return the seconds from Enter to the new value shown."""
    pg.wait_for_function("window.cmDone !== null", timeout=120_000)
    return (float(pg.evaluate("window.cmDone")) - since) / 1000


def round_trips(runs: int) -> tuple[list[float], list[float], list[float]]:
    """Return one user's round trips, the library's times, and six users' round trips.

    A round trip runs from the Enter that picks a place to the new length shown (typing the
    name is the user's time, not the app's).
    """
    app, lib, crowd = [], [], []
    km = {pid: f"{routing.route(pid, 'hohhot', 'rail').length_km:,.1f} km" for pid in PAIR}
    with running_app() as url, offline_browser() as (browser, blocked):
        pg = _route_page(browser, blocked, url)
        for i in range(runs + 2):  # the first two fill the caches and are not counted
            pid = PAIR[(i + 1) % 2]  # the page opens on the first; ask for the other
            took = _answered(pg, _ask(pg, pid, km[pid]))
            if i >= 2:
                app.append(took)
            start = time.perf_counter()
            routing.route(pid, "hohhot", "rail")
            if i >= 2:
                lib.append(time.perf_counter() - start)
        pages = [pg] + [_route_page(browser, blocked, url) for _ in range(USERS - 1)]
        for i in range(max(2, runs // 2)):
            pid = PAIR[(i + runs + 3) % 2]
            asked = [_ask(page, pid, km[pid]) for page in pages]  # within a second or so
            crowd += [_answered(page, at) for page, at in zip(pages, asked, strict=True)]
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
