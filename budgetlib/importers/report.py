"""The import report: what was read from a statement's PDF, and what needs a person.

Printed by ``budgetlib import`` and saved in the package (``import-report.txt``, which the
descriptor names as ``importReport``): each national table found (its title, pages, rows and
unit, or its note where it is printed empty) and each not found; each figure taken from the
notes with its sentence; the project pages; the audit's result; and what a person should look at:
what the reader noticed (by page), the audit's warnings and failures (the statement's own sums
that disagree, a figure the notes state that the table prints otherwise), the names the
reference has no English for, and the English left to fill in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from budgetlib.checks.audit import Check
from budgetlib.checks.completeness import untranslated
from budgetlib.datapackage import Budget
from budgetlib.importers.pdf.model import Notice, Statement
from budgetlib.importers.pdf.titles import KINDS
from budgetlib.importers.tables import Resource
from budgetlib.words.wording import say

KIND_EN = {"department": "department budget (部门预算)", "unit": "unit budget (单位预算)"}
# The English a person fills in after an import, by table: the columns, and what a row is called.
TO_TRANSLATE = {
    "responsibilities": (("duty_en", "summary_en"), "duties"),
    "glossary": (("term_en", "definition_en"), "terms"),
    "organisation": (("unit_en",), "units"),
    "project_pages": (("project_en",), "projects"),
    "summary_rows": (("item_en",), "summary rows"),
}
SENTENCE_SHOWN = 90  # characters of a figure's sentence in the report; the package keeps it whole


def import_report(statement: Statement, pdf: Path, budget: Budget, checks: Sequence[Check],
                  notices: Sequence[Notice], resources: Mapping[str, Resource]) -> str:  # fmt: skip
    """The report of one import, as text (ends with a newline)."""
    lines = [f"budgetlib import: {pdf.name} ({statement.metadata.page_count} pages)", _who(statement), ""]
    lines += _tables(statement)
    figures, projects = (
        resources[name].rows if name in resources else [] for name in ("stated_figures", "project_pages")
    )
    lines += ["", *_figures(figures, projects)]
    lines += ["", *_audit(checks)]
    lines += ["", *_needs_a_person(budget, checks, notices)]
    return "\n".join(lines) + "\n"


def _who(statement: Statement) -> str:
    meta = statement.metadata
    parts = [meta.department or "department not found", f"fiscal year {meta.fiscal_year or 'not found'}",
             KIND_EN.get(meta.kind or "", "kind of budget not found")]  # fmt: skip
    if meta.units:
        counts = ", ".join(f"{kind} {count}" for kind, count in meta.unit_counts.items())
        parts.append(f"{len(meta.units)} units listed" + (f" ({counts})" if counts else ""))
    return "Statement: " + "; ".join(parts)


def _tables(statement: Statement) -> list[str]:
    found = {table.kind: table for table in statement.report.found}
    lines = [f"National tables found: {len(found)} of {len(KINDS)}"]
    for table in statement.report.found:
        pages = "–".join(str(page) for page in (table.pages[0], table.pages[-1])) if len(table.pages) > 1 else ""
        where = f"pages {pages}" if pages else f"page {table.pages[0]}"
        detail = "printed empty" if table.empty else f"{table.rows} rows, {table.unit or 'no unit printed'}"
        lines.append(f"  {table.kind}: {table.title}, {where}, {detail}")
    missing = statement.report.missing
    lines.append("Not found: " + (", ".join(f"{kind} ({say(f'name.{kind}', 'zh')})" for kind in missing)
                                  if missing else "none"))  # fmt: skip
    return lines


def _figures(figures: Sequence[dict[str, str]], projects: Sequence[dict[str, str]]) -> list[str]:
    """Each figure taken from the notes, as the package holds it (the statement's digits), with its
    sentence; a sentence that gives several figures is quoted once, after the first of them."""
    lines = [f"Figures from the notes: {len(figures) or 'none found'}"]
    quoted = None
    for figure in figures:
        sentence = figure["sentence_zh"]
        line = f"  page {figure['source_page']}, {figure['topic']} {figure['measure']}: {_value(figure)}"
        if sentence != quoted:
            line += f" «{sentence if len(sentence) <= SENTENCE_SHOWN else sentence[:SENTENCE_SHOWN] + '…'}»"
            quoted = sentence
        lines.append(line)
    if projects:
        lines.append(f"Project pages: {len(projects)}")
        lines += [f"  page {row['source_page']}: {row['project_zh']}, {row['amount'] or '—'} 万元" for row in projects]
    return lines


def _value(figure: dict[str, str]) -> str:
    parts = []
    if figure["amount"]:
        parts.append(f"{figure['amount']} 万元")
    if figure["count"]:
        parts.append(f"count {figure['count']}")
    if figure["change"]:
        change = f" {figure['change_amount']} 万元" if figure["change_amount"] else ""
        against = f" on {figure['compared_with_zh']}" if figure["compared_with_zh"] else ""
        parts.append(f"{figure['change']}{change}{against}")
    return ", ".join(parts) or "no amount"


def _audit(checks: Sequence[Check]) -> list[str]:
    counts = {status: sum(check.status == status for check in checks) for status in ("pass", "warn", "fail")}
    return [f"The audit: {len(checks)} checks, {counts['pass']} pass, {counts['warn']} warn, {counts['fail']} fail"]


def _needs_a_person(budget: Budget, checks: Sequence[Check], notices: Sequence[Notice]) -> list[str]:
    items = []
    for notice in notices:
        where = ", ".join(part for part in (f"page {notice.page}" if notice.page else "", notice.table or "") if part)
        items.append(f"{where}: {notice.message}" if where else notice.message)
    items += [f"{check.status.upper()} {check.name}: {check.description}; expected {check.expected}, "
              f"found {check.found}" for check in checks if check.status != "pass"]  # fmt: skip
    names = untranslated(budget)
    if len(names):
        listed = "; ".join(f"{row.code} {row.name_zh}" for row in names.itertuples())
        items.append(f"{len(names)} classification names have no English in the reference (name_en): {listed}")
    if not budget.descriptor.get("department", {}).get("name_en"):
        items.append("the department has no English name: department.name_en (and short_name_zh, short_name_en)")
    for table, (columns, rows) in TO_TRANSLATE.items():
        if budget.has(table):
            frame = budget[table]
            blank = int(frame[list(columns)].isna().any(axis=1).sum())
            if blank:
                items.append(f"{table}: {blank} {rows} without English ({', '.join(columns)})")
    return [f"Needs a person: {len(items)}", *(f"  - {item}" for item in items)]
