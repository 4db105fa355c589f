"""Small parts on hand-made input: titles, codes, amounts, contents pages, sections."""

from __future__ import annotations

import pytest

from budgetlib.importers.pdf.codes import from_parts, from_text, split_leading_code
from budgetlib.importers.pdf.sections import heading_kind
from budgetlib.importers.pdf.text import is_amount, normalise_amount
from budgetlib.importers.pdf.titles import is_contents_page, title_kind


@pytest.mark.parametrize(
    "title, kind",
    [
        ("2025年部门财务收支预算总表", "income_expenditure_summary"),
        ("1. 2024年部门财务收支预算总表", "income_expenditure_summary"),
        ("表1 部门收支总表", "income_expenditure_summary"),
        ("表一  收支预算总表", "income_expenditure_summary"),
        ("2026年预算单位收入预算总表", "income_summary"),
        ("附表2：部门收入总表", "income_summary"),
        ("3. 2025年部门支出预算总表", "expenditure_summary"),
        ("4．2025年部门财政拨款收支预算总表", "appropriation_summary"),
        ("财政拨款收支总表（续表）", "appropriation_summary"),
        ("5．2025年部门一般公共预算支出功能分类预算表", "general_budget_functional"),
        ("一般公共预算支出表", "general_budget_functional"),
        ("6．2025年部门政府性基金预算支出功能分类预算表", "government_fund_functional"),
        ("政府性基金预算支出表", "government_fund_functional"),
        ("7．国有资本经营预算支出功能分类预算表", "state_capital_functional"),
        ("8．2024年部门一般公共预算基本支出部门预算经济分类预算表", "basic_economic"),
        ("一般公共预算基本支出表", "basic_economic"),
        ("9.部门“三公”经费和机关运行经费预算表", "three_public"),
        ('2025年单位"三公"经费预算表', "three_public"),
        ("上海市普陀区商务委员会2025年部门收入预算总表", "income_summary"),
        ("2025年部门预算编制说明", None),
        ("详见附表《部门收入预算总表》。", None),
        ("财政拨款收入：是区级预算主管部门…的收入总表", None),
    ],
)
def test_title_variants(title, kind):
    assert title_kind(title) == kind


def test_contents_page_with_leaders():
    lines = ["一、部门主要职能 ……………………", "1. 2024年部门财务收支预算总表 ………… 10", "2. 2024年部门收入预算总表 ………… 11"]
    assert is_contents_page(lines)


@pytest.mark.parametrize(
    "parts, code, level, parent",
    [
        (["201", None, None], "201", 1, None),
        (["201", "13", None], "20113", 2, "201"),
        (["201", "13", "01"], "2011301", 3, "20113"),
        (["302", "99"], "30299", 2, "302"),
        (["301", "7"], "30107", 2, "301"),
    ],
)
def test_code_parts(parts, code, level, parent):
    parsed = from_parts(parts)
    assert (parsed.code, parsed.level, parsed.parent) == (code, level, parent)


def test_code_as_one_string_and_leading_code():
    assert from_text("2011301").parent == "20113"
    assert from_text("201 13 01").code == "2011301"
    assert from_parts([None, "13", "01"]) is None
    assert from_parts(["合计", None, None]) is None
    assert split_leading_code("2080505 机关事业单位基本养老保险缴费支出")[0].code == "2080505"
    assert split_leading_code("2024年“三公”经费预算数") is None


@pytest.mark.parametrize(
    "printed, normal",
    [
        ("371,514,655.00", "371514655.00"),
        ("1661216", "1661216"),
        ("0", "0"),
        (" 1 234.50 ", "1234.50"),
        ("", None),
        (None, None),
        ("无", "无"),
    ],
)
def test_amounts(printed, normal):
    assert normalise_amount(printed) == normal


def test_is_amount():
    assert is_amount("１，２３４.00") and not is_amount("1.2.3") and not is_amount("一")


@pytest.mark.parametrize(
    "line, kind",
    [
        ("上海市普陀区人民政府万里街道办事处（部门）主要职能", "duties"),
        ("上海市普陀区司法局机构设置", "organisation"),
        ("名词解释", "glossary"),
        ("2026年单位预算编制说明", "notes"),
        ("其他相关情况说明", "other"),
        ("生命健康专项（政策资金）经费情况说明", "project"),
        ("项目经费情况说明", "project"),
        ("一、2025年“三公”经费预算情况说明", None),
        ("2025年，上海市普陀区商务委员会收入预算37,151.47万元，其中：", None),
    ],
)
def test_section_headings(line, kind):
    assert heading_kind(line) == kind
