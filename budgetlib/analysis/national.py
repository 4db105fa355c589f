"""The national tables analysed: spending by function, the economic mix of basic spending, the
appropriations, and the three public expenses and operating costs against spending.

Amounts come out in the package's display unit (``amountUnit``, 万元 for these statements), converted
exactly from the unit each table prints (371,514,655.00 元 is 37,151.4655 万元), never rounded here;
shares are in percent. A package without the table gives an empty frame whose ``attrs["absent"]``
names what the statement does not print, so a page can say so.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import pandas as pd

from budgetlib.analysis.common import with_source
from budgetlib.datapackage import Budget
from budgetlib.datapackage.form import AMOUNT_UNITS

Analysis = TypeVar("Analysis", bound=Callable[..., pd.DataFrame])
TARGET_TABLES = ("project_target_tables", "project_indicators", "department_goals", "department_indicators")
TO_YUAN = {"元": 1, "千元": 1_000, "万元": 10_000, "亿元": 100_000_000}
THREE_PUBLIC = ("three_public", "overseas_travel", "vehicles", "vehicle_purchase", "vehicle_operation", "hospitality")


def in_display_unit(budget: Budget, table: str, field: str, values: Any) -> Any:
    """Amounts of ``table.field`` (a number, a Series or an array) in the package's display unit,
    converted by one division, so 19,830,655.00 元 is 1,983.0655 万元 as near as a float holds it.

    >>> from budgetlib import load
    >>> in_display_unit(load(), "procurement_lines", "amount_10k_cny", 160.0)
    160.0
    """
    display = budget.descriptor.get("amountUnit", "万元")
    unit = budget.unit(table, field) or display
    return values * TO_YUAN.get(unit, 1) / TO_YUAN.get(display, 1)


def absent(budget: Budget, what: str, columns: list[str]) -> pd.DataFrame:
    """An empty frame of ``columns`` that says the statement does not print ``what``."""
    frame = with_source(pd.DataFrame(columns=columns), budget)
    frame.attrs["absent"] = what
    return frame


def needs(*tables: str, what: str, columns: list[str]) -> Callable[[Analysis], Analysis]:
    """An analysis that needs ``tables``: on a package without them it gives the empty frame of
    ``columns`` that says the statement does not print ``what`` (see :func:`absent`)."""

    def decorate(analysis: Analysis) -> Analysis:
        @functools.wraps(analysis)
        def guarded(budget: Budget, *args: Any, **kwargs: Any) -> pd.DataFrame:
            if not budget.has(*tables):
                return absent(budget, what, columns)
            return analysis(budget, *args, **kwargs)

        return guarded  # type: ignore[return-value]

    return decorate


def named(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with ``name_en`` filled: the Chinese where the reference gives no English, and
    ``translated`` saying which are English (an English page marks the others)."""
    english = frame["name_en"].astype(object).where(frame["name_en"].notna() & (frame["name_en"] != ""))
    return frame.assign(translated=english.notna(), name_en=english.fillna(frame["name_zh"]))


FUNCTION_COLUMNS = [
    "code",
    "name_zh",
    "name_en",
    "translated",
    "total",
    "basic",
    "project",
    "share_pct",
    "basic_share_pct",
]


def function_spending(budget: Budget, table: str = "expenditure_summary") -> pd.DataFrame:
    """Spending by functional class (类), largest first: ``code``, ``name_zh``, ``name_en``
    (``translated`` False where it is the Chinese), ``total``, ``basic``, ``project`` (display unit;
    a blank cell as 0), ``share_pct`` (of all spending) and ``basic_share_pct`` (of the class's).
    ``table`` is the national table read: ``expenditure_summary`` (支出总表, all funds) or
    ``general_budget_functional`` (一般公共预算支出表)."""
    if not budget.has("function_spending") or not (budget.function_spending["table"] == table).any():
        return absent(budget, table, FUNCTION_COLUMNS)
    rows = budget.function_spending
    rows = rows[(rows["table"] == table) & ~rows["is_total"] & (rows["level"] == 1)]
    table_field = ("function_spending", "total")
    frame = named(rows[["code", "name_zh", "name_en"]].reset_index(drop=True))
    for column in ("total", "basic", "project"):
        frame[column] = in_display_unit(budget, *table_field, rows[column].fillna(0.0).to_numpy())
    whole = frame["total"].sum()
    frame["share_pct"] = 100 * frame["total"] / whole if whole else float("nan")
    frame["basic_share_pct"] = 100 * frame["basic"] / frame["total"].where(frame["total"] != 0)
    frame = frame.sort_values(["total", "code"], ascending=[False, True], ignore_index=True)[FUNCTION_COLUMNS]
    frame.attrs["table"] = table
    return with_source(frame, budget)


def printed_rows(budget: Budget, resource: str, table: str | None = None) -> pd.DataFrame:
    """A national table's rows as printed, in its own unit (``attrs`` unit_zh/unit_en), for a page
    to show: every level and the total row, ``name_en`` as :func:`named` fills it."""
    if not budget.has(resource):
        return absent(budget, table or resource, [])
    rows = budget[resource]
    if table is not None:
        rows = rows[rows["table"] == table]
    frame = with_source(named(rows.reset_index(drop=True)), budget)
    unit = budget.unit(resource, "total") or budget.unit(resource, "amount")
    frame.attrs.update(unit_zh=unit, unit_en=UNIT_EN.get(unit, unit))
    return frame


UNIT_EN = AMOUNT_UNITS  # each unit of amounts, in English


def economic_mix(budget: Budget) -> pd.DataFrame:
    """Basic spending of the general budget by what it pays for: ``kind`` (personnel 人员经费, public
    公用经费), ``amount`` (display unit) and ``share_pct`` of basic spending; from the total row of the
    一般公共预算基本支出表."""
    if not budget.has("economic_basic") or not budget.economic_basic["is_total"].any():
        return absent(budget, "basic_economic", ["kind", "amount", "share_pct"])
    total = budget.economic_basic[budget.economic_basic["is_total"]].iloc[0]
    table_field = ("economic_basic", "total")
    parts = [
        (kind, in_display_unit(budget, *table_field, float(0.0 if pd.isna(total[kind]) else total[kind])))
        for kind in ("personnel", "public")
    ]
    whole = sum(value for _, value in parts)
    frame = pd.DataFrame(
        {
            "kind": [kind for kind, _ in parts],
            "amount": [value for _, value in parts],
            "share_pct": [100 * value / whole if whole else float("nan") for _, value in parts],
        }
    )
    return with_source(frame, budget)


def economic_classes(budget: Budget) -> pd.DataFrame:
    """Basic spending by economic class (类: 301 wages and welfare, 302 goods and services…), largest
    first: ``code``, names, ``total``, ``personnel``, ``public`` (display unit) and ``share_pct``."""
    columns = ["code", "name_zh", "name_en", "translated", "total", "personnel", "public", "share_pct"]
    if not budget.has("economic_basic"):
        return absent(budget, "basic_economic", columns)
    rows = budget.economic_basic
    rows = rows[~rows["is_total"] & (rows["level"] == 1)]
    table_field = ("economic_basic", "total")
    frame = named(rows[["code", "name_zh", "name_en"]].reset_index(drop=True))
    for column in ("total", "personnel", "public"):
        frame[column] = in_display_unit(budget, *table_field, rows[column].fillna(0.0).to_numpy())
    whole = frame["total"].sum()
    frame["share_pct"] = 100 * frame["total"] / whole if whole else float("nan")
    return with_source(
        frame.sort_values(["total", "code"], ascending=[False, True], ignore_index=True)[columns], budget
    )


def income_sources(budget: Budget) -> pd.DataFrame:
    """Income by source, from the 收支总表's income side: ``item`` (fiscal_appropriation, business_income…),
    ``item_zh``, ``item_en``, ``level`` (1 a head, 2 a row under it), ``amount`` (display unit, a blank
    as 0) and ``share_pct`` of all income."""
    columns = ["item", "item_zh", "item_en", "level", "amount", "share_pct"]
    if not budget.has("summary_rows"):
        return absent(budget, "income_expenditure_summary", columns)
    rows = budget.summary_rows
    rows = rows[
        (rows["table"] == "income_expenditure_summary") & (rows["side"] == "income") & (rows["column"] == "total")
    ]
    if rows.empty:
        return absent(budget, "income_expenditure_summary", columns)
    table_field = ("summary_rows", "amount")
    total = in_display_unit(budget, *table_field, rows.loc[rows["is_total"], "amount"].fillna(0.0).sum())
    items = rows[~rows["is_total"]]
    frame = pd.DataFrame(
        {
            "item": items["item"].astype(str).to_numpy(),
            "item_zh": items["item_zh"].to_numpy(),
            "item_en": items["item_en"].fillna(items["item_zh"]).to_numpy(),
            "level": items["level"].fillna(1).astype(int).to_numpy(),
            "amount": in_display_unit(budget, *table_field, items["amount"].fillna(0.0).to_numpy()),
        }
    )
    frame["share_pct"] = 100 * frame["amount"] / total if total else float("nan")
    return with_source(frame, budget)


def earmarked(budget: Budget) -> pd.DataFrame:
    """The three public expenses, each item, and the operating costs, against spending: ``item``,
    ``item_zh``, ``amount`` (display unit), ``share_of_total_pct`` and ``share_of_basic_pct`` (of the
    year's total and basic spending, from the 支出总表 or the general budget's table)."""
    columns = ["item", "item_zh", "item_en", "amount", "share_of_total_pct", "share_of_basic_pct"]
    if not budget.has("three_public_items"):
        return absent(budget, "three_public", columns)
    items = budget.three_public_items
    table_field = ("three_public_items", "amount")
    spending = spending_totals(budget)
    frame = pd.DataFrame(
        {
            "item": items["item"].astype(str).to_numpy(),
            "item_zh": items["item_zh"].to_numpy(),
            "item_en": items["item_en"].fillna(items["item_zh"]).to_numpy(),
            "amount": in_display_unit(budget, *table_field, items["amount"].fillna(0.0).to_numpy()),
        }
    )
    frame["share_of_total_pct"] = 100 * frame["amount"] / spending["total"] if spending["total"] else float("nan")
    frame["share_of_basic_pct"] = 100 * frame["amount"] / spending["basic"] if spending["basic"] else float("nan")
    return with_source(frame, budget)


def spending_totals(budget: Budget) -> dict[str, float]:
    """The year's total, basic and project spending from the national tables (display unit): the
    支出总表's total row, else the general budget's; NaN where neither is printed."""
    nothing = {"total": float("nan"), "basic": float("nan"), "project": float("nan")}
    if not budget.has("function_spending"):
        return nothing
    rows = budget.function_spending
    table_field = ("function_spending", "total")
    for table in ("expenditure_summary", "general_budget_functional"):
        total = rows[(rows["table"] == table) & rows["is_total"]]
        if len(total):
            row = total.iloc[0]
            return {
                kind: in_display_unit(budget, *table_field, float(0.0 if pd.isna(row[kind]) else row[kind]))
                for kind in nothing
            }
    return nothing


def stated(budget: Budget, measure: str, topic: str | None = None) -> pd.Series | None:
    """The figure the notes state for ``measure`` (the first, and of ``topic`` where given), or None."""
    if not budget.has("stated_figures"):
        return None
    figures = budget.stated_figures
    chosen = figures[(figures["measure"] == measure) & ((figures["topic"] == topic) if topic else True)]
    return None if chosen.empty else chosen.iloc[0]


FUNCTION_TABLES = ("expenditure_summary", "general_budget_functional", "government_fund_functional",
                   "state_capital_functional")  # fmt: skip


def summary_cells(budget: Budget, table: str, side: str, column: str = "total") -> pd.DataFrame:
    """The cells of one side (income or spending) and one column of a summary (收支总表 or 财政拨款收支总表)."""
    rows = budget.summary_rows
    return rows[(rows["table"] == table) & (rows["side"] == side) & (rows["column"] == column)]


def printed_total(budget: Budget, table: str, column: str = "total") -> tuple[float, str] | None:
    """The total a national table prints (``table`` a kind: expenditure_summary, basic_economic,
    appropriation_summary…; its ``column``), in the table's unit, with the unit; a blank cell as 0;
    None where the package does not print it. A summary's total is its spending side's."""
    if table in FUNCTION_TABLES and budget.has("function_spending"):
        rows = budget.function_spending
        total = rows[(rows["table"] == table) & rows["is_total"]]
        if len(total):
            return printed_amount(total[column].iloc[0]), budget.unit("function_spending", column)
    if table == "basic_economic" and budget.has("economic_basic"):
        total = budget.economic_basic[budget.economic_basic["is_total"]]
        if len(total):
            return printed_amount(total[column].iloc[0]), budget.unit("economic_basic", column)
    if table in ("income_expenditure_summary", "appropriation_summary") and budget.has("summary_rows"):
        rows = summary_cells(budget, table, "spending", column)
        total = rows[rows["is_total"]]
        if len(total):
            return printed_amount(total["amount"].iloc[0]), budget.unit("summary_rows", "amount")
    return None


def printed_amount(value: Any) -> float:
    """A printed amount, a blank cell as none of it."""
    return 0.0 if value is None or pd.isna(value) else float(value)
