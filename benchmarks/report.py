"""Time `budgetlib report --lang zh` against the naive loop over the same notebooks.

The naive way runs `jupyter nbconvert --execute --to html` on each notebook in turn, as
a person would from a shell. Both run every notebook in a fresh kernel on the bundled
data and write HTML and figures into temporary folders; the two alternate for a few
rounds in one run, so the machine's load affects both alike. Run by hand:

    .venv/bin/python benchmarks/report.py [--rounds 3] [--jobs N]

It prints each round's wall-clock times, the medians and their ratio.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
BIN = Path(sys.executable).parent


def naive(workdir: Path) -> float:
    """Each notebook through `jupyter nbconvert --execute --to html`, one after the other."""
    notebooks = workdir / "notebooks"
    shutil.copytree(NOTEBOOKS, notebooks, ignore=lambda _, names: [n for n in names if not n.endswith(".ipynb")])
    started = time.perf_counter()
    for notebook in sorted(notebooks.glob("*.ipynb")):
        subprocess.run(
            [BIN / "jupyter", "nbconvert", "--execute", "--to", "html", "--output-dir", workdir / "html", notebook],
            check=True,
            capture_output=True,
            cwd=notebooks,
        )
    return time.perf_counter() - started


def budgetlib_report(workdir: Path, jobs: int) -> float:
    """`budgetlib report --lang zh`: the same notebooks, fresh kernels, several at once."""
    started = time.perf_counter()
    subprocess.run(
        [BIN / "budgetlib", "report", "--lang", "zh", "--out", workdir, "--jobs", str(jobs)],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    naive_times, report_times = [], []
    for round_no in range(1, args.rounds + 1):
        with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
            naive_times.append(naive(Path(a)))
            report_times.append(budgetlib_report(Path(b), args.jobs))
        print(f"round {round_no}: naive {naive_times[-1]:.1f} s, budgetlib report {report_times[-1]:.1f} s")
    n, r = statistics.median(naive_times), statistics.median(report_times)
    print(f"median over {args.rounds} rounds on {os.cpu_count()} cores, --jobs {args.jobs}:")
    print(f"  naive nbconvert loop  {n:6.1f} s")
    print(f"  budgetlib report      {r:6.1f} s")
    print(f"  speed-up              {n / r:6.2f}x")


if __name__ == "__main__":
    main()
