"""What a briefing document is written with: paragraphs in named styles, native tables whose header
row repeats on every page, pictures at the text width with their alt text, page numbers, and the
file's bytes, the same for the same document.

Text carries no direct formatting: each paragraph names its style (:mod:`budgetlib.document.typography`),
so a person restyles the whole document by changing a style.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Emu

from budgetlib.charts.layout import pieces
from budgetlib.charts.layout import text_width as measured
from budgetlib.document.typography import TABLE_STYLE
from budgetlib.files import office_file
from budgetlib.words.wording import OFFICE_LANG, Lang

EMU_PER_TWIP, EMU_PER_POINT = 635, 12700
CELL_MARGINS = 2 * 108 / 20  # points: a table cell's margins left and right, as Word sets them
SHORT_TERM = 7  # a Chinese term of up to this many characters stays on one line
SLACK = 1.02  # measured in the charts' fonts (a CJK character is 1 em in every face): room for rounding


def _size(style: Any) -> float:
    """The font size of ``style`` in points, as it inherits it (10.5 where no style says)."""
    while style is not None:
        if style.font.size is not None:
            return style.font.size.pt
        style = style.base_style
    return 10.5


def text_width(document: Any) -> int:
    """The width of the text between the margins of the document's last section, in EMU."""
    section = document.sections[-1]
    return int(section.page_width - section.left_margin - section.right_margin - (section.gutter or 0))


def paragraph(document: Any, text: str, style: str = "Body Text") -> Any:
    return document.add_paragraph(text, style=style)


def heading(document: Any, text: str, level: int = 1) -> Any:
    """A heading in the style ``Heading <level>`` (``Title`` at level 0)."""
    return document.add_paragraph(text, style="Title" if level == 0 else f"Heading {level}")


def bullets(document: Any, items: Sequence[str]) -> None:
    for item in items:
        document.add_paragraph(item, style="List Bullet")


def column_widths(header: Sequence[str], rows: Sequence[Sequence[str]], width: float, points: float) -> list[float]:
    """The widths of a table's columns (points) across ``width`` points, as a browser's automatic
    table layout sets them: each at least as wide as the widest text that must stay on one line (a
    word, a number, a short Chinese header), and the room left shared out by how much wider each
    column's longest text would be on one line. Text measured in the charts' fonts at ``points``.

    >>> [round(w) for w in column_widths(["No.", "Line"], [["1", "Safety review of hazardous-chemicals"]], 200, 10)]
    [28, 172]
    """
    least, most = [], []
    for c, title in enumerate(header):
        texts = [title, *(str(row[c]) for row in rows)]
        kept = [piece for text in texts for piece in _unbroken(text)]
        least.append(max(measured(piece, points) for piece in kept) * SLACK + CELL_MARGINS)
        most.append(max(measured(text, points) for text in texts) * SLACK + CELL_MARGINS)
    room = width - sum(least)
    if room <= 0:
        return [width * each / sum(least) for each in least]
    wants = [m - lo for m, lo in zip(most, least, strict=True)]
    if sum(wants) > room:
        return [lo + room * want / sum(wants) for lo, want in zip(least, wants, strict=True)]
    spare = width - sum(most)
    return [m + spare * m / sum(most) for m in most]


def _unbroken(text: str) -> list[str]:
    """The pieces of ``text`` a line may not break inside: words and numbers; a short Chinese term
    (up to :data:`SHORT_TERM` characters, such as 警告 or 金额（万元）) as a whole."""
    if len(text) <= SHORT_TERM and re.search(r"[\u2e80-\u9fff]", text):
        return [text]
    return [piece.strip() for piece in pieces(text)]


def table(document: Any, header: Sequence[str], rows: Sequence[Sequence[str]],
          numeric: Sequence[bool] | None = None) -> Any:  # fmt: skip
    """A native table across the text width, its columns as wide as their text wants
    (:func:`column_widths`): the header row repeats at the top of every page the table runs onto,
    and no row breaks across pages. Text cells are in ``Table Text``, numbers (``numeric``
    columns) in ``Table Number``, the header in ``Table Heading``."""
    numeric = list(numeric or [False] * len(header))
    grid = document.add_table(rows=1 + len(rows), cols=len(header))
    grid.style = document.styles[TABLE_STYLE]
    grid.autofit = False
    width = text_width(document)
    points = _size(document.styles["Table Text"])
    widths = [Emu(int(w * EMU_PER_POINT)) for w in column_widths(header, rows, width / EMU_PER_POINT, points)]
    across = grid._tbl.tblPr.find(qn("w:tblW"))
    across.set(qn("w:w"), str(round(width / EMU_PER_TWIP)))
    across.set(qn("w:type"), "dxa")
    for column, each in zip(grid.columns, widths, strict=True):
        column.width = each
    for r, values in enumerate([header, *rows]):
        row = grid.rows[r]
        flags = row._tr.get_or_add_trPr()
        flags.append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))
        if r == 0:
            flags.append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
        for c, value in enumerate(values):
            cell = row.cells[c]
            cell.width = widths[c]
            style = "Table Heading" if r == 0 else "Table Number" if numeric[c] else "Table Text"
            cell.paragraphs[0].style = document.styles[style]
            cell.paragraphs[0].add_run(str(value))
    return grid


def picture(document: Any, png: bytes, alt: str, name: str) -> Any:
    """The PNG ``png`` at the text width in a paragraph of its own (style ``Figure``), with ``alt`` as
    its alt text (``wp:docPr/@descr``) and ``name`` as its name."""
    holder = document.add_paragraph(style="Figure")
    run = holder.add_run()
    run.add_picture(io.BytesIO(png), width=Emu(text_width(document)))
    properties = run._r.find(f".//{qn('wp:docPr')}")
    properties.set("name", name)
    properties.set("descr", alt)
    return holder


def page_numbers(document: Any) -> None:
    """The page number in the footer of every section whose footer says nothing yet (a reference
    document's own footer stays)."""
    for section in document.sections:
        footer = section.footer
        if not footer.is_linked_to_previous and footer._element.xpath(".//w:t | .//w:fldSimple | .//w:instrText"):
            continue
        footer.is_linked_to_previous = False
        line = footer.paragraphs[0]
        line.style = document.styles["Footer"]
        line._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'))


def document_file(document: Any, *, title: str, subject: str, lang: Lang) -> bytes:
    """``document`` as the bytes of a .docx: its properties fixed (title, subject, author
    ``budgetlib``, revision 1, no dates), its zip entries dated 1980-01-01, so the same document
    gives the same bytes."""
    return office_file(document, title=title, subject=subject, language=OFFICE_LANG[lang])
