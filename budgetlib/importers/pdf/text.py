"""Text helpers shared by the readers: width folding, amounts, units, years.

Statements mix full- and half-width punctuation ("单位：元" and "单位:万元"),
curly and straight quotes, and spaces inside words ("合 计"). Matching works
on a folded copy made with :func:`fold`, which maps one character to one
character so positions in the folded text are positions in the printed text.
"""

from __future__ import annotations

import re

_FULL = "０１２３４５６７８９，．：；（）！？％＂＇［］｛｝　～－"
_HALF = "0123456789,.:;()!?%\"'[]{} ~-"
_QUOTES_FROM = "“”‘’「」『』〝〞"
_QUOTES_TO = '""\'\'""""""'
_FOLD = str.maketrans(_FULL + _QUOTES_FROM + "\u00a0", _HALF + _QUOTES_TO + " ")


def fold(text: str) -> str:
    """Fold full-width digits and punctuation and curly quotes to ASCII, one char each.

    >>> fold("单位：元（含）“三公”")
    '单位:元(含)"三公"'
    """
    return text.translate(_FOLD)


def squash(text: str) -> str:
    """Fold and drop all whitespace: the form used to compare labels and titles.

    >>> squash("合 计")
    '合计'
    """
    return "".join(fold(text).split())


_AMOUNT = re.compile(r"^[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


def normalise_amount(text: str | None) -> str | None:
    """Return a printed amount without separators and spaces, or ``None`` for a blank.

    Text that is not an amount is returned folded and stripped, unchanged
    otherwise, so nothing printed is lost.

    >>> normalise_amount("371,514,655.00")
    '371514655.00'
    >>> normalise_amount("  ") is None
    True
    >>> normalise_amount("1661216")
    '1661216'
    """
    if text is None:
        return None
    value = "".join(fold(text).split())
    if not value:
        return None
    if _AMOUNT.match(value):
        return value.replace(",", "").replace("−", "-")
    return value


def is_amount(text: str | None) -> bool:
    """True when ``text`` is a printed amount ("1,234.50", "0", "-12").

    >>> is_amount("21,601,733.00"), is_amount("201"), is_amount("合计")
    (True, True, False)
    """
    if text is None:
        return False
    value = "".join(fold(text).split())
    return bool(value) and bool(_AMOUNT.match(value))


_UNIT = re.compile(r"(?:金额)?单位\s*[:：]?\s*(亿元|万元|千元|元)")


def parse_unit(text: str) -> str | None:
    """Return the unit a unit line states ("元", "万元", ...), or ``None``.

    Accepts full- or half-width colons, spaces, a 金额 prefix, and other text on
    the line (编制部门：… 单位：元).

    >>> parse_unit("编制部门：上海市普陀区商务委员会 单位：元")
    '元'
    >>> parse_unit("单位: 万元"), parse_unit("金额单位：万元"), parse_unit("单位:万元")
    ('万元', '万元', '万元')
    >>> parse_unit("本单位2026年无政府性基金预算") is None
    True
    """
    match = _UNIT.search(fold(text))
    return match.group(1) if match else None


_YEAR = re.compile(r"(20\d{2})\s*年")


def find_year(text: str) -> int | None:
    """Return the first fiscal year written as "20XX年" in ``text``.

    >>> find_year("上海市普陀区2025年区级部门预算")
    2025
    """
    match = _YEAR.search(text)
    return int(match.group(1)) if match else None


def join_cell_lines(text: str | None) -> str | None:
    """Join a cell's printed lines into one string (Chinese wraps without spaces).

    >>> join_cell_lines("事业单位\\n经营收入")
    '事业单位经营收入'
    """
    if text is None:
        return None
    parts = [part.strip() for part in text.splitlines()]
    joined = ""
    for part in parts:
        if not part:
            continue
        if joined and joined[-1].isascii() and joined[-1].isalnum() and part[0].isascii() and part[0].isalnum():
            joined += " "
        joined += part
    return joined
