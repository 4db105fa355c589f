"""Each figure is rounded once, from its exact value, wherever it is shown: the tiles, the prose and
the chart titles agree, on the bundled package and on copies whose figures sit on rounding edges
(where rounding a figure already rounded to two decimals would show another one)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import set_cell

from budgetlib import analysis, audit, charts, load
from budgetlib.words import formatting, narrative, sentences

LANGS = ("zh", "en")


def with_spending(data_dir: Path, basic: str, project: str, total_base: str) -> Path:
    """``data_dir`` with the latest year's basic and project spending and the base year's total set,
    everything else made to reconcile: the stated changes kept, the base year's parts derived from
    them, the income and its printed total equal to the spending."""
    changes = {"basic": 199.18, "project": -5.39, "total": 193.79}
    total = f"{float(basic) + float(project):.2f}"
    rows = {(2020, "basic"): basic, (2020, "project"): project, (2020, "total"): total}
    rows[(2019, "basic")] = f"{float(basic) - changes['basic']:.2f}"
    rows[(2019, "project")] = f"{float(project) - changes['project']:.2f}"
    rows[(2019, "total")] = total_base
    for number, key in enumerate(
        [(2019, "total"), (2019, "basic"), (2019, "project")] + [(2020, k) for k in ("total", "basic", "project")],
        start=1,
    ):
        set_cell(data_dir, "budget_overview", number, "amount_10k_cny", rows[key])
    change = f"{float(total) - float(total_base):.2f}"
    set_cell(data_dir, "budget_changes", 1, "change_10k_cny", change)
    set_cell(data_dir, "budget_changes", 3, "change_10k_cny", f"{float(change) - changes['basic']:.2f}")
    set_cell(data_dir, "income_sources", 1, "amount_10k_cny", total)
    set_cell(data_dir, "stated_totals", 1, "amount_10k_cny", total)
    return data_dir


def shown(budget) -> dict[str, dict[str, list[str]]]:
    """By language, by measure: every text that shows the measure (tiles, prose, chart titles)."""
    yoy, split, lines = (
        analysis.year_over_year(budget),
        analysis.spending_split(budget),
        analysis.procurement_lines(budget),
    )
    earmarked = analysis.earmarked_spending(budget)
    concentration = analysis.procurement_concentration(budget)
    by_category = analysis.procurement_by(budget, "category")
    texts = {}
    for lang in LANGS:
        tiles = sentences.tile_cards(analysis.headline(budget), lines, audit(budget), lang)
        texts[lang] = {
            "basic_share": [tiles[1][2], charts.finding(charts.spending_split_bars, split, lang),
                            narrative.spending_split(split, earmarked, lang)],
            "total_change_pct": [tiles[0][3], charts.finding(charts.growth_bridge, yoy, lang),
                                 narrative.year_over_year(yoy, lang)],
            "top_share": [tiles[2][2], charts.finding(charts.procurement_lines_bars, lines, lang),
                          narrative.procurement(concentration, lines, by_category, lang)],
        }  # fmt: skip
    return texts


def exact(budget) -> dict[str, float]:
    figures = analysis.headline(budget)
    year = figures["fiscal_year"]
    return {
        "basic_share": figures[f"basic_share_{year}_pct"],
        "total_change_pct": figures["total_change_pct"],
        "top_share": figures["procurement_top_share_pct"],
    }


def agree(budget) -> None:
    """Every text shows each measure rounded once from its exact value, and never rounded twice."""
    figures = exact(budget)
    for lang, measures in shown(budget).items():
        for measure, texts in measures.items():
            once = formatting.pct(figures[measure])
            twice = formatting.pct(round(figures[measure], 2))
            for text in texts:
                assert once in text, (lang, measure, once, text)
                if twice != once:
                    assert twice not in text, (lang, measure, twice, text)


def test_the_bundled_package_shows_each_figure_rounded_once():
    agree(load())


@pytest.mark.parametrize(
    ("basic", "project", "total_base", "edge", "once", "twice"),
    [
        # 615.36 of 1,052.86 is 58.4465%: 58.4% once, 58.45 → 58.5% twice
        ("615.36", "437.50", "859.07", "basic_share", "58.4%", "58.5%"),
        # a change of 193.79 on 1,001.60 is 19.348%: 19.3% once, 19.35 → 19.4% twice
        ("700.00", "495.39", "1001.60", "total_change_pct", "19.3%", "19.4%"),
    ],
    ids=["basic_share", "total_change"],
)
def test_a_figure_on_a_rounding_edge_is_shown_the_same_everywhere(data_copy, basic, project, total_base, edge,
                                                                  once, twice):  # fmt: skip
    budget = load(with_spending(data_copy, basic, project, total_base))
    assert all(check.status != "fail" for check in audit(budget))
    assert formatting.pct(exact(budget)[edge]) == once
    assert formatting.pct(round(exact(budget)[edge], 2)) == twice  # the edge is real
    agree(budget)
