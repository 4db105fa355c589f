"""Time and peak memory of refusing a hostile entry workbook, before and after the limits, side by side.

Two workbooks are made from `budgetlib workbook export` as the hostile cases were:

- `million.xlsx`: the procurement sheet carries a million stray one-cell rows (rows 20 on,
  a value in column A), written into the zip member as a stream;
- `strings.xlsx`: a sharedStrings part of 230 MB (four million short distinct strings),
  listed in the content types and the workbook's relationships as Excel lists it;

and, for scale, the export itself (imported, not refused) and a missing file (the floor:
the interpreter, budgetlib's imports and one message). Each is imported with
`python -m budgetlib workbook import FILE --out OUT`, once by the code before the limits
(a `git worktree` of ``--before``, default ec24133, removed afterwards) and once by this
checkout's, in separate processes, one after the other. A run longer than ``--timeout``
seconds is killed and shown as at least that long. Peak memory is the command's maximum
resident set size, from ``getrusage(RUSAGE_CHILDREN)`` in a small process that starts it.
Run by hand from the checkout:

    .venv/bin/python benchmarks/workbook_refusal.py [--timeout 400] [--before ec24133]

It prints each run, then a table of times, peak memory and their ratios (before / after).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from budgetlib.workbook.writer import export_workbook, form  # noqa: E402

SHEETS = ["instructions", "package", *(r["name"] for r in form()["resources"])]
PROCUREMENT = f"xl/worksheets/sheet{SHEETS.index('procurement_lines') + 1}.xml"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def rewrite(source: Path, target: Path, parts: dict) -> Path:
    """``source`` as ``target``, the members in ``parts`` written by ``parts[name](old bytes, member)``."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        names = old.namelist()
        for name in names + [name for name in parts if name not in names]:
            data = old.read(name) if name in names else b""
            if name in parts:
                with new.open(name, "w") as member:
                    parts[name](data, member)
            else:
                new.writestr(name, data)
    return target


def million_rows(data: bytes, member) -> None:
    head, tail = data.split(b"</sheetData>")
    member.write(head)
    for start in range(20, 1_000_020, 10_000):
        member.write(
            b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (n, n, n) for n in range(start, start + 10_000))
        )
    member.write(b"</sheetData>" + tail)


def shared_strings(_: bytes, member) -> None:
    member.write(f'<sst xmlns="{MAIN}">'.encode())
    written, block = 0, 0
    while written < 230 * 2**20:
        numbers = range(block * 100_000, (block + 1) * 100_000)
        chunk = b"".join(b"<si><t>a stray string among millions, number %d</t></si>" % n for n in numbers)
        member.write(chunk)
        written, block = written + len(chunk), block + 1
    member.write(b"</sst>")


def insert(text: str, before: bytes) -> Callable:
    """A member written again with ``text`` inserted before ``before``."""
    return lambda data, member: member.write(data.replace(before, text.encode() + before))


def hostile_files(folder: Path) -> dict[str, Path]:
    exported = export_workbook(folder / "budget.xlsx")
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    relation = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
    return {
        "missing file (the floor)": folder / "missing.xlsx",
        "the export (imported)": exported,
        "a million stray rows": rewrite(exported, folder / "million.xlsx", {PROCUREMENT: million_rows}),
        "230 MB sharedStrings": rewrite(
            exported,
            folder / "strings.xlsx",
            {
                "[Content_Types].xml": insert(
                    f'<Override PartName="/xl/sharedStrings.xml" ContentType="{kind}"/>', b"</Types>"
                ),
                "xl/_rels/workbook.xml.rels": insert(
                    f'<Relationship Type="{relation}" Target="/xl/sharedStrings.xml" Id="rId99"/>', b"</Relationships>"
                ),
                "xl/sharedStrings.xml": shared_strings,
            },
        ),
    }


# Run in a small Python of its own, so that the peak it reports (its children's) is the command's
# alone: a child forked from this process would start with this process's memory as its peak.
MEASURE = """
import json, resource, subprocess, sys, time
timeout, command = float(sys.argv[1]), sys.argv[2:]
start = time.perf_counter()
try:
    code, timed_out = subprocess.run(command, stdout=subprocess.DEVNULL, timeout=timeout).returncode, False
except subprocess.TimeoutExpired:  # the command is killed
    code, timed_out = "killed", True
seconds, peak = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": seconds, "mb": peak / 1024, "code": code, "timed_out": timed_out}))
"""


def run(code: Path, workbook: Path, out: Path, timeout: float) -> dict:
    """``budgetlib workbook import`` by the budgetlib in ``code``: seconds, peak MB, exit code, its message."""
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "budgetlib", "workbook", "import", str(workbook), "--out", str(out)]
    launcher = subprocess.Popen(
        [sys.executable, "-c", MEASURE, str(timeout), *command],
        env={**os.environ, "PYTHONPATH": str(code)},
        cwd=out.parent,  # not a checkout: ``-m`` would find budgetlib in the working directory first
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # the launcher and the import, to be stopped together
    )
    try:
        stdout, stderr = launcher.communicate()
    except BaseException:  # interrupted: stop the import too, not only the launcher
        os.killpg(launcher.pid, signal.SIGKILL)
        launcher.wait()
        raise
    shutil.rmtree(out, ignore_errors=True)
    lines = stderr.strip().splitlines()
    return {**json.loads(stdout), "said": lines[-1][:150] if lines else ""}


def shown(result: dict) -> str:
    more = ">" if result["timed_out"] else ""
    return f"{more}{result['seconds']:.1f} s, {more}{result['mb']:.0f} MB"


def ratio(before: dict, after: dict, key: str) -> str:
    value = before[key] / after[key]
    return (">" if before["timed_out"] else "") + (f"{value:.1f}×" if value < 10 else f"{value:,.0f}×")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=400, help="seconds before a run is killed (default 400)")
    parser.add_argument("--before", default="ec24133", help="the commit to compare with (default ec24133)")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # still remove the worktree when stopped
    with tempfile.TemporaryDirectory(prefix="workbook-refusal-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        files = hostile_files(folder)
        sizes = {
            name: f"{path.stat().st_size / 2**20:.1f} MB" if path.exists() else "-" for name, path in files.items()
        }
        print(f"made the workbooks in {time.perf_counter() - started:.0f} s: {sizes}", flush=True)
        old = folder / "before"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(old), args.before], check=True)
        results: dict[str, dict[str, dict]] = {}
        try:
            for name, workbook in files.items():
                for label, code in (("before", old), ("after", ROOT)):
                    result = run(code, workbook, folder / "out", args.timeout)
                    results.setdefault(name, {})[label] = result
                    print(
                        f"{name:<26} {label:<6} {shown(result):<22} exit {result['code']}: {result['said']}", flush=True
                    )
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old)], check=False)
    print()
    floor = results["missing file (the floor)"]["after"]
    print(f"| case | file | before ({args.before}) | after | after, over the floor | time ratio | memory ratio |")
    print("|---|---|---|---|---|---|---|")
    for name, runs in results.items():
        before, after = runs["before"], runs["after"]
        over = f"{after['seconds'] - floor['seconds']:+.1f} s, {after['mb'] - floor['mb']:+.0f} MB"
        times, memory = ratio(before, after, "seconds"), ratio(before, after, "mb")
        print("| " + " | ".join([name, sizes[name], shown(before), shown(after), over, times, memory]) + " |")


if __name__ == "__main__":
    main()
