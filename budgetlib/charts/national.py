"""Charts of the national tables: spending by functional class (basic and project), basic spending by
economic class, and the three public expenses and operating costs against spending."""

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
    _sorted_bars,
    _value_axis,
    registered,
)
from budgetlib.charts.layout import font_points, shorten
from budgetlib.charts.reshape import MAX_BARS, largest_and_rest
from budgetlib.charts.theme import PALETTE, Size, chart_context
from budgetlib.words import formatting
from budgetlib.words.wording import Lang, check_lang, say


def _function_values(frame: pd.DataFrame, lang: Lang) -> Values:
    """Spending by function: the largest class and its share, how much of all spending is basic."""
    names = _names(frame, "name", lang)
    total = float(frame["total"].sum())
    values = {
        "year": frame.attrs.get("fiscal_year", ""),
        "top": names[0] if names else "",
        "top_share": frame["share_pct"].iloc[0] if len(frame) else float("nan"),
        "classes": len(frame),
        "basic_share": 100 * float(frame["basic"].sum()) / total if total else float("nan"),
    }
    return "function_spending", values


@registered(_function_values)
def function_spending_bars(frame: pd.DataFrame, *, lang: Lang = "zh", size: Size = "slide") -> Chart:
    """Spending by functional class (from ``analysis.function_spending``), largest on top, each bar
    its basic spending then its project spending; the smallest classes grouped when there are many."""
    lang = check_lang(lang)
    with chart_context(size):
        name, values = _function_values(frame, lang)
        chart, (axes,) = _chart(frame, lang, size, name, values)
        shown = frame.head(MAX_BARS - 1) if len(frame) > MAX_BARS else frame
        names = _names(shown, "name", lang)
        basic, project = shown["basic"].tolist(), shown["project"].tolist()
        shares = shown["share_pct"].tolist()
        if len(frame) > MAX_BARS:
            rest = frame.iloc[MAX_BARS - 1 :]
            names.append(say("chart.others", lang, count=len(rest)))
            basic.append(float(rest["basic"].sum()))
            project.append(float(rest["project"].sum()))
            shares.append(float(rest["share_pct"].sum()))
        y = np.arange(len(names))
        axes.barh(y, basic, color=PALETTE["blue"], height=0.42, label=say("chart.function_spending.basic", lang))
        ends = axes.barh(y, project, left=basic, color=PALETTE["sky"], height=0.42,
                         label=say("chart.function_spending.project", lang))  # fmt: skip
        points = font_points("small")
        room = 0.9 * chart.figure.get_figwidth() * 72
        for position, label in zip(y, names, strict=True):
            axes.text(0, position - 0.27, shorten(label, points, room), ha="left", va="bottom", fontsize=points,
                      bbox=LABEL_BOX)  # fmt: skip
        texts = [
            say("chart.value_and_share", lang, value=formatting.amount(b + p), share=s)
            for b, p, s in zip(basic, project, shares, strict=True)
        ]
        labels = _bar_labels(axes, ends, texts)
        axes.set_yticks([])
        axes.set_ylim(len(names) - 0.6, -0.95)
        axes.legend(loc="lower right", frameon=False, fontsize="small", ncols=2)
        _value_axis(axes, "x")
        _fit_to_labels(chart.figure, axes, [*labels, *axes.get_legend().get_texts()], "x")
        return chart


def _economic_values(frame: pd.DataFrame, lang: Lang) -> Values:
    """Basic spending by economic class: the largest class, and how much is personnel costs."""
    names = _names(frame, "name", lang)
    total = float(frame["total"].sum())
    values = {
        "year": frame.attrs.get("fiscal_year", ""),
        "top": names[0] if names else "",
        "top_share": frame["share_pct"].iloc[0] if len(frame) else float("nan"),
        "personnel_share": 100 * float(frame["personnel"].sum()) / total if total else float("nan"),
    }
    return "economic_mix", values


@registered(_economic_values)
def economic_mix_bars(frame: pd.DataFrame, *, lang: Lang = "zh", size: Size = "slide") -> Chart:
    """Basic spending of the general budget by economic class (from ``analysis.economic_classes``),
    largest on top; the title says how much of it is personnel costs."""
    lang = check_lang(lang)
    with chart_context(size):
        name, values = _economic_values(frame, lang)
        chart, (axes,) = _chart(frame, lang, size, name, values)
        bars = largest_and_rest(_names(frame, "name", lang), frame["total"].tolist(), frame["share_pct"].tolist(),
                                "chart.others", lang)  # fmt: skip
        _sorted_bars(axes, chart, *bars, lang)
        return chart


EARMARKED = ("operating_costs", "overseas_travel", "vehicles", "hospitality")


def _earmarked_values(frame: pd.DataFrame, lang: Lang) -> Values:
    """The operating costs and the three public expenses: their amounts, and both against spending."""
    items = frame.set_index(frame["item"].astype(str))
    operating = items["amount"].get("operating_costs", float("nan"))
    three = items["amount"].get("three_public", float("nan"))
    values = {
        "year": frame.attrs.get("fiscal_year", ""),
        "operating": operating,
        "operating_per_10k": 100 * items["share_of_total_pct"].get("operating_costs", float("nan")),
        "three_public": three,
        "three_public_per_10k": 100 * items["share_of_total_pct"].get("three_public", float("nan")),
    }
    return "earmarked", values


@registered(_earmarked_values)
def earmarked_bars(frame: pd.DataFrame, *, lang: Lang = "zh", size: Size = "slide") -> Chart:
    """The operating costs and each of the three public expenses (from ``analysis.earmarked``),
    largest on top, each labelled with its amount; the title sets both against the year's spending."""
    lang = check_lang(lang)
    with chart_context(size):
        name, values = _earmarked_values(frame, lang)
        chart, (axes,) = _chart(frame, lang, size, name, values)
        chosen = frame[frame["item"].astype(str).isin(EARMARKED)]
        chosen = chosen.sort_values("amount", ascending=False, kind="stable")
        names = [say(f"name.{item}", lang) for item in chosen["item"].astype(str)]  # the form's names, not the headers
        _sorted_bars(axes, chart, names, chosen["amount"].tolist(), chosen["share_of_total_pct"].tolist(), lang,
                     with_shares=False)  # fmt: skip
        return chart
