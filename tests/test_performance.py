"""The performance-target review, pinned to the statement's tables row by row."""

from __future__ import annotations

import pytest

from budgetlib import analysis, load
from budgetlib.checks import targets


@pytest.fixture(scope="module")
def budget():
    return load()


def test_counts_come_from_the_data_and_nothing_is_counted_twice(budget):
    every = analysis.indicators(budget)
    project = every[every["scope"] == "project"]
    department = every[every["scope"] == "department"]
    assert project["table_no"].nunique() == 21
    assert len(project) == 66 and len(department) == 34
    assert not every.duplicated(["scope", "table_no", "indicator_no"]).any()
    assert not project.duplicated(["table_no", "name_zh", "description_zh", "target_text"]).any()
    assert project.groupby("table_no").size().to_dict() == {n: 6 if n == 15 else 3 for n in range(1, 22)}


def test_indicator_mix(budget):
    mix = analysis.indicator_mix(budget)
    by_level = mix.groupby("level1_en", observed=True)["indicators"].sum().to_dict()
    # Every table has two output and one effect indicator, but table 15: four output, one effect, one satisfaction.
    assert by_level == {"Output": 44, "Effect": 21, "Satisfaction": 1}
    by_level2 = mix.groupby("level2_en", observed=True)["indicators"].sum().to_dict()
    assert by_level2 == {
        "Quantity": 22,
        "Quality": 20,
        "Timeliness": 2,
        "Sustainable impact": 21,
        "Service-recipient satisfaction": 1,
    }


def test_quantitative_and_qualitative(budget):
    every = analysis.indicators(budget)
    qualitative = every[every["target_kind"] == "qualitative"]
    assert qualitative["target_text"].tolist() == ["及时拨款", "效果显著", "顺利接入，网络使用畅通。"]
    assert qualitative["table_no"].tolist() == [4, 4, 6]
    number_only = every[every["target_kind"] == "number_only"]
    assert number_only[["scope", "table_no", "indicator_no", "target_text"]].values.tolist() == [
        ["department", 7, 3, "≥90"]
    ]
    kinds = analysis.target_kinds(budget).round(2)
    assert kinds.query("scope == 'project' and target_kind == 'quantitative'")["share_pct"].item() == 95.45


def test_threshold_distribution(budget):
    distribution = analysis.threshold_distribution(budget)
    project = distribution[distribution["scope"] == "project"].set_index("target")["indicators"].to_dict()
    assert project == {"<40%": 1, "≥70%": 3, "≥80%": 3, "≥90%": 26, "≥95%": 3, "100%": 8}
    department = distribution[distribution["scope"] == "department"].set_index("target")["indicators"].to_dict()
    assert department == {"<40%": 1, "≥90%": 11, "≥95%": 4, "≥98%": 1, "100%": 3, "≥100%": 3}


def test_target_findings_list_their_rows(budget):
    findings = targets.target_findings(budget)
    rows = findings[["finding", "scope", "table_no", "indicator_no", "target_text"]].values.tolist()
    assert rows == [
        ["percent_over_100", "department", 6, 1, "≥100%"],
        ["percent_over_100", "department", 9, 2, "≥100%"],
        ["percent_over_100", "department", 9, 3, "≥100%"],
        ["adverse_rate", "department", 6, 2, "<40%"],
        ["adverse_rate", "department", 9, 2, "≥100%"],
        ["adverse_rate", "project", 20, 2, "<40%"],
        ["unit_mismatch", "department", 7, 3, "≥90"],
        ["unit_mismatch", "project", 4, 3, "效果显著"],
        ["unit_mismatch", "project", 15, 1, "≥8个"],
        ["unit_mismatch", "project", 17, 1, "≥3次"],
    ]
    assert findings.query("table_no == 17 and scope == 'project'")["expected"].item() == "个"
    assert findings.query("scope == 'project'")["source_table"].str.endswith("绩效目标表").all()


def test_shared_indicators(budget):
    shared = targets.shared_indicators(budget)
    assert shared[["table_nos", "targets", "same_target"]].values.tolist() == [
        ["16, 19, 21", "≥90%", True],
        ["16, 19, 21", "≥90%", True],
        ["9, 17, 18", "100% / ≥90%", False],
        ["16, 21", "≥90%", True],
    ]


def test_goals_pair_with_their_project_tables(budget):
    pairs = targets.goal_table_pairs(budget)
    assert dict(zip(pairs["goal_no"], pairs["table_no"], strict=True)) == {
        1: 15, 2: 10, 3: 9, 4: 17, 5: 11, 6: 20, 7: 16, 8: 13, 9: 18, 10: 12, 11: 19,
    }  # fmt: skip


def test_department_vs_project(budget):
    differences = targets.department_vs_project(budget)
    rows = differences[
        ["goal_no", "department_target", "table_no", "project_indicator_no", "project_target", "differs_in"]
    ]
    assert rows.values.tolist() == [
        [1, "≥98%", 15, 3, "≥90%", "value"],
        [4, "≥3个", 17, 1, "≥3次", "unit"],
        [5, "≥4个", 11, 1, "≥4家", "unit"],
        [6, "≥100%", 20, 1, "100%", "operator"],
        [7, "≥90", 16, 3, "≥90%", "unit"],
        [8, "4次", 13, 1, "≥4次", "operator"],
        [8, "≥90%", 13, 2, "≥80%", "value"],
        [9, "≥90%", 18, 1, "100%", "value, operator"],
        [9, "≥100%", 18, 2, "100%", "operator"],
        [9, "≥100%", 18, 3, "100%", "operator"],
    ]
    first = differences.iloc[0]
    assert first["department_source"].startswith("五、预算绩效信息 第一部分")
    assert first["project_source"] == "15、危险化学品及重大危险源企业安全评审绩效目标表"


def test_project_budgets_beside_targets(budget):
    budgets = analysis.project_budgets(budget)
    assert budgets[["table_no", "project_budget_10k_cny", "procurement", "indicators"]].values.tolist() == [
        [3, 1.0, 0.5, 3],
        [5, 1.0, 0.3, 3],
        [11, 9.68, 6.04, 3],
        [12, 3.0, 2.58, 3],
        [15, 160.0, 160.0, 6],
    ]
    assert budgets.set_index("table_no").loc[15, "targets"] == "≥8个 / ≥8个 / ≥90% / ≥90% / ≥95% / ≥95%"


def test_changed_targets_change_the_findings(edit):
    data_dir = edit("project_indicators", 38, "target_text", "≥90%")  # table 13, row 2: now as the goal says
    data_dir = edit("project_indicators", 38, "target_value", "90")
    changed = load(data_dir)
    differences = targets.department_vs_project(changed)
    assert len(differences) == 9
    assert not ((differences["goal_no"] == 8) & (differences["differs_in"] == "value")).any()
