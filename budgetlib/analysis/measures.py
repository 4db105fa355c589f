"""The measures that mean the same in either form of statement, read one way for both.

The year's total, basic and project spending come from the bundled form's budget overview or, in
the national form, from the 支出总表 (else the general budget's table); the previous year's from the
overview or, in the national form, from the change the 编制说明 states (the base year then derived,
and said to be). Amounts are in the package's display unit, exact; NaN where a statement gives none.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from budgetlib.analysis.national import (
    THREE_PUBLIC,
    economic_mix,
    in_display_unit,
    income_sources,
    printed_total,
    spending_totals,
    stated,
)
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


NAN = float("nan")
# The bundled form's income from appropriations (财政拨款): the general public budget and government funds;
# a fiscal special account (财政专户) and other income are not appropriations.
APPROPRIATIONS = ("general_public_budget", "government_fund")
# The bundled form's names of the three public expenses, as the national table names them.
NARRATIVE_THREE_PUBLIC = {"official_vehicles": "vehicles", "official_hospitality": "hospitality"}


def compared_with(text: str) -> str:
    """What a stated change is against, from its words: ``outturn`` (上年预算执行数, a figure the
    previous year's budget statement does not print) or ``budget`` (上年预算).

    >>> compared_with("2024年预算执行数"), compared_with("2024年预算")
    ('outturn', 'budget')
    """
    return "outturn" if "执行" in text else "budget"


def _stated_amount(budget: Budget, measure: str, topic: str) -> float:
    """The amount the national form's notes state for ``measure`` (display unit), NaN where none."""
    figure = stated(budget, measure, topic)
    if figure is None or pd.isna(figure["amount"]):
        return NAN
    return float(in_display_unit(budget, "stated_figures", "amount", float(figure["amount"])))


def fiscal_appropriations(budget: Budget) -> float:
    """The year's appropriations (财政拨款), display unit: the 收支总表's 财政拨款收入 (else as the notes
    state it), or in the bundled form its income table's general public budget and government fund
    appropriations; NaN where the statement gives neither.

    >>> from budgetlib import load
    >>> fiscal_appropriations(load())
    861.04
    """
    if budget.has("budget_overview"):
        if not budget.has("income_sources"):
            return NAN
        rows = budget.income_sources
        rows = rows[(rows["year"] == fiscal_year(budget)) & rows["fin_source"].isin(APPROPRIATIONS)]
        return float(in_display_unit(budget, "income_sources", "amount_10k_cny", rows["amount_10k_cny"].sum()))
    income = income_sources(budget)
    chosen = income.loc[income["item"] == "fiscal_appropriation", "amount"]
    return float(chosen.iloc[0]) if len(chosen) else _stated_amount(budget, "fiscal_appropriation_income", "budget")


def general_public(budget: Budget) -> float:
    """The year's general public budget spending (一般公共预算支出), display unit: the total of the
    一般公共预算支出表 (else as the notes state it); NaN in a statement that prints neither."""
    printed = printed_total(budget, "general_budget_functional")
    if printed is None:
        return _stated_amount(budget, "general_public_spending", "budget")
    return float(in_display_unit(budget, "function_spending", "total", printed[0]))


def basic_costs(budget: Budget) -> dict[str, float]:
    """Basic spending by what it pays for: ``personnel`` (人员经费) and ``public`` (公用经费), display
    unit, from the 一般公共预算基本支出表's total row; NaN each where the statement prints no such table."""
    mix = economic_mix(budget)
    amounts = dict(zip(mix["kind"].astype(str), mix["amount"], strict=True))
    return {kind: float(amounts.get(kind, NAN)) for kind in ("personnel", "public")}


def three_public(budget: Budget) -> dict[str, float]:
    """The three public expenses (“三公”经费): their total and each item (``THREE_PUBLIC``), display unit.

    The national form's from its table (an item the table lacks as the notes state it); the bundled
    form's from its own table, the total as printed (its stated total). NaN for what is not given:
    the bundled form does not split the vehicles into purchase and operation.

    >>> from budgetlib import load
    >>> three_public(load())["vehicles"], three_public(load())["vehicle_purchase"]
    (0.0, nan)
    """
    found = dict.fromkeys(THREE_PUBLIC, NAN)
    if budget.has("three_public_expenses"):
        rows = budget.three_public_expenses
        rows = rows[rows["year"] == fiscal_year(budget)]
        amounts = in_display_unit(budget, "three_public_expenses", "amount_10k_cny", rows["amount_10k_cny"])
        for item, amount in zip(rows["item"].astype(str), amounts, strict=True):
            found[NARRATIVE_THREE_PUBLIC.get(item, item)] = float(amount)
        printed = _stated_total(budget, "three_public_expenses")
        found["three_public"] = printed if not pd.isna(printed) else (float(amounts.sum()) if len(rows) else NAN)
        return found
    if budget.has("three_public_items"):
        items = budget.three_public_items
        amounts = in_display_unit(budget, "three_public_items", "amount", items["amount"])
        for item, amount in zip(items["item"].astype(str), amounts, strict=True):
            if item in found and not pd.isna(amount):
                found[item] = float(amount)
    for item in THREE_PUBLIC:
        if pd.isna(found[item]):
            found[item] = _stated_amount(budget, item, "three_public")
    return found


def _stated_total(budget: Budget, total_id: str) -> float:
    """A total the bundled form prints (``stated_totals``), display unit; NaN where it prints none."""
    if not budget.has("stated_totals"):
        return NAN
    rows = budget.stated_totals[budget.stated_totals["total_id"] == total_id]
    if rows.empty:
        return NAN
    return float(in_display_unit(budget, "stated_totals", "amount_10k_cny", float(rows["amount_10k_cny"].iloc[0])))


def operating_costs(budget: Budget) -> float:
    """The year's operating costs (机关运行经费), display unit: the bundled form's own table, the national
    form's 三公 table (else as its notes state them); NaN where the statement gives none.

    >>> from budgetlib import load
    >>> operating_costs(load())
    18.5
    """
    if budget.has("operating_costs"):
        rows = budget.operating_costs[budget.operating_costs["year"] == fiscal_year(budget)]
        return float(in_display_unit(budget, "operating_costs", "amount_10k_cny", rows["amount_10k_cny"].sum()))
    if budget.has("three_public_items"):
        items = budget.three_public_items
        chosen = items.loc[items["item"].astype(str) == "operating_costs", "amount"]
        if len(chosen) and not pd.isna(chosen.iloc[0]):
            return float(in_display_unit(budget, "three_public_items", "amount", float(chosen.iloc[0])))
    return _stated_amount(budget, "operating_costs", "operating_costs")
