"""Procurement charts: the lines largest first, and the groups by category, unit or project."""

from __future__ import annotations

import pandas as pd

from budgetlib.analysis.common import HHI_HIGH, HHI_MODERATE, hhi, hhi_band
from budgetlib.charts.framework import (
    Chart,
    Values,
    _chart,
    _names,
    _sorted_bars,
    registered,
)
from budgetlib.charts.reshape import largest_and_rest, line_bars
from budgetlib.charts.theme import Size, chart_context
from budgetlib.words.wording import Lang, check_lang


def _procurement_lines_values(lines: pd.DataFrame, lang: Lang) -> Values:
    """The procurement lines chart's wording and values: the largest bar's share and the concentration."""
    names, _, shares = line_bars(lines, lang)
    index = hhi(lines["amount"])
    values = {
        "year": lines.attrs.get("fiscal_year", ""),
        "lines": len(lines),
        "top": names[0] if names else "",
        "top_share": shares[0] if shares else float("nan"),
        "total": float(lines["amount"].sum()),
        "hhi": index,
        "band": hhi_band(index),
        "moderate": HHI_MODERATE,
        "high": HHI_HIGH,
        "with_note": True,
    }
    return "procurement_lines", values


@registered(_procurement_lines_values)
def procurement_lines_bars(lines: pd.DataFrame, *, lang: Lang = "zh", size: Size = "slide") -> Chart:
    """Procurement lines largest first, the largest highlighted, the smallest grouped when there are many."""
    lang = check_lang(lang)
    with chart_context(size):
        name, values = _procurement_lines_values(lines, lang)
        chart, (axes,) = _chart(lines, lang, size, name, values)
        _sorted_bars(axes, chart, *line_bars(lines, lang), lang)
        return chart


def _procurement_by_values(grouped: pd.DataFrame, lang: Lang) -> Values:
    """The wording (by category, unit or project) and values of a procurement-by chart: the largest group."""
    by = grouped.attrs.get("by", "category")
    names = _names(grouped, "name", lang)
    values = {
        "by": by,
        "year": grouped.attrs.get("fiscal_year", ""),
        "top": names[0] if names else "",
        "top_share": grouped["share_pct"].iloc[0] if len(grouped) else float("nan"),
        "groups": len(grouped),
    }
    return f"procurement_by_{by}", values


@registered(_procurement_by_values)
def procurement_by_bars(grouped: pd.DataFrame, *, lang: Lang = "zh", size: Size = "slide") -> Chart:
    """Procurement by category, unit or project (from ``analysis.procurement_by``), largest on top."""
    lang = check_lang(lang)
    with chart_context(size):
        name, values = _procurement_by_values(grouped, lang)
        chart, (axes,) = _chart(grouped, lang, size, name, values)
        bars = largest_and_rest(
            _names(grouped, "name", lang),
            grouped["amount"].tolist(),
            grouped["share_pct"].tolist(),
            "chart.others",
            lang,
        )
        _sorted_bars(axes, chart, *bars, lang)
        return chart
