"""The form packages share: every table budgetlib knows, each optional, each with its fields and types.

Two forms of statement make the tables: the bundled Hebei statement's own (``data/``: the budget
overview, procurement lines, asset categories, performance-target tables…) and the national
tables most statements print (``national.toml``: spending by functional classification, the
summaries, basic spending by economic classification, the three public expenses, the notes'
stated figures, the project pages). A package has the tables its statement prints; a table it
has must have every field of the form's table, of the same type (extra fields are allowed), and
an amount field of a national table names its unit. A table another names by foreign key must
be there too.
"""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import Any

from budgetlib.errors import DataError

NATIONAL = Path(__file__).resolve().parent / "national.toml"
AMOUNT_UNITS = {"元": "yuan", "千元": "1,000 yuan", "万元": "10,000 yuan", "亿元": "100 million yuan"}


@cache
def national() -> dict[str, Any]:
    """The descriptor of the national tables (``national.toml``), every resource of it."""
    from budgetlib.datapackage.descriptor import build

    return build(NATIONAL)


def national_resource(name: str, unit: str | None = None) -> dict[str, Any]:
    """The national table ``name`` as a package's descriptor holds it, its amounts in ``unit`` (as its
    table prints them: 元 or 万元); without ``unit``, the form's own (元 for tables, 万元 for figures
    the notes state)."""
    resource = copy.deepcopy(next(r for r in national()["resources"] if r["name"] == name))
    if unit is not None:
        for field in resource["schema"]["fields"]:
            if field.get("unit") in AMOUNT_UNITS:
                field["unit"] = unit
    return resource


@cache
def national_names() -> frozenset[str]:
    """The names of the national tables (``national.toml``)."""
    return frozenset(resource["name"] for resource in national()["resources"])


def package_unit(resource: dict[str, Any]) -> str | None:
    """The unit a national table's amounts are printed in (its amount fields'), or None."""
    return next((f["unit"] for f in resource["schema"]["fields"] if f.get("unit") in AMOUNT_UNITS), None)


def form_table(name: str, unit: str | None, known: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Table ``name`` as the form defines it, a copy: a national table with its amounts in ``unit``,
    another as ``known`` (:func:`known_resources`) holds it."""
    return national_resource(name, unit) if name in national_names() else copy.deepcopy(known[name])


def known_resources(bundled: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every table of the form, by name: the bundled descriptor's and the national ones."""
    return {resource["name"]: resource for resource in [*bundled["resources"], *national()["resources"]]}


def check_same_form(descriptor: dict[str, Any], bundled: dict[str, Any], path: str) -> None:
    """Require each table of ``descriptor`` that the form knows to have the form's fields and types,
    a unit on each amount of a national table, the tables its foreign keys name, and at least one
    table the form knows. Extra tables and extra fields are allowed."""
    known = known_resources(bundled)
    names = {resource.get("name") for resource in descriptor["resources"]}
    if not names & set(known):
        raise DataError(path, "holds none of the tables budgetlib reads", expected="one of " + ", ".join(sorted(known)))
    for resource in descriptor["resources"]:
        form = known.get(resource["name"])
        if form is None:
            continue
        fields = {f["name"]: f for f in resource["schema"]["fields"]}
        for wanted in form["schema"]["fields"]:
            name = wanted["name"]
            if name not in fields:
                raise DataError(path, f"resource {resource['name']} has no field {name}", expected="the form's fields")
            kind, wanted_kind = fields[name].get("type", "string"), wanted.get("type", "string")
            if kind != wanted_kind:
                raise DataError(path, f"resource {resource['name']}, field {name} has the wrong type",
                                expected=wanted_kind, found=kind)  # fmt: skip
            unit = fields[name].get("unit")
            if wanted.get("unit") in AMOUNT_UNITS and unit not in AMOUNT_UNITS:
                raise DataError(path, f"resource {resource['name']}, field {name} names no unit",
                                expected="one of " + ", ".join(AMOUNT_UNITS), found=repr(unit))  # fmt: skip
        for key in resource["schema"].get("foreignKeys", []):
            target = key["reference"]["resource"] or resource["name"]
            if target not in names:
                raise DataError(path, f"resource {target} is missing",
                                expected=f"the table {resource['name']} refers to by {key['fields']}")  # fmt: skip
