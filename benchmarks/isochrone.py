"""Benchmark: one time circle (isochrones) against a per-pair networkx baseline.

Run: ``.venv/bin/python -m benchmarks.isochrone [--repeat N] [--sample K]``. Prints, per
origin, the median wall time of :func:`corridormap.analysis.isochrones.isochrones` (1, 2, 3 h;
graph built and cached first) and its median CPU time (the process's own, steadier than wall
time on a machine shared with other jobs), of its network part (:func:`corridormap.routing.times_from`,
one SciPy Dijkstra pass per border side), and of the baseline: ``nx.shortest_path_length``
from the origin to each reached node, one call per node, on a plain copy of the graph the
border rule allows. The baseline is timed on ``--sample`` nodes and scaled to all of them;
its times are checked against the fast path (to 1 s).
"""

from __future__ import annotations

import argparse
import functools
import statistics
import time
from collections.abc import Callable

import networkx as nx
import numpy as np

from corridormap import routing
from corridormap.analysis import isochrones

ORIGINS = (("erenhot_rail", "rail"), ("hohhot", "rail"), ("hohhot", "road"), ("beijing", "road"))


def _median(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Return the median wall and CPU times (s) of ``repeat`` calls."""
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


def _baseline(place: str, mode: str, sample: int) -> tuple[float, int, bool]:
    """Return the scaled per-pair time (s), the nodes it stands for, and agreement."""
    mg = routing.cached_graph(mode)
    fast = routing.times_from(place, mode)
    source = int(mg.snaps["node"][place])
    home = fast[[mg.G.nodes[n]["side"] != "abroad" for n in fast.index]]
    view = nx.MultiDiGraph(routing.allowed_view(mg.G, False, False))
    rng = np.random.default_rng(14)
    targets = rng.choice(np.asarray(home.index), size=min(sample, len(home)), replace=False)
    start = time.perf_counter()
    got = [nx.shortest_path_length(view, source, int(n), weight="travel_time") for n in targets]
    per_pair = (time.perf_counter() - start) / len(targets)
    same = bool(np.allclose(np.asarray(got) / 3600, home[targets].to_numpy(), atol=1 / 3600))
    return per_pair * len(fast), len(fast), same


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sample", type=int, default=30, help="baseline pairs timed")
    args = parser.parse_args()
    print(
        "origin        mode  nodes  isochrone_s  cpu_s  times_from_s  per_pair_nx_s  vs_iso  vs_times"
        "  agree"
    )
    for place, mode in ORIGINS:
        routing.cached_graph(mode)
        isochrones.isochrones(place, mode)  # warm the caches (arrays, weights), as the app does
        full, cpu = _median(functools.partial(isochrones.isochrones, place, mode), args.repeat)
        net = _median(functools.partial(routing.times_from, place, mode), args.repeat)[0]
        slow, nodes, same = _baseline(place, mode, args.sample)
        print(
            f"{place:13} {mode:5} {nodes:6d}  {full:11.3f}  {cpu:5.3f}  {net:12.4f}  {slow:13.1f}  "
            f"{slow / full:5.0f}x  {slow / net:7.0f}x  {same}"
        )


if __name__ == "__main__":
    main()
