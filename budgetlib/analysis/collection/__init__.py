"""Many statements at once: a collection of packages across years and departments.

:func:`load_collection` finds the packages (folders, or a list file), reads the panel from their CSV
files through DuckDB, only the tables and columns the measures use, in parts that can run in worker
processes or on a Dask cluster, and gives a :class:`Collection`: ``statements`` (one row per package:
department as published, kind of budget, year, and the measures that mean the same in either form,
in 万元, NaN where a statement gives none), ``functions`` (spending by functional class) and
``changes`` (what each statement states of the previous year). Across years:
:func:`~budgetlib.analysis.collection.years.series` and
:func:`~budgetlib.analysis.collection.years.comparisons`; across departments:
:func:`~budgetlib.analysis.collection.departments.ranking`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from budgetlib.analysis.collection.departments import RATIOS, function_shares, ranking, ratio
from budgetlib.analysis.collection.fanout import read_panel
from budgetlib.analysis.collection.find import find_packages, package_names
from budgetlib.analysis.collection.panel import AMOUNTS, MEASURES, UNIT, UNIT_EN, Part
from budgetlib.analysis.collection.years import DEPARTMENT, comparisons, series, with_years


@dataclass(frozen=True)
class Collection:
    """A collection's panel: ``statements``, ``functions`` and ``changes`` (see the module), each frame's
    ``attrs`` holding the unit (``unit_zh``, ``unit_en``) and how many statements it is of."""

    statements: pd.DataFrame
    functions: pd.DataFrame
    changes: pd.DataFrame

    @property
    def part(self) -> Part:
        return Part(self.statements, self.functions, self.changes)

    def comparisons(self) -> pd.DataFrame:
        """The stated changes beside the published figures (:func:`.years.comparisons`)."""
        return _attrs(comparisons(self.part), self)

    def series(self) -> pd.DataFrame:
        """The measures of each department by year (:func:`.years.series`)."""
        return _attrs(series(self.statements), self)

    def years(self, measure: str = "total") -> pd.DataFrame:
        """The series of ``measure`` for the departments with statements of more than one year."""
        several = with_years(self.statements)
        frame = series(several, [measure])
        return _attrs(frame, self)

    def ranking(self, name: str, year: int | None = None) -> pd.DataFrame:
        """The departments ranked by a ratio (:func:`.departments.ranking`)."""
        return _attrs(ranking(self.statements, name, year), self)

    def function_shares(self, year: int | None = None) -> pd.DataFrame:
        """Each department's spending by functional class (:func:`.departments.function_shares`)."""
        return _attrs(function_shares(self.statements, self.functions, year), self)


def _attrs(frame: pd.DataFrame, collection: Collection) -> pd.DataFrame:
    frame.attrs = {**collection.statements.attrs, **frame.attrs}
    return frame


def load_collection(
    packages: Sequence[str | Path], *, list_file: str | Path | None = None, jobs: int = 1, client: Any = None
) -> Collection:
    """The collection of the packages ``packages`` and ``list_file`` name (:func:`find_packages`), its
    panel read in ``jobs`` processes or on the Dask cluster of ``client``. Raises DataError on a
    folder that holds no package and on any package that cannot be read.

    >>> from budgetlib.datapackage import bundled_data_dir
    >>> collection = load_collection([bundled_data_dir()])
    >>> collection.statements[["total", "three_public", "personnel"]].values.tolist()
    [[861.04, 0.0, nan]]
    """
    paths = find_packages(packages, list_file)
    part = read_panel(paths, package_names(paths), jobs=jobs, client=client)
    about = {
        "unit_zh": UNIT,
        "unit_en": UNIT_EN,
        "statements": len(part.statements),
        "departments": int(part.statements.groupby(DEPARTMENT).ngroups),
        "years": sorted(int(y) for y in part.statements["fiscal_year"].unique()),
        "titles": part.statements["source_zh"].tolist(),
    }
    for frame in (part.statements, part.functions, part.changes):
        frame.attrs.update(about)
    return Collection(part.statements, part.functions, part.changes)


__all__ = [
    "AMOUNTS",
    "MEASURES",
    "RATIOS",
    "Collection",
    "find_packages",
    "load_collection",
    "package_names",
    "ratio",
    "with_years",
]
