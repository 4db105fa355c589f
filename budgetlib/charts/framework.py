"""The chart framework: a :class:`Chart` (figure and finding), the framed figure every chart
shares, its words from the wording files, the value axis, bar labels, and the registry that
lets :func:`texts` give a chart's words without drawing it.

Every chart states its finding in its title, computed from the data (so a fall reads as a
fall), says what, when and in which unit in its subtitle, and cites its source at the bottom.
Names of things come from the frame's ``_zh``/``_en`` columns, the unit and source from its
``attrs`` (see :mod:`budgetlib.analysis`), the words from :mod:`budgetlib.words.wording` and
the numbers from :mod:`budgetlib.words.formatting`. Each chart's wording name and the values
its wording is filled with come from one function, registered with the chart
(:func:`registered`), which both the chart and :func:`texts` use.
"""

from __future__ import annotations

import base64
import functools
import html
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import Formatter, MaxNLocator

from budgetlib.charts.layout import font_points, framed_figure, shorten, wrap
from budgetlib.charts.theme import HIGHLIGHT, PALETTE, Size, text_colour_on
from budgetlib.words import formatting
from budgetlib.words.wording import Lang, check_lang, say

INLINE_DPI = 144  # inline PNGs: twice the pixels of their shown width, sharp on high-density screens


STATED_DECIMALS = 2  # shares set beside the statement's, which it prints with two decimals


# zlib level of every PNG: 3 encodes a chart in about half the time of the default 6, for files
# about a tenth larger (benchmarks/png_compression.py); the pixels are the same at every level.
PNG_OPTIONS = {"compress_level": 3}
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
        self.figure.savefig(stream, format="png", dpi=dpi, metadata={"Software": None}, pil_kwargs=PNG_OPTIONS)
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


def _sorted_bars(
    axes: Axes,
    chart: Chart,
    names: list[str],
    amounts: Sequence[float],
    shares: Sequence[float],
    lang: Lang,
    *,
    number: Callable[[float], str] = formatting.amount,
    with_shares: bool = True,
) -> None:
    """Horizontal bars largest on top, the largest highlighted, each named on a line above
    its bar (so long names need no wrapping) and labelled with its amount and share (or, without
    ``with_shares``, its amount)."""
    points = font_points("small")
    room = 0.9 * chart.figure.get_figwidth() * 72
    y = np.arange(len(names))
    colours = [HIGHLIGHT] + [PALETTE["muted"]] * (len(names) - 1)
    bars = axes.barh(y, amounts, color=colours, height=0.42)
    for position, name in zip(y, names, strict=True):
        axes.text(
            0, position - 0.27, shorten(name, points, room), ha="left", va="bottom", fontsize=points, bbox=LABEL_BOX
        )
    texts = [
        say("chart.value_and_share", lang, value=number(a), share=s) if with_shares else number(a)
        for a, s in zip(amounts, shares, strict=True)
    ]
    labels = _bar_labels(axes, bars, texts)
    axes.set_yticks([])
    axes.set_ylim(len(names) - 0.6, -0.95)
    _value_axis(axes, "x")
    _fit_to_labels(chart.figure, axes, labels, "x")


ChartFunction = Callable[..., Chart]
WordingValues = Callable[[pd.DataFrame, Lang], Values]  # frame and language → the wording name and values
REGISTRY: dict[str, ChartFunction] = {}  # every chart function of budgetlib.charts, by name


@dataclass(frozen=True)
class Missing:
    """What a chart would show but the statement does not give, said instead of drawing an empty
    chart: ``finding`` is the sentence (the wording ``absent.<what>``), shown in a page as text."""

    what: str
    finding: str

    def _repr_html_(self) -> str:
        return f'<p class="absent">{html.escape(self.finding)}</p>'

    def __repr__(self) -> str:
        return self.finding


def absent_from(frame: pd.DataFrame) -> str | None:
    """What ``frame`` says the statement does not print (``attrs["absent"]``), or None."""
    return frame.attrs.get("absent")


def registered(
    values: WordingValues,
    missing: Callable[[pd.DataFrame], str | None] = absent_from,
    prepare: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
) -> Callable[[ChartFunction], ChartFunction]:
    """Register a chart function with the function that computes its wording name and values,
    so that :func:`texts` can give its words without drawing it; where ``missing`` finds the frame
    lacks what the chart shows, the chart is a :class:`Missing` saying so instead. ``prepare``, where
    given, makes the frame the chart and its words are drawn from (a collection's frames get their
    source line so)."""

    def register(chart: ChartFunction) -> ChartFunction:
        @functools.wraps(chart)
        def drawn(frame: pd.DataFrame, *, lang: Lang = "zh", size: Size = "slide") -> Chart | Missing:
            what = missing(frame)
            if what is not None:
                return Missing(what, say(f"absent.{what}", check_lang(lang)))
            return chart(prepare(frame) if prepare else frame, lang=lang, size=size)

        drawn.wording_values = values  # type: ignore[attr-defined]
        drawn.missing = missing  # type: ignore[attr-defined]
        drawn.prepare = prepare  # type: ignore[attr-defined]
        REGISTRY[chart.__name__] = drawn
        return drawn  # type: ignore[return-value]

    return register


def texts(chart: ChartFunction, frame: pd.DataFrame, lang: Lang) -> ChartTexts:
    """The title (the finding), subtitle and source line of ``chart`` (a chart function of
    :mod:`budgetlib.charts`) drawn from ``frame``, as its figure shows them, computed without
    drawing: for slides and other places that need the words but not the figure.

    >>> from budgetlib import analysis, charts, load
    >>> texts(charts.growth_bridge, analysis.year_over_year(load()), "en").subtitle
    'Change in total spending from 2019 to 2020, by part, 10,000 yuan'
    """
    lang = check_lang(lang)
    values_of = getattr(chart, "wording_values", None)
    if values_of is None:
        known = ", ".join(REGISTRY)
        raise ValueError(f"{chart!r} is not a chart function of budgetlib.charts; texts() takes one of {known}")
    prepare = getattr(chart, "prepare", None)
    frame = prepare(frame) if prepare else frame
    return _texts(frame, lang, *values_of(frame, lang))


def finding(chart: ChartFunction, frame: pd.DataFrame, lang: Lang) -> str:
    """The sentence that states the finding of ``chart`` drawn from ``frame``: the same as its
    title and its :attr:`Chart.finding` (see :func:`texts`).

    >>> from budgetlib import analysis, charts, load
    >>> finding(charts.growth_bridge, analysis.year_over_year(load()), "en")
    'Total spending rose 29.0%: basic spending up 199.18, project spending down 5.39'
    """
    return texts(chart, frame, lang).title
