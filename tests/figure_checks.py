"""Layout checks that prove a drawn figure is briefing-grade.

Each check draws the figure (on an Agg canvas, attached if the figure has none) and
returns a list of problems in words, empty when the figure is fine. Positions are in
pixels at the figure's dpi, so "1 px" below means one pixel of the figure as drawn.

The checks look at what is actually drawn: artists that are hidden (or inside a hidden
parent), axis decorations of an axes turned off with ``axis("off")``, empty or blank
texts, tick labels that lie outside the view limits (``get_xticklabels`` returns them
too, placed beyond the axes) and annotations clipped away are all left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from itertools import combinations
from weakref import WeakSet

from matplotlib.artist import Artist
from matplotlib.axis import Axis, Tick
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex, to_rgb, to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.table import Cell, Table
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox

TOLERANCE = 1.0  # px: anti-aliasing and rounding, not a layout fault

# Figures that all_problems has drawn, so its checks share one draw.
_DRAWN: WeakSet[Figure] = WeakSet()

# Draw order of an artist: the (zorder, position among siblings) of it and each ancestor.
_Order = tuple[tuple[float, int], ...]


@contextmanager
def _drawn_once(figure: Figure) -> Iterator[None]:
    """Draw ``figure`` now and not again inside the block: the checks measure the same drawing."""
    _renderer(figure)
    _DRAWN.add(figure)
    try:
        yield
    finally:
        _DRAWN.discard(figure)


def _renderer(figure: Figure) -> RendererBase:
    """Draw ``figure`` on an Agg canvas (a bare ``Figure()`` has a canvas that cannot draw) and return the renderer."""
    if not isinstance(figure.canvas, FigureCanvasAgg):
        FigureCanvasAgg(figure)
    if figure not in _DRAWN:
        figure.canvas.draw()
    return figure.canvas.get_renderer()


def _walk(artist: Artist, order: _Order = ()) -> Iterator[tuple[Artist, _Order]]:
    """Every artist that is drawn, with its draw order, skipping hidden subtrees and turned-off axes.

    Tick labels come from the ticks the axis draws (those inside the view limits); a table
    cell's text, which is no child of the cell, comes with its cell, drawn just after it.
    """
    if not artist.get_visible() or isinstance(artist, Tick):
        return
    if isinstance(artist, Axis) and not artist.axes.axison:
        return
    yield artist, order
    children = artist.get_children()
    if isinstance(artist, Axis):
        # The ticks Axis.draw draws; Axis.get_ticklabels would also give out-of-view ones.
        children += [label for tick in artist._update_ticks() for label in (tick.label1, tick.label2)]
    if isinstance(artist, Cell):
        children.append(artist.get_text())
    for index, child in enumerate(children):
        yield from _walk(child, (*order, (child.get_zorder(), index)))


def _shown(text: Text, renderer: RendererBase) -> bool:
    """Whether ``text`` puts ink on the figure: not blank, and not an annotation clipped away with its point."""
    if not text.get_text().strip():
        return False
    return not isinstance(text, Annotation) or text._check_xy(renderer)


def _texts(figure: Figure, renderer: RendererBase) -> list[tuple[Text, Bbox]]:
    """Every drawn, non-blank text once, with its extent (the text only, not an annotation's arrow).

    A text of zero size (matplotlib keeps some) draws nothing, so it is left out.
    """
    found: dict[int, tuple[Text, Bbox]] = {}
    for artist, _ in _walk(figure):
        if isinstance(artist, Text) and id(artist) not in found and _shown(artist, renderer):
            box = Text.get_window_extent(artist, renderer)
            if box.width > 0 and box.height > 0:
                found[id(artist)] = (artist, box)
    return list(found.values())


def _name(text: Text) -> str:
    return repr(" ".join(text.get_text().split())[:30])


def _overflow(inner: Bbox, outer: Bbox) -> str:
    """How far ``inner`` leaves ``outer`` on each side, beyond the tolerance ("" if it does not)."""
    sides = {
        "left": outer.x0 - inner.x0,
        "right": inner.x1 - outer.x1,
        "bottom": outer.y0 - inner.y0,
        "top": inner.y1 - outer.y1,
    }
    return " and ".join(f"{pixels:.0f} px on the {side}" for side, pixels in sides.items() if pixels > TOLERANCE)


def texts_outside_figure(figure: Figure) -> list[str]:
    """Texts that leave the figure: cut off in a saved file or a slide.

    Every drawn text counts: figure and axes titles, axis and tick labels, bar labels and
    annotations, legend texts and table cells.
    """
    renderer = _renderer(figure)
    problems = []
    for text, box in _texts(figure, renderer):
        if overflow := _overflow(box, figure.bbox):
            problems.append(f"{_name(text)} leaves the figure by {overflow}")
    return problems


def overlapping_texts(figure: Figure) -> list[str]:
    """Pairs of texts whose boxes intersect, so one is printed over the other.

    Each box is shrunk by the tolerance first, so texts that only touch pass. A multi-line
    text is one box.
    """
    renderer = _renderer(figure)
    boxes = [(text, box.padded(-TOLERANCE)) for text, box in _texts(figure, renderer)]
    problems = []
    for (first, a), (second, b) in combinations(boxes, 2):
        width, height = min(a.x1, b.x1) - max(a.x0, b.x0), min(a.y1, b.y1) - max(a.y0, b.y0)
        if width > 0 and height > 0:
            problems.append(f"{_name(first)} overlaps {_name(second)} ({width:.0f}×{height:.0f} px)")
    return problems


def table_text_outside_cells(figure: Figure) -> list[str]:
    """Table cell texts that run out of their cell, into the next cell or the page."""
    renderer = _renderer(figure)
    problems = []
    for table, _ in _walk(figure):
        if not isinstance(table, Table):
            continue
        for (row, column), cell in sorted(table.get_celld().items()):
            text = cell.get_text()
            if not (cell.get_visible() and text.get_visible() and _shown(text, renderer)):
                continue
            if overflow := _overflow(text.get_window_extent(renderer), cell.get_window_extent(renderer)):
                problems.append(f"table cell (row {row}, column {column}) {_name(text)} runs out by {overflow}")
    return problems


def _plot_areas(figure: Figure) -> list[tuple[str, Bbox, bool]]:
    """The axes worth checking, once per position (a twin shares its parent's): label, position, table only."""
    areas: dict[tuple[float, ...], tuple[str, Bbox, bool]] = {}
    for number, axes in enumerate(figure.get_axes(), start=1):
        has_data = any((axes.lines, axes.patches, axes.collections, axes.images))
        table_only = not (axes.axison or has_data) and bool(axes.tables)
        if axes.get_visible() and (axes.axison or has_data or table_only):
            position = axes.get_position()
            label = repr(axes.get_title("left") or axes.get_title() or f"axes {number}")
            areas.setdefault(tuple(round(v, 3) for v in position.bounds), (label, position, table_only))
    return list(areas.values())


def _covered(intervals: list[tuple[float, float]]) -> float:
    """The length of the union of ``intervals``."""
    total, reached = 0.0, float("-inf")
    for start, end in sorted(intervals):
        total += max(0.0, end - max(start, reached))
        reached = max(reached, end)
    return total


def squeezed_plot_areas(figure: Figure, min_width: float = 0.4, min_height: float = 0.25) -> list[str]:
    """Plot areas left too small by their labels, legend or annotations, as fractions of the figure.

    The rule: an axes' row is every checked axes whose vertical extent overlaps its own; the
    width the row covers (the union of their horizontal extents, so panels side by side add
    up and a twin counts once) must be at least ``min_width``, and the axes itself at least
    ``min_height`` tall. Checked are visible axes showing an axis or data; an axes turned
    off that only holds a table is checked for width only; other turned-off axes are not.
    """
    _renderer(figure)
    areas = _plot_areas(figure)
    problems = []
    for label, position, table_only in areas:
        row = [(p.x0, p.x1) for _, p, _ in areas if min(p.y1, position.y1) - max(p.y0, position.y0) > 1e-6]
        if (width := _covered(row)) < min_width:
            problems.append(f"plot area {label} sits in a row {width:.2f} of the figure wide, under {min_width}")
        if not table_only and position.height < min_height:
            problems.append(f"plot area {label} is {position.height:.2f} of the figure high, under {min_height}")
    return problems


def _luminance(colour: object) -> float:
    channels = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour)]
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def contrast_ratio(colour_a: object, colour_b: object) -> float:
    """The WCAG 2.1 contrast ratio of two colours, from 1 (same) to 21 (black and white).

    >>> contrast_ratio("white", "black")
    21.0
    >>> round(contrast_ratio("#E69F00", "white"), 2)
    2.25
    """
    lighter, darker = sorted((_luminance(colour_a), _luminance(colour_b)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _over(colour: object, background: object = "white") -> tuple[float, float, float]:
    """``colour`` alpha-composited over ``background``."""
    *rgb, alpha = to_rgba(colour)
    return tuple(alpha * c + (1 - alpha) * b for c, b in zip(rgb, to_rgb(background), strict=True))


def _fill_behind(text: Text, point: tuple[float, float], patches: list[Patch], figure: Figure) -> object:
    """The colour ``text`` is drawn on at ``point``: its own box, else the topmost filled patch there (``patches``
    come topmost first), else the background of the axes there, else the figure's."""
    if (box := text.get_bbox_patch()) is not None and to_rgba(box.get_facecolor())[3] > 0:
        return _over(box.get_facecolor())
    for patch in patches:
        clip = patch.get_clip_box() if patch.get_clip_on() else None
        if patch.contains_point(point) and (clip is None or clip.contains(*point)):
            return _over(patch.get_facecolor())
    for axes in reversed(figure.get_axes()):
        shows_background = axes.get_visible() and axes.axison and axes.get_frame_on() and axes.patch.get_visible()
        if shows_background and axes.patch.contains_point(point):
            return _over(axes.patch.get_facecolor())
    return _over(figure.patch.get_facecolor() if figure.patch.get_visible() else "white")


def low_contrast_texts(figure: Figure, minimum: float = 4.5) -> list[str]:
    """Texts whose colour has a WCAG contrast ratio under ``minimum`` (4.5, level AA) with what is behind them.

    What is behind a text is found at the centre of its box: see :func:`_fill_behind`. Axes
    and figure backgrounds are that fallback, not patches here; unfilled patches (spines,
    outlines) are no fill.
    """
    renderer = _renderer(figure)
    backgrounds = {id(figure.patch), *(id(axes.patch) for axes in figure.get_axes())}
    filled = [
        (order, artist)
        for artist, order in _walk(figure)
        if isinstance(artist, Patch) and id(artist) not in backgrounds and to_rgba(artist.get_facecolor())[3] > 0
    ]
    patches = [patch for _, patch in sorted(filled, key=lambda item: item[0], reverse=True)]
    problems = []
    for text, box in _texts(figure, renderer):
        fill = _fill_behind(text, ((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2), patches, figure)
        colour = _over(to_rgba(text.get_color(), text.get_alpha()), fill)
        if (ratio := contrast_ratio(colour, fill)) < minimum:
            problems.append(
                f"{_name(text)} is {to_hex(colour)} on {to_hex(fill)}: contrast {ratio:.2f}, under {minimum}"
            )
    return problems


def all_problems(figure: Figure) -> list[str]:
    """Every problem the checks above find, drawing the figure once."""
    with _drawn_once(figure):
        return [
            *texts_outside_figure(figure),
            *overlapping_texts(figure),
            *table_text_outside_cells(figure),
            *squeezed_plot_areas(figure),
            *low_contrast_texts(figure),
        ]
