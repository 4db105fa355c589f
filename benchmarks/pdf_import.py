"""Time and peak memory of `budgetlib import` on the published statements, beside what a user would
run instead: pdfplumber's own `extract_tables()` on every page, which reads the same ruled tables
but gives no titles, units, page joins, notes, package or audit. Each statement is read both ways
in separate processes, alternately, ``--rounds`` times; the table shows medians and the ratio
(import / extract_tables). Peak memory is the process's maximum resident set size. Run by hand:

    .venv/bin/python benchmarks/pdf_import.py [--rounds 3] [--statements ../shared/statements]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

EXTRACT = """
import sys, pdfplumber
with pdfplumber.open(sys.argv[1]) as pdf:
    tables = [table for page in pdf.pages for table in page.extract_tables()]
"""
IMPORT = """
import sys
from budgetlib.importers import import_statement
import_statement(sys.argv[1], sys.argv[2])
"""


def run(code: str, *args: str) -> tuple[float, float]:
    """Seconds and peak resident memory (MiB) of ``python -c code args`` in a child of a child, so
    that ``RUSAGE_CHILDREN`` sees this one run only."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "started = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
        "print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, sys.executable, "-c", code, *args], check=True, capture_output=True, text=True
    ).stdout.split()
    return float(out[0]), float(out[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--statements", type=Path, default=ROOT.parent / "shared" / "statements")
    args = parser.parse_args()
    pdfs = sorted(args.statements.glob("*.pdf"))
    floor = run("pass")
    print(f"an empty interpreter: {floor[0]:.2f} s, {floor[1]:.0f} MiB")
    rows = []
    with tempfile.TemporaryDirectory() as temp:
        for pdf in pdfs:
            times: dict[str, list[float]] = {"extract": [], "import": []}
            memory: dict[str, float] = {"extract": 0.0, "import": 0.0}
            for number in range(args.rounds):
                for how, code, extra in (("extract", EXTRACT, []), ("import", IMPORT, [f"{temp}/{pdf.stem}-{number}"])):
                    seconds, peak = run(code, str(pdf), *extra)
                    times[how].append(seconds)
                    memory[how] = max(memory[how], peak)
            extract, imported = statistics.median(times["extract"]), statistics.median(times["import"])
            rows.append((pdf.name, extract, imported, memory["extract"], memory["import"]))
            print(f"{pdf.name}: extract_tables {extract:.2f} s, import {imported:.2f} s", flush=True)
    print()
    print("| statement | pages | extract_tables | import | import / extract_tables | peak memory (extract / import) |")
    print("|---|---:|---:|---:|---:|---:|")
    import pdfplumber

    for name, extract, imported, memory_extract, memory_import in rows:
        with pdfplumber.open(args.statements / name) as pdf:
            pages = len(pdf.pages)
        print(
            f"| {name} | {pages} | {extract:.2f} s | {imported:.2f} s | {imported / extract:.2f}× "
            f"| {memory_extract:.0f} / {memory_import:.0f} MiB |"
        )


if __name__ == "__main__":
    main()
