"""What every analysis shares: shares, the concentration index, and the package's names for citing.

Shares and the index are computed from exact values and never rounded here; round when showing.
"""

from __future__ import annotations

import pandas as pd

from budgetlib.datapackage import Budget


def share_pct(part: float, whole: float) -> float | None:
    """``part`` as a percentage of ``whole``; None when the whole is zero.

    >>> round(share_pct(160, 170.62), 2)
    93.78
    >>> share_pct(1, 0) is None
    True
    """
    return None if whole == 0 else 100 * part / whole


def hhi(amounts: pd.Series) -> float | None:
    """Herfindahl–Hirschman index: the sum of squared percentage shares, 0–10,000.

    10,000 when one item holds everything, 10,000 / n for n equal items; None when
    there is nothing to share.

    >>> hhi(pd.Series([50.0, 50.0])), hhi(pd.Series([7.0]))
    (5000.0, 10000.0)
    """
    total = amounts.sum()
    if total == 0:
        return None
    return float(((100 * amounts / total) ** 2).sum())


HHI_MODERATE, HHI_HIGH = 1500, 2500  # the usual bands of the index (US merger guidelines, 2010)


def hhi_band(index: float | None) -> str:
    """The band of an HHI: "high" above 2,500, "moderate" from 1,500, "low" below, "none" without one.

    >>> hhi_band(8803.12), hhi_band(2000), hhi_band(1111), hhi_band(None)
    ('high', 'moderate', 'low', 'none')
    """
    if index is None or pd.isna(index):
        return "none"
    return "high" if index > HHI_HIGH else "moderate" if index >= HHI_MODERATE else "low"


def source_attrs(budget: Budget) -> dict[str, object]:
    """The data package's source, department names and amount unit, in Chinese and English,
    and its fiscal year."""
    source = (budget.descriptor.get("sources") or [{}])[0]
    department = budget.descriptor.get("department", {})
    unit = budget.descriptor.get("amountUnit", "")
    source_zh = source.get("title", budget.descriptor.get("title", ""))
    department_zh = department.get("short_name_zh") or department.get("name_zh", "")
    return {
        "fiscal_year": budget.descriptor.get("fiscalYear", ""),
        "unit_zh": unit,
        "unit_en": budget.descriptor.get("amountUnit_en", unit),
        "source_zh": source_zh,
        "source_en": source.get("title_en") or source_zh,  # the Chinese until a person gives the English
        "department_zh": department_zh,
        "department_en": department.get("short_name_en") or department.get("name_en") or department_zh,
    }


def with_source(frame: pd.DataFrame, budget: Budget) -> pd.DataFrame:
    """``frame`` with the package's source and department names in its ``attrs``, for charts to cite."""
    frame.attrs.update(source_attrs(budget))
    return frame
