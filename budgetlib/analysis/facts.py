"""The headline figures of a budget, computed from its tables by the analyses.

Amounts are in 万元 and percentages in percent, both rounded to two decimals at the
end, never before. Keys that carry a year name the years found in the data.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from budgetlib.analysis.assets import asset_mix
from budgetlib.analysis.procurement import procurement_concentration, procurement_lines
from budgetlib.analysis.spending import spending_split, year_over_year
from budgetlib.datapackage import Budget


def _round(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else round(float(value), 2)


def facts(budget: Budget) -> dict[str, Any]:
    """The headline figures as one JSON-ready dict.

    >>> from budgetlib import load
    >>> f = facts(load())
    >>> f["total_2020"], f["total_change"], f["total_change_pct"]
    (861.04, 193.79, 29.04)
    """
    yoy = year_over_year(budget).set_index("spending_type")
    base, year = int(yoy["base_year"].iloc[0]), int(yoy["year"].iloc[0])
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
    }
    for y, column in ((base, "amount_base"), (year, "amount")):
        for kind in ("total", "basic", "project"):
            result[f"{kind}_{y}"] = _round(yoy[column].get(kind))
    result["total_change"] = _round(yoy.loc["total", "change"])
    result["total_change_pct"] = _round(yoy.loc["total", "change_pct"])
    basic = split[split["spending_type"] == "basic"].set_index("year")["share_pct"]
    for y in (base, year):
        result[f"basic_share_{y}_pct"] = _round(basic.get(y))
    result.update(
        {
            "procurement_total": _round(concentration["total"]),
            "procurement_top_item": None if top is None else top["project_zh"],
            "procurement_top_item_en": None if top is None else top["project_en"],
            "procurement_top_amount": _round(concentration["top_line_amount"]) if top is not None else None,
            "procurement_top_share_pct": _round(concentration["top1_share_pct"]),
            "procurement_hhi": _round(concentration["hhi"]),
            "assets_total": _round(mix["amount"].sum()),
            "asset_mix": [
                {
                    "category": row.category_zh,
                    "category_en": row.category_en,
                    "amount": _round(row.amount),
                    "share_pct": _round(row.share_pct),
                    "stated_share_pct": _round(row.stated_share_pct),
                }
                for row in mix.itertuples(index=False)
            ],
            "project_target_tables": len(budget.project_target_tables),
            "project_indicators": len(budget.project_indicators),
            "department_indicators": len(budget.department_indicators),
        }
    )
    return result
