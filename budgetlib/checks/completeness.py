"""What the statement prints against what the 地方预决算公开操作规程 asks for: the national tables and
the sections of a 部门预算.

The 操作规程 asks every department to publish eight tables (收支总表, 收入总表, 支出总表, 财政拨款收支总表,
一般公共预算支出表, 一般公共预算基本支出表, “三公”经费支出表, 政府性基金预算支出表; a table printed empty,
with its note, counts as printed) and notes on its duties, its units, the budget, the operating
costs, the three public expenses, procurement, state assets, performance targets and terms. Each
one a package shows no sign of is a finding: a warning, since the statement is what it is.
"""

from __future__ import annotations

import pandas as pd

from budgetlib.analysis.common import with_source
from budgetlib.datapackage import Budget

TABLES = (
    "income_expenditure_summary", "income_summary", "expenditure_summary", "appropriation_summary",
    "general_budget_functional", "basic_economic", "three_public", "government_fund_functional",
)  # fmt: skip
SECTIONS = (
    "duties", "organisation", "budget", "operating_costs", "three_public", "procurement", "assets",
    "performance", "glossary",
)  # fmt: skip
# Where a section shows: the tables that hold what it says, or the topics of the figures the notes state.
SECTION_TABLES = {
    "duties": ("responsibilities",),
    "organisation": ("units", "organisation"),
    "budget": ("budget_overview", "function_spending", "summary_rows", "function_income"),
    "operating_costs": ("operating_costs",),
    "three_public": ("three_public_expenses", "three_public_items"),
    "procurement": ("procurement_lines",),
    "assets": ("asset_categories", "asset_occupancy"),
    "performance": ("project_target_tables", "department_goals"),
    "glossary": ("glossary",),
}
SECTION_TOPICS = {"budget": "budget", "operating_costs": "operating_costs", "three_public": "three_public",
                  "procurement": "procurement", "assets": "assets", "performance": "performance"}  # fmt: skip


def printed_tables(budget: Budget) -> set[str]:
    """The national tables the package holds, or holds as printed empty."""
    kinds: set[str] = set()
    if budget.has("function_spending"):
        kinds |= set(budget.function_spending["table"].astype(str))
    if budget.has("summary_rows"):
        kinds |= set(budget.summary_rows["table"].astype(str))
    if budget.has("function_income"):
        kinds.add("income_summary")
    if budget.has("economic_basic"):
        kinds.add("basic_economic")
    if budget.has("three_public_items"):
        kinds.add("three_public")
    if budget.has("empty_tables"):
        kinds |= set(budget.empty_tables["table"].astype(str))
    return kinds


def printed_sections(budget: Budget) -> set[str]:
    """The sections of the statement the package shows: a table that holds what the section says,
    or a figure the notes state on its topic."""
    topics = set(budget.stated_figures["topic"].astype(str)) if budget.has("stated_figures") else set()
    if budget.has("operating_costs") or ("operating_costs" in set(budget.three_public_items["item"].astype(str))
                                         if budget.has("three_public_items") else False):  # fmt: skip
        topics.add("operating_costs")
    return {
        section
        for section in SECTIONS
        if any(budget.has(table) for table in SECTION_TABLES[section]) or SECTION_TOPICS.get(section) in topics
    }


def completeness(budget: Budget) -> pd.DataFrame:
    """What the statement does not print of what the 操作规程 asks for, one row per finding:
    ``finding`` (``table_missing`` or ``section_missing``) and ``key`` (the table or section).

    >>> from budgetlib import load
    >>> found = completeness(load())
    >>> found["finding"].value_counts().to_dict()
    {'table_missing': 8}
    """
    tables, sections = printed_tables(budget), printed_sections(budget)
    rows = [("table_missing", kind) for kind in TABLES if kind not in tables]
    rows += [("section_missing", section) for section in SECTIONS if section not in sections]
    return with_source(pd.DataFrame(rows, columns=["finding", "key"]), budget)


def untranslated(budget: Budget) -> pd.DataFrame:
    """The classification names of the national tables that have no English name (the statement's
    name is not the reference's for its code): ``resource``, ``code``, ``name_zh``, each once. An
    English page shows them in Chinese, marked, until a person translates them (``name_en``)."""
    rows = []
    for resource in ("function_spending", "economic_basic", "function_income"):
        if budget.has(resource):
            table = budget[resource]
            blank = table[~table["is_total"] & (table["name_en"].isna() | (table["name_en"] == ""))]
            rows += [(resource, code, name) for code, name in blank[["code", "name_zh"]].drop_duplicates().values]
    return pd.DataFrame(rows, columns=["resource", "code", "name_zh"])
