"""Benchmark: cold CLI processes — ``places``, ``--help`` and a ``route`` on either mode.

Run from the repository root: ``.venv/bin/python -m benchmarks.cli_start [--repeat N]``.
Each run is a fresh process. ``places`` and ``--help`` are compared with the same command
with osmnx, the map and the workbook modules imported up front (as the package did before
it loaded them lazily); ``route`` with the graph store filled (warm) is compared with an
empty store, where the process builds the graph, as every call did before the store.
Wall-clock medians; the CPU time (user + system) of the warm runs is printed beside them,
since other work on a shared machine inflates wall time.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

ROUTE = ["route", "呼和浩特", "二连浩特", "--mode"]
COMMANDS = {
    "places": ["places"],
    "--help": ["--help"],
    "route rail": [*ROUTE, "rail"],
    "route road": [*ROUTE, "road"],
}
EAGER = "import osmnx, pypinyin.constants, corridormap.render, corridormap.report\n"


def _run(argv: list[str], *, eager: bool = False, cache: str) -> tuple[float, float]:
    """Return the wall and CPU seconds of one process running the CLI."""
    code = (
        (EAGER if eager else "")
        + "import sys\nfrom corridormap.cli import main\n"
        + f"sys.argv = ['corridormap', *{argv!r}]\n"
        + "try:\n    main()\nexcept SystemExit:\n    pass\n"
    )
    env = {**os.environ, "CORRIDORMAP_CACHE_DIR": cache}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _cold(argv: list[str]) -> float:
    """Return the wall seconds of one run with an empty store (the graph is built)."""
    with tempfile.TemporaryDirectory() as empty:
        return _run(argv, cache=empty)[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print("command     median_s  cpu_s  before_s  ratio")
    with tempfile.TemporaryDirectory() as store:
        for name, argv in COMMANDS.items():
            _run(argv, cache=store)  # fills the store and the file cache
            now = [_run(argv, cache=store) for _ in range(args.repeat)]
            if name.startswith("route"):
                old = [_cold(argv) for _ in range(max(1, args.repeat // 2))]
            else:
                old = [_run(argv, eager=True, cache=store)[0] for _ in range(args.repeat)]
            wall = statistics.median(w for w, _ in now)
            cpu = statistics.median(c for _, c in now)
            before = statistics.median(old)
            print(f"{name:<11} {wall:8.2f}  {cpu:5.2f}  {before:8.2f}  {before / wall:5.1f}x")


if __name__ == "__main__":
    main()
