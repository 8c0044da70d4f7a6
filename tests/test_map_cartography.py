"""The overview map's cartography in chromium and on paper: hierarchy, legend, labels, framing."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, sync_playwright

from corridormap import _print_text, export, printmap, render, routing, settings, symbology
from corridormap.analysis.overview import flow_curve, overview_hierarchy
from tests.browser import CHROMIUM, CHROMIUM_ARGS

#: Boxes of what the default view draws: symbols, legend and the labels shown.
_BOXES = """() => {
  const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const shown = e => getComputedStyle(e).visibility === 'visible';
  return {
    legend: box(document.getElementById('cm-legend')),
    map: box(document.querySelector('.leaflet-container')),
    points: Array.from(document.querySelectorAll('.cm-port, path.cm-city')).map(box),
    labels: Array.from(document.querySelectorAll('.cm-label span, .cm-corridor-label span'))
      .filter(shown).map(e => ({box: box(e), text: e.textContent})),
    widths: Array.from(document.querySelectorAll('path.cm-corridor')).map(e => e.getAttribute('stroke-width')),
    ports: Array.from(document.querySelectorAll('.cm-port > div')).map(e => e.style.width),
    cities: Array.from(document.querySelectorAll('path.cm-city')).map(e => Math.round(e.getBoundingClientRect().width)),
    flows: document.querySelectorAll('path.cm-flow').length,
  };
}"""

#: Boxes of the route lines, the legend and the source line.
_FURNITURE = """() => {
  const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  return {
    routes: Array.from(document.querySelectorAll('.leaflet-cmRoutes-pane path')).map(box),
    legend: box(document.getElementById('cm-legend')),
    attrib: box(document.querySelector('.cm-attrib')),
  };
}"""


def _overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Page]:
    """The default HTML export, opened offline at 1400 x 900."""
    target = tmp_path_factory.mktemp("map") / "overview.html"
    target.write_text(export.map_document(render.MapView()), encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        pg = browser.new_page(viewport={"width": 1400, "height": 900})
        pg.route(
            "**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort()
        )
        pg.goto(target.as_uri())
        pg.wait_for_selector(".cm-port")
        pg.wait_for_timeout(500)
        yield pg
        browser.close()


@pytest.fixture(scope="module")
def shown(page: Page) -> dict[str, Any]:
    return dict(page.evaluate(_BOXES))


def test_default_export_draws_three_corridor_widths_and_point_sizes(shown: dict[str, Any]) -> None:
    assert len({w for w in shown["widths"]}) >= 3
    assert {f"{symbology.PORT_SIZE[k]:g}px" for k in (1, 2, 3)} <= set(shown["ports"])
    assert len(set(shown["cities"]) - {0}) >= 3


def test_no_port_or_city_lies_under_the_legend(shown: dict[str, Any]) -> None:
    inside = [p for p in shown["points"] if p[2] > shown["map"][0] and p[0] < shown["map"][2]]
    assert len(inside) >= 50
    assert not [p for p in inside if _overlap(p, shown["legend"])]


def test_visible_labels_do_not_overlap_at_the_default_zoom(shown: dict[str, Any]) -> None:
    labels = shown["labels"]
    texts = {label["text"] for label in labels}
    assert len(labels) >= 20
    assert {"呼和浩特", "包头", "满洲里铁路口岸", "二连浩特铁路口岸"} <= texts
    clashes = [
        (a["text"], b["text"])
        for i, a in enumerate(labels)
        for b in labels[i + 1 :]
        if _overlap(a["box"], b["box"])
    ]
    assert clashes == []
    under = [lb["text"] for lb in labels for p in shown["points"] if _overlap(lb["box"], p)]
    assert under == []


def test_lower_tiers_are_labelled_on_zoom(page: Page, shown: dict[str, Any]) -> None:
    assert "策克口岸" not in {label["text"] for label in shown["labels"]}  # tier 3
    page.evaluate(
        "() => { const m = Object.values(window).find(v => v && v._container && v.setView);"
        " m.setView([41.9, 101.1], m.getZoom() + 2, {animate: false}); }"
    )
    page.wait_for_timeout(400)
    after = {label["text"] for label in page.evaluate(_BOXES)["labels"]}
    assert "策克口岸" in after


def test_flow_lines_are_a_layer_off_until_switched_on(page: Page, shown: dict[str, Any]) -> None:
    assert shown["flows"] == 0
    page.locator(".leaflet-control-layers").hover()
    page.get_by_text("口岸—城市联系流").click()
    page.wait_for_timeout(300)
    assert page.evaluate(_BOXES)["flows"] == len(overview_hierarchy().flows) > 10


@pytest.mark.parametrize("width", [1400, 900])
def test_a_route_opens_clear_of_the_legend_and_the_source_line(
    page: Page, tmp_path: Path, width: int
) -> None:
    route = routing.route("erenhot_rail", "hohhot", "rail")  # ends at the bottom of its frame
    target = tmp_path / "route.html"
    target.write_text(export.map_document(render.MapView(routes=(route,))), encoding="utf-8")
    browser = page.context.browser
    assert browser is not None
    pg = browser.new_page(viewport={"width": width, "height": 640})
    pg.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    pg.goto(target.as_uri())
    pg.wait_for_selector(".cm-port")
    boxes = pg.evaluate(_FURNITURE)
    pg.close()
    assert boxes["routes"] and boxes["attrib"][3] - boxes["attrib"][1] > 20  # it wraps
    for line in boxes["routes"]:
        assert not _overlap(line, boxes["legend"]) and not _overlap(line, boxes["attrib"])


def test_overview_ranks_ports_by_trains_then_freight_then_linkage() -> None:
    h = overview_hierarchy()
    assert h.port_basis["manzhouli_rail"] == "trains" and h.point_tiers["manzhouli_rail"] == 1
    assert h.port_basis["ganqimaodu"] == "freight" and h.point_tiers["ganqimaodu"] == 1
    assert h.port_basis["zhuengadabuqi"] == "freight" and h.point_tiers["zhuengadabuqi"] == 3
    assert h.port_basis["ceke"] == "linkage"
    assert "hohhot_air" not in h.point_tiers
    assert h.point_tiers["hohhot"] < h.point_tiers["alxa"]
    assert {1, 2, 3} <= set(h.axis_tiers.values())


def test_flow_curves_between_the_same_places_part() -> None:
    left = flow_curve((0.0, 0.0), (4.0, 0.0), 0.12)
    right = flow_curve((0.0, 0.0), (4.0, 0.0), -0.12)
    assert left[0] == right[0] and left[-1] == right[-1]
    assert left[12][1] == pytest.approx(-right[12][1]) and left[12][1] > 0.4


def _limits(view: render.MapView) -> tuple[float, float]:
    family, glyphs = _print_text.font(settings.get().print_font)
    ax = printmap._figure(view, "a4", family, glyphs).axes[0]
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    return x1 - x0, y1 - y0


def test_print_map_zooms_to_a_route() -> None:
    route = routing.route("erenhot_rail", "hohhot", "rail")
    region_w, _ = _limits(render.MapView())
    route_w, _ = _limits(dataclasses.replace(render.MapView(), routes=(route,)))
    assert route_w < region_w / 3


def test_print_map_labels_in_one_language(tmp_path: Path) -> None:
    family, glyphs = _print_text.font(settings.get().print_font)
    fig = printmap._figure(render.MapView(lang="en"), "a4", family, glyphs)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "Hohhot" in texts and not any("呼和浩特" in s for s in texts)


@pytest.mark.parametrize("paper", ["a4", "square"])
def test_print_labels_keep_clear_of_the_scale_bar_and_north_arrow(paper: str) -> None:
    family, glyphs = _print_text.font(settings.get().print_font)
    route = routing.route("erenhot_rail", "hohhot", "rail")  # Baotou lies by the scale bar
    fig = printmap._figure(render.MapView(routes=(route,)), paper, family, glyphs)
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    labels = [a.get_window_extent(renderer) for a in ax.texts if a.get_zorder() == 9]
    furniture = [
        a.get_window_extent(renderer)
        for a in [*ax.patches, *ax.texts]
        if a.get_zorder() == 21 and a.get_visible()
    ]
    assert len(labels) >= 5 and len(furniture) >= 8  # 4 bar cells, 0/50/100, km, N (+ arrow)
    clashes = [(lab, f) for lab in labels for f in furniture if lab.overlaps(f)]
    assert not clashes, clashes
