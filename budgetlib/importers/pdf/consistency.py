"""Sums the printed tables must satisfy, checked as a sanity test of the reading.

Each check compares printed amounts exactly (``Decimal``): a parent row with
the sum of its children, 合计 with the sum of the top-level rows, total with
basic + project, basic with personnel + public, 收入总计 with 支出总计, and
the 三公 parts. A failure is a warning for a person, not an error: statements
do print sums that do not add up, and the reader reports what is printed.
A blank cell counts as 0 in a sum when the other side of the identity is
printed, and an identity with nothing printed on either side is skipped.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from budgetlib.importers.pdf.model import Notice, Row, Table


def _value(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _sum(values: list[str | None]) -> Decimal | None:
    parsed = [_value(v) for v in values]
    if all(v is None for v in parsed):
        return None
    return sum((v for v in parsed if v is not None), Decimal(0))


def _compare(
    table: Table, row: Row, what: str, printed: str | None, parts: list[str | None], out: list[Notice]
) -> None:
    whole = _value(printed)
    total = _sum(parts)
    if whole is None and total is None:
        return
    if (whole or Decimal(0)) != (total or Decimal(0)):
        where = row.code or row.name or "row"
        out.append(Notice(f"{where}: {what} printed {printed}, parts sum to {total}", page=row.page, table=table.kind))


def check_table(table: Table) -> list[Notice]:
    """Every identity of one table that does not hold, as notices."""
    out: list[Notice] = []
    amounts = [c for c in table.amount_columns]
    rows = [r for r in table.rows if not r.is_total]
    by_parent: dict[str, list[Row]] = {}
    for row in rows:
        if row.parent_code:
            by_parent.setdefault(row.parent_code, []).append(row)
    for row in rows:
        children = by_parent.get(row.code or "")
        if children:
            for column in amounts:
                _compare(
                    table,
                    row,
                    f"{column} (sum of its {len(children)} sub-items)",
                    row.cells.get(column),
                    [c.cells.get(column) for c in children],
                    out,
                )
    top = [r for r in rows if r.level == 1]
    for total in (r for r in table.rows if r.is_total and r.side is None):
        if top:
            for column in amounts:
                _compare(
                    table,
                    total,
                    f"{column} (sum of the 类 rows)",
                    total.cells.get(column),
                    [r.cells.get(column) for r in top],
                    out,
                )
    for row in table.rows:
        cells = row.cells
        if "total" in cells and ("basic" in cells or "project" in cells):
            _compare(
                table,
                row,
                "total = basic + project",
                cells.get("total"),
                [cells.get("basic"), cells.get("project")],
                out,
            )
        if "total" in cells and "personnel" in cells and "public" in cells and "basic" not in cells:
            _compare(
                table,
                row,
                "total = personnel + public",
                cells.get("total"),
                [cells.get("personnel"), cells.get("public")],
                out,
            )
        if "amount" in cells and ("personnel" in cells or "project" in cells):
            _compare(
                table,
                row,
                "amount = personnel + public + project",
                cells.get("amount"),
                [cells.get("personnel"), cells.get("public"), cells.get("project")],
                out,
            )
        if "amount" in cells and "general_public" in cells:
            _compare(
                table,
                row,
                "amount = general_public + government_fund + state_capital",
                cells.get("amount"),
                [cells.get(k) for k in ("general_public", "government_fund", "state_capital")],
                out,
            )
        if table.kind == "income_summary" and "total" in cells:
            sources = [k for k in table.amount_columns if k != "total"]
            _compare(table, row, "total = sum of sources", cells.get("total"), [cells.get(k) for k in sources], out)
        if table.kind == "three_public":
            _compare(
                table,
                row,
                "三公 total = overseas + vehicles + hospitality",
                cells.get("total"),
                [cells.get(k) for k in ("overseas_travel", "vehicles_total", "hospitality")],
                out,
            )
            _compare(
                table,
                row,
                "vehicles = purchase + operation",
                cells.get("vehicles_total"),
                [cells.get(k) for k in ("vehicle_purchase", "vehicle_operation")],
                out,
            )
    sides = {r.side: r for r in table.rows if r.is_total and r.side}
    if "income" in sides and "spending" in sides:
        _compare(
            table,
            sides["income"],
            "收入总计 = 支出总计",
            sides["income"].cells.get("amount"),
            [sides["spending"].cells.get("amount")],
            out,
        )
    return out


def check_across(tables: list[Table]) -> list[Notice]:
    """Totals that two tables both print and must agree on."""
    out: list[Notice] = []
    totals: dict[str, tuple[str | None, Row]] = {}
    for table in tables:
        for row in table.rows:
            if row.is_total and row.side in (None, "income") and ("total" in row.cells or "amount" in row.cells):
                totals.setdefault(table.kind, (row.cells.get("total") or row.cells.get("amount"), row))
                break
    pairs = [("income_expenditure_summary", "income_summary"), ("income_summary", "expenditure_summary")]
    for a, b in pairs:
        if (
            a in totals
            and b in totals
            and totals[a][0]
            and totals[b][0]
            and _value(totals[a][0]) != _value(totals[b][0])
        ):
            out.append(
                Notice(
                    f"总计 of {a} ({totals[a][0]}) differs from {b} ({totals[b][0]})",
                    page=totals[b][1].page,
                    table=b,
                )
            )
    return out
