"""From a published statement to a data package: ``import_statement`` reads a statement's PDF (its
national tables, the figures its notes state, its metadata) into a package of the national form,
with an import report. The reader of the PDF itself is :mod:`budgetlib.importers.pdf`."""

from budgetlib.importers.statement import Imported, import_statement

__all__ = ["Imported", "import_statement"]
