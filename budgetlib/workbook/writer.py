"""The entry workbook: a data package as one .xlsx for Excel, WPS or LibreOffice, and back.

``export_workbook`` writes a package as a workbook, ``write_template`` the same workbook
with empty tables, and :mod:`budgetlib.workbook.reader` reads one back. The layout:

- ``instructions``: how to fill it in, in Chinese and English, and the list of sheets;
- ``package``: the package's metadata, one ``key``/``value`` row per descriptor entry
  (``fiscalYear``, ``department.name_zh``, ``sources.1.title``, and each table's
  ``resources.<table>.title`` and ``.description``);
- one sheet per table, named as the table: row 1 the field names, rows 2–4 the column
  guide (Chinese title, English title, unit and whether required), data from row 5.

The workbook keeps the CSV text exactly: a number cell's format carries the decimals
the statement prints (``0.50`` is 0.5 shown with two decimals), so importing an export
gives the package back byte for byte. The columns, types and constraints are those of
budgetlib's form (the bundled descriptor); only the metadata and the rows vary.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

from budgetlib.datapackage import DESCRIPTOR, bundled_data_dir, load, read_descriptor
from budgetlib.datapackage.form import form_table, known_resources, national_names, package_unit
from budgetlib.errors import DataError, display_path
from budgetlib.files import reproducible_zip, write_atomically
from budgetlib.words.wording import say

INSTRUCTIONS, PACKAGE = "instructions", "package"
GUIDE_ROWS = 3  # Chinese title, English title, unit and required
FIRST_DATA_ROW = 2 + GUIDE_ROWS
LAST_VALIDATED_ROW = 5000  # drop-down lists and checks reach this far down each table
TEMPLATE_KEEPS = {"profile": "tabular-data-package", "currency": "CNY", "amountUnit": "万元"}
PACKAGE_HEADER = ("key", "value", "说明", "note")


def form() -> dict[str, Any]:
    """The descriptor of the bundled statement's form: the tables and columns of the template."""
    return read_descriptor(bundled_data_dir())


def workbook_tables(descriptor: dict[str, Any]) -> list[dict[str, Any]]:
    """The tables of a package's workbook, in the package's order: each as the form defines it (a
    national table in the unit its package prints it in), with the package's title and description.
    A table the form does not know is refused: the workbook has no place for it."""
    known = known_resources(form())
    tables = []
    for resource in descriptor["resources"]:
        name = resource["name"]
        if name not in known:
            raise DataError(DESCRIPTOR, f"table {name} is not a table of budgetlib's form",
                            expected="the tables of the bundled statement or the national tables")  # fmt: skip
        table = form_table(name, package_unit(resource), known)
        for part in ("title", "description"):
            if part in resource:
                table[part] = resource[part]
        tables.append(table)
    return tables


def metadata_rows(descriptor: dict[str, Any]) -> list[tuple[str, Any]]:
    """The descriptor's metadata as (dotted key, value) rows, in its order; lists count from 1.

    >>> metadata_rows({"fiscalYear": 2021, "department": {"code": "7"}, "sources": [{"title": "t"}], "resources": []})
    [('fiscalYear', 2021), ('department.code', '7'), ('sources.1.title', 't')]
    """

    def walk(prefix: str, value: Any) -> list[tuple[str, Any]]:
        if isinstance(value, dict):
            return [row for key, item in value.items() for row in walk(f"{prefix}{key}.", item)]
        if isinstance(value, list):
            return [row for number, item in enumerate(value, start=1) for row in walk(f"{prefix}{number}.", item)]
        return [(prefix[:-1], value)]

    rows = [row for key, value in descriptor.items() if key != "resources" for row in walk(f"{key}.", value)]
    for resource in descriptor.get("resources", []):
        rows += [(f"resources.{resource['name']}.{key}", resource.get(key, "")) for key in ("title", "description")]
        if resource["name"] in national_names() and package_unit(resource):
            rows.append((f"resources.{resource['name']}.unit", package_unit(resource)))
    return rows


def column_guide(field: dict[str, Any]) -> tuple[str, str, str]:
    """A column's Chinese title, English title, and its unit and whether it is required, in both languages.

    >>> column_guide({"name": "amount_10k_cny", "unit": "万元", "constraints": {"required": True}})
    ('金额', 'Amount', '万元 · 必填 / 10,000 yuan · required')
    """
    name = field["name"]
    title_zh = _say_or(f"workbook.column.{name}", "zh", name)
    title_en = _say_or(f"workbook.column.{name}", "en", field.get("description", name))
    required = "required" if field.get("constraints", {}).get("required") else "optional"
    parts = []
    for lang in ("zh", "en"):
        unit = field.get("unit")
        unit_text = _say_or(f"workbook.units.{unit}", lang, unit) if unit else None
        parts.append(" · ".join(filter(None, [unit_text, say(f"workbook.{required}", lang)])))
    return title_zh, title_en, " / ".join(parts)


def column_format(field: dict[str, Any]) -> str:
    """The number format a new cell of the column gets: amounts two decimals, percent with a sign."""
    kind = field.get("type", "string")
    if kind == "integer":
        return "0"
    if kind == "date":
        return "yyyy-mm-dd"
    if kind != "number":
        return "@"
    if field.get("unit") == "%":
        return '#,##0.00"%"'
    return "#,##0.00" if field.get("unit") else "General"


def printed_format(text: str, field: dict[str, Any]) -> str:
    """The number format that shows ``text`` (a number as printed) with its decimals.

    >>> printed_format("0.50", {}), printed_format("13.2", {"unit": "%"}), printed_format("2", {})
    ('#,##0.00', '#,##0.0"%"', '#,##0')
    """
    decimals = len(text.partition(".")[2])
    shown = "#,##0" + ("." + "0" * decimals if decimals else "")
    return shown + '"%"' if field.get("unit") == "%" else shown


def export_workbook(out: str | Path, data_dir: str | Path | None = None) -> Path:
    """Write the data package in ``data_dir`` (default: the bundled one) as an entry workbook.

    The package is loaded (validated) first; a DataError names what is wrong with it.
    """
    budget = load(data_dir)
    rows = {}
    tables = workbook_tables(budget.descriptor)
    for resource in tables:
        own = budget.resource(resource["name"])
        names = [f["name"] for f in resource["schema"]["fields"]]
        extra = [f["name"] for f in own["schema"]["fields"] if f["name"] not in names]
        if extra:
            raise DataError(
                display_path(budget.data_dir / "datapackage.json"),
                f"table {resource['name']} has columns the workbook has no place for: {', '.join(extra)}",
                expected="the columns of budgetlib's form",
            )
        with (budget.data_dir / own["path"]).open(encoding="utf-8-sig", newline="") as handle:
            rows[resource["name"]] = [[record[name] for name in names] for record in csv.DictReader(handle)]
    return _write(Path(out), budget.descriptor, rows, tables)


def write_template(out: str | Path) -> Path:
    """Write the entry workbook with empty tables and blank metadata, ready for a new statement."""
    descriptor = copy.deepcopy(form())
    for key, value in list(descriptor.items()):
        if key != "resources":
            descriptor[key] = _blank(value) if key not in TEMPLATE_KEEPS else value
    descriptor["amountUnit_en"] = say("workbook.units.万元", "en")
    return _write(Path(out), descriptor, {r["name"]: [] for r in descriptor["resources"]}, descriptor["resources"])


def _blank(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _blank(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_blank(item) for item in value[:1]]
    return None


def _write(
    out: Path, descriptor: dict[str, Any], rows: dict[str, list[list[str]]], tables: list[dict[str, Any]]
) -> Path:
    """Build the workbook and save it beside ``out`` first, then move it into place."""
    from openpyxl import Workbook

    if not out.parent.is_dir():
        raise DataError(display_path(out), "its folder does not exist", expected="an existing folder")
    book = Workbook()
    _instructions(book.active, descriptor, rows)
    _package(book.create_sheet(PACKAGE), descriptor)
    for resource in tables:
        _table(book.create_sheet(resource["name"]), resource, rows[resource["name"]], tables)
    stream = io.BytesIO()
    book.save(stream)
    data = reproducible_zip(stream.getvalue())  # the same package gives the same bytes
    return write_atomically(out, lambda target: target.write(data))


def _instructions(sheet: Any, descriptor: dict[str, Any], rows: dict[str, list[list[str]]]) -> None:
    from openpyxl.styles import Alignment, Font

    sheet.title = INSTRUCTIONS
    lines = [say("workbook.sheet_title", "zh"), say("workbook.sheet_title", "en"), ""]
    lines += [*say("workbook.instructions", "zh").splitlines(), ""]
    lines += [*say("workbook.instructions", "en").splitlines(), ""]
    for row in lines:
        sheet.append([row])
    sheet["A1"].font = sheet["A2"].font = Font(bold=True, size=14)
    sheet.append([" / ".join(say(f"workbook.sheets.{k}", lang) for lang in ("zh", "en")) for k in ("header", "title")])
    sheet.cell(sheet.max_row, 3, " / ".join(say("workbook.sheets.rows", lang) for lang in ("zh", "en")))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.append([PACKAGE, " / ".join(say("workbook.sheets.package", lang) for lang in ("zh", "en"))])
    for resource in descriptor["resources"]:
        sheet.append([resource["name"], resource.get("title", ""), len(rows[resource["name"]])])
    sheet.column_dimensions["A"].width = 110
    for row in sheet.iter_rows(min_row=4, max_row=len(lines)):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["B"].width = 60


def _package(sheet: Any, descriptor: dict[str, Any]) -> None:
    from openpyxl.styles import Font

    sheet.append(PACKAGE_HEADER)
    for key, value in metadata_rows(descriptor):
        if key.startswith("resources."):
            name, part = key.split(".")[1:]
            notes = [say(f"workbook.package_keys.resource_{part}", lang, name=name) for lang in ("zh", "en")]
        else:
            notes = [_say_or(f"workbook.package_keys.{key}", lang, "") for lang in ("zh", "en")]
        sheet.append([key, value, *notes])
        cell = sheet.cell(sheet.max_row, 2)
        cell.number_format = "0" if isinstance(value, int) else "@"
        if isinstance(value, str):
            cell.data_type = "s"  # a text beginning with '=' stays text
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCD", (30, 70, 40, 50), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"


def _table(sheet: Any, resource: dict[str, Any], rows: list[list[str]], tables: list[dict[str, Any]]) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    fields = resource["schema"]["fields"]
    guides = [column_guide(f) for f in fields]
    sheet.append([f["name"] for f in fields])
    for line in zip(*guides, strict=True):
        sheet.append(list(line))
    for row in rows:
        sheet.append([_cell_value(text, field) for text, field in zip(row, fields, strict=True)])
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for number, field in enumerate(fields, start=1):
        letter = get_column_letter(number)
        head = sheet.cell(1, number)
        head.font, head.fill = Font(bold=True), header_fill
        head.comment = Comment(field.get("description", ""), "budgetlib", width=300, height=120)
        for guide_row in range(2, FIRST_DATA_ROW):
            sheet.cell(guide_row, number).font = Font(italic=True, color="595959")
            sheet.cell(guide_row, number).alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[letter].number_format = column_format(field)
        for row_no, row in enumerate(rows, start=FIRST_DATA_ROW):
            cell = sheet.cell(row_no, number)
            if field.get("type") == "number" and row[number - 1]:
                cell.number_format = printed_format(row[number - 1], field)
            else:
                cell.number_format = column_format(field)
            if isinstance(cell.value, str):
                cell.data_type = "s"
        widths = [
            len(field["name"]),
            *(_width(t) for t in guides[number - 1][:2]),
            *(_width(r[number - 1]) for r in rows),
        ]
        sheet.column_dimensions[letter].width = min(max(widths) + 2, 48)
        _validation(sheet, field, letter, resource, tables)
    sheet.freeze_panes = f"A{FIRST_DATA_ROW}"


def _cell_value(text: str, field: dict[str, Any]) -> Any:
    """The value a CSV cell becomes in the workbook: numbers as numbers, dates as dates."""
    if text == "":
        return None
    kind = field.get("type", "string")
    if kind == "integer":
        return int(text)
    if kind == "number":
        number = float(text)
        return int(number) if "." not in text and number.is_integer() else number
    if kind == "date":
        return dt.datetime.combine(dt.date.fromisoformat(text), dt.time())
    return text


def _validation(sheet: Any, field: dict[str, Any], letter: str, resource: dict[str, Any], tables: list) -> None:
    """A drop-down list for an enumerated or foreign-key column; whole numbers for years and counts."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    constraints = field.get("constraints", {})
    required = bool(constraints.get("required"))
    cells = f"{letter}{FIRST_DATA_ROW}:{letter}{LAST_VALIDATED_ROW}"
    rule = None
    if "enum" in constraints and len(",".join(map(str, constraints["enum"]))) < 250:
        rule = DataValidation("list", formula1='"' + ",".join(map(str, constraints["enum"])) + '"')
    for key in resource["schema"].get("foreignKeys", []):
        if key["fields"] == [field["name"]] or key["fields"] == field["name"]:
            target = key["reference"]["resource"] or resource["name"]
            columns = [f["name"] for f in next(t for t in tables if t["name"] == target)["schema"]["fields"]]
            wanted = key["reference"]["fields"]
            column = get_column_letter(columns.index(wanted[0] if isinstance(wanted, list) else wanted) + 1)
            rule = DataValidation(
                "list", formula1=f"{target}!${column}${FIRST_DATA_ROW}:${column}${LAST_VALIDATED_ROW}"
            )
            rule.errorStyle = "warning"
    if rule is None and field.get("type") == "boolean":
        rule = DataValidation("list", formula1='"true,false"')
    if rule is None and field.get("type") == "integer":
        low, high = constraints.get("minimum", 0), 10**6
        if field["name"] in ("year", "base_year"):
            low, high = 1949, 2100
        rule = DataValidation("whole", operator="between", formula1=str(low), formula2=str(high))
        rule.error = say("workbook.messages.whole_number", "zh") + " / " + say("workbook.messages.whole_number", "en")
    if rule is None:
        return
    rule.allow_blank = not required
    rule.showErrorMessage = True
    sheet.add_data_validation(rule)
    rule.add(cells)


def _say_or(key: str, lang: str, default: Any) -> Any:
    """The wording ``key``, or ``default`` when there is none (a field budgetlib has no title for)."""
    try:
        return say(key, lang)
    except KeyError:
        return default


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if "\u2e80" <= ch <= "\uffef" else 1 for ch in str(text))
