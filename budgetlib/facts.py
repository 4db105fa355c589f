"""The headline figures of a budget, computed from its tables.

Amounts are in 万元 and percentages in percent, both rounded to two decimals at the
end, never before. Keys that carry a year name the years found in the data.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from budgetlib.load import Budget


def share_pct(part: float, whole: float) -> float | None:
    """``part`` as a percentage of ``whole``; None when the whole is zero.

    >>> share_pct(160, 170.62)
    93.77564...
    >>> share_pct(1, 0) is None
    True
    """
    return None if whole == 0 else 100 * part / whole


def hhi(amounts: pd.Series) -> float | None:
    """Herfindahl–Hirschman index of ``amounts``: the sum of squared percentage shares.

    10,000 when one item holds everything; 10,000 / n for n equal items.

    >>> hhi(pd.Series([50.0, 50.0]))
    5000.0
    """
    total = amounts.sum()
    if total == 0:
        return None
    return float(((100 * amounts / total) ** 2).sum())


def _round(value: float | None) -> float | None:
    return None if value is None or pd.isna(value) else round(float(value), 2)


def facts(budget: Budget) -> dict[str, Any]:
    """The headline figures as one JSON-ready dict.

    >>> from budgetlib import load
    >>> f = facts(load())
    >>> f["total_2020"], f["total_change"], f["total_change_pct"]
    (861.04, 193.79, 29.04)
    """
    overview = budget.budget_overview
    indexed = overview.set_index(["year", overview["spending_type"].astype(str)])["amount_10k_cny"]

    def amount(y: int, kind: str) -> float:
        return float(indexed.get((y, kind), float("nan")))

    years = sorted(overview["year"].unique())
    base, year = int(years[0]), int(years[-1])
    department = budget.descriptor.get("department", {})

    lines = budget.procurement_lines
    procurement_total = lines["amount_10k_cny"].sum()
    top = lines.loc[lines["amount_10k_cny"].idxmax()] if len(lines) else None

    assets = budget.asset_categories
    assets_total = assets["value_10k_cny"].sum()

    result: dict[str, Any] = {
        "unit": budget.descriptor.get("amountUnit", "万元"),
        "department": department.get("name_zh"),
        "department_en": department.get("name_en"),
        "fiscal_year": year,
    }
    for y in (base, year):
        for kind in ("total", "basic", "project"):
            result[f"{kind}_{y}"] = _round(amount(y, kind))
    change = amount(year, "total") - amount(base, "total")
    result["total_change"] = _round(change)
    result["total_change_pct"] = _round(share_pct(change, amount(base, "total")))
    for y in (base, year):
        result[f"basic_share_{y}_pct"] = _round(share_pct(amount(y, "basic"), amount(y, "total")))
    result.update(
        {
            "procurement_total": _round(procurement_total),
            "procurement_top_item": None if top is None else top["project_zh"],
            "procurement_top_item_en": None if top is None else top["project_en"],
            "procurement_top_amount": None if top is None else _round(top["amount_10k_cny"]),
            "procurement_top_share_pct": None
            if top is None
            else _round(share_pct(top["amount_10k_cny"], procurement_total)),
            "procurement_hhi": _round(hhi(lines["amount_10k_cny"])),
            "assets_total": _round(assets_total),
            "asset_mix": [
                {
                    "category": row.category_zh,
                    "category_en": row.category_en,
                    "amount": _round(row.value_10k_cny),
                    "share_pct": _round(share_pct(row.value_10k_cny, assets_total)),
                    "stated_share_pct": _round(row.stated_share_pct),
                }
                for row in assets.itertuples(index=False)
            ],
            "project_target_tables": len(budget.project_target_tables),
            "project_indicators": len(budget.project_indicators),
            "department_indicators": len(budget.department_indicators),
        }
    )
    return result
