"""Broken copies of the real statements, and the parts that read units and headers."""

from __future__ import annotations

import time

import pdfplumber
import pytest
from conftest import statement_path
from pdf_files import without_pages

from budgetlib.importers.pdf import read_statement
from budgetlib.importers.pdf.grid import Cell, Grid
from budgetlib.importers.pdf.headers import column_key
from budgetlib.importers.pdf.limits import DEFAULT_LIMITS
from budgetlib.importers.pdf.source import Line, PageData, open_pdf, preflight, read_pages
from budgetlib.importers.pdf.tables import TableAssembler
from budgetlib.importers.pdf.text import parse_unit


def test_table_second_page_missing_gives_fewer_rows_and_a_warning(tmp_path):
    # page 15 holds only the 合计 row of 万里's 收入预算总表
    path = without_pages(statement_path("wanli"), tmp_path / "no-p15.pdf", {15})
    statement = read_statement(path)
    income = statement.table("income_summary")
    assert (income.pages, len(income.rows)) == ([11, 12, 13, 14], 66)
    assert not any(r.is_total for r in income.rows)
    assert any(w.table == "income_summary" and "no 合计/总计 row" in w.message for w in statement.report.warnings)
    # the next table is not swallowed: it starts on (renumbered) page 15
    assert statement.table("expenditure_summary").pages == [15, 16, 17, 18, 19]


def test_middle_page_missing(tmp_path):
    # page 16 is the second page of 商务委's 一般公共预算支出功能分类预算表
    path = without_pages(statement_path("commerce"), tmp_path / "no-p16.pdf", {16})
    statement = read_statement(path)
    table = statement.table("general_budget_functional")
    assert (table.pages, len(table.rows)) == ([15], 15)
    assert any(w.table == "general_budget_functional" for w in statement.report.warnings)
    assert statement.table("government_fund_functional").pages == [16]


def test_missing_table_is_reported(tmp_path):
    path = without_pages(statement_path("office"), tmp_path / "no-three-public.pdf", {20})
    statement = read_statement(path)
    assert statement.report.missing == ["three_public"]
    assert statement.table("three_public") is None


@pytest.mark.parametrize(
    "line, unit",
    [
        ("编制部门：上海市普陀区商务委员会 单位：元", "元"),
        ("单位:万元", "万元"),
        ("单位: 元", "元"),
        ("编制单位：上海市普陀区司法局　　单位：万元", "万元"),
        ("金额单位：万元", "万元"),
        ("单位：千元", "千元"),
        ("编制单位：某某局", None),
        ("注:本单位2026年无政府性基金预算财政拨款安排的预算，故本表为空表。", None),
    ],
)
def test_unit_parser(line, unit):
    assert parse_unit(line) == unit


def _header_words(key: str, page: int) -> list[str]:
    with pdfplumber.open(statement_path(key)) as pdf:
        table = pdf.pages[page - 1].find_tables()[0]
        return [cell for row in table.extract()[:4] for cell in row if cell]


def test_header_mapping_on_extracted_words():
    words = [" ".join(w.split()) for w in _header_words("commerce", 10)]
    keys = {
        w: column_key(("收入预算", w.replace(" ", "")))
        for w in words
        if w not in ("项目", "收入预算", "功能分类科目编码")
    }
    assert keys["合计"] == "total"
    assert keys["财政拨款收入"] == "fiscal_appropriation"
    assert keys["事业收入"] == "business_income"
    assert keys["事业单位 经营收入"] == "operating_income"
    assert keys["其他收入"] == "other_income"
    assert keys["功能分类科目名称"] == "name"
    assert [column_key(("功能分类科目编码", part)) for part in "类款项"] == ["code_class", "code_item", "code_subitem"]


@pytest.mark.parametrize(
    "path, key",
    [
        (("一般公共预算支出", "小计"), "total"),
        (("本年支出", "基本支出", "小计"), "basic"),
        (("基本支出", "人员支出"), "personnel"),
        (("基本支出", "日常公用经费"), "public"),
        (("“三公”经费", "公务用车购置及运行维护费", "小计"), "vehicles_total"),
        (("“三公”经费", "公务用车购置及运行维护费", "公务用车运行维护费"), "vehicle_operation"),
        (("因公出国（境）费",), "overseas_travel"),
        (("收入", "上年结转"), "carryover"),
        (("科目编码",), "code"),
        (("支出功能分类科目", "科目名称"), "name"),
        (("某种新收入",), None),
    ],
)
def test_header_mapping_variants(path, key):
    assert column_key(path) == key


def _grid(page: int, top: float, rows: list[list[str]], widths=(40, 40, 40, 200, 100, 100, 100)) -> Grid:
    edges = [50.0]
    for width in widths:
        edges.append(edges[-1] + width)
    cells = [Cell(text, r, c, r + 1, c + 1) for r, row in enumerate(rows) for c, text in enumerate(row) if text]
    return Grid(
        page=page,
        bbox=(50.0, top, edges[-1], top + 20.0 * len(rows)),
        n_rows=len(rows),
        n_cols=len(widths),
        cells=cells,
        col_edges=edges,
    )


HEADER = [["", "", "", "功能分类科目名称", "合计", "基本支出", "项目支出"], ["类", "款", "项", "", "", "", ""]]


def _page(number: int, lines: list[str], grid: Grid) -> PageData:
    text_lines = [Line(text, 50, 40 + 20 * i, 400, 52 + 20 * i, 12) for i, text in enumerate(lines)]
    return PageData(number=number, width=842, height=595, lines=text_lines, grids=[grid])


def test_row_cut_by_page_break_is_joined():
    first = _grid(
        1,
        100,
        [
            *HEADER,
            ["201", "", "", "一般公共服务支出", "30.00", "10.00", "20.00"],
            ["201", "13", "01", "行政运行（一般", "", "", ""],
        ],
    )
    second = _grid(
        2,
        60,
        [
            *HEADER,
            ["", "", "", "行政管理事务）", "30.00", "10.00", "20.00"],
            ["合计", "", "", "", "30.00", "10.00", "20.00"],
        ],
    )
    assembler = TableAssembler()
    assembler.add_page(_page(1, ["2025年部门支出预算总表", "编制部门：某局 单位：万元"], first))
    assembler.add_page(_page(2, [], second))
    assembler.finish()
    (table,) = assembler.tables
    assert (table.kind, table.unit, table.pages) == ("expenditure_summary", "万元", [1, 2])
    assert [r.name for r in table.rows] == ["一般公共服务支出", "行政运行（一般行政管理事务）", "合计"]
    assert table.rows[1].cells["total"] == "30.00" and table.rows[1].code == "2011301"
    assert any("cut by the page break" in n.message for n in assembler.notices)


def test_repeated_header_with_other_words_is_reported():
    first = _grid(1, 100, [*HEADER, ["201", "", "", "一般公共服务支出", "30.00", "10.00", "20.00"]])
    other = [["", "", "", "科目名称", "合计", "项目支出", "基本支出"], ["类", "款", "项", "", "", "", ""]]
    second = _grid(2, 60, [*other, ["合计", "", "", "", "30.00", "20.00", "10.00"]])
    assembler = TableAssembler()
    assembler.add_page(_page(1, ["表3 部门支出总表", "单位:元"], first))
    assembler.add_page(_page(2, [], second))
    assembler.finish()
    (table,) = assembler.tables
    assert table.unit == "元" and len(table.rows) == 2
    assert any("header repeated" in n.message for n in assembler.notices)


def _tables(key: str, ruled: bool):
    path = str(statement_path(key))
    preflight(path, DEFAULT_LIMITS)
    pdf, objs = open_pdf(path, DEFAULT_LIMITS)
    assembler = TableAssembler()
    try:
        for page in read_pages(path, pdf, objs, DEFAULT_LIMITS, time.monotonic(), ruled=ruled):
            assembler.add_page(page)
        assembler.finish()
    finally:
        pdf.close()
    return {t.kind: t for t in assembler.tables}


@pytest.mark.parametrize("key", ["commerce", "office", "justice"])
def test_word_position_fallback_agrees_on_classified_tables(key):
    """With cell borders ignored, the word-position reading gives the same rows."""
    ruled, words = _tables(key, True), _tables(key, False)
    for kind in ("income_summary", "expenditure_summary", "general_budget_functional", "basic_economic"):
        a, b = ruled[kind], words[kind]
        assert b.strategy == "words" and a.pages == b.pages
        assert [(r.code, r.name, {k: r.cells[k] for k in a.amount_columns}) for r in a.rows] == [
            (r.code, r.name, {k: r.cells.get(k) for k in a.amount_columns}) for r in b.rows
        ]


def test_title_at_page_foot_table_on_next_page():
    grid = _grid(
        2,
        60,
        [
            *HEADER,
            ["201", "", "", "一般公共服务支出", "30.00", "10.00", "20.00"],
            ["合计", "", "", "", "30.00", "10.00", "20.00"],
        ],
    )
    title_page = PageData(
        number=1,
        width=842,
        height=595,
        lines=[Line("2025年部门支出预算总表", 300, 540, 500, 555, 18), Line("单位：元", 700, 560, 760, 572, 12)],
    )
    assembler = TableAssembler()
    assembler.add_page(title_page)
    assembler.add_page(_page(2, [], grid))
    assembler.finish()
    (table,) = assembler.tables
    assert (table.kind, table.unit, table.pages, len(table.rows)) == ("expenditure_summary", "元", [1, 2], 2)
    assert any("foot of a page" in n.message for n in assembler.notices)
