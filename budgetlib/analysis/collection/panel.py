"""The panel of a collection: one row per statement with the measures that mean the same in either
form, the spending of each by function, and the changes each states on the previous year.

Every measure is read by the function of :mod:`budgetlib.analysis` that reads it for one statement
(:mod:`~budgetlib.analysis.measures`, :mod:`~budgetlib.analysis.national`, procurement, performance),
so a collection and a single report never disagree on what a figure is. Amounts are in 万元 (a package
whose display unit is another is converted), exact as a float holds them; a measure a statement does
not give is NaN, never 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from budgetlib.analysis import national
from budgetlib.analysis.changes import CHANGE_COLUMNS, stated_changes
from budgetlib.analysis.collection.reading import connection, read_budgets
from budgetlib.analysis.measures import (
    basic_costs,
    fiscal_appropriations,
    fiscal_year,
    general_public,
    operating_costs,
    spending,
    three_public,
)
from budgetlib.analysis.national import THREE_PUBLIC, TO_YUAN, function_spending
from budgetlib.analysis.performance import projects_with_targets
from budgetlib.analysis.procurement import procurement_split
from budgetlib.datapackage import Budget

UNIT = "万元"  # the panel's unit
UNIT_EN = national.UNIT_EN[UNIT]
ABOUT = ["package", "path", "department_zh", "department_en", "budget_kind", "fiscal_year", "form", "source_zh"]
MEASURES = [
    "total", "basic", "project", "personnel", "public", "fiscal_appropriations", "general_public",
    *THREE_PUBLIC, "operating_costs", "procurement", "procurement_goods", "procurement_works",
    "procurement_services", "projects_with_targets",
]  # fmt: skip
AMOUNTS = [measure for measure in MEASURES if measure != "projects_with_targets"]
FUNCTION_COLUMNS = ["package", "code", "name_zh", "name_en", "total", "basic", "project", "share_pct"]


def statement_row(budget: Budget, package: str) -> dict[str, object]:
    """The panel's row of one statement: who and when (``ABOUT``), then each of ``MEASURES``."""
    year = fiscal_year(budget)
    department = budget.descriptor.get("department", {})
    source = (budget.descriptor.get("sources") or [{}])[0]
    scale = _to_panel_unit(budget)
    bought = procurement_split(budget)
    amounts = {
        **{kind: spending(budget, year, kind) for kind in ("total", "basic", "project")},
        **basic_costs(budget),
        "fiscal_appropriations": fiscal_appropriations(budget),
        "general_public": general_public(budget),
        **three_public(budget),
        "operating_costs": operating_costs(budget),
        "procurement": bought["total"],
        **{f"procurement_{part}": bought[part] for part in ("goods", "works", "services")},
    }
    return {
        "package": package,
        "path": str(budget.data_dir.resolve()),
        "department_zh": department.get("name_zh", ""),
        "department_en": department.get("name_en") or department.get("name_zh", ""),
        # A package that does not say is a department's budget: the bundled statement's title says 部门预算.
        "budget_kind": budget.descriptor.get("budgetKind", "department"),
        "fiscal_year": year,
        "form": "narrative" if budget.has("budget_overview") else "national",
        "source_zh": source.get("title", budget.descriptor.get("title", "")),
        **{measure: float(value) * scale for measure, value in amounts.items()},
        "projects_with_targets": projects_with_targets(budget),
    }


def _to_panel_unit(budget: Budget) -> float:
    """What one of the package's display unit is in the panel's unit."""
    return TO_YUAN.get(budget.descriptor.get("amountUnit", UNIT), 1) / TO_YUAN[UNIT]


def function_rows(budget: Budget, package: str) -> pd.DataFrame:
    """The statement's spending by functional class (类), in the panel's unit: none for a statement
    that prints no 支出总表."""
    frame = function_spending(budget)
    if frame.attrs.get("absent"):
        return pd.DataFrame(columns=FUNCTION_COLUMNS)
    scale = _to_panel_unit(budget)
    frame = frame.assign(package=package, **{column: frame[column] * scale for column in ("total", "basic", "project")})
    return frame[FUNCTION_COLUMNS]


def change_rows(budget: Budget, package: str) -> pd.DataFrame:
    """The changes the statement states on the previous year (:func:`~budgetlib.analysis.changes.stated_changes`),
    in the panel's unit."""
    changes = stated_changes(budget)
    scale = _to_panel_unit(budget)
    changes = changes.assign(change=changes["change"] * scale, base_amount=changes["base_amount"] * scale)
    return changes.assign(package=package)[["package", *CHANGE_COLUMNS]]


@dataclass(frozen=True)
class Part:
    """The panel of some packages: ``statements`` (one row each), ``functions`` and ``changes``."""

    statements: pd.DataFrame
    functions: pd.DataFrame
    changes: pd.DataFrame


def read_part(paths: Sequence[Path], names: Sequence[str], threads: int | None = None) -> Part:
    """The panel of the packages at ``paths`` (called ``names``), read in one DuckDB database; a worker's
    task when many packages are read at once (:mod:`budgetlib.analysis.collection.fanout`)."""
    with connection(threads) as database:
        budgets = read_budgets([Path(path) for path in paths], database)
    return part_of(budgets, names)


def part_of(budgets: Sequence[Budget], names: Sequence[str]) -> Part:
    """The panel of loaded (or partly read) packages."""
    pairs = list(zip(budgets, names, strict=True))
    return Part(
        statements=pd.DataFrame([statement_row(b, n) for b, n in pairs], columns=ABOUT + MEASURES),
        functions=_concat([function_rows(b, n) for b, n in pairs], FUNCTION_COLUMNS),
        changes=_concat([change_rows(b, n) for b, n in pairs], ["package", *CHANGE_COLUMNS]),
    )


def _concat(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    frames = [frame for frame in frames if len(frame)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)


def joined(parts: Sequence[Part]) -> Part:
    """The parts of a collection read apart, as one, in order."""
    return Part(
        statements=_concat([p.statements for p in parts], ABOUT + MEASURES),
        functions=_concat([p.functions for p in parts], FUNCTION_COLUMNS),
        changes=_concat([p.changes for p in parts], ["package", *CHANGE_COLUMNS]),
    )
