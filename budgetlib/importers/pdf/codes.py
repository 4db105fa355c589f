"""Classification codes: from the printed parts to a full code, level and parent.

Functional (功能分类) codes are 类 3 digits, 款 2, 项 2: printed in separate
columns ("201" | "13" | "01") or as one code ("2011301", "201 13 01").
Economic (经济分类) codes are 类 3 digits and 款 2 ("301" | "01"). A 款 or 项
printed without its leading zero ("301" | "2", as a spreadsheet drops it) is
padded to two digits; the caller is told so it can warn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PART_WIDTHS = (3, 2, 2)
_ONE_CODE = re.compile(r"^(\d{3})(?:\s*(\d{2})(?:\s*(\d{2}))?)?$")
_LEADING_CODE = re.compile(r"^\s*\[?(\d{3}(?:\s?\d{2}){0,2})(?![\d.,])\]?\s*([^\d\s年.,、].*)$")


@dataclass(frozen=True)
class Code:
    """A parsed classification code."""

    code: str
    parts: tuple[str, ...]  # as printed
    level: int
    parent: str | None
    padded: bool  # a part was printed without its leading zero


def from_parts(parts: list[str | None]) -> Code | None:
    """Build a code from 类/款/项 parts as printed; ``None`` when there is no code.

    >>> from_parts(["201", "13", "01"])
    Code(code='2011301', parts=('201', '13', '01'), level=3, parent='20113', padded=False)
    >>> from_parts(["301", "2", None]).code
    '30102'
    >>> from_parts(["合计", None, None]) is None
    True
    """
    printed = [("".join(p.split()) if p else "") for p in parts]
    while printed and not printed[-1]:
        printed.pop()
    if not printed or any(not p for p in printed):
        return None
    if len(printed) == 1:
        return from_text(printed[0])
    if len(printed) > 3 or not all(p.isdigit() for p in printed):
        return None
    if len(printed[0]) != 3:
        return None
    digits = printed[0]
    padded = False
    for part, width in zip(printed[1:], _PART_WIDTHS[1:], strict=False):
        if len(part) > width:
            return None
        if len(part) < width:
            padded = True
        digits += part.zfill(width)
    return _make(digits, tuple(printed), padded)


def from_text(text: str) -> Code | None:
    """Parse a code printed as one string: "201", "20113", "2011301" or "201 13 01".

    >>> from_text("2011301").level, from_text("201 13").parent
    (3, '201')
    >>> from_text("12") is None
    True
    """
    match = _ONE_CODE.match(text.strip())
    if not match:
        return None
    parts = tuple(p for p in match.groups() if p)
    return _make("".join(parts), (text.strip(),), False)


def split_leading_code(text: str) -> tuple[Code, str] | None:
    """Split a name cell that starts with its code ("2011301 行政运行").

    >>> code, name = split_leading_code("201 13 01 行政运行")
    >>> code.code, name
    ('2011301', '行政运行')
    """
    match = _LEADING_CODE.match(text)
    if not match:
        return None
    code = from_text(match.group(1))
    if code is None:
        return None
    return code, match.group(2).strip()


def _make(digits: str, parts: tuple[str, ...], padded: bool) -> Code | None:
    widths = {3: 1, 5: 2, 7: 3}
    level = widths.get(len(digits))
    if level is None:
        return None
    parent = None if level == 1 else digits[: len(digits) - 2]
    return Code(code=digits, parts=parts, level=level, parent=parent, padded=padded)
