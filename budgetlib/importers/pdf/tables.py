"""Assemble the national tables from the grids on each page.

A table starts at a title (see :mod:`budgetlib.importers.pdf.titles`) with a grid below it
and runs on over the following pages whose grids have no title of their own.
On such a continuation page a repeated header is dropped, and a first row
that carries no code and no label of its own (a row cut by the page break) is
joined to the last row before the break. Header rows are told from body rows
by content, not position: a body row holds an amount, a code, a numbered item
label, a total label or 无.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from budgetlib.importers.pdf.codes import Code, from_parts, from_text, split_leading_code
from budgetlib.importers.pdf.grid import Grid
from budgetlib.importers.pdf.headers import column_key, side_of
from budgetlib.importers.pdf.model import Notice, Row, Table
from budgetlib.importers.pdf.source import Line, PageData
from budgetlib.importers.pdf.text import fold, is_amount, normalise_amount, parse_unit, squash
from budgetlib.importers.pdf.titles import title_on_line

#: Kinds whose rows are classification codes (功能分类 or 经济分类).
CLASSIFIED = {
    "income_summary",
    "expenditure_summary",
    "general_budget_functional",
    "government_fund_functional",
    "state_capital_functional",
    "basic_economic",
}
#: Kinds printed as two sides, income items beside spending items.
TWO_SIDED = {"income_expenditure_summary", "appropriation_summary"}

_TEXT_KEYS = {"name", "code", "code_class", "code_item", "code_subitem"}
_TOTALS = ("合计", "总计", "小计", "收入总计", "支出总计", "本年收入合计", "本年支出合计", "收入合计", "支出合计")
_LABEL = re.compile(r"^(?:[一二三四五六七八九十]+[、.]|\d+[、.．](?!\d)|[(（][一二三四五六七八九十\d]+[)）])")
_NOTE = re.compile(r"^(?:注|说明|备注)\s*[:：]?")
_EMPTY_NOTE = re.compile(r"空表|无.{0,30}(?:预算|经费|收入|支出|安排)|未安排|没有")
_DEPT = re.compile(
    r"(编制部门|编制单位|预算单位|预算部门|单位名称|部门名称|部门)\s*[:：]\s*(.+?)(?:\s+(?:金额)?单位\s*[:：]|\s*$)"
)


def is_total_label(text: str | None) -> bool:
    """True for 合计/总计/收入总计/支出总计/小计 labels, spaces ignored.

    >>> is_total_label("合 计"), is_total_label("收入总计"), is_total_label("一般公共服务支出")
    (True, True, False)
    """
    if not text:
        return False
    value = squash(text)
    return value in _TOTALS or (len(value) <= 8 and value.endswith(("总计", "合计")))


def _is_body_row(grid: Grid, row: int) -> bool:
    """A body row holds an amount, a code, 无 or a numbered label; or a total label with only amounts beside it.

    A header also says 合计, but beside other header words ("合计 | 基本支出 | 项目支出").
    """
    texts = [squash(t) for t in grid.row_texts(row)]
    for text, value in zip(grid.row_texts(row), texts, strict=False):
        if is_amount(value) or value in ("无", "-", "—") or _LABEL.match(value):
            return True
        if from_text(value) is not None or split_leading_code(text) is not None:
            return True
    return bool(texts and is_total_label(texts[0]) and all(is_amount(t) for t in texts[1:]))


def _first_body_row(grid: Grid, start: int = 0) -> int:
    for row in range(start, grid.n_rows):
        if _is_body_row(grid, row):
            return row
    return grid.n_rows


@dataclass
class Column:
    """A logical column: grid columns ``start``..``end`` under one leaf header cell."""

    key: str
    path: tuple[str, ...]
    start: int
    end: int
    left: float
    right: float
    side: str | None = None


@dataclass
class _Builder:
    kind: str
    title: str
    first_page: int
    unit: str | None
    department: str | None
    columns: list[Column] = field(default_factory=list)
    header_sig: tuple[str, ...] = ()
    rows: list[Row] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    strategy: str = "ruled"
    printed_none: bool = False
    edges: list[float] = field(default_factory=list)
    title_only: int | None = None  # page of a title with no grid under it
    grids: int = 0

    def warn(self, message: str, page: int | None = None) -> None:
        self.notices.append(Notice(message, page=self.first_page if page is None else page, table=self.kind))


def _header_paths(grid: Grid, header_rows: range) -> list[tuple[tuple[str, ...], int]]:
    """For each grid column, its header path and the id of its leaf cell."""
    out = []
    for col in range(grid.n_cols):
        path: list[str] = []
        leaf = -1
        last = None
        for row in header_rows:
            cell = grid.cell(row, col)
            if cell is None or cell is last:
                continue
            last = cell
            if cell.text:
                path.append(cell.text)
                leaf = id(cell)
        out.append((tuple(path), leaf))
    return out


def _columns(grid: Grid, header_rows: range, kind: str, builder: _Builder) -> list[Column]:
    paths = _header_paths(grid, header_rows)
    groups: list[tuple[tuple[str, ...], int, int]] = []
    for col, (path, leaf) in enumerate(paths):
        if groups and leaf != -1 and paths[groups[-1][1]][1] == leaf:
            groups[-1] = (path, groups[-1][1], col + 1)
        else:
            groups.append((path, col, col + 1))
    keys = [column_key(path) for path, _, _ in groups]
    two_sided = kind in TWO_SIDED or keys.count("name") >= 2
    if two_sided:
        keys = [column_key(path, two_sided=True) for path, _, _ in groups]
    edges = grid.col_edges
    columns: list[Column] = []
    names_seen = 0
    for (path, start, end), key in zip(groups, keys, strict=False):
        if key is None:
            if not path:
                continue
            key = f"col_{start + 1}"
            builder.warn(f"column header {' / '.join(path)!r} not recognised; kept as {key}", grid.page)
        side = None
        if two_sided:
            if key == "name":
                names_seen += 1
            side = side_of(path) or ("income" if names_seen <= 1 else "spending")
        left = edges[start] if edges else 0.0
        right = edges[end] if len(edges) > end else left
        columns.append(Column(key, path, start, end, left, right, side))
    seen: dict[tuple[str | None, str], int] = {}
    for column in columns:
        slot = (column.side, column.key)
        seen[slot] = seen.get(slot, 0) + 1
        if seen[slot] > 1:
            column.key = f"{column.key}_{seen[slot]}"
            builder.warn(f"two columns mean {slot[1]!r}; the second is kept as {column.key}", grid.page)
    return columns


def _body_values(
    grid: Grid, row: int, columns: list[Column], by_position: bool, lost: list[str]
) -> dict[int, str | None]:
    """Text per logical column for one body row; texts no column takes go to ``lost``."""
    values: dict[int, list[str]] = {}
    for cell in grid.cells:
        if cell.row != row or not cell.text:
            continue
        if by_position and grid.col_edges:
            centre = (grid.col_edges[cell.col] + grid.col_edges[min(cell.col_end, len(grid.col_edges) - 1)]) / 2
            index = next((i for i, c in enumerate(columns) if c.left - 1 <= centre <= c.right + 1), None)
        else:
            index = next((i for i, c in enumerate(columns) if c.start <= cell.col < c.end), None)
        if index is None:
            lost.append(cell.text)
            continue
        values.setdefault(index, []).append(cell.text)
    return {i: "".join(parts) for i, parts in values.items()}


def _code_of(cells: dict[str, str | None]) -> tuple[Code | None, str | None]:
    """The row's code and its name, from code columns or a name that starts with its code."""
    name = cells.get("name")
    if any(k in cells for k in ("code_class", "code_item", "code_subitem")):
        code = from_parts([cells.get("code_class"), cells.get("code_item"), cells.get("code_subitem")])
        if code is not None:
            return code, name
    if cells.get("code"):
        code = from_text(cells["code"] or "")
        if code is None:
            split = split_leading_code(cells["code"] or "")
            if split:
                return split[0], name or split[1]
        return code, name
    if name:
        split = split_leading_code(name)
        if split:
            return split
    return None, name


def _make_rows(builder: _Builder, grid: Grid, body: range, by_position: bool) -> list[Row]:
    rows: list[Row] = []
    sides = sorted({c.side for c in builder.columns}, key=lambda s: (s != "income", s or ""))
    lost: list[str] = []
    for r in body:
        values = _body_values(grid, r, builder.columns, by_position, lost)
        if not values:
            continue
        for side in sides:
            cols = [(i, c) for i, c in enumerate(builder.columns) if c.side == side]
            cells: dict[str, str | None] = {}
            for i, column in cols:
                raw = values.get(i)
                cells[column.key] = raw if column.key in _TEXT_KEYS else normalise_amount(raw)
            texts = [v for v in cells.values() if v]
            if not texts:
                continue
            if all(squash(t) in ("无", "-", "—") for t in texts):
                builder.printed_none = True
                continue
            total_label = next((v for k, v in cells.items() if v and k in _TEXT_KEYS and is_total_label(v)), None)
            amounts = [cells[c.key] for _, c in cols if c.key not in _TEXT_KEYS]
            if total_label is None and not any(cells.get(k) for k in _TEXT_KEYS) and not any(amounts):
                continue
            row = Row(cells=cells, page=grid.page, line=r + 1, side=side)
            if total_label is not None:
                row.is_total = True
                row.name = squash(total_label)
                if not any(amounts):
                    continue  # a blank 合计 line of an empty table
            elif builder.kind in CLASSIFIED:
                code, name = _code_of(cells)
                row.name = name
                if code is not None:
                    row.code, row.code_parts, row.level, row.parent_code = (
                        code.code,
                        code.parts,
                        code.level,
                        code.parent,
                    )
                    if code.padded:
                        builder.warn(
                            f"code {' '.join(code.parts)} printed without a leading zero; read as {code.code}",
                            grid.page,
                        )
            else:
                row.name = cells.get("name")
            rows.append(row)
    if lost:
        builder.warn(f"{len(lost)} cell(s) fall under no column and were left out: {', '.join(lost[:3])}", grid.page)
    return rows


def _join_cut_row(builder: _Builder, first: Row) -> bool:
    """Join a continuation page's first row to the row the page break cut, when it is one.

    In a classified table every item row has a code, so a first row without a
    code (and not a total) goes on from the last row, provided the last row
    had a code. Elsewhere only a row whose amounts were all still blank
    before the break can go on. Two amounts in one column never join.
    """
    if not builder.rows or first.is_total or first.code is not None:
        return False
    last = builder.rows[-1]
    if last.is_total or last.side != first.side:
        return False
    if first.name and _LABEL.match(squash(first.name)):
        return False
    last_amounts = [k for k, v in last.cells.items() if v and k not in _TEXT_KEYS]
    if builder.kind in CLASSIFIED:
        if last.code is None:
            return False
    elif last_amounts:
        return False
    if any(v and k not in _TEXT_KEYS and last.cells.get(k) for k, v in first.cells.items()):
        return False
    for key, value in first.cells.items():
        if value is None:
            continue
        if key in _TEXT_KEYS:
            last.cells[key] = (last.cells.get(key) or "") + value
        else:
            last.cells[key] = value
    if first.name:
        last.name = (last.name or "") + first.name
    builder.warn(f"a row cut by the page break was joined: {last.name!r}", first.page)
    return True


def _skip_title_rows(grid: Grid) -> tuple[int, str | None, str | None, str | None]:
    """Leading grid rows that hold a title, unit or department line instead of a header."""
    start, kind, title, unit = 0, None, None, None
    consumed = 0  # rows up to the last title/unit row; blank rows after it stay for the header
    while start < grid.n_rows:
        texts = grid.row_texts(start)
        if not texts:
            start += 1
            continue
        if len(texts) > 2:
            break
        joined = " ".join(texts)
        found_kind = title_on_line(joined)
        found_unit = parse_unit(joined)
        if found_kind is None and found_unit is None and not _DEPT.search(fold(joined)):
            break
        if found_kind:
            kind, title = found_kind, joined
        unit = found_unit or unit
        start += 1
        consumed = start
    return consumed, kind, title, unit


class TableAssembler:
    """Feeds pages in order; collects the national tables and what was noticed."""

    def __init__(self) -> None:
        self.tables: list[Table] = []
        self.notices: list[Notice] = []
        self.departments: list[str] = []
        self._open: _Builder | None = None

    def add_page(self, page: PageData) -> None:
        """Take one page's grids and lines."""
        if page.contents:
            self._close()
            return
        titles = [(line, title_on_line(line.text)) for line in page.lines]
        titles = [(line, kind) for line, kind in titles if kind]
        grids = sorted(page.grids, key=lambda g: g.bbox[1])
        used_titles: set[int] = set()
        previous_bottom = 0.0
        continued_here = False
        for position, grid in enumerate(grids):
            above = [
                (line, kind)
                for line, kind in titles
                if previous_bottom - 1 <= line.top and line.bottom <= grid.bbox[1] + 2
            ]
            skip, inner_kind, inner_title, inner_unit = _skip_title_rows(grid)
            if above:
                line, kind = above[-1]
                used_titles.add(id(line))
                self._start(kind, line, page, grid)
            elif inner_kind:
                self._close()
                self._open = _Builder(
                    inner_kind, inner_title or "", page.number, inner_unit, None, strategy=grid.strategy
                )
            elif (
                self._open is not None
                and position == 0
                and self._open.pages
                and self._open.pages[-1] == page.number - 1
            ):
                continued_here = True
            else:
                previous_bottom = grid.bbox[3]
                continue
            if self._open.unit is None and inner_unit:
                self._open.unit = inner_unit
            self._take_grid(self._open, grid, skip, continuation=not (above or inner_kind))
            previous_bottom = grid.bbox[3]
        for line, kind in titles:
            if id(line) not in used_titles and not any(g.bbox[1] >= line.bottom - 1 for g in grids):
                self._titled_without_grid(kind, line, page)
        if self._open is not None and self._open.pages and self._open.pages[-1] == page.number:
            self._take_notes(self._open, page, grids)
        elif self._open is not None and not continued_here:
            self._close()

    def finish(self) -> None:
        """Close the last open table."""
        self._close()

    def _start(self, kind: str, line: Line, page: PageData, grid: Grid) -> None:
        self._close()
        unit = None
        department = None
        for other in page.lines:
            if line.top - 1 <= other.top and other.bottom <= grid.bbox[1] + 2:
                unit = unit or parse_unit(other.text)
                match = _DEPT.search(fold(other.text))
                if match and other is not line:
                    department = match.group(2).strip()
        if department:
            self.departments.append(department)
        self._open = _Builder(kind, " ".join(line.text.split()), page.number, unit, department, strategy=grid.strategy)

    def _titled_without_grid(self, kind: str, line: Line, page: PageData) -> None:
        self._close()
        builder = _Builder(kind, " ".join(line.text.split()), page.number, None, None)
        for other in page.lines:
            if other.top >= line.top - 1:
                builder.unit = builder.unit or parse_unit(other.text)
        builder.pages.append(page.number)
        builder.title_only = page.number
        self._take_notes(builder, page, [])
        self._open = builder  # the grid may start on the next page

    def _take_grid(self, builder: _Builder, grid: Grid, skip: int, continuation: bool) -> None:
        body_start = _first_body_row(grid, skip)
        header_rows = range(skip, body_start)
        page = grid.page
        builder.pages.append(page)
        builder.grids += 1
        if grid.strategy != builder.strategy:
            builder.strategy = "words" if "words" in (grid.strategy, builder.strategy) else builder.strategy
        by_position = False
        if not continuation or not builder.columns:
            if not header_rows:
                builder.warn("no header rows found above the first data row", page)
            builder.columns = _columns(grid, header_rows, builder.kind, builder)
            builder.header_sig = tuple(squash(" ".join(grid.row_texts(r))) for r in header_rows)
            builder.edges = list(grid.col_edges)
        else:
            signature = tuple(squash(" ".join(grid.row_texts(r))) for r in header_rows)
            if signature and signature != builder.header_sig:
                builder.warn(
                    "the header repeated on this page differs from the first page's; "
                    "columns mapped by position on the page",
                    page,
                )
                by_position = True
            edges = builder.edges
            if grid.n_cols != len(edges) - 1 or any(
                abs(a - b) > 4 for a, b in zip(edges, grid.col_edges, strict=False)
            ):
                by_position = True  # cells go to the first page's columns by where they sit
        rows = _make_rows(builder, grid, range(body_start, grid.n_rows), by_position)
        if continuation and rows and _join_cut_row(builder, rows[0]):
            rows = rows[1:]
        builder.rows.extend(rows)

    def _take_notes(self, builder: _Builder, page: PageData, grids: list[Grid]) -> None:
        bottom = max((g.bbox[3] for g in grids if g.page == page.number), default=None)
        collecting: list[str] = []
        for line in page.lines:
            if bottom is not None and line.top < bottom - 1:
                continue
            text = " ".join(line.text.split())
            if _NOTE.match(fold(text)):
                if collecting:
                    builder.notes.append("".join(collecting))
                collecting = [text]
            elif collecting and line.x0 > page.width * 0.04:
                collecting.append(text)
        if collecting:
            builder.notes.append("".join(collecting))

    def _close(self) -> None:
        builder = self._open
        self._open = None
        if builder is None:
            return
        if builder.grids == 0:
            what = "with a note but no table grid" if builder.notes else "but no table found under it"
            builder.warn(f"title printed {what}", builder.title_only)
        elif builder.title_only is not None and builder.title_only not in [r.page for r in builder.rows]:
            builder.warn("the title is at the foot of a page and its table starts on the next", builder.title_only)
        empty_note = next((n for n in builder.notes if _EMPTY_NOTE.search(n)), None)
        notes = [n for n in builder.notes if n is not empty_note]
        data_rows = [r for r in builder.rows if any(v for k, v in r.cells.items() if k not in _TEXT_KEYS)]
        if empty_note and data_rows:
            builder.warn(
                f"the note says the table is empty ({empty_note}) but it prints {len(data_rows)} row(s) with amounts"
            )
        if not builder.rows and not empty_note:
            if builder.printed_none:
                builder.warn("the table prints 无 and no note")
            else:
                builder.warn("the table has no rows and no note saying it is empty")
        if builder.unit is None:
            builder.warn("no unit line (单位：元 / 单位：万元) found for the table")
        if builder.rows and not any(r.is_total for r in builder.rows) and builder.kind != "three_public":
            builder.warn("no 合计/总计 row: the table may be cut short (a missing page?)")
        columns: list[str] = []
        header_text: dict[str, str] = {}
        for column in builder.columns:
            if column.key not in columns:
                columns.append(column.key)
                header_text[column.key] = " / ".join(" ".join(p.split()) for p in column.path)
        amount_columns = [k for k in columns if k not in _TEXT_KEYS]
        self.tables.append(
            Table(
                kind=builder.kind,
                title=builder.title,
                pages=sorted(set(builder.pages)),
                unit=builder.unit,
                columns=columns,
                rows=builder.rows,
                empty_note=empty_note,
                header_text=header_text,
                amount_columns=amount_columns,
                notes=notes,
                strategy=builder.strategy,
            )
        )
        self.notices.extend(builder.notices)
