"""Shared fixtures: a writable copy of the bundled data package and a way to change it."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from budgetlib.load import bundled_data_dir


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the bundled data package in a temporary folder."""
    target = tmp_path / "data"
    shutil.copytree(bundled_data_dir(), target)
    return target


def set_cell(data_dir: Path, table: str, row: int, column: str, value: str) -> None:
    """Set one cell of ``table``.csv (``row`` counts data rows from 1)."""
    path = data_dir / f"{table}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        records = list(csv.DictReader(handle))
    records[row - 1][column] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(records[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(records)


@pytest.fixture
def edit(data_copy: Path) -> Callable[[str, int, str, str], Path]:
    """Change one cell of the copied package and return the package folder."""

    def _edit(table: str, row: int, column: str, value: str) -> Path:
        set_cell(data_copy, table, row, column, value)
        return data_copy

    return _edit
