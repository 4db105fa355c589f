"""The import report: each national table found or not, and what to look at."""

from __future__ import annotations

from budgetlib.importers.pdf.model import Notice, Report, Table, TableFound
from budgetlib.importers.pdf.titles import KINDS


def build_report(tables: list[Table], notices: list[Notice]) -> Report:
    """List the national kinds found (pages, rows) and missing, with the notices in page order."""
    report = Report()
    for table in tables:
        report.found.append(
            TableFound(table.kind, table.title, list(table.pages), len(table.rows), not table.rows, table.unit)
        )
    found = {t.kind for t in tables}
    report.missing = [kind for kind in KINDS if kind not in found]
    seen = set()
    for notice in sorted(notices, key=lambda n: (n.page or 0, n.table or "", n.message)):
        key = (notice.message, notice.page, notice.table)
        if key not in seen:
            seen.add(key)
            report.warnings.append(notice)
    return report
