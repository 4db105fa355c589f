"""The shape of a descriptor, checked before any table is read: what budgetlib reads of the Data
Package and Table Schema standards, with the type each key must have.

A key that would change how a table is read and that budgetlib does not implement is refused by
name, never silently ignored: a field's ``format`` (other than ``default``), ``decimalChar``
other than ".", a ``groupChar``, ``bareNumber`` false, a resource's ``dialect`` other than plain
CSV, ``compression``, an ``encoding`` other than UTF-8, a schema's ``uniqueKeys``. A resource's
``bytes`` and ``hash`` are checked against its file. Package metadata budgetlib does not read
(``keywords``, ``homepage``…) is left alone, as the standard allows. Every problem is one
:class:`DataError` naming the key.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from budgetlib.errors import DataError

TYPES = ("string", "integer", "number", "date", "boolean")
CONSTRAINTS = ("required", "unique", "enum", "pattern", "minimum", "maximum", "minLength", "maxLength")
TEXT_KEYS = ("title", "description", "unit", "origin", "columnType", "example", "rdfType")
FIELD_KEYS = {
    "name", "type", "format", "constraints", "trueValues", "falseValues", "categoriesOrdered",
    "decimalChar", "groupChar", "bareNumber", *TEXT_KEYS,
}  # fmt: skip
SCHEMA_KEYS = {"fields", "primaryKey", "foreignKeys", "missingValues"}
RESOURCE_KEYS = {
    "name", "path", "schema", "profile", "title", "description", "format", "mediatype", "encoding",
    "dialect", "bytes", "hash", "sources", "licenses", "scheme", "type",
}  # fmt: skip
# The CSV dialect budgetlib reads; a dialect may restate these, nothing else.
PLAIN_CSV = {
    "delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True, "skipInitialSpace": False,
    "lineTerminator": ("\r\n", "\n"), "csvddfVersion": ("1.0", "1.2"), "caseSensitiveHeader": False,
}  # fmt: skip
PACKAGE_TEXT = (
    "profile", "name", "title", "description", "amountUnit", "amountUnit_en", "currency", "version", "budgetKind",
    "importReport", "importedFrom",
)  # fmt: skip


def check_descriptor(descriptor: Any, data_dir: Path, shown: str) -> None:
    """Refuse a descriptor (parsed JSON) that is not of the shape budgetlib reads, naming the key."""
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        raise DataError(shown, "not a data package", expected="a JSON object with a list of resources")
    for key in PACKAGE_TEXT:
        _expect(descriptor, key, str, "text", shown, key)
    kind = descriptor.get("budgetKind")
    if kind is not None and kind not in ("department", "unit"):
        raise DataError(
            shown, "budgetKind is neither department nor unit", expected="department (部门预算) or unit (单位预算)",
            found=repr(kind),
        )  # fmt: skip
    year = descriptor.get("fiscalYear")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        raise DataError(shown, "fiscalYear is not a year", expected="a whole number such as 2020", found=repr(year))
    department = descriptor.get("department")
    if department is not None:
        _text_values(department, shown, "department")
    for key in ("sources", "licenses"):
        entries = descriptor.get(key)
        if entries is None:
            continue
        if not isinstance(entries, list):
            raise DataError(shown, f"{key} is not a list", expected='a list of objects, such as [{"title": ...}]')
        for number, entry in enumerate(entries, start=1):
            _text_values(entry, shown, f"{key} {number}")
    names = set()
    for number, resource in enumerate(descriptor["resources"], start=1):
        check_resource(resource, number, data_dir, shown)
        if resource["name"] in names:
            raise DataError(shown, f"resource {number}: the name {resource['name']} is used twice")
        names.add(resource["name"])


def check_resource(resource: Any, number: int, data_dir: Path, shown: str) -> None:
    """Refuse a resource that is not an object with a name, a path inside the package folder and a
    schema of the shape budgetlib reads.

    >>> check_resource({"name": "units", "path": "../units.csv", "schema": {"fields": []}}, 1, Path("data"),
    ...                "data/datapackage.json")
    Traceback (most recent call last):
    ...
    budgetlib.errors.DataError: data/datapackage.json: resource 1 (units): its path leaves the package folder: ...
    """
    if not isinstance(resource, dict):
        raise DataError(
            shown, f"resource {number} is not an object", expected='{"name": ..., "path": ..., "schema": ...}',
            found=repr(resource)[:60],
        )  # fmt: skip
    name = resource.get("name")
    if not isinstance(name, str) or not name:
        raise DataError(shown, f"resource {number} has no name", expected='a "name" such as "units"')
    where = f"resource {number} ({name})"
    path = resource.get("path")
    if not isinstance(path, str) or not path:
        raise DataError(shown, f"{where} has no path", expected=f'a "path" to its CSV file, such as "{name}.csv"',
                        found=None if path is None else repr(path))  # fmt: skip
    inside = data_dir.resolve()
    if Path(path).is_absolute() or "\\" in path or not (inside / path).resolve().is_relative_to(inside):
        raise DataError(
            shown, f"{where}: its path leaves the package folder",
            expected=f"a file name relative to the folder, such as {name}.csv", found=repr(path),
        )  # fmt: skip
    _refuse_unknown(resource, RESOURCE_KEYS, shown, where)
    for key in ("profile", "title", "description"):
        _expect(resource, key, str, "text", shown, f"{where}: {key}")
    _expect_one_of(resource, "format", ("csv",), shown, where)
    _expect_one_of(resource, "mediatype", ("text/csv",), shown, where)
    _expect_one_of(resource, "encoding", ("utf-8", "utf8", "utf-8-sig"), shown, where)
    _expect_one_of(resource, "scheme", ("file",), shown, where)
    _expect_one_of(resource, "type", ("table",), shown, where)
    _check_dialect(resource.get("dialect"), shown, where)
    schema = resource.get("schema")
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
        raise DataError(shown, f"{where} has no schema", expected='a "schema" with a list of "fields"')
    _refuse_unknown(schema, SCHEMA_KEYS, shown, f"{where}: schema")
    for field in schema["fields"]:
        check_field(field, name, shown)
    _check_keys(schema, [field["name"] for field in schema["fields"]], shown, where)
    _check_integrity(resource, data_dir / path, shown, where)


def check_field(field: Any, table: str, descriptor: str) -> None:
    """Refuse a field this reader cannot enforce: an unknown type, constraint or key, a malformed one.

    >>> check_field({"name": "x", "type": "number", "constraints": {"multipleOf": 5}}, "t", "datapackage.json")
    Traceback (most recent call last):
    ...
    budgetlib.errors.DataError: datapackage.json: resource t, field x: unsupported constraint 'multipleOf': ...
    >>> check_field({"name": "x", "type": "number", "groupChar": ","}, "t", "datapackage.json")
    Traceback (most recent call last):
    ...
    budgetlib.errors.DataError: datapackage.json: resource t, field x: unsupported groupChar ',': ...
    """
    if not isinstance(field, dict) or not isinstance(field.get("name"), str):
        raise DataError(descriptor, f"resource {table}: a field without a name", expected='{"name": ..., "type": ...}')
    where = f"resource {table}, field {field['name']}"
    kind = field.get("type", "string")
    if kind not in TYPES:
        raise DataError(
            descriptor, f"{where}: unsupported type", expected="one of " + ", ".join(TYPES), found=repr(kind)
        )
    _refuse_unknown(field, FIELD_KEYS, descriptor, where)
    for key in TEXT_KEYS:
        _expect(field, key, str, "text", descriptor, f"{where}: {key}")
    _expect(field, "categoriesOrdered", bool, "true or false", descriptor, f"{where}: categoriesOrdered")
    for key, default, meaning in (
        ("format", "default", "the default format (ISO dates, plain numbers)"),
        ("decimalChar", ".", 'the default "." (budgetlib reads numbers with a decimal point)'),
        ("bareNumber", True, "true (budgetlib reads numbers without currency signs or percent)"),
    ):
        if key in field and field[key] != default:
            raise DataError(descriptor, f"{where}: unsupported {key} {field[key]!r}", expected=meaning)
    if "groupChar" in field:
        raise DataError(
            descriptor, f"{where}: unsupported groupChar {field['groupChar']!r}",
            expected="numbers without thousands separators (remove the key)",
        )  # fmt: skip
    for key in ("trueValues", "falseValues"):
        values = field.get(key)
        if values is not None and (not isinstance(values, list) or not all(isinstance(v, str) for v in values)):
            raise DataError(descriptor, f"{where}: {key} is not a list of text", found=repr(values)[:60])
    _check_constraints(field.get("constraints", {}), kind, descriptor, where)


def _check_constraints(constraints: Any, kind: str, descriptor: str, where: str) -> None:
    if not isinstance(constraints, dict):
        raise DataError(descriptor, f"{where}: constraints are not an object", found=repr(constraints))
    for name, value in constraints.items():
        if name not in CONSTRAINTS:
            raise DataError(
                descriptor, f"{where}: unsupported constraint {name!r}", expected="one of " + ", ".join(CONSTRAINTS)
            )
        bounded = kind in ("integer", "number") and name in ("minimum", "maximum")
        length = name in ("minLength", "maxLength")
        if (bounded or length) and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise DataError(descriptor, f"{where}: constraint {name} is not a number", found=repr(value))
        if name in ("minimum", "maximum") and not bounded:
            raise DataError(
                descriptor, f"{where}: constraint {name} on a {kind} field", expected="an integer or number field"
            )
        if name in ("required", "unique") and not isinstance(value, bool):
            raise DataError(descriptor, f"{where}: constraint {name} is not true or false", found=repr(value))
        if name == "enum" and not isinstance(value, list):
            raise DataError(descriptor, f"{where}: constraint enum is not a list", found=repr(value))
        if name == "pattern":
            try:
                re.compile(value)
            except (re.error, TypeError):
                raise DataError(
                    descriptor, f"{where}: constraint pattern is not a regular expression", found=repr(value)
                ) from None


def _check_keys(schema: dict[str, Any], names: list[str], shown: str, where: str) -> None:
    """The primary key names columns of the table; each foreign key has the form Table Schema gives."""
    key = schema.get("primaryKey", [])
    columns = [key] if isinstance(key, str) else key
    if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns):
        raise DataError(shown, f"{where}: primaryKey is not a column name or a list of them", found=repr(key)[:60])
    missing = schema.get("missingValues", [""])
    if not isinstance(missing, list) or not all(isinstance(v, str) for v in missing):
        raise DataError(shown, f"{where}: missingValues is not a list of text", found=repr(missing)[:60])
    foreign = schema.get("foreignKeys", [])
    if not isinstance(foreign, list):
        raise DataError(shown, f"{where}: foreignKeys is not a list", found=repr(foreign)[:60])
    for entry in foreign:
        reference = entry.get("reference") if isinstance(entry, dict) else None
        if not isinstance(reference, dict) or "fields" not in entry or not {"resource", "fields"} <= set(reference):
            raise DataError(
                shown, f"{where}: a foreign key is not of the form Table Schema gives",
                expected='{"fields": ..., "reference": {"resource": ..., "fields": ...}}', found=repr(entry)[:80],
            )  # fmt: skip
        for value in (entry["fields"], reference["fields"]):
            if not isinstance(value, str) and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                raise DataError(shown, f"{where}: a foreign key's fields are not column names", found=repr(value)[:60])
        if not isinstance(reference["resource"], str):
            raise DataError(shown, f"{where}: a foreign key's resource is not a name", found=repr(reference)[:60])


def _check_dialect(dialect: Any, shown: str, where: str) -> None:
    if dialect is None:
        return
    if not isinstance(dialect, dict):
        raise DataError(shown, f"{where}: dialect is not an object", found=repr(dialect)[:60])
    for key, value in dialect.items():
        allowed = PLAIN_CSV.get(key)
        if allowed is None or value not in (allowed if isinstance(allowed, tuple) else (allowed,)):
            raise DataError(
                shown, f"{where}: unsupported dialect {key} {value!r}",
                expected="plain CSV: comma-separated, double quotes, a header row (remove the dialect)",
            )  # fmt: skip


def _check_integrity(resource: dict[str, Any], path: Path, shown: str, where: str) -> None:
    """A resource's ``bytes`` and ``hash``, where given, describe its file as it is."""
    size, digest = resource.get("bytes"), resource.get("hash")
    if size is None and digest is None:
        return
    try:
        raw = path.read_bytes()
    except OSError:
        return  # reading the table names the file
    if size is not None and size != len(raw):
        raise DataError(shown, f"{where}: bytes does not match its file", expected=repr(size), found=str(len(raw)))
    if digest is not None:
        algorithm, _, value = str(digest).rpartition(":")
        algorithm = algorithm or "md5"
        if algorithm not in hashlib.algorithms_guaranteed:
            raise DataError(shown, f"{where}: unsupported hash algorithm {algorithm!r}", expected="md5 or sha256")
        if hashlib.new(algorithm, raw).hexdigest() != value.lower():
            raise DataError(shown, f"{where}: hash does not match its file", expected=str(digest))


def _refuse_unknown(entry: dict[str, Any], known: set[str], shown: str, where: str) -> None:
    unknown = sorted(set(entry) - known)
    if unknown:
        raise DataError(
            shown,
            f"{where}: unsupported key {unknown[0]!r}",
            expected="keys budgetlib reads: " + ", ".join(sorted(known)),
        )


def _expect(entry: dict[str, Any], key: str, kind: type, meaning: str, shown: str, where: str) -> None:
    value = entry.get(key)
    if value is not None and (not isinstance(value, kind) or (kind is not bool and isinstance(value, bool))):
        raise DataError(shown, f"{where} is not {meaning}", found=repr(value)[:60])


def _expect_one_of(entry: dict[str, Any], key: str, allowed: tuple[str, ...], shown: str, where: str) -> None:
    value = entry.get(key)
    if value is not None and (not isinstance(value, str) or value.lower() not in allowed):
        raise DataError(shown, f"{where}: unsupported {key} {value!r}", expected=" or ".join(allowed))


def _text_values(entry: Any, shown: str, where: str) -> None:
    if not isinstance(entry, dict) or not all(isinstance(v, str) for v in entry.values()):
        raise DataError(shown, f"{where} is not an object of text values", expected='{"name_zh": "...", ...}',
                        found=repr(entry)[:60])  # fmt: skip
