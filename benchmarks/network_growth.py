"""Benchmark: the network steps on synthetic road networks 1×, 10× and 100× the bundled one.

Run: ``.venv/bin/python -m benchmarks.network_growth [--sizes 1,10,100] [--repeat 3]``.
The synthetic layer is a jittered lattice of two-point lines in EPSG:4326 over 105–125 E,
38–50 N (seed 16), every row joined east–west and about two thirds of the north–south links
kept, so that 1× has the bundled road graph's ~41,700 nodes and ~140,000 directed edges; 5 %
of the lines are expressways, the rest main roads. Each size runs in a fresh process (so its
peak resident memory is its own) and times, median of ``--repeat`` runs (``--big-repeat`` at
100× and above):

- ``table build``: :func:`corridormap.network.edge_tables` of the layer;
- ``store write`` / ``store read``: a graph store entry of that :class:`ModeGraph`;
- ``arrays + weights``: the edge arrays of the read-back graph and its sparse matrices;
- ``route``: ``best_path`` + ``path_rows`` between the far corners (matrices built);
- ``OD 12x40``: one SciPy ``dijkstra`` from 12 origins and the carried length summed along
  the trees, as :func:`corridormap.routing.od_matrix` does, read at 40 destinations;
- the alternative, ``osmnx graph`` (:func:`corridormap.network.graph_from_tables`) and
  ``osmnx route`` (``osmnx.routing.shortest_path``, same corners), up to ``--alternative-up-to``
  times the bundled size only: at 100× the MultiDiGraph would not fit the machine's memory.

Wall and CPU seconds are both printed (other work on a shared machine inflates wall time;
Parquet and the osmnx build may use more than one core). Memory is the peak resident set
during the step above what the process held before it (``VmHWM`` of ``/proc/self/status``,
reset through ``/proc/self/clear_refs`` after ``malloc_trim``), and the process's peak over
all steps. Ratios are to the smallest size. 1×, 10× and 100× take about 8 minutes on a
2-core machine, most of it the single run at 100× (a median of one).
"""

from __future__ import annotations

import argparse
import ctypes
import functools
import itertools
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import scipy.sparse.csgraph
import shapely

from corridormap import graph_store, network, settings
from corridormap._graph_arrays import (
    EdgeArrays,
    along_tree,
    arrays_of,
    best_path,
    path_rows,
    weights,
)
from corridormap.geometry import geodesic_lengths_m

#: Nodes and undirected edges of the bundled road graph (1×).
ROAD_NODES, ROAD_EDGES = 41_700, 70_000
BOX = (105.0, 38.0, 125.0, 50.0)
SIDES = (False, False)
STEPS = (
    "table build",
    "store write",
    "store read",
    "arrays + weights",
    "route",
    "OD 12x40",
    "osmnx graph",
    "osmnx route",
)


def synthetic_edges(factor: float, *, seed: int = 16) -> gpd.GeoDataFrame:
    """Return an undirected road layer ``factor`` times the bundled one (jittered lattice)."""
    rng = np.random.default_rng(seed)
    west, south, east, north = BOX
    rows = round(np.sqrt(ROAD_NODES * factor * (north - south) / (east - west)))
    cols = round(ROAD_NODES * factor / rows)
    dx, dy = (east - west) / (cols - 1), (north - south) / (rows - 1)
    ids = np.arange(rows * cols, dtype=np.int64).reshape(rows, cols)
    lon = west + dx * (np.arange(cols) + rng.uniform(-0.3, 0.3, (rows, cols)))
    lat = south + dy * (np.arange(rows)[:, None] + rng.uniform(-0.3, 0.3, (rows, cols)))
    u_east, v_east = ids[:, :-1].ravel(), ids[:, 1:].ravel()
    u_north, v_north = ids[:-1, :].ravel(), ids[1:, :].ravel()
    share = (ROAD_EDGES * factor - len(u_east)) / len(u_north)
    keep = rng.random(len(u_north)) < share
    u = np.concatenate([u_east, u_north[keep]])
    v = np.concatenate([v_east, v_north[keep]])
    x, y = lon.ravel(), lat.ravel()
    coords = np.column_stack(
        [np.column_stack([x[u], x[v]]).ravel(), np.column_stack([y[u], y[v]]).ravel()]
    )
    lines = shapely.linestrings(coords, indices=np.repeat(np.arange(len(u)), 2))
    return gpd.GeoDataFrame(
        {
            "u": u,
            "v": v,
            "length_m": geodesic_lengths_m(lines),
            "kind": "osm",
            "status": "open",
            "class": np.where(rng.random(len(u)) < 0.05, "expressway", "main"),
            "country": "CN",
        },
        geometry=lines,
        crs="EPSG:4326",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,100", help="multiples of the bundled road graph")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--big-repeat", type=int, default=1, help="runs at 100× and above")
    parser.add_argument("--alternative-up-to", type=float, default=10.0)
    parser.add_argument("--one", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(_one_size(args.one, args.repeat, args.alternative_up_to)))
        return
    results = []
    for factor in (float(s) for s in args.sizes.split(",")):
        runs = args.big_repeat if factor >= 100 else args.repeat
        argv = [sys.executable, "-m", "benchmarks.network_growth", "--one", str(factor)]
        argv += ["--repeat", str(runs), "--alternative-up-to", str(args.alternative_up_to)]
        done = subprocess.run(argv, check=True, capture_output=True, text=True)
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(f"{factor:g}× done", file=sys.stderr, flush=True)
    _print_table(results, args.alternative_up_to)


def _one_size(factor: float, runs: int, alternative_up_to: float) -> dict[str, Any]:
    """Run every step on one size; return its counts, step times and memory peaks."""
    steps: dict[str, dict[str, float]] = {}
    layer = synthetic_edges(factor)
    speeds = settings.get().speeds_of("road")
    build = functools.partial(network.edge_tables, layer, speeds=speeds)
    nodes, directed = _timed(steps, "table build", runs, build)
    del layer, build
    ids = nodes.index.to_numpy()
    corners = int(ids.min()), int(ids.max())
    od_nodes = np.random.default_rng(16).choice(ids, 52, replace=False)
    alternative = factor <= alternative_up_to
    with tempfile.TemporaryDirectory() as store:
        entry = _store_write(_mode_graph(nodes, directed), Path(store), runs, steps)
        if not alternative:
            del directed  # without the alternative, only the read-back graph is kept
        mg = _timed(steps, "store read", runs, functools.partial(graph_store._read, entry))
    ar = _timed(steps, "arrays + weights", runs, functools.partial(_arrays, mg))
    rows = _timed(steps, "route", runs, functools.partial(_route, ar, *corners))
    _timed(steps, "OD 12x40", runs, functools.partial(_od, ar, od_nodes[:12], od_nodes[12:]))
    out: dict[str, Any] = {"factor": factor, "nodes": len(nodes), "edges": len(mg.attrs)}
    out["route_h"] = float(ar.time[rows].sum() / 3600)
    del ar, mg
    arrays_of.cache_clear()
    if alternative:
        graph = functools.partial(network.graph_from_tables, nodes, directed)
        G = _timed(steps, "osmnx graph", runs, graph)
        del directed, graph
        route = functools.partial(_osmnx_route, G, *corners)
        out["osmnx_route_h"] = _timed(steps, "osmnx route", runs, route)
    out["steps"], out["max_rss_mb"] = steps, _status_kb("VmHWM_all") / 1024
    return out


def _store_write(
    built: network.ModeGraph, store: Path, runs: int, steps: dict[str, dict[str, float]]
) -> Path:
    """Write the graph into ``runs`` fresh store entries, timing it; return the first."""
    where = iter(store / f"entry{i}" for i in range(runs))
    _timed(steps, "store write", runs, lambda: graph_store._write(built, next(where)))
    return store / "entry0"


def _arrays(mg: network.ModeGraph) -> EdgeArrays:
    """Return the edge arrays of a graph, built afresh, with the fastest-route matrices."""
    arrays_of.cache_clear()
    ar = arrays_of(mg)
    weights(ar, SIDES, "time")
    return ar


def _mode_graph(nodes: pd.DataFrame, directed: gpd.GeoDataFrame) -> network.ModeGraph:
    """Return the mode graph of the tables, as :func:`corridormap.network.graph_for` does."""
    nodes = nodes.assign(place_id=None)
    snaps = pd.DataFrame({"node": [-1], "snap_m": [np.nan], "status": ["too_far"]}, index=["x"])
    attrs = pd.DataFrame(directed.drop(columns="geometry"))
    return network.ModeGraph(
        "road", nodes, attrs, directed.geometry.to_numpy(), snaps, (), None, "car"
    )


def _route(ar: EdgeArrays, a: int, b: int) -> np.ndarray:
    """Return the edge rows of the fastest path between two nodes."""
    path = best_path(ar, SIDES, "time", a, b)
    assert path is not None, "the lattice's corners are joined"
    return path_rows(ar, path, SIDES, "time")


def _od(
    ar: EdgeArrays, origins: np.ndarray, destinations: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Return times and lengths of every pair, as :func:`corridormap.routing.od_matrix`."""
    primary, secondary = weights(ar, SIDES, "time")
    src = np.array([ar.index[int(n)] for n in origins])
    dst = np.array([ar.index[int(n)] for n in destinations])
    dist, pred = scipy.sparse.csgraph.dijkstra(
        primary, directed=True, indices=src, return_predecessors=True
    )
    other = np.vstack([along_tree(p, secondary) for p in pred])
    return dist[:, dst], other[:, dst]


def _osmnx_route(G: Any, a: int, b: int) -> float:
    """Return the hours of osmnx's fastest path between two nodes."""
    import osmnx

    path = osmnx.routing.shortest_path(G, a, b, weight="travel_time")
    assert path is not None, "the lattice's corners are joined"
    return (
        sum(min(e["travel_time"] for e in G[p][q].values()) for p, q in itertools.pairwise(path))
        / 3600
    )


def _timed(steps: dict[str, dict[str, float]], name: str, runs: int, fn: Callable[[], Any]) -> Any:
    """Run ``fn`` ``runs`` times; note its median wall and CPU seconds and peak memory.

    Returns the result of the last run.
    """
    wall, cpu, peak, result = [], [], 0.0, None
    for _ in range(runs):
        result = None
        held = _reset_peak()
        start, start_cpu = time.perf_counter(), time.process_time()
        result = fn()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        peak = max(peak, (_status_kb("VmHWM") - held) / 1024)
    steps[name] = {
        "s": statistics.median(wall),
        "cpu_s": statistics.median(cpu),
        "runs": runs,
        "peak_mb": peak,
    }
    print(f"  {name}: {steps[name]['s']:.2f} s, {peak:.0f} MB", file=sys.stderr, flush=True)
    return result


_HWM_ALL = [0]


def _reset_peak() -> int:
    """Reset the process's peak resident set to what it holds now; return that (kB).

    Freed heap memory is handed back first (``malloc_trim``), or a step reusing it would
    seem to need none.
    """
    _HWM_ALL[0] = max(_HWM_ALL[0], _status_kb("VmHWM"))
    ctypes.CDLL("libc.so.6").malloc_trim(0)
    Path("/proc/self/clear_refs").write_text("5")
    return _status_kb("VmRSS")


def _status_kb(field: str) -> int:
    """Return a ``/proc/self/status`` field in kB (``VmHWM_all``: the peak over every step)."""
    if field == "VmHWM_all":
        return max(_HWM_ALL[0], _status_kb("VmHWM"))
    found = re.search(rf"^{field}:\s+(\d+) kB", Path("/proc/self/status").read_text(), re.M)
    return int(found.group(1)) if found else 0


def _print_table(results: list[dict[str, Any]], alternative_up_to: float) -> None:
    """Print one row per size and step, with the ratios to the smallest size."""
    first = results[0]
    print(
        "size        nodes       edges  step              runs  wall_s   cpu_s  peak_MB  "
        "wall_ratio  cpu_ratio  memory_ratio  size_ratio"
    )
    for res in results:
        for name in STEPS:
            if name not in res["steps"]:
                continue
            step, base = res["steps"][name], first["steps"][name]
            memory = step["peak_mb"] / base["peak_mb"] if base["peak_mb"] >= 5 else float("nan")
            print(
                f"{res['factor']:>4g}× {res['nodes']:>12,} {res['edges']:>11,}  {name:<17} "
                f"{step['runs']:>4} {step['s']:7.2f} {step['cpu_s']:7.2f}  {step['peak_mb']:7.0f}  "
                f"{step['s'] / base['s']:10.1f} {step['cpu_s'] / base['cpu_s']:10.1f}  "
                f"{memory:12.1f}  {res['edges'] / first['edges']:10.1f}"
            )
        print(
            f"      process peak {res['max_rss_mb']:,.0f} MB; fastest corner route "
            f"{res['route_h']:.2f} h (osmnx: {res.get('osmnx_route_h', float('nan')):.2f} h)"
        )
    _print_alternative(results, alternative_up_to)


def _print_alternative(results: list[dict[str, Any]], alternative_up_to: float) -> None:
    """Print the osmnx alternative against the arrays, and why it stops where it does."""
    for res in results:
        s = res["steps"]
        if "osmnx graph" in s:
            ours = s["arrays + weights"]["s"] + s["route"]["s"]
            theirs = s["osmnx graph"]["s"] + s["osmnx route"]["s"]
            print(
                f"{res['factor']:g}×: osmnx graph + route {theirs:.2f} s against arrays + "
                f"weights + route {ours:.2f} s: {theirs / ours:.0f}×"
            )
    ran = [r for r in results if "osmnx graph" in r["steps"]]
    skipped = [r["factor"] for r in results if "osmnx graph" not in r["steps"]]
    if ran and skipped:
        last = ran[-1]
        guess = last["steps"]["osmnx graph"]["peak_mb"] * max(skipped) / last["factor"]
        print(
            f"The osmnx alternative ran up to {alternative_up_to:g}× only: its graph took "
            f"{last['steps']['osmnx graph']['peak_mb']:,.0f} MB at {last['factor']:g}×, so about "
            f"{guess / 1024:,.0f} GB at {max(skipped):g}×, more than this machine can spare."
        )


if __name__ == "__main__":
    main()
