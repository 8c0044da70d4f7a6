"""Exports: offline HTML in chromium, print images with CJK glyphs, XLSX and GeoPackage re-read."""

from __future__ import annotations

import io
import os
import re
import resource
import shutil
import signal
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import numpy as np
import openpyxl
import pandas as pd
import pytest
from defusedxml import ElementTree
from PIL import Image, ImageChops
from playwright.sync_api import sync_playwright

from corridormap import data, export, printmap, render, report, routing, settings, tables
from corridormap.analysis.catchment import catchment
from corridormap.cli import main
from corridormap.errors import ExportError
from tests.browser import CHROMIUM, CHROMIUM_ARGS, ROOT, open_file_offline

PROBE = "<img src=x onerror=alert(1)>"
QUOTE_PROBE = '"onmouseover=alert(2) x="'
#: Jinja syntax: folium compiles some page text as a template, which would evaluate this.
TEMPLATE_PROBE = "{{ 7*7 }}{% if 1 %}x{% endif %}{{ range }}"


@pytest.fixture(scope="module")
def rail_route() -> routing.Route:
    return routing.route("erenhot_rail", "hohhot", "rail")


@pytest.fixture
def hostile_geodata(tmp_path: Path) -> Iterator[Path]:
    """The bundled layers with Hohhot and Ulanqab renamed to script-injection probes."""
    root = tmp_path / "geodata"
    shutil.copytree(ROOT / "geodata", root)
    cities = gpd.read_file(root / "cities.geojson")
    cities.loc[cities["id"] == "hohhot", ["name_zh", "name_en"]] = [PROBE, PROBE]
    cities.loc[cities["id"] == "ulanqab", ["name_zh", "name_en"]] = [QUOTE_PROBE, "=1+2"]
    cities.to_file(root / "cities.geojson", driver="GeoJSON")
    with settings.override(geodata_dir=root):
        yield root


EXE = Path(sys.executable).with_name("corridormap")


def _open_offline(html_file: Path) -> dict[str, object]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            return open_file_offline(browser, html_file, hover=".city-hohhot")
        finally:
            browser.close()


def test_html_is_one_small_file_with_everything_inline(rail_route: routing.Route) -> None:
    text = export.map_document(render.MapView(routes=(rail_route,), title="二连浩特 → 呼和浩特"))
    size = len(text.encode("utf-8"))
    assert 300_000 < size < 1_000_000, size
    # Nothing is fetched: no external script, stylesheet, image or font reference (Leaflet's
    # own attribution link is a link, not a request).
    fetching = r"""<(script|link|img|iframe|source)\b[^>]*\b(src|href)\s*=\s*["']?(https?:)?//"""
    assert not re.search(fetching, text)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", text)
    assert "<script src" not in text
    assert "© OpenStreetMap contributors (ODbL 1.0)" in text
    assert "<title>二连浩特 → 呼和浩特</title>" in text


@pytest.mark.browser
def test_html_opens_offline_with_ports_route_and_legend(
    tmp_path: Path, rail_route: routing.Route
) -> None:
    target = export.write_file(
        tmp_path / "map.html",
        export.map_document(render.MapView(routes=(rail_route,), title="口岸与腹地")),
    )
    shown = _open_offline(target)
    assert shown["attempted"] == []
    assert shown["errors"] == []
    assert shown["version"] == "1.9.4"
    placed = data.load_places()
    ports = placed[placed["kind"] == "port"]
    # All 20 ports are drawn; none is listed as missing.
    assert shown["ports"] == ports.geometry.notna().sum() == len(ports) == 20
    assert shown["notDrawn"] == ""
    assert shown["cities"] == 37
    assert shown["routes"] == 1
    assert int(str(shown["paths"])) > 50
    assert "对俄口岸" in str(shown["legend"])
    assert "OpenStreetMap" in str(shown["attribution"])
    assert shown["title"] == shown["heading"] == "口岸与腹地"


@pytest.mark.browser
def test_script_in_a_place_name_is_shown_as_text_not_run(
    tmp_path: Path, hostile_geodata: Path
) -> None:
    text = export.map_document(render.MapView(title=PROBE))
    assert PROBE not in text
    assert QUOTE_PROBE not in text
    shown = _open_offline(export.write_file(tmp_path / "hostile.html", text))
    assert shown["dialogs"] == []
    assert shown["injected"] == 0
    assert shown["errors"] == []
    assert shown["heading"] == shown["title"] == PROBE
    assert PROBE in str(shown["tooltip"])


def test_template_syntax_in_a_name_or_title_is_text_not_evaluated(tmp_path: Path) -> None:
    root = tmp_path / "geodata"
    shutil.copytree(ROOT / "geodata", root)
    cities = gpd.read_file(root / "cities.geojson")
    cities.loc[cities["id"] == "baotou", ["name_zh", "name_en"]] = [TEMPLATE_PROBE] * 2
    cities.to_file(root / "cities.geojson", driver="GeoJSON")
    with settings.override(geodata_dir=root):
        text = export.map_document(render.MapView(title=TEMPLATE_PROBE))
    assert text.count(TEMPLATE_PROBE) >= 3  # the title, the label and the popup, as written
    assert "49x" not in text and "function range" not in text and "class 'range" not in text


def test_svg_and_png_keep_probes_inert(hostile_geodata: Path) -> None:
    svg = printmap.print_map(render.MapView(title=PROBE), paper="square", fmt="svg", dpi=100)
    tree = ElementTree.fromstring(svg)
    tags = {el.tag.rsplit("}", 1)[-1] for el in tree.iter()}
    assert {"img", "script", "foreignObject", "a"}.isdisjoint(tags)
    attributes = {name for el in tree.iter() for name in el.attrib}
    assert not [a for a in attributes if a.lower().startswith("on")]
    assert b"<img" not in svg
    png = printmap.print_map(render.MapView(title=PROBE), paper="square", dpi=100)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.text["Title"] == PROBE  # plain metadata text, nothing that runs


def _image(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png)).convert("RGB")


def test_a4_png_is_300_dpi_with_real_content() -> None:
    png = printmap.print_map(render.MapView(), paper="a4")
    image = _image(png)
    # A4 landscape at 300 dpi: 297 x 210 mm = 11.69 x 8.27 in.
    assert abs(image.width - 297 / 25.4 * 300) <= 2
    assert abs(image.height - 210 / 25.4 * 300) <= 2
    assert Image.open(io.BytesIO(png)).info["dpi"] == pytest.approx((300, 300), abs=0.01)
    pixels = np.asarray(image)
    assert (pixels < 245).any(axis=2).mean() > 0.3  # mostly drawn, not blank paper
    assert len(np.unique(pixels.reshape(-1, 3), axis=0)) > 200


def test_chinese_title_glyphs_are_real_not_boxes() -> None:
    # With missing glyphs every character prints as the same box, so swapping two characters
    # would change nothing. Real glyphs make the two titles differ, and only in the title band.
    one = _image(printmap.print_map(render.MapView(title="口岸腹地"), paper="square", dpi=100))
    two = _image(printmap.print_map(render.MapView(title="腹地口岸"), paper="square", dpi=100))
    box = ImageChops.difference(one, two).getbbox()
    assert box is not None
    assert box[3] < 0.08 * one.height


def test_missing_cjk_font_is_a_clear_error() -> None:
    with (
        settings.override(print_font="DejaVu Sans"),
        pytest.raises(ExportError, match="fonts-noto-cjk"),
    ):
        printmap.print_map(render.MapView(), paper="square", dpi=72)


def test_svg_is_a4_vector() -> None:
    svg = printmap.print_map(render.MapView(lang="en"), fmt="svg")
    root = ElementTree.fromstring(svg)
    assert root.attrib["width"].startswith("841.8")  # 297 mm in points
    assert root.attrib["height"].startswith("595.2")  # 210 mm in points
    assert len(root.findall(".//{http://www.w3.org/2000/svg}path")) > 500


def test_xlsx_reads_back_equal_to_the_library() -> None:
    found = report.report_tables("rail", lang="en")
    book = report.workbook(found, report.parameters("rail", lang="en"), lang="en")
    sheets = pd.read_excel(io.BytesIO(book), sheet_name=None)
    assert list(sheets)[:3] == ["Parameters and sources", "OD length km", "OD time h"]
    od = routing.od_matrix("rail").set_index(["origin", "destination"])
    matrix = sheets["OD length km"].set_index("Port")
    expected = od.loc[("erenhot_rail", "hohhot"), "length_km"]
    got = matrix.loc[tables.place_name("erenhot_rail", "en"), tables.place_name("hohhot", "en")]
    assert got == pytest.approx(expected, rel=1e-12)  # full precision; the format rounds
    assert matrix.notna().sum().sum() == od["length_km"].notna().sum()
    assert not matrix.isna().all(axis=1).any()  # no port row without a single value
    params = sheets["Parameters and sources"].set_index("Parameters and sources")["Value"]
    assert params["Speed"] == tables.network_state("rail", "en")
    assert "high-speed 210 km/h" in params["Speed"]
    assert "OpenStreetMap" in params["Data sources"]
    access = sheets["Accessibility"]
    assert len(access) == len(found["accessibility"])
    one_call = pd.read_excel(
        io.BytesIO(report.analysis_workbook("rail", lang="en")), sheet_name=None
    )
    assert list(one_call) == list(sheets)
    pd.testing.assert_frame_equal(one_call["OD length km"], sheets["OD length km"])


def test_xlsx_stores_hostile_text_as_text() -> None:
    table = pd.DataFrame(
        {"name": [PROBE, '=HYPERLINK("http://x")', "a\x00b"], "km": [1.5, 2, None]}
    )
    book = openpyxl.load_workbook(io.BytesIO(report.workbook({"t": table})))
    sheet = book["t"]
    assert [sheet.cell(row=r, column=1).value for r in (2, 3, 4)] == [
        PROBE,
        '=HYPERLINK("http://x")',
        "ab",
    ]
    assert {sheet.cell(row=r, column=1).data_type for r in (2, 3, 4)} == {"s"}
    assert [sheet.cell(row=r, column=2).value for r in (2, 3, 4)] == [1.5, 2, None]


def test_geopackage_layers_match_the_library(tmp_path: Path, rail_route: routing.Route) -> None:
    caught = catchment("rail")
    blob = export.geopackage(render.MapView(routes=(rail_route,)), caught)
    path = tmp_path / "layers.gpkg"
    path.write_bytes(blob)
    layers = {n: gpd.read_file(path, layer=n) for n in ("places", "routes", "catchments")}
    assert len(layers["places"]) == 59
    assert layers["places"].crs.to_epsg() == 4326
    r = layers["routes"].iloc[0]
    assert (r["origin"], r["destination"]) == ("erenhot_rail", "hohhot")
    assert r["length_km"] == pytest.approx(rail_route.length_km, abs=1e-3)
    assert len(layers["catchments"]) == (caught["port"].fillna("") != "").sum() == 34


def test_write_file_never_overwrites_without_force(tmp_path: Path) -> None:
    target = export.write_file(tmp_path / "a.html", "first")
    with pytest.raises(ExportError, match="exists; use --force"):
        export.write_file(target, "second")
    assert target.read_text() == "first"
    export.write_file(target, "second", force=True)
    assert target.read_text() == "second"
    with pytest.raises(ExportError, match="does not exist"):
        export.write_file(tmp_path / "no" / "a.html", "x")
    with pytest.raises(ExportError, match="is a folder"):
        export.write_file(tmp_path, "x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.html"]


def test_cli_export_writes_each_format_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    args = ["export", "--mode", "rail", "--route", "二连浩特", "呼和浩特", "--lang", "en"]
    files = ["--html", str(out / "m.html"), "--xlsx", str(out / "t.xlsx"), "--csv", str(out)]
    assert main([*args, *files]) == 0
    written = capsys.readouterr().out
    assert "m.html" in written and "t.xlsx" in written
    csv_file = out / "corridormap_rail_od_length_km.csv"
    assert csv_file.read_bytes().startswith(b"\xef\xbb\xbf")
    first = (out / "m.html").read_bytes()
    assert b"route-erenhot_rail-hohhot" in first
    assert main([*args, "--html", str(out / "m.html")]) == 2
    assert "exists; use --force" in capsys.readouterr().err
    assert (out / "m.html").read_bytes() == first
    assert main(["export", "--mode", "rail", "--png", str(out / "m.jpg")]) == 2
    assert ".png" in capsys.readouterr().err
    assert main(["export", "--mode", "rail"]) == 2
    assert "at least one output" in capsys.readouterr().err
    assert main(["export", "--mode", "rail", "--html", str(tmp_path / "nope" / "m.html")]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert not (out / "m.jpg").exists()


def test_exported_files_take_the_umask_mode(tmp_path: Path) -> None:
    written = export.write_file(tmp_path / "m.html", "<p>x</p>")
    mask = os.umask(0o022)
    os.umask(mask)
    assert stat.S_IMODE(written.stat().st_mode) == 0o666 & ~mask


def _limit_file_size() -> None:
    # a "full disk" for this process only: writes past 64 KiB fail with EFBIG
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))


def test_a_multi_file_export_that_fails_part_way_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    # the OD CSVs are small, the offline HTML map (inlined Leaflet and layers) is not
    done = subprocess.run(
        [str(EXE), "export", "--mode", "rail", "--route", "二连浩特", "呼和浩特",
         "--csv", str(out), "--html", str(out / "m.html")],
        capture_output=True, text=True, timeout=600, check=False,
        preexec_fn=_limit_file_size,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert "no file was written" in done.stderr
    assert sorted(p.name for p in out.iterdir()) == []
