"""The identities of the national tables: each a named :class:`~budgetlib.checks.audit.Check`.

Within a table: every classification row is the sum of its children, every row's total its parts
(basic + project, personnel + public, the income sources, the funds), the total row the sum of
the top-level rows, and a summary's income its spending. Across tables: the 支出总表 total is the
收支总表's spending, the 一般公共预算支出表 total the 财政拨款收支总表's general-budget column, the
基本支出 table's total the basic spending of the general budget; the three public expenses are
their items and the vehicles their purchase and operation. An empty table carries its note. A
figure the notes state against the table that prints it is a warning when they disagree: the
notes round to 万元. Amounts agree within half the last printed digit, in the table's unit; a
blank cell is no amount of that kind (the statement leaves it blank for none).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pandas as pd

from budgetlib.analysis.national import TO_YUAN, printed_amount, printed_total, summary_cells
from budgetlib.checks.audit import Check, Status
from budgetlib.datapackage import Budget
from budgetlib.datapackage.form import AMOUNT_UNITS
from budgetlib.words.formatting import amount

HALF_DIGIT = 0.005  # half the last printed digit of an amount printed with two decimals, in its unit
FUNCTION_PARTS = ("basic", "project")
ECONOMIC_PARTS = ("personnel", "public")
FUNDS = ("general_public", "government_fund", "state_capital")
SPLIT = ("personnel", "public", "project")


def national_checks(budget: Budget) -> list[Check]:
    """Every identity of the national tables the package has, in the order of the tables.

    In a package read from the statement's PDF (``importedFrom`` "pdf"), the rows are the statement's
    own print: an identity that does not hold is the statement's, a warning for a person to look at
    on the page named, not a reason to refuse it. Typed or corrected by a person, it is a failure."""
    checks = [
        *_summaries(budget),
        *_functional(budget),
        *_economic(budget),
        *_income(budget),
        *_across(budget),
        *_three_public(budget),
        *_empty(budget),
        *_stated(budget),
    ]
    if budget.descriptor.get("importedFrom") == "pdf":
        checks = [replace(check, status="warn") if check.status == "fail" else check for check in checks]
    return checks


def _check(name: str, rule: str, values: dict[str, Any], expected: float, found: float,
           *, tolerance: float = HALF_DIGIT, on_mismatch: Status = "fail") -> Check:  # fmt: skip
    status: Status = "pass" if abs(expected - found) < tolerance else on_mismatch
    return Check(name, rule, status, amount(expected), amount(found), values)


def _text(value: Any) -> str:
    """A text cell, a blank as ""."""
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _row_values(row: Any, table: str) -> dict[str, Any]:
    """What a check of one classification row says: its table, code and names (the Chinese where
    the reference gives no English)."""
    return {
        "table": table,
        "code": _text(row.code),
        "name_zh": row.name_zh,
        "name_en": _text(row.name_en) or row.name_zh,
    }


def _classified(frame: pd.DataFrame, table: str, kind: str, rule: str, parts: tuple[str, ...]) -> Iterator[Check]:
    """The identities of one classification table (``kind``, a national table; ``rule``, the wording
    of its parts): each row its parts, each parent its children, the total row its top-level rows,
    for the total and each part."""
    rows = frame[~frame["is_total"]]
    for row in frame.itertuples(index=False):
        if all(pd.isna(getattr(row, part)) for part in parts) and not pd.isna(row.total) and row.is_total is False:
            continue  # a row printing its total only (a 类 of one kind) has no parts to add
        found = sum(printed_amount(getattr(row, part)) for part in parts)
        name = f"{table}.{'_plus_'.join(parts)}.{_text(row.code) or 'total'}"
        yield _check(name, rule, _row_values(row, kind), printed_amount(row.total), found)
    for column in ("total", *parts):
        for parent in rows.itertuples(index=False):
            children = rows[rows["parent_code"] == parent.code]
            if children.empty:
                continue
            found = sum(printed_amount(v) for v in children[column])
            values = {**_row_values(parent, kind), "column": column, "children": len(children)}
            yield _check(
                f"{table}.children.{parent.code}.{column}",
                "children",
                values,
                printed_amount(getattr(parent, column)),
                found,
            )
        totals = frame[frame["is_total"]]
        if len(totals):
            top = rows[rows["level"] == 1]
            found = sum(printed_amount(v) for v in top[column])
            values = {"table": kind, "column": column, "children": len(top)}
            yield _check(f"{table}.total.{column}", "total_row", values, printed_amount(totals[column].iloc[0]), found)


def _functional(budget: Budget) -> Iterator[Check]:
    if not budget.has("function_spending"):
        return
    spending = budget.function_spending
    for table, frame in spending.groupby(spending["table"].astype(str), sort=False):
        yield from _classified(frame, f"function.{table}", table, "function_spending_parts", FUNCTION_PARTS)


def _economic(budget: Budget) -> Iterator[Check]:
    if budget.has("economic_basic"):
        yield from _classified(
            budget.economic_basic, "economic", "basic_economic", "economic_basic_parts", ECONOMIC_PARTS
        )


def _income(budget: Budget) -> Iterator[Check]:
    """The 收入总表, cell by cell: each row's total its sources, each parent its children, the total row."""
    if not budget.has("function_income"):
        return
    income = budget.function_income
    rows = income.drop_duplicates("row_no").set_index("row_no")[["code", "level", "parent_code", "name_zh",
                                                                  "name_en", "is_total"]]  # fmt: skip
    wide = rows.join(income.pivot(index="row_no", columns="source", values="amount")).reset_index()
    wide = wide.astype({"code": object, "parent_code": object, "name_en": object})
    for column in ("code", "parent_code", "name_en"):
        wide[column] = wide[column].where(wide[column].notna(), "")
    sources = tuple(c for c in budget.function_income["source"].unique() if c != "total")
    if "total" in wide:
        yield from _classified(wide, "income", "income_summary", "function_income_parts", sources)


def _summaries(budget: Budget) -> Iterator[Check]:
    """Each summary: its income items add up to the income, its spending items to the spending, the
    heads of income their rows, the two totals agree; the appropriations' funds add up, row by row."""
    if not budget.has("summary_rows"):
        return
    for table in budget.summary_rows["table"].astype(str).unique():
        totals = {}
        for side in ("income", "spending"):
            rows = summary_cells(budget, table, side)
            total, items = rows[rows["is_total"]], rows[~rows["is_total"]]
            if total.empty:
                continue
            totals[side] = printed_amount(total["amount"].iloc[0])
            heads = items[items["level"].fillna(1) == 1]
            values = {"table": table, "side": side, "items": len(heads)}
            found = sum(printed_amount(v) for v in heads["amount"])
            yield _check(f"summary.{table}.{side}_items", "summary_items", values, totals[side], found)
            yield from _heads(items, table, side)
        if len(totals) == 2:
            values = {"table": table}
            yield _check(f"summary.{table}.balanced", "summary_balanced", values, totals["income"], totals["spending"])
        yield from _funds(budget, table)
        yield from _split(budget, table)


def _heads(items: pd.DataFrame, table: str, side: str) -> Iterator[Check]:
    """A head (一、…) followed by its rows (1. …) is their sum."""
    head, parts = None, []
    for row in [*items.itertuples(index=False), None]:
        if row is None or (row.level if not pd.isna(row.level) else 1) == 1:
            if head is not None and parts:
                values = {
                    "table": table,
                    "side": side,
                    "item_zh": head.item_zh,
                    "item_en": _text(head.item_en) or head.item_zh,
                }
                found = sum(printed_amount(p.amount) for p in parts)
                yield _check(
                    f"summary.{table}.{side}.{head.row_no}", "summary_head", values, printed_amount(head.amount), found
                )
            head, parts = row, []
        else:
            parts.append(row)


def _split(budget: Budget, table: str) -> Iterator[Check]:
    """In a summary that splits its spending (a 单位预算's 收支总表: 人员经费, 公用经费, 项目支出), each
    spending row's total is its parts."""
    rows = budget.summary_rows
    spending = rows[(rows["table"] == table) & (rows["side"] == "spending")]
    if not set(SPLIT) <= set(spending["column"]):
        return
    for row_no, cells in spending.groupby("row_no", sort=True):
        by_column = dict(zip(cells["column"], cells["amount"], strict=True))
        if "total" not in by_column or not any(not pd.isna(by_column.get(part)) for part in SPLIT):
            continue
        item = cells.iloc[0]
        values = {"table": table, "item_zh": item["item_zh"], "item_en": _text(item["item_en"]) or item["item_zh"]}
        found = sum(printed_amount(by_column.get(part)) for part in SPLIT)
        yield _check(
            f"summary.{table}.split.{row_no}", "summary_split", values, printed_amount(by_column["total"]), found
        )


def _funds(budget: Budget, table: str) -> Iterator[Check]:
    """In the 财政拨款收支总表, each spending row's total is its funds' columns."""
    rows = budget.summary_rows
    spending = rows[(rows["table"] == table) & (rows["side"] == "spending")]
    if not set(FUNDS) & set(spending["column"]):
        return
    for row_no, cells in spending.groupby("row_no", sort=True):
        by_column = dict(zip(cells["column"], cells["amount"], strict=True))
        if "total" not in by_column:
            continue
        item = cells.iloc[0]
        values = {"table": table, "item_zh": item["item_zh"], "item_en": _text(item["item_en"]) or item["item_zh"]}
        found = sum(printed_amount(by_column.get(fund)) for fund in FUNDS)
        yield _check(
            f"summary.{table}.funds.{row_no}", "summary_funds", values, printed_amount(by_column["total"]), found
        )


def _same(budget: Budget, name: str, first: tuple[str, str], second: tuple[str, str]) -> Iterator[Check]:
    """Two tables' totals agree, where the package has both (in the first one's unit)."""
    a, b = printed_total(budget, *first), printed_total(budget, *second)
    if a is None or b is None:
        return
    found = b[0] * TO_YUAN[b[1]] / TO_YUAN[a[1]]
    values = {"first": first[0], "second": second[0], "first_column": first[1], "second_column": second[1]}
    yield _check(f"tables.{name}", "tables_agree", values, a[0], found)


def _across(budget: Budget) -> Iterator[Check]:
    yield from _same(budget, "spending_matches_summary", ("expenditure_summary", "total"),
                     ("income_expenditure_summary", "total"))  # fmt: skip
    yield from _same(budget, "general_budget_matches_appropriations", ("general_budget_functional", "total"),
                     ("appropriation_summary", "general_public"))  # fmt: skip
    yield from _same(budget, "economic_matches_basic", ("basic_economic", "total"),
                     ("general_budget_functional", "basic"))  # fmt: skip


def _three_public(budget: Budget) -> Iterator[Check]:
    if not budget.has("three_public_items"):
        return
    items = budget.three_public_items.set_index(budget.three_public_items["item"].astype(str))["amount"]
    for name, whole, parts in (
        ("items", "three_public", ("overseas_travel", "vehicles", "hospitality")),
        ("vehicles", "vehicles", ("vehicle_purchase", "vehicle_operation")),
    ):
        if whole not in items:
            continue
        found = sum(printed_amount(items.get(part)) for part in parts)
        yield _check(f"three_public.{name}", f"three_public_{name}", {}, printed_amount(items[whole]), found)


def _empty(budget: Budget) -> Iterator[Check]:
    if not budget.has("empty_tables"):
        return
    for row in budget.empty_tables.itertuples(index=False):
        noted = isinstance(row.note_zh, str) and bool(row.note_zh.strip())
        note = row.note_zh if noted else "—"
        yield Check(f"empty.{row.table}.note", "empty_table_note", "pass" if noted else "warn", "—", note,
                    {"table": str(row.table)})  # fmt: skip


STATED = {  # a figure the notes state → the table and column that print it
    "spending_total": ("income_expenditure_summary", "total"),
    "income_total": ("income_expenditure_summary", "total"),
    "general_public_spending": ("general_budget_functional", "total"),
}


def _stated(budget: Budget) -> Iterator[Check]:
    """A figure the notes state (in 万元, rounded) beside the table that prints it: a warning when they differ."""
    if not budget.has("stated_figures"):
        return
    figures = budget.stated_figures
    unit = budget.unit("stated_figures", "amount") or "万元"
    items = budget.three_public_items.set_index("item")["amount"] if budget.has("three_public_items") else None
    table_unit = budget.unit("three_public_items", "amount") if items is not None else unit
    for figure in figures.itertuples(index=False):
        if pd.isna(figure.amount):
            continue
        printed: tuple[float, str] | None = None
        if figure.measure in STATED:
            printed = printed_total(budget, *STATED[figure.measure])
        elif items is not None and figure.topic in ("three_public", "operating_costs") and figure.measure in items:
            printed = (printed_amount(items[figure.measure]), table_unit)
        if printed is None or printed[1] not in AMOUNT_UNITS:
            continue
        in_notes = printed[0] * TO_YUAN[printed[1]] / TO_YUAN[unit]
        values = {"label_zh": figure.label_zh, "measure": figure.measure, "page": figure.source_page}
        yield _check(f"stated.{figure.measure}", "stated_figure", values, float(figure.amount), in_notes,
                     on_mismatch="warn")  # fmt: skip
