"""Benchmark: switching planned corridors on recomputes every analysis table.

Run from the repository root: ``.venv/bin/python -m benchmarks.scenario_toggle [--repeat N]``.
Prints the median time of :func:`corridormap.analysis.scenario.compare` with the graphs of both
states cached (what a toggle in the app costs) and from scratch (every cache cleared, graphs
rebuilt), and the ratio.
"""

from __future__ import annotations

import argparse
import statistics
import time

from corridormap import _graph_arrays, routing
from corridormap.analysis import scenario

PLANNED = ["xb_ganqimaodu_gashuunsukhait", "xb_ceke_shiveekhuren"]


def _clear() -> None:
    routing._graph.cache_clear()
    _graph_arrays.arrays_of.cache_clear()
    routing._edge_names.cache_clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print("mode  toggle_median_s  scratch_median_s  ratio")
    for mode in ("rail",):  # both planned corridors are railways
        scenario.compare(mode, PLANNED)
        warm = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            scenario.compare(mode, PLANNED)
            warm.append(time.perf_counter() - start)
        cold = []
        for _ in range(max(1, args.repeat // 2)):
            _clear()
            start = time.perf_counter()
            scenario.compare(mode, PLANNED)
            cold.append(time.perf_counter() - start)
        w, c = statistics.median(warm), statistics.median(cold)
        print(f"{mode:5} {w:15.3f}  {c:16.3f}  {c / w:5.0f}x")


if __name__ == "__main__":
    main()
