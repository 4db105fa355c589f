"""Spending charts: both years side by side, the growth bridge, the basic/project split."""

from __future__ import annotations

import numpy as np
import pandas as pd

from budgetlib.charts.framework import (
    LABEL_BOX,
    Chart,
    Values,
    _bar_labels,
    _chart,
    _fit_to_labels,
    _names,
    _value_axis,
    absent_from,
    registered,
)
from budgetlib.charts.layout import font_points
from budgetlib.charts.reshape import parts_and_total, split_shares, waterfall
from budgetlib.charts.theme import HIGHLIGHT, PALETTE, Size, chart_context
from budgetlib.words import formatting
from budgetlib.words.wording import Lang, check_lang, say


def _changes(values: pd.Series) -> list[str]:
    return [formatting.amount(v, signed=True) for v in values]


def _year_over_year_values(yoy: pd.DataFrame, lang: Lang) -> Values:
    """The year-over-year chart's wording and values: both years' totals and the change."""
    _, total = parts_and_total(yoy)
    values = {
        "base": int(total["base_year"]),
        "year": int(total["year"]),
        "total_base": total["amount_base"],
        "total": total["amount"],
        "change": total["change"],
        "change_pct": total["change_pct"],
        "with_note": bool(yoy.attrs.get("derived_base")),
        "compared_with": yoy.attrs.get("compared_with_zh", ""),
        "compared": yoy.attrs.get("compared_with", "budget"),
    }
    return "year_over_year", values


@registered(_year_over_year_values)
def year_over_year_bars(yoy: pd.DataFrame, *, lang: Lang = "zh", size: Size = "slide") -> Chart:
    """Basic, project and total spending, base year beside latest year (from ``analysis.year_over_year``)."""
    lang = check_lang(lang)
    with chart_context(size):
        name, values = _year_over_year_values(yoy, lang)
        base, year = values["base"], values["year"]
        chart, (axes,) = _chart(yoy, lang, size, name, values)
        x = np.arange(len(yoy))
        width = 0.38
        labels = []
        for offset, column, colour in (
            (-width / 2, "amount_base", PALETTE["sky"]),
            (width / 2, "amount", PALETTE["blue"]),
        ):
            bars = axes.bar(x + offset, yoy[column], width * 0.92, color=colour)
            labels += _bar_labels(axes, bars, [formatting.amount(v) for v in yoy[column]])
        years = [say("chart.year_label", lang, year=y) for y in (base, year)]
        axes.set_xticks([*(x - width / 2), *(x + width / 2)], [years[0]] * len(x) + [years[1]] * len(x))
        groups = axes.secondary_xaxis("bottom")
        groups.set_xticks(x, _names(yoy, "spending_type", lang))
        groups.tick_params(length=0, pad=font_points("medium") * 2)
        groups.spines["bottom"].set_visible(False)
        _value_axis(axes, "y")
        _fit_to_labels(chart.figure, axes, labels, "y")
        return chart


def _growth_bridge_values(yoy: pd.DataFrame, lang: Lang) -> Values:
    """The growth bridge's wording and values: the total's change and each part's, the largest
    and whether the parts moved in opposite directions."""
    parts, total = parts_and_total(yoy)
    directions = {formatting.direction(c) for c in parts["change"]}
    part_values = [
        {"name": name, "change": change, "contribution_pct": share}
        for name, change, share in zip(
            _names(parts, "spending_type", lang), parts["change"], parts["contribution_pct"], strict=True
        )
    ]
    values = {
        "base": int(total["base_year"]),
        "year": int(total["year"]),
        "change": total["change"],
        "change_pct": total["change_pct"],
        "parts": part_values,
        "largest": max(part_values, key=lambda p: abs(p["change"])) if part_values else None,
        "opposite": {"up", "down"} <= directions,
    }
    return "growth_bridge", values


def _without_parts(yoy: pd.DataFrame) -> str | None:
    """A bridge needs each part's change: none where the statement states the total's only."""
    if absent_from(yoy):
        return absent_from(yoy)
    return "parts_change" if parts_and_total(yoy)[0].empty else None


@registered(_growth_bridge_values, missing=_without_parts)
def growth_bridge(yoy: pd.DataFrame, *, lang: Lang = "zh", size: Size = "slide") -> Chart:
    """A waterfall from the base year's total to the latest year's, through each part's change."""
    lang = check_lang(lang)
    with chart_context(size):
        name, values = _growth_bridge_values(yoy, lang)
        chart, (axes,) = _chart(yoy, lang, size, name, values)
        bridge = waterfall(yoy, lang)
        visible = 0.012 * max(bridge.base_total, bridge.total)  # the least height a step is drawn with
        heights = [bridge.base_total, *(max(abs(c), visible) for c in bridge.changes), bridge.total]
        colours = [
            PALETTE["sky"],
            *(PALETTE["green"] if c >= 0 else HIGHLIGHT for c in bridge.changes),
            PALETTE["blue"],
        ]
        x = np.arange(len(heights))
        bars = axes.bar(x, heights, bottom=bridge.bottoms, color=colours, width=0.6)
        for i, level in enumerate(bridge.levels):  # connectors: where one step ends, the next begins
            axes.plot([i + 0.3, i + 0.7], [level, level], color=PALETTE["dark_grey"], linewidth=1, linestyle=":")
        texts = [formatting.amount(bridge.base_total), *_changes(bridge.changes), formatting.amount(bridge.total)]
        labels = _bar_labels(axes, bars, texts)
        axes.set_xticks(x, bridge.names)
        _value_axis(axes, "y")
        _fit_to_labels(chart.figure, axes, labels, "y")
        return chart


def _spending_split_values(split: pd.DataFrame, lang: Lang) -> Values:
    """The spending split's wording and values: the first kind's share in the first and last year."""
    years, shares, names = split_shares(split, lang)
    first = shares.index[0]
    values = {
        "base": years[0],
        "year": years[-1],
        "name": names[first],
        "share_base": shares.loc[first, years[0]],
        "share": shares.loc[first, years[-1]],
        "change_pp": shares.loc[first, years[-1]] - shares.loc[first, years[0]],
    }
    return "spending_split", values


NARROW_SHARE = 15.0  # percent of the bar under which a part's label does not fit inside it


@registered(_spending_split_values)
def spending_split_bars(split: pd.DataFrame, *, lang: Lang = "zh", size: Size = "slide") -> Chart:
    """Basic and project spending as shares of each year's total, one bar of 100% per year."""
    lang = check_lang(lang)
    with chart_context(size):
        name, values = _spending_split_values(split, lang)
        years, shares, names = split_shares(split, lang)
        chart, (axes,) = _chart(split, lang, size, name, values)
        year_labels = [say("chart.year_label", lang, year=y) for y in years]
        left = np.zeros(len(years))
        colours = [PALETTE["blue"], PALETTE["muted"], PALETTE["sky"]]
        for colour, kind in zip(colours, shares.index, strict=False):
            row = shares.loc[kind, years].to_numpy()
            bars = axes.barh(year_labels, row, left=left, color=colour, height=0.6)
            texts = [say("chart.name_and_share", lang, name=names[kind], share=s) for s in row]
            narrow = [s < NARROW_SHARE for s in row]  # too narrow to hold its label: the label sits above it
            _bar_labels(axes, bars, [t if not n else "" for t, n in zip(texts, narrow, strict=True)], inside=True)
            for bar, text, is_narrow in zip(bars, texts, narrow, strict=True):
                if is_narrow:
                    axes.annotate(text, (bar.get_x(), bar.get_y()), xytext=(0, 3), textcoords="offset points",
                                  ha="left", va="bottom", fontsize="small", bbox=LABEL_BOX)  # fmt: skip
            left += row
        axes.set_xlim(0, 100)
        axes.invert_yaxis()
        _value_axis(axes, "x", percent=True)
        return chart
