"""``budgetlib import FILE.pdf --out DIR``: a published statement read from its PDF into a data package.

The order: refuse an output folder the import may not write into (before the PDF is read), read
the statement (:func:`budgetlib.importers.pdf.read_statement`, which refuses a file that is not a
readable statement), turn its tables and notes into the package's resources, write them beside
the output, read that package back as any package is read (validated against the form), audit
it, save the import report in it, and only then put it in place: a failed import writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from budgetlib.checks.audit import Check, audit
from budgetlib.datapackage import DESCRIPTOR, Budget, load, output
from budgetlib.datapackage.descriptor import descriptor_text
from budgetlib.errors import DataError, display_path
from budgetlib.importers import notes
from budgetlib.importers.package import REPORT, descriptor
from budgetlib.importers.pdf import StatementError, read_statement
from budgetlib.importers.report import import_report
from budgetlib.importers.tables import Resource, table_resources


@dataclass(frozen=True)
class Imported:
    """What an import wrote: the package (loaded from its place), its audit and its report."""

    budget: Budget
    checks: list[Check]
    report: str


def import_statement(pdf: str | Path, out: str | Path, *, force: bool = False) -> Imported:
    """Read the statement ``pdf`` into the data package folder ``out`` (new, empty or a package; with
    ``force`` it may hold other files, which stay). Raises :class:`DataError` (a
    :class:`StatementError` for the PDF) when nothing could be written."""
    pdf, out = Path(pdf), Path(out)
    shown = display_path(pdf)
    output.claim(out, force=force, shown=shown)
    statement = read_statement(pdf)
    notices = list(statement.report.warnings)
    resources = table_resources(statement, notices)
    for name, rows, unit in (
        ("stated_figures", notes.stated_figures(statement, notices), notes.NOTES_UNIT),
        ("project_pages", notes.project_pages(statement, notices), notes.NOTES_UNIT),
        ("organisation", notes.organisation(statement), None),
        ("responsibilities", notes.responsibilities(statement), None),
        ("glossary", notes.glossary(statement), None),
    ):
        if rows:
            resources[name] = Resource(name, unit, rows)
    package = descriptor(statement, resources, pdf)
    files = {DESCRIPTOR: descriptor_text(package)}
    for resource in package["resources"]:
        fields = [field["name"] for field in resource["schema"]["fields"]]
        rows = resources[resource["name"]].rows
        files[resource["path"]] = output.csv_text(resource, ([row.get(name, "") for name in fields] for row in rows))

    def check(staging: Path) -> Imported:
        try:
            budget = load(staging)
        except DataError as error:
            raise _located(error, pdf, package, resources) from None
        checks = audit(budget)
        report = import_report(statement, pdf, budget, checks, notices, resources)
        (staging / REPORT).write_text(report, encoding="utf-8")
        return Imported(budget, checks, report)

    imported = output.write_package(out, files, check, inputs=[pdf], shown=shown)
    return replace(imported, budget=replace(imported.budget, data_dir=out))


def _located(error: DataError, pdf: Path, package: dict, resources: dict[str, Resource]) -> StatementError:
    """A problem of the package read from the PDF, said of the PDF: the table, page and row it was read from."""
    resource = next((r for r in package["resources"] if Path(error.file).name == r["path"]), None)
    page, where = None, ""
    if resource is not None and error.row is not None and error.row <= len(resources[resource["name"]].rows):
        row = resources[resource["name"]].rows[error.row - 1]
        page = int(row["source_page"]) if row.get("source_page") else None
        table = row.get("source_table", "")
        where = f"{table}, row {row['source_row']}: " if row.get("source_row") else f"{table}: " if table else ""
    column = f"column {error.column}: " if error.column else ""
    return StatementError(pdf, f"{where}{column}{error.problem}", page=page, expected=error.expected,
                          found=error.found)  # fmt: skip
