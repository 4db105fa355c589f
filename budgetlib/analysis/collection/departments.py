"""Across departments in one year: shares and ratios of each statement's measures, ranked, and the
spending by function of each, with the department's name as published.

The ratios (:data:`RATIOS`) are of the panel's measures: basic spending's share of the total, personnel
costs' share of basic spending (as the 一般公共预算基本支出表 splits it), the three public expenses per
万元 of spending (in 元), procurement's share of spending. A statement that does not give a figure is
left out of a ranking, and named in ``attrs["missing"]``.
"""

from __future__ import annotations

import pandas as pd

from budgetlib.analysis.collection.years import DEPARTMENT

# ratio → (the part, the whole, the scale): value = scale × part / whole
RATIOS: dict[str, tuple[str, tuple[str, ...], float]] = {
    "basic_share_pct": ("basic", ("total",), 100.0),
    "personnel_share_pct": ("personnel", ("personnel", "public"), 100.0),
    "three_public_per_10k": ("three_public", ("total",), 10_000.0),  # 万元 per 万元 × 10,000: 元 per 万元
    "procurement_share_pct": ("procurement", ("total",), 100.0),
}
RANKING_COLUMNS = ["rank", "department_zh", "department_en", "budget_kind", "fiscal_year", "package", "value"]


def chosen_year(statements: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """The statements of ``year``; without one, each department's latest."""
    if year is not None:
        return statements[statements["fiscal_year"] == year]
    latest = statements.sort_values("fiscal_year", kind="stable").groupby(DEPARTMENT, sort=False).tail(1)
    return statements.loc[statements.index.isin(latest.index)]


def ratio(statements: pd.DataFrame, name: str) -> pd.Series:
    """The ratio ``name`` of :data:`RATIOS` for each statement; NaN where a figure is missing or the whole is 0."""
    part, whole, scale = RATIOS[name]
    denominator = statements[list(whole)].sum(axis=1, min_count=len(whole))
    return scale * statements[part] / denominator.where(denominator != 0)


def ranking(statements: pd.DataFrame, name: str, year: int | None = None) -> pd.DataFrame:
    """The departments ranked by the ratio ``name`` (largest first, ties in the collection's order):
    ``RANKING_COLUMNS``; of ``year``, or each department's latest statement. ``attrs``: ``ratio``,
    ``year`` (or None), ``span`` (the first and last year ranked), ``missing`` (the departments
    without the figure), ``ranked`` (how many were ranked)."""
    chosen = chosen_year(statements, year)
    values = ratio(chosen, name)
    frame = chosen.assign(value=values)
    missing = frame.loc[frame["value"].isna(), "department_zh"].tolist()
    frame = frame.dropna(subset=["value"]).sort_values("value", ascending=False, kind="stable", ignore_index=True)
    frame.insert(0, "rank", range(1, len(frame) + 1))
    frame = frame[RANKING_COLUMNS]
    years = (int(frame["fiscal_year"].min()), int(frame["fiscal_year"].max())) if len(frame) else (None, None)
    frame.attrs.update(ratio=name, year=year, span=years, missing=missing, ranked=len(frame))
    return frame


def function_shares(statements: pd.DataFrame, functions: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """Each department's spending by functional class (类) in ``year`` (or its latest statement): the
    department, ``code``, names, ``total`` (万元) and ``share_pct`` of its spending, largest first within
    each department; none for a statement that prints no 支出总表."""
    chosen = chosen_year(statements, year)[["package", "department_zh", "department_en", "fiscal_year"]]
    frame = chosen.merge(functions, on="package", how="inner", sort=False)
    return frame[["department_zh", "department_en", "fiscal_year", "package", "code", "name_zh", "name_en", "total",
                  "share_pct"]].reset_index(drop=True)  # fmt: skip
