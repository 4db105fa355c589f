"""The briefing as a Word document (.docx), one per language: native tables, styles, charts at the
text width with their findings as captions and alt text, the same bytes for the same data."""

from budgetlib.document.content import document_bytes, write_document
from budgetlib.document.template import TemplateError, read_template

__all__ = ["TemplateError", "document_bytes", "read_template", "write_document"]
