"""The exceptions budgetlib raises for a person to read: bad input, and a build that cannot finish."""

from __future__ import annotations

import functools
import signal
from pathlib import Path


class DataError(Exception):
    """Input that cannot be read as the data package promises.

    The message names the file and, where they apply, the row and column, what was
    expected and what was found, so it can be shown to a person as is:

    >>> print(DataError("data/units.csv", "bad code", row=2, column="unit_code",
    ...                 expected="six digits", found="'42'"))
    data/units.csv, row 2 (line 3), column unit_code: bad code: expected six digits, found '42'
    """

    def __init__(
        self,
        file: str | Path,
        problem: str,
        *,
        row: int | None = None,
        column: str | None = None,
        expected: str | None = None,
        found: str | None = None,
    ) -> None:
        self.file = str(file)
        self.problem = problem
        self.row = row
        self.column = column
        self.expected = expected
        self.found = found
        super().__init__(str(self))

    def __reduce__(self) -> tuple[object, ...]:
        """Pickled with every part of its message, so that one raised in a worker process reads the same."""
        details = {"row": self.row, "column": self.column, "expected": self.expected, "found": self.found}
        return functools.partial(DataError, **details), (self.file, self.problem)

    def where(self) -> list[str]:
        """The places the message names: the file, then the row and column where they apply."""
        where = [self.file]
        if self.row is not None:
            # Data rows count from 1; the header is line 1 of the file.
            where.append(f"row {self.row} (line {self.row + 1})")
        if self.column is not None:
            where.append(f"column {self.column}")
        return where

    def __str__(self) -> str:
        message = f"{', '.join(self.where())}: {self.problem}"
        if self.expected is not None:
            message += f": expected {self.expected}"
        if self.found is not None:
            message += f", found {self.found}"
        return message


class Interrupted(KeyboardInterrupt):
    """The process was asked to stop: Ctrl-C (SIGINT), ``kill`` or a scheduler (SIGTERM), a closed
    terminal (SIGHUP). Raised like Ctrl-C's KeyboardInterrupt, so every clean-up runs on the way out;
    the command exits with 128 + the signal's number."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


class ReportError(Exception):
    """A notebook failed, or the outputs cannot be written: names the notebook, the language,
    the cell and the error, or the folder and the reason."""


def display_path(path: Path) -> str:
    """``path`` as a person would type it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def cannot_write(error: OSError, what: str = "the outputs") -> str:
    """An OSError as one line, the path and the reason: ``cannot write out/reports: Permission
    denied``; ``what`` names the target when the error names no file."""
    where = display_path(Path(error.filename)) if error.filename else what
    return f"cannot write {where}: {error.strerror or error}"
