"""Read one CSV table of the data package and type it by its Table Schema.

Supported: the types string, integer, number, date and boolean, in Table Schema's lexical
forms (a number may be ``+5``, ``.5``, ``1e3``, ``NaN``, ``INF``); the constraints required,
unique, enum, pattern, minimum, maximum, minLength and maxLength; a primary key. What a
descriptor may say is checked before (:mod:`budgetlib.datapackage.profile`). A text cell
holding a control character other than tab and newline is refused. Every problem raises
:class:`DataError` naming the file, row and column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import pandas as pd

from budgetlib.errors import DataError, display_path

# Table Schema's lexical forms: an optional sign, digits, a decimal point, an exponent; and NaN, INF, -INF.
_INTEGER = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|NaN|INF|-INF")
# Control characters a text cell may not hold: all but tab and newline (a NUL breaks every XML output).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_EXPECTED_TYPE = {
    "integer": "a whole number",
    "number": "a number such as 12.5",
    "date": "a date as YYYY-MM-DD",
    "boolean": "true or false",
}
TRUE_VALUES, FALSE_VALUES = ["true", "True", "TRUE", "1"], ["false", "False", "FALSE", "0"]


def read_table(data_dir: Path, resource: dict[str, Any]) -> pd.DataFrame:
    """Read ``resource`` (a descriptor entry, its fields checked by ``read_descriptor``) from
    ``data_dir`` as a typed DataFrame.

    Columns come out in schema order: integers as int64 (Int64 when a value is
    missing), numbers as float64, dates as datetime64, enumerated strings as
    categoricals (ordered when the field says ``categoriesOrdered``), other strings
    as str. Empty cells are missing, never zero.
    """
    path = data_dir / resource["path"]
    shown = display_path(path)
    schema = resource["schema"]
    fields = schema["fields"]
    rows = _read_rows(path, shown, [f["name"] for f in fields])
    missing_values = set(schema.get("missingValues", [""]))
    columns = {field["name"]: _cells(rows[field["name"]], field, shown, missing_values) for field in fields}
    for field in fields:
        if field.get("constraints", {}).get("unique"):
            _check_unique(columns[field["name"]], field["name"], shown)
    frame = pd.DataFrame({field["name"]: _series(columns[field["name"]], field) for field in fields})
    _check_primary_key(frame, schema.get("primaryKey", []), shown)
    return frame


def typed_column(values: list[str], field: dict[str, Any], shown: str, missing_values: set[str]) -> pd.Series:
    """One column's cells as text (in the file's order, the first data row first), typed and checked
    as :func:`read_table` types and checks them: for a reader that takes some columns of a table
    only. Raises DataError naming ``shown``, the row and the column."""
    return _series(_cells(values, field, shown, missing_values), field)


def _cells(values: list[str], field: dict[str, Any], shown: str, missing_values: set[str]) -> list[Any]:
    return [_cell(value, field, shown, row_no, missing_values) for row_no, value in enumerate(values, start=1)]


def _check_unique(values: list[Any], name: str, shown: str) -> None:
    """Raise when two rows hold the same (non-missing) value of a field constrained ``unique``."""
    seen: dict[Any, int] = {}
    for row_no, value in enumerate(values, start=1):
        if value is None:
            continue
        if value in seen:
            raise DataError(
                shown,
                "duplicate value",
                row=row_no,
                column=name,
                expected="a value of its own (the column is unique)",
                found=f"{value!r}, as in row {seen[value]}",
            )
        seen[value] = row_no


def _read_rows(path: Path, shown: str, names: list[str]) -> dict[str, list[str]]:
    """Read the CSV text and return its cells by column name, after checking the header."""
    records = list(csv.reader(io.StringIO(_text(path, shown), newline="")))
    header, body = (records[0] if records else []), records[1:]
    check_header(header, names, shown)
    for row_no, record in enumerate(body, start=1):
        if len(record) != len(header):
            raise DataError(
                shown, "wrong number of cells", row=row_no, expected=str(len(header)), found=str(len(record))
            )
    position = {name: header.index(name) for name in names}
    return {name: [record[position[name]] for record in body] for name in names}


def _text(path: Path, shown: str, size: int = -1) -> str:
    """The file's text (its first ``size`` bytes, where given), UTF-8 with or without a byte-order mark."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(size)
    except FileNotFoundError:
        raise DataError(shown, "file not found", expected="the table named in datapackage.json") from None
    except OSError as error:
        raise DataError(shown, f"cannot be read ({error.strerror})") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if size > 0 and error.start > len(raw) - 4:  # a character cut at the end of what was read
            return raw[: error.start].decode("utf-8-sig")
        line = raw[: error.start].count(b"\n") + 1
        raise DataError(
            shown,
            f"line {line} is not UTF-8 text",
            expected="UTF-8 (save the file as 'CSV UTF-8')",
            found=f"byte 0x{raw[error.start]:02x}, as in GBK or another legacy encoding",
        ) from None


HEADER_BYTES = 64 * 1024  # more than any header of the form: its longest is under 400 bytes


def read_header(path: Path, shown: str, names: list[str]) -> list[str]:
    """The header of the CSV table at ``path``, checked as :func:`read_table` checks it: every column
    of ``names``, no other, none twice. For a reader that takes the rows some other way."""
    text = _text(path, shown, HEADER_BYTES)
    header = next(csv.reader(io.StringIO(text.split("\n", 1)[0].rstrip("\r"), newline="")), [])
    check_header(header, names, shown)
    return header


def check_header(header: list[str], names: list[str], shown: str) -> None:
    """Raise DataError unless ``header`` holds exactly the columns ``names`` (in any order), each once."""
    if not header or not any(cell.strip() for cell in header):
        raise DataError(shown, "file is empty", expected=f"a header row: {','.join(names)}")
    missing = [name for name in names if name not in header]
    if missing:
        raise DataError(
            shown,
            f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}",
            expected=f"columns {', '.join(names)}",
            found=f"columns {', '.join(header)}",
        )
    extra = [name for name in header if name not in names]
    if extra:
        raise DataError(shown, f"unexpected column {', '.join(extra)}", expected=f"only columns {', '.join(names)}")
    duplicated = sorted({name for name in header if header.count(name) > 1})
    if duplicated:
        raise DataError(shown, f"column {', '.join(duplicated)} appears more than once")


def _cell(value: str, field: dict[str, Any], shown: str, row_no: int, missing_values: set[str]) -> Any:
    """Convert one cell to its Python value, checking its type and constraints."""
    constraints = field.get("constraints", {})
    name = field["name"]

    def fail(expected: str) -> DataError:
        return DataError(shown, "invalid value", row=row_no, column=name, expected=expected, found=repr(value))

    if value in missing_values:
        if constraints.get("required"):
            raise fail("a value (the column is required)")
        return None
    kind = field.get("type", "string")
    if kind == "integer":
        if not _INTEGER.fullmatch(value):
            raise fail(_EXPECTED_TYPE[kind])
        converted: Any = int(value)
    elif kind == "number":
        if not _NUMBER.fullmatch(value):
            raise fail(_EXPECTED_TYPE[kind])
        converted = float(value)
    elif kind == "date":
        try:
            converted = dt.date.fromisoformat(value)
        except ValueError:
            raise fail(_EXPECTED_TYPE[kind]) from None
    elif kind == "boolean":
        true_values, false_values = field.get("trueValues", TRUE_VALUES), field.get("falseValues", FALSE_VALUES)
        if value not in true_values + false_values:
            raise fail(f"{true_values[0]} or {false_values[0]}")
        converted = value in true_values
    else:
        control = _CONTROL.search(value)
        if control:
            raise DataError(
                shown, "a control character in the text", row=row_no, column=name,
                expected="text without control characters (tab and newline allowed)",
                found=f"U+{ord(control.group()):04X} at character {control.start() + 1}",
            )  # fmt: skip
        converted = value
    if "enum" in constraints and converted not in constraints["enum"]:
        raise fail("one of " + ", ".join(map(str, constraints["enum"])))
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], value):
        raise fail(f"text matching {constraints['pattern']}")
    if "minimum" in constraints and converted < constraints["minimum"]:
        raise fail(f"at least {constraints['minimum']}")
    if "maximum" in constraints and converted > constraints["maximum"]:
        raise fail(f"at most {constraints['maximum']}")
    if "minLength" in constraints and len(value) < constraints["minLength"]:
        raise fail(f"at least {constraints['minLength']} characters")
    if "maxLength" in constraints and len(value) > constraints["maxLength"]:
        raise fail(f"at most {constraints['maxLength']} characters")
    return converted


def _series(values: list[Any], field: dict[str, Any]) -> pd.Series:
    """Build a column of the dtype the field's type implies."""
    kind = field.get("type", "string")
    enum = field.get("constraints", {}).get("enum")
    if kind == "integer":
        return pd.Series(values, dtype="Int64" if None in values else "int64")
    if kind == "number":
        return pd.Series([float("nan") if v is None else v for v in values], dtype="float64")
    if kind == "date":
        return pd.Series(pd.to_datetime(values))
    if kind == "boolean":
        return pd.Series(values, dtype="boolean" if None in values else "bool")
    if enum is not None:
        return pd.Series(pd.Categorical(values, categories=enum, ordered=bool(field.get("categoriesOrdered"))))
    return pd.Series(values, dtype="str")


def _check_primary_key(frame: pd.DataFrame, key: list[str] | str, shown: str) -> None:
    """Raise when two rows share a primary key, naming both rows."""
    key = [key] if isinstance(key, str) else key
    if not key:
        return
    unknown = [name for name in key if name not in frame]
    if unknown:
        raise DataError(shown, f"the primary key names no column {', '.join(unknown)}", expected="columns of the table")
    seen: dict[tuple, int] = {}
    for row_no, values in enumerate(frame[key].astype(object).itertuples(index=False, name=None), start=1):
        if values in seen:
            shown_key = ", ".join(f"{name}={value!r}" for name, value in zip(key, values, strict=True))
            raise DataError(
                shown,
                f"duplicate key ({shown_key})",
                row=row_no,
                column=", ".join(key),
                expected="each row to have its own key",
                found=f"the same key as row {seen[values]}",
            )
        seen[values] = row_no
