"""The measures on the map, in the GeoPackage and in the workbook."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pyogrio
import pytest

from corridormap import export, render, report
from corridormap.analysis import isochrones
from corridormap.measure_layers import MeasureLayers
from tests.test_cli import run


@pytest.fixture(scope="module")
def layers() -> MeasureLayers:
    base = report.measure_layers("rail")
    bands = isochrones.isochrones("erenhot_rail", "rail", hours=[1, 2])
    reached = isochrones.reached_network("erenhot_rail", "rail", hours=[1, 2])
    return MeasureLayers(
        isochrones=bands,
        reached=reached,
        breaking=base.breaking,
        breaking_routes=base.breaking_routes,
        field=base.field,
        linkage_nodes=base.linkage_nodes,
        linkage_links=base.linkage_links,
    )


def test_the_map_draws_every_measure_with_its_legend(layers: MeasureLayers) -> None:
    html = render.map_html(render.network_map(render.MapView(lang="en", measures=layers)))
    assert html.count("cm-isochrone cm-band-") == 2
    assert html.count('"cm-breaking"') == int((layers.breaking["status"] == "ok").sum())
    drawn = int((layers.field["cells"] > 0).sum())
    assert html.count('"cm-field"') == drawn
    assert html.count("cm-linkage-node") >= 1
    for text in ("within 2 h", "Breaking point (on the route)", "Linkage class 1"):
        assert text in html
    assert "unpkg.com" not in html and "cdn.jsdelivr" not in html


def test_the_geopackage_holds_the_spatial_measures(layers: MeasureLayers, tmp_path: Path) -> None:
    target = tmp_path / "m.gpkg"
    target.write_bytes(export.geopackage(render.MapView(measures=layers)))
    names = dict(pyogrio.list_layers(target))
    assert names["isochrones"] in ("Polygon", "MultiPolygon")
    assert names["breaking_points"] == "Point"
    assert names["field_hinterlands"] in ("Polygon", "MultiPolygon")
    assert names["linkage_links"] == "LineString"
    points = pyogrio.read_dataframe(target, layer="breaking_points")
    assert len(points) == int((layers.breaking["status"] == "ok").sum())


def test_the_measure_tables_have_unique_headers_in_both_languages(layers: MeasureLayers) -> None:
    for lang in ("zh", "en"):
        for name, table in report.measure_tables(layers, lang=lang).items():
            assert table.columns.is_unique, (lang, name)
            assert "geometry" not in table.columns


def test_cli_export_adds_the_measures_to_the_workbook(tmp_path: Path) -> None:
    out = run("export", "--mode", "rail", "--measures", "--xlsx", str(tmp_path / "t.xlsx"))
    assert out.returncode == 0, out.stderr
    book = openpyxl.load_workbook(io.BytesIO((tmp_path / "t.xlsx").read_bytes()))
    for sheet in ("断裂点", "场强腹地", "联系网络-地点", "联系网络-联系"):
        assert sheet in book.sheetnames


def test_the_measures_texts_shadow_no_other_text() -> None:
    import inspect

    from corridormap import i18n
    from corridormap._i18n_measures import MEASURE_TEXT

    source = inspect.getsource(i18n)
    assert [k for k in MEASURE_TEXT if f'"{k}":' in source] == []
    assert i18n.t("col_b", "en") == "Exponent b"  # gravity's b, not a breaking-point centre


def test_the_print_map_draws_the_measures_and_their_legend(layers: MeasureLayers) -> None:
    from corridormap import _print_measures, printmap

    labels = [h.get_label() for h in _print_measures.handles(layers, "en")]
    assert "within 2 h" in labels
    assert "Breaking point (on the route)" in labels
    assert "Linkage class 3" in labels
    plain = printmap.print_map(render.MapView(), fmt="png", dpi=60)
    drawn = printmap.print_map(render.MapView(measures=layers), fmt="png", dpi=60)
    assert drawn.startswith(b"\x89PNG") and drawn != plain
