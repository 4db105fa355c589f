"""The analyses, with exact values checked by hand against the statement, and on changed data."""

from __future__ import annotations

import pandas as pd
import pytest

from budgetlib import analysis, load


@pytest.fixture(scope="module")
def budget():
    return load()


def rounded(frame: pd.DataFrame, columns: list[str]) -> list[list]:
    return frame[columns].round(2).values.tolist()


def test_year_over_year(budget):
    yoy = analysis.year_over_year(budget)
    assert yoy["spending_type"].astype(str).tolist() == ["basic", "project", "total"]
    assert rounded(yoy, ["amount_base", "amount", "change", "change_pct", "contribution_pct"]) == [
        [327.56, 526.74, 199.18, 60.81, 102.78],
        [339.69, 334.30, -5.39, -1.59, -2.78],
        [667.25, 861.04, 193.79, 29.04, 100.0],
    ]
    assert yoy["spending_type_zh"].tolist() == ["基本支出", "项目支出", "合计"]
    assert set(yoy["base_year"]) == {2019} and set(yoy["year"]) == {2020}


def test_contributions_of_the_parts_sum_to_100(budget):
    yoy = analysis.year_over_year(budget)
    assert yoy.query("spending_type != 'total'")["contribution_pct"].sum() == pytest.approx(100)


def test_spending_split(budget):
    split = analysis.spending_split(budget)
    assert rounded(split, ["year", "amount", "share_pct"]) == [
        [2019, 327.56, 49.09],
        [2019, 339.69, 50.91],
        [2020, 526.74, 61.17],
        [2020, 334.30, 38.83],
    ]


def test_earmarked_spending(budget):
    earmarked = analysis.earmarked_spending(budget)
    assert earmarked["item"].tolist() == [
        "operating_costs",
        "overseas_travel",
        "official_vehicles",
        "official_hospitality",
    ]
    assert rounded(earmarked, ["amount", "share_of_total_pct", "share_of_basic_pct"]) == [
        [18.5, 2.15, 3.51],
        [0.0, 0.0, 0.0],
        [0.0, 0.0, 0.0],
        [0.0, 0.0, 0.0],
    ]


def test_procurement_lines_pareto(budget):
    lines = analysis.procurement_lines(budget)
    assert lines["line_no"].tolist() == [8, 7, 4, 9, 6, 3, 2, 5, 1]
    assert lines["rank"].tolist() == list(range(1, 10))
    assert rounded(lines.head(3), ["amount", "share_pct", "cumulative_share_pct"]) == [
        [160.0, 93.78, 93.78],
        [4.5, 2.64, 96.41],
        [1.58, 0.93, 97.34],
    ]
    assert lines["cumulative_share_pct"].iloc[-1] == pytest.approx(100)


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        (
            "project",
            [
                ["危险化学品及重大危险源企业安全评审", 1, 160.0, 93.78],
                ["安全生产新闻宣传试点城市工作活动经费", 3, 6.04, 3.54],
                ["安全生产月活动经费", 2, 2.58, 1.51],
                ["日常公用经费", 1, 1.2, 0.7],
                ["防汛安全知识培训经费", 1, 0.5, 0.29],
                ["乡、村两级灾害信息员培训经费", 1, 0.3, 0.18],
            ],
        ),
        ("category", [["C", 1, 160.0, 93.78], ["A", 8, 10.62, 6.22]]),
        ("unit", [["426003", 7, 169.82, 99.53], ["426002", 2, 0.8, 0.47]]),
    ],
)
def test_procurement_by(budget, by, expected):
    frame = analysis.procurement_by(budget, by)
    got = [[row.key, row.lines, round(row.amount, 2), round(row.share_pct, 2)] for row in frame.itertuples()]
    assert got == expected


def test_procurement_by_names_come_from_the_data(budget):
    assert analysis.procurement_by(budget, "category")["name_zh"].tolist() == ["服务", "货物"]
    assert analysis.procurement_by(budget, "unit")["name_en"].tolist() == [
        "Work Safety Inspection Brigade",
        "Emergency Management Bureau",
    ]
    with pytest.raises(ValueError, match="must be 'project', 'category' or 'unit'"):
        analysis.procurement_by(budget, "colour")


def test_procurement_concentration(budget):
    summary = analysis.procurement_concentration(budget).round(2).to_dict()
    assert summary == {
        "total": 170.62,
        "lines": 9.0,
        "top_line_amount": 160.0,
        "top1_share_pct": 93.78,
        "top3_share_pct": 97.34,
        "hhi": 8803.12,
        "share_of_project_spending_pct": 51.04,
        "share_of_total_spending_pct": 19.82,
        "top_line_share_of_project_spending_pct": 47.86,
        "top_line_share_of_total_spending_pct": 18.58,
    }


def test_asset_mix(budget):
    mix = analysis.asset_mix(budget)
    assert rounded(mix, ["amount", "share_pct", "stated_share_pct", "difference_pp"]) == [
        [25.72, 34.52, 34.5, -0.02],
        [9.93, 13.33, 13.2, -0.13],
        [38.85, 52.15, 52.3, 0.15],
    ]


def test_vehicles_beside_the_vehicle_expenses(budget):
    row = analysis.vehicles_and_vehicle_expenses(budget).iloc[0]
    assert (row["vehicles"], row["vehicle_value"], row["vehicle_expenses"]) == (2, 25.72, 0)
    assert row["as_of_date"] == pd.Timestamp("2019-12-31")


def test_frames_carry_their_source(budget):
    for frame in (analysis.year_over_year(budget), analysis.procurement_by(budget, "unit"), analysis.asset_mix(budget)):
        assert frame.attrs["source_zh"] == "石家庄高新区应急管理局2020年度部门预算情况说明"
        assert frame.attrs["source_en"].startswith("2020 departmental budget statement")


def test_changed_data_changes_every_analysis(edit):
    """A different statement: the review halves, a new project line appears in its place, basic spending grows."""
    data_dir = edit("procurement_lines", 8, "amount_10k_cny", "60.00")
    data_dir = edit("procurement_lines", 8, "unit_price_10k_cny", "60.00")
    data_dir = edit("budget_overview", 5, "amount_10k_cny", "626.74")
    data_dir = edit("asset_categories", 1, "value_10k_cny", "35.72")
    changed = load(data_dir)

    yoy = analysis.year_over_year(changed).set_index("spending_type")
    assert round(yoy.loc["basic", "change"], 2) == 299.18
    assert round(analysis.spending_split(changed).query("year == 2020")["share_pct"].iloc[0], 2) == round(
        100 * 626.74 / 861.04, 2
    )
    summary = analysis.procurement_concentration(changed)
    assert round(summary["total"], 2) == 70.62
    assert round(summary["top1_share_pct"], 2) == round(100 * 60 / 70.62, 2)
    assert analysis.procurement_by(changed, "category")["key"].tolist() == ["C", "A"]
    mix = analysis.asset_mix(changed).set_index("category")
    assert round(mix.loc["transport", "share_pct"], 2) == round(100 * 35.72 / 84.5, 2)
