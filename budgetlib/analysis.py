"""The analyses behind the notebooks: tables in, tidy DataFrames out.

Amounts are in 万元, shares and changes in percent, never rounded here (round when
showing). Each frame carries the data package's source and department names in
``frame.attrs`` (plus what a chart needs to title it, e.g. ``by`` or ``as_of_date``),
so a chart drawn from it can cite it. Nothing here knows the 2020 statement: any package of
the same form gives its own answers.
"""

from __future__ import annotations

import pandas as pd

from budgetlib.load import Budget, summable


def share_pct(part: float, whole: float) -> float | None:
    """``part`` as a percentage of ``whole``; None when the whole is zero.

    >>> round(share_pct(160, 170.62), 2)
    93.78
    >>> share_pct(1, 0) is None
    True
    """
    return None if whole == 0 else 100 * part / whole


def hhi(amounts: pd.Series) -> float | None:
    """Herfindahl–Hirschman index: the sum of squared percentage shares, 0–10,000.

    10,000 when one item holds everything, 10,000 / n for n equal items; None when
    there is nothing to share.

    >>> hhi(pd.Series([50.0, 50.0])), hhi(pd.Series([7.0]))
    (5000.0, 10000.0)
    """
    total = amounts.sum()
    if total == 0:
        return None
    return float(((100 * amounts / total) ** 2).sum())


HHI_MODERATE, HHI_HIGH = 1500, 2500  # the usual bands of the index (US merger guidelines, 2010)


def hhi_band(index: float | None) -> str:
    """The band of an HHI: "high" above 2,500, "moderate" from 1,500, "low" below, "none" without one.

    >>> hhi_band(8803.12), hhi_band(2000), hhi_band(1111), hhi_band(None)
    ('high', 'moderate', 'low', 'none')
    """
    if index is None or pd.isna(index):
        return "none"
    return "high" if index > HHI_HIGH else "moderate" if index >= HHI_MODERATE else "low"


def source_attrs(budget: Budget) -> dict[str, object]:
    """The data package's source, department names and amount unit, in Chinese and English,
    and its fiscal year."""
    source = (budget.descriptor.get("sources") or [{}])[0]
    department = budget.descriptor.get("department", {})
    unit = budget.descriptor.get("amountUnit", "")
    return {
        "fiscal_year": budget.descriptor.get("fiscalYear", ""),
        "unit_zh": unit,
        "unit_en": budget.descriptor.get("amountUnit_en", unit),
        "source_zh": source.get("title", budget.descriptor.get("title", "")),
        "source_en": source.get("title_en", budget.descriptor.get("title", "")),
        "department_zh": department.get("short_name_zh", department.get("name_zh", "")),
        "department_en": department.get("short_name_en", department.get("name_en", "")),
    }


def with_source(frame: pd.DataFrame, budget: Budget) -> pd.DataFrame:
    """``frame`` with the package's source and department names in its ``attrs``, for charts to cite."""
    frame.attrs.update(source_attrs(budget))
    return frame


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


def spending_split(budget: Budget) -> pd.DataFrame:
    """Basic and project spending as shares of total spending, each year.

    Columns: ``year``, ``spending_type`` (basic, project) with ``_zh``/``_en`` names,
    ``amount`` (万元) and ``share_pct`` (percent of that year's total spending).

    >>> from budgetlib import load
    >>> split = spending_split(load())
    >>> split.query("spending_type == 'basic'")["share_pct"].round(2).tolist()
    [49.09, 61.17]
    """
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


def earmarked_spending(budget: Budget) -> pd.DataFrame:
    """Operating costs and each of the three public expenses against total and basic spending.

    Columns: ``item``, ``item_zh``, ``item_en``, ``year``, ``amount`` (万元),
    ``share_of_total_pct`` and ``share_of_basic_pct`` (percent).

    >>> from budgetlib import load
    >>> row = earmarked_spending(load()).iloc[0]
    >>> print(row["item_en"], row["amount"], f"{row['share_of_total_pct']:.2f}", f"{row['share_of_basic_pct']:.2f}")
    Operating costs 18.5 2.15 3.51
    """
    operating = budget.operating_costs.assign(item="operating_costs")
    items = pd.concat([operating, budget.three_public_expenses], ignore_index=True)
    totals = items["year"].map(lambda year: budget.spending(year, "total"))
    basics = items["year"].map(lambda year: budget.spending(year, "basic"))
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


def procurement_lines(budget: Budget) -> pd.DataFrame:
    """Procurement lines from largest to smallest, with shares and the Pareto curve.

    Columns: ``rank`` (1 = largest), ``line_no``, ``unit_code``, ``project_zh``,
    ``project_en``, ``item_zh``, ``item_en``, ``catalogue_code``, ``quantity`` with its
    ``measure_unit_zh``/``_en``, ``amount`` (万元),
    ``share_pct`` and ``cumulative_share_pct`` (percent of all procurement).
    Ties keep the order printed.

    >>> from budgetlib import load
    >>> top = procurement_lines(load()).iloc[0]
    >>> print(top["project_zh"], top["amount"], f"{top['share_pct']:.2f}")
    危险化学品及重大危险源企业安全评审 160.0 93.78
    """
    lines = budget.procurement_lines.sort_values(["amount_10k_cny", "line_no"], ascending=[False, True])
    columns = ["line_no", "unit_code", "project_zh", "project_en", "item_zh", "item_en", "catalogue_code", "quantity"]
    columns += ["measure_unit_zh", "measure_unit_en"]
    frame = lines[columns].reset_index(drop=True)
    frame.insert(0, "rank", range(1, len(frame) + 1))
    frame["amount"] = lines["amount_10k_cny"].to_numpy()
    total = frame["amount"].sum()
    frame["share_pct"] = 100 * frame["amount"] / total if total else float("nan")
    frame["cumulative_share_pct"] = frame["share_pct"].cumsum()
    return with_source(frame, budget)


def procurement_by(budget: Budget, by: str) -> pd.DataFrame:
    """Procurement grouped by ``by``: "project", "category" (catalogue letter) or "unit".

    Columns: ``key`` (project name, category letter or unit code), ``name_zh``,
    ``name_en``, ``lines`` (count), ``amount`` (万元), ``share_pct`` and
    ``cumulative_share_pct`` (percent), largest first.

    >>> from budgetlib import load
    >>> by_category = procurement_by(load(), "category")
    >>> by_category[["key", "name_en", "lines", "amount"]].values.tolist()
    [['C', 'Services', 1, 160.0], ['A', 'Goods', 8, 10.62]]
    """
    lines = budget.procurement_lines.assign(category=budget.procurement_lines["catalogue_code"].str[0])
    if by == "project":
        keys, names = "project_zh", lines.drop_duplicates("project_zh").set_index("project_zh")
        name_zh, name_en = names.index.to_series(), names["project_en"]
    elif by == "category":
        keys, names = "category", budget.catalogue_categories.set_index("category")
        name_zh, name_en = names["category_zh"], names["category_en"]
    elif by == "unit":
        keys, names = "unit_code", budget.units.set_index("unit_code")
        name_zh, name_en = names["unit_short_name_zh"], names["unit_short_name_en"]
    else:
        raise ValueError(f"procurement_by: by must be 'project', 'category' or 'unit', not {by!r}")
    grouped = lines.groupby(keys, sort=False)["amount_10k_cny"].agg(lines="size", amount="sum").reset_index()
    grouped = grouped.sort_values("amount", ascending=False, kind="stable", ignore_index=True)
    frame = pd.DataFrame(
        {
            "key": grouped[keys].astype(str),
            "name_zh": grouped[keys].map(name_zh).astype(str),
            "name_en": grouped[keys].map(name_en).astype(str),
            "lines": grouped["lines"],
            "amount": grouped["amount"],
        }
    )
    total = frame["amount"].sum()
    frame["share_pct"] = 100 * frame["amount"] / total if total else float("nan")
    frame["cumulative_share_pct"] = frame["share_pct"].cumsum()
    frame.attrs["by"] = by
    return with_source(frame, budget)


def procurement_concentration(budget: Budget) -> pd.Series:
    """How concentrated procurement is, and how large against the budget.

    Indexed by: ``total`` (万元), ``lines``, ``top_line_amount`` (万元),
    ``top1_share_pct`` and ``top3_share_pct`` (percent of procurement), ``hhi``
    (0–10,000, over lines), ``share_of_project_spending_pct`` and
    ``share_of_total_spending_pct`` (all procurement against the latest year's
    spending), ``top_line_share_of_project_spending_pct`` and
    ``top_line_share_of_total_spending_pct``. Note that a line funded from basic
    spending (e.g. 日常公用经费) still counts in the share of project spending, as
    the statement's procurement total does.

    >>> from budgetlib import load
    >>> c = procurement_concentration(load()).round(2)
    >>> c[["top1_share_pct", "top_line_share_of_project_spending_pct", "top_line_share_of_total_spending_pct"]].tolist()
    [93.78, 47.86, 18.58]
    """
    lines = procurement_lines(budget)
    latest = int(budget.budget_overview["year"].max())
    project, everything = budget.spending(latest, "project"), budget.spending(latest, "total")
    total = lines["amount"].sum()
    top = lines["amount"].iloc[0] if len(lines) else 0.0

    def pct(part: float, whole: float) -> float:
        share = share_pct(part, whole)
        return float("nan") if share is None else share

    hhi_value = hhi(lines["amount"])
    return pd.Series(
        {
            "total": total,
            "lines": float(len(lines)),
            "top_line_amount": top,
            "top1_share_pct": pct(top, total),
            "top3_share_pct": pct(lines["amount"].head(3).sum(), total),
            "hhi": float("nan") if hhi_value is None else hhi_value,
            "share_of_project_spending_pct": pct(total, project),
            "share_of_total_spending_pct": pct(total, everything),
            "top_line_share_of_project_spending_pct": pct(top, project),
            "top_line_share_of_total_spending_pct": pct(top, everything),
        },
        name="procurement_concentration",
    )


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
