"""Performance-target charts: the indicator mix, the target values set, and the department-vs-project
disagreements as a figure of a table.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from budgetlib.charts.framework import (
    LABEL_BOX,
    TICK_STEPS,
    Chart,
    Values,
    _chart,
    _fit_to_labels,
    _sorted_bars,
    _value_axis,
    registered,
)
from budgetlib.charts.layout import font_points, wrap
from budgetlib.charts.reshape import (
    TABLE_COLUMNS,
    TABLE_WIDTHS,
    consistency_rows,
    largest_and_rest,
    rows_shown,
    threshold_counts,
)
from budgetlib.charts.theme import PALETTE, Size, chart_context
from budgetlib.words import formatting
from budgetlib.words.wording import Lang, check_lang, say


def _indicator_totals(mix: pd.DataFrame, lang: Lang) -> tuple[pd.Series, list[float]]:
    """Indicators per level-2 indicator, most common first, and each one's share of all in percent."""
    totals = (
        mix.groupby(f"level2_{lang}", observed=True)["indicators"].sum().sort_values(ascending=False, kind="stable")
    )
    total = int(totals.sum())
    shares = (100 * totals / total).tolist() if total else [float("nan")] * len(totals)
    return totals, shares


def _indicator_mix_values(mix: pd.DataFrame, lang: Lang) -> Values:
    """The indicator mix chart's wording and values: the most common level-2 indicator."""
    totals, shares = _indicator_totals(mix, lang)
    values = {
        "tables": mix["table_no"].nunique(),
        "indicators": int(totals.sum()),
        "top": str(totals.index[0]) if len(totals) else "",
        "top_count": int(totals.iloc[0]) if len(totals) else 0,
        "top_share": shares[0] if shares else float("nan"),
    }
    return "indicator_mix", values


@registered(_indicator_mix_values)
def indicator_mix_bars(mix: pd.DataFrame, *, lang: Lang = "zh", size: Size = "slide") -> Chart:
    """Project indicators by level-2 indicator, most common first (from ``performance.indicator_mix``);
    the table-by-table counts are a table for the page, not a chart."""
    lang = check_lang(lang)
    with chart_context(size):
        name, values = _indicator_mix_values(mix, lang)
        totals, shares = _indicator_totals(mix, lang)
        chart, (axes,) = _chart(mix, lang, size, name, values)
        bars = largest_and_rest([str(n) for n in totals.index], totals.tolist(), shares, "chart.others", lang)
        _sorted_bars(axes, chart, *bars, lang, number=formatting.count)
        axes.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True, steps=TICK_STEPS))
        return chart


def _threshold_bars_values(distribution: pd.DataFrame, lang: Lang) -> Values:
    """The threshold chart's wording and values: the most often set target value."""
    totals = threshold_counts(distribution).sum(axis=1)
    values = {
        "indicators": int(totals.sum()),
        "top_value": formatting.number(totals.idxmax(), 0) + "%" if len(totals) else "",
        "top_count": int(totals.max()) if len(totals) else 0,
        "top_share": 100 * totals.max() / totals.sum() if totals.sum() else float("nan"),
        "values": len(totals),
    }
    return "threshold_distribution", values


@registered(_threshold_bars_values)
def threshold_bars(distribution: pd.DataFrame, *, lang: Lang = "zh", size: Size = "slide") -> Chart:
    """How often each percentage target value is set, project tables and department goals stacked.
    One bar per value: "100%" and "≥100%" are the same value, told apart in the note."""
    lang = check_lang(lang)
    with chart_context(size):
        name, values = _threshold_bars_values(distribution, lang)
        counts = threshold_counts(distribution)
        totals = counts.sum(axis=1)
        chart, (axes,) = _chart(distribution, lang, size, name, values)
        x = np.arange(len(counts))
        bottom = np.zeros(len(counts))
        for scope, colour in (("project", PALETTE["blue"]), ("department", PALETTE["orange"])):
            if scope not in counts.columns:
                continue
            heights = counts[scope].to_numpy()
            axes.bar(x, heights, bottom=bottom, color=colour, width=0.62, label=say(f"chart.scope_{scope}", lang))
            bottom += heights
        labels = axes.bar_label(
            axes.containers[-1],
            labels=[formatting.count(t) for t in totals],
            padding=4,
            fontsize="small",
            bbox=LABEL_BOX,
        )
        axes.set_xticks(x, [formatting.number(v, 0) + "%" for v in counts.index])
        axes.legend(loc="upper left", frameon=False, fontsize="small")
        _value_axis(axes, "y")
        axes.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=5, steps=TICK_STEPS))
        _fit_to_labels(chart.figure, axes, [*labels, *axes.get_legend().get_texts()], "y")
        return chart


def _consistency_table_values(differences: pd.DataFrame, lang: Lang) -> Values:
    """The consistency table's wording and values: how many disagreements, under how many goals."""
    goals = differences["goal_no"].nunique() if len(differences) else 0
    return "department_vs_project", {"differences": len(differences), "goals": goals}


@registered(_consistency_table_values)
def consistency_table(differences: pd.DataFrame, *, lang: Lang = "zh", size: Size = "slide") -> Chart:
    """The department-vs-project disagreements as a figure of a table, each cell's text
    wrapped by its measured width, the font as large as lets every row fit."""
    lang = check_lang(lang)
    with chart_context(size):
        name, values = _consistency_table_values(differences, lang)
        chart, (axes,) = _chart(differences, lang, size, name, values)
        axes.axis("off")
        header, rows = consistency_rows(differences, lang)
        rows = rows_shown(rows, lang) or [[formatting.MISSING] * len(TABLE_COLUMNS)]
        chart.figure.draw_without_rendering()
        box = axes.get_window_extent()
        width_pt, height_pt = box.width * 72 / chart.figure.dpi, box.height * 72 / chart.figure.dpi
        points = font_points("small")
        while True:
            cells = [
                [wrap(text, points, TABLE_WIDTHS[i] * width_pt * 0.8 - 2) for i, text in enumerate(row)]
                for row in [header, *rows]
            ]
            lines = [max(cell.count("\n") + 1 for cell in row) for row in cells]
            if sum(lines) * points * 1.55 <= height_pt or points <= 5:
                break
            points *= 0.92
        table = axes.table(
            cellText=cells[1:], colLabels=cells[0], colWidths=TABLE_WIDTHS, bbox=(0, 0, 1, 1), cellLoc="left"
        )
        table.auto_set_font_size(False)
        table.set_fontsize(points)
        for (row, _), cell in table.get_celld().items():
            cell.set_height(lines[row])
            cell.set_edgecolor(PALETTE["muted"])
            cell.set_linewidth(0.6)
            cell.PAD = 0.1
            if row == 0:
                cell.set_facecolor("#E8EEF4")
        return chart
