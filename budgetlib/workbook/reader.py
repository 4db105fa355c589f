"""Read an entry workbook back into a data package, validated by the same loader.

A cell is written as it is shown: a number with the decimals its number format shows
(``General`` writes it as typed), a date as YYYY-MM-DD, text as is. Every problem is a
:class:`WorkbookError` naming the sheet, the Excel row and the column (letter and field
name), with what was expected and what was found; nothing is written unless the whole
package reads. The package is built in a temporary folder beside the output folder and
moved into place only when it loads, replacing the old package's files and no other.

The workbook comes from someone else, so it is read within bounds (:mod:`budgetlib.limits`):
its zip directory is checked (sizes, packing, every part whole) before any part is
unpacked, and each sheet is streamed once, refused at the first row or cell past what a
table can use. Whatever fails in reading it is a :class:`WorkbookError` too.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from dataclasses import replace
from pathlib import Path
from typing import Any

from budgetlib import limits
from budgetlib.datapackage import DESCRIPTOR, Budget, load, output
from budgetlib.datapackage.descriptor import descriptor_text
from budgetlib.datapackage.form import AMOUNT_UNITS, form_table, known_resources, national_names, package_unit
from budgetlib.errors import DataError, display_path
from budgetlib.workbook.archive import NumberFormats, WorkbookError, check_archive, open_book, said
from budgetlib.workbook.sheet import Cell, Sheet, letter, row_number
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
REQUIRED_KEYS = ("profile", "name", "title", "currency", "amountUnit", "department.name_zh")  # of a national workbook
_NAME = re.compile(r"[a-z0-9][a-z0-9._-]*")


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

    def check(staging: Path) -> Budget:
        try:
            return load(staging)
        except DataError as error:
            raise reader.locate(error, tables) from None

    files = {DESCRIPTOR: descriptor_text(descriptor)} | {
        resource["path"]: output.csv_text(resource, tables[resource["name"]][1]) for resource in descriptor["resources"]
    }
    budget = output.write_package(out, files, check, inputs=[workbook], shown=shown)
    return replace(budget, data_dir=out)  # the same files, now in their place


class _Reader:
    """One workbook being read: its zip checked against :mod:`budgetlib.limits`, its shared
    strings and styles read by openpyxl's read-only reader, then each sheet streamed once into
    the cells the tables use."""

    def __init__(self, path: Path, shown: str) -> None:
        self.shown = shown
        check_archive(path, shown)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # openpyxl warns about extensions it does not read
                self.book, self.parts = open_book(path)
        except Exception as error:  # whatever openpyxl or the XML parser raise on a file they cannot read
            raise WorkbookError(
                shown, None, "not an .xlsx workbook", expected="a workbook saved as .xlsx", found=said(error)
            ) from None
        self.sheets: dict[str, Sheet] = {}

    def fail(self, sheet: str | None, problem: str, cell: Any = None, **details: str) -> WorkbookError:
        if cell is None:
            return WorkbookError(self.shown, sheet, problem, **details)
        header = self.sheets[sheet].cell(1, cell.column).value
        return WorkbookError(
            self.shown, sheet, problem, row=cell.row, letter=cell.column_letter, header=header, **details
        )

    def read(self) -> tuple[dict[str, Any], dict[str, tuple[list, list]]]:
        known = known_resources(form())
        names = [name for name in self.parts if name not in (INSTRUCTIONS, PACKAGE)]
        try:
            missing = [name for name in (INSTRUCTIONS, PACKAGE) if name not in self.parts]
            if missing:
                raise self.fail(None, f"no sheet {', '.join(missing)}", expected=f"sheets {INSTRUCTIONS}, {PACKAGE}")
            extra = [name for name in names if name not in known]
            if extra:
                raise self.fail(
                    extra[0],
                    "this sheet is not part of the workbook",
                    expected=f"only the sheets {INSTRUCTIONS}, {PACKAGE} and the tables of budgetlib's form",
                )
            if not names:
                raise self.fail(None, "no table sheets", expected="a sheet for each table, such as units")
            widths = {PACKAGE: (len(PACKAGE_HEADER), 2)}
            widths |= {name: (len(known[name]["schema"]["fields"]), 1) for name in names}
            for name in [PACKAGE, *names]:
                self.sheets[name] = self._stream(name, *widths[name])
        finally:
            self.book.archive.close()
        for name in [PACKAGE, *names]:
            merged = self.sheets[name].merged
            if merged:
                raise self.fail(name, f"cells {merged} are merged", expected="no merged cells")
        descriptor = self._package(names)
        tables = {resource["name"]: self._table(resource) for resource in descriptor["resources"]}
        return descriptor, tables

    def _stream(self, name: str, width: int, first: int) -> Sheet:
        """Read sheet ``name`` once, keeping only what the table can use: values in the first
        ``width`` columns, row 1 whole, the first value right of the table (from row ``first``).

        Each element is let go once read. A declared size, a row or a cell past the limits
        (:data:`~budgetlib.limits.SHEET_ROWS`, ``SHEET_COLUMNS``) is refused when it is met,
        without reading on; any failure to read the sheet is one message naming it."""
        from openpyxl.worksheet._reader import CELL_TAG, DIMENSION_TAG, MERGE_TAG, ROW_TAG, WorkSheetParser
        from openpyxl.xml.functions import iterparse  # defusedxml's when it is installed, as openpyxl's own

        if self.parts[name] is None:
            raise self.fail(name, "not a sheet of cells", expected="a worksheet, not a chart")
        book = self.book.wb
        options = {
            "epoch": book.epoch,
            "date_formats": book._date_formats,
            "timedelta_formats": book._timedelta_formats,
        }
        strings = self.book.shared_strings
        formulas = WorkSheetParser(None, strings, **options)  # values, and a formula's text
        results = WorkSheetParser(None, strings, data_only=True, **options)  # a formula's stored result
        formats = NumberFormats(book)
        sheet = Sheet(name)
        open_elements: list[Any] = []
        held = rows = cells = row_no = 0
        try:
            with self.book.archive.open(self.parts[name]) as source, warnings.catch_warnings():
                warnings.simplefilter("ignore")  # a date out of range is then an error value, as openpyxl says
                for event, element in iterparse(source, events=("start", "end")):
                    if event == "start":
                        open_elements.append(element)
                        held += 1
                        if held > limits.SHEET_XML_ELEMENTS_HELD:
                            raise self.fail(
                                name,
                                f"the sheet nests more than {limits.SHEET_XML_ELEMENTS_HELD:,} XML elements",
                                expected="a sheet as Excel, WPS or LibreOffice saves it",
                            )
                        if element.tag == ROW_TAG and len(open_elements) == 3:
                            row_no, rows, cells = row_number(element.get("r"), row_no), rows + 1, 0
                            self._check_row(sheet, row_no, rows)
                            formulas.row_counter, formulas.col_counter = row_no, 0
                        continue
                    open_elements.pop()
                    depth = len(open_elements)
                    if depth == 3 and element.tag == CELL_TAG and open_elements[-1].tag == ROW_TAG:
                        cells += 1
                        parsed = formulas.parse_cell(element)
                        self._check_cell(sheet, parsed["row"], parsed["column"], rows, cells)
                        if parsed["value"] is not None:
                            computed = None
                            if parsed["data_type"] == "f":
                                results.row_counter, results.col_counter = row_no, parsed["column"] - 1
                                computed = results.parse_cell(element)["value"]
                            style = formats[parsed.pop("style_id")]
                            sheet.add(Cell(**parsed, number_format=style, computed=computed), width, first)
                    elif depth == 1 and element.tag == DIMENSION_TAG:
                        self._check_size(name, element.get("ref") or "A1")
                    elif depth == 2 and element.tag == MERGE_TAG[:-1]:  # a mergeCell of mergeCells
                        sheet.merge(element.get("ref"))
                    if 1 <= depth <= 3:
                        open_elements[-1].remove(element)  # read: let it go
                        held = depth
        except WorkbookError:
            raise
        except Exception as error:  # the XML parser or openpyxl on a damaged sheet
            raise self.fail(
                name,
                "the sheet cannot be read",
                expected="a sheet as Excel, WPS or LibreOffice saves it",
                found=said(error),
            ) from None
        return sheet

    def _check_size(self, name: str, ref: str) -> None:
        """Refuse a sheet whose declared size (its ``dimension``) is beyond the limits, before its rows are read."""
        from openpyxl.utils.cell import range_boundaries

        _, _, columns, rows = range_boundaries(ref)
        if (rows or 0) > limits.SHEET_ROWS or (columns or 0) > limits.SHEET_COLUMNS:
            raise self.fail(
                name,
                f"the sheet gives its size as {ref[:40]}",
                expected=f"at most {limits.SHEET_ROWS:,} rows and {limits.SHEET_COLUMNS} columns",
            )

    def _check_cell(self, sheet: Sheet, row_no: int, column: int, rows: int, cells: int) -> None:
        """Refuse a cell past the last column or row a table may use, as soon as it is met."""
        self._check_row(sheet, row_no, rows)
        if column > limits.SHEET_COLUMNS or cells > limits.SHEET_COLUMNS:
            raise self.fail(
                sheet.name,
                f"cells go on past column {letter(limits.SHEET_COLUMNS)}",
                row=row_no,
                expected=f"at most {limits.SHEET_COLUMNS} columns",
            )

    def _check_row(self, sheet: Sheet, row_no: int, row_elements: int) -> None:
        """Refuse a row past the last one a table may use, or one row too many, as soon as it is met."""
        if row_no <= limits.SHEET_ROWS and row_elements <= limits.SHEET_ROWS:
            return
        last = f"the last row with data is row {sheet.last}" if sheet.last else "the sheet has no data"
        problem = f"rows go on past row {limits.SHEET_ROWS:,}"
        if row_no <= limits.SHEET_ROWS:
            problem = f"more than {limits.SHEET_ROWS:,} rows"
        raise self.fail(
            sheet.name,
            problem,
            row=row_no,
            expected=f"a table within its first {limits.SHEET_ROWS:,} rows ({last}: delete the rows below it)",
        )

    def _value(self, sheet: str, cell: Any) -> tuple[Any, str]:
        """The cell's value and number format, the computed value for a formula."""
        if cell.data_type == "e":
            raise self.fail(sheet, "the cell holds an error value", cell, expected="a value", found=str(cell.value))
        if cell.data_type != "f":
            return cell.value, cell.number_format
        computed = cell.computed
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
        read = self.sheets[sheet]
        if read.extra is not None:
            raise self.fail(
                sheet,
                "a value outside the table's columns",
                read.extra,
                expected=f"nothing right of column {letter(width)}",
                found=repr(read.extra.value),
            )
        return [(row_no, cells) for row_no, cells in read.rows(width) if row_no >= first]

    def _package(self, names: list[str]) -> dict[str, Any]:
        """The descriptor from the package sheet. A workbook of the bundled statement's form needs every
        key its template has; one of other tables (the national ones) the keys of ``REQUIRED_KEYS``,
        and the unit of each national table (``resources.<table>.unit``)."""
        sheet = self.sheets[PACKAGE]
        header = [sheet.cell(1, n).value for n in range(1, len(PACKAGE_HEADER) + 1)]
        if tuple(header) != PACKAGE_HEADER:
            raise self.fail(PACKAGE, "row 1 is not the header", expected=", ".join(PACKAGE_HEADER), found=str(header))
        bundled = form()
        known = known_resources(bundled)
        whole = {resource["name"] for resource in bundled["resources"]} <= set(names)  # the bundled form's tables
        if whole:
            required = [key for key, _ in metadata_rows({k: v for k, v in bundled.items() if k != "resources"})]
        else:
            required = list(REQUIRED_KEYS)
        entries = [f"resources.{name}.{part}" for name in names for part in ("title", "description")]
        units = [f"resources.{name}.unit" for name in names if name in national_names() and package_unit(known[name])]
        values: dict[str, Any] = {}
        rows: dict[str, int] = {}
        for row_no, (key_cell, value_cell, *_) in self._rows(PACKAGE, len(PACKAGE_HEADER), 2):
            key = key_cell.value
            if not isinstance(key, str) or not key.strip():
                raise self.fail(PACKAGE, "a value without a key", value_cell, expected="a key in column A")
            if key in values:
                raise self.fail(PACKAGE, f"key {key} appears twice", key_cell, found=f"also in row {rows[key]}")
            if key.startswith("resources.") and key not in entries + units:
                raise self.fail(PACKAGE, f"unknown table entry {key}", key_cell, expected="resources.<table>.title")
            values[key], rows[key] = self._metadata_value(key, value_cell), row_no
        for key in [*required, *entries, *units]:
            if key not in values:
                raise self.fail(PACKAGE, f"no row for key {key}", expected="every key of the template")
            if values[key] == "" and key not in OPTIONAL_KEYS and not key.endswith(".description"):
                cell = sheet.cell(rows[key], 2)
                raise self.fail(PACKAGE, f"{key} is empty", cell, expected="a value (it is required)")
        for key in units:
            if values[key] not in AMOUNT_UNITS:
                raise self.fail(PACKAGE, f"{key} is not a unit of amounts", sheet.cell(rows[key], 2),
                                expected=", ".join(AMOUNT_UNITS), found=repr(values[key]))  # fmt: skip
        if not _NAME.fullmatch(values["name"]):
            raise self.fail(
                PACKAGE,
                "invalid package name",
                sheet.cell(rows["name"], 2),
                expected="lower-case letters, digits, '-', '_' or '.', such as xx-bureau-budget-2021",
                found=repr(values["name"]),
            )
        return self._descriptor(values, rows, names, whole)

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

    def _descriptor(
        self, values: dict[str, Any], rows: dict[str, int], names: list[str], whole: bool
    ) -> dict[str, Any]:
        """The descriptor: metadata in the sheet's order, then the tables with their titles. Typed or
        corrected by a person, the package is no longer a statement's own print (``importedFrom``), and
        an earlier import's report is not part of it: both keys are dropped."""
        tree: dict[str, Any] = {}
        for key, value in values.items():
            if key.startswith("resources.") or (value == "" and key in OPTIONAL_KEYS):
                continue
            if value == "" and key not in REQUIRED_KEYS and not whole:
                continue
            *parents, last = key.split(".")
            node = tree
            for part in parents:
                node = node.setdefault(part, {})
                if not isinstance(node, dict):
                    raise self.fail(
                        PACKAGE, f"key {key} conflicts with another key", self.sheets[PACKAGE].cell(rows[key], 1)
                    )
            if last in node:
                raise self.fail(
                    PACKAGE, f"key {key} conflicts with another key", self.sheets[PACKAGE].cell(rows[key], 1)
                )
            node[last] = value
        descriptor = _lists(tree)
        descriptor.pop("importReport", None)
        descriptor.pop("importedFrom", None)
        known = known_resources(form())
        resources = []
        for name in names:
            resource = form_table(name, values.get(f"resources.{name}.unit"), known)
            for part in ("title", "description"):
                resource[part] = values[f"resources.{name}.{part}"]
            resources.append(resource)
        descriptor["resources"] = resources
        return descriptor

    def _table(self, resource: dict[str, Any]) -> tuple[list[int], list[list[str]]]:
        """The table's rows as CSV text, with the Excel row number of each."""
        name, fields = resource["name"], resource["schema"]["fields"]
        sheet = self.sheets[name]
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
        fields = self.sheets[name].header()
        columns = [c.strip() for c in (error.column or "").split(",") if c.strip()]
        letters = [letter(fields.index(c) + 1) for c in columns if c in fields]
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
