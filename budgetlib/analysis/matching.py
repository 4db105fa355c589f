"""Names compared across tables: normalised text, and how alike two names are.

The target review pairs goals with tables and indicators with indicators by these; the text
review matches the items the prose names with the procurement lines.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from difflib import SequenceMatcher

BRACKETS = re.compile(r"\(([^()]*)\)")


def normalized(text: str) -> str:
    """Text compared across tables: full-width brackets and signs folded to ASCII (NFKC), spaces dropped.

    >>> normalized("安全培训达标率（%）")
    '安全培训达标率(%)'
    """
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def similarity(a: str, b: str) -> float:
    """How alike two Chinese names are, 0–1, ignoring bracketed units.

    >>> round(similarity("培训出勤率", "培训出勤率(%)"), 2)
    1.0
    """
    return difflib.SequenceMatcher(None, BRACKETS.sub("", normalized(a)), BRACKETS.sub("", normalized(b))).ratio()


OTHER = "其他"  # the catalogue's "other …" prefix, which says nothing about the item


def _common(a: str, b: str) -> int:
    """Length of the longest run of characters that ``a`` and ``b`` share.

    >>> _common("复印和装订", "复印纸")
    2
    """
    return SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b)).size


def same_item(a: str, b: str, generic: Iterable[str] = ()) -> bool:
    """Whether two item names name the same thing: one holds the other, or they share a run of
    at least two characters that is half the shorter name, once the ``generic`` words
    (catalogue categories, "其他") are taken out of both.

    >>> same_item("复印和装订", "其他复印纸", ["服务"]), same_item("消防服务", "保安服务", ["服务"])
    (True, False)
    """
    words = sorted({OTHER, *generic}, key=len, reverse=True)
    a, b = normalized(a), normalized(b)
    for word in words:
        a, b = a.replace(word, ""), b.replace(word, "")
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    run = _common(a, b)
    return run >= 2 and run >= min(len(a), len(b)) / 2
