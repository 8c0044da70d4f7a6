"""Benchmark: how the linkage grows with uploaded places (100, 300, 1,000 × the ports, road).

Run: ``.venv/bin/python -m benchmarks.upload_growth [--sizes 100,300,1000] [--repeat N]``.
For each size, random points in the Hohhot–Baotou–Ulanqab box (seed 7) are uploaded as
cities through a workspace, and :func:`corridormap.analysis.gravity.gravity` runs on the road
network (graph build excluded: it is made once per workspace before timing). Prints the
median wall time, the peak of Python allocations during the call (``tracemalloc``), the
pairs routed, and the ratio of time and memory to the smallest size next to the ratio of
pairs: linear growth shows as equal ratios.
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc

import numpy as np

from corridormap import routing, uploads, workspace
from corridormap.analysis import gravity


def _upload(n: int) -> bytes:
    rng = np.random.default_rng(7)
    lon = rng.uniform(110.0, 113.0, n)
    lat = rng.uniform(40.3, 41.5, n)
    rows = "".join(
        f"测{i:05d},{x:.4f},{y:.4f},10000,2020\n"
        for i, (x, y) in enumerate(zip(lon, lat, strict=True))
    )
    return ("名称,经度,纬度,常住人口,年份\n" + rows).encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,300,1000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print("places  pairs   median_s  peak_MB  time_ratio  memory_ratio  pairs_ratio")
    first: tuple[float, float, int] | None = None
    for n in sizes:
        table = uploads.read_places(_upload(n), "growth.csv", id_prefix="g")
        with workspace.build(places=[table]).active():
            routing.cached_graph("road")
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                result = gravity.gravity("road")
                times.append(time.perf_counter() - start)
            tracemalloc.start()
            gravity.gravity("road")
            peak = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
        median, pairs = statistics.median(times), len(result)
        first = first or (median, peak, pairs)
        print(
            f"{n:6d}  {pairs:6d}  {median:8.2f}  {peak:7.1f}  {median / first[0]:10.1f}  "
            f"{peak / first[1]:12.1f}  {pairs / first[2]:11.1f}"
        )


if __name__ == "__main__":
    main()
