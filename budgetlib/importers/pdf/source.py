"""Open a statement PDF safely and read each page once into plain data.

The checks run cheapest first and before the work they guard: the file's
size, its ``%PDF-`` header and ``%%EOF`` trailer (a truncated download has
none), the password, the page count from the page tree, then every page's
decompressed size (see :mod:`budgetlib.importers.pdf.guard`), all before any page is
parsed. Each page is then parsed once: its text lines, its ruled tables as
grids (and word-position grids where a titled table has no rules), and the
page's cache is dropped before the next one, so memory stays flat.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import resolve1
from pdfplumber.page import Page

from budgetlib.importers.pdf.errors import StatementError
from budgetlib.importers.pdf.grid import Grid, grid_from_ruled, grid_from_words
from budgetlib.importers.pdf.guard import Oversize, PageSizer
from budgetlib.importers.pdf.limits import Limits
from budgetlib.importers.pdf.text import is_amount, parse_unit, squash
from budgetlib.importers.pdf.titles import is_contents_page, title_on_line


@dataclass(frozen=True)
class Line:
    """A line of text on a page, with its box and largest font size."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float


@dataclass
class PageData:
    """What one page holds, read once."""

    number: int
    width: float
    height: float
    lines: list[Line]
    grids: list[Grid] = field(default_factory=list)
    contents: bool = False  # a 目录 page
    chars: int = 0
    images: int = 0
    notes: list[str] = field(default_factory=list)  # things the page reader noticed


def _cause_chain(error: BaseException) -> Iterator[BaseException]:
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        yield error
        error = (
            error.__cause__
            or error.__context__
            or (error.args[0] if error.args and isinstance(error.args[0], BaseException) else None)
        )


def preflight(path: str, limits: Limits) -> None:
    """Refuse a file before opening it as a PDF: size, header, trailer."""
    try:
        info = os.stat(path)
    except OSError as error:
        raise StatementError(path, "cannot open the file", found=error.strerror or type(error).__name__) from None
    if not os.path.isfile(path):
        raise StatementError(path, "not a regular file")
    if info.st_size > limits.max_file_bytes:
        raise StatementError(
            path,
            "file too large to read",
            expected=f"at most {limits.max_file_bytes} bytes",
            found=f"{info.st_size} bytes",
        )
    if info.st_size == 0:
        raise StatementError(path, "empty file, not a PDF", expected="%PDF- header", found="0 bytes")
    with open(path, "rb") as handle:
        head = handle.read(1024)
        handle.seek(max(0, info.st_size - 2048))
        tail = handle.read(2048)
    if b"%PDF-" not in head:
        raise StatementError(path, "not a PDF", expected="%PDF- header in the first 1024 bytes", found=repr(head[:16]))
    if b"%%EOF" not in tail:
        raise StatementError(
            path, "truncated or damaged PDF", expected="%%EOF near the end of the file", found=repr(tail[-16:])
        )


def open_pdf(path: str, limits: Limits) -> tuple[Any, list[Any]]:
    """Open the PDF and list its page objects; refuse passwords and too many pages."""
    try:
        pdf = pdfplumber.open(path)
    except Exception as error:  # pdfminer raises many types; all mean "cannot read"
        if any(isinstance(e, PDFPasswordIncorrect) for e in _cause_chain(error)):
            raise StatementError(
                path,
                "the PDF is encrypted and needs a password",
                expected="an unencrypted PDF or one without a user password",
                found="password-protected",
            ) from None
        raise StatementError(path, "damaged PDF, cannot be opened", found=_describe(error)) from None
    try:
        root = resolve1(pdf.doc.catalog.get("Pages"))
        declared = resolve1(root.get("Count")) if isinstance(root, dict) else None
        if isinstance(declared, int) and declared > limits.max_pages:
            raise StatementError(path, "too many pages", expected=f"at most {limits.max_pages}", found=declared)
        page_objs = []
        for page_obj in PDFPage.create_pages(pdf.doc):
            page_objs.append(page_obj)
            if len(page_objs) > limits.max_pages:
                raise StatementError(
                    path,
                    "too many pages",
                    expected=f"at most {limits.max_pages}",
                    found=f"more than {limits.max_pages}",
                )
    except StatementError:
        pdf.close()
        raise
    except Exception as error:
        pdf.close()
        if any(isinstance(e, PDFPasswordIncorrect) for e in _cause_chain(error)):
            raise StatementError(
                path, "the PDF is encrypted and needs a password", found="password-protected"
            ) from None
        raise StatementError(path, "damaged PDF, its page tree cannot be read", found=_describe(error)) from None
    if not page_objs:
        pdf.close()
        raise StatementError(path, "the PDF has no pages", expected="at least one page", found="0 pages")
    return pdf, page_objs


def size_pages(path: str, page_objs: list[Any], limits: Limits) -> None:
    """Size every page's decompressed content before any is parsed."""
    sizer = PageSizer(limits)
    total = 0
    for number, page_obj in enumerate(page_objs, start=1):
        try:
            total += sizer.page(page_obj)
        except Oversize as over:
            raise StatementError(
                path,
                over.what,
                page=number,
                expected=f"at most {over.limit} bytes" if over.limit else None,
                found=f"{over.found} bytes" if over.limit else None,
            ) from None
        except StatementError:
            raise
        except Exception as error:
            raise StatementError(
                path, "damaged page, its content cannot be decoded", page=number, found=_describe(error)
            ) from None
        if total > limits.max_document_content_bytes:
            raise StatementError(
                path,
                "document content decompresses beyond the limit",
                page=number,
                expected=f"at most {limits.max_document_content_bytes} bytes",
                found=f"more than {total} bytes",
            )


def _describe(error: BaseException) -> str:
    text = " ".join(str(error).split())[:160]
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _lines(page: Page) -> list[Line]:
    out = []
    for item in page.extract_text_lines(return_chars=True):
        text = item["text"]
        if not text.strip():
            continue
        size = max((c.get("size", 0.0) for c in item.get("chars", ())), default=0.0)
        out.append(Line(text, item["x0"], item["top"], item["x1"], item["bottom"], round(size, 2)))
    return out


def _needs_word_grid(lines: list[Line], grids: list[Grid], continuing: bool) -> float | None:
    """Where an unruled table starts on this page (its top), or ``None``.

    A titled table with no ruled grid under its title, or a page that goes on
    with a table read from words on the page before, is read from words.
    """
    for index, line in enumerate(lines):
        if title_on_line(line.text) is None:
            continue
        if any(grid.bbox[1] >= line.bottom - 1 for grid in grids):
            return None
        top = line.bottom
        for follow in lines[index + 1 : index + 3]:
            if parse_unit(follow.text):
                top = follow.bottom
        body = [ln for ln in lines if ln.top > top and any(is_amount(t) for t in ln.text.split())]
        return top if len(body) >= 1 else None
    if continuing and not grids and lines and any(is_amount(t) for t in lines[0].text.split() + lines[-1].text.split()):
        return 0.0
    return None


def read_pages(
    path: str, pdf: Any, page_objs: list[Any], limits: Limits, started: float, ruled: bool = True
) -> Iterator[PageData]:
    """Parse each page once into :class:`PageData`, enforcing the per-page bounds.

    ``ruled=False`` ignores cell borders and reads every table from word
    positions: the fallback on its own, for comparing the two readings.
    """
    doctop = 0.0
    continuing = False
    for number, page_obj in enumerate(page_objs, start=1):
        if time.monotonic() - started > limits.max_seconds:
            raise StatementError(
                path,
                "reading took too long",
                page=number,
                expected=f"at most {limits.max_seconds:.0f} s",
                found=f"{time.monotonic() - started:.0f} s",
            )
        page = Page(pdf, page_obj, page_number=number, initial_doctop=doctop)
        doctop += page.height
        try:
            chars = page.chars
            if len(chars) > limits.max_chars_per_page:
                raise StatementError(
                    path,
                    "too many characters on a page",
                    page=number,
                    expected=f"at most {limits.max_chars_per_page}",
                    found=len(chars),
                )
            data = PageData(
                number=number,
                width=float(page.width),
                height=float(page.height),
                lines=_lines(page),
                chars=len(chars),
                images=len(page.images),
            )
            data.contents = is_contents_page([line.text for line in data.lines[:40]])
            graphics = len(page.rects) + len(page.lines) + len(page.curves)
            if graphics > limits.max_graphics_per_page:
                limit = limits.max_graphics_per_page
                data.notes.append(
                    f"{graphics} drawn objects on the page (limit {limit}): tables here were not looked for"
                )
            elif ruled and graphics and not data.contents:
                for table in page.find_tables():
                    grid = grid_from_ruled(table, number)
                    if grid is not None:
                        data.grids.append(grid)
            if not data.contents:
                top = _needs_word_grid(data.lines, data.grids, continuing)
                if top is not None:
                    region = page.crop((0, top + 0.5, page.width, page.height), strict=False)
                    grid = grid_from_words(_until_note(region.extract_words()), number)
                    if grid is not None:
                        data.grids.append(grid)
            continuing = bool(data.grids) and data.grids[-1].strategy == "words"
        except StatementError:
            raise
        except (MemoryError, RecursionError) as error:
            raise StatementError(
                path, "page too complex to read within bounds", page=number, found=type(error).__name__
            ) from None
        except Exception as error:
            raise StatementError(path, "damaged page, cannot be read", page=number, found=_describe(error)) from None
        finally:
            page.close()
        yield data


def _until_note(words: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Words above the first 注/说明 line: a note under a table is not part of it."""
    stop = None
    for word in sorted(words, key=lambda w: w["top"]):
        text = squash(word["text"])
        if text.startswith(("注:", "注：", "说明:")):
            stop = word["top"]
            break
    return [w for w in words if stop is None or w["top"] < stop - 1]
