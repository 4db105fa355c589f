"""Briefing-ready charts: one function per chart, an analysis frame in, a Figure out.

Every function takes ``lang`` ("zh" or "en"), which switches every title, label, legend
and source line, and ``size`` ("slide", 16:9, or "document", A4 text width). Names of
things (spending types, projects, units, categories) come from the frame's ``_zh`` and
``_en`` columns; the source line comes from the frame's ``attrs`` (see
:mod:`budgetlib.analysis`). Only the chart wording below is written here.
"""

from __future__ import annotations

import textwrap
from typing import Literal

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.ticker import FuncFormatter, PercentFormatter

from budgetlib.theme import PALETTE, SIZES, Size, chart_context

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

TEXT: dict[str, dict[str, str]] = {
    "source": {"zh": "来源：{source}", "en": "Source: {source}"},
    "amount_axis": {"zh": "金额（万元）", "en": "Amount (10,000 CNY)"},
    "share_axis": {"zh": "占比（%）", "en": "Share (%)"},
    "cumulative": {"zh": "累计占比", "en": "Cumulative share"},
    "yoy_title": {"zh": "预算支出：{base}年与{year}年", "en": "Budgeted spending, {base} and {year}"},
    "bridge_title": {
        "zh": "总支出增加{change}，基本支出贡献{basic_share}",
        "en": "Spending grew by {change}; basic spending contributed {basic_share}",
    },
    "total_in": {"zh": "{year}年合计", "en": "Total {year}"},
    "split_title": {
        "zh": "基本支出与项目支出占总支出的比重",
        "en": "Basic and project spending as shares of the total",
    },
    "year_label": {"zh": "{year}年", "en": "{year}"},
    "pareto_title": {
        "zh": "政府采购高度集中：最大一项占{share}",
        "en": "Procurement is concentrated: the largest line is {share}",
    },
    "pareto_axis": {"zh": "采购明细（按金额排序）", "en": "Procurement lines, largest first"},
    "top_line": {"zh": "{name}\n{amount}，占{share}", "en": "{name}\n{amount}, {share} of the total"},
    "by_category_title": {"zh": "政府采购按品目类别", "en": "Procurement by catalogue category"},
    "by_unit_title": {"zh": "政府采购按预算单位", "en": "Procurement by budget unit"},
    "by_project_title": {"zh": "政府采购按项目", "en": "Procurement by project"},
    "asset_title": {"zh": "固定资产构成（{date}）", "en": "Fixed assets by category ({date})"},
    "computed_share": {"zh": "按金额计算的占比", "en": "Share computed from the values"},
    "stated_share": {"zh": "文中所列占比", "en": "Share as stated"},
    "stated_note": {"zh": "（文中：{share}）", "en": " (stated: {share})"},
    "mix_title": {
        "zh": "各项目绩效指标的构成（按二级指标）",
        "en": "Indicators of each project table, by level-2 indicator",
    },
    "indicators_axis": {"zh": "指标个数", "en": "Indicators"},
    "threshold_title": {"zh": "百分比目标值的分布", "en": "Percentage targets and how often each is set"},
    "threshold_axis": {"zh": "目标值", "en": "Target"},
    "scope_project": {"zh": "项目绩效目标表", "en": "Project tables"},
    "scope_department": {"zh": "部门整体绩效目标", "en": "Department goals"},
    "consistency_title": {
        "zh": "部门整体目标与项目绩效目标表不一致之处",
        "en": "Where the department goals and the project tables disagree",
    },
    "col_goal": {"zh": "部门分项目标", "en": "Department goal"},
    "col_indicator": {"zh": "指标（项目表）", "en": "Indicator (project table)"},
    "col_department_target": {"zh": "部门目标值", "en": "Department target"},
    "col_project_target": {"zh": "项目目标值", "en": "Project target"},
    "col_table": {"zh": "项目表", "en": "Table"},
    "col_differs": {"zh": "差异", "en": "Differs in"},
    "differs_value": {"zh": "数值", "en": "value"},
    "differs_operator": {"zh": "比较符", "en": "operator"},
    "differs_unit": {"zh": "单位", "en": "unit"},
}


def text(key: str, lang: Lang, **values: object) -> str:
    """The chart wording ``key`` in ``lang``, filled with ``values``.

    >>> text("year_label", "zh", year=2020), text("year_label", "en", year=2020)
    ('2020年', '2020')
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    return TEXT[key][lang].format(**values)


def amount_label(value: float, lang: Lang, *, signed: bool = False, stacked: bool = False) -> str:
    """An amount in 万元 as a value label with its unit (on a second line if ``stacked``).

    >>> amount_label(193.79, "zh", signed=True), amount_label(-5.39, "en", signed=True)
    ('+193.79万元', '−5.39 (10k CNY)')
    >>> print(amount_label(327.56, "en", stacked=True))
    327.56
    10k CNY
    """
    number = (f"{value:+.2f}" if signed else f"{value:.2f}").replace("-", "−")
    unit = "万元" if lang == "zh" else "10k CNY"
    if stacked:
        return f"{number}\n{unit}"
    return f"{number}{unit}" if lang == "zh" else f"{number} ({unit})"


def pct_label(value: float) -> str:
    """A percentage as a value label.

    >>> pct_label(93.7756)
    '93.78%'
    """
    return f"{value:.2f}%"


def _name(frame: pd.DataFrame, column: str, lang: Lang) -> pd.Series:
    return frame[f"{column}_{lang}"].astype(str)


def _figure(size: Size) -> tuple[Figure, Axes]:
    figure = Figure(figsize=SIZES[size], layout="constrained")
    return figure, figure.add_subplot()


def _finish(figure: Figure, frame: pd.DataFrame, lang: Lang, title: str) -> Figure:
    """Title the chart (wrapped to the figure's width) and add the source line from the frame's metadata."""
    source = frame.attrs.get(f"source_{lang}")
    if not source:
        raise ValueError("the frame carries no source; make it with a budgetlib.analysis function")
    figure.suptitle(_wrap(title, lang, _fits(figure, "x-large")), x=0.01, ha="left", fontsize="x-large")
    source_line = _wrap(text("source", lang, source=source), lang, _fits(figure, "small"))
    figure.supxlabel(source_line, x=0.01, ha="left", fontsize="small", color=PALETTE["grey"])
    return figure


def _fits(figure: Figure, fontsize: str) -> int:
    """How many Chinese characters at ``fontsize`` fit across the figure (one em each)."""
    points = FontProperties(size=fontsize).get_size_in_points()
    return int(0.95 * figure.get_figwidth() * 72 / points)


def _wrap(label: str, lang: Lang, width: int) -> str:
    """Wrap to ``width`` Chinese characters: by character for Chinese, by word for English
    (an English letter is a little over half an em)."""
    if lang == "zh":
        return "\n".join(label[i : i + width] for i in range(0, len(label), width))
    return textwrap.fill(label, width=int(width * 1.8), break_long_words=False)


def _shorten(label: str, lang: Lang, width: int) -> str:
    """The first line of ``label`` wrapped to ``width``, with an ellipsis if anything was cut."""
    lines = _wrap(label, lang, width).splitlines()
    return lines[0] + ("…" if len(lines) > 1 else "")


def year_over_year_bars(yoy: pd.DataFrame, *, lang: Lang = "zh", size: Size = "slide") -> Figure:
    """Basic, project and total spending, base year beside latest year (from ``analysis.year_over_year``)."""
    with chart_context(size):
        figure, axes = _figure(size)
        base, year = int(yoy["base_year"].iloc[0]), int(yoy["year"].iloc[0])
        x = np.arange(len(yoy))
        width = 0.38
        for offset, column, shown_year, colour in (
            (-width / 2, "amount_base", base, PALETTE["sky"]),
            (width / 2, "amount", year, PALETTE["blue"]),
        ):
            bars = axes.bar(
                x + offset, yoy[column], width, color=colour, label=text("year_label", lang, year=shown_year)
            )
            labels = [amount_label(v, lang, stacked=True) for v in yoy[column]]
            axes.bar_label(bars, labels=labels, padding=3, fontsize="small")
        axes.set_xticks(x, _name(yoy, "spending_type", lang))
        axes.set_ylabel(text("amount_axis", lang))
        axes.margins(y=0.12)
        axes.legend(loc="upper left")
        return _finish(figure, yoy, lang, text("yoy_title", lang, base=base, year=year))


def growth_bridge(yoy: pd.DataFrame, *, lang: Lang = "zh", size: Size = "slide") -> Figure:
    """A waterfall from the base year's total to the latest year's, through each part's change."""
    with chart_context(size):
        figure, axes = _figure(size)
        parts = yoy[yoy["spending_type"].astype(str) != "total"]
        total = yoy[yoy["spending_type"].astype(str) == "total"].iloc[0]
        base, year = int(total["base_year"]), int(total["year"])
        labels = [
            text("total_in", lang, year=base),
            *_name(parts, "spending_type", lang),
            text("total_in", lang, year=year),
        ]
        bottoms, heights, colours, values = [0.0], [total["amount_base"]], [PALETTE["sky"]], [total["amount_base"]]
        level = total["amount_base"]
        for change in parts["change"]:
            bottoms.append(level if change >= 0 else level + change)
            heights.append(abs(change))
            colours.append(PALETTE["green"] if change >= 0 else PALETTE["vermillion"])
            values.append(change)
            level += change
        bottoms.append(0.0)
        heights.append(total["amount"])
        colours.append(PALETTE["blue"])
        values.append(total["amount"])
        bars = axes.bar(labels, heights, bottom=bottoms, color=colours, width=0.6)
        signed = [False, *([True] * len(parts)), False]
        axes.bar_label(
            bars,
            labels=[amount_label(v, lang, signed=s, stacked=True) for v, s in zip(values, signed, strict=True)],
            padding=3,
            fontsize="small",
        )
        axes.set_ylabel(text("amount_axis", lang))
        axes.margins(y=0.12)
        basic = parts[parts["spending_type"].astype(str) == "basic"]
        basic_share = pct_label(basic["contribution_pct"].iloc[0]) if len(basic) else "—"
        title = text(
            "bridge_title", lang, change=amount_label(total["change"], lang, signed=True), basic_share=basic_share
        )
        return _finish(figure, yoy, lang, title)


def spending_split_bars(split: pd.DataFrame, *, lang: Lang = "zh", size: Size = "slide") -> Figure:
    """Basic and project spending as shares of each year's total, one stacked bar per year."""
    with chart_context(size):
        figure, axes = _figure(size)
        years = sorted(split["year"].unique())
        year_labels = [text("year_label", lang, year=y) for y in years]
        left = np.zeros(len(years))
        colours = [PALETTE["blue"], PALETTE["orange"], PALETTE["green"]]
        for colour, (_, part) in zip(colours, split.groupby("spending_type", observed=True, sort=True), strict=False):
            shares = part.set_index("year").reindex(years)["share_pct"].to_numpy()
            label = _name(part, "spending_type", lang).iloc[0]
            bars = axes.barh(year_labels, shares, left=left, color=colour, label=label, height=0.55)
            axes.bar_label(bars, labels=[pct_label(s) for s in shares], label_type="center", color="white")
            left += shares
        axes.xaxis.set_major_formatter(PercentFormatter())
        axes.set_xlim(0, 100)
        axes.set_xlabel(text("share_axis", lang))
        axes.invert_yaxis()
        figure.legend(loc="outside right upper", frameon=False)
        return _finish(figure, split, lang, text("split_title", lang))


def procurement_pareto(lines: pd.DataFrame, *, lang: Lang = "zh", size: Size = "slide") -> Figure:
    """Procurement lines largest first, with the cumulative share and the top line called out."""
    with chart_context(size):
        figure, axes = _figure(size)
        ranks = lines["rank"].astype(str)
        colours = [PALETTE["vermillion"]] + [PALETTE["blue"]] * (len(lines) - 1)
        axes.bar(ranks, lines["amount"], color=colours)
        axes.set_xlabel(text("pareto_axis", lang))
        axes.set_ylabel(text("amount_axis", lang))
        axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        cumulative = axes.twinx()
        cumulative.plot(ranks, lines["cumulative_share_pct"], color=PALETTE["black"], marker="o", linewidth=1.5)
        cumulative.set_ylim(0, 105)
        cumulative.yaxis.set_major_formatter(PercentFormatter())
        cumulative.set_ylabel(text("cumulative", lang))
        cumulative.grid(False)
        cumulative.spines["right"].set_visible(True)
        if len(lines):
            top = lines.iloc[0]
            name = _wrap(str(top[f"project_{lang}"]), lang, 14)
            label = text(
                "top_line", lang, name=name, amount=amount_label(top["amount"], lang), share=pct_label(top["share_pct"])
            )
            axes.annotate(
                label,
                xy=(0, top["amount"]),
                xytext=(0.35, 0.6),
                textcoords="axes fraction",
                arrowprops={"arrowstyle": "->", "color": PALETTE["grey"]},
                va="center",
            )
        share = pct_label(lines["share_pct"].iloc[0]) if len(lines) else "—"
        return _finish(figure, lines, lang, text("pareto_title", lang, share=share))


def procurement_by_bars(grouped: pd.DataFrame, *, lang: Lang = "zh", size: Size = "slide") -> Figure:
    """Procurement by category, unit or project (from ``analysis.procurement_by``), largest on top."""
    titles = {"category": "by_category_title", "unit": "by_unit_title", "project": "by_project_title"}
    by = grouped.attrs.get("by", "category")
    with chart_context(size):
        figure, axes = _figure(size)
        names = [_wrap(n, lang, 12) for n in _name(grouped, "name", lang)]
        bars = axes.barh(names, grouped["amount"], color=PALETTE["blue"], height=0.6)
        labels = [
            f"{amount_label(a, lang)} ({pct_label(s)})"
            for a, s in zip(grouped["amount"], grouped["share_pct"], strict=True)
        ]
        axes.bar_label(bars, labels=labels, padding=4, fontsize="small")
        axes.invert_yaxis()
        axes.set_xlabel(text("amount_axis", lang))
        axes.margins(x=0.3)
        return _finish(figure, grouped, lang, text(titles[by], lang))


def asset_mix_bars(mix: pd.DataFrame, *, lang: Lang = "zh", size: Size = "slide") -> Figure:
    """Fixed assets by category: the share computed from the values, with the stated share marked."""
    with chart_context(size):
        figure, axes = _figure(size)
        names = _name(mix, "category", lang).tolist()
        axes.barh(names, mix["share_pct"], color=PALETTE["blue"], height=0.55, label=text("computed_share", lang))
        stated = mix["stated_share_pct"]
        axes.scatter(
            stated,
            names,
            marker="D",
            color=PALETTE["orange"],
            edgecolor=PALETTE["black"],
            zorder=3,
            s=60,
            label=text("stated_share", lang),
        )
        for y, row in enumerate(mix.itertuples(index=False)):
            label = f"{amount_label(row.amount, lang)} · {pct_label(row.share_pct)}"
            if not pd.isna(row.stated_share_pct):
                label += text("stated_note", lang, share=pct_label(row.stated_share_pct))
            end = np.nanmax([row.share_pct, row.stated_share_pct])
            axes.annotate(label, (end, y), xytext=(12, 0), textcoords="offset points", va="center", fontsize="small")
        axes.xaxis.set_major_formatter(PercentFormatter())
        axes.set_xlim(0, max(100.0, float(np.nanmax([mix["share_pct"].max(), stated.max()]))))
        axes.set_xlabel(text("share_axis", lang))
        axes.invert_yaxis()
        figure.legend(loc="outside right upper", frameon=False)
        date = mix.attrs.get("as_of_date", "")
        return _finish(figure, mix, lang, text("asset_title", lang, date=date))


def indicator_mix_bars(mix: pd.DataFrame, *, lang: Lang = "zh", size: Size = "slide") -> Figure:
    """Indicators of each project table, stacked by level-2 indicator (from ``performance.indicator_mix``)."""
    with chart_context(size):
        figure, axes = _figure(size)
        names = mix.drop_duplicates("table_no").set_index("table_no")[f"project_{lang}"]
        counts = mix.pivot_table(
            index="table_no", columns=f"level2_{lang}", values="indicators", aggfunc="sum", observed=True
        )
        counts = counts.reindex(
            columns=[c for c in mix[f"level2_{lang}"].cat.categories if c in counts.columns]
        ).fillna(0)
        labels = [f"{number} {_shorten(str(names[number]), lang, 16)}" for number in counts.index]
        left = np.zeros(len(counts))
        colours = [PALETTE[c] for c in ("blue", "orange", "green", "sky", "purple", "vermillion", "yellow", "grey")]
        for colour, level in zip(colours, counts.columns, strict=False):
            axes.barh(labels, counts[level], left=left, color=colour, label=level, height=0.7)
            left += counts[level].to_numpy()
        axes.invert_yaxis()
        axes.set_xlim(0, left.max() * 1.9)  # room on the right for the legend
        axes.set_xlabel(text("indicators_axis", lang))
        axes.tick_params(axis="y", labelsize="x-small")
        axes.legend(loc="lower right", fontsize="small")
        return _finish(figure, mix, lang, text("mix_title", lang))


def threshold_bars(distribution: pd.DataFrame, *, lang: Lang = "zh", size: Size = "slide") -> Figure:
    """How often each percentage target is set, project tables beside department goals."""
    with chart_context(size):
        figure, axes = _figure(size)
        targets = list(dict.fromkeys(distribution["target"]))
        x = np.arange(len(targets))
        width = 0.4
        for offset, scope, colour in (
            (-width / 2, "project", PALETTE["blue"]),
            (width / 2, "department", PALETTE["orange"]),
        ):
            counts = distribution[distribution["scope"] == scope].groupby("target")["indicators"].sum()
            heights = [int(counts.get(t, 0)) for t in targets]
            bars = axes.bar(x + offset, heights, width, color=colour, label=text(f"scope_{scope}", lang))
            axes.bar_label(bars, labels=[str(h) if h else "" for h in heights], padding=2, fontsize="small")
        axes.set_xticks(x, targets)
        axes.set_xlabel(text("threshold_axis", lang))
        axes.set_ylabel(text("indicators_axis", lang))
        axes.legend(loc="upper left")
        return _finish(figure, distribution, lang, text("threshold_title", lang))


def consistency_table(differences: pd.DataFrame, *, lang: Lang = "zh", size: Size = "slide") -> Figure:
    """The department-vs-project disagreements as a table (from ``performance.department_vs_project``)."""
    with chart_context(size):
        figure, axes = _figure(size)
        axes.axis("off")
        columns = [
            "col_goal",
            "col_table",
            "col_indicator",
            "col_department_target",
            "col_project_target",
            "col_differs",
        ]
        wrap = 20 if size == "slide" else 12
        rows = [
            [
                _wrap(str(row[f"goal_{lang}"]), lang, wrap),
                str(row["table_no"]),
                _wrap(str(row[f"project_indicator_{lang}"]), lang, wrap),
                row["department_target"],
                row["project_target"],
                "、".join(text(f"differs_{part}", lang) for part in row["differs_in"].split(", "))
                if lang == "zh"
                else row["differs_in"],
            ]
            for _, row in differences.iterrows()
        ]
        cell_text = rows or [["—"] * len(columns)]
        header = [text(c, lang) for c in columns]
        lines = [max(cell.count("\n") + 1 for cell in row) for row in [header, *cell_text]]
        # Rows fill the axes in proportion to their lines; the font is as large as fits.
        axes_height = 0.75 * figure.get_figheight() * 72
        points = min(FontProperties(size="small").get_size_in_points(), axes_height / (sum(lines) * 1.5))
        table = axes.table(
            cellText=cell_text,
            colLabels=header,
            colWidths=[0.3, 0.06, 0.28, 0.11, 0.11, 0.14],
            bbox=(0, 0, 1, 1),
            cellLoc="left",
        )
        table.auto_set_font_size(False)
        table.set_fontsize(points)
        for (row, _), cell in table.get_celld().items():
            cell.set_height(lines[row])
            cell.set_edgecolor(PALETTE["grey"])
            if row == 0:
                cell.set_facecolor("#E8EEF4")
        return _finish(figure, differences, lang, text("consistency_title", lang))
