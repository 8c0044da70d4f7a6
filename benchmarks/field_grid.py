"""Benchmark: field-strength hinterlands of all ports against a per-pair networkx baseline.

Run: ``.venv/bin/python -m benchmarks.field_grid [--repeat N] [--sample K]``. Prints, per
mode, the grid size, the median wall time of
:func:`corridormap.analysis.field.hinterlands` for the mode's ports (graph built and cached
first; one SciPy Dijkstra pass per port), and of the baseline: two
``nx.shortest_path_length`` calls per (port, grid point) pair, to the two ends of the edge
the point joins, on a plain copy of the graph the border rule allows. The baseline is timed
on ``--sample`` pairs and scaled to every pair; it is checked against the fast times (to 1 s).
"""

from __future__ import annotations

import argparse
import statistics
import time

import networkx as nx
import numpy as np

from corridormap import routing, settings
from corridormap.analysis import field
from corridormap.analysis._centres import centre_ids


def _baseline(mode: str, grid: field.gpd.GeoDataFrame, sample: int) -> tuple[float, int, bool]:
    mg = routing.cached_graph(mode)
    ports = [p for p in centre_ids("ports", mode) if mg.snaps.at[p, "status"] == "ok"]
    home = grid[grid["country"] == "CN"].reset_index(drop=True)
    times, status = field.grid_times(mode, home, ports)
    lines = field._lines(mg)  # the same edges the fast path joins
    edge, share, snap = field._snap(lines, home, 50_000.0)
    view = nx.MultiDiGraph(routing.allowed_view(mg.G, False, False))
    rng = np.random.default_rng(14)
    ok = np.flatnonzero(status.to_numpy() == "ok")
    pairs = [(int(rng.integers(len(ports))), int(i)) for i in rng.choice(ok, size=sample)]
    access = snap / 1000 / settings.get().speeds_of(mode)["access"]
    start = time.perf_counter()
    got = []
    for j, i in pairs:
        e = lines.iloc[edge[i]]
        src = int(mg.snaps["node"][ports[j]])
        tu = nx.shortest_path_length(view, src, int(e["u"]), weight="travel_time") / 3600
        tv = nx.shortest_path_length(view, src, int(e["v"]), weight="travel_time") / 3600
        got.append(min(tu + share[i] * e["time_h"], tv + (1 - share[i]) * e["time_h"]) + access[i])
    per_pair = (time.perf_counter() - start) / len(pairs)
    table = times.to_numpy(dtype=float)
    want = [table[i, j] for j, i in pairs]
    same = bool(np.allclose(got, want, atol=1 / 3600))
    return per_pair * len(ok) * len(ports), len(ok) * len(ports), same


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sample", type=int, default=30, help="baseline pairs timed")
    args = parser.parse_args()
    print("mode  grid  ports  first_s  median_s  pairs    per_pair_nx_s  ratio  agree")
    grid = field.field_grid()
    for mode in ("rail", "road"):
        routing.cached_graph(mode)
        start = time.perf_counter()
        field.hinterlands(mode, centres="ports", grid=grid)
        first = time.perf_counter() - start
        runs = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            field.hinterlands(mode, centres="ports", grid=grid)
            runs.append(time.perf_counter() - start)
        fast = statistics.median(runs)
        n_ports = len(centre_ids("ports", mode))
        slow, pairs, same = _baseline(mode, grid, args.sample)
        print(
            f"{mode:5} {len(grid):5d} {n_ports:5d}  {first:7.2f}  {fast:8.2f}  {pairs:7d}  "
            f"{slow:13.0f}  {slow / fast:5.0f}x  {same}"
        )


if __name__ == "__main__":
    main()
