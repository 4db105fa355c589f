"""Which national table a printed title names, and which pages are a 目录.

Titles vary in the wild: a 部门/单位/预算单位 prefix or the department's name,
the year, numbering ("1. ", "4．", "表1", "表一", "附表3"), 表 or 总表,
“三公” or "三公", a "（续表）" suffix. Matching therefore looks for the words
that name each table of the national set (财政部《地方预决算公开操作规程》),
not for a whole title, and checks the most specific names first.
"""

from __future__ import annotations

import re

from budgetlib.importers.pdf.text import squash

#: The national kinds in the order the form prints them, with their Chinese names.
KINDS: dict[str, str] = {
    "income_expenditure_summary": "收支预算总表",
    "income_summary": "收入预算总表",
    "expenditure_summary": "支出预算总表",
    "appropriation_summary": "财政拨款收支预算总表",
    "general_budget_functional": "一般公共预算支出功能分类预算表",
    "government_fund_functional": "政府性基金预算支出功能分类预算表",
    "state_capital_functional": "国有资本经营预算支出功能分类预算表",
    "basic_economic": "一般公共预算基本支出经济分类预算表",
    "three_public": "“三公”经费和机关运行经费预算表",
}

_NUMBERING = re.compile(
    r"^(?:附?表\s*[0-9一二三四五六七八九十]+[-—.、:：\s]*|[0-9一二三四五六七八九十]+\s*[.、:：)]\s*|\(?[0-9一二三四五六七八九十]+\)\s*)"
)
_CONTINUED = re.compile(r"[(（]?续表?[)）]?$")
_SENTENCE = re.compile(r"[,，。;；:：…]")


def _core(title: str) -> str:
    text = squash(title)
    text = _NUMBERING.sub("", text, count=1)
    text = _CONTINUED.sub("", text)
    return text


def title_kind(line: str) -> str | None:
    """Return the national kind a title line names, or ``None``.

    A title is a short line without sentence punctuation that ends in 表
    (optionally 续表); prose mentioning a table name is not a title.

    >>> title_kind("2025年部门财务收支预算总表")
    'income_expenditure_summary'
    >>> title_kind("4．2025年部门财政拨款收支预算总表")
    'appropriation_summary'
    >>> title_kind("表3 部门支出总表")
    'expenditure_summary'
    >>> title_kind('部门"三公"经费和机关运行经费预算表')
    'three_public'
    >>> title_kind("2024年部门一般公共预算基本支出部门预算经济分类预算表")
    'basic_economic'
    >>> title_kind("详见《部门收入预算总表》。") is None
    True
    """
    text = _core(line)
    if not text or len(text) > 60 or _SENTENCE.search(text):
        return None
    text = text.replace("……", "")
    if not text.endswith("表"):
        return None
    if "三公" in text and "经费" in text:
        return "three_public"
    if "基本支出" in text and ("经济分类" in text or "一般公共预算" in text):
        return "basic_economic"
    if "政府性基金" in text and "支出" in text and "收支" not in text:
        return "government_fund_functional"
    if "国有资本经营" in text and "支出" in text and "收支" not in text:
        return "state_capital_functional"
    if "一般公共预算" in text and "支出" in text and "收支" not in text and "基本支出" not in text:
        return "general_budget_functional"
    if "财政拨款收支" in text:
        return "appropriation_summary"
    if "收支" in text and "总表" in text:
        return "income_expenditure_summary"
    if "收入" in text and "总表" in text and "支出" not in text:
        return "income_summary"
    if "支出" in text and "总表" in text and "收入" not in text:
        return "expenditure_summary"
    return None


_TOC_HEAD = re.compile(r"^目录$")
_LEADERS = re.compile(r"(?:…|\.{4,}|·{4,})")


def is_contents_page(lines: list[str]) -> bool:
    """True when a page is a table of contents (目录): not a page of tables.

    A page is a 目录 when one of its first lines reads 目录, or when most of
    its title-like lines end in dot leaders or page numbers, or when it names
    three or more tables (a table page names one, rarely two).

    >>> is_contents_page(["目 录", "一、部门主要职能", "1. 2025年部门收入预算总表"])
    True
    >>> is_contents_page(["2025年部门收入预算总表", "编制部门：某局 单位：元"])
    False
    """
    for line in lines[:3]:
        if _TOC_HEAD.match(squash(line)):
            return True
    titled = [line for line in lines if title_kind(_LEADERS.split(line)[0]) is not None]
    if len(titled) >= 3:
        return True
    led = [line for line in lines if _LEADERS.search(line)]
    return len(led) >= 3 and len(led) * 2 >= len(lines)


def title_on_line(line: str) -> str | None:
    """The kind a line names as a title, ignoring dot leaders and page numbers after it."""
    head = _LEADERS.split(line)[0]
    return title_kind(head)
