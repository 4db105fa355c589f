"""What one statement says of another: each change a later statement states on the previous year, set
against the two statements' published figures, as a named :class:`~budgetlib.checks.audit.Check`.

The check passes when the stated change and the difference of the published figures agree within
rounding (:mod:`budgetlib.analysis.collection.years`). Beyond rounding it is a warning: the earlier
budget may have been adjusted during its year, or the change is stated on the year's outturn
(预算执行数), which no budget statement prints, so a difference is for a person to look into, not proof
of an error. It fails only where the two statements contradict each other: the change is stated on
the previous year's budget, the very figure the earlier statement prints, and points the other way
(an increase where the published figures fell, or a fall where they rose).
"""

from __future__ import annotations

import pandas as pd

from budgetlib.checks.audit import Check, Status
from budgetlib.words.formatting import amount, pct
from budgetlib.words.wording import say


def cross_statement_status(comparison: pd.Series) -> Status:
    """pass within rounding; fail where a change stated on the budget points against the published
    figures; warn otherwise."""
    if comparison["agrees"]:
        return "pass"
    if comparison["opposite"] and comparison["compared_with"] == "budget":
        return "fail"
    return "warn"


def cross_statement_checks(comparisons: pd.DataFrame) -> list[Check]:
    """One check per stated change of :func:`~budgetlib.analysis.collection.years.comparisons`, in its
    order: expected the published change, found the stated one (万元, or percent where stated so)."""
    checks = []
    for _, row in comparisons.iterrows():
        if row["in_percent"]:
            expected, found = pct(row["published_pct"], signed=True), pct(row["stated_pct"], signed=True)
        else:
            expected, found = amount(row["published_change"], signed=True), amount(row["stated_change"], signed=True)
        in_percent = bool(row["in_percent"])
        values = {
            "department_zh": row["department_zh"],
            "department_en": row["department_en"],
            "measure_zh": say(f"collection.measure.{row['measure']}", "zh"),
            "measure_en": say(f"collection.measure.{row['measure']}", "en"),
            "base": int(row["base_year"]),
            "year": int(row["year"]),
            "compared_with": row["compared_with"],
            "compared_with_zh": row["compared_with_zh"],
            "earlier": float(row["earlier"]),
            "later": float(row["later"]),
            "published": float(row["published_pct"] if in_percent else row["published_change"]),
            "stated": float(row["stated_pct"] if in_percent else row["stated_change"]),
            "decimals": int(row["decimals"]),
            "in_percent": in_percent,
        }
        name = f"across.{row['package']}.{row['stated_as']}.{int(row['base_year'])}"
        checks.append(Check(name, "collection.across_statements", cross_statement_status(row), expected, found, values))
    return checks
