"""Spending: the change between the two years, the basic/project split, and the earmarked items.

Amounts are in the package's unit, shares and changes in percent, never rounded here
(round when showing). Each frame carries the data package's source and department names in
``frame.attrs``, so a chart drawn from it can cite it. Nothing here knows the 2020 statement:
any package of the same form gives its own answers.
"""

from __future__ import annotations

import pandas as pd

from budgetlib.analysis.common import with_source
from budgetlib.analysis.measures import compared_with, fiscal_year, spending, stated_total_change
from budgetlib.analysis.national import absent, earmarked, in_display_unit
from budgetlib.datapackage import Budget, summable
from budgetlib.datapackage.reference import spending_types

KINDS_ORDER = ["basic", "project", "total"]


def year_over_year(budget: Budget) -> pd.DataFrame:
    """Basic, project and total spending in the first and last year of the overview.

    Columns: ``spending_type`` (basic, project, total) with its ``_zh``/``_en`` names,
    ``base_year``, ``year``, ``amount_base`` and ``amount`` (万元), ``change`` (万元),
    ``change_pct`` (percent of the base amount) and ``contribution_pct`` (the part's
    share of the change in total spending; basic and project sum to 100).

    >>> from budgetlib import load
    >>> yoy = year_over_year(load()).set_index("spending_type")
    >>> yoy.loc["basic", ["amount_base", "amount", "change"]].round(2).tolist()
    [327.56, 526.74, 199.18]
    >>> print(f'{yoy.loc["basic", "contribution_pct"]:.2f} {yoy.loc["total", "change_pct"]:.2f}')
    102.78 29.04
    """
    if not budget.has("budget_overview"):
        return _stated_year_over_year(budget)
    overview = budget.budget_overview
    base_year, year = int(overview["year"].min()), int(overview["year"].max())
    by_year = overview.pivot_table(
        index="spending_type", columns="year", values="amount_10k_cny", observed=True, aggfunc="sum"
    )
    names = overview.drop_duplicates("spending_type").set_index("spending_type")
    frame = pd.DataFrame(
        {
            "spending_type": by_year.index.astype(str),
            "spending_type_zh": names.loc[by_year.index, "spending_type_zh"].to_numpy(),
            "spending_type_en": names.loc[by_year.index, "spending_type_en"].to_numpy(),
            "base_year": base_year,
            "year": year,
            "amount_base": by_year[base_year].to_numpy(),
            "amount": by_year[year].to_numpy(),
        }
    )
    frame["change"] = frame["amount"] - frame["amount_base"]
    frame["change_pct"] = 100 * frame["change"] / frame["amount_base"].where(frame["amount_base"] != 0)
    total_change = frame.loc[frame["spending_type"] == "total", "change"].sum()
    frame["contribution_pct"] = 100 * frame["change"] / total_change if total_change else float("nan")
    frame["spending_type"] = pd.Categorical(
        frame["spending_type"], categories=overview["spending_type"].cat.categories, ordered=True
    )
    return with_source(frame.sort_values("spending_type", ignore_index=True), budget)


YOY_COLUMNS = [
    "spending_type", "spending_type_zh", "spending_type_en", "base_year", "year", "amount_base", "amount", "change",
    "change_pct", "contribution_pct",
]  # fmt: skip


def _stated_year_over_year(budget: Budget) -> pd.DataFrame:
    """The national form's year over year: total spending now (from the tables, else as the notes
    state it) and the change the notes state; the base year's total derived from the two, marked
    ``attrs["derived_base"]`` with what it is compared with (``attrs["compared_with_zh"]``)."""
    change = stated_total_change(budget)
    if change is None:
        return absent(budget, "stated_change", YOY_COLUMNS)
    year = fiscal_year(budget)
    now = spending(budget, year, "total")
    stated_unit = in_display_unit(budget, "stated_figures", "amount", 1.0)
    if pd.isna(now):
        now = change.amount * stated_unit
    moved = change.change * stated_unit
    names = spending_types().set_index("spending_type").loc["total"]
    frame = pd.DataFrame(
        [{
            "spending_type": "total", "spending_type_zh": names["spending_type_zh"],
            "spending_type_en": names["spending_type_en"], "base_year": year - 1, "year": year,
            "amount_base": now - moved, "amount": now, "change": moved,
            "change_pct": 100 * moved / (now - moved) if now - moved else float("nan"), "contribution_pct": 100.0,
        }],
        columns=YOY_COLUMNS,
    )  # fmt: skip
    frame["spending_type"] = pd.Categorical(frame["spending_type"], categories=KINDS_ORDER, ordered=True)
    compared = compared_with(change.compared_with_zh)  # 预算执行数, or the budget itself
    frame.attrs.update(derived_base=True, compared_with_zh=change.compared_with_zh, reason_zh=change.reason_zh,
                       stated_zh=change.label_zh, compared_with=compared)  # fmt: skip
    return with_source(frame, budget)


def spending_split(budget: Budget) -> pd.DataFrame:
    """Basic and project spending as shares of total spending, each year.

    Columns: ``year``, ``spending_type`` (basic, project) with ``_zh``/``_en`` names,
    ``amount`` (万元) and ``share_pct`` (percent of that year's total spending).

    >>> from budgetlib import load
    >>> split = spending_split(load())
    >>> split.query("spending_type == 'basic'")["share_pct"].round(2).tolist()
    [49.09, 61.17]
    """
    if not budget.has("budget_overview"):
        return _national_split(budget)
    overview = budget.budget_overview
    parts = summable(overview).copy()
    totals = parts["year"].map(overview[overview["is_total"]].groupby("year")["amount_10k_cny"].sum(min_count=1))
    parts["spending_type"] = parts["spending_type"].cat.remove_unused_categories()
    frame = pd.DataFrame(
        {
            "year": parts["year"],
            "spending_type": parts["spending_type"],
            "spending_type_zh": parts["spending_type_zh"],
            "spending_type_en": parts["spending_type_en"],
            "amount": parts["amount_10k_cny"],
            "share_pct": 100 * parts["amount_10k_cny"] / totals.replace(0, float("nan")),
        }
    )
    return with_source(frame.sort_values(["year", "spending_type"], ignore_index=True), budget)


SPLIT_COLUMNS = ["year", "spending_type", "spending_type_zh", "spending_type_en", "amount", "share_pct"]


def _national_split(budget: Budget) -> pd.DataFrame:
    """The national form's split: the year's basic and project spending from the 支出总表 (else the
    general budget's table); one year, since the tables print no previous year."""
    year = fiscal_year(budget)
    totals = {kind: spending(budget, year, kind) for kind in ("total", "basic", "project")}
    if pd.isna(totals["total"]):
        return absent(budget, "expenditure_summary", SPLIT_COLUMNS)
    names = spending_types().set_index("spending_type")
    frame = pd.DataFrame(
        {
            "year": year,
            "spending_type": pd.Categorical(["basic", "project"], categories=["basic", "project"], ordered=True),
            "spending_type_zh": names.loc[["basic", "project"], "spending_type_zh"].to_numpy(),
            "spending_type_en": names.loc[["basic", "project"], "spending_type_en"].to_numpy(),
            "amount": [totals["basic"], totals["project"]],
        }
    )
    frame["share_pct"] = 100 * frame["amount"] / totals["total"] if totals["total"] else float("nan")
    return with_source(frame, budget)


def earmarked_spending(budget: Budget) -> pd.DataFrame:
    """Operating costs and each of the three public expenses against total and basic spending.

    Columns: ``item``, ``item_zh``, ``item_en``, ``year``, ``amount`` (万元),
    ``share_of_total_pct`` and ``share_of_basic_pct`` (percent).

    >>> from budgetlib import load
    >>> row = earmarked_spending(load()).iloc[0]
    >>> print(row["item_en"], row["amount"], f"{row['share_of_total_pct']:.2f}", f"{row['share_of_basic_pct']:.2f}")
    Operating costs 18.5 2.15 3.51
    """
    if not budget.has("operating_costs", "three_public_expenses"):
        return _national_earmarked(budget)
    operating = budget.operating_costs.assign(item="operating_costs")
    items = pd.concat([operating, budget.three_public_expenses], ignore_index=True)
    totals = items["year"].map(lambda year: spending(budget, year, "total"))
    basics = items["year"].map(lambda year: spending(budget, year, "basic"))
    frame = pd.DataFrame(
        {
            "item": items["item"].astype(str),
            "item_zh": items["item_zh"],
            "item_en": items["item_en"],
            "year": items["year"],
            "amount": items["amount_10k_cny"],
            "share_of_total_pct": 100 * items["amount_10k_cny"] / totals.replace(0, float("nan")),
            "share_of_basic_pct": 100 * items["amount_10k_cny"] / basics.replace(0, float("nan")),
        }
    )
    return with_source(frame, budget)


def _national_earmarked(budget: Budget) -> pd.DataFrame:
    """The national form's earmarked items: the operating costs, then each of the three public
    expenses (not their total, nor the vehicles' parts), from the national table."""
    columns = ["item", "item_zh", "item_en", "year", "amount", "share_of_total_pct", "share_of_basic_pct"]
    items = earmarked(budget)
    if items.attrs.get("absent"):
        return absent(budget, "three_public", columns)
    chosen = items[items["item"].isin(["operating_costs", "overseas_travel", "vehicles", "hospitality"])]
    order = {"operating_costs": 0, "overseas_travel": 1, "vehicles": 2, "hospitality": 3}
    chosen = chosen.sort_values("item", key=lambda s: s.map(order), ignore_index=True)
    frame = chosen.assign(year=fiscal_year(budget))[columns]
    return with_source(frame, budget)
