"""Time `budgetlib report` against what a person would run instead, side by side in one run.

Four ways to turn the six notebooks into HTML reports with their figures, each doing the
same notebooks' work (every chart drawn and written as PNG, SVG and PDF at both sizes),
for one language (zh) and for both:

- nbconvert, one per notebook: `jupyter nbconvert --execute --to html` on each notebook
  in turn, as from a shell loop. Each pays its own Python start and imports.
- nbconvert, one invocation: `jupyter nbconvert --execute --to html` on all of them at
  once; imports paid once by nbconvert, a fresh kernel per notebook.
- the one-process floor (`benchmarks/floor.py`): every notebook's code run one after the
  other in a single interpreter, figures written, no HTML. The work itself, with no
  kernel started and nothing imported twice.
- `budgetlib report`: fresh kernels forked from a template process, two at a time (one
  per core), and on top of the notebooks' work the index pages, galleries, decks and the
  font embedded in every page.

The nbconvert runs use copies of the notebooks whose parameters cell names the language
and a figures folder, as a person would edit it. The runs alternate, in a new order each
round, so the machine's load affects all alike. Peak memory is measured in one more run of
each, not timed (sampling costs CPU): the largest sum, over the process and everything it
started, of the proportional set size (shared pages split between the processes sharing
them), sampled every 0.1 s. Run by hand:

    .venv/bin/python benchmarks/report.py [--rounds 3]

It prints every run, then a table of medians, ratios and peak memory.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
BIN = Path(sys.executable).parent
LANG_SETS = {"zh": ["zh"], "zh+en": ["zh", "en"]}


def notebook_copies(folder: Path, langs: list[str], figures: Path) -> list[Path]:
    """Each notebook once per language, its parameters cell set to that language and ``figures``."""
    copies = []
    for lang in langs:
        for notebook in sorted(NOTEBOOKS.glob("*.ipynb")):
            content = json.loads(notebook.read_text(encoding="utf-8"))
            for cell in content["cells"]:
                if "parameters" in cell.get("metadata", {}).get("tags", []):
                    cell["source"] = f"data_dir = None\nlang = {lang!r}\nfigures_dir = {str(figures)!r}\n"
            copy = folder / f"{notebook.stem}.{lang}.ipynb"
            copy.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
            copies.append(copy)
    return copies


def nbconvert_each(work: Path, langs: list[str]) -> list[list[str]]:
    copies = notebook_copies(work, langs, work / "figures")
    return [[str(BIN / "jupyter"), "nbconvert", "--execute", "--to", "html", str(copy)] for copy in copies]


def nbconvert_once(work: Path, langs: list[str]) -> list[list[str]]:
    copies = notebook_copies(work, langs, work / "figures")
    return [[str(BIN / "jupyter"), "nbconvert", "--execute", "--to", "html", *map(str, copies)]]


def floor(work: Path, langs: list[str]) -> list[list[str]]:
    return [[sys.executable, str(ROOT / "benchmarks" / "floor.py"), str(work), "--lang", ",".join(langs)]]


def budgetlib_report(work: Path, langs: list[str]) -> list[list[str]]:
    lang = ["--lang", langs[0]] if len(langs) == 1 else []
    return [[str(BIN / "budgetlib"), "report", *lang, "--out", str(work)]]


PEERS: dict[str, Callable[[Path, list[str]], list[list[str]]]] = {
    "nbconvert, one per notebook": nbconvert_each,
    "nbconvert, one invocation": nbconvert_once,
    "one-process floor": floor,
    "budgetlib report": budgetlib_report,
}


def tree_memory(process: psutil.Process) -> int:
    """Bytes of memory used by ``process`` and its descendants: the sum of their proportional
    set sizes (shared pages split between the processes sharing them)."""
    total = 0
    for each in [process, *process.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            total += each.memory_full_info().pss
    return total


def run(commands: list[list[str]], cwd: Path, *, sample_memory: bool = False) -> tuple[float, int]:
    """Run ``commands`` one after the other; return the wall-clock seconds and, when
    ``sample_memory``, the peak tree memory (sampled every 0.1 s, which costs CPU: the timed
    runs do not sample)."""
    env = {**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    peak = 0
    started = time.perf_counter()
    for command in commands:
        child = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        done = threading.Event()

        def sample(child: subprocess.Popen = child, done: threading.Event = done) -> None:
            nonlocal peak
            watched = psutil.Process(child.pid)
            while not done.wait(0.1):
                try:
                    peak = max(peak, tree_memory(watched))
                except psutil.NoSuchProcess:
                    return

        sampler = threading.Thread(target=sample)
        if sample_memory:
            sampler.start()
        _, stderr = child.communicate()
        done.set()
        if sample_memory:
            sampler.join()
        if child.returncode != 0:
            raise SystemExit(f"{' '.join(command[:3])} failed:\n{stderr.decode(errors='replace')[-2000:]}")
    return time.perf_counter() - started, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--langs", choices=[*LANG_SETS, "all"], default="all")
    args = parser.parse_args()
    lang_sets = LANG_SETS if args.langs == "all" else {args.langs: LANG_SETS[args.langs]}
    runs = [(peer, label) for label in lang_sets for peer in PEERS]
    times: dict[tuple[str, str], list[float]] = {run: [] for run in runs}
    memory: dict[tuple[str, str], int] = dict.fromkeys(runs, 0)
    for round_no in range(args.rounds):
        shift = round_no % len(runs)
        for peer, label in runs[shift:] + runs[:shift]:
            with tempfile.TemporaryDirectory() as work:
                seconds, _ = run(PEERS[peer](Path(work), lang_sets[label]), Path(work))
            times[peer, label].append(seconds)
            print(f"round {round_no + 1}: {peer} [{label}] {seconds:.1f} s", flush=True)
    for peer, label in runs:
        with tempfile.TemporaryDirectory() as work:
            _, memory[peer, label] = run(PEERS[peer](Path(work), lang_sets[label]), Path(work), sample_memory=True)
        print(f"memory: {peer} [{label}] {memory[peer, label] / 2**20:.0f} MiB", flush=True)
    print(f"\nmedian of {args.rounds} rounds on {os.cpu_count()} cores:\n")
    print("| languages | how | time | budgetlib report is | peak memory |")
    print("|---|---|---:|---:|---:|")
    for label in lang_sets:
        ours = statistics.median(times["budgetlib report", label])
        for peer in PEERS:
            median = statistics.median(times[peer, label])
            ratio = "—" if peer == "budgetlib report" else f"{median / ours:.2f}× faster"
            if peer == "one-process floor":
                ratio = f"{ours / median:.2f}× its time"
            print(f"| {label} | {peer} | {median:.1f} s | {ratio} | {memory[peer, label] / 2**20:.0f} MiB |")


if __name__ == "__main__":
    main()
