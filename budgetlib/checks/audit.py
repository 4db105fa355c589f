"""Reconcile the tables against the statement's own printed totals and stated figures.

Each identity the statement implies is one named :class:`Check` with the value
expected and the value found; what it compares is said in words by the wording
``check.<rule>`` of the reader's language (``budgetlib/words/wording/<lang>/checks.toml``).
Amounts are printed to two decimals (0.01 万元), so two amounts agree when they differ by
less than half of that. Stated shares that do not match the shares computed from the amounts
are warnings: the statement says so, the data keeps what it says, and the audit lists each
one by name.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

from budgetlib.datapackage import Budget, summable
from budgetlib.words.formatting import amount
from budgetlib.words.wording import Lang, say

Status = Literal["pass", "warn", "fail"]
NAMED_VALUES = ("table", "parents", "first", "second", "column", "first_column", "second_column", "side", "measure")
HALF_CENT = 0.005  # half of the last printed digit of an amount in 万元


@dataclass(frozen=True)
class Check:
    """One reconciliation: its name, its rule (the wording that says what it compares) and the
    values that wording is filled with, its status, expected and found."""

    name: str
    rule: str
    status: Status
    expected: str
    found: str
    values: dict[str, Any] = field(default_factory=dict)

    def describe(self, lang: Lang) -> str:
        """What the check compares, in ``lang``.

        >>> check = Check("income.equals_spending.2020", "income_equals_spending", "pass", "1", "1", {"year": 2020})
        >>> check.describe("zh"), check.describe("en")
        ('各项收入之和＝支出合计（2020年）', 'income from all sources = total spending, 2020')
        """
        named = {key: _name(self.values[key], lang) for key in NAMED_VALUES if key in self.values}
        return say(f"check.{self.rule}", lang, **{**self.values, **named})

    @property
    def description(self) -> str:
        """What the check compares, in English (the command line's language)."""
        return self.describe("en")


def _name(value: object, lang: Lang) -> str:
    """A table, column or side a check names, as a reader calls it (the wording ``name.<value>``),
    or as it is where the wording has no name for it."""
    try:
        return say(f"name.{value}", lang)
    except KeyError:
        return str(value)


def same_amount(a: float, b: float) -> bool:
    """Whether two amounts in 万元 agree at the printed precision of 0.01.

    >>> same_amount(0.3 + 0.5, 0.8), same_amount(74.5, 74.52)
    (True, False)
    """
    return abs(a - b) < HALF_CENT


def _compare(
    name: str,
    rule: str,
    values: dict[str, Any],
    expected: float,
    found: float,
    *,
    on_mismatch: Status = "fail",
    suffix: str = "",
) -> Check:
    """Compare two figures at the printed precision of 0.01 (万元, or percent with ``suffix='%'``)."""
    status: Status = "pass" if same_amount(expected, found) else on_mismatch
    return Check(name, rule, status, amount(expected) + suffix, amount(found) + suffix, values)


def audit(budget: Budget) -> list[Check]:
    """Run every check on ``budget``, in the order of the statement.

    >>> from budgetlib import load
    >>> checks = audit(load())
    >>> sorted({c.status for c in checks})
    ['pass', 'warn']
    """
    from budgetlib.checks.national import national_checks  # they build on the Check of this module

    groups = [
        (_overview, ("budget_overview",)),
        (_changes, ("budget_overview", "budget_changes")),
        (_stated_totals, ("stated_totals",)),
        (_income, ("budget_overview", "income_sources")),
        (_operating_costs, ("budget_overview", "operating_costs")),
        (_procurement, ("procurement_lines",)),
        (_assets, ("asset_categories", "asset_occupancy")),
        (_performance, ("project_target_tables", "project_indicators", "department_goals", "department_indicators")),
    ]
    return [check for group, tables in groups if budget.has(*tables) for check in group(budget)] + national_checks(
        budget
    )


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
            "basic_plus_project",
            {"year": int(year)},
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
            "stated_change",
            {"kind_zh": row.spending_type_zh, "kind_en": row.spending_type_en, "base": row.base_year, "year": row.year},
            row.change_10k_cny,
            computed,
        )
    totals = changes.loc[changes["is_total"], "change_10k_cny"]
    parts = summable(changes)
    if len(totals) and len(parts):
        yield _compare(
            "changes.basic_plus_project",
            "stated_changes_add_up",
            {},
            totals.sum(),
            parts["change_10k_cny"].sum(),
        )


def _stated_totals(budget: Budget) -> Iterator[Check]:
    for total in budget.stated_totals.itertuples(index=False):
        if not budget.has(str(total.resource)):
            continue
        rows = summable(budget[str(total.resource)])
        unit = None if pd.isna(total.unit_code) else str(total.unit_code)
        if unit is not None:
            rows = rows[rows["unit_code"] == total.unit_code]
        values = {"table": str(total.resource), "unit": unit, "label_zh": total.label_zh, "label_en": total.label_en}
        yield _compare(
            f"totals.{total.total_id}",
            "printed_total",
            values,
            total.amount_10k_cny,
            rows[str(total.column)].sum(),
        )


def _income(budget: Budget) -> Iterator[Check]:
    amounts = _amounts(budget)
    for year, income in budget.income_sources.groupby("year")["amount_10k_cny"].sum().items():
        yield _compare(
            f"income.equals_spending.{year}",
            "income_equals_spending",
            {"year": int(year)},
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
            "operating_costs_within_basic",
            "pass" if within else "fail",
            f"≤ {amount(basic)}",
            amount(row.amount_10k_cny),
            {"year": int(row.year)},
        )


def _procurement(budget: Budget) -> Iterator[Check]:
    lines = budget.procurement_lines
    for line in lines.itertuples(index=False):
        product = line.quantity * line.unit_price_10k_cny
        yield Check(
            f"procurement.quantity_x_price.line{line.line_no}",
            "quantity_times_price",
            "pass" if same_amount(product, line.amount_10k_cny) else "fail",
            amount(line.amount_10k_cny),
            f"{line.quantity:g} × {line.unit_price_10k_cny:g} = {amount(product)}",
            {"line": line.line_no, "item_zh": line.item_zh, "item_en": line.item_en},
        )
    for project, group in lines.groupby("project_zh", sort=False):
        budgets = group["project_budget_10k_cny"].unique()
        spent = group["amount_10k_cny"].sum()
        yield Check(
            f"procurement.within_project_budget.{project}",
            "within_project_budget",
            "pass" if len(budgets) == 1 and spent <= budgets[0] + HALF_CENT else "fail",
            "≤ " + " / ".join(amount(b) for b in budgets),
            amount(spent),
            {"project_zh": project, "project_en": group["project_en"].iloc[0]},
        )


def _assets(budget: Budget) -> Iterator[Check]:
    categories = budget.asset_categories
    occupancy = budget.asset_occupancy.set_index("item")["value_10k_cny"]
    for item, group in categories.groupby("occupancy_item", sort=False):
        names = budget.asset_occupancy.set_index("item")
        yield _compare(
            f"assets.categories_match_occupancy.{item}",
            "categories_match_occupancy",
            {"item_zh": names["item_zh"].get(item, item), "item_en": names["item_en"].get(item, item)},
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
            "stated_share",
            {"name_zh": row.category_zh, "name_en": row.category_en, "value": row.value_10k_cny, "total": total},
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
            "have_indicators",
            "pass" if not without else "fail",
            "0",
            f"{len(without)} ({', '.join(map(str, without))})" if without else "0",
            {"parents": parent, "table": table},
        )
    content = ["table_no", "indicator_zh", "description_zh", "target_text"]
    repeated = budget.project_indicators[budget.project_indicators.duplicated(content)]
    yield Check(
        "performance.project_rows_not_repeated",
        "rows_not_repeated",
        "pass" if repeated.empty else "fail",
        "0",
        f"{len(repeated)} ({', '.join(f'{r.table_no}/{r.indicator_no}' for r in repeated.itertuples())})"
        if len(repeated)
        else "0",
    )
