"""The browser helpers keep chromium offline, whether a page's requests are held or watched."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tests.browser import offline_browser, offline_page

PAGE = b"""<!doctype html><p id="here">local page</p><script>
window.outcome = Promise.all(["http://192.0.2.1/x.js", "http://example.com/y.js"].map(
    u => fetch(u, {mode: "no-cors"}).then(() => "loaded", () => "failed")));
</script>"""


class _Page(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, *args: object) -> None:
        del args


@contextmanager
def _local_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.browser
@pytest.mark.parametrize("intercept", [True, False])
def test_local_pages_load_and_every_other_request_fails_and_is_recorded(intercept: bool) -> None:
    with _local_server() as url, offline_browser() as (browser, blocked):
        pg = offline_page(browser, blocked, intercept=intercept)
        pg.goto(url)
        assert pg.locator("#here").inner_text() == "local page"
        assert pg.evaluate("window.outcome") == ["failed", "failed"]
    assert sorted(blocked) == ["http://192.0.2.1/x.js", "http://example.com/y.js"]
