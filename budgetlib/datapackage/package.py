"""Load a budget data package: find it, read its descriptor, read and cross-check its tables."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from budgetlib.datapackage.form import check_same_form
from budgetlib.datapackage.profile import check_descriptor
from budgetlib.datapackage.schema import read_table
from budgetlib.errors import DataError, display_path

DESCRIPTOR = "datapackage.json"


def bundled_dir(name: str, marker: str) -> Path:
    """A folder shipped with budgetlib, found by a file ``marker`` inside it.

    An installed wheel carries it inside the package (``budgetlib/<name>``); a source
    checkout or editable install keeps it at the repository's top (``<name>/``).
    """
    here = Path(__file__).resolve().parents[1]
    for candidate in (here / name, here.parent / name):
        if (candidate / marker).is_file():
            return candidate
    raise DataError(here, f"the bundled {name} folder is missing", expected=f"{marker} in {here.parent / name}")


def bundled_data_dir() -> Path:
    """The folder of the bundled 2020 statement."""
    return bundled_dir("data", DESCRIPTOR)


@dataclass(frozen=True, repr=False)
class Budget:
    """A loaded data package: its tables as typed DataFrames and its descriptor.

    Tables are reached by name, as attributes or items: ``budget.procurement_lines``
    or ``budget["procurement_lines"]``.
    """

    tables: dict[str, pd.DataFrame]
    descriptor: dict[str, Any]
    data_dir: Path

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    def __dir__(self) -> list[str]:
        """The tables beside the methods, so ``budget.<Tab>`` completes table names."""
        return sorted({*super().__dir__(), *self.__dict__.get("tables", {})})

    def __repr__(self) -> str:
        """A short summary: department, years, and each table with its rows.

        >>> print(repr(load()).splitlines()[0])
        Budget: 石家庄高新技术产业开发区应急管理局, 2019–2020, 20 tables
        """
        department = self.descriptor.get("department", {}).get("name_zh", self.data_dir.name)
        years = sorted({int(y) for frame in self.tables.values() if "year" in frame for y in frame["year"].dropna()})
        if not years and isinstance(self.descriptor.get("fiscalYear"), int):
            years = [self.descriptor["fiscalYear"]]
        span = f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "no year")
        width = max(map(len, self.tables), default=0)
        rows = [f"  {name:<{width}}  {len(frame):>4} rows" for name, frame in self.tables.items()]
        return "\n".join([f"Budget: {department}, {span}, {len(self.tables)} tables", *rows])

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(f"Budget has no table {name!r}; tables: {', '.join(tables)}")

    def spending(self, year: int, spending_type: str) -> float:
        """Budgeted spending of ``spending_type`` (basic, project or total) in ``year``, in 万元; NaN if absent.

        >>> load().spending(2019, "basic")
        327.56
        """
        overview = self.tables["budget_overview"]
        rows = overview[(overview["year"] == year) & (overview["spending_type"] == spending_type)]
        return float(rows["amount_10k_cny"].iloc[0]) if len(rows) else float("nan")

    def resource(self, name: str) -> dict[str, Any]:
        """The descriptor entry of table ``name`` (title, description, schema)."""
        return next(r for r in self.descriptor["resources"] if r["name"] == name)

    def has(self, *names: str) -> bool:
        """Whether the package has every table of ``names`` (a statement prints some tables only).

        >>> load().has("procurement_lines"), load().has("function_spending")
        (True, False)
        """
        return all(name in self.tables for name in names)

    def unit(self, table: str, field: str) -> str:
        """The unit the descriptor gives field ``field`` of ``table`` (元, 万元…), or "" without one.

        >>> load().unit("procurement_lines", "amount_10k_cny")
        '万元'
        """
        return next((f.get("unit", "") for f in self.resource(table)["schema"]["fields"] if f["name"] == field), "")


SUM_FLAGS = ("is_total", "is_of_which")  # rows that restate other rows: printed totals, "of which" rows


def summable(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``frame`` that may be summed: without the printed totals (``is_total``) and the
    "of which" rows (``is_of_which``) that restate other rows of the same table.

    >>> overview = load().budget_overview
    >>> len(overview), len(summable(overview)), float(summable(overview)["amount_10k_cny"].sum().round(2))
    (6, 4, 1528.29)
    """
    keep = pd.Series(True, index=frame.index)
    for flag in SUM_FLAGS:
        if flag in frame:
            keep &= ~frame[flag].fillna(False).astype(bool)
    return frame[keep]


def load(data_dir: str | Path | None = None) -> Budget:
    """Read, type and validate the data package in ``data_dir``.

    ``None`` means the bundled 2020 statement. Any folder with a ``datapackage.json``
    whose tables are tables of the form (:mod:`budgetlib.datapackage.form`: the bundled
    statement's, the national ones; a package has those its statement prints) works too.
    Raises :class:`DataError` on anything that does not match the form.

    >>> budget = load()
    >>> len(budget.project_target_tables), len(budget.project_indicators)
    (21, 66)
    """
    data_dir = bundled_data_dir() if data_dir is None else Path(data_dir)
    descriptor = read_form_descriptor(data_dir)
    tables = {resource["name"]: read_table(data_dir, resource) for resource in descriptor["resources"]}
    for resource in descriptor["resources"]:
        _check_foreign_keys(resource, tables, data_dir)
    return Budget(tables=tables, descriptor=descriptor, data_dir=data_dir)


def read_form_descriptor(data_dir: Path) -> dict[str, Any]:
    """The descriptor of the package in ``data_dir``, of the shape budgetlib reads and with tables of
    its form (:func:`~budgetlib.datapackage.form.check_same_form`); raises DataError otherwise."""
    descriptor = read_descriptor(data_dir)
    bundled = bundled_data_dir()
    if data_dir.resolve() != bundled.resolve():
        check_same_form(descriptor, _bundled_descriptor(bundled, (bundled / DESCRIPTOR).stat().st_mtime_ns),
                        display_path(data_dir / DESCRIPTOR))  # fmt: skip
    return descriptor


@functools.lru_cache(maxsize=2)
def _bundled_descriptor(folder: Path, modified: int) -> dict[str, Any]:
    """The bundled descriptor, read once while its file is unchanged (a collection checks thousands
    of packages against it). Callers only read it."""
    return read_descriptor(folder)


def read_descriptor(data_dir: Path) -> dict[str, Any]:
    """Parse ``data_dir/datapackage.json`` and check its shape (:mod:`budgetlib.datapackage.profile`),
    raising DataError when it is absent, not JSON, or not of the shape budgetlib reads."""
    path = data_dir / DESCRIPTOR
    shown = display_path(path)
    if data_dir.exists() and not data_dir.is_dir():
        raise DataError(
            display_path(data_dir),
            "not a folder",
            expected=f"a data package folder holding {DESCRIPTOR}",
            found="a file",
        )
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(shown, "file not found", expected=f"a data package folder holding {DESCRIPTOR}") from None
    except OSError as error:  # a folder named datapackage.json, no permission to read it
        raise DataError(shown, f"cannot be read ({error.strerror})", expected="a readable JSON file") from None
    except UnicodeDecodeError:
        raise DataError(shown, "not UTF-8 text", expected="a UTF-8 JSON file") from None
    except json.JSONDecodeError as error:
        raise DataError(
            shown, f"not valid JSON at line {error.lineno}, column {error.colno}", found=error.msg
        ) from None
    except RecursionError:
        raise DataError(
            shown, "nested too deeply to be a data package", expected="a descriptor of a few levels"
        ) from None
    check_descriptor(descriptor, data_dir, shown)
    return descriptor


def _check_foreign_keys(resource: dict[str, Any], tables: dict[str, pd.DataFrame], data_dir: Path) -> None:
    """Raise when a value refers to a row the referenced table does not have."""
    frame = tables[resource["name"]]
    for key in resource["schema"].get("foreignKeys", []):
        columns = key["fields"] if isinstance(key["fields"], list) else [key["fields"]]
        reference = key["reference"]
        target_name = reference["resource"] or resource["name"]
        target_columns = reference["fields"] if isinstance(reference["fields"], list) else [reference["fields"]]
        if target_name not in tables or not {*target_columns} <= {*tables[target_name]} or not {*columns} <= {*frame}:
            raise DataError(
                display_path(data_dir / DESCRIPTOR),
                f"resource {resource['name']}: a foreign key names a table or column the package does not have",
                expected="tables and columns of the package",
                found=f"{', '.join(columns)} → {target_name} ({', '.join(target_columns)})",
            )
        target = tables[target_name]
        known = set(target[target_columns].astype(object).itertuples(index=False, name=None))
        for row_no, values in enumerate(frame[columns].astype(object).itertuples(index=False, name=None), start=1):
            if any(pd.isna(v) for v in values) or values in known:
                continue
            target_file = f"{reference['resource'] or resource['name']}.csv"
            listed = ", ".join(sorted(str(k[0]) if len(k) == 1 else str(k) for k in known))
            raise DataError(
                display_path(data_dir / resource["path"]),
                "unknown reference",
                row=row_no,
                column=", ".join(columns),
                expected=f"a value listed in {target_file} ({listed})",
                found=repr(values[0] if len(values) == 1 else values),
            )
