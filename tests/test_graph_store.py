"""The on-disk store of built network states: reuse across processes, invalidation, repair."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely import LineString

from corridormap import data, graph_store, network, routing, settings

REPO = Path(__file__).resolve().parents[1]

_SECOND_PROCESS = """
import json, sys
from corridormap import routing
od = routing.od_matrix("rail")
print(json.dumps({"osmnx_loaded": "osmnx" in sys.modules,
                  "od": od.fillna(-1).to_dict("records")}))
"""


def test_a_second_process_reads_the_stored_graph_and_gives_the_same_od(tmp_path: Path) -> None:
    with settings.override(cache_dir=tmp_path):
        routing._graph.cache_clear()
        here = routing.od_matrix("rail")
        routing._graph.cache_clear()
    entries = list((tmp_path / "graphs").iterdir())
    assert len(entries) == 1 and (entries[0] / "manifest.json").is_file()
    env = {**os.environ, "CORRIDORMAP_CACHE_DIR": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", _SECOND_PROCESS], env=env, capture_output=True, text=True, check=True
    )
    there = json.loads(out.stdout)
    assert there["osmnx_loaded"] is False  # read back, not built again
    theirs = pd.DataFrame(there["od"]).replace(-1, np.nan)
    assert (here["status"] == "ok").sum() > 100
    pd.testing.assert_frame_equal(here.reset_index(drop=True), theirs, check_dtype=False)


def test_a_stored_graph_is_the_built_graph(tmp_path: Path) -> None:
    with settings.override(cache_dir=tmp_path):
        built = graph_store.load_or_build("rail")
        read = graph_store.load_or_build("rail")
    assert read is not built and "osmnx" not in type(read).__module__
    for table in ("attrs", "nodes", "snaps"):
        pd.testing.assert_frame_equal(_plain(getattr(read, table)), _plain(getattr(built, table)))
    rows = np.arange(0, len(built.attrs), 997)
    assert all(
        a.equals(b) for a, b in zip(read.geometry_of(rows), built.geometry[rows], strict=True)
    )
    assert read.G.number_of_edges() == built.G.number_of_edges()


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a table as Python objects, every missing value as None (None and NaN alike)."""
    out = frame.astype(object)
    return out.where(frame.notna(), None)


def _route_h(root: Path, cache: Path, **changes: object) -> tuple[float, Path | None]:
    with settings.override(geodata_dir=root, cache_dir=cache, **changes):
        where = graph_store.entry_dir("rail")
        return graph_store.load_or_build("rail").attrs["travel_time"].sum(), where


def test_a_changed_data_file_or_speed_is_a_new_entry(tiny_geodata: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first, where = _route_h(tiny_geodata, cache)
    again, same = _route_h(tiny_geodata, cache)
    assert (again, same) == (first, where)
    edges = gpd.read_parquet(tiny_geodata / "rail_edges.parquet")
    edges.loc[0, "geometry"] = LineString([(110.0, 40.0), (110.2, 40.3), (110.5, 40.0)])
    edges.loc[0, "length_m"] = edges.loc[0, "length_m"] * 1.5
    edges.to_parquet(tiny_geodata / "rail_edges.parquet")
    data._edges.cache_clear()  # this process keeps layers it read; a new process would not
    longer, changed = _route_h(tiny_geodata, cache)
    assert changed != where and longer > first
    speeds = {p: dict(v) for p, v in settings.get().class_speeds.items()}
    speeds["passenger"]["conventional"] = 35.0
    slower, other = _route_h(tiny_geodata, cache, class_speeds=speeds)
    assert other not in (where, changed) and slower > longer


def test_a_corrupt_entry_is_rebuilt_with_a_log_line(
    tiny_geodata: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    first, where = _route_h(tiny_geodata, tmp_path)
    assert where is not None
    (where / "edges.parquet").write_bytes(b"not parquet at all")
    with caplog.at_level(logging.WARNING, logger="corridormap.graph_store"):
        again, _ = _route_h(tiny_geodata, tmp_path)
    assert again == first
    assert any(
        "unreadable" in r.getMessage() and "rebuilding" in r.getMessage() for r in caplog.records
    )
    assert (where / "edges.parquet").read_bytes()[:4] == b"PAR1"  # written again


def test_the_cli_repairs_a_corrupt_entry_without_a_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "CORRIDORMAP_CACHE_DIR": str(tmp_path)}
    cmd = [
        sys.executable,
        "-m",
        "corridormap.cli",
        "route",
        "呼和浩特",
        "二连浩特",
        "--mode",
        "rail",
    ]
    ok = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True, cwd=REPO)
    (entry,) = (tmp_path / "graphs").iterdir()
    (entry / "manifest.json").write_text("{ truncated", encoding="utf-8")
    again = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False, cwd=REPO)
    assert again.returncode == 0 and again.stdout == ok.stdout
    assert "unreadable" in again.stderr and "Traceback" not in again.stderr


def test_the_store_keeps_within_its_size(tiny_geodata: Path, tmp_path: Path) -> None:
    for year in (2016, 2020, 2024):
        _route_h(tiny_geodata, tmp_path, year=year, cache_max_mb=0.001)
    kept = [p for p in (tmp_path / "graphs").iterdir() if not p.name.startswith(".")]
    assert len(kept) == 1  # only the entry just written survives so small a limit


def test_a_store_that_cannot_be_written_is_skipped(
    tiny_geodata: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the store's folder would go", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="corridormap.graph_store"):
        total, _ = _route_h(tiny_geodata, blocker)
    assert total > 0
    assert any("cannot be written" in r.getMessage() for r in caplog.records)


def test_no_store_builds_every_time(tiny_geodata: Path) -> None:
    with settings.override(geodata_dir=tiny_geodata, cache_dir=None):
        assert graph_store.entry_dir("rail") is None
        assert isinstance(graph_store.load_or_build("rail"), network.ModeGraph)
