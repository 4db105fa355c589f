"""The statement's text against its tables: the narrative tables, the review's findings with
both their sources, and the same review on a changed copy of the package."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import drop_resource, set_cell

import budgetlib
from budgetlib import pages
from budgetlib.analysis.matching import same_item
from budgetlib.checks.text_review import review, stated_counts
from budgetlib.cli import main

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO.parent / "shared" / "source" / "2020-budget-statement.txt"
NARRATIVE = {
    "responsibilities": ["duty_zh", "summary_zh"],
    "statement_text": ["text_zh"],
    "procurement_purposes": ["purpose_zh"],
    "glossary": ["term_zh", "definition_zh"],
}


@pytest.fixture(scope="module")
def findings():
    return review(budgetlib.load())


def _by(findings, finding, stated_row):
    rows = findings[(findings["finding"] == finding) & (findings["stated_row"] == stated_row)]
    assert len(rows) == 1, findings[["finding", "stated_row"]].values.tolist()
    return rows.iloc[0]


def test_the_narrative_tables_load_with_their_rows():
    budget = budgetlib.load()
    assert len(budget.responsibilities) == 7 and len(budget.glossary) == 6
    assert budget.statement_text["section"].astype(str).value_counts()[
        ["safeguards", "three_public_expenses"]
    ].tolist() == [7, 4]
    assert budget.procurement_purposes["purpose_zh"].tolist() == ["办公消耗用品及类似物品", "审计服务", "印刷和出版"]
    assert budget.glossary.set_index("term_zh").loc["基本支出", "term_en"] == "Basic spending"
    for name in NARRATIVE:
        assert set(budget[name]["value_status"]) == {"published"}
        assert budget[name]["source_section"].str.len().gt(0).all()


@pytest.mark.skipif(not SOURCE.is_file(), reason="the source statement is kept beside the repository, not in it")
def test_the_narrative_text_is_verbatim_from_the_statement():
    flat = re.sub(r"\s+", "", SOURCE.read_text(encoding="utf-8"))
    budget = budgetlib.load()
    missing = [
        (table, column, value[:20])
        for table, columns in NARRATIVE.items()
        for column in columns
        for value in budget[table][column].astype(str)
        if re.sub(r"\s+", "", value) not in flat
    ]
    assert missing == []


def test_a_package_without_the_narrative_tables_says_so(data_copy):
    """Every table is optional (a statement prints what it prints): the page says what is not given."""
    drop_resource(data_copy, "glossary")
    drop_resource(data_copy, "responsibilities")
    budget = budgetlib.load(data_copy)
    assert pages.glossary(budget, "zh").text == "本报表未列名词解释。"
    assert pages.remit(budget, "en").text == "The statement lists no duties of the department (部门职责)."


def test_the_four_contradictions_are_found_with_both_sources(findings):
    assert findings["finding"].value_counts().to_dict() == {
        "planned_not_procured": 2,
        "objective_count": 1,
        "purpose_not_procured": 1,
    }

    objective = _by(findings, "objective_count", "13")
    assert (objective["stated_in"], objective["stated_section"]) == (
        "project_target_tables",
        "13、安委会联络员培训费绩效目标表",
    )
    assert (objective["stated"], objective["stated_zh"]) == ("≥1次", "计划至少组织1次")
    assert (objective["held_in"], objective["held_rows"], objective["held"]) == ("project_indicators", "13/1", "≥4次")

    purpose = _by(findings, "purpose_not_procured", "2020/2")
    assert (purpose["subject_zh"], purpose["stated_in"]) == ("审计服务", "procurement_purposes")
    assert purpose["stated_section"] == "六、2020年度政府采购支出情况说明"
    assert (purpose["held_in"], purpose["held_rows"], purpose["held"]) == ("procurement_lines", "8", "160.00")
    assert purpose["held_zh"] == "安全服务（C0810）" and purpose["category_en"] == "Services"

    for row, item in (("2020/1", "办公设备计算机"), ("2020/2", "制证设备")):
        planned = _by(findings, "planned_not_procured", row)
        assert (planned["subject_zh"], planned["stated_in"], planned["stated_section"]) == (
            item,
            "planned_asset_purchases",
            "七、国有资产信息",
        )
        assert (planned["held_in"], planned["held_rows"], planned["held_section"]) == (
            "procurement_lines",
            "",
            "政府采购预算表",
        )


def test_every_amount_and_share_in_the_prose_is_in_a_table_of_its_section(findings):
    assert "prose_amount" not in set(findings["finding"])


def test_a_changed_copy_loses_one_contradiction_and_gains_another(data_copy):
    """Table 13's indicator set to the objective's one session; the procurement paragraph's
    total misprinted: the first finding goes, a prose-amount finding comes."""
    set_cell(data_copy, "project_indicators", 37, "target_text", "≥1次")
    set_cell(data_copy, "project_indicators", 37, "target_value", "1")
    budget = budgetlib.load(data_copy)
    paragraph = budget.statement_text.query("section == 'procurement'").index[0] + 1
    text = budget.statement_text.loc[paragraph - 1, "text_zh"]
    set_cell(data_copy, "statement_text", paragraph, "text_zh", text.replace("合计170.62万元", "合计107.62万元"))

    found = review(budgetlib.load(data_copy))
    assert "objective_count" not in set(found["finding"])
    amount = _by(found, "prose_amount", "procurement/1")
    assert amount["subject_zh"] == "107.62万元" and "107.62" in amount["stated_zh"]
    assert amount["held_in"] == "procurement_lines, stated_totals" and amount["held_section"] == "六"
    assert len(found) == 4  # the audit service and the two planned purchases stay


def test_a_stated_purpose_that_is_procured_is_no_finding_and_an_unstated_line_is(data_copy):
    set_cell(data_copy, "procurement_purposes", 2, "purpose_zh", "安全服务")
    set_cell(data_copy, "procurement_purposes", 3, "purpose_zh", "办公用品")
    found = review(budgetlib.load(data_copy))
    assert "purpose_not_procured" not in set(found["finding"])
    unstated = found[found["finding"] == "procured_not_stated"]
    assert unstated["held_rows"].tolist() == ["1", "4"]  # the two lines of printed matter
    assert set(unstated["subject_zh"]) == {"其他印刷品"}


def test_a_planned_purchase_found_in_a_procurement_line_is_no_finding(data_copy):
    set_cell(data_copy, "planned_asset_purchases", 2, "item_zh", "其他办公消耗用品及类似物品")
    found = review(budgetlib.load(data_copy))
    assert found.query("finding == 'planned_not_procured'")["stated_row"].tolist() == ["2020/1"]


def test_the_review_names_nothing_of_this_statement():
    """Generic: no project, item or purpose of the bundled statement is written into the code."""
    code = (REPO / "budgetlib" / "checks" / "text_review.py").read_text(encoding="utf-8")
    budget = budgetlib.load()
    names = {
        *budget.project_target_tables["project_zh"],
        *budget.procurement_lines["item_zh"],
        *budget.procurement_lines["project_zh"],
        *budget.procurement_purposes["purpose_zh"],
        *budget.planned_asset_purchases["item_zh"],
        "安委会",
        "审计",
        "计算机",
        "制证",
    }
    assert [name for name in names if name in code] == []


def test_counts_and_item_names():
    assert stated_counts("组织不少于3场讲座，培训200人次。", ["场", "人", "人次", "%"]) == [
        ("组织不少于3场", "≥", 3.0, "场"),
        ("培训200人次", "=", 200.0, "人次"),
    ]
    assert same_item("办公消耗用品及类似物品", "其他办公消耗用品及类似物品")
    assert not same_item("办公设备计算机", "其他办公消耗用品及类似物品")
    assert not same_item("服务", "安全服务", ["服务"])


def test_the_pages_show_the_remit_the_findings_and_the_glossary(findings):
    budget = budgetlib.load()
    assert pages.remit(budget, "zh").text.startswith("高新区应急管理局的职责：负责加强全区应急管理能力建设；")
    assert "Remit: emergency capacity; flood, drought and quake relief;" in pages.remit(budget, "en").text
    zh = pages.text_review(findings, "zh").text
    assert "4处不一致" in zh and "服务类仅第8行安全服务（C0810），160.00万元" in zh
    en = pages.text_review(findings, "en")
    assert "4 contradictions" in en.text and "indicator 1 targets ≥4次" in en.text
    assert 'class="check-id">text.objective_count.13<' in en.html
    assert "Official overseas travel, official hospitality" in pages.glossary(budget, "en").text


def test_check_prints_the_review_after_the_audit(capsys):
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert out.index("checks:") < out.index("4 contradictions")
    assert "WARN text.purpose_not_procured.2020.2: Section 六 names audit services" in out
