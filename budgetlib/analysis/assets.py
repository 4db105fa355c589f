"""Fixed assets: the mix by category beside the stated shares, and the vehicles beside their budget line."""

from __future__ import annotations

import pandas as pd

from budgetlib.analysis.common import with_source
from budgetlib.analysis.measures import fiscal_year
from budgetlib.analysis.national import absent, in_display_unit, stated
from budgetlib.datapackage import Budget


def asset_mix(budget: Budget) -> pd.DataFrame:
    """Fixed assets by category: value, computed share, stated share and their difference.

    Columns: ``category`` with ``category_zh``/``category_en``, ``amount`` (万元),
    ``share_pct`` (computed from the values), ``stated_share_pct`` (as printed) and
    ``difference_pp`` (stated minus computed, in percentage points).

    >>> from budgetlib import load
    >>> mix = asset_mix(load()).set_index("category")
    >>> mix.loc["furniture", ["share_pct", "stated_share_pct", "difference_pp"]].round(2).tolist()
    [13.33, 13.2, -0.13]
    """
    if not budget.has("asset_categories"):
        columns = ["category", "category_zh", "category_en", "amount", "share_pct", "stated_share_pct", "difference_pp"]
        return absent(budget, "asset_categories", columns)
    categories = budget.asset_categories
    total = categories["value_10k_cny"].sum()
    frame = pd.DataFrame(
        {
            "category": categories["category"],
            "category_zh": categories["category_zh"],
            "category_en": categories["category_en"],
            "amount": categories["value_10k_cny"],
            "share_pct": 100 * categories["value_10k_cny"] / total if total else float("nan"),
            "stated_share_pct": categories["stated_share_pct"],
        }
    )
    frame["difference_pp"] = frame["stated_share_pct"] - frame["share_pct"]
    dates = categories["as_of_date"].dropna()
    frame.attrs["as_of_date"] = dates.max().date().isoformat() if len(dates) else ""
    return with_source(frame, budget)


def vehicles_and_vehicle_expenses(budget: Budget) -> pd.DataFrame:
    """Vehicles held (count and value) beside the official-vehicle line of the three public expenses.

    One row per year of the expenses: ``vehicles`` (count), ``vehicle_value`` (万元,
    at the asset date), ``vehicle_expenses`` (万元, budgeted for purchase and running).

    >>> from budgetlib import load
    >>> row = vehicles_and_vehicle_expenses(load()).iloc[0]
    >>> print(row["vehicles"], row["vehicle_value"], row["vehicle_expenses"])
    2.0 25.72 0.0
    """
    if not budget.has("asset_occupancy", "three_public_expenses"):
        return _stated_vehicles(budget)
    occupancy = budget.asset_occupancy.set_index("item")
    expenses = budget.three_public_expenses
    line = expenses[expenses["item"] == "official_vehicles"]
    frame = pd.DataFrame(
        {
            "year": line["year"].to_numpy(),
            "as_of_date": occupancy["as_of_date"].get("vehicles"),
            "vehicles": occupancy["quantity"].get("vehicles", float("nan")),
            "vehicle_value": occupancy["value_10k_cny"].get("vehicles", float("nan")),
            "vehicle_expenses": line["amount_10k_cny"].to_numpy(),
        }
    )
    return with_source(frame, budget)


def _stated_vehicles(budget: Budget) -> pd.DataFrame:
    """The national form's vehicles: the count the notes state (国有资产占有使用情况), no value, beside
    the vehicles line of the national three-public-expenses table."""
    columns = ["year", "as_of_date", "vehicles", "vehicle_value", "vehicle_expenses"]
    count = stated(budget, "vehicles", "assets")
    items = budget.three_public_items.set_index("item")["amount"] if budget.has("three_public_items") else None
    if count is None and items is None:
        return absent(budget, "assets", columns)
    expenses = float("nan") if items is None or "vehicles" not in items else float(items["vehicles"])
    if items is not None:
        expenses = in_display_unit(budget, "three_public_items", "amount", 0.0 if pd.isna(expenses) else expenses)
    frame = pd.DataFrame(
        [{
            "year": fiscal_year(budget), "as_of_date": None,
            "vehicles": float("nan") if count is None else float(count["count"]),
            "vehicle_value": float("nan"), "vehicle_expenses": expenses,
        }],
        columns=columns,
    )  # fmt: skip
    return with_source(frame, budget)
