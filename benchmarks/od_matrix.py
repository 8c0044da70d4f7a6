"""Benchmark: ports x cities OD matrix, fast path (SciPy csgraph) against osmnx per pair.

Run: ``.venv/bin/python benchmarks/od_matrix.py [--repeat N]``. Prints, per mode, the
median wall time of each method, the ratio, and whether the two tables agree (to 1 m and
1 s). Fastest routes (the default), with the border rule; the graph is built once
beforehand and both methods read the same cached graph.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import time
from collections.abc import Callable

import numpy as np
import pandas as pd

from corridormap import routing


def _median_seconds(fn: Callable[[], pd.DataFrame], repeat: int) -> tuple[float, pd.DataFrame]:
    times, result = [], pd.DataFrame()
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--repeat", type=int, default=5, help="runs of the fast path (osmnx runs 1 + repeat // 5)"
    )
    args = parser.parse_args()
    print("mode  pairs  ok   fast_median_s  osmnx_median_s  ratio   identical")
    for mode in ("rail", "road"):
        routing.cached_graph(mode)
        routing.od_matrix(mode)  # warm the sparse-matrix cache, as the app does once
        fast_s, fast = _median_seconds(functools.partial(routing.od_matrix, mode), args.repeat)
        slow_s, slow = _median_seconds(
            functools.partial(routing.od_matrix_osmnx, mode), 1 + args.repeat // 5
        )
        ok = fast["status"] == "ok"
        same = (
            bool((fast["status"] == slow["status"]).all())
            and bool(np.allclose(fast.loc[ok, "length_km"], slow.loc[ok, "length_km"], atol=1e-3))
            and bool(np.allclose(fast.loc[ok, "time_h"], slow.loc[ok, "time_h"], atol=1 / 3600))
        )
        print(
            f"{mode:5} {len(fast):5d} {int(ok.sum()):4d}   {fast_s:12.3f}  {slow_s:14.3f}  {slow_s / fast_s:6.0f}x  {same}"
        )


if __name__ == "__main__":
    main()
