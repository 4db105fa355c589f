"""A table's cells on one page, as a grid of rows and columns with spans.

Two ways to get one, with the same result type so everything downstream is
shared:

* :func:`grid_from_ruled` reads a table pdfplumber found from the ruled lines
  (cell borders drawn as lines or thin rectangles, or cells drawn as filled
  rectangles). This is how WPS/Excel statements print, and it is exact: a cell
  is a cell even when two numbers nearly touch ("91,016,775.35一、一般公共服务支出").
* :func:`grid_from_words` clusters word positions when a table has no rules:
  amounts align on their right edge, codes and names on their left edge.
  It is the fallback, and the import report says when it was used.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from budgetlib.importers.pdf.text import is_amount, join_cell_lines, squash


@dataclass(frozen=True)
class Cell:
    """One cell: its text and the rows/columns it spans (end exclusive)."""

    text: str
    row: int
    col: int
    row_end: int
    col_end: int


@dataclass
class Grid:
    """The cells of one table on one page, with the grid's outline."""

    page: int
    bbox: tuple[float, float, float, float]
    n_rows: int
    n_cols: int
    cells: list[Cell]
    strategy: str = "ruled"
    col_edges: list[float] = field(default_factory=list)
    _index: dict[tuple[int, int], Cell] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for cell in self.cells:
            for r in range(cell.row, cell.row_end):
                for c in range(cell.col, cell.col_end):
                    self._index[(r, c)] = cell

    def cell(self, row: int, col: int) -> Cell | None:
        """The cell covering (row, col), or ``None`` where nothing is drawn."""
        return self._index.get((row, col))

    def text(self, row: int, col: int) -> str | None:
        """The text of the cell that starts at (row, col); ``None`` when covered by a span or blank."""
        cell = self._index.get((row, col))
        if cell is None or cell.row != row or cell.col != col:
            return None
        return cell.text or None

    def row_texts(self, row: int) -> list[str]:
        """Every non-blank text starting in ``row``, left to right."""
        return [c.text for c in sorted(self.cells, key=lambda c: c.col) if c.row == row and c.text]


def _edges(values: Iterable[float], tolerance: float = 1.5) -> list[float]:
    ordered = sorted(values)
    merged: list[float] = []
    for value in ordered:
        if merged and value - merged[-1] <= tolerance:
            continue
        merged.append(value)
    return merged


def _position(edges: list[float], value: float, tolerance: float = 1.5) -> int:
    best = min(range(len(edges)), key=lambda i: abs(edges[i] - value))
    return best if abs(edges[best] - value) <= tolerance * 2 else -1


def grid_from_ruled(table: Any, page: int) -> Grid | None:
    """Build a :class:`Grid` from a pdfplumber ``Table``; ``None`` when it has no cell."""
    matrix = table.extract()
    xs = _edges([v for c in table.cells for v in (c[0], c[2])])
    ys = _edges([v for c in table.cells for v in (c[1], c[3])])
    if len(xs) < 2 or len(ys) < 2:
        return None
    cells: list[Cell] = []
    for i, row in enumerate(table.rows):
        for j, bbox in enumerate(row.cells):
            if bbox is None:
                continue
            text = matrix[i][j] if i < len(matrix) and j < len(matrix[i]) else None
            c0, c1 = _position(xs, bbox[0]), _position(xs, bbox[2])
            r0, r1 = _position(ys, bbox[1]), _position(ys, bbox[3])
            if min(c0, c1, r0, r1) < 0 or c1 <= c0 or r1 <= r0:
                continue
            cells.append(Cell(join_cell_lines(text) or "", r0, c0, r1, c1))
    return Grid(page=page, bbox=tuple(table.bbox), n_rows=len(ys) - 1, n_cols=len(xs) - 1, cells=cells, col_edges=xs)


def _is_code_token(text: str) -> bool:
    value = squash(text)
    return value.isdigit() and len(value) in (2, 3, 5, 7)


_GLUED = re.compile(r"^([-−]?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+)(\D.*)$")


def _split_glued(word: dict[str, Any]) -> list[dict[str, Any]]:
    """Split "91,016,775.35一、一般公共服务支出" (two cells' text with no gap) at the amount's end."""
    match = _GLUED.match(word["text"])
    if not match:
        return [word]
    share = len(match.group(1)) / len(word["text"])
    middle = word["x0"] + (word["x1"] - word["x0"]) * share
    return [dict(word, text=match.group(1), x1=middle), dict(word, text=match.group(2), x0=middle)]


def _kinds(line: list[dict[str, Any]]) -> list[str]:
    """Classify a line's words: leading codes and names are "text", amounts "amount"."""
    kinds = []
    leading = True
    for word in line:
        if leading and _is_code_token(word["text"]):
            kinds.append("text")
        elif is_amount(word["text"]):
            kinds.append("amount")
            leading = False
        else:
            kinds.append("text")
            leading = False
    return kinds


def grid_from_words(words: list[dict[str, Any]], page: int, header_hint: int = 0) -> Grid | None:
    """Cluster the words of an unruled table region into a :class:`Grid`.

    ``words`` are pdfplumber words (``x0``, ``x1``, ``top``, ``bottom``, ``text``)
    of the region below the unit line. Rows are lines of words; a line with an
    amount, or a 合计 label, is a body line and the lines above the first are
    the header. Columns are clusters of amount right edges and text left edges
    over the body lines; each header word spans the columns under it, widened
    to half-way to its neighbours on the same line (group headers are centred
    over their columns).
    """
    if not words:
        return None
    words = [part for word in words for part in _split_glued(word)]
    lines: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - word["top"]) <= 3:
            lines[-1].append(word)
        else:
            lines.append([word])
    for line in lines:
        line.sort(key=lambda w: w["x0"])

    def is_body(line: list[dict[str, Any]]) -> bool:
        return any(is_amount(w["text"]) and not _is_code_token(w["text"]) for w in line) or any(
            squash(w["text"]) in ("合计", "总计", "收入总计", "支出总计") for w in line
        )

    first_body = next((i for i, line in enumerate(lines) if i >= header_hint and is_body(line)), None)
    if first_body is None:
        return None
    header, body = lines[:first_body], lines[first_body:]
    anchors: list[tuple[str, float, float, float]] = []  # kind, anchor, x0, x1
    for line in body:
        for word, kind in zip(line, _kinds(line), strict=False):
            anchor = word["x1"] if kind == "amount" else word["x0"]
            for k, (akind, apos, ax0, ax1) in enumerate(anchors):
                if akind == kind and abs(apos - anchor) <= 8:
                    anchors[k] = (akind, apos, min(ax0, word["x0"]), max(ax1, word["x1"]))
                    break
            else:
                anchors.append((kind, anchor, word["x0"], word["x1"]))
    anchors.sort(key=lambda a: a[2])
    merged: list[list[float]] = []
    for _, _, x0, x1 in anchors:
        if merged and x0 < merged[-1][1] - 2:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    bounds = [merged[0][0] - 1]
    for left, right in itertools.pairwise(merged):
        bounds.append((left[1] + right[0]) / 2)
    bounds.append(merged[-1][1] + 1)
    n_cols = len(merged)

    def col_of(x: float) -> int:
        for c in range(n_cols):
            if x < bounds[c + 1]:
                return c
        return n_cols - 1

    cells: list[Cell] = []
    for r, line in enumerate(header):
        for k, word in enumerate(line):
            left = word["x0"] if k == 0 else (line[k - 1]["x1"] + word["x0"]) / 2
            right = word["x1"] if k == len(line) - 1 else (word["x1"] + line[k + 1]["x0"]) / 2
            c0 = col_of(word["x0"])
            c1 = col_of(word["x1"] - 0.5)
            if len(line) < n_cols:
                c0 = min(c0, col_of(left + 1))
                c1 = max(c1, col_of(right - 1))
            cells.append(Cell(word["text"], r, c0, r + 1, c1 + 1))
    for r, line in enumerate(body, start=len(header)):
        texts: dict[int, list[str]] = {}
        for word, kind in zip(line, _kinds(line), strict=False):
            x = word["x1"] - 0.5 if kind == "amount" else word["x0"] + 0.5
            texts.setdefault(col_of(x), []).append(word["text"])
        for c, parts in texts.items():
            cells.append(Cell("".join(parts), r, c, r + 1, c + 1))
    x0 = min(w["x0"] for w in words)
    x1 = max(w["x1"] for w in words)
    top = min(w["top"] for w in words)
    bottom = max(w["bottom"] for w in words)
    return Grid(
        page=page,
        bbox=(x0, top, x1, bottom),
        n_rows=len(lines),
        n_cols=n_cols,
        cells=cells,
        strategy="words",
        col_edges=bounds,
    )
