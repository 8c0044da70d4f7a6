"""The committed geodata/ is what the build script makes from ../shared/geodata-raw."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT.parent / "shared" / "geodata-raw"

pytestmark = pytest.mark.skipif(
    not RAW.is_dir(), reason="../shared/geodata-raw is not beside the repo"
)


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("geodata")
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "build_geodata.py"),
            "--raw",
            str(RAW),
            "--out",
            str(out),
        ],
        check=True,
        capture_output=True,
        timeout=900,
    )
    return out


@pytest.mark.parametrize(
    "name",
    [
        "rail_edges.parquet",
        "road_edges.parquet",
        "rail_stations.geojson",
        "ports.geojson",
        "cities.geojson",
        "corridors.geojson",
        "basemap_provinces.geojson",
        "basemap_countries.geojson",
        "basemap_borders.geojson",
    ],
)
def test_committed_layer_equals_a_fresh_build(rebuilt: Path, name: str) -> None:
    read = gpd.read_parquet if name.endswith(".parquet") else gpd.read_file
    committed, fresh = read(ROOT / "geodata" / name), read(rebuilt / name)
    pd.testing.assert_frame_equal(
        pd.DataFrame(committed.drop(columns="geometry")),
        pd.DataFrame(fresh.drop(columns="geometry")),
        check_dtype=False,
    )
    missing = committed.geometry.isna()
    assert (missing == fresh.geometry.isna()).all()
    assert (
        committed.geometry[~missing]
        .geom_equals_exact(fresh.geometry[~missing], tolerance=1e-9)
        .all()
    )


def test_every_geodata_file_is_named_in_sources() -> None:
    sources = (ROOT / "geodata" / "SOURCES.md").read_text(encoding="utf-8")
    for path in (ROOT / "geodata").rglob("*"):
        if path.is_file() and path.name not in ("SOURCES.md",):
            assert path.name in sources, path
    assert "© OpenStreetMap contributors" in sources


def test_port_set_adds_up() -> None:
    ports = gpd.read_file(ROOT / "geodata" / "ports.geojson")
    assert ports["port_type"].value_counts().to_dict() == {"road": 12, "air": 6, "rail": 2}
    land = ports[ports["port_type"] != "air"]
    assert land["faces"].value_counts().to_dict() == {"Mongolia": 10, "Russia": 4}
    trains = ports.set_index("id")["trains_2022"]
    assert trains["manzhouli_rail"] == 4818
    assert trains["erenhot_rail"] == 2519
