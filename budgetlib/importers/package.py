"""A statement read from its PDF as a data package: the descriptor, and the CSV text of each table.

The national tables' resources come from ``datapackage/national.toml``, each amount field in the
unit its table prints; the duties and the glossary are the bundled package's resources, their
English columns left empty for a person to fill in. The descriptor says who, when and what kind
(``department``, ``fiscalYear``, ``budgetKind``), the statement it was read from (``sources``),
the units 机构设置 counts (``unitCounts``), that its rows are the statement's own print
(``importedFrom`` "pdf"), and the import report beside it (``importReport``).
"""

from __future__ import annotations

import copy
import hashlib
from pathlib import Path
from typing import Any

from budgetlib.datapackage import bundled_data_dir, read_descriptor
from budgetlib.datapackage.form import national_resource
from budgetlib.importers.pdf.model import Statement
from budgetlib.importers.tables import Resource

REPORT = "import-report.txt"
ORDER = ("summary_rows", "function_income", "function_spending", "economic_basic", "three_public_items",
         "empty_tables", "stated_figures", "project_pages", "organisation", "responsibilities", "glossary")  # fmt: skip
BUNDLED = ("responsibilities", "glossary")  # tables of the bundled form, read from the notes
KIND_ZH = {"department": "部门预算", "unit": "单位预算"}


def descriptor(statement: Statement, resources: dict[str, Resource], pdf: Path) -> dict[str, Any]:
    """The package's descriptor: its metadata, then each resource it has, in the order of the form."""
    meta = statement.metadata
    title = meta.title or pdf.stem
    if meta.department and meta.department not in title:
        title = f"{title}（{meta.department}）"
    package: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": _name(meta.fiscal_year, pdf),
        "title": title,
        "description": (
            f"Read from {pdf.name} by budgetlib import: the national tables the statement prints and the "
            "figures its notes state, amounts as printed (the tables' unit on each field, 万元 in the notes)."
        ),
    }
    if meta.fiscal_year is not None:
        package["fiscalYear"] = meta.fiscal_year
    package |= {"currency": "CNY", "amountUnit": "万元", "amountUnit_en": "10,000 yuan"}
    if meta.kind in KIND_ZH:
        package["budgetKind"] = meta.kind
    if meta.department:
        package["department"] = {"name_zh": meta.department}
    if meta.unit_counts:
        package["unitCounts"] = dict(meta.unit_counts)
    package["sources"] = [{"title": title, "path": pdf.name}]
    package["importedFrom"] = "pdf"
    package["importReport"] = REPORT
    package["resources"] = [_resource(name, resources[name]) for name in ORDER if name in resources]
    return package


def _name(year: int | None, pdf: Path) -> str:
    """A package name as the Data Package standard allows (lower case, digits, -): the year and a
    digest of the file, so two statements of one year get two names."""
    digest = hashlib.sha256(pdf.read_bytes()).hexdigest()[:10]
    return f"budget-statement-{year or 'undated'}-{digest}"


def _resource(name: str, resource: Resource) -> dict[str, Any]:
    if name in BUNDLED:
        return copy.deepcopy(next(r for r in read_descriptor(bundled_data_dir())["resources"] if r["name"] == name))
    return national_resource(name, resource.unit)
