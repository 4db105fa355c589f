"""Reference data shipped with budgetlib: the national classifications of government spending (功能分类
类/款/项, 部门预算经济分类 类/款) and the kinds of spending, with their Chinese and English names.

A statement prints the codes and Chinese names; these give the English, so an English page names a
row in English. Where a statement's name for a code is not the reference's (another year's
classification, a local name), the reference's English is not used: the page shows the Chinese,
marked, and ``check`` lists it as needing a translation.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import cache
from pathlib import Path

import pandas as pd

FOLDER = Path(__file__).resolve().parent / "reference"


@cache
def _rows(name: str) -> tuple[tuple[str, ...], ...]:
    with (FOLDER / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        return tuple(tuple(row) for row in reader)


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def english_name(classification: str, code: str, name_zh: str) -> str | None:
    """The English name of ``code`` in ``classification`` (``functional`` or ``economic``) where the
    reference's Chinese name is the statement's (full- and half-width alike), else None.

    >>> english_name("functional", "2011301", "行政运行"), english_name("economic", "30213", "维修(护)费")
    ('Administrative operations', 'Repairs and maintenance')
    >>> english_name("functional", "2011301", "另一个名称") is None
    True
    """
    for row_code, zh, en in _rows(classification):
        if row_code == code and _plain(zh) == _plain(name_zh):
            return en
    return None


def spending_types() -> pd.DataFrame:
    """The kinds of spending (basic, project, total) with their names: ``spending_type``,
    ``spending_type_zh``, ``spending_type_en``."""
    return pd.DataFrame(
        list(_rows("spending_types")), columns=["spending_type", "spending_type_zh", "spending_type_en"]
    )


def category_names() -> pd.DataFrame:
    """The government procurement catalogue's three categories (A goods 货物, B works 工程, C services
    服务), indexed by letter: ``category_zh``, ``category_en``."""
    return pd.DataFrame(list(_rows("catalogue")), columns=["category", "category_zh", "category_en"]).set_index(
        "category"
    )


NUMBERING = re.compile(
    r"^\s*([一二三四五六七八九十]+\s*、|\d+\s*[、.．](?!\d)|[(（]\s*[一二三四五六七八九十\d]+\s*[)）])\s*"
)
CHINESE_NUMERALS = "一二三四五六七八九十"
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def numbering(name_zh: str) -> tuple[str, str]:
    """A row name's printed numbering and the name after it: ("一、", "财政拨款收入"), ("1.", "一般公共预算资金"),
    ("", "收入总计").

    >>> numbering("一、财政拨款收入"), numbering("1、一般公共预算"), numbering("收入总计")
    (('一、', '财政拨款收入'), ('1、', '一般公共预算'), ('', '收入总计'))
    """
    match = NUMBERING.match(name_zh)
    if match is None:
        return "", name_zh.strip()
    return match.group(1).replace(" ", ""), name_zh[match.end() :].strip()


def english_numbering(printed: str) -> str:
    """The English of a printed numbering: 一、 → "I. ", 1. or 1、 → "1. ", （一） → "(1) ", none → "".

    >>> english_numbering("三、"), english_numbering("2、"), english_numbering("（二）"), english_numbering("")
    ('III. ', '2. ', '(2) ', '')
    """
    if not printed:
        return ""
    core = printed.strip("、.．()（） ")
    if printed[0] in "(（":
        number = core if core.isdigit() else str(_chinese_number(core))
        return f"({number}) "
    if core.isdigit():
        return f"{core}. "
    value = _chinese_number(core)
    return f"{ROMAN[value - 1]}. " if 1 <= value <= len(ROMAN) else f"{value}. "


def _chinese_number(text: str) -> int:
    """一 … 十九 as a number (the numbering of a statement's rows goes no further)."""
    if text.startswith("十"):
        return 10 + (CHINESE_NUMERALS.index(text[1]) + 1 if len(text) > 1 else 0)
    return CHINESE_NUMERALS.index(text[0]) + 1 if text else 0


def item_name(kind: str, name_zh: str) -> tuple[str, str] | None:
    """The item a summary row (``kind`` "summary") or a three-public cell (``kind`` "three_public") names,
    and its English, where the reference knows its Chinese name (its numbering left out), else None.

    >>> item_name("summary", "1. 一般公共预算资金"), item_name("three_public", "因公出国（境）费")
    (('general_public', 'General public budget funds'), ('overseas_travel', 'Official overseas travel'))
    """
    _, name = numbering(name_zh)
    for row_kind, item, zh, en in _rows("items"):
        if row_kind == kind and _plain(zh) == _plain(name):
            return item, en
    return None


def functional_class(name_zh: str) -> tuple[str, str] | None:
    """The functional class (类, three digits) a row names, with its English, where the reference has
    the name (its numbering left out): how a summary's spending rows, printed without codes, are coded.

    >>> functional_class("一、一般公共服务支出")
    ('201', 'General public services')
    """
    _, name = numbering(name_zh)
    for code, zh, en in _rows("functional"):
        if len(code) == 3 and _plain(zh) == _plain(name):
            return code, en
    return None


def item_english(kind: str) -> dict[str, str]:
    """The English name of each item of ``kind`` ("summary" or "three_public"), by its key.

    >>> item_english("three_public")["vehicles"]
    'Official vehicles: purchase and operation'
    """
    names: dict[str, str] = {}
    for row_kind, item, _, en in _rows("items"):
        if row_kind == kind:
            names.setdefault(item, en)
    return names
