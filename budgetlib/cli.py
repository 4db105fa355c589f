"""The ``budgetlib`` command: thin wrappers around load, audit, facts and the report build.

Exit codes: 0 when nothing fails (warnings allowed), 1 when an audit check or a
notebook fails, 2 when the data cannot be read. Bad data is reported in one message,
never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from budgetlib.audit import Check, audit, failures
from budgetlib.errors import DataError
from budgetlib.facts import facts
from budgetlib.load import load

EXIT_OK, EXIT_CHECK_FAILED, EXIT_BAD_DATA = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: sys.argv) and return the exit code."""
    parser = argparse.ArgumentParser(prog="budgetlib", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    data_help = "data package folder (default: the bundled 2020 statement)"
    check = commands.add_parser("check", help="validate the tables and reconcile them against the printed totals")
    check.add_argument("--data", type=Path, help=data_help)
    facts_parser = commands.add_parser("facts", help="print the headline figures")
    facts_parser.add_argument("--data", type=Path, help=data_help)
    facts_parser.add_argument("--json", action="store_true", help="print one JSON object")
    report = commands.add_parser("report", help="run every notebook and write HTML reports and figures")
    report.add_argument("--data", type=Path, help=data_help)
    report.add_argument("--lang", choices=["zh", "en"], help="build one language only (default: both)")
    report.add_argument("--out", type=Path, default=Path("."), help="folder for reports/ and figures/ (default: .)")
    report.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="notebooks run at once (default: cores)")
    report.add_argument("--notebooks", type=Path, help="folder of notebooks (default: the bundled ones)")
    args = parser.parse_args(argv)

    try:
        budget = load(args.data)
    except DataError as error:
        print(f"budgetlib: cannot read the data: {error}", file=sys.stderr)
        return EXIT_BAD_DATA
    checks = audit(budget)
    if args.command == "report":
        return run_report(args, checks)
    if args.command == "check":
        print(format_checks(checks))
        return EXIT_CHECK_FAILED if failures(checks) else EXIT_OK
    figures = facts(budget)
    print(json.dumps(figures, ensure_ascii=False, indent=2) if args.json else format_facts(figures))
    failed = failures(checks)
    if failed:
        print(f"budgetlib: {len(failed)} audit checks fail; see 'budgetlib check'", file=sys.stderr)
    return EXIT_OK


def run_report(args: argparse.Namespace, checks: list[Check]) -> int:
    """Build the reports, refusing data that do not reconcile before any kernel starts."""
    from budgetlib.report import ReportError, build  # Jupyter's machinery: loaded only for this command

    failed = failures(checks)
    if failed:
        print(format_checks(checks), file=sys.stderr)
        print("budgetlib: the data do not reconcile; no report was built", file=sys.stderr)
        return EXIT_CHECK_FAILED
    langs = [args.lang] if args.lang else ["zh", "en"]
    try:
        written = build(data_dir=args.data, langs=langs, out_dir=args.out, jobs=args.jobs, notebooks_dir=args.notebooks)
    except ReportError as error:
        print(f"budgetlib: report failed: {error}", file=sys.stderr)
        print("budgetlib: the previous reports and figures were left as they were", file=sys.stderr)
        return EXIT_CHECK_FAILED
    folders = sorted({str(path.parent) for path in written})
    print(f"wrote {len(written)} reports to {', '.join(folders)} and figures to {args.out / 'figures'}")
    return EXIT_OK


def format_checks(checks: list[Check]) -> str:
    """The checks as an aligned text table (check, status, expected, found) and a count line."""
    header = ("check", "status", "expected", "found")
    rows = [header] + [(c.name, c.status.upper(), c.expected, c.found) for c in checks]
    widths = [max(_width(row[i]) for row in rows) for i in range(3)]
    lines = ["  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row[:3])) + "  " + row[3] for row in rows]
    counts = {status: sum(c.status == status for c in checks) for status in ("pass", "warn", "fail")}
    lines.append(f"{len(checks)} checks: {counts['pass']} pass, {counts['warn']} warn, {counts['fail']} fail")
    for c in checks:
        if c.status != "pass":
            lines.append(f"{c.status.upper()} {c.name}: {c.description}; expected {c.expected}, found {c.found}")
    return "\n".join(lines)


def format_facts(figures: dict) -> str:
    """The headline figures as ``key: value`` lines, the asset mix one category a line."""
    lines = []
    for key, value in figures.items():
        if key == "asset_mix":
            for item in value:
                lines.append(
                    f"asset_mix: {item['category']} ({item['category_en']}) {item['amount']} = "
                    f"{item['share_pct']}% (stated {item['stated_share_pct']}%)"
                )
        else:
            lines.append(f"{key}: {value}")
    return "\n".join(lines)


def _width(text: str) -> int:
    """Display width in a terminal: CJK characters take two columns."""
    return sum(2 if "\u2e80" <= ch <= "\uffef" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
