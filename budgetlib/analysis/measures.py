"""The measures that mean the same in either form of statement, read one way for both.

The year's total, basic and project spending come from the bundled form's budget overview or, in
the national form, from the 支出总表 (else the general budget's table); the previous year's from the
overview or, in the national form, from the change the 编制说明 states (the base year then derived,
and said to be). Amounts are in the package's display unit, exact; NaN where a statement gives none.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from budgetlib.analysis.national import spending_totals, stated
from budgetlib.datapackage import Budget

KINDS = ("total", "basic", "project")
# The stated changes that give the previous year's total spending, in the order they are looked for.
TOTAL_CHANGES = ("spending_total", "fiscal_appropriation_spending", "general_public_spending")


def fiscal_year(budget: Budget) -> int:
    """The statement's year: the budget overview's latest year where there is one (the tables are
    the data), else the descriptor's ``fiscalYear``."""
    if budget.has("budget_overview"):
        return int(budget.budget_overview["year"].max())
    return int(budget.descriptor.get("fiscalYear", 0))


def spending(budget: Budget, year: int, kind: str) -> float:
    """Spending of ``kind`` (total, basic or project) in ``year``, display unit; NaN where not given.

    >>> from budgetlib import load
    >>> spending(load(), 2020, "basic")
    526.74
    """
    if budget.has("budget_overview"):
        return budget.spending(year, kind)
    if year == fiscal_year(budget):
        return spending_totals(budget)[kind]
    return float("nan")


@dataclass(frozen=True)
class StatedChange:
    """The change in total spending the notes state: on what (its words), against what (the
    previous year's budget, or its outturn), by how much (signed, display unit), and the amount now."""

    label_zh: str
    compared_with_zh: str
    change: float
    amount: float
    reason_zh: str


def stated_total_change(budget: Budget) -> StatedChange | None:
    """The change in spending the national form's notes state, signed, or None where none is stated."""
    for measure in TOTAL_CHANGES:
        figure = stated(budget, measure, "budget")
        if figure is None or not isinstance(figure["change"], str):
            continue
        sign = {"increase": 1, "decrease": -1, "flat": 0}[figure["change"]]
        size = 0.0 if math.isnan(figure["change_amount"]) else float(figure["change_amount"])
        return StatedChange(
            label_zh=str(figure["label_zh"]),
            compared_with_zh=str(figure["compared_with_zh"]) if isinstance(figure["compared_with_zh"], str) else "",
            change=sign * size,
            amount=float(figure["amount"]),
            reason_zh=str(figure["reason_zh"]) if isinstance(figure["reason_zh"], str) else "",
        )
    return None
