"""Split the non-table pages into the sections of the form, and lines into paragraphs.

The form's explanatory part has fixed sections, each under a page heading:
主要职能, 机构设置, 名词解释, 编制说明, 其他相关情况说明 and one page per
project (…经费情况说明). A heading is a line set larger than the page's body
text, or the first line of a page, whose words name a section; a page without
one continues the section before it. Paragraphs are rebuilt from the lines: a
line that stops well short of the right margin ends its paragraph, and a
line that starts with an item number ("1、", "（一）", "一、") starts one.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from budgetlib.importers.pdf.source import Line, PageData
from budgetlib.importers.pdf.text import squash
from budgetlib.importers.pdf.titles import title_on_line

DUTIES, ORGANISATION, GLOSSARY, NOTES, OTHER, PROJECT, COVER, CONTENTS, TABLES = (
    "duties",
    "organisation",
    "glossary",
    "notes",
    "other",
    "project",
    "cover",
    "contents",
    "tables",
)

ITEM_START = re.compile(
    r"^\s*(?:\d+\s*[、.．](?!\d)|[(（]\s*[一二三四五六七八九十\d]+\s*[)）]|[一二三四五六七八九十]+\s*、)"
)
_SENTENCE_END = "。；;！!？?：:"


@dataclass
class Paragraph:
    """Consecutive lines that make one paragraph; ``page`` is where it starts."""

    text: str
    page: int
    pages: list[int] = field(default_factory=list)


@dataclass
class Section:
    """One section: its kind, heading as printed, and paragraphs in order."""

    kind: str
    heading: str
    page: int
    paragraphs: list[Paragraph] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The section's text, paragraphs joined by newlines."""
        return "\n".join(p.text for p in self.paragraphs)


def heading_kind(text: str) -> str | None:
    """The section a heading line opens, or ``None`` for an ordinary line.

    >>> heading_kind("上海市普陀区商务委员会主要职能"), heading_kind("2025年部门预算编制说明")
    ('duties', 'notes')
    >>> heading_kind("科技创新专项经费情况说明"), heading_kind('一、2025年"三公"经费预算情况说明')
    ('project', None)
    """
    value = squash(text)
    if not value or len(value) > 50 or any(p in value for p in "，。；"):
        return None
    if value in ("目录", "目次"):
        return CONTENTS
    if ITEM_START.match(value):
        return None
    if value.endswith(("主要职能", "部门职责", "主要职责", "单位职责", "职能职责")):
        return DUTIES
    if value.endswith(("机构设置", "机构情况", "单位构成", "部门构成")):
        return ORGANISATION
    if value.endswith("名词解释"):
        return GLOSSARY
    if value.endswith("其他相关情况说明") or value.endswith("其他重要事项的情况说明"):
        return OTHER
    if value.endswith(("编制说明", "收支预算情况的总体说明", "预算情况说明", "预算的说明")) and "三公" not in value:
        return NOTES
    if value.endswith(("经费情况说明", "项目情况说明", "项目说明", "项目经费说明")):
        return PROJECT
    return None


def _body_size(lines: list[Line]) -> float:
    sizes = [line.size for line in lines if line.size]
    return statistics.median(sizes) if sizes else 0.0


def _heading(page: PageData) -> tuple[str, Line] | None:
    lines = page.lines
    if not lines:
        return None
    body = _body_size(lines)
    for index, line in enumerate(lines[:4]):
        kind = heading_kind(line.text)
        if kind is None:
            continue
        if index == 0 or (body and line.size >= body * 1.15):
            return kind, line
    return None


def _paragraphs(lines: list[Line], page: PageData) -> list[tuple[str, int]]:
    """Rebuild paragraphs: a new one starts at an item number, at an indented line, or after a short
    line ending a sentence.

    Continuation lines sit at the left margin; a paragraph's first line is
    indented. A line that stops short is not enough on its own, because a
    long number ("24,558.18万元") wraps whole and leaves its line short.
    """
    if not lines:
        return []
    left = min(line.x0 for line in lines)
    right = max(line.x1 for line in lines)
    out: list[tuple[str, int]] = []
    current = ""
    previous: Line | None = None
    for line in lines:
        text = " ".join(line.text.split())
        size = line.size or 12.0
        if current and previous is not None:
            indented = line.x0 > left + 0.8 * size
            ended = previous.text.rstrip().endswith(tuple(_SENTENCE_END)) and previous.x1 < right - 1.5 * size
            if ITEM_START.match(text) or indented or ended:
                out.append((current, page.number))
                current = ""
        current += text
        previous = line
    if current:
        out.append((current, page.number))
    return out


def split_sections(pages: list[PageData], table_pages: set[int]) -> list[Section]:
    """Group the pages that are not table pages into sections, in page order."""
    sections: list[Section] = []
    current: Section | None = None
    for page in pages:
        if page.number in table_pages:
            current = None
            continue
        if page.contents:
            current = None
            continue
        found = _heading(page)
        lines = page.lines
        if page.number == 1 and found is None:
            sections.append(Section(COVER, lines[0].text if lines else "", 1))
            sections[-1].paragraphs = [Paragraph(" ".join(line.text.split()), 1, [1]) for line in lines]
            current = None
            continue
        if found is not None:
            kind, line = found
            current = Section(kind, " ".join(line.text.split()), page.number)
            sections.append(current)
            lines = [ln for ln in lines if ln is not line]
        elif current is None:
            if any(title_on_line(line.text) for line in lines[:3]):
                continue
            current = Section("unknown", "", page.number)
            sections.append(current)
        for text, number in _paragraphs(lines, page):
            last = current.paragraphs[-1] if current.paragraphs else None
            if (
                last is not None
                and last.pages[-1] == number - 1
                and not last.text.endswith(tuple(_SENTENCE_END))
                and not ITEM_START.match(text)
            ):
                last.text += text  # a paragraph that runs over the page break
                last.pages.append(number)
                continue
            current.paragraphs.append(Paragraph(text, number, [number]))
    return sections
