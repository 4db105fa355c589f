"""Read many packages at once for a panel: only the tables and columns its measures use, through DuckDB.

Each package's descriptor is read and checked as :func:`budgetlib.load` checks it, and each table's
header too; then one DuckDB query per table reads the columns :data:`NEEDS` names from every
package's CSV file at once, as text, and each cell is typed and checked by the loader's own rules
(:func:`budgetlib.datapackage.schema.typed_column`), so bad input is one message naming the file,
row and column. What comes out is, per package, a :class:`~budgetlib.datapackage.Budget` holding
those columns only, which the measures of :mod:`budgetlib.analysis` read as they read a loaded one.
The other tables, and the keys between tables, are not read: ``budgetlib check --data DIR`` checks
a whole package.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from budgetlib.datapackage import Budget, read_form_descriptor
from budgetlib.datapackage.schema import read_header, read_table, typed_column
from budgetlib.errors import DataError, display_path

# The tables and columns the panel's measures read, of either form; a package has those its statement prints.
NEEDS: dict[str, tuple[str, ...]] = {
    "budget_overview": ("year", "spending_type", "spending_type_zh", "spending_type_en", "amount_10k_cny", "is_total"),
    "budget_changes": ("base_year", "year", "spending_type", "change_10k_cny"),
    "income_sources": ("year", "fin_source", "amount_10k_cny"),
    "operating_costs": ("year", "amount_10k_cny"),
    "three_public_expenses": ("year", "item", "amount_10k_cny", "change_from_previous_year_10k_cny"),
    "stated_totals": ("total_id", "amount_10k_cny"),
    "procurement_lines": (
        "line_no",
        "unit_code",
        "project_zh",
        "project_en",
        "item_zh",
        "item_en",
        "catalogue_code",
        "quantity",
        "measure_unit_zh",
        "measure_unit_en",
        "amount_10k_cny",
    ),
    "catalogue_categories": ("category", "category_zh", "category_en"),
    "project_target_tables": ("table_no",),
    "function_spending": (
        "table",
        "row_no",
        "code",
        "level",
        "name_zh",
        "name_en",
        "total",
        "basic",
        "project",
        "is_total",
    ),
    "economic_basic": ("row_no", "is_total", "personnel", "public"),
    "three_public_items": ("item", "item_zh", "item_en", "amount"),
    "summary_rows": ("table", "side", "row_no", "item", "item_zh", "item_en", "level", "column", "amount", "is_total"),
    "stated_figures": (
        "figure_no",
        "topic",
        "measure",
        "label_zh",
        "amount",
        "count",
        "change",
        "change_amount",
        "change_pct",
        "compared_with_zh",
        "reason_zh",
        "sentence_zh",
    ),
}
FILE_COLUMN = "budgetlib_file"  # the column DuckDB names each row's file in


@contextmanager
def connection(threads: int | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """An in-memory DuckDB database for reading; ``threads`` limits its threads (one per worker when
    several processes read at once)."""
    config = {"threads": threads} if threads else {}
    database = duckdb.connect(":memory:", config=config)
    try:
        yield database
    finally:
        database.close()


def read_budgets(paths: Sequence[Path], database: duckdb.DuckDBPyConnection) -> list[Budget]:
    """The packages at ``paths``, each as a Budget of the columns :data:`NEEDS` names, in order.
    Raises DataError on the first thing that cannot be read as the loader would."""
    descriptors = [read_form_descriptor(path) for path in paths]
    tables: list[dict[str, pd.DataFrame]] = [{} for _ in paths]
    for name, columns in NEEDS.items():
        having = [(i, r) for i, d in enumerate(descriptors) for r in d["resources"] if r["name"] == name]
        if not having:
            continue
        files = []
        for i, resource in having:
            path = paths[i] / resource["path"]
            read_header(path, display_path(path), [f["name"] for f in resource["schema"]["fields"]])
            files.append(path)
        rows = _query(database, files, columns, [(paths[i], r) for i, r in having])
        groups = dict(iter(rows.groupby(FILE_COLUMN, sort=False))) if len(rows) else {}
        for (i, resource), path in zip(having, files, strict=True):
            cells = groups.get(str(path.resolve()))
            tables[i][name] = _typed(cells, resource, columns, display_path(path))
    return [
        Budget(tables=table, descriptor=descriptor, data_dir=path)
        for table, descriptor, path in zip(tables, descriptors, paths, strict=True)
    ]


def _query(
    database: duckdb.DuckDBPyConnection, files: list[Path], columns: Sequence[str], packages: list[tuple[Path, dict]]
) -> pd.DataFrame:
    """The ``columns`` of every row of ``files``, as text, each row with its file; in the files' order."""
    select = ", ".join(f'"{column}"' for column in columns)
    query = (
        f"SELECT {FILE_COLUMN}, {select} FROM read_csv($files, all_varchar = true, header = true, "
        f"delim = ',', quote = '\"', escape = '\"', union_by_name = true, filename = '{FILE_COLUMN}')"
    )
    try:
        return database.execute(query, {"files": [str(path.resolve()) for path in files]}).df()
    except duckdb.Error as error:
        for folder, resource in packages:  # the loader's own reading names the file, row and column
            read_table(folder, resource)
        raise DataError(", ".join(display_path(p) for p in files[:3]), "cannot be read as CSV",
                        found=str(error).splitlines()[0]) from None  # fmt: skip


def _typed(cells: pd.DataFrame | None, resource: dict[str, Any], columns: Sequence[str], shown: str) -> pd.DataFrame:
    """The table's ``columns`` typed as the loader types them, its rows in the file's order (DuckDB keeps
    the order rows are read in), so that a bad cell is named by its row."""
    schema = resource["schema"]
    fields = {field["name"]: field for field in schema["fields"]}
    missing_values = set(schema.get("missingValues", [""]))
    return pd.DataFrame(
        {
            column: typed_column(
                [] if cells is None else ["" if pd.isna(v) else str(v) for v in cells[column]],
                fields[column],
                shown,
                missing_values,
            )
            for column in columns
        }
    )
