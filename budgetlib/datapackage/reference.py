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
