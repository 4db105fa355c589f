"""What a statement says of the previous year: each change it states (比上年增加/减少, 持平) on a measure
the panel of a collection holds, in either form of statement.

The national form states its changes in its notes (``stated_figures``: the budget's totals, the three
public expenses and their items), each against the previous year's budget (上年预算) or its outturn
(上年预算执行数); the bundled form states the changes of total, basic and project spending on the
previous year's budget (``budget_changes``, the base year's figures in its overview) and of each of
the three public expenses (``three_public_expenses``). Amounts are signed, in the package's display
unit; a change stated as a percentage is in ``change_pct`` instead. ``decimals`` is how many decimals
the statement prints the change with, so that a comparison knows its rounding.
"""

from __future__ import annotations

import re

import pandas as pd

from budgetlib.analysis.measures import NARRATIVE_THREE_PUBLIC, compared_with, fiscal_year
from budgetlib.analysis.national import THREE_PUBLIC, in_display_unit
from budgetlib.datapackage import Budget

# A figure the national form's notes state (topic, measure) → the measure of the panel it is a change of.
STATED_MEASURES = {
    ("budget", "spending_total"): "total",
    ("budget", "income_total"): "total",
    ("budget", "fiscal_appropriation_spending"): "fiscal_appropriations",
    ("budget", "fiscal_appropriation_income"): "fiscal_appropriations",
    ("budget", "general_public_spending"): "general_public",
    **{("three_public", item): item for item in THREE_PUBLIC},
    ("operating_costs", "operating_costs"): "operating_costs",
    ("procurement", "procurement_total"): "procurement",
}
SIGN = {"increase": 1, "decrease": -1, "flat": 0}
CHANGE_COLUMNS = [
    "measure", "stated_as", "label_zh", "base_year", "year", "change", "change_pct", "decimals", "compared_with",
    "compared_with_zh", "base_amount", "reason_zh", "sentence_zh",
]  # fmt: skip
YEAR = re.compile(r"((?:19|20)\d\d)年")
NUMBER = re.compile(r"[0-9][0-9,]*(?:\.[0-9]+)?")


def printed_decimals(value: float, sentence: str) -> int:
    """How many decimals the statement prints ``value`` with: as the number reads in ``sentence`` (增加25万元
    has none, 增加24,491.71万元 two), else as few as show the value, at most two.

    >>> printed_decimals(25.0, "比2023年预算增加25万元"), printed_decimals(0.5, "增加0.50万元")
    (0, 2)
    >>> printed_decimals(5.39, "")
    2
    """
    for number in NUMBER.findall(sentence or ""):
        if abs(float(number.replace(",", "")) - value) < 1e-9:
            return len(number.split(".")[1]) if "." in number else 0
    return next(d for d in range(3) if d == 2 or abs(round(value, d) - value) < 1e-9)


def stated_changes(budget: Budget) -> pd.DataFrame:
    """Every change the statement states on a measure of the panel, in the order stated (``CHANGE_COLUMNS``):
    ``measure`` (of the panel), ``stated_as`` (the statement's own measure), ``base_year`` and ``year``,
    ``change`` (signed, display unit; NaN where stated as a percentage) or ``change_pct`` (signed),
    ``decimals``, ``compared_with`` (budget or outturn, and the words), ``base_amount`` (the base year's
    figure where the statement prints it, else NaN), the reason and the sentence.

    >>> from budgetlib import load
    >>> stated_changes(load())[["measure", "base_year", "change", "base_amount"]].head(3).values.tolist()
    [['total', 2019, 193.79, 667.25], ['basic', 2019, 199.18, 327.56], ['project', 2019, -5.39, 339.69]]
    """
    rows = _narrative(budget) if budget.has("budget_overview") else _national(budget)
    return pd.DataFrame(rows, columns=CHANGE_COLUMNS)


def _national(budget: Budget) -> list[dict[str, object]]:
    if not budget.has("stated_figures"):
        return []
    year = fiscal_year(budget)
    rows = []
    for figure in budget.stated_figures.sort_values("figure_no").itertuples(index=False):
        measure = STATED_MEASURES.get((str(figure.topic), str(figure.measure)))
        if measure is None or not isinstance(figure.change, str):
            continue
        sign = SIGN[figure.change]
        against = figure.compared_with_zh if isinstance(figure.compared_with_zh, str) else ""
        stated_year = YEAR.search(against)
        amount, pct = figure.change_amount, figure.change_pct
        if sign == 0:
            amount, pct = 0.0, float("nan")
        elif pd.isna(amount) and pd.isna(pct):
            continue  # a direction without a size: nothing to compare
        shown = pct if pd.isna(amount) else amount
        rows.append({
            "measure": measure, "stated_as": str(figure.measure), "label_zh": figure.label_zh,
            "base_year": int(stated_year.group(1)) if stated_year else year - 1, "year": year,
            "change": float("nan") if pd.isna(amount) else sign * in_display_unit(budget, "stated_figures",
                                                                                 "change_amount", float(amount)),
            "change_pct": float("nan") if pd.isna(pct) else sign * float(pct),
            "decimals": 2 if sign == 0 else printed_decimals(float(shown), figure.sentence_zh),
            "compared_with": compared_with(against), "compared_with_zh": against, "base_amount": float("nan"),
            "reason_zh": figure.reason_zh if isinstance(figure.reason_zh, str) else "",
            "sentence_zh": figure.sentence_zh,
        })  # fmt: skip
    return rows


def _narrative(budget: Budget) -> list[dict[str, object]]:
    """The bundled form states its changes on the previous year's budget (上年预算), whose figures its
    overview prints beside this year's."""
    year = fiscal_year(budget)
    overview = budget.budget_overview
    rows = []
    if budget.has("budget_changes"):
        changes = budget.budget_changes[budget.budget_changes["year"] == year]
        for change in changes.itertuples(index=False):
            kind = overview["spending_type"] == change.spending_type
            base = overview.loc[(overview["year"] == change.base_year) & kind, "amount_10k_cny"]
            rows.append(_narrative_row(budget, str(change.spending_type), int(change.base_year), year,
                                       "budget_changes", "change_10k_cny", change.change_10k_cny,
                                       float(base.iloc[0]) if len(base) else float("nan")))  # fmt: skip
    if budget.has("three_public_expenses"):
        items = budget.three_public_expenses[budget.three_public_expenses["year"] == year]
        for item in items.itertuples(index=False):
            if pd.isna(item.change_from_previous_year_10k_cny):
                continue
            rows.append(_narrative_row(budget, NARRATIVE_THREE_PUBLIC.get(str(item.item), str(item.item)), year - 1,
                                       year, "three_public_expenses", "change_from_previous_year_10k_cny",
                                       item.change_from_previous_year_10k_cny, float("nan")))  # fmt: skip
    return rows


def _narrative_row(
    budget: Budget, measure: str, base_year: int, year: int, table: str, field: str, change: float, base: float
) -> dict[str, object]:
    return {
        "measure": measure, "stated_as": measure, "label_zh": "", "base_year": base_year, "year": year,
        "change": float(in_display_unit(budget, table, field, float(change))), "change_pct": float("nan"),
        "decimals": printed_decimals(abs(float(change)), ""), "compared_with": "budget", "compared_with_zh": "",
        "base_amount": base, "reason_zh": "", "sentence_zh": "",
    }  # fmt: skip
