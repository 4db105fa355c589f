"""Numbers as a reader writes them: the one formatter for charts, tables and prose.

Every kind of figure has its decimals: amounts two (as the statement prints them, in
the package's unit), shares one, percentage points two (the gaps this statement shows
are hundredths of a point), counts and indices none. Thousands are separated, a
negative number takes the true minus sign (−, U+2212), a signed number a plus or a
minus, and a value that rounds to zero no sign at all. The digits and signs are the
same in Chinese and English; units and words are left to :mod:`budgetlib.words.wording`.
"""

from __future__ import annotations

import math

MINUS = "\N{MINUS SIGN}"
DECIMALS = {"amount": 2, "pct": 1, "pp": 2, "count": 0, "index": 0}
MISSING = "—"


def number(value: float | None, decimals: int = 2, *, signed: bool = False) -> str:
    """``value`` with ``decimals`` decimals, thousands separated, a true minus sign.

    >>> number(1937.9), number(-5.389), number(199.18, signed=True), number(-0.001, signed=True)
    ('1,937.90', '−5.39', '+199.18', '0.00')
    >>> number(float("nan"))
    '—'
    """
    if value is None or math.isnan(value):
        return MISSING
    rounded = round(float(value), decimals)
    if rounded == 0:
        rounded = 0.0  # no "−0.00"
    text = f"{abs(rounded):,.{decimals}f}"
    if rounded < 0:
        return MINUS + text
    return ("+" + text) if signed and rounded > 0 else text


def amount(value: float | None, *, signed: bool = False) -> str:
    """An amount in the package's unit, two decimals as printed.

    >>> amount(861.04), amount(-33.5), amount(193.79, signed=True)
    ('861.04', '−33.50', '+193.79')
    """
    return number(value, DECIMALS["amount"], signed=signed)


def pct(value: float | None, *, signed: bool = False, decimals: int = DECIMALS["pct"]) -> str:
    """A share or a rate of change in percent, one decimal (two where a share is set beside
    one the statement prints with two, so their gap shows).

    >>> pct(93.7756), pct(-2.78, signed=True), pct(29.043, signed=True), pct(52.1477, decimals=2)
    ('93.8%', '−2.8%', '+29.0%', '52.15%')
    """
    text = number(value, decimals, signed=signed)
    return text if text == MISSING else text + "%"


def pp(value: float | None, *, signed: bool = True) -> str:
    """A difference of two percentages in percentage points, two decimals, signed by default.

    >>> pp(-0.1333), pp(0.15), pp(0.0)
    ('−0.13', '+0.15', '0.00')
    """
    return number(value, DECIMALS["pp"], signed=signed)


def count(value: float | None) -> str:
    """A count or an index such as the HHI: a whole number.

    >>> count(8803.12), count(66)
    ('8,803', '66')
    """
    return number(value, DECIMALS["count"])


def direction(value: float | None, decimals: int = DECIMALS["amount"]) -> str:
    """ "up", "down" or "flat": the sign of a change as shown at ``decimals`` decimals.

    Wording picks its verb by it, so "rose by 0.00" never appears.

    >>> direction(193.79), direction(-5.39), direction(0.001)
    ('up', 'down', 'flat')
    """
    if value is None or math.isnan(value):
        return "flat"
    rounded = round(float(value), decimals)
    return "up" if rounded > 0 else "down" if rounded < 0 else "flat"
