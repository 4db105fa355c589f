"""Who the statement is for, which year, and which kind: from the cover first.

The cover names the department (预算主管部门：…, 预算单位：…) and the year and
kind in its title ("上海市普陀区2025年区级部门预算"). Where a cover lacks one,
the table sub-titles (编制部门：… / 编制单位：…) and the table titles give it,
by the most common value.
"""

from __future__ import annotations

import re
from collections import Counter

from budgetlib.importers.pdf.model import Metadata, Table
from budgetlib.importers.pdf.sections import COVER, Section
from budgetlib.importers.pdf.text import find_year, fold

_DEPARTMENT = re.compile(
    r"(预算主管部门|主管部门|预算单位|预算部门|编制部门|编制单位|部门名称|单位名称)\s*[:]\s*(.+?)\s*$"
)


def _kind_of(text: str) -> str | None:
    if "单位预算" in text or "预算单位" in text:
        return "unit"
    if "部门预算" in text:
        return "department"
    return None


def read_metadata(
    sections: list[Section], tables: list[Table], table_departments: list[str], page_count: int
) -> Metadata:
    """Build :class:`Metadata` from the cover section, tables and their sub-titles."""
    cover = next((s for s in sections if s.kind == COVER), None)
    title = department = None
    year = kind = None
    if cover is not None:
        for paragraph in cover.paragraphs:
            text = paragraph.text
            m = _DEPARTMENT.search(fold(text))
            if m and department is None:
                department = text[m.start(2) : m.end(2)].strip()
            elif title is None and "预算" in text:
                title = text
        if title:
            year = find_year(title)
            kind = _kind_of(title)
    if department is None and table_departments:
        department = Counter(table_departments).most_common(1)[0][0]
    if year is None:
        years = [y for y in (find_year(t.title) for t in tables) if y]
        year = Counter(years).most_common(1)[0][0] if years else None
    if kind is None:
        kinds = [k for k in (_kind_of(t.title) for t in tables) if k]
        kind = Counter(kinds).most_common(1)[0][0] if kinds else None
    return Metadata(department=department, fiscal_year=year, kind=kind, title=title, page_count=page_count)
