"""The one exception the reader raises for input it cannot or will not read.

A published PDF is untrusted input. Whatever goes wrong inside the PDF libraries
(a damaged cross-reference table, a password, a decompression bomb, no text
layer), the caller sees a single exception class with a one-line message that
names the file, the page where known, the problem, and what was expected and
found: a :class:`~budgetlib.errors.DataError`, as a workbook's or a package's
problems are, so the command line says it in one line and exits 2.
"""

from __future__ import annotations

import os

from budgetlib.errors import DataError


def _one_line(value: object) -> str:
    """Return ``value`` as text on one line, whitespace runs collapsed."""
    return " ".join(str(value).split())


class StatementError(DataError):
    """A statement PDF could not be read, or was refused before reading.

    >>> print(StatementError("a/b.pdf", "content stream too large", page=3, expected="at most 4 MiB", found="9 MiB"))
    b.pdf, page 3: content stream too large: expected at most 4 MiB, found 9 MiB
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        problem: str,
        page: int | None = None,
        expected: object | None = None,
        found: object | None = None,
    ) -> None:
        self.path = os.fspath(path)
        self.page = page
        super().__init__(
            os.path.basename(self.path) or self.path,
            _one_line(problem),
            expected=None if expected is None else _one_line(expected),
            found=None if found is None else _one_line(found),
        )

    def where(self) -> list[str]:
        """The file, then the page where known."""
        return [self.file] + ([f"page {self.page}"] if self.page is not None else [])

    def __reduce__(self):  # keep the exception picklable across processes
        return (type(self), (self.path, self.problem, self.page, self.expected, self.found))
