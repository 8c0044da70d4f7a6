"""Benchmark: cold CLI processes — ``places``, ``--help`` and a ``route`` on either mode.

Run from the repository root: ``.venv/bin/python -m benchmarks.cli_start [--repeat N]``.
Each run is a fresh process. ``places`` and ``--help`` are compared with the same command
with osmnx, the map and the workbook modules imported up front (as the package did before
it loaded them lazily); ``route`` with the graph store filled (warm) is compared with an
empty store where the process builds the osmnx graph too, as every call did before the store
(``empty`` is an empty store alone: the build of the tables, without osmnx).
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


def _run(argv: list[str], *, first: str = "", cache: str) -> tuple[float, float]:
    """Return the wall and CPU seconds of one process running the CLI (``first`` run before)."""
    code = (
        first
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


def _cold(argv: list[str], first: str = "") -> float:
    """Return the wall seconds of one run with an empty store (the graph is built)."""
    with tempfile.TemporaryDirectory() as empty:
        return _run(argv, first=first, cache=empty)[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print("command     median_s  cpu_s  empty_s  before_s  ratio")
    with tempfile.TemporaryDirectory() as store:
        for name, argv in COMMANDS.items():
            _run(argv, cache=store)  # fills the store and the file cache
            now = [_run(argv, cache=store) for _ in range(args.repeat)]
            k = max(1, args.repeat // 2)
            empty = "        -"
            if name.startswith("route"):
                osmnx = f"from corridormap import routing\nrouting.cached_graph({argv[-1]!r}).G\n"
                old = [_cold(argv, osmnx) for _ in range(k)]
                empty = f"{statistics.median(_cold(argv) for _ in range(k)):8.2f}"
            else:
                old = [_run(argv, first=EAGER, cache=store)[0] for _ in range(args.repeat)]
            wall = statistics.median(w for w, _ in now)
            cpu = statistics.median(c for _, c in now)
            before = statistics.median(old)
            print(
                f"{name:<11} {wall:8.2f}  {cpu:5.2f} {empty}  {before:8.2f}  {before / wall:5.1f}x"
            )


if __name__ == "__main__":
    main()
