"""Briefing-ready charts: one function per chart, an analysis frame in, a :class:`Chart` out.

Every function takes ``lang`` ("zh" or "en") and ``size`` ("slide", 16:9, or "document", A4
text width); :func:`texts` and :func:`finding` give a chart's words without drawing it;
:func:`save_chart` draws a chart at both sizes and writes it in every format.
"""

from budgetlib.charts.assets import asset_mix_bars
from budgetlib.charts.collection import gaps_dots, ranking_bars, years_small_multiples
from budgetlib.charts.export import save_chart, save_figure, save_table
from budgetlib.charts.framework import REGISTRY, Chart, ChartTexts, Missing, finding, registered, texts
from budgetlib.charts.national import earmarked_bars, economic_mix_bars, function_spending_bars
from budgetlib.charts.procurement import procurement_by_bars, procurement_lines_bars
from budgetlib.charts.reshape import consistency_rows
from budgetlib.charts.spending import growth_bridge, spending_split_bars, year_over_year_bars
from budgetlib.charts.targets import consistency_table, indicator_mix_bars, threshold_bars

__all__ = [
    "REGISTRY",
    "Chart",
    "ChartTexts",
    "Missing",
    "asset_mix_bars",
    "consistency_rows",
    "consistency_table",
    "earmarked_bars",
    "economic_mix_bars",
    "finding",
    "function_spending_bars",
    "gaps_dots",
    "growth_bridge",
    "indicator_mix_bars",
    "procurement_by_bars",
    "procurement_lines_bars",
    "ranking_bars",
    "registered",
    "save_chart",
    "save_figure",
    "save_table",
    "spending_split_bars",
    "texts",
    "threshold_bars",
    "year_over_year_bars",
    "years_small_multiples",
]
