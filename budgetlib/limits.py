"""How much of an input file budgetlib reads before it refuses it: limits a real statement never nears.

A file from a stranger is checked against these before it is read, so that a file made to
exhaust time or memory (a zip bomb, a sheet of a million stray rows) is refused in a moment,
not after minutes and gigabytes. Each value is far above what a statement needs and says
why. For scale, the bundled statement (20 tables, 217 data rows, the longest table 66 rows)
exports as a workbook of 110 KB, 90 zip members, 640 KB unpacked, its largest member (the
``project_indicators`` sheet) 120 KB, compressed 18 to 1 at most.

The entry workbook (:mod:`budgetlib.workbook.reader`); the zip's central directory is read
first, each sheet then streamed:

>>> WORKBOOK_MEMBER_BYTES // 2**20, SHEET_ROWS, SHEET_COLUMNS
(16, 10000, 256)
"""

from __future__ import annotations

MB = 2**20

WORKBOOK_FILE_BYTES = 32 * MB
"""The workbook file: 300 times the bundled statement's, room for a pasted picture or two.
A larger file is refused before its zip directory is read (a directory can list millions
of members)."""

WORKBOOK_MEMBERS = 10_000
"""Members of the zip: the bundled workbook has 90 (four per table: sheet, comments, their
drawing, links). Checked from the central directory."""

WORKBOOK_MEMBER_BYTES = 16 * MB
"""One member's size once unpacked, as the central directory declares it (unpacking never
gives more: a member that would is damaged, and refused as such). 130 times the bundled
statement's largest sheet; a table filled down to the last row its drop-down lists reach
(5,000 rows) is under 10 MB. Refuses a sheet of a million stray rows (tens of MB) or a
sharedStrings part of hundreds of MB before anything is unpacked."""

WORKBOOK_UNPACKED_BYTES = 32 * MB
"""All members together once unpacked: 50 times the bundled workbook's 640 KB, two sheets at
the limit above. What is within it is read in seconds: the slowest, a sheet of 16 MB of
empty formatted cells, streams in about ten seconds of CPU."""

WORKBOOK_COMPRESSION_RATIO = 100
"""Unpacked size over packed size, for a member of more than ``RATIO_FROM_BYTES``: XML
compresses 5 to 20 times (the bundled workbook's most, a comments drawing, 18); a member
that packs 100 times smaller is repetition made to be unpacked (deflate reaches 1,000)."""

RATIO_FROM_BYTES = 1 * MB
"""Small members are not held to the ratio: a few KB of repeated markup costs nothing."""

SHEET_ROWS = 10_000
"""The Excel row number a sheet's rows stop at: twice the 5,000 rows its drop-down lists and
checks reach (a range formatted that far down is written as rows of empty cells, and is
fine), 150 times the bundled statement's longest table. A sheet that declares more rows is
refused before its rows are read; a row past this one, with or without values, is refused
when it is met, without reading the rest."""

SHEET_COLUMNS = 256
"""Columns a sheet's cells stop at (IV, the old .xls limit): the widest table has 17, and a
value right of a table's columns is refused anyway; empty formatted cells up to here are
skipped."""

SHEET_XML_ELEMENTS_HELD = 100_000
"""XML elements of a sheet held in memory at once while it is streamed: each row, each cell
and each part of the sheet is let go once read, and none has more than a few hundred (a rich
text cell, a sheet's list of drop-down rules). Bounds a sheet of nested or repeated markup."""
