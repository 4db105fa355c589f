"""Bounds on what the reader will take on, so untrusted input cannot hang it.

A PDF is a compressed program: a few kilobytes can inflate to gigabytes (a
"zip bomb" content stream, a form XObject drawn a million times, a font that
decompresses without end), and a damaged file can send a parser round in
circles. Every bound here is checked before the work it guards, and a breach
is a :class:`~budgetlib.importers.pdf.errors.StatementError`, never a hang.

Why these numbers: the four real statements in the development set have
21–33 pages, are under 200 KB, have at most 51 KB of decompressed content per
page (≤ 1,400 characters and ≤ 140 ruled rectangles a page), and read in 1.5–4
seconds. A statement of a large department with every project page and an
annex runs to a few hundred pages and a few megabytes. Each default is at
least 40 times what a real statement needs, so none is ever near, while the
worst case they allow still reads in minutes on a 2-core machine, not hours.
"""

from __future__ import annotations

from dataclasses import dataclass

MiB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """The bounds one read runs under; pass your own to :func:`~budgetlib.importers.pdf.read_statement`
    to change them."""

    #: Largest file accepted (real statements: < 0.2 MB; scanned annexes rarely pass 20 MB).
    max_file_bytes: int = 64 * MiB
    #: Most pages accepted (real: 21–33; the largest departments' statements: a few hundred).
    max_pages: int = 2000
    #: Largest decompressed content of one page, its form XObjects counted as often as drawn
    #: (real: ≤ 51 KB; 4 MiB is ~80 times that and parses in well under a minute).
    max_page_content_bytes: int = 4 * MiB
    #: Largest decompressed content of the whole document (real: ≤ 0.6 MB).
    max_document_content_bytes: int = 64 * MiB
    #: Largest decompressed font or ToUnicode stream (an embedded full CJK font is ~10–20 MB).
    max_font_bytes: int = 48 * MiB
    #: Most characters on one page (real: ≤ 1,400; a dense A3 page of 8-point text: ~12,000).
    max_chars_per_page: int = 60_000
    #: Most lines, rectangles and curves on a page before table finding is skipped there
    #: (finding cells compares every horizontal edge with every vertical one; real: ≤ 140).
    max_graphics_per_page: int = 20_000
    #: Wall-clock budget of one read, checked between pages (real: ≤ 5 s).
    max_seconds: float = 300.0
    #: Deepest nesting of form XObjects followed when sizing a page.
    max_form_depth: int = 12


DEFAULT_LIMITS = Limits()
