"""Page furniture for charts: measured text wrapping, the title block, the source line.

A chart's words are wrapped by their measured width in the chart's fonts, never by a
count of characters, so a line fits whatever the language. Chinese breaks between
characters but never inside a run of Latin letters or digits, never before closing
punctuation and never after opening punctuation; English breaks between words. Lines
are balanced, so no word or percentage is left alone on the last line.

:func:`framed_figure` lays out a figure the one way every chart shares: the title
(the finding), a subtitle (what, when, unit) and the source line sit in bands of
measured height at the top and bottom, and the plot areas are laid out by matplotlib's
constrained layout in the space between.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import matplotlib as mpl
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.layout_engine import ConstrainedLayoutEngine

from budgetlib.charts.fonts import font_families
from budgetlib.charts.theme import PALETTE, SIZES, Size

LINE_SPACING = 1.25  # line advance as a multiple of the font size
_TOKENS_ZH = re.compile(r"[A-Za-z0-9.,%+\-−–/·:'_]+|\s+|.")
_CLOSING = set("，。、；：？！）》」』”’%％…·,.;:!?)]")
_OPENING = set("（《「『“‘([")


MEASURE_DPI = 288  # measured finer than any output, so hinting at a coarse resolution cannot shrink a width
FIT = 0.97  # a line is wrapped to this share of its room, a margin for rounding at output resolutions


@cache
def _renderer() -> RendererAgg:
    return RendererAgg(10, 10, MEASURE_DPI)


def font_points(size: str | float) -> float:
    """A font size (a name such as "small", or points) in points, under the current rcParams."""
    return FontProperties(size=size).get_size_in_points()


def text_width(text: str, points: float) -> float:
    """The width of one line of ``text`` in points, set in the theme's fonts at ``points``."""
    if not text:
        return 0.0
    rendering = tuple(mpl.rcParams[key] for key in ("text.hinting", "text.hinting_factor", "text.kerning_factor"))
    return _measured_width(text, points, rendering)


@lru_cache(maxsize=8192)
def _measured_width(text: str, points: float, rendering: tuple) -> float:
    """Measured once per text, size and rendering settings: wrapping a chart's labels and titles
    measures the same words and characters again and again."""
    properties = FontProperties(family=font_families(), size=points)
    width, _, _ = _renderer().get_text_width_height_descent(text, properties, ismath=False)
    return width * 72 / MEASURE_DPI


def pieces(text: str) -> list[str]:
    """Pieces that stay on one line: words with their trailing space, or Chinese characters
    with the punctuation that must stay beside them."""
    if not re.search(r"[\u2e80-\u9fff\uff00-\uffef]", text):
        return re.findall(r"\S+\s*|\s+", text)
    tokens: list[str] = []
    for piece in _TOKENS_ZH.findall(text):
        if tokens and (piece[0] in _CLOSING or tokens[-1][-1] in _OPENING):
            tokens[-1] += piece
        else:
            tokens.append(piece)
    return tokens


def _greedy(tokens: list[str], widths: list[float], limit: float) -> list[str]:
    lines: list[str] = []
    line, used = "", 0.0
    for token, width in zip(tokens, widths, strict=True):
        if line and used + width > limit and line.strip():
            lines.append(line.rstrip())
            line, used = "", 0.0
            if not token.strip():
                continue
        line += token
        used += width
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _clauses(text: str) -> list[str]:
    """``text`` cut after each clause mark (，；：and , ; : followed by a space), marks kept."""
    return [piece for piece in re.split(r"(?<=[，；：])|(?<=[,;:] )", text) if piece]


def wrap(text: str, points: float, width: float) -> str:
    """``text`` broken into balanced lines no wider than ``width`` points at ``points``.

    Where whole clauses fill the lines as few as a free break would need, lines end at
    the clause marks, so a short term is never cut in two.

    >>> wrap("Basic spending rose from 49.1% to 61.2% of the total", 10, 150)
    'Basic spending rose from\\n49.1% to 61.2% of the total'
    >>> print(wrap("通用设备占固定资产的52.1%；文中所列占比与计算的相差0.15个百分点", 10, 200))
    通用设备占固定资产的52.1%；
    文中所列占比与计算的相差0.15个百分点
    """
    limit = width * FIT
    paragraphs = []
    for paragraph in text.split("\n"):
        tokens = pieces(paragraph)
        widths = [text_width(token, points) for token in tokens]
        lines = _greedy(tokens, widths, limit)
        if len(lines) > 1:
            clauses = _clauses(paragraph)
            by_clause = _greedy(clauses, [text_width(c, points) for c in clauses], limit)
            clause_widths = [text_width(line, points) for line in by_clause]
            balanced = min(clause_widths) >= 0.4 * max(clause_widths)
            if len(by_clause) == len(lines) and max(clause_widths) <= limit and balanced:
                lines = by_clause
            else:  # balance: the narrowest width that still needs no more lines
                low, high = limit / len(lines), limit
                for _ in range(12):
                    middle = (low + high) / 2
                    low, high = (low, middle) if len(_greedy(tokens, widths, middle)) <= len(lines) else (middle, high)
                lines = _greedy(tokens, widths, high)
        paragraphs.append("\n".join(lines))
    return "\n".join(paragraphs)


def shorten(text: str, points: float, width: float) -> str:
    """``text`` cut to one line of ``width`` points at ``points``, with an ellipsis if cut.

    >>> shorten("危险化学品及重大危险源企业安全评审", 10, 60)
    '危险化学品…'
    """
    if text_width(text, points) <= width:
        return text
    while text and text_width(text + "…", points) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def framed_figure(
    size: Size,
    *,
    title: str,
    subtitle: str,
    source: str,
    note: str | None = None,
    height: float = 1.0,
    columns: int = 1,
    width_ratios: list[float] | None = None,
) -> tuple[Figure, list[Axes]]:
    """A figure at ``size`` with its title block, source line (set a little smaller where that
    keeps it on one line) and ``columns`` plot areas.

    ``height`` scales the size's height (for charts with many rows). Call inside
    :func:`budgetlib.charts.theme.chart_context`, so sizes follow the theme.
    """
    figure_width, figure_height = SIZES[size]
    figure = Figure(figsize=(figure_width, figure_height * height))
    FigureCanvasAgg(figure)
    width_pt, height_pt = figure_width * 72, figure_height * height * 72
    base = font_points("medium")
    pad = 0.8 * base
    usable = width_pt - 2 * pad

    def block(text: str, y: float, points: float, colour: str, va: str) -> float:
        """Write ``text`` at height ``y`` (points from the bottom); return its height in points."""
        wrapped = wrap(text, points, usable)
        figure.text(
            pad / width_pt,
            y / height_pt,
            wrapped,
            ha="left",
            va=va,
            fontsize=points,
            color=colour,
            linespacing=LINE_SPACING,
        )
        return (wrapped.count("\n") + 1) * points * LINE_SPACING

    top = height_pt - pad
    top -= block(title, top, font_points("x-large"), PALETTE["black"], "top")
    top -= 0.25 * base + block(subtitle, top - 0.25 * base, base, PALETTE["dark_grey"], "top")
    bottom = pad
    small = font_points("small")
    source_points = max(0.8 * small, min(small, small * usable * FIT / max(text_width(source, small), 1.0)))
    bottom += block(source, bottom, source_points, PALETTE["dark_grey"], "bottom")
    if note:
        bottom += 0.2 * base + block(note, bottom + 0.2 * base, font_points("small"), PALETTE["dark_grey"], "bottom")
    top -= 0.6 * base
    bottom += 0.6 * base
    rect = (0.0, bottom / height_pt, 1.0, (top - bottom) / height_pt)
    figure.set_layout_engine(ConstrainedLayoutEngine(rect=rect, w_pad=pad / 72, h_pad=0.02))
    axes = figure.subplots(1, columns, width_ratios=width_ratios, squeeze=False)[0]
    return figure, list(axes)
