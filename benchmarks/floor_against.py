"""The one-process floor of this checkout against an earlier commit's, run alternately in one go.

Each round runs ``benchmarks/floor.py`` of the earlier commit (a ``git worktree`` of ``--before``,
default b8f5914, removed afterwards) and then this checkout's, each in its own process with its own
code first on ``sys.path``, both languages' notebooks in turn (``--lang``). The table shows the
median wall-clock seconds and CPU seconds (user + system, of the process and its children) of each
and their ratios (after / before); on a busy machine the CPU time is the steadier. Run by hand:

    .venv/bin/python benchmarks/floor_against.py [--before b8f5914] [--rounds 3] [--lang zh,en]
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def floor_seconds(checkout: Path, out: Path, lang: str) -> tuple[float, float]:
    """Wall-clock and CPU seconds of ``checkout``'s floor in a new process, its own budgetlib imported first."""
    environment = {**os.environ, "PYTHONPATH": str(checkout)}
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, str(checkout / "benchmarks" / "floor.py"), str(out), "--lang", lang],
        check=True,
        cwd=checkout,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - started
    now = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (now.ru_utime - used.ru_utime) + (now.ru_stime - used.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="b8f5914")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--lang", default="zh,en")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # still remove the worktree when stopped
    with tempfile.TemporaryDirectory() as temp:
        old = Path(temp) / "before"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(old), args.before], check=True)
        try:
            times: dict[str, list[tuple[float, float]]] = {"before": [], "after": []}
            for number in range(args.rounds):
                for side, checkout in (("before", old), ("after", ROOT)):
                    wall, cpu = floor_seconds(checkout, Path(temp) / f"{side}-{number}", args.lang)
                    times[side].append((wall, cpu))
                    print(f"round {number + 1}, {side}: {wall:.1f} s, CPU {cpu:.1f} s", flush=True)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old)], check=False)
    print()
    print(f"| floor ({args.lang}), median of {args.rounds} | {args.before} | this checkout | after / before |")
    print("|---|---:|---:|---:|")
    for column, what in ((0, "wall clock"), (1, "CPU")):
        before = statistics.median(t[column] for t in times["before"])
        after = statistics.median(t[column] for t in times["after"])
        print(f"| {what} | {before:.1f} s | {after:.1f} s | {after / before:.2f} |")


if __name__ == "__main__":
    main()
