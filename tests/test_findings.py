"""Chart titles state what the data show, whichever way they go: rises, falls, no change,
parts moving apart, high or low concentration. Each case is a changed copy of the package.
And ``charts.finding`` gives every chart's title without drawing the chart."""

from __future__ import annotations

import inspect

import pytest
from conftest import chart_inputs, collection_chart_inputs, national_chart_inputs, set_cell
from matplotlib.figure import Figure

from budgetlib import analysis, charts, load
from budgetlib.charts import reshape

# budget_overview.csv rows: 1-3 are 2019 total, basic, project; 4-6 the same for 2020.
OVERVIEW_2020 = {"total": 4, "basic": 5, "project": 6}


def with_2020(data_copy, total: str, basic: str, project: str):
    for kind, value in (("total", total), ("basic", basic), ("project", project)):
        set_cell(data_copy, "budget_overview", OVERVIEW_2020[kind], "amount_10k_cny", value)
    return load(data_copy)


def findings(budget, lang: str) -> tuple[str, str, str]:
    yoy = analysis.year_over_year(budget)
    return (
        charts.year_over_year_bars(yoy, lang=lang, size="document").finding,
        charts.growth_bridge(yoy, lang=lang, size="document").finding,
        charts.spending_split_bars(analysis.spending_split(budget), lang=lang, size="document").finding,
    )


def test_the_bundled_statement_rises_with_parts_moving_apart():
    assert findings(load(), "zh") == (
        "总支出从667.25万元增至861.04万元，增长29.0%",
        "总支出增长29.0%：基本支出增加199.18万元，项目支出减少5.39万元",
        "基本支出占比从49.1%升至61.2%",
    )
    assert findings(load(), "en")[2] == "Basic spending rose from 49.1% to 61.2% of the total"


def test_a_fall_reads_as_a_fall(data_copy):
    budget = with_2020(data_copy, "633.71", "300.00", "333.71")
    assert findings(budget, "zh") == (
        "总支出从667.25万元降至633.71万元，下降5.0%",
        "总支出下降5.0%，其中基本支出减少27.56万元",
        "基本支出占比从49.1%降至47.3%",
    )
    assert findings(budget, "en") == (
        "Total spending fell 5.0%, from 667.25 to 633.71",
        "Total spending fell 5.0%, basic spending down 27.56",
        "Basic spending fell from 49.1% to 47.3% of the total",
    )
    for sentence in findings(budget, "zh") + findings(budget, "en"):
        assert "−" not in sentence and "+" not in sentence, sentence


def test_no_change_reads_as_no_change(data_copy):
    budget = with_2020(data_copy, "667.25", "327.56", "339.69")
    assert findings(budget, "zh") == (
        "总支出与2019年持平，为667.25万元",
        "总支出与2019年持平",
        "基本支出占比保持在49.1%",
    )
    assert findings(budget, "en")[1:] == (
        "Total spending was unchanged from 2019",
        "Basic spending stayed at 49.1% of the total",
    )


def test_parts_that_cancel_out(data_copy):
    budget = with_2020(data_copy, "667.25", "337.56", "329.69")
    assert findings(budget, "zh")[1] == "总支出与2019年持平：基本支出增加10.00万元，项目支出减少10.00万元"
    assert findings(budget, "en")[1] == (
        "Total spending was unchanged from 2019: basic spending up 10.00, project spending down 10.00"
    )


NINE_LINES = range(1, 10)


@pytest.mark.parametrize(
    ("amounts", "zh", "en"),
    [
        ({8: "160.00"}, "政府采购高度集中：最大一条占93.8%", "Procurement is highly concentrated"),
        ({8: "4.00"}, "政府采购较为集中：最大一条占30.8%", "Procurement is moderately concentrated"),
        (dict.fromkeys(NINE_LINES, "1.00"), "政府采购较为分散：最大一条占11.1%", "Procurement is spread out"),
    ],
    ids=["high", "moderate", "low"],
)
def test_concentration_follows_the_index_bands(data_copy, amounts, zh, en):
    for line, amount in amounts.items():
        set_cell(data_copy, "procurement_lines", line, "amount_10k_cny", amount)
    lines = analysis.procurement_lines(load(data_copy))
    assert charts.procurement_lines_bars(lines, lang="zh", size="document").finding == zh
    assert charts.procurement_lines_bars(lines, lang="en", size="document").finding.startswith(en)
    note = rendered_text(charts.procurement_lines_bars(lines, lang="en", size="document").figure)
    assert f"Herfindahl–Hirschman index {analysis.hhi(lines['amount']):,.0f}" in note.replace("\n", " ")


def rendered_text(figure) -> str:
    return "\n".join(text.get_text() for text in figure.texts)


CHARTS = {**chart_inputs(load()), **national_chart_inputs(), **collection_chart_inputs()}


def chart_functions() -> set:
    """The public functions of budgetlib.charts that draw a Chart (save_chart draws one of them)."""
    return {
        f
        for name, f in vars(charts).items()
        if inspect.isfunction(f)
        and not name.startswith("_")
        and f.__annotations__.get("return") == "Chart"
        and f is not charts.save_chart
    }


def test_every_chart_function_is_checked_below():
    assert {chart for chart, _ in CHARTS.values()} == chart_functions()
    assert set(charts.REGISTRY.values()) == chart_functions()  # each is registered, so texts() knows it


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", list(CHARTS))
def test_finding_is_the_charts_title_without_drawing_it(name, lang, monkeypatch):
    chart, frame = CHARTS[name]
    figures = []
    make_figure = Figure.__init__

    def counted(figure, *args, **kwargs):
        figures.append(figure)
        make_figure(figure, *args, **kwargs)

    monkeypatch.setattr(Figure, "__init__", counted)
    sentence = charts.finding(chart, frame, lang)
    assert figures == []
    assert sentence == chart(frame, lang=lang, size="document").finding
    assert len(figures) == 1  # the count does see a figure made


def test_finding_refuses_what_is_not_a_chart_function():
    yoy = analysis.year_over_year(load())
    with pytest.raises(ValueError, match=r"line_names .* is not a chart function of budgetlib\.charts"):
        charts.finding(reshape.line_names, yoy, "en")
    with pytest.raises(ValueError, match="lang must be one of zh, en"):
        charts.finding(charts.growth_bridge, yoy, "fr")
