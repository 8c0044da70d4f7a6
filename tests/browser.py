"""Helpers for the end-to-end tests: start the real app, drive Debian chromium offline."""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Dialog, Page, Route, expect, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    # Every request beyond the loopback (which chromium never proxies) goes to a closed port.
    "--proxy-server=http://127.0.0.1:9",
]
LOCAL = (
    "http://127.0.0.1",
    "http://localhost",
    "ws://127.0.0.1",
    "ws://localhost",
    "data:",
    "blob:",
    "about:",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


#: Process id of each running app, by URL (for memory figures).
APP_PIDS: dict[str, int] = {}


@contextmanager
def running_app(timeout_s: float = 120.0, *, warm: bool = True) -> Iterator[str]:
    """Start the app as ``scripts/app.sh`` does (``serve.py``) on a free port; yield its URL.

    With ``warm=False`` it is a plain ``streamlit run app.py`` (no caches warmed at start-up).
    """
    port = free_port()
    log = tempfile.TemporaryFile()
    start = (
        [sys.executable, str(ROOT / "serve.py")]
        if warm
        else [str(Path(sys.executable).with_name("streamlit")), "run", str(ROOT / "app.py")]
    )
    proc = subprocess.Popen(
        [
            *start,
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        else:
            log.seek(0)
            raise RuntimeError(
                f"the app did not answer its health check in time:\n{log.read().decode()[-2000:]}"
            )
        APP_PIDS[url] = proc.pid
        yield url
    finally:
        APP_PIDS.pop(url, None)
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@contextmanager
def offline_browser() -> Iterator[tuple[Browser, list[str]]]:
    """Yield a chromium browser and the list of non-local requests it tried (all blocked)."""
    blocked: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser, blocked
        finally:
            browser.close()


def offline_page(
    browser: Browser, blocked: list[str], *, intercept: bool = True, **context_args: object
) -> Page:
    """Open a page whose every non-local request is recorded in ``blocked`` and fails.

    With ``intercept`` (the tests) each request is held and the non-local ones are aborted
    here; without it (the timing benchmarks, since holding every request costs about 0.1 s a
    page) they are only watched, and fail at the browser's closed proxy.
    """
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, **context_args)  # type: ignore[arg-type]
    if not intercept:
        context.on("request", lambda r: None if r.url.startswith(LOCAL) else blocked.append(r.url))
        return context.new_page()

    def guard(route: Route) -> None:
        url = route.request.url
        if url.startswith(LOCAL):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context.route("**/*", guard)
    return context.new_page()


def open_file_offline(
    browser: Browser, html_file: Path, hover: str | None = None
) -> dict[str, object]:
    """Open an exported map file with every other request blocked; return what it showed.

    ``attempted`` lists every request other than the file itself (all aborted), ``errors``
    the script errors, ``dialogs`` any alert that ran; ``hover`` names an element whose
    tooltip to open first.
    """
    attempted: list[str] = []
    errors: list[str] = []
    dialogs: list[str] = []
    url = html_file.as_uri()
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()

    def guard(route: Route) -> None:
        if route.request.url == url:
            route.continue_()
        else:
            attempted.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(url)
    page.wait_for_selector(".cm-port", timeout=30_000)
    if hover:
        page.dispatch_event(hover, "mouseover")
        page.wait_for_timeout(300)
    shown = page.evaluate(
        """() => ({
            ports: document.querySelectorAll('.cm-port').length,
            cities: document.querySelectorAll('.cm-city').length,
            routes: document.querySelectorAll('path.cm-route').length,
            paths: document.querySelectorAll('.leaflet-overlay-pane path').length,
            notDrawn: document.querySelector('.cm-not-drawn')?.textContent ?? '',
            legend: document.querySelector('#cm-legend')?.textContent ?? '',
            attribution: document.querySelector('.cm-attrib')?.textContent ?? '',
            title: document.title,
            heading: document.querySelector('.cm-title')?.textContent ?? '',
            tooltip: document.querySelector('.leaflet-tooltip')?.textContent ?? '',
            injected: document.querySelectorAll('img[src="x"], [onmouseover]').length,
            version: window.L ? L.version : null,
        })"""
    )
    page.screenshot(path=str(html_file.with_suffix(".png")))
    context.close()
    return {**shown, "attempted": attempted, "errors": errors, "dialogs": dialogs}


def idle(pg: Page) -> None:
    pg.wait_for_timeout(300)
    pg.wait_for_selector("[data-testid='stStatusWidget']", state="detached", timeout=120_000)
    pg.wait_for_timeout(300)


def pick(pg: Page, index: int, text: str) -> None:
    pg.locator("[data-testid='stSelectbox']").nth(index).click()
    pg.keyboard.type(text)
    pg.wait_for_timeout(400)
    pg.keyboard.press("Enter")
    idle(pg)


def shows_km(pg: Page, km: float) -> None:
    """Wait until the first length metric shows ``km`` as the app rounds it (0.1 km)."""
    expect(pg.locator("[data-testid='stMetricValue']").first).to_have_text(
        f"{km:,.1f} km", timeout=120_000
    )
