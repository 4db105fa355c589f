"""The workbook file, opened within bounds (:mod:`budgetlib.limits`): the zip directory checked
before any part is unpacked, then openpyxl's read-only reader as far as the sheets (shared strings,
styles, each sheet's part), and the messages a refused file gets."""

from __future__ import annotations

import zipfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from budgetlib import limits
from budgetlib.errors import DataError


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


def check_archive(path: Path, shown: str) -> None:
    """Refuse a file that is not a zip, too large, packed too tightly or damaged, from its zip
    directory and before openpyxl reads a part of it (see :mod:`budgetlib.limits`)."""
    from openpyxl.reader.excel import SUPPORTED_FORMATS

    def refuse(problem: str, sheet: str | None = None, **details: str) -> WorkbookError:
        return WorkbookError(shown, sheet, problem, **details)

    if not path.is_file():
        if not path.exists():
            raise refuse("file not found", expected="an .xlsx workbook")
        raise refuse("not an .xlsx workbook", expected="a workbook saved as .xlsx", found="a folder")
    if path.suffix.lower() not in SUPPORTED_FORMATS:
        found = "an Excel 97-2003 .xls file" if path.suffix.lower() == ".xls" else f"a file named {path.name}"
        raise refuse("not an .xlsx workbook", expected="a workbook saved as .xlsx", found=found)
    size = path.stat().st_size
    if size > limits.WORKBOOK_FILE_BYTES:
        raise refuse(f"the file is {mb(size)}", expected=f"at most {mb(limits.WORKBOOK_FILE_BYTES)}")
    try:
        archive = zipfile.ZipFile(path)
    except Exception as error:  # not a zip, a truncated one, an unreadable file
        raise refuse("not an .xlsx workbook", expected="a workbook saved as .xlsx", found=said(error)) from None
    with archive:
        members = archive.infolist()
        if len(members) > limits.WORKBOOK_MEMBERS:
            raise refuse(f"the file holds {len(members):,} parts", expected=f"at most {limits.WORKBOOK_MEMBERS:,}")
        for member in members:
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size > limits.WORKBOOK_MEMBER_BYTES:
                problem = f"unpacks to {mb(member.file_size)}"
                expected = f"at most {mb(limits.WORKBOOK_MEMBER_BYTES)} a part"
            elif member.file_size > limits.RATIO_FROM_BYTES and ratio > limits.WORKBOOK_COMPRESSION_RATIO:
                problem = f"is packed {ratio:,.0f} to 1"
                expected = f"at most {limits.WORKBOOK_COMPRESSION_RATIO} to 1 (sheets pack 5 to 20 to 1)"
            else:
                continue
            sheet = sheet_parts(archive).get(member.filename)
            raise refuse(f"{'the sheet' if sheet else 'part ' + member.filename} {problem}", sheet, expected=expected)
        unpacked = sum(member.file_size for member in members)
        if unpacked > limits.WORKBOOK_UNPACKED_BYTES:
            raise refuse(
                f"the file unpacks to {mb(unpacked)}", expected=f"at most {mb(limits.WORKBOOK_UNPACKED_BYTES)}"
            )
        for member in members:  # every part unpacks and matches its checksum: the file is whole
            try:
                with archive.open(member) as part:
                    while part.read(2**20):
                        pass
            except Exception as error:  # zlib, zipfile (a bad CRC), an encrypted or unknown compression
                sheet = sheet_parts(archive).get(member.filename)
                raise refuse(
                    "the file is damaged",
                    sheet,
                    expected="a workbook as Excel, WPS or LibreOffice saves it",
                    found=f"{member.filename}: {said(error)}",
                ) from None


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each sheet's part (zip member) with the sheet's name, from the workbook's relationships,
    to name the sheet in a message; empty when they cannot be read."""
    import posixpath

    from openpyxl.xml.constants import PKG_REL_NS, REL_NS, SHEET_MAIN_NS
    from openpyxl.xml.functions import fromstring

    def tree(name: str) -> Any:
        if archive.getinfo(name).file_size > limits.WORKBOOK_MEMBER_BYTES:
            raise ValueError(name)
        return fromstring(archive.read(name))

    def relationships(part: str) -> list[tuple[str, str, str]]:
        """(Id, Type, the target's member name) of each relationship of ``part``."""
        folder, name = posixpath.split(part)
        found = []
        for rel in tree(posixpath.join(folder, "_rels", name + ".rels")).iter(f"{{{PKG_REL_NS}}}Relationship"):
            target = rel.get("Target", "")
            target = target[1:] if target.startswith("/") else posixpath.join(folder, target)
            found.append((rel.get("Id"), rel.get("Type", ""), posixpath.normpath(target)))
        return found

    try:
        book = next(target for _, kind, target in relationships("") if kind.endswith("/officeDocument"))
        parts = {rel_id: target for rel_id, _, target in relationships(book)}
        return {
            parts[sheet.get(f"{{{REL_NS}}}id")]: sheet.get("name")
            for sheet in tree(book).iter(f"{{{SHEET_MAIN_NS}}}sheet")
        }
    except Exception:  # only a message's detail is lost
        return {}


def open_book(path: Path) -> tuple[Any, dict[str, str | None]]:
    """openpyxl's read-only reader, as far as the sheets: the shared strings, the styles, the
    date system, and each sheet's part (zip member) by its name, in order (None for a chart
    sheet). The sheets are not opened: openpyxl's read-only worksheets would each read a sheet
    through to its end to find its size when it declares none."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet

    reader = ExcelReader(path, read_only=True)
    try:
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
        parts: dict[str, str | None] = {}
        for sheet, rel in reader.parser.find_sheets():
            if rel.target in reader.valid_files:  # as openpyxl does, a sheet without its part is no sheet
                parts.setdefault(sheet.name, None if "chartsheet" in rel.Type else rel.target)
    except BaseException:
        reader.archive.close()
        raise
    return reader, parts


class NumberFormats(dict):
    """The number format of each cell style, as openpyxl gives a cell's ``number_format``."""

    def __init__(self, book: Any) -> None:
        super().__init__()
        self.sheet = SimpleNamespace(parent=book)

    def __missing__(self, style_id: int) -> str:
        from openpyxl.cell.read_only import ReadOnlyCell

        self[style_id] = ReadOnlyCell(self.sheet, 1, 1, None, "n", style_id).number_format
        return self[style_id]


def said(error: BaseException) -> str:
    """What a library said on failing, on one line and short."""
    return " ".join((str(error) or type(error).__name__).split())[:120]


def mb(size: int) -> str:
    """
    >>> mb(241_000_000), mb(16 * 2**20)
    ('229.8 MB', '16 MB')
    """
    return f"{size / limits.MB:.0f} MB" if size % limits.MB == 0 else f"{size / limits.MB:.1f} MB"
