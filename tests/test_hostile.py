"""Hostile names uploaded by a user stay inert everywhere they appear: map, tables, exports."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import openpyxl
import pytest
from defusedxml import ElementTree
from playwright.sync_api import sync_playwright

from corridormap import export, printmap, render, report, settings, tables, uploads, workspace
from corridormap.errors import UploadError
from tests.browser import CHROMIUM, CHROMIUM_ARGS, open_file_offline

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"onmouseover=alert(2) x="'
JS_URL = "javascript:alert(3)"
FORMULA = '=HYPERLINK("http://x","y")'
HOSTILE = (SCRIPT, ATTRIBUTE, JS_URL, FORMULA)


@pytest.fixture
def hostile_workspace(tmp_path: Path) -> Iterator[workspace.Workspace]:
    rows = [
        (SCRIPT, 111.20, 41.00),
        (ATTRIBUTE, 111.40, 41.20),
        (JS_URL, 111.60, 41.40),
        (FORMULA, 111.80, 41.60),
        ("\u202e\u200b右到左\u200d", 112.00, 41.80),
    ]
    text = "name,lon,lat,population\n" + "".join(
        f'"{n.replace(chr(34), chr(34) * 2)}",{x},{y},1000\n' for n, x, y in rows
    )
    table = uploads.read_places(text.encode(), "hostile.csv")
    with settings.override(workspace_dir=tmp_path / "ws"):
        ws = workspace.build(places=[table])
        with ws.active():
            yield ws


def test_control_and_bidi_marks_are_dropped_and_long_names_refused() -> None:
    table = uploads.read_places(
        "name,lon,lat\n\u202e\u200b右到左\u200d,112,41.8\n".encode(), "a.csv"
    )
    assert table["name_zh"].tolist() == ["右到左"]
    with pytest.raises(UploadError, match="at most 80 characters, this one has 10,000"):
        uploads.read_places(f"name,lon,lat\n{'长' * 10_000},112,41.8\n".encode(), "b.csv")


@pytest.mark.browser
def test_map_html_shows_hostile_names_as_text(
    hostile_workspace: workspace.Workspace, tmp_path: Path
) -> None:
    text = export.map_document(render.MapView(title=SCRIPT))
    for name in (SCRIPT, ATTRIBUTE):
        assert name not in text
    assert 'href="javascript' not in text.lower()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            shown = open_file_offline(
                browser, export.write_file(tmp_path / "m.html", text), hover=".city-user_1"
            )
        finally:
            browser.close()
    assert shown["dialogs"] == []
    assert shown["errors"] == []
    assert shown["injected"] == 0
    assert SCRIPT in str(shown["tooltip"])
    assert shown["heading"] == SCRIPT


def test_tables_and_exports_keep_hostile_names_as_plain_text(
    hostile_workspace: workspace.Workspace, tmp_path: Path
) -> None:
    found = report.report_tables("road", lang="en")
    access = found["accessibility"]
    names = set(access["Place"] if "Place" in access else access.iloc[:, 0])
    for name in HOSTILE:
        assert any(name in str(n) for n in names)
    rows = list(csv.reader(io.StringIO(tables.csv_bytes(access, index=False).decode("utf-8-sig"))))
    first_column = [r[0] for r in rows[1:]]
    assert any(c.startswith("'=HYPERLINK") for c in first_column)  # defused for spreadsheets
    book = openpyxl.load_workbook(io.BytesIO(report.workbook(found, lang="en")))
    cells = [
        c for row in book["Accessibility"].iter_rows() for c in row if isinstance(c.value, str)
    ]
    formula_cells = [c for c in cells if c.value.startswith("=HYPERLINK")]
    assert formula_cells and all(c.data_type == "s" for c in formula_cells)
    svg = printmap.print_map(render.MapView(title=ATTRIBUTE), paper="square", fmt="svg", dpi=72)
    tree = ElementTree.fromstring(svg)
    assert not [a for el in tree.iter() for a in el.attrib if a.lower().startswith("on")]
    assert {"script", "a", "foreignObject"}.isdisjoint(
        {el.tag.rsplit("}", 1)[-1] for el in tree.iter()}
    )
    path = tmp_path / "layers.gpkg"
    path.write_bytes(export.geopackage(render.MapView()))
    stored = set(gpd.read_file(path, layer="places")["name_zh"])
    assert set(HOSTILE) <= stored
