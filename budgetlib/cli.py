"""The ``budgetlib`` command: thin wrappers around load, audit, facts, the report build, the decks and
Word documents, the imports and the descriptor.

Exit codes: 0 when nothing fails (warnings allowed), 1 when an audit check, a notebook or
writing the outputs fails (or ``describe --check`` finds a file out of date), 2 when the data
cannot be read (or the command line is wrong) or the wording folder (``$BUDGETLIB_WORDING``)
cannot be used, 128 + the signal when stopped (130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP),
having cleaned up what it had started. Bad input is reported in one message, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from budgetlib.analysis.facts import facts
from budgetlib.checks.audit import Check, audit, failures
from budgetlib.datapackage import Budget, load
from budgetlib.errors import STOP_SIGNALS, DataError, Interrupted, ReportError, cannot_write, display_path
from budgetlib.publish import speedups
from budgetlib.words.wording import WordingError, check_wording

EXIT_OK, EXIT_CHECK_FAILED, EXIT_BAD_DATA = 0, 1, 2
TEMPLATE_HELP = "a Word document (.docx or .dotx) whose styles and page setup the briefing document takes"


def jobs_count(text: str) -> int:
    """``--jobs``: a whole number of at least 1.

    >>> jobs_count("0")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: expected a whole number of at least 1, found '0'
    """
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, found {text!r}")
    return int(text)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: sys.argv) and return the exit code."""
    try:
        with _stopped_as_interrupted():
            return _main(argv)
    except KeyboardInterrupt as error:
        print(f"budgetlib: {_stopped_by(error)}", file=sys.stderr)
        return _exit_code(error)
    except WordingError as error:  # a folder that cannot be used, or a template that failed while filled in
        print(f"budgetlib: cannot use the wording: {error}", file=sys.stderr)
        return EXIT_BAD_DATA
    except BrokenPipeError:  # the output was piped into a program that stopped reading (| head)
        sys.stderr.close()
        return EXIT_CHECK_FAILED


def _exit_code(error: KeyboardInterrupt) -> int:
    """128 + the number of the signal that stopped the command: 130 for Ctrl-C, 143 for SIGTERM."""
    return 128 + getattr(error, "signum", signal.SIGINT)


def _stopped_by(error: KeyboardInterrupt) -> str:
    """``interrupted`` for Ctrl-C, ``stopped by SIGTERM`` for another signal."""
    signum = getattr(error, "signum", signal.SIGINT)
    return "interrupted" if signum == signal.SIGINT else f"stopped by {signal.Signals(signum).name}"


@contextmanager
def _stopped_as_interrupted() -> Iterator[None]:
    """SIGTERM and SIGHUP stop the command as Ctrl-C does, by raising :class:`Interrupted`, so that
    every staging folder and kernel is cleaned up on the way out (their default kills the process
    where it stands)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise Interrupted(signum)

    previous = {signum: signal.signal(signum, stop) for signum in STOP_SIGNALS if signum != signal.SIGINT}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def run() -> None:
    """The ``budgetlib`` console command: ``main()``, then exit with its code."""
    code = main()
    speedups.freeze_heap()  # the process is about to end: no last walk over the heap it built
    raise SystemExit(code)


def _main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="budgetlib", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    data_help = "data package folder (default: the bundled 2020 statement)"
    check = commands.add_parser("check", help="validate the tables and reconcile them against the printed totals")
    check.add_argument("--data", type=Path, help=data_help)
    facts_parser = commands.add_parser("facts", help="print the headline figures")
    facts_parser.add_argument("--data", type=Path, help=data_help)
    facts_parser.add_argument("--json", action="store_true", help="print one JSON object")
    report = commands.add_parser(
        "report", help="run every notebook and write HTML reports, figures, decks and Word documents"
    )
    report.add_argument("--data", type=Path, help=data_help)
    report.add_argument("--lang", choices=["zh", "en"], help="build one language only (default: both)")
    report.add_argument("--out", type=Path, default=Path("."), help="folder for reports/ and figures/ (default: .)")
    report.add_argument(
        "--jobs", type=jobs_count, default=os.cpu_count() or 1, help="notebooks run at once (default: cores)"
    )
    report.add_argument("--notebooks", type=Path, help="folder of notebooks (default: the bundled ones)")
    report.add_argument("--docx-template", type=Path, metavar="PATH", help=TEMPLATE_HELP)
    add_workbook_commands(commands)
    statement = commands.add_parser(
        "import", help="read a published statement (PDF) into a data package, then audit it"
    )
    statement.add_argument("pdf", type=Path, metavar="FILE.pdf")
    statement.add_argument(
        "--out", type=Path, required=True, help="data package folder to write (new, empty or a package)"
    )
    statement.add_argument("--force", action="store_true", help="write into a folder holding other files (they stay)")
    deck = commands.add_parser(
        "deck", help="write only the briefing decks (PowerPoint) and documents (Word), without running the notebooks"
    )
    deck.add_argument("--data", type=Path, help=data_help)
    deck.add_argument("--lang", choices=["zh", "en"], help="build one language only (default: both)")
    deck.add_argument("--out", type=Path, default=Path("."), help="folder for reports/ (default: .)")
    deck.add_argument("--docx-template", type=Path, metavar="PATH", help=TEMPLATE_HELP)
    add_collection_commands(commands)
    describe = commands.add_parser("describe", help="write datapackage.json and CODEBOOK.md from datapackage.toml")
    describe.add_argument("--data", type=Path, help="folder holding datapackage.toml (default: the bundled data)")
    describe.add_argument("--check", action="store_true", help="write nothing; exit 1 when a file is out of date")
    args = parser.parse_args(argv)
    if args.command != "describe":  # every other command says something: the wording first, before any kernel
        check_wording()
    if getattr(args, "docx_template", None) is not None:  # and the reference document, before any kernel
        from budgetlib.document import TemplateError, read_template

        try:
            read_template(args.docx_template)
        except TemplateError as error:
            print(f"budgetlib: cannot use the Word template: {error}", file=sys.stderr)
            return EXIT_BAD_DATA
    if args.command == "workbook":
        return run_workbook(args)
    if args.command == "import":
        return run_import(args)
    if args.command == "describe":
        return run_describe(args)
    if args.command == "collection":
        return run_collection(args)
    if args.command == "report":
        from budgetlib.publish.kernels import start_fork_server

        speedups.build_process()
        start_fork_server()  # the kernels' libraries load while the data are read and audited
    try:
        budget = load(args.data)
    except DataError as error:
        print(f"budgetlib: cannot read the data: {error}", file=sys.stderr)
        return EXIT_BAD_DATA
    checks = audit(budget)
    if args.command == "report":
        return run_report(args, budget, checks)
    if args.command == "deck":
        return run_deck(args, budget, checks)
    if args.command == "check":
        print(format_checks(checks))
        print(format_text_review(budget))
        print(format_prose_checks(budget))
        print(format_completeness(budget))
        return EXIT_CHECK_FAILED if failures(checks) else EXIT_OK
    return run_facts(args, budget, checks)


def add_collection_commands(commands: argparse._SubParsersAction) -> None:
    """``collection check`` and ``collection report``: many packages at once, across years and departments."""
    collection = commands.add_parser("collection", help="many packages at once: the panel, what one says of another")
    actions = collection.add_subparsers(dest="action", required=True)
    check = actions.add_parser("check", help="print the panel and the cross-statement findings")
    report = actions.add_parser("report", help="the collection notebook, each statement's report and an index")
    for parser in (check, report):
        parser.add_argument("packages", type=Path, nargs="*", metavar="PACKAGE",
                            help="a package folder, or a folder of package folders")  # fmt: skip
        parser.add_argument("--list", type=Path, metavar="FILE", help="a text file naming a package folder a line")
        parser.add_argument("--jobs", type=jobs_count, default=os.cpu_count() or 1,
                            help="processes reading the panel, notebooks run at once (default: cores)")  # fmt: skip
        parser.add_argument("--dask", metavar="ADDRESS",
                            help="read the panel on this Dask scheduler (budgetlib[distributed])")  # fmt: skip
    report.add_argument("--out", type=Path, required=True, help="folder for reports/, figures/ and statements/")
    report.add_argument("--lang", choices=["zh", "en"], help="build one language only (default: both)")
    report.add_argument("--notebooks", type=Path, help="folder of notebooks (default: the bundled ones)")


def run_collection(args: argparse.Namespace) -> int:
    """Read the collection's panel; print it and the cross-statement checks (exit 1 when one fails:
    two statements contradict each other), or build its report. Unreadable input is exit 2."""
    from budgetlib.analysis.collection import load_collection
    from budgetlib.checks.collection import cross_statement_checks

    if args.action == "report":
        from budgetlib.publish.kernels import start_fork_server

        speedups.build_process()
        start_fork_server()  # the kernels' libraries load while the packages are read
    try:
        with _dask_client(args.dask) as client:
            collection = load_collection(args.packages, list_file=args.list, jobs=args.jobs, client=client)
    except DataError as error:
        print(f"budgetlib: cannot read the collection: {error}", file=sys.stderr)
        return EXIT_BAD_DATA
    except _NoScheduler as error:
        print(f"budgetlib: {error}", file=sys.stderr)
        return EXIT_BAD_DATA
    if args.action == "report":
        return run_collection_report(args, collection)
    checks = cross_statement_checks(collection.comparisons())
    print(format_collection(collection, checks))
    return EXIT_CHECK_FAILED if failures(checks) else EXIT_OK


class _NoScheduler(Exception):
    """``--dask`` cannot be used: the extra is not installed, or the scheduler does not answer."""


@contextmanager
def _dask_client(address: str | None) -> Iterator[object]:
    """A client of the Dask scheduler at ``address`` for the panel's parts, or None without one."""
    if address is None:
        yield None
        return
    try:
        from distributed import Client
    except ImportError:
        raise _NoScheduler(
            "--dask needs Dask's distributed scheduler: install the extra, pip install 'budgetlib[distributed]'"
        ) from None
    try:
        client = Client(address, timeout="10s")
    except (OSError, TimeoutError, ValueError) as error:
        raise _NoScheduler(f"--dask {address}: cannot reach the scheduler ({error})") from None
    try:
        yield client
    finally:
        client.close()


def format_collection(collection: object, checks: list[Check]) -> str:
    """The collection as text: a summary line, the panel (a row per statement, amounts in 万元), then the
    cross-statement checks as the audit's table and each finding in words."""
    from budgetlib.pages.collection import PANEL, summary
    from budgetlib.words import formatting
    from budgetlib.words.sentences import audit_counts, cross_statement_items
    from budgetlib.words.wording import say

    statements = collection.statements  # type: ignore[attr-defined]
    lines = [summary(statements, "en").text]
    amounts = [measure for _, measures in PANEL for measure in measures]
    header = ["package", "year", "kind", *amounts, "projects_with_targets", "department"]
    rows = [header] + [
        [row.package, str(row.fiscal_year), row.budget_kind,
         *(formatting.amount(getattr(row, name)) for name in amounts),
         formatting.count(row.projects_with_targets), row.department_zh]
        for row in statements.itertuples(index=False)
    ]  # fmt: skip
    widths = [max(_width(row[i]) for row in rows) for i in range(len(header) - 1)]
    numeric = {*amounts, "year", "projects_with_targets"}
    for row in rows:
        cells = [
            " " * (widths[i] - _width(cell)) + cell if header[i] in numeric else _pad(cell, widths[i])
            for i, cell in enumerate(row[:-1])
        ]
        lines.append("  ".join(cells) + "  " + row[-1])
    lines.append("(amounts in 万元, 10,000 yuan; — where a statement gives none)")
    lines.append(say("collection.across_summary", "en", **audit_counts(checks)))
    if checks:
        lines.append(format_checks(checks))
        lines += [f"{check.status.upper()} {check.name}: {sentence}" for check, _, sentence in
                  cross_statement_items(checks, "en")]  # fmt: skip
    return "\n".join(lines)


def run_collection_report(args: argparse.Namespace, collection: object) -> int:
    """Build the collection's report; a statement whose audit fails is refused before any kernel starts."""
    from budgetlib.publish.collection import build_collection

    langs = [args.lang] if args.lang else ["zh", "en"]
    written = _built(
        lambda: build_collection(
            collection,  # type: ignore[arg-type]
            langs=langs,
            out_dir=args.out,
            jobs=args.jobs,
            notebooks_dir=args.notebooks,
        )
    )
    if isinstance(written, int):
        return written
    folders = sorted({str(path.parent) for path in written if "statements" not in path.parts})
    print(f"wrote {len(written)} reports, the collection's in {', '.join(folders)}, each statement's in "
          f"{args.out / 'statements'}")  # fmt: skip
    return EXIT_OK


def run_facts(args: argparse.Namespace, budget: Budget, checks: list[Check]) -> int:
    """Print the headline figures; when the audit fails, mark them unreliable and exit 1."""
    figures = facts(budget)
    failed = failures(checks)
    if failed:
        names = ", ".join(c.name for c in failed)
        if args.json:
            figures["audit_failures"] = [c.name for c in failed]
        else:
            print(f"UNRELIABLE: the data fail {len(failed)} audit checks ({names}); these figures do not add up")
    print(json.dumps(figures, ensure_ascii=False, indent=2) if args.json else format_facts(figures))
    if failed:
        print(
            f"budgetlib: the data fail {len(failed)} audit checks ({names}), so these figures are unreliable; "
            "see 'budgetlib check'",
            file=sys.stderr,
        )
        return EXIT_CHECK_FAILED
    return EXIT_OK


def add_workbook_commands(commands: argparse._SubParsersAction) -> None:
    """``workbook export``, ``template`` and ``import``: the entry workbook for a new statement."""
    workbook = commands.add_parser("workbook", help="the Excel entry workbook: export, template, import")
    actions = workbook.add_subparsers(dest="action", required=True)
    export = actions.add_parser("export", help="write a data package as an entry workbook")
    export.add_argument("--data", type=Path, help="data package folder (default: the bundled 2020 statement)")
    export.add_argument("out", type=Path, metavar="OUT.xlsx")
    template = actions.add_parser("template", help="write the entry workbook with empty tables")
    template.add_argument("out", type=Path, metavar="OUT.xlsx")
    read = actions.add_parser("import", help="read an entry workbook into a data package, then audit it")
    read.add_argument("workbook", type=Path, metavar="IN.xlsx")
    read.add_argument("--out", type=Path, required=True, help="data package folder to write (new, empty or a package)")
    read.add_argument("--force", action="store_true", help="write into a folder holding other files (they stay)")


def run_workbook(args: argparse.Namespace) -> int:
    """Export, template or import; an unreadable workbook or package is one message and exit 2."""
    from budgetlib.workbook import export_workbook, import_workbook, write_template  # openpyxl: only for these

    try:
        if args.action == "export":
            print(f"wrote {export_workbook(args.out, args.data)}")
        elif args.action == "template":
            print(f"wrote {write_template(args.out)}")
        else:
            budget = import_workbook(args.workbook, args.out, force=args.force)
    except (DataError, OSError) as error:
        return _cannot(f"{args.action} the workbook", error)
    if args.action != "import":
        return EXIT_OK
    checks = audit(budget)
    print(format_checks(checks))
    print(f"wrote the data package {args.out} ({len(budget.tables)} tables)")
    if failures(checks):
        print("budgetlib: the data do not reconcile; fix the workbook and import it again", file=sys.stderr)
        return EXIT_CHECK_FAILED
    return EXIT_OK


def run_import(args: argparse.Namespace) -> int:
    """Read a statement's PDF into a package and print the import report; an unreadable PDF is one
    message and exit 2, nothing written."""
    from budgetlib.importers import import_statement  # pdfplumber: only for this

    try:
        imported = import_statement(args.pdf, args.out, force=args.force)
    except (DataError, OSError) as error:
        return _cannot("import the statement", error)
    print(imported.report, end="")
    print(f"wrote the data package {args.out} ({len(imported.budget.tables)} tables)")
    if failures(imported.checks):
        print("budgetlib: the data do not reconcile; see the audit above", file=sys.stderr)
        return EXIT_CHECK_FAILED
    return EXIT_OK


def _cannot(what: str, error: DataError | OSError) -> int:
    """Say in one line that ``what`` could not be done; return 2 for unreadable input, 1 for an
    output that cannot be written."""
    if isinstance(error, OSError):
        print(f"budgetlib: cannot {what}: {cannot_write(error, 'the output')}", file=sys.stderr)
        return EXIT_CHECK_FAILED
    print(f"budgetlib: cannot {what}: {error}", file=sys.stderr)
    return EXIT_BAD_DATA


def run_describe(args: argparse.Namespace) -> int:
    """Write datapackage.json and CODEBOOK.md from datapackage.toml; with ``--check``, only
    name the files that are out of date (exit 1). An unreadable source is one message and exit 2."""
    from budgetlib.datapackage import bundled_data_dir
    from budgetlib.datapackage.descriptor import generated, stale, write

    try:
        data_dir = args.data or bundled_data_dir()
        files = generated(data_dir)
        changed = stale(files) if args.check else write(files)
    except (DataError, OSError) as error:
        return _cannot("describe the package", error)
    if args.check:
        for path in changed:
            print(f"budgetlib: {display_path(path)} is out of date; run budgetlib describe", file=sys.stderr)
        return EXIT_CHECK_FAILED if changed else EXIT_OK
    for path in changed:
        print(f"wrote {display_path(path)}")
    return EXIT_OK


def run_report(args: argparse.Namespace, budget: Budget, checks: list[Check]) -> int:
    """Build the reports, refusing data that do not reconcile before any kernel starts."""
    failed = failures(checks)
    if failed:
        print(format_checks(checks), file=sys.stderr)
        print("budgetlib: the data do not reconcile; no report was built", file=sys.stderr)
        return EXIT_CHECK_FAILED
    from budgetlib.publish.build import build

    langs = [args.lang] if args.lang else ["zh", "en"]
    written = _built(
        lambda: build(
            data_dir=args.data,
            langs=langs,
            out_dir=args.out,
            jobs=args.jobs,
            notebooks_dir=args.notebooks,
            loaded=(budget, checks),
            docx_template=args.docx_template,
        )
    )
    if isinstance(written, int):
        return written
    folders = sorted({str(path.parent) for path in written})
    print(f"wrote {len(written)} reports to {', '.join(folders)} and figures to {args.out / 'figures'}")
    return EXIT_OK


def _built(run: Callable[[], list[Path]]) -> list[Path] | int:
    """The files a build wrote; or, where it failed, its reason said in one message and the exit code."""
    kept = "budgetlib: the previous reports and figures were left as they were"
    try:
        return run()
    except DataError as error:  # a collection's package, loaded whole for its report
        print(f"budgetlib: cannot read the data: {error}", file=sys.stderr)
        return EXIT_BAD_DATA
    except ReportError as error:
        print(f"budgetlib: report failed: {error}", file=sys.stderr)
        print(kept, file=sys.stderr)
        return EXIT_CHECK_FAILED
    except WordingError as error:  # a template that failed while filled in, in this process
        print(f"budgetlib: cannot use the wording: {error}", file=sys.stderr)
        print(kept, file=sys.stderr)
        return EXIT_BAD_DATA
    except KeyboardInterrupt as error:
        print(f"budgetlib: {_stopped_by(error)}; {kept.removeprefix('budgetlib: ')}", file=sys.stderr)
        return _exit_code(error)


def run_deck(args: argparse.Namespace, budget: Budget, checks: list[Check]) -> int:
    """Write ``OUT/reports/<lang>/briefing.pptx`` and ``briefing.docx`` for each language, refusing data
    that do not reconcile; each file through a temporary file and a rename."""
    from budgetlib.deck import write_deck
    from budgetlib.document import write_document

    if failures(checks):
        print(format_checks(checks), file=sys.stderr)
        print("budgetlib: the data do not reconcile; no deck was built", file=sys.stderr)
        return EXIT_CHECK_FAILED
    for lang in [args.lang] if args.lang else ["zh", "en"]:
        folder = args.out / "reports" / lang
        try:
            paths = [
                write_deck(budget, lang, folder / "briefing.pptx", checks),
                write_document(budget, lang, folder / "briefing.docx", checks, template=args.docx_template),
            ]
        except OSError as error:
            print(f"budgetlib: deck failed: {cannot_write(error, 'the output')}", file=sys.stderr)
            return EXIT_CHECK_FAILED
        for path in paths:
            print(f"wrote {path}")
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


def format_text_review(budget: Budget) -> str:
    """The text-vs-table review after the audit: a count, then each finding as a WARN line in words."""
    from budgetlib.checks.text_review import review
    from budgetlib.words.sentences import review_items
    from budgetlib.words.wording import say

    findings = review(budget)
    lines = [say("review.summary", "en", count=len(findings), reviewed=findings.attrs.get("reviewed", 1))]
    lines += [f"WARN {name}: {sentence}" for sentence, name in review_items(findings, "en")]
    return "\n".join(lines)


def format_prose_checks(budget: Budget) -> str:
    """The wording checks after the text review: a summary, then each finding as a WARN line in words."""
    from budgetlib.checks.prose import check
    from budgetlib.words.sentences import prose_items, prose_summary

    findings = check(budget)
    return "\n".join(
        [prose_summary(findings, "en")] + [f"WARN {name}: {text}" for text, name in prose_items(findings, "en")]
    )


def format_completeness(budget: Budget) -> str:
    """What the statement does not print of what the 操作规程 asks for: a count, then a WARN line each."""
    from budgetlib.checks.completeness import completeness, untranslated
    from budgetlib.words.sentences import completeness_items
    from budgetlib.words.wording import say

    findings = completeness(budget)
    lines = [say("completeness.summary", "en", count=len(findings), names=[])]  # named below, one a line
    lines += [f"WARN {name}: {sentence}" for sentence, name in completeness_items(findings, "en")]
    names = untranslated(budget)
    if len(names):
        lines.append(say("completeness.untranslated", "en", count=len(names)))
        lines += [f"WARN translation.{row.code}: {row.name_zh} ({row.resource})" for row in names.itertuples()]
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
