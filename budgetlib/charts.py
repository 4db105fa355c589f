"""Briefing-ready charts: one function per chart, an analysis frame in, a :class:`Chart` out.

Every chart states its finding in its title, computed from the data (so a fall reads as
a fall), says what, when and in which unit in its subtitle, and cites its source at the
bottom; the finding is also returned, for alt text and slide titles, and :func:`finding`
computes it without drawing the chart. Every function takes ``lang`` ("zh" or "en") and
``size`` ("slide", 16:9, or "document", A4 text width). Names of things come from the
frame's ``_zh``/``_en`` columns, the unit and source from its ``attrs`` (see
:mod:`budgetlib.analysis`), the words from :mod:`budgetlib.wording` and the numbers from
:mod:`budgetlib.formatting`. Each chart's wording name and the values its wording is
filled with come from one private function (``_<chart>_values``), which both the chart
and :func:`finding` use.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, Formatter, MaxNLocator

from budgetlib import formatting
from budgetlib.analysis import HHI_HIGH, HHI_MODERATE, hhi, hhi_band
from budgetlib.layout import font_points, framed_figure, shorten, wrap
from budgetlib.theme import HIGHLIGHT, PALETTE, Size, chart_context, text_colour_on
from budgetlib.wording import Lang, check_lang, say

INLINE_DPI = 144  # inline PNGs: twice the pixels of their shown width, sharp on high-density screens
STATED_DECIMALS = 2  # shares set beside the statement's, which it prints with two decimals
TICK_STEPS = [1, 2, 2.5, 5, 10]  # ticks at round numbers: 0, 10, 20 rather than 0, 8, 16
LABEL_BOX = {"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none"}  # hides gridlines


@dataclass(frozen=True)
class Chart:
    """A drawn chart and the sentence that states its finding (its title, alt text, slide title)."""

    figure: Figure
    finding: str
    saved_png: bytes | None = field(default=None, repr=False)  # the PNG file written of it, if any

    def png(self, dpi: int = INLINE_DPI) -> bytes:
        """The chart as PNG bytes."""
        stream = io.BytesIO()
        self.figure.savefig(stream, format="png", dpi=dpi, metadata={"Software": None})
        return stream.getvalue()

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> tuple[dict, dict]:
        """Shown in a notebook as a PNG whose alt text is the finding: the PNG file written of
        it where there is one (sharper in print, and not drawn again), else drawn for the screen."""
        width = round(self.figure.get_figwidth() * 72)
        png = self.saved_png or self.png()
        data = {"image/png": base64.b64encode(png).decode("ascii"), "text/plain": self.finding}
        return data, {"image/png": {"alt": self.finding, "width": width}}


def _words(frame: pd.DataFrame, lang: Lang) -> dict[str, Any]:
    """What every template may use: the amount unit and the source, from the frame's metadata."""
    source = frame.attrs.get(f"source_{lang}")
    if not source:
        raise ValueError("the frame carries no source; make it with a budgetlib.analysis function")
    return {"unit": frame.attrs.get(f"unit_{lang}", ""), "source": source}


Values = tuple[str, dict[str, Any]]  # a chart's wording name and the values its wording is filled with


@dataclass(frozen=True)
class ChartTexts:
    """A chart's words as its figure shows them: the title (the finding), the subtitle (what,
    when, unit) and the source line."""

    title: str
    subtitle: str
    source: str


def _texts(frame: pd.DataFrame, lang: Lang, name: str, values: dict[str, Any]) -> ChartTexts:
    """The words of chart ``name``: the wording ``chart.<name>.*`` filled with ``values``."""
    values = {**_words(frame, lang), **values}
    return ChartTexts(
        title=say(f"chart.{name}.title", lang, **values),
        subtitle=say(f"chart.{name}.subtitle", lang, **values),
        source=say("chart.source", lang, **values),
    )


def _chart(
    frame: pd.DataFrame, lang: Lang, size: Size, name: str, values: dict[str, Any], **layout: Any
) -> tuple[Chart, list[Axes]]:
    """The framed figure of chart ``name``: its title (the finding), subtitle, note and source
    from the wording ``chart.<name>.*`` filled with ``values``."""
    words = _texts(frame, lang, name, values)
    note = say(f"chart.{name}.note", lang, **{**_words(frame, lang), **values}) if values.get("with_note") else None
    figure, axes = framed_figure(
        size, title=words.title, subtitle=words.subtitle, source=words.source, note=note or None, **layout
    )
    return Chart(figure, words.title), axes


def _names(frame: pd.DataFrame, column: str, lang: Lang) -> list[str]:
    return frame[f"{column}_{lang}"].astype(str).tolist()


class NumberFormatter(Formatter):
    """Tick labels in the project's number format, with as many decimals as the ticks need."""

    def __init__(self, suffix: str = "") -> None:
        self.suffix = suffix
        self.decimals = 0

    def set_locs(self, locs: Sequence[float]) -> None:
        super().set_locs(locs)
        self.decimals = next((d for d in range(4) if all(abs(round(v, d) - v) < 1e-9 for v in locs)), 3)

    def __call__(self, value: float, position: int | None = None) -> str:
        return formatting.number(value, self.decimals) + self.suffix


def _value_axis(axes: Axes, axis: str, *, percent: bool = False, integer: bool = False) -> None:
    """Gridlines along the value axis only, light and behind the data; the other axis bare."""
    axes.set_axisbelow(True)
    axes.grid(axis=axis, color=PALETTE["grid"], linewidth=0.8)
    value_axis = axes.xaxis if axis == "x" else axes.yaxis
    value_axis.set_major_locator(MaxNLocator(nbins=5, min_n_ticks=3, integer=integer, steps=TICK_STEPS))
    value_axis.set_major_formatter(NumberFormatter("%" if percent else ""))
    axes.tick_params(axis="both", length=0)
    for side in ("top", "right", "left" if axis == "x" else "bottom"):
        axes.spines[side].set_visible(False)


def _wrap_titles(figure: Figure, axes_list: Sequence[Axes]) -> None:
    """Wrap each plot area's title to the plot area's width, once the layout has placed it."""
    figure.draw_without_rendering()
    points = font_points("medium")
    for axes in axes_list:
        width = axes.get_window_extent().width * 72 / figure.dpi
        axes.set_title(wrap(axes.get_title(loc="left"), points, width), loc="left", fontsize=points)


def _fit_to_labels(figure: Figure, axes: Axes, labels: Sequence[Any], axis: str, *, low: float = 0.0) -> None:
    """Extend the value axis (which starts at ``low``) just far enough that every label fits."""
    for _ in range(3):
        figure.draw_without_rendering()
        box = axes.get_window_extent()
        ends = [label.get_window_extent() for label in labels if label.get_text()]
        if not ends:
            return
        if axis == "x":
            reach, limit, span = max(e.x1 for e in ends), box.x1, box.width
            lo, hi = axes.get_xlim()
        else:
            reach, limit, span = max(e.y1 for e in ends), box.y1, box.height
            lo, hi = axes.get_ylim()
        if reach <= limit - 2:
            return
        grow = (reach - limit + 6) / span * (hi - lo)
        (axes.set_xlim if axis == "x" else axes.set_ylim)(low, hi + grow)


def _bar_labels(axes: Axes, bars: Any, texts: list[str], *, inside: bool = False) -> list[Any]:
    """Value labels at the bar ends (on a white box, so no gridline strikes through a number),
    or centred inside the bars in the colour that reads best on each."""
    if inside:
        labels = axes.bar_label(bars, labels=texts, label_type="center", fontsize="small")
        for label, bar in zip(labels, bars, strict=True):
            label.set_color(text_colour_on(bar.get_facecolor()))
        return labels
    return axes.bar_label(bars, labels=texts, padding=4, fontsize="small", bbox=LABEL_BOX)


def _changes(values: pd.Series) -> list[str]:
    return [formatting.amount(v, signed=True) for v in values]


def parts_and_total(yoy: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """The rows of the parts of spending, and the row of the total."""
    kinds = yoy["spending_type"].astype(str)
    return yoy[kinds != "total"], yoy[kinds == "total"].iloc[0]


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
    }
    return "year_over_year", values


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


def growth_bridge(yoy: pd.DataFrame, *, lang: Lang = "zh", size: Size = "slide") -> Chart:
    """A waterfall from the base year's total to the latest year's, through each part's change."""
    lang = check_lang(lang)
    with chart_context(size):
        name, values = _growth_bridge_values(yoy, lang)
        parts, total = parts_and_total(yoy)
        base, year = values["base"], values["year"]
        chart, (axes,) = _chart(yoy, lang, size, name, values)
        steps = [total["amount_base"], *parts["change"], total["amount"]]
        names = [
            say("chart.total_in", lang, year=base),
            *_names(parts, "spending_type", lang),
            say("chart.total_in", lang, year=year),
        ]
        visible = 0.012 * max(total["amount_base"], total["amount"])  # the least height a step is drawn with
        level, bottoms, heights, colours = total["amount_base"], [0.0], [total["amount_base"]], [PALETTE["sky"]]
        for change in parts["change"]:
            height = max(abs(change), visible)
            bottoms.append(level if change >= 0 else level + change)
            heights.append(height)
            colours.append(PALETTE["green"] if change >= 0 else HIGHLIGHT)
            level += change
        bottoms.append(0.0)
        heights.append(total["amount"])
        colours.append(PALETTE["blue"])
        x = np.arange(len(steps))
        bars = axes.bar(x, heights, bottom=bottoms, color=colours, width=0.6)
        levels = np.cumsum([total["amount_base"], *parts["change"]])
        for i, level in enumerate(levels):  # connectors: where one step ends, the next begins
            axes.plot([i + 0.3, i + 0.7], [level, level], color=PALETTE["dark_grey"], linewidth=1, linestyle=":")
        texts = [formatting.amount(steps[0]), *_changes(parts["change"]), formatting.amount(steps[-1])]
        labels = _bar_labels(axes, bars, texts)
        axes.set_xticks(x, names)
        _value_axis(axes, "y")
        _fit_to_labels(chart.figure, axes, labels, "y")
        return chart


def split_shares(split: pd.DataFrame, lang: Lang) -> tuple[list[Any], pd.DataFrame, pd.Series]:
    """The years in order, each kind of spending's share of each year (kinds by years), and the kinds' names."""
    years = sorted(split["year"].unique())
    shares = split.pivot_table(index="spending_type", columns="year", values="share_pct", observed=True)
    names = split.drop_duplicates("spending_type").set_index("spending_type")[f"spending_type_{lang}"]
    return years, shares, names


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
            _bar_labels(axes, bars, texts, inside=True)
            left += row
        axes.set_xlim(0, 100)
        axes.invert_yaxis()
        _value_axis(axes, "x", percent=True)
        return chart


def line_names(lines: pd.DataFrame, lang: Lang) -> list[str]:
    """Procurement lines by their project, with the item where a project has several lines."""
    projects, items = lines[f"project_{lang}"].astype(str), lines[f"item_{lang}"].astype(str)
    several = projects.duplicated(keep=False)
    repeated = (projects + items).duplicated(keep=False)
    quantities = [formatting.number(q, 0 if float(q).is_integer() else 2) for q in lines["quantity"]]
    return [
        say("chart.line_name", lang, project=p, item=i if s else None, quantity=q if r else None, measure=m)
        for p, i, q, m, s, r in zip(
            projects, items, quantities, lines[f"measure_unit_{lang}"], several, repeated, strict=True
        )
    ]


MAX_BARS = 6  # more lines than this and the smallest are grouped into one bar


def _sorted_bars(
    axes: Axes,
    chart: Chart,
    names: list[str],
    amounts: Sequence[float],
    shares: Sequence[float],
    lang: Lang,
    *,
    number: Callable[[float], str] = formatting.amount,
) -> None:
    """Horizontal bars largest on top, the largest highlighted, each named on a line above
    its bar (so long names need no wrapping) and labelled with its amount and share."""
    points = font_points("small")
    room = 0.9 * chart.figure.get_figwidth() * 72
    y = np.arange(len(names))
    colours = [HIGHLIGHT] + [PALETTE["muted"]] * (len(names) - 1)
    bars = axes.barh(y, amounts, color=colours, height=0.42)
    for position, name in zip(y, names, strict=True):
        axes.text(
            0, position - 0.27, shorten(name, points, room), ha="left", va="bottom", fontsize=points, bbox=LABEL_BOX
        )
    texts = [say("chart.value_and_share", lang, value=number(a), share=s) for a, s in zip(amounts, shares, strict=True)]
    labels = _bar_labels(axes, bars, texts)
    axes.set_yticks([])
    axes.set_ylim(len(names) - 0.6, -0.95)
    _value_axis(axes, "x")
    _fit_to_labels(chart.figure, axes, labels, "x")


def line_bars(lines: pd.DataFrame, lang: Lang) -> tuple[list[str], list[float], list[float]]:
    """The bars' names, amounts and shares: the lines largest first, the smallest grouped into
    one bar when there are more than :data:`MAX_BARS`."""
    names, amounts, shares = line_names(lines, lang), lines["amount"].tolist(), lines["share_pct"].tolist()
    if len(lines) > MAX_BARS:
        keep = MAX_BARS - 1
        rest = len(lines) - keep
        names = [*names[:keep], say("chart.other_lines", lang, lines=rest)]
        amounts = [*amounts[:keep], sum(amounts[keep:])]
        shares = [*shares[:keep], sum(shares[keep:])]
    return names, amounts, shares


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


def procurement_by_bars(grouped: pd.DataFrame, *, lang: Lang = "zh", size: Size = "slide") -> Chart:
    """Procurement by category, unit or project (from ``analysis.procurement_by``), largest on top."""
    lang = check_lang(lang)
    with chart_context(size):
        name, values = _procurement_by_values(grouped, lang)
        chart, (axes,) = _chart(grouped, lang, size, name, values)
        names = _names(grouped, "name", lang)
        _sorted_bars(axes, chart, names, grouped["amount"].tolist(), grouped["share_pct"].tolist(), lang)
        return chart


def _largest_first(mix: pd.DataFrame) -> pd.DataFrame:
    """The asset categories, the largest computed share first."""
    return mix.sort_values("share_pct", ascending=False, ignore_index=True)


def _asset_mix_values(mix: pd.DataFrame, lang: Lang) -> Values:
    """The asset mix chart's wording and values: the largest category and the stated shares' gaps."""
    mix = _largest_first(mix)
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


def asset_mix_bars(mix: pd.DataFrame, *, lang: Lang = "zh", size: Size = "slide") -> Chart:
    """Fixed assets by category (computed shares), and beside them the gap between the
    stated and the computed share in percentage points, where the statement states one."""
    lang = check_lang(lang)
    with chart_context(size):
        name, values = _asset_mix_values(mix, lang)
        mix = _largest_first(mix)
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


def indicator_mix_bars(mix: pd.DataFrame, *, lang: Lang = "zh", size: Size = "slide") -> Chart:
    """Project indicators by level-2 indicator, most common first (from ``performance.indicator_mix``);
    the table-by-table counts are a table for the page, not a chart."""
    lang = check_lang(lang)
    with chart_context(size):
        name, values = _indicator_mix_values(mix, lang)
        totals, shares = _indicator_totals(mix, lang)
        chart, (axes,) = _chart(mix, lang, size, name, values)
        _sorted_bars(
            axes, chart, [str(n) for n in totals.index], totals.tolist(), shares, lang, number=formatting.count
        )
        axes.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True, steps=TICK_STEPS))
        return chart


def threshold_counts(distribution: pd.DataFrame) -> pd.DataFrame:
    """Indicators per percentage target value (rows, ascending) and scope (columns: project, department)."""
    counts = distribution.pivot_table(
        index="target_value", columns="scope", values="indicators", aggfunc="sum", fill_value=0
    ).sort_index()
    return counts.reindex(columns=[c for c in ("project", "department") if c in counts.columns])


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


TABLE_COLUMNS = ("goal", "table", "indicator", "department_target", "project_target", "differs")
TABLE_WIDTHS = (0.30, 0.07, 0.30, 0.11, 0.11, 0.11)


def consistency_rows(differences: pd.DataFrame, lang: Lang) -> tuple[list[str], list[list[str]]]:
    """The department-vs-project disagreements as header and rows of text in ``lang``,
    for the page's table and the figure's alike."""
    header = [say(f"table.consistency.{c}", lang) for c in TABLE_COLUMNS]
    rows = [
        [
            str(row[f"goal_{lang}"]),
            str(row["table_no"]),
            str(row[f"project_indicator_{lang}"]),
            str(row["department_target"]),
            str(row["project_target"]),
            say("table.consistency.differs_in", lang, parts=row["differs_in"].split(", ")),
        ]
        for _, row in differences.iterrows()
    ]
    return header, rows


def _consistency_table_values(differences: pd.DataFrame, lang: Lang) -> Values:
    """The consistency table's wording and values: how many disagreements, under how many goals."""
    goals = differences["goal_no"].nunique() if len(differences) else 0
    return "department_vs_project", {"differences": len(differences), "goals": goals}


def consistency_table(differences: pd.DataFrame, *, lang: Lang = "zh", size: Size = "slide") -> Chart:
    """The department-vs-project disagreements as a figure of a table, each cell's text
    wrapped by its measured width, the font as large as lets every row fit."""
    lang = check_lang(lang)
    with chart_context(size):
        name, values = _consistency_table_values(differences, lang)
        chart, (axes,) = _chart(differences, lang, size, name, values)
        axes.axis("off")
        header, rows = consistency_rows(differences, lang)
        rows = rows or [[formatting.MISSING] * len(TABLE_COLUMNS)]
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


_CHART_VALUES: dict[Callable[..., Chart], Callable[[pd.DataFrame, Lang], Values]] = {
    year_over_year_bars: _year_over_year_values,
    growth_bridge: _growth_bridge_values,
    spending_split_bars: _spending_split_values,
    procurement_lines_bars: _procurement_lines_values,
    procurement_by_bars: _procurement_by_values,
    asset_mix_bars: _asset_mix_values,
    indicator_mix_bars: _indicator_mix_values,
    threshold_bars: _threshold_bars_values,
    consistency_table: _consistency_table_values,
}  # each chart function → the function that computes its wording name and values


def texts(chart: Callable[..., Chart], frame: pd.DataFrame, lang: Lang) -> ChartTexts:
    """The title (the finding), subtitle and source line of ``chart`` (a chart function of this
    module) drawn from ``frame``, as its figure shows them, computed without drawing: for
    slides and other places that need the words but not the figure.

    >>> from budgetlib import analysis, load
    >>> texts(growth_bridge, analysis.year_over_year(load()), "en").subtitle
    'Change in total spending from 2019 to 2020, by part, 10,000 yuan'
    """
    lang = check_lang(lang)
    values_of = _CHART_VALUES.get(chart)
    if values_of is None:
        known = ", ".join(f.__name__ for f in _CHART_VALUES)
        raise ValueError(f"{chart!r} is not a chart function of budgetlib.charts; texts() takes one of {known}")
    return _texts(frame, lang, *values_of(frame, lang))


def finding(chart: Callable[..., Chart], frame: pd.DataFrame, lang: Lang) -> str:
    """The sentence that states the finding of ``chart`` drawn from ``frame``: the same as its
    title and its :attr:`Chart.finding` (see :func:`texts`).

    >>> from budgetlib import analysis, load
    >>> finding(growth_bridge, analysis.year_over_year(load()), "en")
    'Total spending rose 29.0%: basic spending up 199.18, project spending down 5.39'
    """
    return texts(chart, frame, lang).title
