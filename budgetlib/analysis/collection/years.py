"""Across years, one department at a time: its measures' series from the published figures, and beside
them what a later statement says of the earlier year.

A department is its name as published and the kind of budget (a 部门预算 and a 单位预算 of the same
name are two series). A statement's stated change (比上年增加/减少 X万元, 持平) on a measure is set against
the difference of the two statements' published figures of it; it agrees when they differ by no more
than rounding: half a unit of the last digit the change is printed with, plus a cent (0.01 万元) for
the two figures the statement may have subtracted as it prints them, rounded to two decimals. A change
stated as a percentage is set against the published change in percent, within half its last printed
digit plus what a cent of each figure moves it. Amounts in 万元.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from budgetlib.analysis.collection.panel import Part

DEPARTMENT = ["department_zh", "budget_kind"]  # what names one department's series
ROUNDED = 0.01  # 万元: the two published figures, each as the notes print it (two decimals), half a cent off
SERIES_MEASURES = ("total", "basic", "project", "three_public", "operating_costs", "procurement")
COMPARISON_COLUMNS = [
    "department_zh", "department_en", "budget_kind", "package", "base_package", "measure", "stated_as",
    "base_year", "year", "earlier", "later", "published_change", "stated_change", "published_pct", "stated_pct",
    "stated_base", "base_printed", "gap", "gap_amount", "tolerance", "decimals", "in_percent", "compared_with",
    "compared_with_zh", "agrees", "opposite", "sentence_zh",
]  # fmt: skip


def series(statements: pd.DataFrame, measures: Sequence[str] = SERIES_MEASURES) -> pd.DataFrame:
    """Each department's ``measures`` by year, oldest first, with the change on the department's
    previous statement in the collection: ``department_zh``, ``department_en``, ``budget_kind``,
    ``measure``, ``fiscal_year``, ``package``, ``amount``, ``base_year``, ``amount_base``, ``change``
    and ``change_pct`` (NaN for a department's first statement, or where a figure is missing)."""
    long = statements.melt(
        id_vars=[*DEPARTMENT, "department_en", "fiscal_year", "package"],
        value_vars=list(measures),
        var_name="measure",
        value_name="amount",
    )
    long = long.sort_values([*DEPARTMENT, "measure", "fiscal_year"], kind="stable", ignore_index=True)
    earlier = long.groupby([*DEPARTMENT, "measure"], sort=False)[["fiscal_year", "amount"]].shift(1)
    long["base_year"] = earlier["fiscal_year"].astype("Int64")
    long["amount_base"] = earlier["amount"].astype(float)
    long["change"] = long["amount"] - long["amount_base"]
    long["change_pct"] = 100 * long["change"] / long["amount_base"].where(long["amount_base"] != 0)
    columns = ["department_zh", "department_en", "budget_kind", "measure", "fiscal_year", "package", "amount",
               "base_year", "amount_base", "change", "change_pct"]  # fmt: skip
    return long[columns]


def with_years(statements: pd.DataFrame) -> pd.DataFrame:
    """The statements of departments that have more than one year in the collection."""
    years = statements.groupby(DEPARTMENT)["fiscal_year"].transform("nunique")
    return statements[years > 1]


def comparisons(part: Part) -> pd.DataFrame:
    """Each change a statement states on a measure of the panel, beside the difference of the published
    figures of the two years (``COMPARISON_COLUMNS``), where the collection holds the department's
    statement of the base year and both give the figure: ``earlier`` and ``later`` (published),
    ``published_change`` and ``stated_change`` (or, for a change stated as a percentage, ``published_pct``
    and ``stated_pct``, with ``in_percent``), ``stated_base`` (the base year's figure as the later
    statement prints it, ``base_printed``, or as its change implies it), ``gap`` (stated − published),
    ``gap_amount`` (the gap in 万元, for a change stated in percent too), ``tolerance``, ``decimals`` (of the
    stated change), ``agrees`` (the gap within the tolerance) and ``opposite`` (the stated direction against the
    published one, beyond rounding)."""
    statements = part.statements.set_index("package", drop=False)
    rows = []
    for change in part.changes.itertuples(index=False):
        later = statements.loc[change.package]
        same = statements[
            (statements["department_zh"] == later["department_zh"])
            & (statements["budget_kind"] == later["budget_kind"])
            & (statements["fiscal_year"] == change.base_year)
        ]
        if same.empty:
            continue
        earlier = same.iloc[0]
        row = _compared(change, earlier, later)
        if row is not None:
            rows.append(row)
    return pd.DataFrame(rows, columns=COMPARISON_COLUMNS)


def _compared(change: object, earlier: pd.Series, later: pd.Series) -> dict[str, object] | None:
    """One stated change against the two statements' figures; None where either figure is missing."""
    before, after = earlier[change.measure], later[change.measure]
    if pd.isna(before) or pd.isna(after):
        return None
    published = after - before
    published_pct = 100 * published / before if before else float("nan")
    digit = 0.5 * 10 ** -int(change.decimals)
    in_percent = pd.isna(change.change)
    if in_percent:
        if pd.isna(published_pct):
            return None
        stated, measured = change.change_pct, published_pct
        tolerance = digit + 100 * ROUNDED / abs(before)
        implied = after / (1 + change.change_pct / 100) if change.change_pct != -100 else float("nan")
    else:
        stated, measured, tolerance = change.change, published, digit + ROUNDED
        implied = after - change.change
    printed = not pd.isna(change.base_amount)
    gap = stated - measured
    moved = 0 if abs(measured) <= tolerance else (1 if measured > 0 else -1)
    said = 0 if stated == 0 else (1 if stated > 0 else -1)
    return {
        "department_zh": later["department_zh"], "department_en": later["department_en"],
        "budget_kind": later["budget_kind"], "package": later["package"], "base_package": earlier["package"],
        "measure": change.measure, "stated_as": change.stated_as, "base_year": int(change.base_year),
        "year": int(change.year), "earlier": before, "later": after, "published_change": published,
        "stated_change": change.change, "published_pct": published_pct, "stated_pct": change.change_pct,
        "stated_base": change.base_amount if printed else implied, "base_printed": printed, "gap": gap,
        "gap_amount": (before * change.change_pct / 100 if in_percent else change.change) - published,
        "tolerance": tolerance, "decimals": int(change.decimals), "in_percent": in_percent,
        "compared_with": change.compared_with, "compared_with_zh": change.compared_with_zh,
        "agrees": abs(gap) <= tolerance + 1e-9,
        "opposite": said * moved < 0, "sentence_zh": change.sentence_zh,
    }  # fmt: skip
