"""Procurement: lines largest first, groups by project, category or unit, and how concentrated it is.

Amounts are in the package's unit, shares in percent, never rounded here.
"""

from __future__ import annotations

import pandas as pd

from budgetlib.analysis.common import hhi, share_pct, with_source
from budgetlib.analysis.measures import fiscal_year, spending
from budgetlib.analysis.national import absent, in_display_unit, stated
from budgetlib.datapackage import Budget
from budgetlib.datapackage.reference import category_names


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
    columns = ["line_no", "unit_code", "project_zh", "project_en", "item_zh", "item_en", "catalogue_code", "quantity"]
    columns += ["measure_unit_zh", "measure_unit_en"]
    if not budget.has("procurement_lines"):
        return absent(budget, "procurement_lines", ["rank", *columns, "amount", "share_pct", "cumulative_share_pct"])
    lines = budget.procurement_lines.sort_values(["amount_10k_cny", "line_no"], ascending=[False, True])
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
    if by not in ("project", "category", "unit"):
        raise ValueError(f"procurement_by: by must be 'project', 'category' or 'unit', not {by!r}")
    if not budget.has("procurement_lines"):
        return _stated_split(budget) if by == "category" else _absent_by(budget, by)
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
    latest = fiscal_year(budget)
    project, everything = spending(budget, latest, "project"), spending(budget, latest, "total")
    stated_total = stated(budget, "procurement_total", "procurement")
    total = lines["amount"].sum()
    if lines.attrs.get("absent") and stated_total is not None:  # the notes state the total, not the lines
        total = in_display_unit(budget, "stated_figures", "amount", float(stated_total["amount"]))
    top = lines["amount"].iloc[0] if len(lines) else (float("nan") if lines.attrs.get("absent") else 0.0)

    def pct(part: float, whole: float) -> float:
        share = share_pct(part, whole)
        return float("nan") if share is None else share

    hhi_value = hhi(lines["amount"])
    return pd.Series(
        {
            "total": total,
            "lines": float(len(lines)) if not lines.attrs.get("absent") else float("nan"),
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


BY_COLUMNS = ["key", "name_zh", "name_en", "lines", "amount", "share_pct", "cumulative_share_pct"]
# The catalogue's three categories, as the notes state procurement split into them.
STATED_CATEGORIES = (("goods", "A"), ("works", "B"), ("services", "C"))


def _absent_by(budget: Budget, by: str) -> pd.DataFrame:
    frame = absent(budget, "procurement_lines", BY_COLUMNS)
    frame.attrs["by"] = by
    return frame


def _stated_split(budget: Budget) -> pd.DataFrame:
    """Procurement by category as the national form's notes state it: goods, works and services
    (货物, 工程, 服务), largest first, keyed by the catalogue's letters (A, B, C); no line counts."""
    figures = [(stated(budget, measure, "procurement"), key) for measure, key in STATED_CATEGORIES]
    if all(figure is None for figure, _ in figures):
        return _absent_by(budget, "category")
    categories = category_names()
    rows = [
        (key, categories.loc[key, "category_zh"], categories.loc[key, "category_en"], float("nan"),
         in_display_unit(budget, "stated_figures", "amount", 0.0 if figure is None else float(figure["amount"])))
        for figure, key in figures
    ]  # fmt: skip
    frame = pd.DataFrame(rows, columns=BY_COLUMNS[:5])
    frame = frame.sort_values("amount", ascending=False, kind="stable", ignore_index=True)
    total = frame["amount"].sum()
    frame["share_pct"] = 100 * frame["amount"] / total if total else float("nan")
    frame["cumulative_share_pct"] = frame["share_pct"].cumsum()
    frame.attrs.update(by="category", stated=True)
    return with_source(frame, budget)


def procurement_split(budget: Budget) -> dict[str, float]:
    """Government procurement (政府采购), display unit: ``total`` and its split into ``goods``, ``works``
    and ``services`` (货物, 工程, 服务), from the procurement lines or as the notes state them; NaN where
    the statement gives none. Where the lines are given, a category without lines is 0.

    >>> from budgetlib import load
    >>> procurement_split(load())
    {'total': 170.62, 'goods': 10.62, 'works': 0.0, 'services': 160.0}
    """
    lines = procurement_lines(budget)
    concentration = procurement_concentration(budget)
    given = not lines.attrs.get("absent") or stated(budget, "procurement_total", "procurement") is not None
    by_category = procurement_by(budget, "category")
    split = dict(zip(by_category["key"].astype(str), by_category["amount"], strict=True))
    parts = {
        name: (float("nan") if by_category.attrs.get("absent") else float(split.get(key, 0.0)))
        for name, key in STATED_CATEGORIES
    }
    return {"total": float(concentration["total"]) if given else float("nan"), **parts}
