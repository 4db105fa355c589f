"""How building a collection's panel grows with its packages: 100 and 1,000 packages, copies of the four
shared statements (imported from their PDFs) and the bundled one, each copy's amounts changed (every
amount of every table times 1 + n/10,000, exact as printed), read with one process and with two.

Each size is built in a fresh interpreter: the time of ``load_collection`` (finding the packages,
DuckDB over their CSV files, the measures), the peak resident memory of the process (and of its
worker processes, for two), and the memory above what the imports alone take. Time and memory should
grow no faster than the packages. Run by hand (writing the copies takes a minute):

    .venv/bin/python benchmarks/collection.py [--sizes 100,1000] [--rounds 2]

It prints one row per size and number of processes: the median seconds, their ratio to the smallest
size's, the ratio of the packages, the peak memory and the memory above the imports, and their ratio.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATEMENTS = ROOT.parent / "shared" / "statements"
AMOUNT_UNITS = ("元", "万元")
MEASURE = """
import json, resource, sys, time
import budgetlib.analysis.collection as collection
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
panel = collection.load_collection([sys.argv[1]], jobs=int(sys.argv[2]))
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": seconds, "peak_kib": peak, "imports_kib": before, "rows": len(panel.statements)}))
"""


def originals(folder: Path) -> list[Path]:
    """The four shared statements imported into ``folder``, and the bundled package."""
    packages = [ROOT / "data"]
    for pdf in sorted(STATEMENTS.glob("*.pdf")):
        target = folder / pdf.stem
        subprocess.run([sys.executable, "-m", "budgetlib", "import", str(pdf), "--out", str(target)], check=True,
                       capture_output=True)  # fmt: skip
        packages.append(target)
    return packages


def changed_copy(source: Path, target: Path, factor: Decimal) -> None:
    """``source`` copied to ``target``, every amount of its tables times ``factor``, as many decimals as printed."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.toml", "*.md", "*.txt"))
    descriptor = json.loads((target / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        resource.pop("bytes", None)
        resource.pop("hash", None)
        amounts = [f["name"] for f in resource["schema"]["fields"] if f.get("unit") in AMOUNT_UNITS]
        path = target / resource["path"]
        if not amounts:
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            records = list(csv.DictReader(handle))
        for record in records:
            for name in amounts:
                if record[name]:
                    printed = Decimal(record[name])
                    record[name] = str((printed * factor).quantize(printed if printed.as_tuple().exponent < 0
                                                                   else Decimal(1)))  # fmt: skip
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(records[0]) if records else [], lineterminator="\n")
            writer.writeheader()
            writer.writerows(records)
    (target / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")


def collection_of(folder: Path, packages: list[Path], size: int) -> Path:
    """A folder of ``size`` changed copies of ``packages``, in turn."""
    for number in range(size):
        source = packages[number % len(packages)]
        changed_copy(source, folder / f"{number:05d}-{source.name}", 1 + Decimal(number) / 10_000)
    return folder


def measure(folder: Path, jobs: int) -> dict[str, float]:
    result = subprocess.run([sys.executable, "-c", MEASURE, str(folder), str(jobs)], capture_output=True, text=True,
                            check=True)  # fmt: skip
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000", help="numbers of packages, smallest first")
    parser.add_argument("--rounds", type=int, default=2, help="builds of each size, the median taken")
    parser.add_argument("--jobs", default="1,2", help="processes reading the panel")
    args = parser.parse_args()
    sizes, jobs = [int(s) for s in args.sizes.split(",")], [int(j) for j in args.jobs.split(",")]
    with tempfile.TemporaryDirectory(prefix="budgetlib-collection-") as scratch:
        packages = originals(Path(scratch) / "originals")
        folders = {size: collection_of(Path(scratch) / f"n{size}", packages, size) for size in sizes}
        print("| packages | processes | time | time ratio | packages ratio | peak memory | above imports | its ratio |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|")
        for processes in jobs:
            first = None
            for size in sizes:
                runs = [measure(folders[size], processes) for _ in range(args.rounds)]
                assert all(run["rows"] == size for run in runs)
                seconds = statistics.median(run["seconds"] for run in runs)
                peak = max(run["peak_kib"] for run in runs) / 1024
                above = max(run["peak_kib"] - run["imports_kib"] for run in runs) / 1024
                first = first or (seconds, above, size)
                ratios = f"{seconds / first[0]:.2f}× | {size / first[2]:.0f}×"
                print(f"| {size:,} | {processes} | {seconds:.2f} s | {ratios} | {peak:.0f} MiB | {above:.0f} MiB | "
                      f"{above / first[1]:.2f}× |")  # fmt: skip


if __name__ == "__main__":
    main()
