"""A sheet as the import keeps it: the cells holding a value in a table's columns, row 1 whole,
the first value right of the table and the first merged range, collected while the sheet's XML
is streamed once (see :mod:`budgetlib.workbook.reader`)."""

from __future__ import annotations

from typing import Any


class Cell:
    """One cell as read: where it is, its value (a formula's text for a formula), its number
    format and, for a formula, the result stored with it."""

    __slots__ = ("column", "computed", "data_type", "number_format", "row", "value")

    def __init__(
        self,
        row: int,
        column: int,
        value: Any = None,
        data_type: str = "n",
        number_format: str = "General",
        computed: Any = None,
    ) -> None:
        self.row, self.column, self.value, self.data_type = row, column, value, data_type
        self.number_format, self.computed = number_format, computed

    @property
    def column_letter(self) -> str:
        return letter(self.column)


class Sheet:
    """What the import keeps of one sheet: the cells holding a value in the table's columns,
    row 1 whole (the field names), the first value right of the table, the first merged range.

    >>> sheet = Sheet("units")
    >>> for row, column, value in [(1, 1, "unit_code"), (1, 3, "note"), (5, 1, "426001"), (7, 3, "x"), (6, 3, "y")]:
    ...     sheet.add(Cell(row, column, value), width=2, first=2)
    >>> [(row, [cell.value for cell in cells]) for row, cells in sheet.rows(2)], sheet.header()
    ([(1, ['unit_code', None]), (5, ['426001', None])], ['unit_code', None, 'note'])
    >>> sheet.extra.row, sheet.last, sheet.cell(9, 2).column_letter
    (6, 7, 'B')
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.cells: dict[int, dict[int, Cell]] = {}
        self.extra: Cell | None = None
        self.merged: str | None = None
        self.last = 0  # the last row with a value

    def add(self, cell: Cell, width: int, first: int) -> None:
        """Keep ``cell`` (which holds a value) if the table can use it; note it if it is right of the table."""
        self.last = max(self.last, cell.row)
        first_extra = self.extra is None or (cell.row, cell.column) < (self.extra.row, self.extra.column)
        if cell.column > width and cell.row >= first and first_extra:
            self.extra = cell
        if cell.column <= width or cell.row == 1:
            self.cells.setdefault(cell.row, {})[cell.column] = cell

    def merge(self, ref: str | None) -> None:
        from openpyxl.worksheet.cell_range import CellRange

        shown = str(CellRange(ref))
        self.merged = min(self.merged or shown, shown)

    def cell(self, row: int, column: int) -> Cell:
        """The cell at ``row`` and ``column``; an empty one where nothing was kept."""
        return self.cells.get(row, {}).get(column) or Cell(row, column)

    def rows(self, width: int) -> list[tuple[int, list[Cell]]]:
        """The rows with a value in the first ``width`` columns, in order: (Excel row, their ``width`` cells)."""
        return [
            (row, [self.cell(row, column) for column in range(1, width + 1)])
            for row, cells in sorted(self.cells.items())
            if any(column <= width for column in cells)
        ]

    def header(self) -> list[Any]:
        """Row 1's values, from column A to its last value."""
        return [self.cell(1, column).value for column in range(1, max(self.cells.get(1, {0: None})) + 1)]


def row_number(text: str | None, previous: int) -> int:
    """A row's number, from its ``r`` attribute or the row before it, as openpyxl reads it.

    >>> row_number("12", 3), row_number(None, 3), row_number("5.0", 4)
    (12, 4, 5)
    """
    if text is None:
        return previous + 1
    try:
        return int(text)
    except ValueError:
        number = float(text)
        if not number.is_integer():
            raise ValueError(f"{text} is not a row number") from None
        return int(number)


def letter(number: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(number)
