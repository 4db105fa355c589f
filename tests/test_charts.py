"""Every chart renders in Chinese and English at both sizes, with no missing glyph and no stray language."""

from __future__ import annotations

import functools
import io
import re
import warnings
from collections.abc import Callable

import pytest
from conftest import chart_inputs, national_chart_inputs
from matplotlib.figure import Figure
from matplotlib.text import Text

from budgetlib import charts, load
from budgetlib.charts.export import save_figure
from budgetlib.charts.fonts import BUNDLED_CJK_FAMILY, font_families

CJK = re.compile(r"[\u4e00-\u9fff]")


def chart_builders(budget) -> dict[str, Callable[..., charts.Chart]]:
    """Every chart, by the name its figure files get, as a function of ``lang`` and ``size``."""
    return {name: functools.partial(chart, frame) for name, (chart, frame) in chart_inputs(budget).items()}


BUILDERS = {
    **chart_builders(load()),
    **{name: functools.partial(chart, frame) for name, (chart, frame) in national_chart_inputs().items()},
}


def rendered_text(figure: Figure) -> str:
    """All text the figure shows, after drawing it (so tick labels exist)."""
    figure.canvas.draw()
    ticks = [t for axes in figure.axes for t in (*axes.get_xticklabels(), *axes.get_yticklabels())]
    return "\n".join(t.get_text() for t in [*figure.findobj(Text), *ticks] if t.get_visible())


def render_strictly(build: Callable[..., object], **kwargs) -> Figure:
    """Build and draw a chart with every warning (a missing glyph among them) an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        built = build(**kwargs)
        figure = getattr(built, "figure", built)
        figure.canvas.draw()
        for fmt in ("png", "svg", "pdf"):
            figure.savefig(io.BytesIO(), format=fmt)
    return figure


def test_the_bundled_cjk_font_is_registered():
    assert BUNDLED_CJK_FAMILY in font_families()


def test_a_missing_glyph_would_fail_the_render():
    """The strict render really catches a character no font has."""
    figure = Figure()
    figure.suptitle("\U0001f9ff")  # an emoji: in none of the fonts
    with pytest.raises(UserWarning, match="missing from font"):
        render_strictly(lambda: figure)


@pytest.mark.parametrize("size", ["slide", "document"])
@pytest.mark.parametrize("name", list(BUILDERS))
def test_chart_renders_in_chinese(name, size):
    figure = render_strictly(BUILDERS[name], lang="zh", size=size)
    shown = rendered_text(figure)
    assert "来源：" + BUILDERS[name].args[0].attrs["source_zh"] in shown
    assert CJK.search(figure.texts[0].get_text() if figure.texts else shown)


# Targets are shown as printed: "≥3个" has no English form.
QUOTES_CHINESE_TARGETS = {"department_vs_project"}


@pytest.mark.parametrize("name", list(BUILDERS))
def test_chart_in_english_has_no_chinese(name):
    figure = render_strictly(BUILDERS[name], lang="en", size="document")
    shown = rendered_text(figure)
    assert "Source: " + BUILDERS[name].args[0].attrs["source_en"][:30] in shown.replace("\n", " ")
    if name in QUOTES_CHINESE_TARGETS:
        shown = re.sub(r"[≥<]?\d+[个次家]", "", shown)
    assert not CJK.search(shown), CJK.findall(shown)


@pytest.mark.parametrize("size", ["slide", "document"])
def test_sizes(size):
    figure = BUILDERS["asset_mix"](lang="zh", size=size).figure
    width, height = figure.get_size_inches()
    assert (round(width, 2), round(height, 2)) == {"slide": (13.33, 7.5), "document": (6.3, 3.9)}[size]
    if size == "slide":
        assert round(width / height, 2) == round(16 / 9, 2)


def test_value_labels_are_numbers_without_units():
    """The unit is said once, in the subtitle; labels carry the formatter's numbers and signs."""
    figure = BUILDERS["growth_bridge"](lang="zh").figure
    labels = [text.get_text() for axes in figure.axes for text in axes.texts]
    assert labels == ["667.25", "+199.18", "−5.39", "861.04"]
    assert rendered_text(figure).count("，万元") == 1  # in the subtitle
    figure = BUILDERS["procurement_by_category"](lang="en").figure
    labels = [text.get_text() for axes in figure.axes for text in axes.texts]
    assert labels == ["Services", "Goods", "160.00 (93.8%)", "10.62 (6.2%)"]
    assert rendered_text(figure).count("10,000 yuan") == 1


def test_the_unit_comes_from_the_data_package(data_copy):
    descriptor = data_copy / "datapackage.json"
    text = descriptor.read_text(encoding="utf-8")
    descriptor.write_text(text.replace('"amountUnit_en": "10,000 yuan"', '"amountUnit_en": "ten thousand yuan"'))
    shown = rendered_text(chart_builders(load(data_copy))["growth_bridge"](lang="en").figure)
    assert "ten thousand yuan" in shown


def test_names_come_from_the_data(edit):
    changed = load(edit("catalogue_categories", 3, "category_en", "Contracted services"))
    chart = chart_builders(changed)["procurement_by_category"](lang="en")
    assert "Contracted services" in rendered_text(chart.figure)
    assert chart.finding.startswith("Contracted services are 93.8%")


def test_changed_data_changes_the_chart(edit):
    changed = load(edit("asset_categories", 2, "stated_share_pct", "13.53"))
    chart = chart_builders(changed)["asset_mix"](lang="en")
    assert "+0.20" in rendered_text(chart.figure)
    assert "by up to 0.20 percentage points" in chart.finding


def test_unknown_language_or_size_is_refused():
    with pytest.raises(ValueError, match="lang must be one of zh, en, not 'fr'"):
        BUILDERS["year_over_year"](lang="fr")
    with pytest.raises(ValueError, match="size must be one of slide, document"):
        BUILDERS["year_over_year"](size="poster")


def test_every_chart_writes_every_format(tmp_path):
    for name, build in BUILDERS.items():
        chart = build(lang="zh", size="document")
        paths = save_figure(chart.figure, name, lang="zh", out_dir=tmp_path, description=chart.finding)
        assert [p.name for p in paths] == [f"{name}.png", f"{name}.svg", f"{name}.pdf"]
        assert all(p.stat().st_size > 1000 for p in paths)
