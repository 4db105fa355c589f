"""What a notebook shows besides charts and prose: tables for reading, the headline tiles, the
audit and the reviews in sentences; each a :class:`Block`, HTML in a page and text elsewhere."""

from budgetlib.pages.blocks import Block, grid, measures, prose, table
from budgetlib.pages.briefing import audit, glossary, remit, target_findings, text_review, tiles

__all__ = [
    "Block",
    "audit",
    "glossary",
    "grid",
    "measures",
    "prose",
    "remit",
    "table",
    "target_findings",
    "text_review",
    "tiles",
]
