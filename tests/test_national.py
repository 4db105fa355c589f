"""The national tables as data: a package written by hand from a Putuo statement loads, reconciles,
gives its analyses, and each identity of the national tables fails by name when one cell breaks it."""

from __future__ import annotations

import csv
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

import budgetlib
from budgetlib import analysis, pages
from budgetlib.checks.completeness import completeness
from budgetlib.words import formatting

COMMERCE = Path(__file__).resolve().parent / "packages" / "putuo-commerce-2025"


@pytest.fixture
def commerce(tmp_path) -> Path:
    """A copy of the hand-written commerce package, to change."""
    return Path(shutil.copytree(COMMERCE, tmp_path / "commerce"))


def rows(package: Path, table: str) -> list[dict[str, str]]:
    with (package / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write(package: Path, table: str, records: list[dict[str, str]]) -> None:
    with (package / f"{table}.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(records[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(records)


def change(package: Path, table: str, where: dict[str, str], **values: str) -> Path:
    """Set ``values`` on the one row of ``table`` that matches ``where``."""
    records = rows(package, table)
    matched = [r for r in records if all(r[k] == v for k, v in where.items())]
    assert len(matched) == 1, (table, where)
    matched[0].update(values)
    write(package, table, records)
    return package


def test_the_package_loads_and_reconciles():
    budget = budgetlib.load(COMMERCE)
    checks = budgetlib.audit(budget)
    assert len(checks) > 200
    assert [c.name for c in checks if c.status != "pass"] == []


def test_the_totals_as_printed():
    budget = budgetlib.load(COMMERCE)
    total = budget.function_spending.query("table == 'expenditure_summary' and is_total").iloc[0]
    assert (total["total"], total["basic"], total["project"]) == (371514655.0, 19830655.0, 351684000.0)
    assert budget.unit("function_spending", "total") == "元"
    assert budget.unit("three_public_items", "amount") == "万元"


SPENDING = {"table": "expenditure_summary"}
BREAKS = {
    # the check, the table, the row, the cells: one cell (or a pair kept in step) that breaks it
    "function.expenditure_summary.basic_plus_project.2011301": ("function_spending", {**SPENDING, "code": "2011301"},
                                                                {"basic": "9389913.50"}),
    "function.expenditure_summary.children.20113.total": ("function_spending", {**SPENDING, "code": "2011301"},
                                                          {"total": "9389914.00", "basic": "9389914.00"}),
    "function.expenditure_summary.total.total": ("function_spending", {**SPENDING, "is_total": "true"},
                                                 {"total": "371514656.00"}),
    "economic.personnel_plus_public.30101": ("economic_basic", {"code": "30101"}, {"personnel": "1952617.00"}),
    "economic.children.301.personnel": ("economic_basic", {"code": "30101"},
                                        {"total": "1952617.00", "personnel": "1952617.00"}),
    "summary.income_expenditure_summary.balanced": ("summary_rows", {"side": "income", "is_total": "true"},
                                                    {"amount": "371514656.00"}),
    "summary.income_expenditure_summary.spending_items": ("summary_rows", {"side": "spending", "item": "201"},
                                                          {"amount": "21601734.00"}),
    "summary.income_expenditure_summary.income.1": ("summary_rows", {"side": "income", "item": "general_public"},
                                                    {"amount": "371514654.00"}),
    "tables.spending_matches_summary": ("summary_rows", {"side": "spending", "is_total": "true"},
                                        {"amount": "371514656.00"}),
    "tables.economic_matches_basic": ("economic_basic", {"is_total": "true"}, {"total": "19830656.00"}),
    "three_public.items": ("three_public_items", {"item": "three_public"}, {"amount": "2.00"}),
    "three_public.vehicles": ("three_public_items", {"item": "vehicle_purchase"}, {"amount": "0.50"}),
}  # fmt: skip


@pytest.mark.parametrize("name", BREAKS, ids=str)
def test_each_identity_fails_by_name_when_one_cell_breaks_it(commerce, name):
    table, where, values = BREAKS[name]
    checks = {c.name: c for c in budgetlib.audit(budgetlib.load(change(commerce, table, where, **values)))}
    assert checks[name].status == "fail", checks[name]
    assert checks[name].expected != checks[name].found
    assert checks[name].describe("zh") and checks[name].describe("en")


def test_an_empty_table_without_its_note_and_a_stated_figure_that_disagrees_are_warnings(commerce):
    change(commerce, "empty_tables", {"table": "state_capital_functional"}, note_zh="")
    change(commerce, "stated_figures", {"measure": "operating_costs"}, amount="171.10")
    checks = {c.name: c for c in budgetlib.audit(budgetlib.load(commerce))}
    assert checks["empty.state_capital_functional.note"].status == "warn"
    assert (checks["stated.operating_costs"].status, checks["stated.operating_costs"].found) == ("warn", "171.01")
    assert not [c for c in checks.values() if c.status == "fail"]


def add_cents(package: Path, code: str, cents: str) -> None:
    """``cents`` more 元 on the basic spending of the 项 ``code`` and every row that totals it, in every
    table that prints it (the summaries too), exactly as a statement would print the sum."""
    more = Decimal(cents)
    records = rows(package, "function_spending")
    for row in records:
        if row["is_total"] == "true" or code.startswith(row["code"]):
            for column in ("total", "basic"):
                row[column] = str(Decimal(row[column]) + more)
    write(package, "function_spending", records)
    records = rows(package, "economic_basic")
    for row in records:
        if row["is_total"] == "true" or row["code"] in ("301", "30101"):
            for column in ("total", "personnel"):
                row[column] = str(Decimal(row[column]) + more)
    write(package, "economic_basic", records)
    records = rows(package, "summary_rows")
    for row in records:
        if row["is_total"] == "true" or row["item"] in ("fiscal_appropriation", "general_public", code[:3]):
            row["amount"] = str(Decimal(row["amount"]) + more)
    write(package, "summary_rows", records)


def test_an_amount_in_yuan_with_two_decimals_survives_load_audit_facts_and_pages(commerce):
    add_cents(commerce, "2011301", "0.37")
    budget = budgetlib.load(commerce)
    total = budget.function_spending.query("table == 'expenditure_summary' and is_total").iloc[0]["total"]
    assert formatting.amount(total) == "371,514,655.37"
    checks = budgetlib.audit(budget)
    assert [c.name for c in checks if c.status == "fail"] == []
    assert any(c.expected == "371,514,655.37" == c.found for c in checks)
    assert analysis.headline(budget)["total_2025"] == 371514655.37 / 10_000  # in 万元, one exact division
    shown = pages.national_table(budget, "function_spending", "expenditure_summary", "zh").text
    assert "371,514,655.37" in shown and "9,389,913.37" in shown


def test_the_analyses_read_the_national_tables():
    budget = budgetlib.load(COMMERCE)
    by_function = analysis.function_spending(budget)
    assert by_function["code"].tolist()[:3] == ["215", "216", "201"]
    assert round(by_function["share_pct"].iloc[0], 2) == 79.08
    mix = analysis.economic_mix(budget).set_index("kind")
    assert round(mix.loc["personnel", "share_pct"], 2) == 91.38
    split = analysis.spending_split(budget).set_index("spending_type")
    assert round(split.loc["basic", "share_pct"], 2) == 5.34
    yoy = analysis.year_over_year(budget)
    assert yoy.attrs["derived_base"] and yoy.attrs["compared_with_zh"] == "2024年预算"
    assert round(yoy["amount_base"].iloc[0], 4) == round(37151.4655 - 24491.71, 4)
    by_category = analysis.procurement_by(budget, "category")
    assert by_category[["key", "amount"]].values.tolist() == [["C", 30.4], ["A", 7.8], ["B", 0.0]]
    assert analysis.procurement_lines(budget).attrs["absent"] == "procurement_lines"


def test_completeness_names_what_the_statement_does_not_print():
    assert completeness(budgetlib.load())["key"].tolist() == [
        "income_expenditure_summary", "income_summary", "expenditure_summary", "appropriation_summary",
        "general_budget_functional", "basic_economic", "three_public", "government_fund_functional",
    ]  # fmt: skip
    found = completeness(budgetlib.load(COMMERCE))
    assert found.values.tolist() == [
        ["table_missing", "income_summary"], ["table_missing", "appropriation_summary"],
        ["section_missing", "duties"], ["section_missing", "glossary"],
    ]  # fmt: skip


def test_a_name_without_english_is_marked_on_english_pages_and_listed_by_check(commerce, capsys):
    change(commerce, "function_spending", {**SPENDING, "code": "2011301"}, name_en="")
    budget = budgetlib.load(commerce)
    shown = pages.national_table(budget, "function_spending", "expenditure_summary", "en").text
    assert "行政运行†" in shown and "No English name" in shown
    assert "行政运行†" not in pages.national_table(budget, "function_spending", "expenditure_summary", "zh").text
    from budgetlib.cli import main

    assert main(["check", "--data", str(commerce)]) == 0
    assert "WARN translation.2011301: 行政运行 (function_spending)" in capsys.readouterr().out
