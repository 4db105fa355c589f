"""Reconcile the tables against the statement's own printed totals and stated figures.

Each identity the statement implies is one named :class:`Check` with the value
expected and the value found. Amounts are printed to two decimals (0.01 万元), so two
amounts agree when they differ by less than half of that. Stated shares that do not
match the shares computed from the amounts are warnings: the statement says so, the
data keeps what it says, and the audit lists each one by name.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from budgetlib.datapackage import Budget, summable
from budgetlib.words.formatting import amount

Status = Literal["pass", "warn", "fail"]
HALF_CENT = 0.005  # half of the last printed digit of an amount in 万元


@dataclass(frozen=True)
class Check:
    """One reconciliation: its name, what it compares, its status, expected and found."""

    name: str
    description: str
    status: Status
    expected: str
    found: str


def same_amount(a: float, b: float) -> bool:
    """Whether two amounts in 万元 agree at the printed precision of 0.01.

    >>> same_amount(0.3 + 0.5, 0.8), same_amount(74.5, 74.52)
    (True, False)
    """
    return abs(a - b) < HALF_CENT


def _compare(
    name: str, description: str, expected: float, found: float, *, on_mismatch: Status = "fail", suffix: str = ""
) -> Check:
    """Compare two figures at the printed precision of 0.01 (万元, or percent with ``suffix='%'``)."""
    status: Status = "pass" if same_amount(expected, found) else on_mismatch
    return Check(name, description, status, amount(expected) + suffix, amount(found) + suffix)


def audit(budget: Budget) -> list[Check]:
    """Run every check on ``budget``, in the order of the statement.

    >>> from budgetlib import load
    >>> checks = audit(load())
    >>> sorted({c.status for c in checks})
    ['pass', 'warn']
    """
    return [
        *_overview(budget),
        *_changes(budget),
        *_stated_totals(budget),
        *_income(budget),
        *_operating_costs(budget),
        *_procurement(budget),
        *_assets(budget),
        *_performance(budget),
    ]


def failures(checks: list[Check]) -> list[Check]:
    """The checks that failed."""
    return [c for c in checks if c.status == "fail"]


class AuditError(Exception):
    """The data do not reconcile: a printed total or stated figure disagrees with the rows."""


def require_reconciled(budget: Budget) -> list[Check]:
    """Audit ``budget`` and return the checks; raise AuditError naming each failure.

    Notebooks call this before telling any story, so a report is never built on
    tables that do not add up to the statement's own totals.
    """
    checks = audit(budget)
    failed = failures(checks)
    if failed:
        listed = "; ".join(f"{c.name}: expected {c.expected}, found {c.found}" for c in failed)
        raise AuditError(f"{len(failed)} audit checks fail ({listed}); run 'budgetlib check' for the full table")
    return checks


def _amounts(budget: Budget) -> pd.Series:
    """Budget overview amounts indexed by (year, spending_type)."""
    overview = budget.budget_overview
    return overview.set_index(["year", overview["spending_type"].astype(str)])["amount_10k_cny"]


def _overview(budget: Budget) -> Iterator[Check]:
    overview = budget.budget_overview
    parts = summable(overview).groupby("year")["amount_10k_cny"].sum()
    totals = overview[overview["is_total"]].groupby("year")["amount_10k_cny"].sum(min_count=1)
    for year in sorted(overview["year"].unique()):
        yield _compare(
            f"overview.basic_plus_project.{year}",
            f"basic + project spending = total spending, {year}",
            totals.get(year, float("nan")),
            parts.get(year, 0.0),
        )


def _changes(budget: Budget) -> Iterator[Check]:
    amounts = _amounts(budget)
    changes = budget.budget_changes
    for row in changes.itertuples(index=False):
        kind = str(row.spending_type)
        computed = amounts.get((row.year, kind), float("nan")) - amounts.get((row.base_year, kind), float("nan"))
        yield _compare(
            f"changes.stated_vs_amounts.{kind}",
            f"stated change in {kind} spending {row.base_year}→{row.year} = difference of the amounts",
            row.change_10k_cny,
            computed,
        )
    totals = changes.loc[changes["is_total"], "change_10k_cny"]
    parts = summable(changes)
    if len(totals) and len(parts):
        yield _compare(
            "changes.basic_plus_project",
            "stated change in basic + stated change in project = stated change in total",
            totals.sum(),
            parts["change_10k_cny"].sum(),
        )


def _stated_totals(budget: Budget) -> Iterator[Check]:
    for total in budget.stated_totals.itertuples(index=False):
        rows = summable(budget[str(total.resource)])
        where = "the department"
        if not pd.isna(total.unit_code):
            rows = rows[rows["unit_code"] == total.unit_code]
            where = f"unit {total.unit_code}"
        yield _compare(
            f"totals.{total.total_id}",
            f"rows of {total.resource} for {where} sum to the printed '{total.label_zh}'",
            total.amount_10k_cny,
            rows[str(total.column)].sum(),
        )


def _income(budget: Budget) -> Iterator[Check]:
    amounts = _amounts(budget)
    for year, income in budget.income_sources.groupby("year")["amount_10k_cny"].sum().items():
        yield _compare(
            f"income.equals_spending.{year}",
            f"income from all sources = total spending, {year}",
            amounts.get((year, "total"), float("nan")),
            income,
        )


def _operating_costs(budget: Budget) -> Iterator[Check]:
    amounts = _amounts(budget)
    for row in budget.operating_costs.itertuples(index=False):
        basic = amounts.get((row.year, "basic"), float("nan"))
        within = row.amount_10k_cny <= basic + HALF_CENT
        yield Check(
            f"operating_costs.within_basic.{row.year}",
            f"operating costs are part of basic spending, {row.year}",
            "pass" if within else "fail",
            f"at most {amount(basic)}",
            amount(row.amount_10k_cny),
        )


def _procurement(budget: Budget) -> Iterator[Check]:
    lines = budget.procurement_lines
    for line in lines.itertuples(index=False):
        product = line.quantity * line.unit_price_10k_cny
        yield Check(
            f"procurement.quantity_x_price.line{line.line_no}",
            f"quantity × unit price = amount, line {line.line_no} ({line.item_zh})",
            "pass" if same_amount(product, line.amount_10k_cny) else "fail",
            amount(line.amount_10k_cny),
            f"{line.quantity:g} × {line.unit_price_10k_cny:g} = {amount(product)}",
        )
    for project, group in lines.groupby("project_zh", sort=False):
        budgets = group["project_budget_10k_cny"].unique()
        spent = group["amount_10k_cny"].sum()
        yield Check(
            f"procurement.within_project_budget.{project}",
            f"procurement of {project} within its printed budget, the same on each of its lines",
            "pass" if len(budgets) == 1 and spent <= budgets[0] + HALF_CENT else "fail",
            "at most " + " / ".join(amount(b) for b in budgets),
            amount(spent),
        )


def _assets(budget: Budget) -> Iterator[Check]:
    categories = budget.asset_categories
    occupancy = budget.asset_occupancy.set_index("item")["value_10k_cny"]
    for item, group in categories.groupby("occupancy_item", sort=False):
        yield _compare(
            f"assets.categories_match_occupancy.{item}",
            f"asset categories under '{item}' sum to its value in the occupancy table",
            occupancy.get(item, float("nan")),
            group["value_10k_cny"].sum(),
        )
    total = categories["value_10k_cny"].sum()
    for row in categories.itertuples(index=False):
        if pd.isna(row.stated_share_pct):
            continue
        computed = 100 * row.value_10k_cny / total if total else float("nan")
        yield _compare(
            f"assets.stated_share.{row.category}",
            f"stated share of {row.category_zh} = {amount(row.value_10k_cny)} / {amount(total)}",
            row.stated_share_pct,
            computed,
            on_mismatch="warn",
            suffix="%",
        )


def _performance(budget: Budget) -> Iterator[Check]:
    for table, parent, key in (
        ("project_indicators", "project_target_tables", "table_no"),
        ("department_indicators", "department_goals", "goal_no"),
    ):
        indicators = budget[table]
        without = sorted(set(budget[parent][key]) - set(indicators[key]))
        yield Check(
            f"performance.{parent}_have_indicators",
            f"every row of {parent} has indicators in {table}",
            "pass" if not without else "fail",
            "none without",
            f"{key} {', '.join(map(str, without))} without" if without else "none without",
        )
    content = ["table_no", "indicator_zh", "description_zh", "target_text"]
    repeated = budget.project_indicators[budget.project_indicators.duplicated(content)]
    yield Check(
        "performance.project_rows_not_repeated",
        "no indicator row repeated within a project table (as a page break can do)",
        "pass" if repeated.empty else "fail",
        "no repeated row",
        ", ".join(f"table {r.table_no} row {r.indicator_no}" for r in repeated.itertuples()) or "no repeated row",
    )
