"""Charts of a collection of statements: each department's spending over its years (small multiples),
what later statements say of the year before against the published figures (the gaps, as dots), and
departments ranked by a ratio (sorted bars).

Each is drawn from a frame of :mod:`budgetlib.analysis.collection`; its source line names the
collection (the wording ``collection.source``), its unit is the panel's (万元).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from budgetlib.charts.framework import LABEL_BOX, Chart, Values, _chart, _sorted_bars, _value_axis, registered
from budgetlib.charts.layout import font_points, shorten
from budgetlib.charts.theme import HIGHLIGHT, PALETTE, Size, chart_context
from budgetlib.words import formatting
from budgetlib.words.wording import Lang, check_lang, say

MULTIPLES = {"slide": 4, "document": 3}  # departments drawn side by side at each size
GAPS_SHOWN = 10  # stated changes drawn at most: those that differ first
RANKED = 10  # departments a ranking draws at most: the highest


def _sourced(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the collection named as its source, in each language, for the source line."""
    frame = frame.copy()
    count, titles = frame.attrs.get("statements", 0), frame.attrs.get("titles", [])
    for lang in ("zh", "en"):
        frame.attrs[f"source_{lang}"] = say("collection.source", lang, count=count, titles=titles)
    return frame


def _department(frame: pd.DataFrame, lang: Lang) -> pd.Series:
    return frame[f"department_{lang}"]


def _years_missing(frame: pd.DataFrame) -> str | None:
    return "collection_years" if frame.empty else None


def _years_values(frame: pd.DataFrame, lang: Lang) -> Values:
    """Spending over the years: how many departments, how many rose and fell first to last; for one, its change."""
    ends = frame.sort_values("fiscal_year").groupby(["department_zh", "budget_kind"], sort=False)
    first, last = (
        ends.head(1).set_index(["department_zh", "budget_kind"]),
        ends.tail(1).set_index(["department_zh", "budget_kind"]),
    )
    change = (last["amount"] - first["amount"]).reindex(first.index)
    values = {
        "departments": len(first),
        "rose": int((change.round(2) > 0).sum()),
        "fell": int((change.round(2) < 0).sum()),
        "first": int(frame["fiscal_year"].min()) if len(frame) else "",
        "last": int(frame["fiscal_year"].max()) if len(frame) else "",
        "name": _department(first.reset_index(), lang).iloc[0] if len(first) else "",
        "change": float(change.iloc[0]) if len(change) else float("nan"),
        "change_pct": 100 * float(change.iloc[0] / first["amount"].iloc[0])
        if len(change) and first["amount"].iloc[0]
        else float("nan"),
        "with_note": len(first) > MULTIPLES["document"],
        "count": max(0, len(first) - MULTIPLES["document"]),
    }
    return "collection_years", values


@registered(_years_values, _years_missing, _sourced)
def years_small_multiples(frame: pd.DataFrame, *, lang: Lang = "zh", size: Size = "slide") -> Chart:
    """Total spending of each department over its statements' years (the ``total`` rows of
    ``Collection.series()`` for departments with more than one year), one small chart each, side by
    side, each line labelled at both ends; departments beyond what fits are left to the table."""
    lang = check_lang(lang)
    with chart_context(size):
        _, values = _years_values(frame, lang)
        keys = list(dict.fromkeys(zip(frame["department_zh"], frame["budget_kind"], strict=True)))
        shown = keys[: MULTIPLES[size]]
        values = {**values, "with_note": len(keys) > len(shown), "count": len(keys) - len(shown)}
        chart, axes_list = _chart(frame, lang, size, "collection_years", values, columns=len(shown))
        points = font_points("small")
        for axes, key in zip(axes_list, shown, strict=True):
            rows = frame[(frame["department_zh"] == key[0]) & (frame["budget_kind"] == key[1])]
            rows = rows.sort_values("fiscal_year")
            years, amounts = rows["fiscal_year"].astype(int).tolist(), rows["amount"].tolist()
            colour = HIGHLIGHT if len(shown) == 1 else PALETTE["blue"]
            axes.plot(years, amounts, color=colour, marker="o", linewidth=2)
            for year, value, align in ((years[0], amounts[0], "left"), (years[-1], amounts[-1], "right")):
                axes.annotate(formatting.amount(value), (year, value), xytext=(0, 6), textcoords="offset points",
                              ha=align, va="bottom", fontsize=points, bbox=LABEL_BOX)  # fmt: skip
            width = axes.get_position().width * chart.figure.get_figwidth() * 72
            axes.set_title(shorten(_department(rows, lang).iloc[0], points, width), loc="left", fontsize=points)
            axes.set_xticks(years)
            axes.set_xlim(years[0] - 0.4, years[-1] + 0.4)
            axes.set_ylim(0, max(amounts) * 1.3 if max(amounts) > 0 else 1)
            _value_axis(axes, "y")
        return chart


def _gaps_missing(frame: pd.DataFrame) -> str | None:
    return "collection_comparisons" if frame.empty else None


def _gaps_values(frame: pd.DataFrame, lang: Lang) -> Values:
    flagged = int((~frame["agrees"]).sum()) if len(frame) else 0
    tolerance = float(frame["tolerance"].max()) if len(frame) else 0.0
    return "collection_gaps", {"checks": len(frame), "flagged": flagged, "tolerance": tolerance, "with_note": True}


def _gap_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The stated changes to draw: those that differ first (largest gap first), then those that agree."""
    order = frame.assign(size=frame["gap_amount"].abs()).sort_values(["agrees", "size"], ascending=[True, False],
                                                                     kind="stable")  # fmt: skip
    return order.head(GAPS_SHOWN)


@registered(_gaps_values, _gaps_missing, _sourced)
def gaps_dots(frame: pd.DataFrame, *, lang: Lang = "zh", size: Size = "slide") -> Chart:
    """Each stated change less the change of the published figures (from ``Collection.comparisons()``),
    as a dot on a line through zero, the band of rounding shaded: a change that differs is highlighted
    and labelled with its gap."""
    lang = check_lang(lang)
    with chart_context(size):
        name, values = _gaps_values(frame, lang)
        rows = _gap_rows(frame)
        height = max(1.0, 0.35 + 0.11 * len(rows)) if size == "document" else 1.0
        chart, (axes,) = _chart(frame, lang, size, name, values, height=height)
        y = np.arange(len(rows))
        gaps = rows["gap_amount"].to_numpy(dtype=float)
        reach = max(float(np.abs(gaps).max()) if len(gaps) else 0.0, 4 * values["tolerance"], 0.05)
        axes.axvspan(-values["tolerance"], values["tolerance"], color=PALETTE["grid"], zorder=0)
        axes.axvline(0, color=PALETTE["dark_grey"], linewidth=0.8, zorder=1)
        colours = [PALETTE["muted"] if agrees else HIGHLIGHT for agrees in rows["agrees"]]
        axes.scatter(gaps, y, color=colours, s=48, zorder=3)
        points = font_points("small")
        room = 0.9 * chart.figure.get_figwidth() * 72
        for position, row in zip(y, rows.itertuples(index=False), strict=True):
            label = say("chart.collection_gaps.label", lang, department=getattr(row, f"department_{lang}"),
                        year=row.year, measure=say(f"collection.measure.{row.measure}", lang))  # fmt: skip
            axes.text(-reach * 1.15, position - 0.3, shorten(label, points, room), ha="left", va="bottom",
                      fontsize=points, bbox=LABEL_BOX)  # fmt: skip
            if not row.agrees:
                axes.annotate(formatting.amount(row.gap_amount, signed=True), (row.gap_amount, position),
                              xytext=(6, 0), textcoords="offset points", ha="left", va="center", fontsize=points,
                              bbox=LABEL_BOX)  # fmt: skip
        axes.set_yticks([])
        axes.set_ylim(len(rows) - 0.5, -0.9)
        axes.set_xlim(-reach * 1.15, reach * 1.3)
        _value_axis(axes, "x")
        return chart


def _ranking_missing(frame: pd.DataFrame) -> str | None:
    return "collection_ranking" if frame.empty else None


def _shown_value(value: float, ratio: str) -> str:
    return formatting.pct(value) if ratio.endswith("_pct") else formatting.amount(value)


def _ranking_values(frame: pd.DataFrame, lang: Lang) -> Values:
    ratio = frame.attrs.get("ratio", "basic_share_pct")
    first, last = frame.attrs.get("span", (None, None))
    values = {
        "ratio": say(f"collection.ratio.{ratio}", lang),
        "top": _department(frame, lang).iloc[0] if len(frame) else "",
        "value": _shown_value(float(frame["value"].iloc[0]), ratio) if len(frame) else "",
        "year": frame.attrs.get("year") or "",
        "first": first or "",
        "last": last or "",
    }
    return "collection_ranking", values


@registered(_ranking_values, _ranking_missing, _sourced)
def ranking_bars(frame: pd.DataFrame, *, lang: Lang = "zh", size: Size = "slide") -> Chart:
    """Departments ranked by a ratio (from ``Collection.ranking()``), highest on top and highlighted,
    each named as published (with its statement's year where the ranking spans years) and labelled
    with its value; the ten highest where there are more."""
    lang = check_lang(lang)
    with chart_context(size):
        name, values = _ranking_values(frame, lang)
        shown = frame.head(RANKED)
        height = max(1.0, 0.3 + 0.12 * len(shown)) if size == "document" else 1.0
        chart, (axes,) = _chart(frame, lang, size, name, values, height=height)
        ratio = frame.attrs.get("ratio", "basic_share_pct")
        values_shown = shown["value"].astype(float).tolist()
        first, last = frame.attrs.get("span", (None, None))
        names = [say("chart.collection_ranking.bar", lang, department=department, year=year, with_year=first != last)
                 for department, year in zip(_department(shown, lang), shown["fiscal_year"], strict=True)]  # fmt: skip
        _sorted_bars(axes, chart, names, values_shown, values_shown, lang,
                     number=lambda v: _shown_value(v, ratio), with_shares=False)  # fmt: skip
        return chart
