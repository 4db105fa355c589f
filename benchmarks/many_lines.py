"""How a build grows with the procurement lines: the bundled package with 1,000, 10,000 and
100,000 lines (copies of its nine, spread over a project per hundred lines, every printed total
made to agree), built in Chinese, each timed with its peak memory. Time and memory should grow
no faster than the lines. Run by hand:

    .venv/bin/python benchmarks/many_lines.py [--lines 1000,10000,100000]

It prints one row per size: the seconds of the build, its ratio to the smallest, the ratio of the
lines, and the peak memory (the largest sum of proportional set sizes over the build and the
processes it started, sampled every 0.2 s).
"""

from __future__ import annotations

import argparse
import csv
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from decimal import Decimal
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def many_lines(target: Path, count: int) -> Path:
    """A copy of the bundled package whose procurement table has ``count`` lines, all reconciling."""
    shutil.copytree(ROOT / "data", target)
    path = target / "procurement_lines.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        lines = list(csv.DictReader(handle))
    rows, totals = [], {}
    for number in range(1, count + 1):
        row = dict(lines[(number - 1) % len(lines)])
        project = (number - 1) // 100 + 1
        row.update(
            line_no=str(number), project_zh=f"{row['project_zh']}{project}", project_en=f"{row['project_en']} {project}"
        )
        rows.append(row)
        totals[row["unit_code"]] = totals.get(row["unit_code"], Decimal(0)) + Decimal(row["amount_10k_cny"])
    budgets: dict[str, Decimal] = {}
    for row in rows:
        budgets[row["project_zh"]] = budgets.get(row["project_zh"], Decimal(0)) + Decimal(row["amount_10k_cny"])
    for row in rows:
        row["project_budget_10k_cny"] = f"{budgets[row['project_zh']]:.2f}"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(lines[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    stated = target / "stated_totals.csv"
    with stated.open(encoding="utf-8", newline="") as handle:
        printed = list(csv.DictReader(handle))
    for row in printed:
        if row["resource"] == "procurement_lines":
            amount = totals.get(row["unit_code"]) if row["unit_code"] else sum(totals.values())
            row["amount_10k_cny"] = f"{amount:.2f}"
    with stated.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(printed[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(printed)
    return target


def timed(command: list[str]) -> tuple[float, float]:
    """Seconds and peak memory (MiB, proportional set size over the process tree) of ``command``."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            try:
                tree = [psutil.Process(process.pid), *psutil.Process(process.pid).children(recursive=True)]
                peak = max(peak, sum(p.memory_full_info().pss for p in tree if p.is_running()) / 2**20)
            except psutil.Error:
                pass
            time.sleep(0.2)

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, err = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{err[-2000:]}")
    return seconds, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", default="1000,10000,100000", help="sizes, comma-separated")
    args = parser.parse_args()
    sizes = [int(size) for size in args.lines.split(",")]
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            data = many_lines(Path(folder) / f"data-{size}", size)
            check = timed([str(BIN / "budgetlib"), "check", "--data", str(data)])
            build = timed(
                [
                    str(BIN / "budgetlib"),
                    "report",
                    "--lang",
                    "zh",
                    "--data",
                    str(data),
                    "--out",
                    str(Path(folder) / f"out-{size}"),
                ]
            )
            results.append((size, check, build))
            print(
                f"{size:>7} lines: check {check[0]:.1f} s, report {build[0]:.1f} s, peak {build[1]:.0f} MiB", flush=True
            )
    first = results[0]
    print("\n| lines | check | report | report ÷ smallest | lines ÷ smallest | peak memory |")
    print("|---:|---:|---:|---:|---:|---:|")
    for size, check, build in results:
        ratio, lines = build[0] / first[2][0], size / first[0]
        print(f"| {size:,} | {check[0]:.1f} s | {build[0]:.1f} s | {ratio:.2f}× | {lines:.0f}× | {build[1]:.0f} MiB |")


if __name__ == "__main__":
    main()
