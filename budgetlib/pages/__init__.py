"""What a notebook shows besides charts and prose: tables for reading, the headline tiles, the
audit and the reviews in sentences; each a :class:`Block`, HTML in a page and text elsewhere."""

from budgetlib.pages.blocks import Block, absent, grid, measures, prose, table
from budgetlib.pages.briefing import (
    audit,
    completeness,
    glossary,
    prose_checks,
    remit,
    target_findings,
    text_review,
    tiles,
)
from budgetlib.pages.national import national_table

__all__ = [
    "Block",
    "absent",
    "audit",
    "completeness",
    "glossary",
    "grid",
    "measures",
    "national_table",
    "prose",
    "prose_checks",
    "remit",
    "table",
    "target_findings",
    "text_review",
    "tiles",
]
