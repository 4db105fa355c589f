"""The national tables a statement prints, as the rows of the package's resources.

Each table the reader found becomes rows of one resource of ``datapackage/national.toml``: the
tables by functional classification (支出总表, 一般公共预算支出表, the fund tables) rows of
``function_spending``; the 收入总表 one row per printed cell of ``function_income``; the two
summaries one row per printed cell of ``summary_rows``; the 基本支出 table ``economic_basic``; the
三公 table ``three_public_items``; a table printed with no rows a row of ``empty_tables``. Every
row keeps where it was printed: the table's title, the page and the row of its grid there.

Amounts stay the text the statement prints, separators dropped; a cell printing 无 or a dash is
no amount. A resource holds amounts in one unit, as its tables print them: a table of the same
resource printed in another unit is left out and said so, never converted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from budgetlib.datapackage.reference import (
    english_name,
    english_numbering,
    functional_class,
    item_english,
    item_name,
    numbering,
)
from budgetlib.importers.pdf.model import Notice, Row, Statement, Table
from budgetlib.importers.pdf.text import is_amount

FUNCTIONAL = ("expenditure_summary", "general_budget_functional", "government_fund_functional",
              "state_capital_functional")  # fmt: skip
SUMMARIES = ("income_expenditure_summary", "appropriation_summary")
NO_AMOUNT = ("无", "-", "—", "–", "－", "/")
THREE_PUBLIC_KEYS = {"total": "three_public", "vehicles_total": "vehicles"}


@dataclass
class Resource:
    """The rows of one resource, as CSV text by field name, and the unit its amounts are printed in."""

    name: str
    unit: str | None
    rows: list[dict[str, str]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


def table_resources(statement: Statement, notices: list[Notice]) -> dict[str, Resource]:
    """The resources the statement's tables fill, by name; what needs a person is added to ``notices``."""
    resources: dict[str, Resource] = {}

    def add(name: str, table: Table, rows: Iterable[dict[str, str]]) -> None:
        resource = resources.setdefault(name, Resource(name, None if name == "empty_tables" else table.unit))
        if resource.tables and resource.unit is not None and table.unit != resource.unit:
            notices.append(Notice(
                f"{table.title} is printed in {table.unit}, the other tables of {name} in {resource.unit}: "
                "left out (amounts are kept as printed, never converted)", page=table.pages[0], table=table.kind,
            ))  # fmt: skip
            return
        resource.tables.append(table)
        resource.rows.extend(rows)

    for table in statement.tables:
        if not table.rows:
            add("empty_tables", table, [_empty(table)])
        elif table.kind in FUNCTIONAL:
            add("function_spending", table, _function_rows(table, notices))
        elif table.kind == "income_summary":
            add("function_income", table, _income_rows(table, notices))
        elif table.kind in SUMMARIES:
            add("summary_rows", table, _summary_rows(table, notices))
        elif table.kind == "basic_economic":
            add("economic_basic", table, _economic_rows(table, notices))
        elif table.kind == "three_public":
            add("three_public_items", table, _three_public_rows(table, notices))
    return resources


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _amount(row: Row, key: str, table: Table, notices: list[Notice]) -> str:
    """A cell as an amount: the printed number, or "" for a blank, 无 or a dash (and a notice for other text)."""
    value = row.cells.get(key)
    if value is None or value in NO_AMOUNT:
        return ""
    if is_amount(value):
        return value
    notices.append(Notice(f"{_label(row)}: {table.header_text.get(key, key)} prints {value!r}, not an amount: "
                          "left blank", page=row.page, table=table.kind))  # fmt: skip
    return ""


def _label(row: Row) -> str:
    """The row's name as printed; a total row printed without one (合计 in the code columns) by that word."""
    if row.name:
        return row.name
    texts = [value for value in row.cells.values() if value and not is_amount(value)]
    return texts[0] if texts else "合计"


def _where(table: Table, row: Row) -> dict[str, str]:
    return {"value_status": "published", "source_table": table.title, "source_page": str(row.page),
            "source_row": str(row.line)}  # fmt: skip


def _classified(row: Row, classification: str) -> dict[str, str]:
    """The code, level, parent and names of a classification row."""
    name = _label(row)
    code = "" if row.is_total else _text(row.code)
    english = english_name(classification, code, name) if code else None
    return {
        "code": code, "level": _text(row.level) if code else "", "parent_code": _text(row.parent_code) if code else "",
        "name_zh": name, "name_en": english or "",
    }  # fmt: skip


def _function_rows(table: Table, notices: list[Notice]) -> Iterable[dict[str, str]]:
    for number, row in enumerate(table.rows, start=1):
        yield {
            "table": table.kind, "row_no": str(number), **_classified(row, "functional"),
            **{part: _amount(row, part, table, notices) for part in ("total", "basic", "project")},
            "is_total": _boolean(row.is_total), **_where(table, row),
        }  # fmt: skip


def _economic_rows(table: Table, notices: list[Notice]) -> Iterable[dict[str, str]]:
    for number, row in enumerate(table.rows, start=1):
        yield {
            "row_no": str(number), **_classified(row, "economic"),
            **{part: _amount(row, part, table, notices) for part in ("total", "personnel", "public")},
            "is_total": _boolean(row.is_total), **_where(table, row),
        }  # fmt: skip


def _income_rows(table: Table, notices: list[Notice]) -> Iterable[dict[str, str]]:
    """The 收入总表, one row per printed cell: each row's total and each source it prints."""
    for number, row in enumerate(table.rows, start=1):
        for source in table.amount_columns:
            yield {
                "row_no": str(number), **_classified(row, "functional"), "source": source,
                "source_zh": _header_leaf(table, source), "amount": _amount(row, source, table, notices),
                "is_total": _boolean(row.is_total), **_where(table, row),
            }  # fmt: skip


def _summary_rows(table: Table, notices: list[Notice]) -> Iterable[dict[str, str]]:
    """A two-sided summary, one row per printed cell: its side, the row's item and level, the column."""
    numbers = {"income": 0, "spending": 0}
    for row in table.rows:
        side = row.side if row.side in numbers else "income"
        numbers[side] += 1
        name = _label(row)
        printed, _ = numbering(name)
        named = (functional_class(name) if side == "spending" else None) or item_name("summary", name)
        item, english = named if named else ("", "")
        level = "" if row.is_total else ("2" if printed[:1].isdigit() or printed[:1] in "(（" else "1")
        for key in [key for key in table.amount_columns if key in row.cells]:
            yield {
                "table": table.kind, "side": side, "row_no": str(numbers[side]), "item": item, "item_zh": name,
                "item_en": english_numbering(printed) + english if english else "", "level": level,
                "column": "total" if key == "amount" else key, "column_zh": _header_leaf(table, key),
                "amount": _amount(row, key, table, notices), "is_total": _boolean(row.is_total),
                **_where(table, row),
            }  # fmt: skip


def _three_public_rows(table: Table, notices: list[Notice]) -> Iterable[dict[str, str]]:
    """The 三公 table: printed as one row of columns (合计, each item, 机关运行经费), or as rows named by item."""
    if "name" not in table.columns:
        if len(table.rows) > 1:
            notices.append(Notice(f"{table.title} prints {len(table.rows)} rows; the first is read",
                                  page=table.pages[0], table=table.kind))  # fmt: skip
        row = table.rows[0]
        for key in table.amount_columns:
            path = table.header_text.get(key, key).split(" / ")
            item_zh = " ".join(path[1:] or path)  # under the table's own heading (“三公”经费预算数), where it has one
            yield _three_public_item(THREE_PUBLIC_KEYS.get(key, key), item_zh, _amount(row, key, table, notices),
                                     table, row)  # fmt: skip
        return
    for row in table.rows:
        named = item_name("three_public", _label(row))
        if named is None:
            notices.append(Notice(f"{_label(row)}: not one of the three public expenses or the operating costs; "
                                  "left out", page=row.page, table=table.kind))  # fmt: skip
            continue
        yield _three_public_item(named[0], _label(row), _amount(row, "total", table, notices), table, row)


def _three_public_item(item: str, item_zh: str, amount: str, table: Table, row: Row) -> dict[str, str]:
    return {
        "item": item, "item_zh": item_zh, "item_en": item_english("three_public").get(item, ""),
        "amount": amount, "value_status": "published", "source_table": table.title, "source_page": str(row.page),
    }  # fmt: skip


def _empty(table: Table) -> dict[str, str]:
    return {"table": table.kind, "note_zh": _text(table.empty_note), "value_status": "published",
            "source_table": table.title, "source_page": str(table.pages[0])}  # fmt: skip


def _header_leaf(table: Table, key: str) -> str:
    """The printed header of a column: the last part of its path through the merged header cells."""
    return table.header_text.get(key, key).split(" / ")[-1]


def _boolean(value: bool) -> str:
    return "true" if value else "false"
