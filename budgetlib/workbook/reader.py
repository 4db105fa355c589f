"""Read an entry workbook back into a data package, validated by the same loader.

A cell is written as it is shown: a number with the decimals its number format shows
(``General`` writes it as typed), a date as YYYY-MM-DD, text as is. Every problem is a
:class:`WorkbookError` naming the sheet, the Excel row and the column (letter and field
name), with what was expected and what was found; nothing is written unless the whole
package reads. The package is built in a temporary folder beside the output folder and
moved into place only when it loads, replacing the old package's files and no other.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import shutil
import tempfile
import warnings
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from budgetlib.datapackage import DESCRIPTOR, Budget, load, output
from budgetlib.datapackage.descriptor import descriptor_text
from budgetlib.errors import DataError, display_path
from budgetlib.files import UMASK
from budgetlib.workbook.writer import (
    FIRST_DATA_ROW,
    INSTRUCTIONS,
    PACKAGE,
    PACKAGE_HEADER,
    column_guide,
    form,
    metadata_rows,
)

INTEGER_KEYS = {"fiscalYear"}
OPTIONAL_KEYS = {"description"}
_NAME = re.compile(r"[a-z0-9][a-z0-9._-]*")


class WorkbookError(DataError):
    """A workbook that cannot be read as a data package, with the cell to look at.

    >>> print(WorkbookError("in.xlsx", "units", "invalid value", row=6, letter="A", header="unit_code",
    ...                     expected="text matching [0-9]{6}", found="'42'"))
    in.xlsx, sheet units, row 6, column A (unit_code): invalid value: expected text matching [0-9]{6}, found '42'
    """

    def __init__(
        self,
        workbook: str | Path,
        sheet: str | None,
        problem: str,
        *,
        row: int | None = None,
        letter: str | None = None,
        header: str | None = None,
        expected: str | None = None,
        found: str | None = None,
    ) -> None:
        self.sheet, self.excel_row, self.letter, self.header = sheet, row, letter, header
        super().__init__(workbook, problem, expected=expected, found=found)

    def where(self) -> list[str]:
        """The workbook, then the sheet, the Excel row and the column (letter and header)."""
        where = [self.file]
        if self.sheet is not None:
            where.append(f"sheet {self.sheet}")
        if self.excel_row is not None:
            where.append(f"row {self.excel_row}")
        if self.letter is not None:
            where.append(f"column {self.letter}" + (f" ({self.header})" if self.header else ""))
        return where


def import_workbook(workbook: str | Path, out: str | Path, *, force: bool = False) -> Budget:
    """Read ``workbook`` into the data package folder ``out`` and return it loaded.

    ``out`` must be new, empty or a package folder, whose own files are replaced; with ``force``
    it may hold other files too, which stay (see :mod:`budgetlib.datapackage.output`).
    """
    workbook, out = Path(workbook), Path(out)
    shown = display_path(workbook)
    output.claim(out, force=force, shown=shown)
    reader = _Reader(workbook, shown)
    descriptor, tables = reader.read()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.import-"))
    staging.chmod(0o777 & ~UMASK)  # an ordinary folder once in place, not mkdtemp's owner-only one
    try:
        _write_package(staging, descriptor, tables)
        try:
            budget = load(staging)
        except DataError as error:
            raise reader.locate(error, tables) from None
        output.place(staging, out, inputs=[workbook], shown=shown)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return replace(budget, data_dir=out)  # the same files, now in their place


def _write_package(folder: Path, descriptor: dict[str, Any], tables: dict[str, tuple[list, list]]) -> None:
    (folder / DESCRIPTOR).write_text(descriptor_text(descriptor), encoding="utf-8")
    for resource in descriptor["resources"]:
        _, records = tables[resource["name"]]
        with (folder / resource["path"]).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow([f["name"] for f in resource["schema"]["fields"]])
            writer.writerows(records)


class _Reader:
    """One workbook being read: its sheets (values and, where formulas are, cached values)."""

    def __init__(self, path: Path, shown: str) -> None:
        from openpyxl import load_workbook
        from openpyxl.utils.exceptions import InvalidFileException

        self.shown = shown
        self.path = path
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # openpyxl warns about extensions it does not read
                self.book = load_workbook(path)
        except FileNotFoundError:
            raise WorkbookError(shown, None, "file not found", expected="an .xlsx workbook") from None
        except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
            raise WorkbookError(
                shown, None, "not an .xlsx workbook", expected="a workbook saved as .xlsx", found=str(error)[:120]
            ) from None
        self.values: Any = None  # the same workbook with formulas' computed values, read when needed

    def fail(self, sheet: str | None, problem: str, cell: Any = None, **details: str) -> WorkbookError:
        if cell is None:
            return WorkbookError(self.shown, sheet, problem, **details)
        header = self.book[sheet].cell(1, cell.column).value
        return WorkbookError(
            self.shown, sheet, problem, row=cell.row, letter=cell.column_letter, header=header, **details
        )

    def read(self) -> tuple[dict[str, Any], dict[str, tuple[list, list]]]:
        reference = form()
        names = [r["name"] for r in reference["resources"]]
        expected = [INSTRUCTIONS, PACKAGE, *names]
        missing = [name for name in expected if name not in self.book.sheetnames]
        if missing:
            raise self.fail(None, f"no sheet {', '.join(missing)}", expected="sheets " + ", ".join(expected))
        extra = [name for name in self.book.sheetnames if name not in expected]
        if extra:
            raise self.fail(
                extra[0], "this sheet is not part of the workbook", expected="only the sheets " + ", ".join(expected)
            )
        for name in expected[1:]:
            merged = self.book[name].merged_cells.ranges
            if merged:
                raise self.fail(name, f"cells {sorted(map(str, merged))[0]} are merged", expected="no merged cells")
        descriptor = self._package(reference)
        tables = {resource["name"]: self._table(resource) for resource in descriptor["resources"]}
        return descriptor, tables

    def _value(self, sheet: str, cell: Any) -> tuple[Any, str]:
        """The cell's value and number format, the computed value for a formula."""
        if cell.data_type == "e":
            raise self.fail(sheet, "the cell holds an error value", cell, expected="a value", found=str(cell.value))
        if cell.data_type != "f":
            return cell.value, cell.number_format
        if self.values is None:
            from openpyxl import load_workbook

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self.values = load_workbook(self.path, data_only=True)
        computed = self.values[sheet].cell(cell.row, cell.column).value
        if computed is None:
            raise self.fail(
                sheet,
                "a formula without a computed value",
                cell,
                expected="a value, or a formula saved once by Excel, WPS or LibreOffice so its result is stored",
                found=str(getattr(cell.value, "text", cell.value)),
            )
        if isinstance(computed, str) and computed.startswith("#"):
            raise self.fail(sheet, "the formula's result is an error", cell, expected="a value", found=computed)
        return computed, cell.number_format

    def _rows(self, sheet: str, width: int, first: int) -> list[tuple[int, list[Any]]]:
        """Rows from ``first`` on (Excel row number, cells of the first ``width`` columns), blank rows skipped;
        a value right of ``width`` is an extra column."""
        rows = []
        for row in self.book[sheet].iter_rows(min_row=first):
            for cell in row[width:]:
                if cell.value is not None:
                    raise self.fail(
                        sheet,
                        "a value outside the table's columns",
                        cell,
                        expected=f"nothing right of column {row[width - 1].column_letter}",
                        found=repr(cell.value),
                    )
            cells = list(row[:width]) + [None] * (width - len(row))
            if any(cell is not None and cell.value is not None for cell in cells):
                rows.append((row[0].row, cells))
        return rows

    def _package(self, reference: dict[str, Any]) -> dict[str, Any]:
        sheet = self.book[PACKAGE]
        header = [sheet.cell(1, n).value for n in range(1, len(PACKAGE_HEADER) + 1)]
        if tuple(header) != PACKAGE_HEADER:
            raise self.fail(PACKAGE, "row 1 is not the header", expected=", ".join(PACKAGE_HEADER), found=str(header))
        wanted = [key for key, _ in metadata_rows(reference)]
        values: dict[str, Any] = {}
        rows: dict[str, int] = {}
        for row_no, (key_cell, value_cell, *_) in self._rows(PACKAGE, len(PACKAGE_HEADER), 2):
            key = key_cell.value
            if not isinstance(key, str) or not key.strip():
                raise self.fail(PACKAGE, "a value without a key", value_cell, expected="a key in column A")
            if key in values:
                raise self.fail(PACKAGE, f"key {key} appears twice", key_cell, found=f"also in row {rows[key]}")
            if key.startswith("resources.") and key not in wanted:
                raise self.fail(PACKAGE, f"unknown table entry {key}", key_cell, expected="resources.<table>.title")
            values[key], rows[key] = self._metadata_value(key, value_cell), row_no
        for key in wanted:
            if key not in values:
                raise self.fail(PACKAGE, f"no row for key {key}", expected="every key of the template")
            if values[key] == "" and key not in OPTIONAL_KEYS and not key.endswith(".description"):
                cell = sheet.cell(rows[key], 2)
                raise self.fail(PACKAGE, f"{key} is empty", cell, expected="a value (it is required)")
        if not _NAME.fullmatch(values["name"]):
            raise self.fail(
                PACKAGE,
                "invalid package name",
                sheet.cell(rows["name"], 2),
                expected="lower-case letters, digits, '-', '_' or '.', such as xx-bureau-budget-2021",
                found=repr(values["name"]),
            )
        return self._descriptor(values, rows, reference)

    def _metadata_value(self, key: str, cell: Any) -> Any:
        value, number_format = self._value(PACKAGE, cell)
        if isinstance(value, dt.datetime | dt.date | dt.time):
            expected = "a year as a number, such as 2021" if key in INTEGER_KEYS else "text"
            raise self.fail(PACKAGE, "a date typed where it does not belong", cell, expected=expected, found=str(value))
        if key in INTEGER_KEYS:
            if isinstance(value, str) and re.fullmatch(r"[0-9]+", value.strip()):
                return int(value)
            if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
                return int(value)
            if value is None:
                return ""
            raise self.fail(PACKAGE, "invalid value", cell, expected="a whole number such as 2021", found=repr(value))
        if value is None or isinstance(value, str):
            return value or ""
        return _text(value, number_format, integer=True)

    def _descriptor(self, values: dict[str, Any], rows: dict[str, int], reference: dict[str, Any]) -> dict[str, Any]:
        """The descriptor: metadata in the sheet's order, then the form's tables with their titles."""
        tree: dict[str, Any] = {}
        for key, value in values.items():
            if key.startswith("resources.") or (value == "" and key in OPTIONAL_KEYS):
                continue
            *parents, last = key.split(".")
            node = tree
            for part in parents:
                node = node.setdefault(part, {})
                if not isinstance(node, dict):
                    raise self.fail(
                        PACKAGE, f"key {key} conflicts with another key", self.book[PACKAGE].cell(rows[key], 1)
                    )
            if last in node:
                raise self.fail(PACKAGE, f"key {key} conflicts with another key", self.book[PACKAGE].cell(rows[key], 1))
            node[last] = value
        descriptor = _lists(tree)
        resources = []
        for resource in reference["resources"]:
            resource = json.loads(json.dumps(resource))
            for part in ("title", "description"):
                resource[part] = values[f"resources.{resource['name']}.{part}"]
            resources.append(resource)
        descriptor["resources"] = resources
        return descriptor

    def _table(self, resource: dict[str, Any]) -> tuple[list[int], list[list[str]]]:
        """The table's rows as CSV text, with the Excel row number of each."""
        name, fields = resource["name"], resource["schema"]["fields"]
        sheet = self.book[name]
        guide = list(zip(*(column_guide(f) for f in fields), strict=True))
        for row_no, wanted in enumerate([[f["name"] for f in fields], *guide], start=1):
            for number, text in enumerate(wanted, start=1):
                cell = sheet.cell(row_no, number)
                if cell.value != text:
                    what = "the field names" if row_no == 1 else "the column guide"
                    raise self.fail(
                        name,
                        f"row {row_no} holds {what}; data start at row {FIRST_DATA_ROW}",
                        cell,
                        expected=repr(text),
                        found=repr(cell.value),
                    )
        rows, records = [], []
        for row_no, cells in self._rows(name, len(fields), 1):
            if row_no < FIRST_DATA_ROW:
                continue  # the header and guide, checked above
            rows.append(row_no)
            records.append([self._cell_text(name, cell, field) for cell, field in zip(cells, fields, strict=True)])
        return rows, records

    def _cell_text(self, sheet: str, cell: Any, field: dict[str, Any]) -> str:
        """The CSV text of one cell, as the cell shows it."""
        if cell is None:
            return ""
        value, number_format = self._value(sheet, cell)
        kind = field.get("type", "string")
        if value is None:
            return ""
        if isinstance(value, bool) and kind == "boolean":  # TRUE or FALSE typed under General
            return "true" if value else "false"
        if isinstance(value, bool):
            raise self.fail(sheet, "invalid value", cell, expected="not TRUE or FALSE", found=repr(value))
        if isinstance(value, dt.datetime | dt.date | dt.time):
            if kind == "date" and isinstance(value, dt.datetime | dt.date) and not isinstance(value, dt.time):
                if isinstance(value, dt.datetime) and value.time() != dt.time():
                    raise self.fail(sheet, "a date with a time", cell, expected="a date only", found=str(value))
                return value.strftime("%Y-%m-%d")
            year = field["name"] in ("year", "base_year") or "fiscal-year" in field.get("columnType", "")
            expected = "a year as a whole number, such as 2021" if year else f"a {kind} value, not a date"
            problem = "a date typed where a year is expected" if year else "a date typed here"
            raise self.fail(sheet, problem, cell, expected=expected, found=f"the date {value:%Y-%m-%d}")
        if isinstance(value, str):
            return value
        if kind == "date":
            raise self.fail(
                sheet,
                "a number where a date is expected",
                cell,
                expected="a date such as 2021-12-31",
                found=repr(value),
            )
        return _text(value, number_format, integer=kind != "number")

    def locate(self, error: DataError, tables: dict[str, tuple[list, list]]) -> WorkbookError:
        """The loader's error, pointed at the workbook's sheet, row and column."""
        name = Path(error.file).stem
        if name not in tables:
            return WorkbookError(self.shown, PACKAGE, error.problem, expected=error.expected, found=error.found)
        rows, _ = tables[name]
        fields = [c.value for c in self.book[name][1]]
        columns = [c.strip() for c in (error.column or "").split(",") if c.strip()]
        letters = [_letter(fields.index(c) + 1) for c in columns if c in fields]
        found = error.found
        if found and error.row is not None:
            found = re.sub(r"row (\d+)", lambda m: f"row {rows[int(m.group(1)) - 1]}", found)
        expected = re.sub(r"(\w+)\.csv", r"sheet \1", error.expected) if error.expected else error.expected
        return WorkbookError(
            self.shown,
            name,
            error.problem,
            row=rows[error.row - 1] if error.row is not None else None,
            letter=", ".join(letters) or None,
            header=", ".join(columns) or None,
            expected=expected,
            found=found,
        )


def _letter(number: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(number)


def _lists(tree: Any) -> Any:
    """Dicts keyed 1, 2, … (from ``sources.1.title``) become lists."""
    if not isinstance(tree, dict):
        return tree
    converted = {key: _lists(value) for key, value in tree.items()}
    if converted and all(key.isdigit() for key in converted):
        return [converted[key] for key in sorted(converted, key=int)]
    return converted


def _text(value: int | float, number_format: str, *, integer: bool) -> str:
    """A number as its cell shows it: the decimals of its format, or as typed under General.

    >>> _text(0.5, "#,##0.00", integer=False), _text(0.3, "#,##0.0", integer=False)
    ('0.50', '0.3')
    >>> _text(12.0, "General", integer=False), _text(0.1 + 0.2, "General", integer=False)
    ('12', '0.3')
    >>> _text(0.345, '0.00%', integer=False), _text(34.5, '0.00"%"', integer=False), _text(1.5, "0", integer=True)
    ('34.50', '34.50', '1.5')
    """
    if isinstance(value, int) and (integer or number_format in ("General", "@")):
        return str(value)
    section = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.', "", number_format.split(";")[0])
    if integer or section in ("General", "@", "") or "E" in section.upper() or not re.search(r"[0#?]", section):
        if float(value).is_integer():
            return str(int(value))
        shown = f"{value:.15g}"
        return shown if "e" not in shown else f"{value:.15f}".rstrip("0").rstrip(".")
    if "%" in section:
        value = value * 100
    decimals = re.search(r"\.([0#?]+)", section)
    zeros = decimals.group(1).count("0") if decimals else 0
    places = len(decimals.group(1)) if decimals else 0
    shown = f"{value:.{places}f}"
    if places > zeros:
        whole, _, fraction = shown.partition(".")
        fraction = fraction.rstrip("0").ljust(zeros, "0")
        shown = whole + ("." + fraction if fraction else "")
    return shown[1:] if shown.startswith("-") and float(shown) == 0 else shown
