"""``read_statement``: one PDF in, one :class:`~budgetlib.importers.pdf.model.Statement` out.

The order is fixed: refuse what is out of bounds before reading (size,
header, trailer, password, page count, decompressed sizes), read each page
once, then build tables, sections, figures and the report from the pages'
plain data. Any failure inside the PDF libraries becomes a
:class:`~budgetlib.importers.pdf.errors.StatementError`; nothing else escapes.
"""

from __future__ import annotations

import os
import time
from typing import Any

from budgetlib.importers.pdf.errors import StatementError
from budgetlib.importers.pdf.figures import (
    glossary,
    notes_figures,
    numbered_items,
    organisation_units,
    project,
    sentence_figures,
)
from budgetlib.importers.pdf.limits import DEFAULT_LIMITS, Limits
from budgetlib.importers.pdf.metadata import read_metadata
from budgetlib.importers.pdf.model import Notice, Prose, Statement
from budgetlib.importers.pdf.report import build_report
from budgetlib.importers.pdf.sections import (
    DUTIES,
    GLOSSARY,
    ITEM_START,
    NOTES,
    ORGANISATION,
    OTHER,
    PROJECT,
    split_sections,
)
from budgetlib.importers.pdf.source import PageData, open_pdf, preflight, read_pages, size_pages
from budgetlib.importers.pdf.tables import TableAssembler

OCR_MESSAGE = "no text to read; this statement needs OCR, which budgetlib does not do"


def read_statement(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> Statement:
    """Read a departmental (部门预算) or unit (单位预算) budget statement PDF.

    Returns the statement's metadata, its national tables, the figures its
    notes state, and a report of what was found. Raises
    :class:`~budgetlib.importers.pdf.errors.StatementError` (and only that) when the file
    is not a readable statement or breaks one of ``limits``.
    """
    name = os.fspath(path)
    started = time.monotonic()
    try:
        return _read(name, limits, started)
    except StatementError:
        raise
    except (MemoryError, RecursionError) as error:
        raise StatementError(name, "the PDF is too complex to read within bounds", found=type(error).__name__) from None
    except Exception as error:  # a library failure we did not foresee: still one exception type
        raise StatementError(
            name, "could not read the PDF", found=f"{type(error).__name__}: {' '.join(str(error).split())[:160]}"
        ) from None


def _read(path: str, limits: Limits, started: float) -> Statement:
    preflight(path, limits)
    pdf, page_objs = open_pdf(path, limits)
    try:
        size_pages(path, page_objs, limits)
        assembler = TableAssembler()
        pages: list[PageData] = []
        for page in read_pages(path, pdf, page_objs, limits, started):
            assembler.add_page(page)
            pages.append(page)
        assembler.finish()
    finally:
        pdf.close()
    if sum(p.chars for p in pages) == 0:
        raise StatementError(
            path,
            OCR_MESSAGE,
            expected="a text layer",
            found=f"{len(pages)} page(s), {sum(p.images for p in pages)} image(s), no characters",
        )
    tables = assembler.tables
    if not tables:
        raise StatementError(
            path,
            "none of the national budget tables found",
            expected="titles such as 部门收支预算总表, 部门收入预算总表, 部门支出预算总表",
            found=f"{len(pages)} page(s) of text without them",
        )
    notices: list[Notice] = list(assembler.notices)
    for page in pages:
        for note in page.notes:
            notices.append(Notice(note, page=page.number))
        if page.chars == 0:
            notices.append(
                Notice("page has no text" + (" (an image: needs OCR)" if page.images else ""), page=page.number)
            )
    table_pages = {n for t in tables for n in t.pages}
    sections = split_sections(pages, table_pages)
    metadata = read_metadata(sections, tables, assembler.departments, len(pages))
    prose = _prose(sections, metadata.department, notices)
    for section in sections:
        if section.kind == ORGANISATION:
            units, counts = organisation_units(section)
            metadata.units.extend(units)
            for key, value in counts.items():
                metadata.unit_counts[key] = metadata.unit_counts.get(key, 0) + value
    seen_kinds: dict[str, int] = {}
    for table in tables:
        if table.kind in seen_kinds:
            notices.append(
                Notice(
                    f"{table.kind} printed twice (pages {seen_kinds[table.kind]} and {table.pages[0]})",
                    page=table.pages[0],
                    table=table.kind,
                )
            )
        seen_kinds.setdefault(table.kind, table.pages[0])
    return Statement(path=path, metadata=metadata, tables=tables, prose=prose, report=build_report(tables, notices))


def _prose(sections: list[Any], department: str | None, notices: list[Notice]) -> Prose:
    prose = Prose()
    organisation: list[str] = []
    for section in sections:
        prose.headings.setdefault(section.kind, (section.heading, section.page))
        if section.kind == NOTES:
            prose.figures.extend(notes_figures(section, department))
        elif section.kind == OTHER:
            prose.figures.extend(sentence_figures(section, department, ""))
        elif section.kind == DUTIES:
            items = [ITEM_START.sub("", p.text, count=1).strip() for p in numbered_items(section)]
            for item in items:
                if item in prose.duties:
                    notices.append(
                        Notice("a duty is printed twice (the 主要职能 section is repeated?)", page=section.page)
                    )
                    continue
                prose.duties.append(item)
        elif section.kind == ORGANISATION:
            organisation.append(section.text)
        elif section.kind == GLOSSARY:
            prose.glossary.extend(glossary(section))
        elif section.kind == PROJECT:
            item = project(section)
            prose.projects.append(item)
            if item.name is None:
                notices.append(Notice("project page without a project name in its title", page=section.page))
            if item.amount is None:
                notices.append(Notice("project page states no single 年度预算安排 amount", page=section.page))
    prose.organisation = "\n".join(organisation) or None
    return prose
