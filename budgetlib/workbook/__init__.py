"""The entry workbook: a data package as one .xlsx for Excel, WPS or LibreOffice, and back."""

from budgetlib.workbook.reader import WorkbookError, import_workbook
from budgetlib.workbook.writer import export_workbook, write_template

__all__ = ["WorkbookError", "export_workbook", "import_workbook", "write_template"]
