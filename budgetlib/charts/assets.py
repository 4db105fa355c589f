"""The asset mix: each category's computed share, and the gap to the share the statement states."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, MaxNLocator

from budgetlib.charts.framework import (
    STATED_DECIMALS,
    TICK_STEPS,
    Chart,
    Values,
    _bar_labels,
    _chart,
    _fit_to_labels,
    _names,
    _value_axis,
    _wrap_titles,
    registered,
)
from budgetlib.charts.layout import font_points
from budgetlib.charts.reshape import largest_first
from budgetlib.charts.theme import HIGHLIGHT, PALETTE, Size, chart_context
from budgetlib.words import formatting
from budgetlib.words.wording import Lang, check_lang, say


def _asset_mix_values(mix: pd.DataFrame, lang: Lang) -> Values:
    """The asset mix chart's wording and values: the largest category and the stated shares' gaps."""
    mix = largest_first(mix)
    names = _names(mix, "category", lang)
    gaps = mix["difference_pp"]
    stated = gaps.notna().any()
    values = {
        "date": pd.Timestamp(mix.attrs["as_of_date"]) if mix.attrs.get("as_of_date") else None,
        "top": names[0] if names else "",
        "top_share": mix["share_pct"].iloc[0] if len(mix) else float("nan"),
        "stated": bool(stated),
        "largest_gap": float(gaps.abs().max()) if stated else 0.0,
        "differing": int((gaps.abs() >= 0.005).sum()),
    }
    return "asset_mix", values


@registered(_asset_mix_values)
def asset_mix_bars(mix: pd.DataFrame, *, lang: Lang = "zh", size: Size = "slide") -> Chart:
    """Fixed assets by category (computed shares), and beside them the gap between the
    stated and the computed share in percentage points, where the statement states one."""
    lang = check_lang(lang)
    with chart_context(size):
        name, values = _asset_mix_values(mix, lang)
        mix = largest_first(mix)
        names = _names(mix, "category", lang)
        gaps = mix["difference_pp"]
        stated = values["stated"]
        layout = {"columns": 2, "width_ratios": [3, 2]} if stated else {}
        chart, axes = _chart(mix, lang, size, name, values, **layout)
        colours = [HIGHLIGHT] + [PALETTE["muted"]] * (len(mix) - 1)
        bars = axes[0].barh(names, mix["share_pct"], color=colours, height=0.6)
        texts = [
            say("chart.value_and_share", lang, value=formatting.amount(a), share=s, decimals=STATED_DECIMALS)
            for a, s in zip(mix["amount"], mix["share_pct"], strict=True)
        ]
        labels = _bar_labels(axes[0], bars, texts)
        axes[0].invert_yaxis()
        axes[0].set_title(say("chart.asset_mix.computed", lang), loc="left", fontsize="medium")
        _value_axis(axes[0], "x", percent=True)
        _fit_to_labels(chart.figure, axes[0], labels, "x")
        if stated:
            _gap_dots(chart.figure, axes[1], names, gaps, lang)
        _wrap_titles(chart.figure, axes)
        return chart


def _gap_dots(figure: Figure, axes: Axes, names: list[str], gaps: pd.Series, lang: Lang) -> None:
    """A dot per category at its stated-minus-computed gap, in percentage points, around zero."""
    y = np.arange(len(names))
    shown = gaps.fillna(0.0).to_numpy()
    axes.axvline(0, color=PALETTE["dark_grey"], linewidth=1)
    axes.hlines(y, 0, shown, color=PALETTE["muted"], linewidth=2)
    axes.scatter(shown, y, color=PALETTE["black"], s=2.5 * font_points("medium") ** 2 / 10, zorder=3)
    step = MaxNLocator(nbins=2, steps=TICK_STEPS).tick_values(0, max(float(np.abs(shown).max()), 0.01))[-1]
    axes.set_xlim(-2 * step, 2 * step)
    axes.set_ylim(len(names) - 0.5, -0.5)
    for position, gap, value in zip(y, gaps, shown, strict=True):
        text = formatting.pp(gap) if not pd.isna(gap) else formatting.MISSING
        side = 1 if value >= 0 else -1
        axes.annotate(
            text,
            (value, position),
            xytext=(12 * side, 0),
            textcoords="offset points",
            ha="left" if side > 0 else "right",
            va="center",
            fontsize="small",
        )
    axes.set_yticks(y, [""] * len(names))
    axes.set_title(say("chart.asset_mix.gap", lang), loc="left", fontsize="medium")
    _value_axis(axes, "x")
    axes.xaxis.set_major_locator(FixedLocator([-step, 0, step]))
