"""Read Chinese departmental budget statements (部门预算 / 单位预算) from their PDFs.

The national form (财政部《地方预决算公开操作规程》) prints nine tables and
explanatory notes; :func:`read_statement` returns them as dataclasses, with
every amount as printed and every row's page. Untrusted input gives one
exception type, :class:`StatementError`.

Use::

    from budgetlib.importers.pdf import read_statement
    statement = read_statement("statement.pdf")
    statement.table("expenditure_summary").rows[-1].cells["total"]   # '371514655.00'
"""

from budgetlib.importers.pdf.errors import StatementError
from budgetlib.importers.pdf.limits import DEFAULT_LIMITS, Limits
from budgetlib.importers.pdf.model import (
    Figure,
    GlossaryEntry,
    Metadata,
    Notice,
    OrgUnit,
    Project,
    Prose,
    Report,
    Row,
    Statement,
    Table,
    TableFound,
)
from budgetlib.importers.pdf.reader import OCR_MESSAGE, read_statement
from budgetlib.importers.pdf.titles import KINDS

__all__ = [
    "DEFAULT_LIMITS",
    "KINDS",
    "OCR_MESSAGE",
    "Figure",
    "GlossaryEntry",
    "Limits",
    "Metadata",
    "Notice",
    "OrgUnit",
    "Project",
    "Prose",
    "Report",
    "Row",
    "Statement",
    "StatementError",
    "Table",
    "TableFound",
    "read_statement",
]
