"""Printed column headers to canonical column keys, by what the words mean.

A column's header is its path through the merged header cells, top to
bottom: ("本年支出", "预算数", "基本支出", "人员经费") or ("“三公”经费预算数",
"公务用车购置及运行费", "小计"). The leaf names the column; an ancestor decides
the generic leaves (合计, 小计, 预算数) and the side of a two-sided table.
Position is never used, so a statement that orders its columns differently,
adds one, or leaves one out still maps right.
"""

from __future__ import annotations

import re

from budgetlib.importers.pdf.text import squash

#: Canonical amount keys and the printed words that mean them, most specific first.
_LEAF_RULES: list[tuple[str, tuple[str, ...]]] = [
    ("overseas_travel", ("因公出国(境)费", "因公出国费", "因公出国境费", "出国(境)费")),
    ("vehicle_purchase", ("公务用车购置费", "车辆购置费", "购置费")),
    ("vehicle_operation", ("公务用车运行维护费", "公务用车运行费", "运行维护费", "运行费")),
    ("vehicles_total", ("公务用车购置及运行维护费", "公务用车购置及运行费")),
    ("hospitality", ("公务接待费",)),
    ("operating_costs", ("机关运行经费",)),
    ("personnel", ("人员经费", "人员支出")),
    ("public", ("日常公用经费", "公用经费", "公用支出")),
    ("basic", ("基本支出",)),
    ("project", ("项目支出",)),
    ("operating_income", ("事业单位经营收入", "经营收入")),
    ("business_income", ("事业收入",)),
    ("other_income", ("其他收入",)),
    ("carryover", ("上年结转结余", "上年结转", "结转结余")),
    ("superior_subsidy", ("上级补助收入",)),
    ("subsidiary_income", ("附属单位上缴收入",)),
    ("business_fund", ("用事业基金弥补收支差额", "事业基金")),
    ("government_fund", ("政府性基金预算", "政府性基金")),
    ("state_capital", ("国有资本经营预算", "国有资本经营")),
    ("general_public", ("一般公共预算",)),
    ("fiscal_appropriation", ("财政拨款收入", "财政拨款")),
    ("payments_to_subordinates", ("对附属单位补助支出",)),
    ("remit_to_superior", ("上缴上级支出",)),
    ("operating_expense", ("经营支出",)),
]

_GENERIC_TOTAL = ("合计", "小计", "总计", "预算数", "金额", "预算金额", "本年预算", "预算", "年初预算数", "本年预算数")
_CODE_PART = {"类": "code_class", "款": "code_item", "项": "code_subitem"}
_NAME_WORDS = ("科目名称", "项目", "名称", "科目", "支出功能分类科目", "收入项目", "支出项目")
_CODE_WORDS = ("科目编码", "编码", "代码", "科目代码")
_YEAR_PREFIX = re.compile(r"^(?:20\d{2}年(?:度)?)")
_DATA_SUFFIX = re.compile(r"(?:预算数|预算)$")


def _clean(text: str) -> str:
    value = squash(text).replace('"', "")
    value = _YEAR_PREFIX.sub("", value)
    return value


def _leaf_key(leaf: str) -> str | None:
    for key, words in _LEAF_RULES:
        for word in words:
            if leaf == word or _DATA_SUFFIX.sub("", leaf) == word or leaf.startswith(word):
                return key
    return None


def column_key(path: tuple[str, ...] | list[str], two_sided: bool = False) -> str | None:
    """Return the canonical key for a column's header path, or ``None`` when unknown.

    >>> column_key(("项目", "功能分类科目编码", "类"))
    'code_class'
    >>> column_key(("收入预算", "事业单位经营收入"))
    'operating_income'
    >>> column_key(("“三公”经费预算数", "公务用车购置及运行费", "小计"))
    'vehicles_total'
    >>> column_key(("“三公”经费预算数", "合计"))
    'total'
    >>> column_key(("本年支出", "预算数", "基本支出", "人员经费"), two_sided=True)
    'personnel'
    >>> column_key(("本年支出", "预算数", "合计"), two_sided=True)
    'amount'
    >>> column_key(("2024年机关运行经费预算数",))
    'operating_costs'
    """
    parts = [_clean(p) for p in path if p and _clean(p)]
    if not parts:
        return None
    leaf = parts[-1]
    if leaf in _CODE_PART:
        return _CODE_PART[leaf]
    if any(leaf.endswith(word) for word in _CODE_WORDS):
        return "code"
    if any(leaf == word or leaf.endswith(word) for word in _NAME_WORDS) and _leaf_key(leaf) is None:
        return "name"
    key = _leaf_key(leaf)
    if key is not None:
        return key
    if leaf in _GENERIC_TOTAL or _DATA_SUFFIX.sub("", leaf) in ("", "合计"):
        for ancestor in reversed(parts[:-1]):
            inherited = _leaf_key(ancestor)
            if inherited in ("vehicles_total", "basic") and ancestor == _DATA_SUFFIX.sub("", ancestor):
                return inherited
            if not two_sided and ancestor in ("财政拨款", "财政拨款收入", "项目支出"):
                return _leaf_key(ancestor)
        return "amount" if two_sided else "total"
    return None


def side_of(path: tuple[str, ...] | list[str]) -> str | None:
    """Which side of a two-sided table a header path belongs to, from its top words.

    >>> side_of(("本年收入", "项目")), side_of(("财政拨款支出", "合计"))
    ('income', 'spending')
    """
    for part in path:
        text = _clean(part)
        if not text:
            continue
        has_in, has_out = "收入" in text, "支出" in text
        if has_in and not has_out:
            return "income"
        if has_out and not has_in:
            return "spending"
    return None
