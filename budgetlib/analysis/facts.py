"""The headline figures of a budget, computed from its tables by the analyses.

:func:`headline` gives them exact, for pages, tiles and slides to round once, with the one
formatter, as they show them; :func:`facts` rounds them to two decimals for the command line and
JSON. Amounts are in the package's unit, percentages in percent. Keys that carry a year name the
years found in the data.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from budgetlib.analysis.assets import asset_mix
from budgetlib.analysis.measures import fiscal_year, spending
from budgetlib.analysis.procurement import procurement_concentration, procurement_lines
from budgetlib.analysis.spending import earmarked_spending, spending_split, year_over_year
from budgetlib.datapackage import Budget


def _round(value: Any) -> Any:
    """A figure rounded to two decimals (None when missing), a list of figures each rounded; text as it is."""
    if isinstance(value, list):
        return [{key: _round(item) for key, item in entry.items()} for entry in value]
    if isinstance(value, str | int) or value is None:
        return value
    return None if pd.isna(value) else round(float(value), 2)


def facts(budget: Budget) -> dict[str, Any]:
    """The headline figures as one JSON-ready dict, each figure rounded to two decimals.

    >>> from budgetlib import load
    >>> f = facts(load())
    >>> f["total_2020"], f["total_change"], f["total_change_pct"]
    (861.04, 193.79, 29.04)
    """
    return {key: _round(value) for key, value in headline(budget).items()}


def _exact(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def headline(budget: Budget) -> dict[str, Any]:
    """The headline figures, exact: the keys of :func:`facts`, nothing rounded. Either form of
    statement gives the same keys; what a statement does not give is None.

    >>> from budgetlib import load
    >>> f = headline(load())
    >>> round(f["basic_share_2020_pct"], 4), f["procurement_top_item"]
    (61.1749, '危险化学品及重大危险源企业安全评审')
    """
    yoy = year_over_year(budget)
    year = fiscal_year(budget)
    base = int(yoy["base_year"].iloc[0]) if len(yoy) else year - 1
    yoy = yoy.set_index(yoy["spending_type"].astype(str))
    split = spending_split(budget)
    lines = procurement_lines(budget)
    concentration = procurement_concentration(budget)
    mix = asset_mix(budget)
    department = budget.descriptor.get("department", {})
    top = lines.iloc[0] if len(lines) else None

    result: dict[str, Any] = {
        "unit": budget.descriptor.get("amountUnit", "万元"),
        "department": department.get("name_zh"),
        "department_en": department.get("name_en"),
        "fiscal_year": year,
        "base_year": base,
        "base_year_derived": bool(yoy.attrs.get("derived_base", False)),
    }
    for y, column in ((base, "amount_base"), (year, "amount")):
        for kind in ("total", "basic", "project"):
            value = yoy[column].get(kind) if column in yoy else None
            if value is None and y == year:
                value = spending(budget, year, kind)
            result[f"{kind}_{y}"] = _exact(value)
    result["total_change"] = _exact(yoy["change"].get("total")) if "change" in yoy else None
    result["total_change_pct"] = _exact(yoy["change_pct"].get("total")) if "change_pct" in yoy else None
    basic = split[split["spending_type"].astype(str) == "basic"].set_index("year")["share_pct"]
    for y in (base, year):
        result[f"basic_share_{y}_pct"] = _exact(basic.get(y))
    operating = earmarked_spending(budget)
    items = operating.set_index(operating["item"].astype(str))["amount"] if len(operating) else pd.Series(dtype=float)
    result.update(
        {
            "procurement_total": _exact(concentration["total"]) if concentration["total"] or top is not None else None,
            "procurement_top_item": None if top is None else top["project_zh"],
            "procurement_top_item_en": None if top is None else top["project_en"],
            "procurement_top_amount": _exact(concentration["top_line_amount"]) if top is not None else None,
            "procurement_top_share_pct": _exact(concentration["top1_share_pct"]),
            "procurement_hhi": _exact(concentration["hhi"]),
            "operating_costs": _exact(items.get("operating_costs")),
            "three_public": _exact(items.drop("operating_costs", errors="ignore").sum()) if len(items) else None,
            "assets_total": _exact(mix["amount"].sum()) if len(mix) else None,
            "asset_mix": [
                {
                    "category": row.category_zh,
                    "category_en": row.category_en,
                    "amount": _exact(row.amount),
                    "share_pct": _exact(row.share_pct),
                    "stated_share_pct": _exact(row.stated_share_pct),
                }
                for row in mix.itertuples(index=False)
            ],
            "project_target_tables": len(budget.project_target_tables) if budget.has("project_target_tables") else None,
            "project_indicators": len(budget.project_indicators) if budget.has("project_indicators") else None,
            "department_indicators": len(budget.department_indicators) if budget.has("department_indicators") else None,
        }
    )
    return result
