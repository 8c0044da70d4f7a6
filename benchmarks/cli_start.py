"""Benchmark: a cold ``corridormap places`` and ``--help``, against loading osmnx up front.

Run from the repository root: ``.venv/bin/python -m benchmarks.cli_start [--repeat N]``.
Each run is a fresh process. The alternative is the same command with osmnx (and so
scikit-learn) imported first, as the package did before it loaded them lazily.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

COMMANDS = {"places": ["places"], "--help": ["--help"]}


def _run(argv: list[str], *, eager: bool) -> float:
    code = (
        ("import osmnx\n" if eager else "")
        + "import sys\nfrom corridormap.cli import main\n"
        + f"sys.argv = ['corridormap', *{argv!r}]\n"
        + "try:\n    main()\nexcept SystemExit:\n    pass\n"
    )
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print("command  lazy_median_s  eager_median_s  ratio")
    for name, argv in COMMANDS.items():
        _run(argv, eager=False)  # warm the file cache
        lazy = statistics.median(_run(argv, eager=False) for _ in range(args.repeat))
        eager = statistics.median(_run(argv, eager=True) for _ in range(args.repeat))
        print(f"{name:<8} {lazy:13.2f}  {eager:14.2f}  {eager / lazy:5.2f}x")


if __name__ == "__main__":
    main()
