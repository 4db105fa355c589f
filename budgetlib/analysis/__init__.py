"""The analyses behind the notebooks: tables in, tidy DataFrames out, by topic.

Amounts are in the package's unit, shares and changes in percent, never rounded here
(round when showing). Each frame carries the data package's source, department names and
unit in ``frame.attrs`` (see :func:`source_attrs`), so a chart drawn from it can cite it.
"""

from budgetlib.analysis.assets import asset_mix, vehicles_and_vehicle_expenses
from budgetlib.analysis.common import HHI_HIGH, HHI_MODERATE, hhi, hhi_band, share_pct, source_attrs, with_source
from budgetlib.analysis.facts import facts, headline
from budgetlib.analysis.measures import fiscal_year, spending, stated_total_change
from budgetlib.analysis.national import (
    earmarked,
    economic_classes,
    economic_mix,
    function_spending,
    in_display_unit,
    income_sources,
    printed_rows,
)
from budgetlib.analysis.performance import (
    indicator_mix,
    indicators,
    project_budgets,
    target_kind,
    target_kinds,
    threshold_distribution,
)
from budgetlib.analysis.procurement import procurement_by, procurement_concentration, procurement_lines
from budgetlib.analysis.spending import earmarked_spending, spending_split, year_over_year

__all__ = [
    "HHI_HIGH",
    "HHI_MODERATE",
    "asset_mix",
    "earmarked",
    "earmarked_spending",
    "economic_classes",
    "economic_mix",
    "facts",
    "fiscal_year",
    "function_spending",
    "headline",
    "hhi",
    "hhi_band",
    "in_display_unit",
    "income_sources",
    "indicator_mix",
    "indicators",
    "printed_rows",
    "procurement_by",
    "procurement_concentration",
    "procurement_lines",
    "project_budgets",
    "share_pct",
    "source_attrs",
    "spending",
    "spending_split",
    "stated_total_change",
    "target_kind",
    "target_kinds",
    "threshold_distribution",
    "vehicles_and_vehicle_expenses",
    "with_source",
    "year_over_year",
]
