"""The layout checks catch what they should and nothing else; every chart passes them in both languages and sizes."""

from __future__ import annotations

import pytest
from figure_checks import (
    all_problems,
    low_contrast_texts,
    overlapping_texts,
    squeezed_plot_areas,
    table_text_outside_cells,
    texts_outside_figure,
)
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from test_charts import BUILDERS


def full_axes(figure: Figure) -> Axes:
    """An axes with room for its tick labels on every side."""
    return figure.add_axes((0.15, 0.15, 0.75, 0.75))


def test_a_text_outside_the_figure_is_found():
    figure = Figure(figsize=(4, 3))
    figure.text(1.1, 0.5, "Outside")
    problems = texts_outside_figure(figure)
    assert len(problems) == 1
    assert problems[0].startswith("'Outside' leaves the figure by") and problems[0].endswith("on the right")


def test_a_text_inside_the_figure_passes():
    figure = Figure(figsize=(4, 3))
    figure.text(0.1, 0.5, "Inside")
    assert texts_outside_figure(figure) == []


def test_two_texts_at_the_same_spot_overlap():
    figure = Figure(figsize=(4, 3))
    figure.text(0.5, 0.5, "Budget")
    figure.text(0.5, 0.5, "Spending")
    problems = overlapping_texts(figure)
    assert len(problems) == 1
    assert problems[0].startswith("'Budget' overlaps 'Spending'")


def test_texts_apart_do_not_overlap():
    figure = Figure(figsize=(4, 3))
    figure.text(0.1, 0.5, "Budget")
    figure.text(0.6, 0.5, "Spending")
    assert overlapping_texts(figure) == []


def test_crowded_tick_labels_overlap():
    figure = Figure(figsize=(4, 3))
    axes = full_axes(figure)
    axes.set_xticks([0, 0.3, 1], ["Transport equipment", "General equipment", "Land"])
    problems = overlapping_texts(figure)
    assert len(problems) == 1
    assert problems[0].startswith("'Transport equipment' overlaps 'General equipment'")


def test_what_is_not_drawn_is_not_checked():
    """Hidden texts, blank ones, out-of-view tick labels, a twin's hidden x axis, the decorations of an axes turned
    off and a clipped-away annotation: none of them is drawn, so none can be outside, overlap or lack contrast."""
    figure = Figure(figsize=(4, 3))
    axes = full_axes(figure)
    axes.plot([0, 1], [0, 1.05])  # ticks at −0.2 and 1.2 exist, outside the view limits
    axes.twinx().set_ylim(0, 105)
    figure.text(1.1, 0.5, "Hidden", visible=False)
    figure.text(0.5, 0.5, "  ")
    figure.text(0.5, 0.5, "Shown")
    axes.annotate("Clipped away", xy=(5, 5), xytext=(0.5, 0.5), textcoords="figure fraction")
    off = figure.add_axes((0.15, 0.15, 0.75, 0.75))
    off.axis("off")
    assert all_problems(figure) == []


def table_figure(text: str, width: float) -> Figure:
    """A figure of a one-row table: ``text`` in a column ``width`` of the figure wide, then "1"."""
    figure = Figure(figsize=(4, 3))
    axes = full_axes(figure)
    axes.axis("off")
    table = axes.table([[text, "1"]], colWidths=[width, 0.2], loc="center")
    table.auto_set_font_size(False)
    table.set_fontsize(10)
    return figure


def test_a_long_text_in_a_narrow_column_runs_out_of_its_cell():
    problems = table_text_outside_cells(table_figure("A long text in a narrow column", 0.2))
    assert len(problems) == 1
    assert problems[0].startswith("table cell (row 0, column 0) 'A long text in a narrow column' runs out by")


def test_texts_that_fit_their_cells_pass():
    assert table_text_outside_cells(table_figure("A long text in a wide column", 0.8)) == []


def test_a_narrow_plot_area_is_squeezed():
    figure = Figure(figsize=(4, 3))
    figure.add_axes((0.1, 0.1, 0.2, 0.8)).twinx()  # a twin shares the position: one plot area
    problems = squeezed_plot_areas(figure)
    assert len(problems) == 1
    assert problems[0] == "plot area 'axes 1' sits in a row 0.20 of the figure wide, under 0.4"


def test_a_flat_plot_area_is_squeezed():
    figure = Figure(figsize=(4, 3))
    figure.add_axes((0.1, 0.1, 0.8, 0.2))
    assert squeezed_plot_areas(figure) == ["plot area 'axes 1' is 0.20 of the figure high, under 0.25"]


def test_panels_side_by_side_add_up():
    figure = Figure(figsize=(4, 3))
    figure.add_axes((0.05, 0.1, 0.35, 0.8))
    figure.add_axes((0.5, 0.1, 0.3, 0.8))
    assert squeezed_plot_areas(figure) == []


def test_a_table_axes_is_checked_for_width_only_and_an_empty_axes_not_at_all():
    figure = Figure(figsize=(4, 3))
    table_axes = figure.add_axes((0.1, 0.1, 0.2, 0.1))
    table_axes.axis("off")
    table_axes.table([["1"]], loc="center")
    figure.add_axes((0.5, 0.5, 0.1, 0.1)).axis("off")
    assert len(squeezed_plot_areas(figure)) == 1


def bar_with_label(colour: str) -> Figure:
    figure = Figure(figsize=(4, 3))
    axes = full_axes(figure)
    axes.bar([0], [1], color="#E69F00")
    axes.text(0, 0.5, "50.91%", color=colour, ha="center", va="center")
    return figure


def test_white_on_orange_is_low_contrast():
    problems = low_contrast_texts(bar_with_label("white"))
    assert problems == ["'50.91%' is #ffffff on #e69f00: contrast 2.25, under 4.5"]


def test_black_on_orange_passes():
    assert low_contrast_texts(bar_with_label("black")) == []


def test_a_text_on_its_own_box_is_checked_against_the_box():
    figure = Figure(figsize=(4, 3))
    figure.text(0.5, 0.5, "Boxed", color="white", bbox={"facecolor": "black"})
    figure.text(0.1, 0.1, "Faint", color="#BBBBBB")
    assert len(low_contrast_texts(figure)) == 1


@pytest.mark.parametrize("size", ["slide", "document"])
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", list(BUILDERS))
def test_chart_is_briefing_grade(name, lang, size):
    result = BUILDERS[name](lang=lang, size=size)
    figure = getattr(result, "figure", result)  # a Figure, or a Chart holding one
    try:
        problems = all_problems(figure)
    finally:
        figure.clear()  # a failing test's traceback keeps the figure: keep it small
    assert problems == [], f"{len(problems)} problems:\n" + "\n".join(problems)
