"""Own data joins routing, analysis and maps through a workspace; the bundled data never changes."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyproj import Geod

from corridormap import export, extracts, places, render, routing, settings, uploads, workspace
from corridormap.analysis.catchment import catchment
from corridormap.cli import main
from corridormap.errors import NotOnNetworkError, UnknownPlaceError, UploadError
from tests.browser import ROOT

GEOD = Geod(ellps="WGS84")


@pytest.fixture(autouse=True)
def _own_workspace_dir(tmp_path: Path) -> Iterator[None]:
    with settings.override(workspace_dir=tmp_path / "workspaces"):
        yield


def _fingerprint(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _point(place_id: str) -> tuple[float, float]:
    g = places.gazetteer().places[place_id]
    assert g.lon is not None and g.lat is not None
    return g.lon, g.lat


def _line(name: str, coords: list[tuple[float, float]], mode: str = "rail") -> bytes:
    feature = {
        "type": "Feature",
        "properties": {"name": name, "mode": mode},
        "geometry": {"type": "LineString", "coordinates": [list(c) for c in coords]},
    }
    return json.dumps({"type": "FeatureCollection", "features": [feature]}).encode()


def test_an_uploaded_city_is_routed_like_a_bundled_one_at_the_same_spot() -> None:
    lon, lat = _point("hohhot")
    table = uploads.read_places(f"名称,经度,纬度\n影子城,{lon},{lat}\n".encode(), "c.csv")
    ws = workspace.build(places=[table])
    with ws.active():
        shadow = routing.route("erenhot_rail", "影子城", "rail")
        assert shadow.destination.id == "user_1"
        assert "user_1" in catchment("rail").index
        assert "影子城" in export.map_document(render.MapView())
    bundled = routing.route("erenhot_rail", "hohhot", "rail")
    assert shadow.length_km == pytest.approx(bundled.length_km, abs=1e-3)
    with pytest.raises(UnknownPlaceError):
        places.gazetteer().resolve("影子城")  # outside the workspace it does not exist


def test_a_planned_corridor_is_a_scenario_joined_where_it_says() -> None:
    start, end = _point("erenhot_rail"), _point("baotou")
    line = uploads.read_corridor(_line("二包直线", [start, end]), "line.geojson")
    before = _fingerprint(ROOT / "geodata")
    ws = workspace.build(corridors=[line])
    assert _fingerprint(ROOT / "geodata") == before

    # the freight profile joins Baotou at the foot of the nearest track, as the corridor end
    # does (the passenger profile would board at its stations); shortest routes, as measured
    def freight() -> contextlib.AbstractContextManager[object]:
        return settings.override(profile={"rail": "freight", "road": "car"}, route_by="length")

    with ws.active(), freight():
        snaps = routing.cached_graph("rail").snaps
        off = routing.route("erenhot_rail", "baotou", "rail")
        on = routing.route("erenhot_rail", "baotou", "rail", planned=list(ws.corridors))
    joins = ws.joins.set_index("end")["snap_m"]
    # each end joins the network where the place at that end does
    assert joins["start"] == pytest.approx(snaps.at["erenhot_rail", "snap_m"], abs=1.0)
    assert joins["end"] == pytest.approx(snaps.at["baotou", "snap_m"], abs=1.0)
    straight_km = GEOD.line_length([start[0], end[0]], [start[1], end[1]]) / 1000
    # place -> foot (access) -> back up the join to the drawn end -> the line -> down -> place
    expected = straight_km + 2 * (joins["start"] + joins["end"]) / 1000
    assert on.length_km == pytest.approx(expected, abs=0.01)
    assert on.lines[0][0] == "二包直线"
    with freight():
        bundled_off = routing.route("erenhot_rail", "baotou", "rail").length_km
    assert off.length_km == pytest.approx(bundled_off)
    assert off.length_km > on.length_km + 100


def test_a_corridor_far_from_the_network_is_refused_with_the_distance() -> None:
    far = uploads.read_corridor(_line("远线", [(104.0, 44.5), _point("baotou")]), "far.geojson")
    with pytest.raises(UploadError, match=r"its start lies [\d,.]+ km from the rail network") as e:
        workspace.build(corridors=[far])
    km = float(str(e.value).split("lies ")[1].split(" km")[0].replace(",", ""))
    assert km > settings.get().max_snap_m["rail"] / 1000


def test_the_same_uploads_give_the_same_folder_and_others_do_not() -> None:
    a = uploads.read_places("名称,经度,纬度\n甲镇,111.0,42.0\n".encode(), "a.csv")
    b = uploads.read_places("名称,经度,纬度\n乙镇,111.0,42.0\n".encode(), "b.csv")
    assert workspace.build(places=[a]).path == workspace.build(places=[a]).path
    assert workspace.build(places=[a]).path != workspace.build(places=[b]).path


def test_a_workspace_is_seen_only_by_its_own_thread() -> None:
    table = uploads.read_places("名称,经度,纬度\n线程镇,111.0,42.0\n".encode(), "t.csv")
    ws = workspace.build(places=[table])
    seen: dict[str, object] = {}
    ready, done = threading.Event(), threading.Event()

    def other() -> None:
        ready.wait(10)
        try:
            places.gazetteer().resolve("线程镇")
            seen["other"] = "found"
        except UnknownPlaceError:
            seen["other"] = "unknown"
        done.set()

    thread = threading.Thread(target=other)
    thread.start()
    with ws.active():
        ready.set()
        done.wait(10)
        seen["own"] = places.gazetteer().resolve("线程镇").id
    thread.join(10)
    assert seen == {"other": "unknown", "own": "user_1"}


def test_cli_runs_with_own_places_and_corridor_this_run_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lon, lat = _point("baotou")
    cities = tmp_path / "cities.csv"
    cities.write_bytes(f"名称,经度,纬度,常住人口\n包头新城,{lon},{lat},1000\n".encode("gb18030"))
    line = tmp_path / "line.geojson"
    line.write_bytes(_line("二包直线", [_point("erenhot_rail"), (lon, lat)]))
    args = ["route", "二连浩特", "包头新城", "--mode", "rail"]
    assert main([*args, "--places", str(cities), "--corridor", str(line)]) == 0
    out = capsys.readouterr()
    assert "二包直线" in out.out
    assert "start joined the rail network" in out.err
    assert main(args) == 2
    assert "no place called '包头新城'" in capsys.readouterr().err
    assert main([*args, "--places", str(tmp_path / "missing.csv")]) == 2
    assert "cannot read the file" in capsys.readouterr().err


def _branch_osm(
    start: tuple[float, float], away_from: tuple[float, float]
) -> tuple[bytes, list[tuple[float, float]]]:
    """An OSM extract: a new 3-node railway from ``start`` to about 30 km east or west of it.

    It leaves ``start`` heading away from ``away_from`` (the port whose foot ``start`` is), so
    no part of it lies nearer the port than its foot and the port keeps its access leg.
    """
    step = 0.2 if start[0] >= away_from[0] else -0.2
    coords = [start, (start[0] + step, start[1]), (start[0] + 2 * step, start[1])]
    nodes = "".join(
        f'<node id="{i}" lat="{lat}" lon="{lon}" version="1"/>'
        for i, (lon, lat) in enumerate(coords, start=1)
    )
    way = '<way id="7" version="1"><nd ref="1"/><nd ref="2"/><nd ref="3"/>'
    way += '<tag k="railway" v="rail"/><tag k="name" v="新支线"/></way>'
    return f'<osm version="0.6">{nodes}{way}</osm>'.encode(), coords


def _foot_of(place_id: str) -> tuple[float, float]:
    mg = routing.cached_graph("rail")
    access = next(v for _, v in mg.G.out_edges(mg.snaps.at[place_id, "node"]))
    return mg.G.nodes[access]["x"], mg.G.nodes[access]["y"]


@pytest.mark.parametrize("use", ["extend", "replace"])
def test_an_osm_extract_extends_or_replaces_the_rail_network(use: str) -> None:
    content, coords = _branch_osm(_foot_of("erenhot_rail"), _point("erenhot_rail"))
    edges = extracts.edges_from_osm_xml(content, "branch.osm", "rail")
    end = coords[-1]
    town = uploads.read_places(f"名称,经度,纬度\n支线镇,{end[0]},{end[1]}\n".encode(), "t.csv")
    ws = workspace.build(places=[town], networks={"rail": (edges, use)})
    lons, lats = zip(*coords, strict=True)
    branch_km = GEOD.line_length(lons, lats) / 1000
    with ws.active():
        r = routing.route("erenhot_rail", "支线镇", "rail")
        access_km = r.access_km[0]
        if use == "replace":
            with pytest.raises(NotOnNetworkError):
                routing.route("erenhot_rail", "hohhot", "rail")
        else:
            kept = routing.route("erenhot_rail", "hohhot", "rail", by="length").length_km
    if use == "extend":  # shortest routes: the lengths compare exactly
        bundled = routing.route("erenhot_rail", "hohhot", "rail", by="length").length_km
        assert kept == pytest.approx(bundled)
    assert r.length_km == pytest.approx(access_km + branch_km, abs=0.01)
    assert r.lines[-1][0] == "新支线"
    assert ws.networks["rail"][0] == use
    if use == "extend":
        assert ws.networks["rail"][1] >= 1  # the branch's dead end at the foot was joined


def test_cli_network_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content, coords = _branch_osm(_foot_of("erenhot_rail"), _point("erenhot_rail"))
    osm = tmp_path / "branch.osm"
    osm.write_bytes(content)
    town = tmp_path / "town.csv"
    town.write_text(f"名称,经度,纬度\n支线镇,{coords[-1][0]},{coords[-1][1]}\n", encoding="utf-8")
    args = ["route", "二连浩特", "支线镇", "--mode", "rail", "--places", str(town)]
    assert main([*args, "--network", str(osm)]) == 0
    assert "新支线" in capsys.readouterr().out
    assert main(["places", "--network", str(osm)]) == 2
    assert "--network needs --mode" in capsys.readouterr().err


def test_old_workspaces_expire_and_their_number_is_bounded(tmp_path: Path) -> None:
    root = settings.get().workspace_dir
    root.mkdir(parents=True)
    now = time.time()
    stale = root / "stale"
    stale.mkdir()
    os.utime(stale, (now - 25 * 3600, now - 25 * 3600))  # older than the 24 h default
    recent = []
    for i in range(3):
        folder = root / f"recent{i}"
        folder.mkdir()
        os.utime(folder, (now - 60 * (i + 1), now - 60 * (i + 1)))
        recent.append(folder)
    building = root / ".half-written"  # a build under way is never touched
    building.mkdir()
    lon, lat = _point("hohhot")
    table = uploads.read_places(f"名称,经度,纬度\n影子城,{lon},{lat}\n".encode(), "c.csv")
    with settings.override(workspace_max_count=3):
        ws = workspace.build(places=[table])
    left = sorted(p.name for p in root.iterdir())
    # the new one and the two newest old ones stay; the stale and the fourth newest go
    assert left == sorted([".half-written", ws.path.name, "recent0", "recent1"])
